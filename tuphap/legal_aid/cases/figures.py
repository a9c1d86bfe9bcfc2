"""The legal aid figures of a window of days, computed from the register (docs/domain/
legal-aid.md §6 defines them; this module is that definition).

For a window [start, end], each case accepted on or before ``end`` and not ended before
``start`` counts once: ``carried_in`` if accepted before ``start``, else ``accepted``; then
``completed``, ``discontinued`` or ``terminated`` if it ended inside the window (together
``done``), else ``carried_out``. So carried_in + accepted = done + carried_out in every sum.
The categories (form, field, group, stage) count the cases accepted in the window; notices by
the day of the notice; assignments by the day of the first assignment; complex, typical cases
by the day of the evaluation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from tuphap.casework import deadlines as case_deadlines
from tuphap.legal_aid.cases import rules
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice

FLOW = ("carried_in", "accepted", "done", "completed", "discontinued", "terminated", "carried_out")
EXITS = {
    legal_aid.COMPLETED: "completed",
    legal_aid.DISCONTINUED: "discontinued",
    legal_aid.TERMINATED: "terminated",
}
CATEGORIES = {
    "form": [str(value) for value in rules.Form.values],
    "field": [str(value) for value in rules.Field.values],
    "group": [str(value) for value in rules.Group.values],
}
STAGES = [str(value) for value in rules.Stage.values if value]
OTHER = (
    "notices_received",
    "notices_late",
    "assigned_on_time",
    "assigned_late",
    "complex",
)

Key = tuple[int | None, int]  # (place id, centre id)
Figures = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class CaseFacts:
    place_id: int | None
    centre_id: int
    accepted_on: datetime.date | None
    ended_state: str | None
    ended_on: datetime.date | None
    form: str
    field: str
    group: str
    stage: str
    assigned_on: datetime.date | None
    assigned_on_time: bool | None
    evaluated_on: datetime.date | None
    complex_typical: bool


@dataclass(frozen=True)
class NoticeFacts:
    place_id: int | None
    centre_id: int
    notified_on: datetime.date
    late: bool


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return case_deadlines.local_date(moment) if moment is not None else None


def load(
    *, until: datetime.date, centres: Iterable[int] | None = None
) -> tuple[list[CaseFacts], list[NoticeFacts]]:
    """Every case and notice that may count on or before ``until`` (two queries), of the
    ``centres`` given (all by default)."""
    details = LegalAidCase.objects.filter(requested_at__lte=case_deadlines.end_of_day(until))
    notice_rows = ProceduralNotice.objects.all()
    if centres is not None:
        wanted = list(centres)
        details = details.filter(centre_id__in=wanted)
        notice_rows = notice_rows.filter(centre_id__in=wanted)
    rows = details.values_list(
        "case__place_id",
        "centre_id",
        "accepted_at",
        "case__state",
        "ended_at",
        "form",
        "field",
        "group",
        "stage",
        "assigned_at",
        "assigned_on_time",
        "evaluated_on",
        "complex_typical",
    ).order_by()
    cases = []
    for (
        place_id,
        centre_id,
        accepted_at,
        state,
        ended_at,
        form,
        field,
        group,
        stage,
        assigned_at,
        on_time,
        evaluated_on,
        complex_typical,
    ) in rows.iterator(chunk_size=5000):
        cases.append(
            CaseFacts(
                place_id,
                centre_id,
                _day(accepted_at),
                state if state in EXITS else None,
                _day(ended_at) if state in EXITS else None,
                form,
                field,
                group,
                stage,
                _day(assigned_at),
                on_time,
                evaluated_on,
                complex_typical,
            )
        )
    notices = [
        NoticeFacts(place_id, centre_id, day, late)
        for place_id, centre_id, notified_at, late in notice_rows.values_list(
            "case__place_id", "centre_id", "notified_at", "late"
        ).order_by()
        if (day := case_deadlines.local_date(notified_at)) <= until
    ]
    return cases, notices


def empty() -> dict[str, int]:
    names = list(FLOW) + list(OTHER)
    for category, values in CATEGORIES.items():
        names += [f"{category}.{value}" for value in values]
    names += [f"stage.{stage}" for stage in STAGES]
    return dict.fromkeys(names, 0)


def compute(
    facts: tuple[Iterable[CaseFacts], Iterable[NoticeFacts]],
    start: datetime.date,
    end: datetime.date,
) -> Figures:
    """The figures of the window [start, end] per (place, centre); every figure present."""
    cases, notices = facts
    result: Figures = {}

    def figures(place_id: int | None, centre_id: int) -> dict[str, int]:
        return result.setdefault((place_id, centre_id), empty())

    for fact in cases:
        inside = start <= (fact.assigned_on or datetime.date.min) <= end
        if inside and fact.assigned_on_time is not None:
            values = figures(fact.place_id, fact.centre_id)
            values["assigned_on_time" if fact.assigned_on_time else "assigned_late"] += 1
        if fact.complex_typical and fact.evaluated_on and start <= fact.evaluated_on <= end:
            figures(fact.place_id, fact.centre_id)["complex"] += 1
        accepted = fact.accepted_on
        if accepted is None or accepted > end:
            continue
        if fact.ended_on is not None and fact.ended_on < start:
            continue
        values = figures(fact.place_id, fact.centre_id)
        if accepted < start:
            values["carried_in"] += 1
        else:
            values["accepted"] += 1
            values[f"form.{fact.form}"] += 1
            values[f"field.{fact.field}"] += 1
            values[f"group.{fact.group}"] += 1
            if fact.form == rules.Form.PARTICIPATION and fact.stage:
                values[f"stage.{fact.stage}"] += 1
        if fact.ended_on is not None and fact.ended_on <= end:
            assert fact.ended_state is not None  # noqa: S101 - set with ended_on
            values[EXITS[fact.ended_state]] += 1
            values["done"] += 1
        else:
            values["carried_out"] += 1
    for notice in notices:
        if start <= notice.notified_on <= end:
            values = figures(notice.place_id, notice.centre_id)
            values["notices_received"] += 1
            values["notices_late"] += int(notice.late)
    return result


def totals(result: Figures) -> dict[str, int]:
    total = empty()
    for values in result.values():
        for name, value in values.items():
            total[name] += value
    return total
