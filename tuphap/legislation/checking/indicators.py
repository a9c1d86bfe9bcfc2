"""What the checking register contributes to statistics: documents checked (findings recorded),
found unlawful, and handled by their issuer, per month.

A local document's check is placed at the document's province; a central document's check has
no place (``None``: the central level) and is told apart by the checking agency. The agency is
given on every row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from tuphap.legislation.checking.models import CheckConclusion, DocumentCheck
from tuphap.statistics.indicators import Aggregation, Indicator, SourceRow, TimeBehaviour, Unit
from tuphap.statistics.registry import registry


def _first_day(month: datetime.date | datetime.datetime) -> datetime.date:
    day = month.date() if isinstance(month, datetime.datetime) else month
    return day.replace(day=1)


def _counter(
    date_field: str, condition: Q | None = None
) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        checks = DocumentCheck.objects.filter(
            **{f"{date_field}__gte": start, f"{date_field}__lte": end}
        )
        if condition is not None:
            checks = checks.filter(condition)
        counts = (
            checks.annotate(month=TruncMonth(date_field))
            .values_list("month", "province_id", "agency_id")
            .annotate(total=Count("case_id"))
            .order_by()
        )
        rows = [
            (_first_day(month), province_id, agency_id, total)
            for month, province_id, agency_id, total in counts
        ]
        # Central rows (no place) first, the same on every database.
        yield from sorted(rows, key=lambda row: (row[0], row[1] or 0, row[2] or 0))

    return source


checks_examined = _counter("examined_on")
checks_unlawful = _counter("examined_on", Q(conclusion=CheckConclusion.UNLAWFUL))
checks_handled = _counter("outcome_on")

INDICATORS = [
    Indicator(
        code="legislation.checks.examined",
        name_vi="Số văn bản quy phạm pháp luật đã kiểm tra",
        name_en="Legal documents checked",
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.FLOW,
        source=checks_examined,
        description="By the month the findings were recorded; central checks have no place.",
    ),
    Indicator(
        code="legislation.checks.unlawful",
        name_vi="Số văn bản phát hiện trái pháp luật qua kiểm tra",
        name_en="Legal documents found unlawful by checking",
        unit=Unit.COUNT,
        source=checks_unlawful,
    ),
    Indicator(
        code="legislation.checks.handled",
        name_vi="Số văn bản trái pháp luật đã được xử lý",
        name_en="Unlawful legal documents handled",
        unit=Unit.COUNT,
        source=checks_handled,
        description="By the month the issuer's handling was recorded.",
    ),
]

for _indicator in INDICATORS:
    if _indicator.code not in registry:
        registry.register(_indicator)
