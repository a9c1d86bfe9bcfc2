"""Report forms not submitted, on the bottlenecks page (ADR 0017): for each form in use, its
latest period whose deadline has passed, the agencies that must report it and have not (within
the reader's jurisdiction), and the same a year earlier (then: the period a year before, not
submitted by the same moment a year ago)."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tuphap.core.bottlenecks import YEAR, Finding, Line
from tuphap.core.periods import Period
from tuphap.statistics.aggregate import permissions, selectors
from tuphap.statistics.aggregate.models import DataSet, FormReport

TOP = 5


def _due_period(data_set: DataSet, today: datetime.date) -> Period | None:
    for period in selectors.recent_periods(data_set, today, count=14):
        if selectors.deadline_of(data_set, period) < today:
            return period
    return None


def _missing(
    reader: Any, data_set: DataSet, period: Period, moment: datetime.datetime
) -> list[Any]:
    reporters = selectors.reporters_of(data_set, period)
    if reader is not None:
        reporters = selectors._visible_agencies(reader, reporters)
    submitted = FormReport.objects.filter(
        data_set=data_set, period=period.code, submitted_at__lte=moment
    )
    return list(reporters.exclude(pk__in=submitted.values("agency_id")))


def forms_missing(reader: Any, now: datetime.datetime) -> list[Finding]:
    if reader is not None and not (
        permissions.can_use(reader) and reader.role_set() & permissions.READER_ROLES
    ):
        return []
    today = timezone.localdate(now)
    findings = []
    for data_set in DataSet.objects.filter(active=True).order_by("code"):
        period = _due_period(data_set, today)
        if period is None:
            continue
        missing = _missing(reader, data_set, period, now)
        before = period.same_period_last_year()
        last_year = len(_missing(reader, data_set, before, now - YEAR))
        url = (
            f"{reverse('statistics:forms_completeness')}?"
            f"{urlencode({'data_set': data_set.code, 'period': period.code})}"
        )
        late_by = float((today - selectors.deadline_of(data_set, period)).days)
        findings.append(
            Finding(
                key=f"statistics.forms_missing.{data_set.code}",
                area=_("Report forms"),
                measure=_("Not submitted: %(form)s, %(period)s")
                % {"form": data_set.name, "period": period.label(get_language() or "vi")},
                count=len(missing),
                last_year=last_year,
                url=url,
                days_label=_("days past the deadline"),
                days=late_by if missing else None,
                lines=tuple(Line(agency.name, 1, late_by, url) for agency in missing[:TOP]),
            )
        )
    return findings
