"""Letters not handled in time, on the bottlenecks page (ADR 0017): letters still unhandled
past the 10 working days of ``rules.handling_due`` (duplicates are not counted), now and at the
same moment a year ago, by the receiving agency."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.casework import deadlines
from tuphap.core.bottlenecks import YEAR, Finding, Line
from tuphap.oversight.reception import permissions, rules, selectors
from tuphap.oversight.reception.models import Letter

TOP = 5


def last_receipt_overdue(today: datetime.date) -> datetime.date:
    """The latest receipt day whose handling limit is already past on ``today``."""
    day = today
    while rules.handling_due(day) >= today:
        day -= datetime.timedelta(days=1)
    return day


def _late(letters: Any, day: datetime.date) -> Any:
    return letters.filter(duplicate_of__isnull=True, received_on__lte=last_receipt_overdue(day))


def letters_late(reader: Any, now: datetime.datetime) -> list[Finding]:
    if reader is not None and not permissions.can_read(reader):
        return []
    letters = Letter.objects.all() if reader is None else selectors.letters_for_user(reader)
    today = deadlines.local_date(now)
    then = deadlines.local_date(now - YEAR)
    rows = list(
        _late(letters, today)
        .filter(handled_on__isnull=True)
        .values_list("agency_id", "agency__name")
        .annotate(count=Count("id"), oldest=Min("received_on"))
        .order_by("-count", "oldest")
    )
    last_year = (
        _late(letters, then).filter(Q(handled_on__isnull=True) | Q(handled_on__gt=then)).count()
    )
    oldest = min((row[3] for row in rows), default=None)
    url = reverse("oversight:letter_queue")
    return [
        Finding(
            key="oversight.letters_late",
            area=_("Citizen reception and letters"),
            measure=_("Letters not handled within 10 working days"),
            count=sum(row[2] for row in rows),
            last_year=last_year,
            url=url,
            days_label=_("oldest, days since receipt"),
            days=float((today - oldest).days) if oldest else None,
            lines=tuple(
                Line(name, count, float((today - first).days), url)
                for _agency, name, count, first in rows[:TOP]
            ),
        )
    ]
