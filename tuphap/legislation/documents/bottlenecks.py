"""The detailing "debt" on the bottlenecks page (ADR 0017): the confirmed detailing obligations
outstanding today and a year ago (``selectors.overdue_queryset`` on either day), by assignee,
the longest overdue first. Law is national: every reader sees the same debt."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.casework import deadlines
from tuphap.core.bottlenecks import YEAR, Finding, Line
from tuphap.legislation.documents import selectors

TOP = 5


def detailing_debt(reader: Any, now: datetime.datetime) -> list[Finding]:
    today = deadlines.local_date(now)
    groups = selectors.overdue_by_assignee(today)
    last_year = selectors.overdue_queryset(deadlines.local_date(now - YEAR)).count()
    url = f"{reverse('legislation:overdue')}?{urlencode({'on': today.isoformat()})}"
    return [
        Finding(
            key="legislation.detailing_debt",
            area=_("Law-making"),
            measure=_("Detailing documents overdue"),
            count=sum(group.count for group in groups),
            last_year=last_year,
            url=url,
            days_label=_("worst, days late"),
            days=max((group.oldest_days for group in groups), default=None),
            lines=tuple(
                Line(group.assignee, group.count, group.oldest_days, url) for group in groups[:TOP]
            ),
        )
    ]
