"""Bulk import of enforcement cases (THADS) from a CSV or XLSX file, and the bulk writer that
the national data generator (``generate.py``) shares.

Three stages, documented in docs/domain/enforcement-import.md:

1. ``read_rows`` turns a file into ``(line, {column: text})`` pairs (line 1 is the header);
2. ``validate`` checks every row against the register's rules and the database (agencies,
   places valid at the decision date, decision numbers already taken) and returns the resolved
   ``CaseRow``s and every ``RowError`` (line, column, reason) — a file with one bad row loads
   nothing;
3. ``load`` writes all rows in one transaction: judgments, requests, cases numbered from the case
   engine's counters (one locked update per office and year for the whole block), case details,
   obligors, obligations, journal rows, money movements, and one audit row. On PostgreSQL the
   tables are filled with ``COPY … FROM STDIN``; on SQLite with ``bulk_create`` in batches.

An imported case gets one journal row: a state change ``imported`` from nothing to its current
state, dated (``decided_on``) with the date that state was reached — the form
``enforcement.history`` reads, so the statistics count the case from its decision date and its
end on the state's date.
"""

from __future__ import annotations

import csv
import datetime
import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Case as DbCase
from django.db.models import F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case, CaseAction, CaseCounter
from tuphap.core import audit
from tuphap.enforcement import rules, services, workflow
from tuphap.enforcement.models import (
    DONE_KINDS,
    WITHOUT_CONDITION_GROUNDS,
    Basis,
    ConditionGround,
    EnforcementCase,
    EnforcementRequest,
    Judgment,
    JudgmentKind,
    Movement,
    MovementKind,
    Obligation,
    ObligationKind,
    Party,
    PartyKind,
    PartyRole,
)
from tuphap.places.models import AdministrativeUnit, Boundaries, UnitSuccession

BATCH = 2000
IMPORTED = "imported"  # the transition name of an imported case's one journal row
AUDIT_ACTION = "enforcement.cases.imported"
CASES_SHEET = "cases"
MOVEMENTS_SHEET = "movements"

# -- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("agency_code", False, "Code of the enforcement office (or --agency)", "THADS-40"),
    Column(
        "judgment_court", True, "Court that issued the judgment", "Tòa án nhân dân tỉnh Nghệ An"
    ),
    Column("judgment_number", True, "Judgment number", "15/2025/DS-ST"),
    Column("judgment_date", True, "Judgment date, YYYY-MM-DD or DD/MM/YYYY", "2025-09-10"),
    Column("judgment_type", True, "One of: " + ", ".join(JudgmentKind.values), "civil"),
    Column("judgment_effective_date", True, "Date the judgment took effect", "2025-10-10"),
    Column("request_basis", True, "ex_officio or on_request", "on_request"),
    Column("request_date", True, "Request date (receipt date for ex officio)", "2025-10-20"),
    Column("requester_name", False, "Requester (required on request)", "Nguyễn Văn A"),
    Column("decision_number", True, "Enforcement decision number", "120/QĐ-THADS"),
    Column("decision_date", True, "Enforcement decision date", "2025-10-24"),
    Column("place_id", False, "Id of the administrative unit (or place_code)", ""),
    Column("place_code", False, "Code of the commune or province", "16681"),
    Column("place_boundaries", False, "old (before 1 Jul 2025) or new; default: by date", "new"),
    Column("amount", True, "Amount to enforce, whole đồng (0 for a non-money case)", "150000000"),
    Column("obligation", False, "What is ordered (required when amount is 0)", "Trả nợ vay"),
    Column("obligor_name", True, "Obligor's name", "Trần Văn B"),
    Column("obligor_kind", False, "person (default) or organisation", "person"),
    Column("obligor_identification", False, "12-digit number or organisation code", ""),
    Column("asset_recovery", False, "1 if asset recovery in a corruption/economic case", "0"),
    Column("credit_institution_debt", False, "1 if a credit institution's debt", "0"),
    Column("state", False, "Current state (default accepted)", "with_conditions"),
    Column("state_date", False, "Date the current state was reached", "2025-11-20"),
    Column("condition_ground", False, "Ground of the classification", "has_means"),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
# The money movements (second CSV file, or the sheet ``movements``); a case is named by its
# office and decision number (+ the decision's year when the office reused the number).
MOVEMENT_COLUMNS: tuple[Column, ...] = (
    Column("agency_code", False, "Code of the office of the case (or --agency)", "THADS-40"),
    Column("decision_number", True, "Enforcement decision number of the case", "120/QĐ-THADS"),
    Column("decision_year", False, "Year of the decision, if the number repeats", "2025"),
    Column("kind", True, "One of: " + ", ".join(MovementKind.values), "collected"),
    Column("amount", True, "Whole đồng, more than 0", "50000000"),
    Column("on_date", True, "Date of the movement, YYYY-MM-DD or DD/MM/YYYY", "2025-11-25"),
    Column("note", False, "Receipt or remark", "Biên lai 0012"),
)
MOVEMENT_COLUMN_NAMES = tuple(column.name for column in MOVEMENT_COLUMNS)
TRUE = frozenset({"1", "true", "yes", "y", "x", "có", "co"})
FALSE = frozenset({"", "0", "false", "no", "n", "không", "khong"})
CLASSIFIED_WITH = frozenset(
    {workflow.WITH_CONDITIONS, workflow.ENFORCING, workflow.POSTPONED, workflow.SUSPENDED}
)
CLASSIFIED_WITHOUT = frozenset({workflow.WITHOUT_CONDITIONS, workflow.SEPARATE_BOOK})
STATES = frozenset(state.code for state in workflow.STATES)


def movements_template_path(path: Path) -> Path:
    """Where the CSV template of the movements goes by default: ``cases.csv`` →
    ``cases_movements.csv``."""
    return path.with_name(f"{path.stem}_movements{path.suffix}")


def write_template(path: Path, movements: Path | None = None) -> list[Path]:
    """The templates with their header and one example row: an XLSX book with the sheets
    ``cases``, ``movements`` and ``columns``, or two CSV files (``movements`` or the default
    sibling name). The written paths."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = CASES_SHEET
        sheet.append(list(COLUMN_NAMES))
        sheet.append([column.example for column in COLUMNS])
        money = book.create_sheet(MOVEMENTS_SHEET)
        money.append(list(MOVEMENT_COLUMN_NAMES))
        money.append([column.example for column in MOVEMENT_COLUMNS])
        notes = book.create_sheet("columns")
        notes.append(["sheet", "column", "required", "meaning"])
        for name, columns in ((CASES_SHEET, COLUMNS), (MOVEMENTS_SHEET, MOVEMENT_COLUMNS)):
            for column in columns:
                notes.append([name, column.name, "yes" if column.required else "no", column.help])
        book.save(path)
        return [path]
    target = movements or movements_template_path(path)
    for destination, columns in ((path, COLUMNS), (target, MOVEMENT_COLUMNS)):
        with destination.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([column.name for column in columns])
            writer.writerow([column.example for column in columns])
    return [path, target]


# -- reading -------------------------------------------------------------------------------------


Raw = dict[str, Any]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str
    source: str = ""  # "" for the cases, "movements" for the movements file or sheet

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}line {self.line}, column {self.column or '-'}: {self.reason}"


class ImportRefused(Exception):
    """The file has bad rows; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def read_rows(
    path: Path, *, movements: bool = False
) -> tuple[list[tuple[int, Raw]], list[RowError]]:
    """The data rows with their line numbers, or the header's errors. ``movements``: read the
    movements (in an XLSX book, the sheet ``movements``)."""
    columns = MOVEMENT_COLUMNS if movements else COLUMNS
    source = MOVEMENTS_SHEET if movements else ""
    sheet = MOVEMENTS_SHEET if movements else CASES_SHEET
    lines = _xlsx_lines(path, sheet) if path.suffix.lower() == ".xlsx" else _csv_lines(path)
    try:
        header = [str(name or "").strip().lower() for name in next(lines)[1]]
    except StopIteration:
        return [], [RowError(1, "", _("The file is empty."), source)]
    names = {column.name for column in columns}
    errors = [
        RowError(1, name, _("Unknown column."), source)
        for name in header
        if name and name not in names
    ]
    errors += [
        RowError(1, column.name, _("The column is missing."), source)
        for column in columns
        if column.required and column.name not in header
    ]
    if errors:
        return [], errors
    rows = []
    for line, values in lines:
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        rows.append((line, dict(zip(header, values, strict=False))))
    return rows, []


def _csv_lines(path: Path) -> Iterator[tuple[int, list[Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for values in reader:
            yield reader.line_num, list(values)


def xlsx_sheets(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _xlsx_lines(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    """The rows of the sheet ``name``, or of the first sheet when the book has no such one."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book[name] if name in book.sheetnames else book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


# -- the resolved row ----------------------------------------------------------------------------

# (transition, from_state, to_state, date, extra payload)
Step = tuple[str, str, str, datetime.date, dict[str, Any]]
# (kind, amount, date, note)
MovementRow = tuple[str, int, datetime.date, str]
JudgmentKey = tuple[int, str, str, datetime.date]


@dataclass
class CaseRow:
    line: int
    agency_id: int
    place_id: int
    province_id: int
    court_name: str
    judgment_number: str
    judgment_date: datetime.date
    judgment_kind: str
    effective_on: datetime.date
    basis: str
    requested_on: datetime.date
    requester_name: str
    decision_number: str
    decision_date: datetime.date
    amount: int
    obligation: str
    obligor_name: str
    obligor_kind: str
    obligor_identification: str
    asset_recovery: bool
    credit_institution_debt: bool
    state: str
    condition_ground: str
    classified_on: datetime.date | None
    # The journal: the first step opens the case (transition "") or imports it ("imported").
    steps: list[Step] = field(default_factory=list)
    movements: list[MovementRow] = field(default_factory=list)

    @property
    def judgment_key(self) -> JudgmentKey:
        return (self.agency_id, self.court_name, self.judgment_number, self.judgment_date)


# -- validation ----------------------------------------------------------------------------------


def _text(raw: Raw, name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Row:
    """The checks of one row; each failure is recorded against its column."""

    def __init__(self, line: int, raw: Raw, errors: list[RowError], source: str = "") -> None:
        self.line, self.raw, self.errors, self.bad = line, raw, errors, False
        self.source = source

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.line, column, reason, self.source))
        self.bad = True

    def text(self, name: str, *, required: bool = False) -> str:
        value = _text(self.raw, name)
        if required and not value:
            self.fail(name, _("This field is required."))
        return value

    def date(self, name: str, *, required: bool = True) -> datetime.date | None:
        value = self.raw.get(name)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(self.raw, name)
        if not text:
            if required:
                self.fail(name, _("This field is required."))
            return None
        day = parse_date(text)
        if day is None:
            self.fail(name, _("Not a date: write YYYY-MM-DD or DD/MM/YYYY."))
        elif day > _today():
            self.fail(name, _("The date must not be in the future."))
            return None
        return day

    def choice(self, name: str, choices: Iterable[str], default: str = "") -> str:
        value = self.text(name).lower() or default
        if value not in choices:
            if value:
                self.fail(name, _("Unknown value “%(value)s”.") % {"value": value})
            else:
                self.fail(name, _("This field is required."))
        return value

    def flag(self, name: str) -> bool:
        value = self.text(name).lower()
        if value in TRUE:
            return True
        if value not in FALSE:
            self.fail(name, _("Write 1 or 0."))
        return False

    def amount(self, name: str) -> int:
        value = self.raw.get(name)
        if isinstance(value, bool):
            value = None
        if isinstance(value, float):
            if value.is_integer():
                value = int(value)
            else:
                self.fail(name, _("Enter a whole number of đồng."))
                return 0
        text = str(value).strip() if value is not None else ""
        if not text:
            self.fail(name, _("This field is required."))
            return 0
        try:
            number = int(text, 10)
        except ValueError:
            self.fail(name, _("Enter a whole number of đồng."))
            return 0
        if number < 0:
            self.fail(name, _("The amount must not be negative."))
            return 0
        return number


def parse_date(text: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _today() -> datetime.date:
    return case_deadlines.local_date(timezone.now())


@functools.lru_cache(maxsize=4096)
def _request_limit(effective_on: datetime.date) -> datetime.date:
    return services.request_limit(effective_on)


class _Lookups:
    """What validation needs from the database, fetched in a few queries."""

    def __init__(self, raws: Sequence[tuple[int, Raw]], default_agency: str) -> None:
        codes = {_text(raw, "agency_code") or default_agency for _line, raw in raws}
        self.agencies = {
            agency.code: agency for agency in Agency.objects.filter(code__in=codes - {""})
        }
        self._roots_loaded = False
        self._roots_of: dict[int, set[int]] = defaultdict(set)
        self._parents: dict[int, int | None] = {}
        place_ids = {int(t) for _l, r in raws if (t := _text(r, "place_id")).isdigit()}
        place_codes = {_text(raw, "place_code") for _line, raw in raws} - {""}
        units = list(AdministrativeUnit.objects.filter(pk__in=place_ids))
        for chunk in _chunks(sorted(place_codes), 500):
            units += list(AdministrativeUnit.objects.filter(code__in=chunk))
        self.units_by_id = {unit.pk: unit for unit in units}
        self.units_by_code: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in self.units_by_id.values():
            self.units_by_code[unit.code].append(unit)
        agency_ids = [agency.pk for agency in self.agencies.values()]
        numbers = sorted({_text(raw, "decision_number") for _line, raw in raws} - {""})
        self.decisions: set[tuple[int, int, str]] = set()
        judgment_numbers = sorted({_text(raw, "judgment_number") for _l, raw in raws} - {""})
        self.judgments: dict[JudgmentKey, tuple[int, str, datetime.date]] = {}
        for chunk in _chunks(numbers, 500):
            self.decisions |= set(
                EnforcementCase.objects.filter(
                    agency_id__in=agency_ids, decision_number__in=chunk
                ).values_list("agency_id", "decision_year", "decision_number")
            )
        for chunk in _chunks(judgment_numbers, 500):
            for row in Judgment.objects.filter(
                agency_id__in=agency_ids, number__in=chunk
            ).values_list(
                "id", "agency_id", "court_name", "number", "issued_on", "kind", "effective_on"
            ):
                self.judgments[(row[1], row[2], row[3], row[4])] = (row[0], row[5], row[6])

    def covers(self, agency: Agency, place: AdministrativeUnit) -> bool:
        """``jurisdiction.covered_units`` for one place, from data fetched once: the office's
        units and the units they succeeded cover themselves, their children, grandchildren
        and their province's units."""
        if agency.is_national:
            return True
        if not self._roots_loaded:
            self._load_roots()
        roots = self._roots_of.get(agency.pk, set())
        parent = place.parent_id
        grandparent = self._parents.get(parent) if parent is not None else None
        return bool(roots & {place.pk, parent, grandparent, place.province_id})

    def _load_roots(self) -> None:
        through = Agency.jurisdiction.through
        pairs = list(
            through.objects.filter(
                agency_id__in=[a.pk for a in self.agencies.values()]
            ).values_list("agency_id", "administrativeunit_id")
        )
        direct = {unit for _agency, unit in pairs}
        predecessors: dict[int, set[int]] = defaultdict(set)
        for old, new in UnitSuccession.objects.filter(successor_id__in=direct).values_list(
            "predecessor_id", "successor_id"
        ):
            predecessors[new].add(old)
        self._roots_loaded = True
        for agency_id, unit in pairs:
            self._roots_of[agency_id] |= {unit, *predecessors[unit]}
        parents = {u.parent_id for u in self.units_by_id.values() if u.parent_id is not None}
        self._parents = dict(
            AdministrativeUnit.objects.filter(pk__in=parents).values_list("pk", "parent_id")
        )


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _place(
    row: _Row, lookups: _Lookups, decided: datetime.date | None
) -> AdministrativeUnit | None:
    place_id = row.text("place_id")
    code = row.text("place_code")
    boundaries = row.text("place_boundaries").lower()
    if boundaries and boundaries not in Boundaries.values:
        row.fail("place_boundaries", _("Write old or new."))
        return None
    if place_id:
        unit = lookups.units_by_id.get(int(place_id)) if place_id.isdigit() else None
        if unit is None:
            row.fail("place_id", _("Unknown place."))
            return None
        column = "place_id"
        candidates = [unit]
    elif code:
        candidates = [
            unit
            for unit in lookups.units_by_code.get(code, [])
            if not boundaries or unit.boundaries == boundaries
        ]
        column = "place_code"
        if not candidates:
            row.fail("place_code", _("Unknown place."))
            return None
    else:
        row.fail("place_code", _("Give place_code or place_id."))
        return None
    if decided is None:
        return None
    valid = [unit for unit in candidates if unit.is_valid_on(decided)]
    if not valid:
        row.fail(column, _("The place was not valid on the decision date."))
        return None
    order = {"commune": 0, "district": 1, "province": 2}
    return sorted(valid, key=lambda unit: order.get(unit.level, 3))[0]


def validate(
    raws: Sequence[tuple[int, Raw]], *, default_agency: str = ""
) -> tuple[list[CaseRow], list[RowError]]:
    """Check every row; the resolved rows, and all errors (line, column, reason)."""
    lookups = _Lookups(raws, default_agency)
    errors: list[RowError] = []
    result: list[CaseRow] = []
    seen_decisions: dict[tuple[int, int, str], int] = {}
    seen_judgments: dict[JudgmentKey, tuple[str, datetime.date]] = {}
    for line, raw in raws:
        row = _Row(line, raw, errors)
        code = row.text("agency_code") or default_agency
        agency = lookups.agencies.get(code)
        if not code:
            row.fail("agency_code", _("This field is required."))
        elif agency is None:
            row.fail("agency_code", _("Unknown agency code “%(code)s”.") % {"code": code})
        court = row.text("judgment_court", required=True)
        number = row.text("judgment_number", required=True)
        issued = row.date("judgment_date")
        kind = row.choice("judgment_type", JudgmentKind.values)
        effective = row.date("judgment_effective_date")
        if issued and effective and effective < issued:
            row.fail("judgment_effective_date", _("A judgment takes effect on or after its date."))
        basis = row.choice("request_basis", Basis.values)
        requested = row.date("request_date")
        requester = row.text("requester_name", required=basis == Basis.ON_REQUEST)
        decision_number = row.text("decision_number", required=True)
        decided = row.date("decision_date")
        if requested and effective and requested < effective:
            row.fail("request_date", _("The request date is before the judgment took effect."))
        elif requested and decided and requested > decided:
            row.fail("request_date", _("The request date is after the decision date."))
        elif (
            requested
            and effective
            and basis == Basis.ON_REQUEST
            and requested > _request_limit(effective)
        ):
            row.fail("request_date", _("The time limit for requesting enforcement has ended."))
        place = _place(row, lookups, decided)
        if place is not None and agency is not None and not lookups.covers(agency, place):
            row.fail(row_place_column(raw), _("The place is outside the office's jurisdiction."))
        amount = row.amount("amount")
        obligation = row.text("obligation", required=amount == 0)
        obligor = row.text("obligor_name", required=True)
        obligor_kind = row.choice("obligor_kind", PartyKind.values, default=PartyKind.PERSON)
        identification = row.text("obligor_identification")
        if obligor_kind == PartyKind.PERSON and identification:
            if not services.is_identification_number(identification):
                row.fail("obligor_identification", _("An identification number has 12 digits."))
        elif obligor_kind == PartyKind.ORGANISATION and not identification:
            row.fail("obligor_identification", _("This field is required."))
        recovery = row.flag("asset_recovery")
        credit = row.flag("credit_institution_debt")
        state = row.choice("state", STATES, default=workflow.ACCEPTED)
        state_date = row.date("state_date", required=state != workflow.ACCEPTED) or decided
        if state_date and decided and state_date < decided:
            row.fail("state_date", _("The date is before the decision date."))
        ground = row.text("condition_ground").lower()
        if ground and ground not in ConditionGround.values:
            row.fail("condition_ground", _("Unknown value “%(value)s”.") % {"value": ground})
        elif state in CLASSIFIED_WITH and ground != ConditionGround.HAS_MEANS:
            row.fail("condition_ground", _("This state needs the ground has_means."))
        elif state in CLASSIFIED_WITHOUT and ground not in WITHOUT_CONDITION_GROUNDS:
            row.fail("condition_ground", _("This state needs a ground of Art. 44a."))
        if agency is not None and decided is not None and decision_number:
            key = (agency.pk, decided.year, decision_number)
            if key in lookups.decisions:
                row.fail("decision_number", _("The office already has this decision number."))
            elif key in seen_decisions:
                row.fail(
                    "decision_number",
                    _("The decision number repeats line %(line)s.") % {"line": seen_decisions[key]},
                )
            else:
                seen_decisions[key] = line
        if agency is not None and issued and kind in JudgmentKind.values and effective:
            judgment_key = (agency.pk, court, number, issued)
            known = lookups.judgments.get(judgment_key)
            earlier = (known[1], known[2]) if known else seen_judgments.get(judgment_key)
            if earlier is not None and earlier != (kind, effective):
                row.fail("judgment_type", _("The judgment is recorded with another type or date."))
            seen_judgments.setdefault(judgment_key, (kind, effective))
        if row.bad:
            continue
        if not (agency and place and issued and effective and requested and decided):
            raise RuntimeError("A row without errors lacks a value.")  # each one failed above
        if state_date is None:
            raise RuntimeError("A row without errors lacks its state date.")
        steps: list[Step] = [
            (IMPORTED, "", state, state_date, {"decision_number": decision_number})
        ]
        result.append(
            CaseRow(
                line=line,
                agency_id=agency.pk,
                place_id=place.pk,
                province_id=place.province_id or place.pk,
                court_name=court,
                judgment_number=number,
                judgment_date=issued,
                judgment_kind=kind,
                effective_on=effective,
                basis=basis,
                requested_on=requested,
                requester_name=requester,
                decision_number=decision_number,
                decision_date=decided,
                amount=amount,
                obligation=obligation,
                obligor_name=obligor,
                obligor_kind=obligor_kind,
                obligor_identification=identification,
                asset_recovery=recovery,
                credit_institution_debt=credit,
                state=state,
                condition_ground=ground,
                classified_on=state_date if ground else None,
                steps=steps,
            )
        )
    return result, errors


def row_place_column(raw: Raw) -> str:
    return "place_id" if _text(raw, "place_id") else "place_code"


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
    for chunk in _chunks(sorted(numbers), 500):
        for case_id, agency_id, year, number, decided, amount, province, closed in (
            EnforcementCase.objects.filter(agency_id__in=agency_ids, decision_number__in=chunk)
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
    for line, raw in raws:
        row = _Row(line, raw, errors, source)
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
        kind = row.choice("kind", MovementKind.values)
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


# -- writing -------------------------------------------------------------------------------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys from the table's sequence (PostgreSQL)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _column(model_field: Any) -> str:
    return str(model_field.column)


def insert(
    model: type[models.Model], rows: list[dict[str, Any]], *, ids: bool = False
) -> list[int]:
    """Insert ``rows`` (dicts by attribute name, same keys in each) into ``model``'s table:
    ``COPY`` on PostgreSQL, ``bulk_create`` on SQLite. With ``ids``, the new keys in order."""
    if not rows:
        return []
    if not _is_postgres():
        objects = [model(**row) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects] if ids else []
    keys = list(rows[0])
    new_ids: list[int] = []
    if ids:
        new_ids = _reserve_ids(model, len(rows))
    opts = model._meta
    columns = [_column(opts.get_field(key)) for key in keys]
    json_keys = {
        index for index, key in enumerate(keys) if isinstance(opts.get_field(key), models.JSONField)
    }
    if ids:
        columns.insert(0, "id")
    sql = 'COPY "{}" ({}) FROM STDIN'.format(
        opts.db_table, ", ".join(f'"{column}"' for column in columns)
    )
    with connection.cursor() as cursor:
        raw_cursor: Any = cursor.cursor  # the psycopg 3 cursor
        with raw_cursor.copy(sql) as copy:
            for index, row in enumerate(rows):
                values = [row[key] for key in keys]
                for position in json_keys:
                    values[position] = json.dumps(values[position], ensure_ascii=False)
                if ids:
                    values.insert(0, new_ids[index])
                copy.write_row(values)
    return new_ids


@dataclass(frozen=True)
class LoadResult:
    cases: int
    judgments: int
    actions: int
    movements: int
    numbers: dict[str, tuple[int, int]]  # "agency_id/year" → (first, last)


def _reserve_numbers(rows: list[CaseRow]) -> tuple[list[int], dict[str, tuple[int, int]]]:
    """Case numbers from the engine's counters: per (office, year of the decision) one locked
    increment by the size of the block; the block is given in decision-date order."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[(row.agency_id, row.decision_date.year)].append(index)
    numbers = [0] * len(rows)
    spans: dict[str, tuple[int, int]] = {}
    counters = CaseCounter.objects.filter(register=workflow.REGISTER)
    agencies = sorted({agency_id for agency_id, _year in groups})
    years = sorted({year for _agency, year in groups})
    known = set(counters.filter(agency_id__in=agencies).values_list("agency_id", "year"))
    CaseCounter.objects.bulk_create(
        [
            CaseCounter(agency_id=agency_id, register=workflow.REGISTER, year=year)
            for agency_id, year in sorted(set(groups) - known)
        ],
        ignore_conflicts=True,  # a concurrent import may have created one meanwhile
    )
    # Lock every counter of the block, then move each by its block size in one statement.
    locked = {
        (agency_id, year): (pk, last)
        for pk, agency_id, year, last in counters.select_for_update()
        .filter(agency_id__in=agencies, year__in=years)
        .order_by("pk")
        .values_list("pk", "agency_id", "year", "last_number")
        if (agency_id, year) in groups
    }
    for chunk in _chunks(sorted(groups), 500):
        counters.filter(pk__in=[locked[key][0] for key in chunk]).update(
            last_number=F("last_number")
            + DbCase(
                *[When(pk=locked[key][0], then=Value(len(groups[key]))) for key in chunk],
                default=Value(0),
            )
        )
    for key, indexes in sorted(groups.items()):
        first = locked[key][1] + 1
        indexes.sort(key=lambda i: (rows[i].decision_date, rows[i].line))
        for offset, index in enumerate(indexes):
            numbers[index] = first + offset
        spans[f"{key[0]}/{key[1]}"] = (first, first + len(indexes) - 1)
    return numbers, spans


@functools.lru_cache(maxsize=8192)
def _moment(day: datetime.date) -> datetime.datetime:
    return case_deadlines.end_of_day(day)


def _at(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    return min(_moment(day), now)


@functools.lru_cache(maxsize=16)
def _rule_set(day: datetime.date) -> str:
    return workflow.SPEC.rule_set_on(day).code


def load(
    rows: list[CaseRow],
    *,
    actor: Any,
    source: str,
    movement_user_id: int | None = None,
    progress: Any = None,
    recorded: MovementBatch | None = None,
) -> LoadResult:
    """Write ``rows`` (already validated) and the movements of recorded cases in one
    transaction with one audit row."""
    with transaction.atomic():
        return _load(rows, actor, source, movement_user_id, progress, recorded or MovementBatch())


def _lock_recorded(recorded: MovementBatch) -> None:
    """Lock the recorded cases that get movements (as ``services.movement_record`` does) and
    refuse the file if their money moved since it was checked."""
    if not recorded.rows:
        return
    case_ids = sorted(recorded.seen)
    for chunk in _chunks(case_ids, 500):
        list(Case.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
    now: dict[int, tuple[int, int, int]] = {}
    for chunk in _chunks(case_ids, 500):
        now.update(_sums(chunk))
    changed = {
        case_id for case_id in case_ids if now.get(case_id, (0, 0, 0)) != recorded.seen[case_id]
    }
    if changed:
        raise ImportRefused(
            [
                RowError(
                    movement.line,
                    "decision_number",
                    _("Money was recorded on this case meanwhile: check the file again."),
                    MOVEMENTS_SHEET,
                )
                for movement in recorded.rows
                if movement.case_id in changed
            ]
        )


def _load(
    rows: list[CaseRow],
    actor: Any,
    source: str,
    movement_user_id: int | None,
    progress: Any,
    recorded: MovementBatch,
) -> LoadResult:
    now = timezone.now()
    _lock_recorded(recorded)
    numbers, spans = _reserve_numbers(rows)
    # judgments: reuse the office's recorded ones, create the others once
    keys = sorted({row.judgment_key for row in rows})
    judgment_ids: dict[JudgmentKey, int] = {}
    agencies = sorted({key[0] for key in keys})
    wanted = set(keys)
    for chunk in _chunks(sorted({key[2] for key in keys}), 500):
        for pk, agency_id, court, number, issued in Judgment.objects.filter(
            agency_id__in=agencies, number__in=chunk
        ).values_list("id", "agency_id", "court_name", "number", "issued_on"):
            if (agency_id, court, number, issued) in wanted:
                judgment_ids[(agency_id, court, number, issued)] = pk
    first_rows: dict[JudgmentKey, CaseRow] = {}
    for row in rows:
        if row.judgment_key not in judgment_ids:
            first_rows.setdefault(row.judgment_key, row)
    new_keys = list(first_rows)
    created = insert(
        Judgment,
        [
            {
                "agency_id": key[0],
                "court_name": key[1],
                "number": key[2],
                "issued_on": key[3],
                "kind": first_rows[key].judgment_kind,
                "effective_on": first_rows[key].effective_on,
                "created_at": now,
            }
            for key in new_keys
        ],
        ids=True,
    )
    judgment_ids.update(zip(new_keys, created, strict=True))
    _tick(progress, "judgments")
    request_ids = insert(
        EnforcementRequest,
        [
            {
                "judgment_id": judgment_ids[row.judgment_key],
                "basis": row.basis,
                "requested_on": row.requested_on,
                "requester_name": row.requester_name,
                "created_at": now,
            }
            for row in rows
        ],
        ids=True,
    )
    _tick(progress, "requests")
    case_rows = []
    for row, case_number in zip(rows, numbers, strict=True):
        last = row.steps[-1]
        terminal = workflow.SPEC.is_terminal(row.state)
        case_rows.append(
            {
                "register": workflow.REGISTER,
                "number": case_number,
                "year": row.decision_date.year,
                "agency_id": row.agency_id,
                "place_id": row.place_id,
                "province_id": row.province_id,
                "event_date": row.decision_date,
                "rule_set": _rule_set(row.decision_date),
                "state": row.state,
                "state_since": _at(last[3], now),
                "opened_at": _at(row.steps[0][3], now),
                "closed_at": _at(last[3], now) if terminal else None,
                "due_at": None,
                "overdue_since": None,
                "paused_at": _at(last[3], now)
                if row.state in (workflow.POSTPONED, workflow.SUSPENDED)
                else None,
                "clock": {},
                "assignee_id": None,
                "last_sequence": len(row.steps),
                "updated_at": now,
            }
        )
    case_ids = insert(Case, case_rows, ids=True)
    del case_rows
    _tick(progress, "cases")
    insert(
        EnforcementCase,
        [
            {
                "case_id": case_id,
                "agency_id": row.agency_id,
                "judgment_id": judgment_ids[row.judgment_key],
                "request_id": request_id,
                "decision_number": row.decision_number,
                "decision_date": row.decision_date,
                "decision_year": row.decision_date.year,
                "law_version": rules.law_version(row.decision_date),
                "condition_ground": row.condition_ground,
                "classified_on": row.classified_on,
                "asset_recovery": row.asset_recovery,
                "credit_institution_debt": row.credit_institution_debt,
                "amount_to_enforce": row.amount,
            }
            for row, case_id, request_id in zip(rows, case_ids, request_ids, strict=True)
        ],
    )
    _tick(progress, "details")
    insert(
        Party,
        [
            {
                "enforcement_case_id": case_id,
                "role": PartyRole.OBLIGOR,
                "kind": row.obligor_kind,
                "name": row.obligor_name,
                "identification_number": row.obligor_identification
                if row.obligor_kind == PartyKind.PERSON
                else "",
                "organisation_code": row.obligor_identification
                if row.obligor_kind == PartyKind.ORGANISATION
                else "",
                "address": "",
            }
            for row, case_id in zip(rows, case_ids, strict=True)
        ],
    )
    insert(
        Obligation,
        [
            {
                "enforcement_case_id": case_id,
                "kind": ObligationKind.MONEY if row.amount else ObligationKind.NON_MONEY,
                "amount": row.amount or None,
                "description": row.obligation,
            }
            for row, case_id in zip(rows, case_ids, strict=True)
        ],
    )
    _tick(progress, "parties")
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    actions = [
        {
            "case_id": case_id,
            "sequence": sequence,
            "province_id": row.province_id,
            "kind": CaseAction.Kind.OPENED if not transition else CaseAction.Kind.TRANSITIONED,
            "transition": transition,
            "actor_id": actor_id,
            "at": _at(day, now),
            "recorded_at": now,
            "from_state": from_state,
            "to_state": to_state,
            "payload": {**extra, "decided_on": day.isoformat()} if transition else extra,
            "reason": "",
        }
        for row, case_id in zip(rows, case_ids, strict=True)
        for sequence, (transition, from_state, to_state, day, extra) in enumerate(row.steps, 1)
    ]
    action_count = len(actions)
    insert(CaseAction, actions)
    del actions
    _tick(progress, "journal")
    movements = [
        {
            "enforcement_case_id": case_id,
            "province_id": row.province_id,
            "kind": kind,
            "amount": amount,
            "on_date": day,
            "note": note,
            "recorded_by_id": movement_user_id,
            "recorded_at": now,
        }
        for row, case_id in zip(rows, case_ids, strict=True)
        for kind, amount, day, note in row.movements
    ]
    movements += [
        {
            "enforcement_case_id": movement.case_id,
            "province_id": movement.province_id,
            "kind": movement.kind,
            "amount": movement.amount,
            "on_date": movement.on_date,
            "note": movement.note,
            "recorded_by_id": movement_user_id,
            "recorded_at": now,
        }
        for movement in recorded.rows
    ]
    if movements and movement_user_id is None:
        raise ValueError("Movements need the user who records them.")
    movement_count = len(movements)
    insert(Movement, movements)
    _tick(progress, "movements")
    audit.record(
        actor=actor,
        action=AUDIT_ACTION,
        data={
            "source": source,
            "cases": len(rows),
            "judgments": len(new_keys),
            "actions": action_count,
            "movements": movement_count,
            "movements_of_recorded_cases": len(recorded.rows),
            "numbers": spans,
        },
    )
    return LoadResult(len(rows), len(new_keys), action_count, movement_count, spans)


def _tick(progress: Any, label: str) -> None:
    if progress is not None:
        progress.set_postfix_str(label)
        progress.update(1)


def import_file(
    path: Path | None,
    *,
    actor: Any,
    default_agency: str = "",
    dry_run: bool = False,
    movements: Path | None = None,
) -> tuple[LoadResult | None, list[CaseRow]]:
    """Read, check and (unless ``dry_run``) load a cases file and/or a movements file (an XLSX
    cases book's sheet ``movements`` when no movements file is given). Raises
    ``ImportRefused`` with every error of both when any row is bad; nothing is written then."""
    if path is None and movements is None:
        raise ValueError("Give a cases file, a movements file or both.")
    raws: list[tuple[int, Raw]] = []
    errors: list[RowError] = []
    if path is not None:
        raws, errors = read_rows(path)
        if not errors and not raws:
            errors = [RowError(2, "", _("The file has no data rows."))]
        if (
            movements is None
            and path.suffix.lower() == ".xlsx"
            and MOVEMENTS_SHEET in xlsx_sheets(path)
        ):
            movements = path
    money: list[tuple[int, Raw]] = []
    if movements is not None:
        money, money_errors = read_rows(movements, movements=True)
        errors += money_errors
        if not money_errors and not money and path is None:
            errors.append(RowError(2, "", _("The file has no data rows."), MOVEMENTS_SHEET))
        user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        if money and user_id is None:
            errors.append(
                RowError(
                    1,
                    "",
                    _("Money movements need the user who records them (--user)."),
                    MOVEMENTS_SHEET,
                )
            )
    if errors:
        raise ImportRefused(errors)
    rows, errors = validate(raws, default_agency=default_agency)
    batch = MovementBatch()
    if money:
        bad = {error.line for error in errors}
        pending = {
            (_text(raw, "agency_code") or default_agency, _text(raw, "decision_number"))
            for line, raw in raws
            if line in bad
        }
        batch, money_errors = validate_movements(
            money, cases=rows, pending=pending, default_agency=default_agency
        )
        errors += money_errors
    if errors:
        raise ImportRefused(errors)
    if dry_run:
        return None, rows
    names = " + ".join(dict.fromkeys(p.name for p in (path, movements) if p is not None))
    return (
        load(
            rows,
            actor=actor,
            source=names,
            movement_user_id=actor.pk if money else None,
            recorded=batch,
        ),
        rows,
    )


__all__ = [
    "COLUMNS",
    "MOVEMENT_COLUMNS",
    "CaseRow",
    "ImportRefused",
    "LoadResult",
    "MovementBatch",
    "RowError",
    "import_file",
    "insert",
    "load",
    "read_rows",
    "validate",
    "validate_movements",
    "write_template",
]
