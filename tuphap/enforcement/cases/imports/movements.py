"""Checking money movement rows: each case's balances in date order. See the package docstring."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.enforcement.cases import workflow
from tuphap.enforcement.cases.imports.columns import MOVEMENTS_SHEET
from tuphap.enforcement.cases.imports.reading import Raw, RowError
from tuphap.enforcement.cases.imports.validation import (
    CaseRow,
    _chunks,
    _Row,
    _text,
    _today,
    among,
)
from tuphap.enforcement.cases.models import (
    DONE_KINDS,
    EnforcementCase,
    Movement,
    MovementKind,
)

# -- movements -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedMovement:
    """A movement of a case already in the database."""

    line: int
    case_id: int
    province_id: int
    kind: str
    amount: int
    on_date: datetime.date
    note: str


@dataclass
class MovementBatch:
    """The movements of cases already in the database, with what each case had recorded when
    the file was checked (collected, reduced, paid out): ``load`` locks those cases and refuses
    the file if their money changed meanwhile."""

    rows: list[RecordedMovement] = field(default_factory=list)
    seen: dict[int, tuple[int, int, int]] = field(default_factory=dict)


@dataclass
class _Target:
    """A case a movement may refer to: one of the file (``row``) or one recorded."""

    decision_year: int
    decision_date: datetime.date
    amount: int
    closed_on: datetime.date | None
    row: CaseRow | None = None
    case_id: int = 0
    province_id: int = 0
    sums: tuple[int, int, int] = (0, 0, 0)


MOVEMENT_KINDS: frozenset[str] = frozenset(MovementKind.values)
# (line, kind, amount, date, note)
_Pending = tuple[int, str, int, datetime.date, str]
# On one day, what is collected can be paid out the same day.
KIND_ORDER: dict[str, int] = {
    MovementKind.COLLECTED: 0,
    MovementKind.REDUCED: 0,
    MovementKind.PAID_OUT: 1,
}


def _recorded_targets(
    agency_ids: Sequence[int], numbers: Sequence[str]
) -> dict[tuple[int, str], list[_Target]]:
    """The recorded cases of those offices carrying those decision numbers, with their sums."""
    targets: dict[tuple[int, str], list[_Target]] = defaultdict(list)
    by_case: dict[int, _Target] = {}
    for numbers_among in among("decision_number", sorted(numbers)):
        for case_id, agency_id, year, number, decided, amount, province, closed in (
            EnforcementCase.objects.filter(numbers_among, agency_id__in=agency_ids)
            .values_list(
                "case_id",
                "agency_id",
                "decision_year",
                "decision_number",
                "decision_date",
                "amount_to_enforce",
                "case__province_id",
                "case__closed_at",
            )
            .order_by("case_id")
        ):
            target = _Target(
                year,
                decided,
                amount,
                case_deadlines.local_date(closed) if closed else None,
                case_id=case_id,
                province_id=province or 0,
            )
            by_case[case_id] = target
            targets[(agency_id, number)].append(target)
    for chunk in _chunks(sorted(by_case), 500):
        sums = _sums(chunk)
        for case_id in chunk:
            by_case[case_id].sums = sums.get(case_id, (0, 0, 0))
    return targets


def _sums(case_ids: Sequence[int]) -> dict[int, tuple[int, int, int]]:
    """(collected, reduced, paid out) of each case that has movements."""
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    for case_id, kind, total in (
        Movement.objects.filter(enforcement_case_id__in=case_ids)
        .values_list("enforcement_case_id", "kind")
        .annotate(total=models.Sum("amount"))
        .order_by()
    ):
        totals[case_id][kind] = int(total)
    return {
        case_id: (
            kinds.get(MovementKind.COLLECTED, 0),
            kinds.get(MovementKind.REDUCED, 0),
            kinds.get(MovementKind.PAID_OUT, 0),
        )
        for case_id, kinds in totals.items()
    }


def validate_movements(
    raws: Sequence[tuple[int, Raw]],
    *,
    cases: Sequence[CaseRow] = (),
    pending: Iterable[tuple[str, str]] = (),
    default_agency: str = "",
) -> tuple[MovementBatch, list[RowError]]:
    """Check every movement row. A movement names a case of ``cases`` (the valid rows of the
    cases file: its movements are added to ``CaseRow.movements``) or one already recorded.
    ``pending`` holds the (office code, decision number) of the cases file's bad rows: their
    movements are checked alone (the file is refused anyway). Per case, in date order, the
    collected and reduced sums never exceed the amount to enforce and the paid out sum never
    exceeds the collected one (as ``services.movement_record``). The movements of recorded
    cases, and all errors sorted by line."""
    source = MOVEMENTS_SHEET
    errors: list[RowError] = []
    codes = {_text(raw, "agency_code") or default_agency for _line, raw in raws} - {""}
    agencies = dict(Agency.objects.filter(code__in=codes).values_list("code", "pk"))
    numbers = {_text(raw, "decision_number") for _line, raw in raws} - {""}
    targets = _recorded_targets(sorted(set(agencies.values())), sorted(numbers))
    for case in cases:
        if case.decision_number in numbers:
            targets[(case.agency_id, case.decision_number)].append(
                _Target(
                    case.decision_date.year,
                    case.decision_date,
                    case.amount,
                    case.steps[-1][3] if workflow.SPEC.is_terminal(case.state) else None,
                    row=case,
                )
            )
    waiting = set(pending)
    per_case: dict[int, tuple[_Target, list[_Pending]]] = {}
    today = _today()
    for line, raw in raws:
        row = _Row(line, raw, errors, source, today)
        code = row.text("agency_code") or default_agency
        agency_id = agencies.get(code)
        if not code:
            row.fail("agency_code", _("This field is required."))
        elif agency_id is None:
            row.fail("agency_code", _("Unknown agency code “%(code)s”.") % {"code": code})
        number = row.text("decision_number", required=True)
        year_text = row.text("decision_year")
        year = int(year_text) if year_text.isdigit() else None
        if year_text and year is None:
            row.fail("decision_year", _("Write the year with four digits."))
        kind = row.choice("kind", MOVEMENT_KINDS)
        amount = row.amount("amount")
        if amount == 0 and not row.bad:
            row.fail("amount", _("The amount must be more than 0."))
        day = row.date("on_date")
        note = row.text("note")
        if agency_id is None or not number or (year_text and year is None):
            continue
        found = [
            target
            for target in targets.get((agency_id, number), [])
            if year is None or target.decision_year == year
        ]
        if not found:
            if (code, number) not in waiting:
                row.fail("decision_number", _("Unknown case: the office has no such decision."))
            continue
        if len(found) > 1:
            row.fail(
                "decision_year",
                _("The office has this decision number in several years: give decision_year."),
            )
            continue
        target = found[0]
        if day is not None and day < target.decision_date:
            row.fail("on_date", _("The date is before the enforcement decision."))
        elif day is not None and target.closed_on is not None and day > target.closed_on:
            row.fail("on_date", _("The date is after the case was closed."))
        if target.amount == 0 and not row.bad:
            row.fail("amount", _("The case has no amount of money to enforce."))
        if row.bad or day is None:
            continue
        per_case.setdefault(id(target), (target, []))[1].append((line, kind, amount, day, note))
    batch = MovementBatch()
    for target, movements in per_case.values():
        collected, reduced, paid = target.sums
        movements.sort(key=lambda m: (m[3], KIND_ORDER[m[1]], m[0]))
        for line, kind, amount, day, note in movements:
            if kind in DONE_KINDS:
                left = target.amount - collected - reduced
                if amount > left:
                    errors.append(
                        RowError(
                            line,
                            "amount",
                            _("Only %(amount)s đồng remains to be enforced on that date.")
                            % {"amount": left},
                            source,
                        )
                    )
                    continue
                if kind == MovementKind.COLLECTED:
                    collected += amount
                else:
                    reduced += amount
            else:
                unpaid = collected - paid
                if amount > unpaid:
                    errors.append(
                        RowError(
                            line,
                            "amount",
                            _("Only %(amount)s đồng collected is not yet paid out on that date.")
                            % {"amount": unpaid},
                            source,
                        )
                    )
                    continue
                paid += amount
            if target.row is not None:
                target.row.movements.append((kind, amount, day, note))
            else:
                batch.rows.append(
                    RecordedMovement(
                        line, target.case_id, target.province_id, kind, amount, day, note
                    )
                )
                batch.seen[target.case_id] = target.sums
    errors.sort(key=lambda error: error.line)
    batch.rows.sort(key=lambda movement: movement.line)
    return batch, errors
