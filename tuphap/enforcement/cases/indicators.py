"""What the enforcement register contributes to statistics (autodiscovered by the statistics
app): ``thads.cases.*`` and ``thads.money.*`` (integer đồng) for every case, and the same for
the asset-recovery subset (``thads.recovery.cases.*``, ``thads.recovery.money.*``), per month,
place and office.

Stored month rows (docs/domain/enforcement.md §5.3; ADR 0020): the flows ``received``,
``delegated_out``, ``returned``, ``completed`` and ``terminated`` (the month's own figures, so
any window adds them up) and the month-end stocks ``carried_out`` and ``without_conditions``.
Everything else is derived at report time from those, by the form's own identities:

* ``done`` = completed + terminated (a flow);
* ``carried_in`` = the stock carried out at the end of the month before the window;
* ``accepted`` = carried in + received, ``to_enforce`` = accepted − delegated − returned and
  ``with_conditions`` = done + carried out − without conditions: figures of a window that starts
  on 1 October of a THADS year (``THADS2024``, ``THADS2024M06``), empty on other windows.
"""

from __future__ import annotations

import contextlib
import datetime
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tuphap.core.periods import add_months, month_end
from tuphap.enforcement.cases import figures
from tuphap.statistics import scope
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.registry import registry

THADS_YEAR_START_MONTH = 10  # the statistical year starts on 1 October (TT 06/2019 Art. 4(2))

# Stored: name → (time behaviour, Vietnamese, English); the source rows are the month's own
# figures (``figures.compute_months``' month window).
DEFINITIONS: dict[str, tuple[TimeBehaviour, str, str]] = {
    "received": (TimeBehaviour.FLOW, "Thụ lý mới", "Received"),
    "delegated_out": (TimeBehaviour.FLOW, "Ủy thác", "Delegated out"),
    "returned": (TimeBehaviour.FLOW, "Gửi lại yêu cầu", "Request returned"),
    "completed": (TimeBehaviour.FLOW, "Thi hành xong", "Completed"),
    "terminated": (TimeBehaviour.FLOW, "Đình chỉ", "Terminated"),
    "carried_out": (TimeBehaviour.STOCK_END, "Chuyển kỳ sau", "Carried out"),
    "without_conditions": (TimeBehaviour.STOCK_END, "Chưa có điều kiện", "Without conditions"),
}
# Derived at report time: name → (time behaviour, terms, Vietnamese, English).
DERIVED: dict[str, tuple[TimeBehaviour, tuple[str, ...], str, str]] = {
    "carried_in": (
        TimeBehaviour.STOCK_START,
        ("carried_out@opening",),
        "Năm trước chuyển sang",
        "Carried in",
    ),
    "accepted": (
        TimeBehaviour.YEAR_TO_DATE,
        ("carried_in", "received"),
        "Tổng số thụ lý",
        "Accepted",
    ),
    "to_enforce": (
        TimeBehaviour.YEAR_TO_DATE,
        ("accepted", "-delegated_out", "-returned"),
        "Tổng số phải thi hành",
        "To enforce",
    ),
    "with_conditions": (
        TimeBehaviour.YEAR_TO_DATE,
        ("done", "carried_out", "-without_conditions"),
        "Có điều kiện",
        "With conditions",
    ),
    "done": (
        TimeBehaviour.FLOW,
        ("completed", "terminated"),
        "Xong (thi hành xong + đình chỉ)",
        "Done",
    ),
}
SUBSETS: dict[str, bool | None] = {"thads": None, "thads.recovery": True}
UNITS = {"cases": (Unit.COUNT, "việc", "cases"), "money": (Unit.VND, "tiền", "money")}


@dataclass
class _Computed:
    """The month rows of every stored figure of one subset from ``first``, compactly: per
    figure one array of (month index, place, agency, value) quadruples (``_NONE`` for a
    missing place or agency), a few tens of bytes a row instead of a tuple and its objects."""

    first: datetime.date
    rows: dict[str, array[int]]


_NONE = -1  # no place (central level) or no agency, in ``_Computed.rows``


def _computed(start: datetime.date, end: datetime.date, asset_recovery: bool | None) -> _Computed:
    """A refresh asks for the flows from ``start`` and for the stocks from the month before
    (ADR 0020: a window's opening stock is the stock at the end of the month before it), so
    the months are computed once from that month and reused for both, and for every stored
    figure of the subset.

    The register is streamed case by case (``figures.iter_facts``) into the per-(place,
    agency) month counters of ``figures.month_rows``: memory holds the counters and the
    compact rows, which grow with the (place, agency, month) cells, not the facts of every
    case (4.6 million at the national five-year dataset, ADR 0020). The pass is kept for the
    rest of the refresh (``statistics.scope``): its other indicators read it."""
    shared = scope.cache(f"{__name__}.months")
    first = start.replace(day=1)
    if end not in shared:
        shared.clear()
        shared[end] = {}
    subsets: dict[bool | None, _Computed] = shared[end]
    cached = subsets.get(asset_recovery)
    if cached is None or cached.first > first:
        early = add_months(first, -1)
        facts = figures.iter_facts(until=month_end(end), asset_recovery=asset_recovery)
        slots = figures.STORED_SLOTS
        rows: dict[str, array[int]] = {figure: array("q") for figure in slots}
        index = {figure: (rows[figure], slot) for figure, slot in slots.items()}
        for month, (place, agency), counters in figures.month_rows(facts, early, month_end(end)):
            at = month.year * 12 + month.month - 1
            place_id = _NONE if place is None else place
            agency_id = _NONE if agency is None else agency
            for column, slot in index.values():
                value = counters[slot]
                if value:
                    column.extend((at, place_id, agency_id, value))
        cached = _Computed(early, rows)
        subsets[asset_recovery] = cached
    return cached


def _source(
    subset: bool | None, unit: str, name: str
) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    figure = f"{unit}.{name}"

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        first = start.replace(day=1)
        return _unpack(_computed(start, end, subset).rows[figure], first)

    return source


def _unpack(column: array[int], first: datetime.date) -> Iterator[SourceRow]:
    """The source rows of one figure's compact column from ``first`` on."""
    low = first.year * 12 + first.month - 1
    months: dict[int, datetime.date] = {}
    for offset in range(0, len(column), 4):
        at, place, agency, value = column[offset : offset + 4]
        if at < low:
            continue
        month = months.get(at)
        if month is None:
            month = months[at] = datetime.date(at // 12, at % 12 + 1, 1)
        yield (
            month,
            None if place == _NONE else place,
            None if agency == _NONE else agency,
            value,
        )


# The restricted computation of one incremental drain, shared by its indicators (ADR 0021;
# ``statistics.scope``): (start, end, cells) → {subset: {figure: rows}}
Cells = frozenset[tuple[int | None, int | None]]


def _cell_rows(
    start: datetime.date, end: datetime.date, cells: Cells, subset: bool | None
) -> dict[str, list[SourceRow]]:
    """The month rows of every stored figure for the cases of some (place, agency) cells only:
    the cases of those places are read (``figures.load``'s place filter), those of other
    agencies dropped, and the months computed in the same one pass as the full refresh."""
    first = start.replace(day=1)
    shared = scope.cache(f"{__name__}.cells")
    key = (first, end, cells)
    if key not in shared:
        shared.clear()
        places = {place for place, _agency in cells if place is not None}
        facts = [
            fact
            for fact in figures.iter_facts(until=month_end(end), place_ids=places)
            if (fact.place_id, fact.agency_id) in cells
        ]
        by_subset: dict[bool | None, dict[str, list[SourceRow]]] = {}
        for wanted in SUBSETS.values():
            chosen = facts if wanted is None else [f for f in facts if f.asset_recovery == wanted]
            rows: dict[str, list[SourceRow]] = defaultdict(list)
            for month, (place, agency), counters in figures.month_rows(
                chosen, first, month_end(end)
            ):
                for figure, slot in figures.STORED_SLOTS.items():
                    if counters[slot]:
                        rows[figure].append((month, place, agency, counters[slot]))
            by_subset[wanted] = rows
        shared[key] = by_subset
    rows_by_subset: dict[bool | None, dict[str, list[SourceRow]]] = shared[key]
    return rows_by_subset[subset]


def _cell_source(
    subset: bool | None, unit: str, name: str
) -> Callable[[datetime.date, datetime.date, Cells], Iterator[SourceRow]]:
    figure = f"{unit}.{name}"

    def source(start: datetime.date, end: datetime.date, cells: Cells) -> Iterator[SourceRow]:
        return iter(_cell_rows(start, end, cells, subset).get(figure, []))

    return source


def _term(base: str, term: str) -> str:
    """A derived term ("-received", "carried_out@opening") with the indicator's prefix."""
    sign = "-" if term.startswith("-") else ""
    return f"{sign}{base}.{term.removeprefix('-')}"


def indicators() -> list[Indicator]:
    result = []
    for prefix, subset in SUBSETS.items():
        scope_vi = " (thu hồi tài sản tham nhũng, kinh tế)" if subset else ""
        scope_en = " (asset recovery)" if subset else ""
        for unit, (unit_kind, unit_vi, unit_en) in UNITS.items():
            base = f"{prefix}.{unit}"
            for name, (time, name_vi, name_en) in DEFINITIONS.items():
                result.append(
                    Indicator(
                        code=f"{prefix}.{unit}.{name}",
                        name_vi=f"THADS – {name_vi} (về {unit_vi}){scope_vi}",
                        name_en=f"THADS – {name_en} ({unit_en}){scope_en}",
                        unit=unit_kind,
                        aggregation=Aggregation.SUM,
                        time=time,
                        year_start_month=THADS_YEAR_START_MONTH,
                        source=_source(subset, unit, name),
                        cell_source=_cell_source(subset, unit, name),
                        description="docs/domain/enforcement.md §5",
                    )
                )
            for name, (time, terms, name_vi, name_en) in DERIVED.items():
                result.append(
                    Indicator(
                        code=f"{base}.{name}",
                        name_vi=f"THADS – {name_vi} (về {unit_vi}){scope_vi}",
                        name_en=f"THADS – {name_en} ({unit_en}){scope_en}",
                        unit=unit_kind,
                        aggregation=Aggregation.DERIVED,
                        time=time,
                        year_start_month=THADS_YEAR_START_MONTH,
                        terms=tuple(_term(base, term) for term in terms),
                        description="docs/domain/enforcement.md §5; ADR 0020",
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
                # ``done``, ``accepted`` and ``to_enforce`` are derived by their own
                # identities (ADR 0020), so those hold by construction and are not checked;
                # what is checked is that the stored stocks agree with the stored flows.
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
