"""The THAHC figures (follow-up of administrative judgments) of a window of days, computed from
the register (docs/domain/enforcement.md §8.4 defines them; this module is that definition).

For a window [start, end], each judgment registered on or before ``end`` and not closed before
``start`` counts once:

* ``carried_in`` if it was registered before ``start``, else ``received``;
* if closed inside the window: ``completed`` (the body complied) or ``other`` (closed for any
  other reason: judgment set aside on review, obligee withdrew, body dissolved, …);
* else ``not_completed`` (still followed up at ``end``).

So per judgment, and in every sum: ``carried_in + received = completed + other +
not_completed`` — the "other" bucket makes the totals reconcile (domain.md §3.6: the 2023
national figures 582 + 776 ≠ 1,375). ``accepted`` (tổng số phải thi hành) = carried_in +
received. ``compelled`` counts the court compulsion decisions recorded inside the window.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tuphap.casework.models import CaseAction
from tuphap.enforcement.administrative import workflow as administrative
from tuphap.enforcement.administrative.models import AdministrativeJudgment
from tuphap.enforcement.cases import history

FIGURES = (
    "carried_in",
    "received",
    "accepted",
    "completed",
    "other",
    "not_completed",
    "compelled",
)
EXITS = {administrative.COMPLETED: "completed", administrative.CLOSED_OTHER: "other"}

Key = tuple[int, int]  # (place id, agency id)
Figures = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class JudgmentFacts:
    case_id: int
    place_id: int
    agency_id: int
    received_on: datetime.date
    exit_state: str | None
    exit_date: datetime.date | None
    compelled_on: tuple[datetime.date, ...]


def load(*, until: datetime.date) -> list[JudgmentFacts]:
    """The facts of every judgment registered on or before ``until`` (two queries)."""
    details = AdministrativeJudgment.objects.filter(received_on__lte=until)
    rows = list(details.values_list("case_id", "case__place_id", "agency_id", "received_on"))
    journal: dict[int, list[history.JournalRow]] = defaultdict(list)
    actions = history.journal_rows(
        CaseAction.objects.filter(case__administrative_detail__in=details), "case_id"
    )
    for case_id, kind, transition, to_state, decided, day in actions.iterator(chunk_size=5000):
        journal[case_id].append((kind, transition, to_state, decided, day))
    facts = []
    for case_id, place_id, agency_id, received_on in rows:
        steps = history.effective_steps(received_on, journal.get(case_id, []))
        exit_state = exit_date = None
        for _transition, state, day in steps:
            if state in administrative.TERMINAL_STATES:
                exit_state, exit_date = state, day
                break
        compelled = tuple(day for name, _state, day in steps if name == administrative.COMPEL)
        facts.append(
            JudgmentFacts(
                case_id, place_id, agency_id, received_on, exit_state, exit_date, compelled
            )
        )
    return facts


def compute(facts: Iterable[JudgmentFacts], start: datetime.date, end: datetime.date) -> Figures:
    """The figures of the window [start, end] per (place, agency); every figure present."""
    result: Figures = {}
    for fact in facts:
        if fact.received_on > end or (fact.exit_date is not None and fact.exit_date < start):
            continue
        figures = result.setdefault((fact.place_id, fact.agency_id), dict.fromkeys(FIGURES, 0))
        figures["carried_in" if fact.received_on < start else "received"] += 1
        figures["accepted"] += 1
        if fact.exit_date is not None and fact.exit_date <= end:
            assert fact.exit_state is not None  # noqa: S101 - set with exit_date
            figures[EXITS[fact.exit_state]] += 1
        else:
            figures["not_completed"] += 1
        figures["compelled"] += sum(1 for day in fact.compelled_on if start <= day <= end)
    return result


def totals(figures: Figures) -> dict[str, int]:
    """The figures added over places and agencies."""
    total = dict.fromkeys(FIGURES, 0)
    for values in figures.values():
        for name, value in values.items():
            total[name] += value
    return total
