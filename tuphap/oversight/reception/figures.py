"""The figures of letter handling (Biểu 01/XLD, "Tổng hợp kết quả xử lý đơn") and of citizen
reception for a window of days, computed from the register (docs/domain/oversight.md §4
defines them; this module is that definition).

A duplicate (the same sender, the same content) is recorded but never counted: only the
original counts. For a window [start, end], each other letter received on or before ``end``
and not handled before ``start`` counts once: ``carried_in`` if received before ``start``,
else ``received``; then ``handled`` if handled inside the window, else ``carried_out``. So

    total = carried_in + received = handled + carried_out          (Biểu 01: 1 = 2 + 3 = 4 + 5)

The letters handled in the window split into ``eligible`` and ``not_eligible``; the eligible
ones by content (complaint, denunciation, petition), by competence (``within`` by content;
``outside`` = ``guided`` + ``transferred``) and by field. ``matters`` counts the eligible
letters that are the first eligible letter handled of their matter (so a matter counts once
whatever the window). ``urged`` counts the letters urged in the window (any handled earlier).

Receptions count the sessions held in the window by kind, with the people received, the
crowds and the online ones."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from tuphap.oversight.reception import rules
from tuphap.oversight.reception.models import Letter, LetterAction, ReceptionSession

FLOW = ("carried_in", "received", "total", "handled", "carried_out")
CONTENTS = ("complaint", "denunciation", "petition")
RESULTS = (
    "eligible",
    "not_eligible",
    "matters",
    *CONTENTS,
    "within",
    *(f"within.{content}" for content in CONTENTS),
    "outside",
    "guided",
    "transferred",
    "urged",
    "duplicates",
)
FIELDS = [str(value) for value in rules.Field.values]
KINDS = [str(value) for value in rules.SessionKind.values]
RECEPTIONS = ("receptions", *(f"receptions.{kind}" for kind in KINDS), "people", "crowds", "online")

Key = tuple[int | None, int]  # (place id, agency id)
Figures = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class LetterFacts:
    pk: int
    place_id: int | None
    agency_id: int
    received_on: datetime.date
    handled_on: datetime.date | None
    classification: str
    field: str
    competence: str
    handling: str
    duplicate: bool
    matter: int  # the id of the first letter of the matter
    urged_on: tuple[datetime.date, ...]
    first_of_matter: bool  # the first eligible letter handled of its matter


@dataclass(frozen=True)
class SessionFacts:
    place_id: int | None
    agency_id: int
    held_on: datetime.date
    kind: str
    headcount: int
    crowd: bool
    online: bool


Facts = tuple[list[LetterFacts], list[SessionFacts]]


def load(*, until: datetime.date, agencies: Iterable[int] | None = None) -> Facts:
    """Every letter and session that may count on or before ``until`` (three queries), of the
    ``agencies`` given (all by default)."""
    letters = Letter.objects.filter(received_on__lte=until)
    sessions = ReceptionSession.objects.filter(held_on__lte=until)
    urges = LetterAction.objects.filter(kind=rules.ActionKind.URGED, on__lte=until)
    if agencies is not None:
        wanted = list(agencies)
        letters = letters.filter(agency_id__in=wanted)
        sessions = sessions.filter(agency_id__in=wanted)
        urges = urges.filter(letter__agency_id__in=wanted)
    urged: dict[int, list[datetime.date]] = {}
    for letter_id, on in urges.values_list("letter_id", "on").order_by():
        urged.setdefault(letter_id, []).append(on)
    rows = letters.values_list(
        "pk",
        "place_id",
        "agency_id",
        "received_on",
        "handled_on",
        "classification",
        "field",
        "competence",
        "handling",
        "duplicate_of_id",
        "matter_of_id",
    ).order_by()
    raw = list(rows.iterator(chunk_size=5000))
    # The first eligible letter handled of each matter (by day handled, then number).
    first: dict[int, tuple[datetime.date, int]] = {}
    for pk, _p, _a, _r, handled_on, classification, _f, _c, _h, duplicate_of, matter_of in raw:
        if duplicate_of is not None or handled_on is None or not _eligible(classification):
            continue
        matter = matter_of or pk
        if matter not in first or (handled_on, pk) < first[matter]:
            first[matter] = (handled_on, pk)
    facts = [
        LetterFacts(
            pk,
            place_id,
            agency_id,
            received_on,
            handled_on,
            classification,
            field,
            competence,
            handling,
            duplicate_of is not None,
            matter_of or pk,
            tuple(urged.get(pk, ())),
            first.get(matter_of or pk, (None, None))[1] == pk,
        )
        for (
            pk,
            place_id,
            agency_id,
            received_on,
            handled_on,
            classification,
            field,
            competence,
            handling,
            duplicate_of,
            matter_of,
        ) in raw
    ]
    session_facts = [
        SessionFacts(place_id, agency_id, held_on, kind, headcount, crowd, mode == "online")
        for place_id, agency_id, held_on, kind, headcount, crowd, mode in sessions.values_list(
            "place_id", "agency_id", "held_on", "kind", "headcount", "delegation", "mode"
        ).order_by()
    ]
    return facts, session_facts


def _eligible(classification: str) -> bool:
    return classification in CONTENTS


def empty() -> dict[str, int]:
    names = [*FLOW, *RESULTS, *(f"field.{field}" for field in FIELDS), *RECEPTIONS]
    return dict.fromkeys(names, 0)


def compute(facts: Facts, start: datetime.date, end: datetime.date) -> Figures:
    """The figures of the window [start, end] per (place, agency); every figure present."""
    letters, sessions = facts
    result: Figures = {}

    def figures(place_id: int | None, agency_id: int) -> dict[str, int]:
        return result.setdefault((place_id, agency_id), empty())

    for fact in letters:
        if fact.received_on > end:
            continue
        if fact.duplicate:
            if fact.received_on >= start:
                figures(fact.place_id, fact.agency_id)["duplicates"] += 1
            continue
        if any(start <= day <= end for day in fact.urged_on):
            figures(fact.place_id, fact.agency_id)["urged"] += 1
        if fact.handled_on is not None and fact.handled_on < start:
            continue
        values = figures(fact.place_id, fact.agency_id)
        values["carried_in" if fact.received_on < start else "received"] += 1
        values["total"] += 1
        if fact.handled_on is None or fact.handled_on > end:
            values["carried_out"] += 1
            continue
        values["handled"] += 1
        if not _eligible(fact.classification):
            values["not_eligible"] += 1
            continue
        values["eligible"] += 1
        values["matters"] += int(fact.first_of_matter)
        values[fact.classification] += 1
        if fact.field:
            values[f"field.{fact.field}"] += 1
        else:
            values[f"field.{rules.Field.OTHER}"] += 1
        if fact.competence == rules.Competence.WITHIN:
            values["within"] += 1
            values[f"within.{fact.classification}"] += 1
        else:
            values["outside"] += 1
            values["transferred" if fact.handling == rules.Handling.TRANSFERRED else "guided"] += 1
    for session in sessions:
        if not start <= session.held_on <= end:
            continue
        values = figures(session.place_id, session.agency_id)
        values["receptions"] += 1
        values[f"receptions.{session.kind}"] += 1
        values["people"] += session.headcount
        values["crowds"] += int(session.crowd)
        values["online"] += int(session.online)
    return result


def totals(result: Figures) -> dict[str, int]:
    total = empty()
    for values in result.values():
        for name, value in values.items():
            total[name] += value
    return total


def check(values: dict[str, int]) -> list[str]:
    """The identities of Biểu 01/XLD that ``values`` breaks (none when it is right)."""
    broken = []
    pairs = {
        "total = carried in + received": (
            values["total"],
            values["carried_in"] + values["received"],
        ),
        "total = handled + not handled": (
            values["total"],
            values["handled"] + values["carried_out"],
        ),
        "handled = eligible + not eligible": (
            values["handled"],
            values["eligible"] + values["not_eligible"],
        ),
        "eligible = by content": (values["eligible"], sum(values[c] for c in CONTENTS)),
        "eligible = within + outside": (values["eligible"], values["within"] + values["outside"]),
        "outside = guided + transferred": (
            values["outside"],
            values["guided"] + values["transferred"],
        ),
        "within = by content": (
            values["within"],
            sum(values[f"within.{c}"] for c in CONTENTS),
        ),
        "eligible = by field": (values["eligible"], sum(values[f"field.{f}"] for f in FIELDS)),
        "receptions = by kind": (
            values["receptions"],
            sum(values[f"receptions.{kind}"] for kind in KINDS),
        ),
    }
    for name, (left, right) in pairs.items():
        if left != right:
            broken.append(f"{name}: {left} ≠ {right}")
    return broken
