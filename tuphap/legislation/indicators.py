"""What the legislation register contributes to statistics (autodiscovered by the statistics
app): local documents promulgated per month, and the detailing obligations of local documents
due, fulfilled on time or late, and outstanding at the end of each month.

A rollup row needs a place. Local documents carry the province or commune that issued them;
central documents (laws, decrees, circulars) have none, so they are not in these rollups and
their figures come from ``selectors`` directly (see docs/domain/legislation.md, "Statistics").
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.db.models import Count
from django.db.models.functions import TruncMonth

from tuphap.legislation import obligations as rules
from tuphap.legislation.models import (
    DetailingObligation,
    Document,
    IssuerLevel,
    ObligationStatus,
    ProposalStatus,
)
from tuphap.statistics.indicators import Aggregation, Indicator, SourceRow, TimeBehaviour, Unit
from tuphap.statistics.registry import registry


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _months(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _promulgated(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
    counts = (
        Document.objects.filter(
            issuer_level=IssuerLevel.LOCAL,
            place__isnull=False,
            signed_on__gte=start,
            signed_on__lte=end,
        )
        .annotate(month=TruncMonth("signed_on"))
        .values_list("month", "place_id")
        .annotate(total=Count("id"))
        .order_by()
    )
    for month, place_id, total in counts:
        day = month.date() if isinstance(month, datetime.datetime) else month
        yield day.replace(day=1), place_id, None, total


def _local_obligations() -> list[DetailingObligation]:
    return list(
        DetailingObligation.objects.filter(
            proposal_status=ProposalStatus.CONFIRMED,
            document__issuer_level=IssuerLevel.LOCAL,
            document__place__isnull=False,
        )
        .select_related("document")
        .prefetch_related("fulfilled_by")
    )


def _status(obligation: DetailingObligation, day: datetime.date) -> ObligationStatus:
    return rules.status_on(
        due_on=obligation.due_on,
        day=day,
        fulfilments=[
            rules.Fulfilment(signed_on=doc.signed_on, effective_on=doc.effective_on)
            for doc in obligation.fulfilled_by.all()
        ],
        not_needed_from=obligation.not_needed_from,
    )


def _due_counter(
    wanted: frozenset[ObligationStatus] | None,
) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    """Obligations falling due in each month, optionally only those whose status (known today)
    is in ``wanted``."""

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        # Everything linked so far counts: a rebuild picks up documents linked late.
        known_by = datetime.date.max
        counts: dict[tuple[datetime.date, int], int] = defaultdict(int)
        for obligation in _local_obligations():
            if not start <= obligation.due_on <= end:
                continue
            if wanted is not None and _status(obligation, known_by) not in wanted:
                continue
            place = obligation.document.place_id
            if place is not None:
                counts[(obligation.due_on.replace(day=1), place)] += 1
        for (month, place), total in sorted(counts.items()):
            yield month, place, None, total

    return source


def _outstanding(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
    """Obligations overdue and outstanding on the last day of each month."""
    rows = _local_obligations()
    for month in _months(start, end):
        last = _month_end(month)
        counts: dict[int, int] = defaultdict(int)
        for obligation in rows:
            if _status(obligation, last) is ObligationStatus.OVERDUE:
                place = obligation.document.place_id
                if place is not None:
                    counts[place] += 1
        for place, total in sorted(counts.items()):
            yield month, place, None, total


INDICATORS = [
    Indicator(
        code="legislation.local_documents.promulgated",
        name_vi="Số văn bản quy phạm pháp luật của địa phương được ban hành",
        name_en="Local legal documents promulgated",
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.FLOW,
        source=_promulgated,
        description="By signing month, on the province or commune that issued them.",
    ),
    Indicator(
        code="legislation.local_obligations.due",
        name_vi="Số nội dung giao quy định chi tiết đến hạn (địa phương)",
        name_en="Local detailing obligations falling due",
        unit=Unit.COUNT,
        source=_due_counter(None),
        description="Confirmed obligations of local documents, by due month.",
    ),
    Indicator(
        code="legislation.local_obligations.on_time",
        name_vi="Số nội dung giao quy định chi tiết được ban hành đúng hạn (địa phương)",
        name_en="Local detailing obligations fulfilled on time",
        unit=Unit.COUNT,
        source=_due_counter(frozenset({ObligationStatus.FULFILLED_ON_TIME})),
    ),
    Indicator(
        code="legislation.local_obligations.late",
        name_vi="Số nội dung giao quy định chi tiết được ban hành chậm (địa phương)",
        name_en="Local detailing obligations fulfilled late",
        unit=Unit.COUNT,
        source=_due_counter(frozenset({ObligationStatus.FULFILLED_LATE})),
    ),
    Indicator(
        code="legislation.local_obligations.outstanding",
        name_vi="Số nội dung giao quy định chi tiết còn nợ đọng cuối kỳ (địa phương)",
        name_en="Local detailing obligations overdue and outstanding at the end of the period",
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.STOCK_END,
        source=_outstanding,
    ),
    Indicator(
        code="legislation.local_obligations.on_time_rate",
        name_vi="Tỷ lệ nội dung giao quy định chi tiết được ban hành đúng hạn (địa phương)",
        name_en="Share of local detailing obligations fulfilled on time",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        numerator="legislation.local_obligations.on_time",
        denominator="legislation.local_obligations.due",
    ),
]

for _indicator in INDICATORS:
    if _indicator.code not in registry:
        registry.register(_indicator)

from tuphap.legislation import checking_indicators  # noqa: E402, F401 - registers the checking ones
