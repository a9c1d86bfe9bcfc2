"""The statistics app's own indicator: the activity recorded in the audit trail.

It needs no register, so a fresh installation can refresh rollups and read a report end to
end. Registers declare theirs in their own ``indicators.py``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tuphap.accounts.models import Agency, AgencyLevel
from tuphap.core.models import AuditEvent
from tuphap.statistics.indicators import Aggregation, Indicator, SourceRow, TimeBehaviour, Unit
from tuphap.statistics.registry import registry


def _audit_actions(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
    """Audit rows per month and agency, placed in the agency's province; a national agency's
    (the ministry's) at central level."""
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    counts = (
        AuditEvent.objects.filter(
            occurred_at__gte=low, occurred_at__lt=high, agency_id__isnull=False
        )
        .annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        .values_list("month", "agency_id")
        .annotate(total=Count("id"))
        .order_by()
    )
    provinces = dict(Agency.objects.filter(province__isnull=False).values_list("id", "province_id"))
    national = set(
        Agency.objects.filter(level=AgencyLevel.NATIONAL, province__isnull=True).values_list(
            "id", flat=True
        )
    )
    for month, agency_id, total in counts:
        day = month.date() if isinstance(month, datetime.datetime) else month
        province = provinces.get(agency_id)
        if province is not None:
            yield day.replace(day=1), province, agency_id, total
        elif agency_id in national:  # the ministry's own work: a central-level row
            yield day.replace(day=1), None, agency_id, total


AUDIT_ACTIONS = Indicator(
    code="system.audit.actions",
    name_vi="Số thao tác được ghi nhật ký",
    name_en="Actions recorded in the audit trail",
    unit=Unit.COUNT,
    aggregation=Aggregation.SUM,
    time=TimeBehaviour.FLOW,
    source=_audit_actions,
    description=(
        "Audit rows of the agencies that have a province, by the agency's province; those of "
        "national agencies at central level."
    ),
)


def register() -> None:
    if AUDIT_ACTIONS.code not in registry:
        registry.register(AUDIT_ACTIONS)
