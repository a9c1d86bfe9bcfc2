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
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Max

from tuphap.casework.models import CaseAction
from tuphap.core.periods import add_months, month_end
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
    """The months of one subset from ``first``, and their source rows sorted out by figure on
    first use."""

    first: datetime.date
    months: dict[datetime.date, tuple[figures.Figures, figures.Figures]]
    rows: dict[str, list[SourceRow]] | None = None


# (end, fingerprint) → {subset: computed}; one refresh at a time
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
    months = _computed(start, end, asset_recovery).months
    return {month: both for month, both in months.items() if month >= start.replace(day=1)}


def _computed(start: datetime.date, end: datetime.date, asset_recovery: bool | None) -> _Computed:
    """A refresh asks for the flows from ``start`` and for the stocks from the month before
    (ADR 0020: a window's opening stock is the stock at the end of the month before it), so
    the months are computed once from that month and reused for both."""
    key = (end, _fingerprint())
    first = start.replace(day=1)
    if key not in _cache:
        _cache.clear()
        _cache[key] = {}
    subsets = _cache[key]
    cached = subsets.get(asset_recovery)
    if cached is None or cached.first > first:
        if key not in _facts:
            _facts.clear()
            _facts[key] = figures.load(until=month_end(end))
        facts = _facts[key]
        if asset_recovery is not None:
            facts = [fact for fact in facts if fact.asset_recovery == asset_recovery]
        early = add_months(first, -1)
        cached = _Computed(early, figures.compute_months(facts, early, month_end(end)))
        subsets[asset_recovery] = cached
    return cached


def _source(
    subset: bool | None, unit: str, name: str
) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    figure = f"{unit}.{name}"

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        first = start.replace(day=1)
        return (row for row in _rows(start, end, subset).get(figure, []) if row[0] >= first)

    return source


def _rows(
    start: datetime.date, end: datetime.date, subset: bool | None
) -> dict[str, list[SourceRow]]:
    """The source rows of every stored figure of a subset (each month's own figures), sorted
    out once per refresh (not once per indicator)."""
    computed = _computed(start, end, subset)
    if computed.rows is None:
        stored = {f"{unit}.{name}" for unit in UNITS for name in DEFINITIONS}
        rows: dict[str, list[SourceRow]] = defaultdict(list)
        for month, (own, _year) in computed.months.items():
            for (place, agency), values in own.items():
                for figure, value in values.items():
                    if value and figure in stored:
                        rows[figure].append((month, place, agency, value))
        computed.rows = rows
    return computed.rows


# (start, end, cells, fingerprint) → {subset: {figure: rows}}: the restricted computation of one
# incremental drain, shared by its indicators (ADR 0021)
Cells = frozenset[tuple[int | None, int | None]]
_cell_cache: dict[tuple[object, ...], dict[bool | None, dict[str, list[SourceRow]]]] = {}


def _cell_rows(
    start: datetime.date, end: datetime.date, cells: Cells, subset: bool | None
) -> dict[str, list[SourceRow]]:
    """The month rows of every stored figure for the cases of some (place, agency) cells only:
    the cases of those places are read (``figures.load``'s place filter), those of other
    agencies dropped, and the months computed in the same one pass as the full refresh."""
    first = start.replace(day=1)
    key = (first, end, cells, _fingerprint())
    if key not in _cell_cache:
        _cell_cache.clear()
        places = {place for place, _agency in cells if place is not None}
        facts = [
            fact
            for fact in figures.load(until=month_end(end), place_ids=places)
            if (fact.place_id, fact.agency_id) in cells
        ]
        stored = {f"{unit}.{name}" for unit in UNITS for name in DEFINITIONS}
        by_subset: dict[bool | None, dict[str, list[SourceRow]]] = {}
        for wanted in SUBSETS.values():
            chosen = facts if wanted is None else [f for f in facts if f.asset_recovery == wanted]
            rows: dict[str, list[SourceRow]] = defaultdict(list)
            months = figures.compute_months(chosen, first, month_end(end))
            for month, (own, _year) in months.items():
                for (place, agency), values in own.items():
                    for figure, value in values.items():
                        if value and figure in stored:
                            rows[figure].append((month, place, agency, value))
            by_subset[wanted] = rows
        _cell_cache[key] = by_subset
    return _cell_cache[key][subset]


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
