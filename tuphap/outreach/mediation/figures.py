"""The mediation figures of a window of days, computed from the book (docs/domain/outreach.md
§6 defines them; this module is that definition).

For a window [start, end], each matter received on or before ``end`` and not ended before
``start`` counts once: ``carried_in`` if received before ``start``, else ``received``; then, if
it ended inside the window, ``successful``, ``unsuccessful``, ``ended`` (by a party or the
mediator) or ``refused`` (Art. 3), else ``in_progress`` (carried to the next period). So

    carried_in + received = successful + unsuccessful + ended + refused + in_progress

in every sum. ``concluded`` = successful + unsuccessful + ended (a refusal was never mediated).
The success rate is successful / concluded; successful / received is shown beside it (the
reference is unsure which one the ministry publishes)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from tuphap.outreach.mediation import rules
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.mediation.models import MediationCase

FLOW = (
    "carried_in",
    "received",
    "successful",
    "unsuccessful",
    "ended",
    "refused",
    "in_progress",
    "concluded",
)
EXITS = {
    book.SUCCESSFUL: "successful",
    book.UNSUCCESSFUL: "unsuccessful",
    book.ENDED_BY_PARTY: "ended",
    book.ENDED_BY_MEDIATOR: "ended",
    book.REFUSED: "refused",
}
OTHER = ("started_on_time", "started_late")
FIELDS = [str(v) for v in rules.Field.values]

Key = tuple[int | None, int]  # (place id, agency id)
Figures = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class Fact:
    place_id: int | None
    agency_id: int
    received_on: datetime.date
    ended_state: str | None
    ended_on: datetime.date | None
    field: str
    started_on: datetime.date | None
    on_time: bool | None


def load(*, until: datetime.date, agencies: Iterable[int] | None = None) -> list[Fact]:
    rows = MediationCase.objects.filter(received_on__lte=until)
    if agencies is not None:
        rows = rows.filter(case__agency_id__in=list(agencies))
    return [
        Fact(
            place,
            agency,
            received,
            state if state in EXITS else None,
            ended if state in EXITS else None,
            field,
            started,
            on_time,
        )
        for place, agency, received, state, ended, field, started, on_time in rows.values_list(
            "case__place_id",
            "case__agency_id",
            "received_on",
            "case__state",
            "ended_on",
            "field",
            "started_on",
            "started_on_time",
        )
        .order_by()
        .iterator(chunk_size=5000)
    ]


def empty() -> dict[str, int]:
    return dict.fromkeys([*FLOW, *OTHER, *(f"field.{f}" for f in FIELDS)], 0)


def compute(facts: Iterable[Fact], start: datetime.date, end: datetime.date) -> Figures:
    result: Figures = {}
    for fact in facts:
        if (
            fact.started_on is not None
            and start <= fact.started_on <= end
            and fact.on_time is not None
        ):
            values = result.setdefault((fact.place_id, fact.agency_id), empty())
            values["started_on_time" if fact.on_time else "started_late"] += 1
        if fact.received_on > end or (fact.ended_on is not None and fact.ended_on < start):
            continue
        values = result.setdefault((fact.place_id, fact.agency_id), empty())
        if fact.received_on < start:
            values["carried_in"] += 1
        else:
            values["received"] += 1
            values[f"field.{fact.field}"] += 1
        if fact.ended_on is not None and fact.ended_on <= end:
            assert fact.ended_state is not None  # noqa: S101 - set with ended_on
            exit_ = EXITS[fact.ended_state]
            values[exit_] += 1
            if exit_ != "refused":
                values["concluded"] += 1
        else:
            values["in_progress"] += 1
    return result


def totals(result: Figures) -> dict[str, int]:
    total = empty()
    for values in result.values():
        for name, value in values.items():
            total[name] += value
    return total


def rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None
