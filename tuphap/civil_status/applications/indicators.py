"""What the applications contribute to statistics: received, handled on time or late, refused
(docs/domain/civil_status.md §9)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from tuphap.civil_status.applications.models import Application
from tuphap.statistics.indicators import Aggregation, Indicator, SourceRow, TimeBehaviour, Unit
from tuphap.statistics.registry import registry

# -- applications: received, handled on time or late, refused (docs §9) ------------------------

# code suffix: (date the month is taken from, condition, Vietnamese, English)
APPLICATION_COUNTS: dict[str, tuple[str, Q | None, str, str]] = {
    "received": ("received_at", None, "Số hồ sơ hộ tịch tiếp nhận", "Applications received"),
    "on_time": (
        "registered_at",
        Q(on_time=True),
        "Hồ sơ hộ tịch giải quyết đúng hạn",
        "Applications handled on time",
    ),
    "late": (
        "registered_at",
        Q(on_time=False),
        "Hồ sơ hộ tịch giải quyết quá hạn",
        "Applications handled late",
    ),
    "refused": (
        "closed_at",
        Q(case__state="refused"),
        "Hồ sơ hộ tịch bị từ chối",
        "Applications refused",
    ),
}


def _application_counter(date_field: str, condition: Q | None = None) -> Any:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        rows = Application.objects.filter(
            **{f"{date_field}__date__gte": start, f"{date_field}__date__lte": end}
        )
        if condition is not None:
            rows = rows.filter(condition)
        counts = (
            rows.annotate(month=TruncMonth(date_field))
            .values_list("month", "commune_id")
            .annotate(total=Count("case_id"))
            .order_by()
        )
        for month, commune_id, total in counts:
            day = month.date() if isinstance(month, datetime.datetime) else month
            yield day.replace(day=1), commune_id, None, total

    return source


APPLICATION_INDICATORS = [
    Indicator(
        code=f"hotich.application.{suffix}",
        name_vi=name_vi,
        name_en=name_en,
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.FLOW,
        source=_application_counter(date_field, condition),
        description=f"Applications by month of {date_field} and commune.",
    )
    for suffix, (date_field, condition, name_vi, name_en) in APPLICATION_COUNTS.items()
]

for indicator in APPLICATION_INDICATORS:
    if indicator.code not in registry:
        registry.register(indicator)
