"""The THADS figures of a window of days, computed from the register (docs/domain/enforcement.md
§5 defines every figure; this module is that definition in code).

For a window [start, end], each case with its enforcement decision on or before ``end`` and not
ended before ``start`` contributes:

* ``carried_in`` if it was open at the start (decided before ``start``, not ended before it),
  with its outstanding money then; ``received`` if decided inside, with its whole amount;
  ``accepted`` = both;
* if it ended inside: ``completed`` / ``terminated`` / ``delegated_out`` / ``returned`` by how it
  ended; money: collections and reductions inside the window count as ``completed`` money, the
  remainder written off by a termination as ``terminated`` money, the remainder handed over
  by a delegation or a returned request as ``delegated_out`` / ``returned`` money;
* if still open at the end: ``carried_out`` with its outstanding money, classified
  ``without_conditions`` when its state at the end is "without conditions" or "separate tracking
  book", else ``with_conditions``.

``done = completed + terminated``; ``with_conditions`` = done + open with conditions;
``to_enforce = accepted − delegated_out − returned``. So per case, and therefore in every sum:
``to_enforce = with_conditions + without_conditions`` and ``carried_out = to_enforce − done``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from tuphap.casework.models import CaseAction
from tuphap.enforcement.cases import history, workflow
from tuphap.enforcement.cases.models import DONE_KINDS, EnforcementCase, Movement

FIGURES = (
    "carried_in",
    "received",
    "accepted",
    "delegated_out",
    "returned",
    "to_enforce",
    "with_conditions",
    "without_conditions",
    "completed",
    "terminated",
    "done",
    "carried_out",
)
EXITS = {
    workflow.COMPLETED: "completed",
    workflow.TERMINATED: "terminated",
    workflow.DELEGATED: "delegated_out",
    workflow.RETURNED: "returned",
}

FETCH_CHUNK = 5000  # rows fetched at a time by ``iter_facts``
Key = tuple[int, int]  # (place id, agency id)
# figures[(place, agency)]["cases.done" | "money.done" | …] = int
Figures = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    place_id: int
    agency_id: int
    decision_date: datetime.date
    amount: int
    asset_recovery: bool
    steps: list[history.Step]
    exit_state: str | None
    exit_date: datetime.date | None
    movements: list[tuple[datetime.date, int]]  # collected or reduced, clamped to the exit


def load(
    *,
    until: datetime.date,
    agency_id: int | None = None,
    asset_recovery: bool | None = None,
    place_ids: Collection[int] | None = None,
) -> list[CaseFacts]:
    """The facts of every enforcement case decided on or before ``until`` (three queries);
    ``place_ids`` keeps the cases of those places only (the incremental refresh, ADR 0021)."""
    return list(
        iter_facts(
            until=until, agency_id=agency_id, asset_recovery=asset_recovery, place_ids=place_ids
        )
    )


# Up to this many cases a place-limited read (a drain) names them; beyond, a subquery.
PLACE_IDS_LIMIT = 20_000


def iter_facts(
    *,
    until: datetime.date,
    agency_id: int | None = None,
    asset_recovery: bool | None = None,
    place_ids: Collection[int] | None = None,
    chunk: int = FETCH_CHUNK,
) -> Iterator[CaseFacts]:
    """``load``'s facts one case at a time, in case order: the three queries are read side by
    side in ``chunk`` rows (server-side cursors on PostgreSQL) and merged on the case, so that
    memory holds a few chunks whatever the size of the register (the full refresh reads the
    whole national register through it, ADR 0020)."""
    details = EnforcementCase.objects.filter(decision_date__lte=until)
    if place_ids is not None:
        details = details.filter(case__place_id__in=list(place_ids))
    if agency_id is not None:
        details = details.filter(agency_id=agency_id)
    if asset_recovery is not None:
        details = details.filter(asset_recovery=asset_recovery)
    chosen: Any = details.order_by().values("case_id")
    if place_ids is not None:
        # A drain's few places: their case ids as a list, so that the journal and the
        # movements are read by their case indexes (behind a subquery the planner scanned
        # both tables whole at the five-year national size: 10 s a drain, ADR 0021).
        ids = list(chosen.values_list("case_id", flat=True)[: PLACE_IDS_LIMIT + 1])
        if len(ids) <= PLACE_IDS_LIMIT:
            chosen = ids
    queries: list[QuerySet[Any, Any]] = [
        details.order_by("case_id").values_list(
            "case_id",
            "case__place_id",
            "agency_id",
            "decision_date",
            "amount_to_enforce",
            "asset_recovery",
        ),
        history.journal_rows(CaseAction.objects.filter(case_id__in=chosen), "case_id"),
        Movement.objects.filter(enforcement_case_id__in=chosen, kind__in=list(DONE_KINDS))
        .order_by("enforcement_case_id")
        .values_list("enforcement_case_id", "on_date", "amount"),
    ]
    # A few places' cases (a drain) are read whole, with plans made for all their rows; the
    # register (a full refresh) through cursors, ``chunk`` rows at a time.
    rows, actions, movements = (
        iter(list(query)) if place_ids is not None else query.iterator(chunk_size=chunk)
        for query in queries
    )
    action = next(actions, None)
    movement = next(movements, None)
    terminal = workflow.TERMINAL_STATES
    for case_id, place_id, agency, decided, amount, recovery in rows:
        # a row of a case the first query did not see (written meanwhile) is passed over
        while action is not None and action[0] < case_id:
            action = next(actions, None)
        journal = []
        while action is not None and action[0] == case_id:
            journal.append(action[1:])
            action = next(actions, None)
        while movement is not None and movement[0] < case_id:
            movement = next(movements, None)
        money = []
        while movement is not None and movement[0] == case_id:
            money.append((movement[1], movement[2]))
            movement = next(movements, None)
        steps = history.effective_steps(decided, journal)
        exit_state = exit_date = None
        for _transition, state, day in steps:
            if state in terminal:
                exit_state, exit_date = state, day
                break
        moves = [(min(day, exit_date) if exit_date else day, value) for day, value in money]
        yield CaseFacts(
            case_id,
            place_id,
            agency,
            decided,
            amount,
            recovery,
            steps,
            exit_state,
            exit_date,
            moves,
        )


def compute(facts: Iterable[CaseFacts], start: datetime.date, end: datetime.date) -> Figures:
    """The figures of the window [start, end] per (place, agency), cases and money."""
    result: Figures = defaultdict(lambda: defaultdict(int))
    for fact in facts:
        decided, exit_date = fact.decision_date, fact.exit_date
        if decided > end or (exit_date is not None and exit_date < start):
            continue
        carried_in = decided < start
        before = sum(value for day, value in fact.movements if day < start) if carried_in else 0
        base = fact.amount - before
        inside = sum(value for day, value in fact.movements if start <= day <= end)
        figures = result[(fact.place_id, fact.agency_id)]
        entry = "carried_in" if carried_in else "received"
        figures[f"cases.{entry}"] += 1
        figures[f"money.{entry}"] += base
        if exit_date is not None and exit_date <= end:
            assert fact.exit_state is not None  # noqa: S101 - set with exit_date
            outcome = EXITS[fact.exit_state]
            figures[f"cases.{outcome}"] += 1
            if outcome == "completed":
                figures["money.completed"] += base
            else:
                figures["money.completed"] += inside
                figures[f"money.{outcome}"] += base - inside
            continue
        outstanding = base - inside
        figures["money.completed"] += inside
        figures["cases.carried_out"] += 1
        figures["money.carried_out"] += outstanding
        state = history.state_on(fact.steps, end)
        side = "without_conditions" if state in workflow.WITHOUT_STATES else "open_with"
        figures[f"cases.{side}"] += 1
        figures[f"money.{side}"] += outstanding
    for figures in result.values():
        for unit in ("cases", "money"):
            done = figures[f"{unit}.completed"] + figures[f"{unit}.terminated"]
            accepted = figures[f"{unit}.carried_in"] + figures[f"{unit}.received"]
            figures[f"{unit}.done"] = done
            figures[f"{unit}.accepted"] = accepted
            figures[f"{unit}.to_enforce"] = (
                accepted - figures[f"{unit}.delegated_out"] - figures[f"{unit}.returned"]
            )
            figures[f"{unit}.with_conditions"] = done + figures.pop(f"{unit}.open_with", 0)
            figures[f"{unit}.without_conditions"] += 0
    return {key: dict(value) for key, value in result.items()}


def totals(figures: Figures) -> dict[str, int]:
    """The figures added over places and agencies."""
    total: dict[str, int] = defaultdict(int)
    for values in figures.values():
        for name, value in values.items():
            total[name] += value
    return {
        f"{unit}.{name}": total[f"{unit}.{name}"] for unit in ("cases", "money") for name in FIGURES
    }


def thads_year_start(day: datetime.date) -> datetime.date:
    """1 October opening the THADS statistical year that contains ``day`` (TT 06/2019 Art. 4)."""
    return datetime.date(day.year if day.month >= 10 else day.year - 1, 10, 1)


# -- every month in one pass ---------------------------------------------------------------------

# The raw counters of one month row of one (place, agency): ``compute``'s figures before the
# derived ones, case counts in slots 0–8 and money in 9–17.
_RAW = (
    "carried_in",
    "received",
    "delegated_out",
    "returned",
    "completed",
    "terminated",
    "carried_out",
    "without_conditions",
    "open_with",
)
_WIDTH = len(_RAW)
_SLOTS = 2 * _WIDTH
(
    _CARRIED_IN,
    _RECEIVED,
    _DELEGATED,
    _RETURNED,
    _COMPLETED,
    _TERMINATED,
    _CARRIED_OUT,
    _WITHOUT,
    _OPEN_WITH,
) = range(_WIDTH)
_MONEY = _WIDTH  # offset of a money slot from its count slot
_EXIT_SLOTS = {
    workflow.COMPLETED: _COMPLETED,
    workflow.TERMINATED: _TERMINATED,
    workflow.DELEGATED: _DELEGATED,
    workflow.RETURNED: _RETURNED,
}
_FLOW_SLOTS = tuple(
    unit + slot
    for unit in (0, _MONEY)
    for slot in (_RECEIVED, _DELEGATED, _RETURNED, _COMPLETED, _TERMINATED)
)
_STOCK_SLOTS = tuple(
    unit + slot for unit in (0, _MONEY) for slot in (_CARRIED_OUT, _WITHOUT, _OPEN_WITH)
)
_NAMES = tuple(f"{unit}.{name}" for unit in ("cases", "money") for name in FIGURES)
_YEAR_START_INDEX = 9  # October, 0-based


def _index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _month(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def compute_months(
    facts: Iterable[CaseFacts], first: datetime.date, last: datetime.date
) -> dict[datetime.date, tuple[Figures, Figures]]:
    """For each month from ``first`` to ``last``: ``compute`` of the month's own window and of
    its THADS year to date (1 October → the month's end), in one pass over the facts.

    Each case adds its contribution to the months it is open in (received or carried in, the
    money collected inside, its exit, or its stock and classification at the month's end) to
    per-(place, agency) counters; a year-to-date row is then the carried-in stock of the year's
    first month, the flows added up from it, and the stocks at the month's end. The result
    equals ``compute`` window by window, with every figure present (tests/test_statistics.py
    checks it); the work grows with the cases' open months, not with cases × months."""
    counted = _count(facts, first, last)
    if counted is None:
        return {}
    low, width, wanted, rows = counted
    months = [_month(low + offset) for offset in range(width)]
    result: dict[datetime.date, tuple[Figures, Figures]] = {
        months[offset]: ({}, {}) for offset in range(wanted - low, width)
    }
    for key, row in rows.items():
        running = [0] * _SLOTS
        for offset in range(width):
            at = offset * _SLOTS
            own = row[at : at + _SLOTS]
            if (low + offset) % 12 == _YEAR_START_INDEX:
                running = [0] * _SLOTS
                running[_CARRIED_IN] = own[_CARRIED_IN]
                running[_MONEY + _CARRIED_IN] = own[_MONEY + _CARRIED_IN]
            for slot in _FLOW_SLOTS:
                running[slot] += own[slot]
            for slot in _STOCK_SLOTS:
                running[slot] = own[slot]
            if offset + low < wanted:
                continue
            month_figures, year_figures = result[months[offset]]
            if own[_CARRIED_IN] or own[_RECEIVED]:
                month_figures[key] = _finish(own)
            if running[_CARRIED_IN] or running[_RECEIVED]:
                year_figures[key] = _finish(running)
    return result


def _count(
    facts: Iterable[CaseFacts], first: datetime.date, last: datetime.date
) -> tuple[int, int, int, dict[Key, list[int]]] | None:
    """The raw counters of every month from the THADS year start of ``first`` to ``last``
    per (place, agency), in one pass over ``facts`` (which may be a stream: only the counters
    are kept): (first month index, months, index of ``first``, counters), or None when
    ``last`` is before ``first``."""
    low = _index(thads_year_start(first))
    high = _index(last)
    wanted = _index(first)
    if high < wanted:
        return None
    width = high - low + 1
    rows: dict[Key, list[int]] = {}
    without = workflow.WITHOUT_STATES
    index_of = _index
    for fact in facts:
        decided = index_of(fact.decision_date)
        if decided > high:
            continue
        exit_at = index_of(fact.exit_date) if fact.exit_date is not None else None
        if exit_at is not None and exit_at < low:
            continue
        key = (fact.place_id, fact.agency_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = [0] * (width * _SLOTS)
        by_month: dict[int, int] = {}
        for day, value in fact.movements:
            month = index_of(day)
            by_month[month] = by_month.get(month, 0) + value
        begin = max(decided, low)
        stop = high if exit_at is None else min(exit_at, high)
        before = sum(value for month, value in by_month.items() if month < begin)
        steps = fact.steps
        step, count, state = 0, len(steps), None
        amount = fact.amount
        for month in range(begin, stop + 1):
            while step < count and index_of(steps[step][2]) <= month:
                state = steps[step][1]
                step += 1
            inside = by_month.get(month, 0)
            at = (month - low) * _SLOTS
            if decided < month:
                base = amount - before
                row[at + _CARRIED_IN] += 1
                row[at + _MONEY + _CARRIED_IN] += base
            else:
                base = amount
                row[at + _RECEIVED] += 1
                row[at + _MONEY + _RECEIVED] += base
            before += inside
            if month == exit_at:
                assert fact.exit_state is not None  # noqa: S101 - set with exit_date
                slot = _EXIT_SLOTS[fact.exit_state]
                row[at + slot] += 1
                if slot == _COMPLETED:
                    row[at + _MONEY + _COMPLETED] += base
                else:
                    row[at + _MONEY + _COMPLETED] += inside
                    row[at + _MONEY + slot] += base - inside
                continue
            outstanding = base - inside
            side = _WITHOUT if state in without else _OPEN_WITH
            row[at + _MONEY + _COMPLETED] += inside
            row[at + _CARRIED_OUT] += 1
            row[at + _MONEY + _CARRIED_OUT] += outstanding
            row[at + side] += 1
            row[at + _MONEY + side] += outstanding
    return low, width, wanted, rows


# The stored THADS figures (indicators.DEFINITIONS) are raw counters: figure → its slot.
STORED_SLOTS = {
    f"{unit}.{name}": offset + _RAW.index(name)
    for unit, offset in (("cases", 0), ("money", _MONEY))
    for name in (
        "received",
        "delegated_out",
        "returned",
        "completed",
        "terminated",
        "carried_out",
        "without_conditions",
    )
}


def month_rows(
    facts: Iterable[CaseFacts], first: datetime.date, last: datetime.date
) -> Iterator[tuple[datetime.date, Key, list[int]]]:
    """For each month from ``first`` to ``last`` and each (place, agency) with a case open in
    it: the month's own raw counters (``STORED_SLOTS`` names the stored figures among them),
    the same figures as ``compute_months``' month window without building its named figures
    or the year to date (the full refresh, ADR 0020). ``facts`` may be a stream."""
    counted = _count(facts, first, last)
    if counted is None:
        return
    low, width, wanted, rows = counted
    months = [_month(low + offset) for offset in range(width)]
    for key, row in rows.items():
        for offset in range(wanted - low, width):
            at = offset * _SLOTS
            if row[at + _CARRIED_IN] or row[at + _RECEIVED]:
                yield months[offset], key, row[at : at + _SLOTS]


def _finish(counters: list[int]) -> dict[str, int]:
    """The named figures (``FIGURES`` for cases, then money) of one row of raw counters."""
    values: list[int] = []
    for unit in (0, _MONEY):
        (
            carried_in,
            received,
            delegated,
            returned,
            completed,
            terminated,
            carried_out,
            without,
            with_open,
        ) = counters[unit : unit + _WIDTH]
        accepted = carried_in + received
        done = completed + terminated
        values += (
            carried_in,
            received,
            accepted,
            delegated,
            returned,
            accepted - delegated - returned,
            done + with_open,
            without,
            completed,
            terminated,
            done,
            carried_out,
        )
    return dict(zip(_NAMES, values, strict=True))
