"""What the THAHC register contributes to statistics: ``thahc.cases.*`` per month, place and office
(docs/domain/enforcement.md §8.4)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from tuphap.core.periods import month_end
from tuphap.enforcement.administrative import figures as administrative_figures
from tuphap.enforcement.cases import figures
from tuphap.enforcement.cases.indicators import THADS_YEAR_START_MONTH
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.registry import registry

# -- THAHC: the follow-up of administrative judgments (docs §8.4) ------------------------------

MONTH = "month"  # the row is the month's own window
YEAR_TO_DATE = "ytd"  # the row is 1 October → the month's end

# name: (time behaviour, window, Vietnamese, English)
THAHC_DEFINITIONS: dict[str, tuple[TimeBehaviour, str, str, str]] = {
    "carried_in": (TimeBehaviour.STOCK_START, MONTH, "Năm trước chuyển sang", "Carried in"),
    "received": (TimeBehaviour.FLOW, MONTH, "Thụ lý mới", "Received"),
    "accepted": (
        TimeBehaviour.YEAR_TO_DATE,
        YEAR_TO_DATE,
        "Tổng số phải thi hành",
        "To be complied with",
    ),
    "completed": (TimeBehaviour.FLOW, MONTH, "Đã thi hành xong", "Completed"),
    "other": (TimeBehaviour.FLOW, MONTH, "Kết thúc theo dõi vì lý do khác", "Closed otherwise"),
    "not_completed": (
        TimeBehaviour.STOCK_END,
        MONTH,
        "Chưa thi hành xong (chuyển kỳ sau)",
        "Not yet completed",
    ),
    "compelled": (
        TimeBehaviour.FLOW,
        MONTH,
        "Có quyết định buộc thi hành án",
        "Compulsion decisions",
    ),
}
THAHC_PREFIX = "thahc.cases"


def thahc_monthly(
    start: datetime.date, end: datetime.date
) -> dict[datetime.date, tuple[administrative_figures.Figures, administrative_figures.Figures]]:
    """For each month from ``start`` to ``end``: its own THAHC figures and its year-to-date ones
    (from 1 October). A few thousand judgments a year nationally: one window per month is
    enough."""
    facts = administrative_figures.load(until=month_end(end))
    result = {}
    month = start
    while month <= end:
        last = month_end(month)
        result[month] = (
            administrative_figures.compute(facts, month, last),
            administrative_figures.compute(facts, figures.thads_year_start(month), last),
        )
        month = last + datetime.timedelta(days=1)
    return result


def _thahc_source(
    name: str, window: str
) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    index = 0 if window == MONTH else 1

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        for month, both in thahc_monthly(start, end).items():
            for (place, agency), values in both[index].items():
                if values[name]:
                    yield month, place, agency, values[name]

    return source


def indicators() -> list[Indicator]:
    return [
        Indicator(
            code=f"{THAHC_PREFIX}.{name}",
            name_vi=f"THAHC – {name_vi} (về việc)",
            name_en=f"Administrative judgments – {name_en} (cases)",
            unit=Unit.COUNT,
            aggregation=Aggregation.SUM,
            time=time,
            year_start_month=THADS_YEAR_START_MONTH,
            source=_thahc_source(name, window),
            description="docs/domain/enforcement.md §8.4",
        )
        for name, (time, window, name_vi, name_en) in THAHC_DEFINITIONS.items()
    ]


def identities() -> list[Identity]:
    base = THAHC_PREFIX
    return [
        Identity(
            f"{base}.balance",
            f"{base}.not_completed",
            (f"{base}.carried_in", f"{base}.received", f"-{base}.completed", f"-{base}.other"),
            "chưa xong = chuyển sang + thụ lý mới − xong − kết thúc vì lý do khác",
        ),
        # Year-to-date: checked on the windows that are one statistical year from 1 October.
        Identity(
            f"{base}.accepted",
            f"{base}.accepted",
            (f"{base}.carried_in", f"{base}.received"),
            "tổng số phải thi hành = năm trước chuyển sang + thụ lý mới",
        ),
        Identity(
            f"{base}.outcomes",
            f"{base}.accepted",
            (f"{base}.completed", f"{base}.other", f"{base}.not_completed"),
            "tổng số phải thi hành = xong + lý do khác + chưa xong",
        ),
    ]


INDICATORS = indicators()
IDENTITIES = identities()

for _indicator in INDICATORS:
    if _indicator.code not in registry:
        registry.register(_indicator)
for _identity in IDENTITIES:
    with contextlib.suppress(ValueError):  # already registered (module imported twice)
        registry.register_identity(_identity)
