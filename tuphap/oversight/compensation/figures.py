"""The state compensation figures of a window of days, computed from the register
(docs/domain/compensation.md §6 defines them; this module is that definition).

For a window [start, end], each claim accepted on or before ``end`` and not done before
``start`` counts once: ``carried_in`` if accepted before ``start``, else ``accepted``; then
``done`` if its resolution ended inside the window — ``resolved`` (a decision issued; split
into ``resolved_on_time`` and ``resolved_late`` against the negotiation clock), ``terminated``
or ``to_court`` (taken to court before a decision) — else ``carried_out``. So carried_in +
accepted = done + carried_out, done = resolved + terminated + to_court, resolved = on time +
late. ``received`` and ``refused`` count the claims received and refused in the window.

Money (integer đồng): ``amount_claimed`` of the claims accepted in the window,
``amount_decided`` of the decisions issued in it, ``amount_paid`` of the payments made in it
and ``advance_amount`` of the advances paid in it (``advances`` counts them);
``recourse_decided`` and ``recourse_collected`` the recourse amounts decided and the instalments
collected in the window. The categories count the claims accepted in the window by sector.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from tuphap.oversight.compensation import rules
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import (
    Advance,
    CompensationClaim,
    DamageItem,
    Recourse,
    RecourseInstalment,
)

FLOW = (
    "carried_in",
    "accepted",
    "done",
    "resolved",
    "resolved_on_time",
    "resolved_late",
    "terminated",
    "to_court",
    "carried_out",
)
OTHER = ("received", "refused", "advances")
MONEY = (
    "amount_claimed",
    "amount_decided",
    "amount_paid",
    "advance_amount",
    "recourse_decided",
    "recourse_collected",
)
SECTORS = [str(value) for value in rules.Sector.values]

Key = tuple[int | None, int]  # (place id, agency id)
Figures = dict[Key, dict[str, int]]
Dated = list[tuple[datetime.date, int]]


@dataclass
class ClaimFacts:
    place_id: int | None
    agency_id: int
    sector: str
    received_on: datetime.date
    accepted_on: datetime.date | None
    refused_on: datetime.date | None
    decided_on: datetime.date | None
    decided_on_time: bool | None
    ended_state: str | None  # terminated or court (without a decision)
    ended_on: datetime.date | None
    claimed: int = 0
    decided: int = 0
    paid_on: datetime.date | None = None
    paid: int = 0
    advances: Dated = field(default_factory=list)
    recourse: Dated = field(default_factory=list)
    instalments: Dated = field(default_factory=list)
    case_id: int | None = None  # the claim's, for the drill-down


def load(*, until: datetime.date, claims: Any = None) -> list[ClaimFacts]:
    """Every claim received on or before ``until`` (of the ``claims`` case ids given, all by
    default) with its money, in five queries."""
    rows = CompensationClaim.objects.filter(received_on__lte=until)
    if claims is not None:
        rows = rows.filter(case_id__in=claims)
    facts: dict[int, ClaimFacts] = {}
    for (
        case_id,
        place_id,
        agency_id,
        sector,
        received_on,
        accepted_on,
        state,
        ended_on,
        decided_on,
        on_time,
        paid_on,
        paid,
    ) in rows.values_list(
        "case_id",
        "case__place_id",
        "agency_id",
        "sector",
        "received_on",
        "accepted_on",
        "case__state",
        "ended_on",
        "decided_on",
        "decided_on_time",
        "paid_on",
        "paid_amount",
    ).order_by():
        ended = state if state in (compensation.TERMINATED, compensation.COURT) else None
        facts[case_id] = ClaimFacts(
            place_id,
            agency_id,
            sector,
            received_on,
            accepted_on,
            ended_on if state == compensation.REFUSED else None,
            decided_on,
            on_time,
            None if decided_on else ended,
            None if decided_on or ended is None else ended_on,
            paid_on=paid_on,
            paid=paid,
            case_id=case_id,
        )
    ids = list(facts)
    for case_id, claimed, decided in (
        DamageItem.objects.filter(claim_id__in=ids)
        .values("claim_id")
        .annotate(c=Sum("claimed"), d=Sum("decided"))
        .values_list("claim_id", "c", "d")
        .order_by()
    ):
        facts[case_id].claimed = claimed or 0
        facts[case_id].decided = decided or 0
    for case_id, paid_on, amount in Advance.objects.filter(
        claim_id__in=ids, paid_on__isnull=False
    ).values_list("claim_id", "paid_on", "amount"):
        if paid_on is not None:
            facts[case_id].advances.append((paid_on, amount))
    for case_id, decided_on, amount in Recourse.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "decided_on", "amount"
    ):
        facts[case_id].recourse.append((decided_on, amount))
    for case_id, paid_on, amount in RecourseInstalment.objects.filter(
        recourse__claim_id__in=ids
    ).values_list("recourse__claim_id", "paid_on", "amount"):
        facts[case_id].instalments.append((paid_on, amount))
    return list(facts.values())


def empty() -> dict[str, int]:
    names = [*FLOW, *OTHER, *MONEY, *(f"sector.{sector}" for sector in SECTORS)]
    return dict.fromkeys(names, 0)


def _inside(day: datetime.date | None, start: datetime.date, end: datetime.date) -> bool:
    return day is not None and start <= day <= end


def compute(facts: Iterable[ClaimFacts], start: datetime.date, end: datetime.date) -> Figures:
    """The figures of the window [start, end] per (place, agency); every figure present."""
    result: Figures = defaultdict(empty)
    for fact in facts:
        key = (fact.place_id, fact.agency_id)
        values = result[key]
        if _inside(fact.received_on, start, end):
            values["received"] += 1
        if _inside(fact.refused_on, start, end):
            values["refused"] += 1
        if _inside(fact.decided_on, start, end):
            values["amount_decided"] += fact.decided
        if _inside(fact.paid_on, start, end):
            values["amount_paid"] += fact.paid
        for day, amount in fact.advances:
            if _inside(day, start, end):
                values["advances"] += 1
                values["advance_amount"] += amount
        for day, amount in fact.recourse:
            if _inside(day, start, end):
                values["recourse_decided"] += amount
        for day, amount in fact.instalments:
            if _inside(day, start, end):
                values["recourse_collected"] += amount
        accepted = fact.accepted_on
        if accepted is None or accepted > end:
            continue
        done_on = fact.decided_on or fact.ended_on
        if done_on is not None and done_on < start:
            continue
        if accepted < start:
            values["carried_in"] += 1
        else:
            values["accepted"] += 1
            values["amount_claimed"] += fact.claimed
            values[f"sector.{fact.sector}"] += 1
        if done_on is not None and done_on <= end:
            values["done"] += 1
            if fact.decided_on is not None:
                values["resolved"] += 1
                values[
                    "resolved_late" if fact.decided_on_time is False else "resolved_on_time"
                ] += 1
            elif fact.ended_state == compensation.COURT:
                values["to_court"] += 1
            else:
                values["terminated"] += 1
        else:
            values["carried_out"] += 1
    return {key: values for key, values in result.items() if any(values.values())}


def totals(result: Figures) -> dict[str, int]:
    total = empty()
    for values in result.values():
        for name, value in values.items():
            total[name] += value
    return total
