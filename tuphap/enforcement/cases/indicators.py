"""What the enforcement register contributes to statistics (autodiscovered by the statistics
app): ``thads.cases.*`` and ``thads.money.*`` (integer đồng) for every case, and the same for
the asset-recovery subset (``thads.recovery.cases.*``, ``thads.recovery.money.*``), per month,
place and office.

Month rows (docs/domain/enforcement.md §5.3):

* flows (``received``, ``delegated_out``, ``returned``, ``completed``, ``terminated``, ``done``)
  are the month's own figures, so any window adds them up;
* ``carried_in`` is the stock at the month's first day (``stock_start``), ``carried_out`` the
  stock at its last day (``stock_end``);
* ``accepted``, ``to_enforce``, ``with_conditions``, ``without_conditions`` are cumulative from
  1 October of the month's THADS year to the month's end (``stock_end``): the figure of a THADS
  period (``THADS2024``, ``THADS2024M06``), which always starts on 1 October, is its last
  month's row.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Max

from tuphap.casework.models import CaseAction
from tuphap.core.periods import month_end
from tuphap.enforcement.cases import figures
from tuphap.enforcement.cases.models import EnforcementCase, Movement
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.registry import registry

MONTH = "month"  # the row is the month's own window
YEAR_TO_DATE = "ytd"  # the row is 1 October → the month's end
THADS_YEAR_START_MONTH = 10  # the statistical year starts on 1 October (TT 06/2019 Art. 4(2))

# name: (time behaviour, window, Vietnamese, English)
DEFINITIONS: dict[str, tuple[TimeBehaviour, str, str, str]] = {
    "carried_in": (TimeBehaviour.STOCK_START, MONTH, "Năm trước chuyển sang", "Carried in"),
    "received": (TimeBehaviour.FLOW, MONTH, "Thụ lý mới", "Received"),
    "accepted": (TimeBehaviour.YEAR_TO_DATE, YEAR_TO_DATE, "Tổng số thụ lý", "Accepted"),
    "delegated_out": (TimeBehaviour.FLOW, MONTH, "Ủy thác", "Delegated out"),
    "returned": (TimeBehaviour.FLOW, MONTH, "Gửi lại yêu cầu", "Request returned"),
    "to_enforce": (TimeBehaviour.YEAR_TO_DATE, YEAR_TO_DATE, "Tổng số phải thi hành", "To enforce"),
    "with_conditions": (
        TimeBehaviour.YEAR_TO_DATE,
        YEAR_TO_DATE,
        "Có điều kiện",
        "With conditions",
    ),
    "without_conditions": (
        TimeBehaviour.STOCK_END,
        YEAR_TO_DATE,
        "Chưa có điều kiện",
        "Without conditions",
    ),
    "completed": (TimeBehaviour.FLOW, MONTH, "Thi hành xong", "Completed"),
    "terminated": (TimeBehaviour.FLOW, MONTH, "Đình chỉ", "Terminated"),
    "done": (TimeBehaviour.FLOW, MONTH, "Xong (thi hành xong + đình chỉ)", "Done"),
    "carried_out": (TimeBehaviour.STOCK_END, MONTH, "Chuyển kỳ sau", "Carried out"),
}
SUBSETS: dict[str, bool | None] = {"thads": None, "thads.recovery": True}
UNITS = {"cases": (Unit.COUNT, "việc", "cases"), "money": (Unit.VND, "tiền", "money")}


@dataclass
class _Computed:
    """The months of one subset, and their source rows sorted out by figure on first use."""

    months: dict[datetime.date, tuple[figures.Figures, figures.Figures]]
    rows: dict[tuple[int, str], list[SourceRow]] | None = None


# (start, end, fingerprint) → {subset: computed}; one refresh at a time
_cache: dict[tuple[object, ...], dict[bool | None, _Computed]] = {}
_facts: dict[tuple[object, ...], list[figures.CaseFacts]] = {}  # the register read for ``_cache``


def _fingerprint() -> tuple[object, ...]:
    """Changes whenever the register does: the tables only grow (journal and movements are
    append-only; a case detail is created once)."""
    cases = EnforcementCase.objects.aggregate(n=Count("case_id"), top=Max("case_id"))
    actions = CaseAction.objects.filter(case__register="enforcement.civil").aggregate(top=Max("id"))
    movements = Movement.objects.aggregate(n=Count("id"), top=Max("id"))
    return (cases["n"], cases["top"], actions["top"], movements["n"], movements["top"])


def monthly(
    start: datetime.date, end: datetime.date, asset_recovery: bool | None
) -> dict[datetime.date, tuple[figures.Figures, figures.Figures]]:
    """For each month from ``start`` to ``end``: its own figures and its year-to-date ones.

    The register is read once for every subset, and each subset's months are computed in one
    pass over its cases (``figures.compute_months``, equal to ``figures.compute`` per window)."""
    return _computed(start, end, asset_recovery).months


def _computed(start: datetime.date, end: datetime.date, asset_recovery: bool | None) -> _Computed:
    key = (start, end, _fingerprint())
    if key not in _cache:
        _cache.clear()
        _cache[key] = {}
    subsets = _cache[key]
    if asset_recovery not in subsets:
        if key not in _facts:
            _facts.clear()
            _facts[key] = figures.load(until=month_end(end))
        facts = _facts[key]
        if asset_recovery is not None:
            facts = [fact for fact in facts if fact.asset_recovery == asset_recovery]
        subsets[asset_recovery] = _Computed(figures.compute_months(facts, start, month_end(end)))
    return subsets[asset_recovery]


def _source(
    subset: bool | None, unit: str, name: str, window: str
) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    figure = f"{unit}.{name}"
    index = 0 if window == MONTH else 1

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        return iter(_rows(start, end, subset)[(index, figure)])

    return source


def _rows(
    start: datetime.date, end: datetime.date, subset: bool | None
) -> dict[tuple[int, str], list[SourceRow]]:
    """The source rows of every figure of a subset, sorted out once per refresh (not once per
    indicator)."""
    computed = _computed(start, end, subset)
    if computed.rows is None:
        rows: dict[tuple[int, str], list[SourceRow]] = defaultdict(list)
        for month, both in computed.months.items():
            for window, values_by_key in enumerate(both):
                for (place, agency), values in values_by_key.items():
                    for figure, value in values.items():
                        if value:
                            rows[(window, figure)].append((month, place, agency, value))
        computed.rows = rows
    return computed.rows


def indicators() -> list[Indicator]:
    result = []
    for prefix, subset in SUBSETS.items():
        scope_vi = " (thu hồi tài sản tham nhũng, kinh tế)" if subset else ""
        scope_en = " (asset recovery)" if subset else ""
        for unit, (unit_kind, unit_vi, unit_en) in UNITS.items():
            for name, (time, window, name_vi, name_en) in DEFINITIONS.items():
                result.append(
                    Indicator(
                        code=f"{prefix}.{unit}.{name}",
                        name_vi=f"THADS – {name_vi} (về {unit_vi}){scope_vi}",
                        name_en=f"THADS – {name_en} ({unit_en}){scope_en}",
                        unit=unit_kind,
                        aggregation=Aggregation.SUM,
                        time=time,
                        year_start_month=THADS_YEAR_START_MONTH,
                        source=_source(subset, unit, name, window),
                        description="docs/domain/enforcement.md §5",
                    )
                )
            result.append(
                Indicator(
                    code=f"{prefix}.{unit}.rate",
                    name_vi=f"THADS – Tỷ lệ xong trên có điều kiện (về {unit_vi}){scope_vi}",
                    name_en=f"THADS – Rate done of with conditions ({unit_en}){scope_en}",
                    unit=Unit.PERCENT,
                    aggregation=Aggregation.RATIO,
                    numerator=f"{prefix}.{unit}.done",
                    denominator=f"{prefix}.{unit}.with_conditions",
                )
            )
    return result


def identities() -> list[Identity]:
    """The balances that hold in every window a report checks (docs §5.4)."""
    result = []
    for prefix in SUBSETS:
        for unit in UNITS:
            base = f"{prefix}.{unit}"
            result += [
                Identity(
                    f"{base}.split",
                    f"{base}.to_enforce",
                    (f"{base}.with_conditions", f"{base}.without_conditions"),
                    "phải thi hành = có điều kiện + chưa có điều kiện",
                ),
                Identity(
                    f"{base}.done_parts",
                    f"{base}.done",
                    (f"{base}.completed", f"{base}.terminated"),
                    "xong = thi hành xong + đình chỉ",
                ),
                # The next three involve year-to-date figures: the statistics core checks them on
                # the windows that are one statistical year from 1 October (not on a term).
                Identity(
                    f"{base}.accepted",
                    f"{base}.accepted",
                    (f"{base}.carried_in", f"{base}.received"),
                    "tổng số thụ lý = năm trước chuyển sang + thụ lý mới",
                ),
                Identity(
                    f"{base}.to_enforce",
                    f"{base}.to_enforce",
                    (f"{base}.accepted", f"-{base}.delegated_out", f"-{base}.returned"),
                    "phải thi hành = tổng số thụ lý − ủy thác − gửi lại",
                ),
                Identity(
                    f"{base}.carried_out",
                    f"{base}.carried_out",
                    (f"{base}.to_enforce", f"-{base}.done"),
                    "chuyển kỳ sau = phải thi hành − xong",
                ),
                Identity(
                    f"{base}.balance",
                    f"{base}.carried_out",
                    (
                        f"{base}.carried_in",
                        f"{base}.received",
                        f"-{base}.delegated_out",
                        f"-{base}.returned",
                        f"-{base}.done",
                    ),
                    "chuyển kỳ sau = chuyển sang + thụ lý mới − ủy thác − gửi lại − xong",
                ),
            ]
    return result


INDICATORS = indicators()
IDENTITIES = identities()

for _indicator in INDICATORS:
    if _indicator.code not in registry:
        registry.register(_indicator)
for _identity in IDENTITIES:
    with contextlib.suppress(ValueError):  # already registered (module imported twice)
        registry.register_identity(_identity)
