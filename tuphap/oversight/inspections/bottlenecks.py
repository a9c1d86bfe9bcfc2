"""Inspection recommendations not followed up, on the bottlenecks page (ADR 0017): open
recommendations past the day they were to be implemented by, now and a year ago (then: the
conclusion was issued, the day had passed, and it was still open or implemented after), by kind."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.casework import deadlines
from tuphap.core.bottlenecks import YEAR, Finding, Line
from tuphap.oversight.inspections import permissions, rules, selectors
from tuphap.oversight.inspections.models import Inspection, Recommendation


def recommendations_late(reader: Any, now: datetime.datetime) -> list[Finding]:
    if reader is not None and not permissions.can_read(reader):
        return []
    inspections = (
        Inspection.objects.all() if reader is None else selectors.visible_inspections(reader)
    )
    recommendations = Recommendation.objects.filter(inspection__in=inspections.values("pk"))
    today = deadlines.local_date(now)
    then = deadlines.local_date(now - YEAR)
    labels = dict(rules.RecommendationKind.choices)
    rows = list(
        recommendations.filter(status=rules.RecommendationStatus.OPEN, due_on__lt=today)
        .values_list("kind")
        .annotate(count=Count("id"), oldest=Min("due_on"))
        .order_by("-count", "oldest")
    )
    last_year = (
        recommendations.filter(inspection__conclusion_date__lte=then, due_on__lt=then)
        .filter(
            Q(status=rules.RecommendationStatus.OPEN)
            | Q(implemented_on__isnull=True)
            | Q(implemented_on__gt=then)
        )
        .count()
    )
    oldest = min((row[2] for row in rows), default=None)
    url = f"{reverse('oversight:inspection_recommendations')}?{urlencode({'open': '1'})}"
    return [
        Finding(
            key="oversight.recommendations_late",
            area=_("Inspections"),
            measure=_("Recommendations not implemented by their day"),
            count=sum(row[1] for row in rows),
            last_year=last_year,
            url=url,
            days_label=_("worst, days late"),
            days=float((today - oldest).days) if oldest else None,
            lines=tuple(
                Line(str(labels.get(kind, kind)), count, float((today - first).days), url)
                for kind, count, first in rows
            ),
        )
    ]
