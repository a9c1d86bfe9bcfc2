"""Importing complaints from CSV or XLSX, as an agency's book of complaints or a former system
holds them: one row a complaint as received, with its first complainant and the co-signers.
Every row is checked, then every complaint is received through the same service as the page and
the API (``services.complaint_open``: numbered in the agency's book, its clocks started under
the rules of the day of receipt, audited) in one transaction: a file with one bad row writes
nothing, and each bad row is reported by line, column and reason (the same engine as the letters,
``tuphap.core.tabular``). The generic part (cells, dates, places, the all-or-nothing run) is
shared with the denunciations' import."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.core import audit, tabular
from tuphap.core.errors import AccessDenied, DomainError
from tuphap.core.tabular import Column, ImportRefused, RowError
from tuphap.oversight.complaints import permissions, rules, services
from tuphap.places.models import AdministrativeUnit, Level

__all__ = ["COLUMNS", "ImportRefused", "Result", "RowError", "import_file", "write_template"]

SHEET: Final = "complaints"
MAX_ROWS: Final = 5000
YES: Final = frozenset({"yes", "y", "true", "1", "có", "x"})
NO: Final = frozenset({"", "no", "n", "false", "0", "không"})


def one_of(values: Iterable[Any]) -> str:
    return "One of: " + ", ".join(str(v) for v in values if v)


COLUMNS: tuple[Column, ...] = (
    Column(
        "received_on",
        True,
        "Day the complaint was received: YYYY-MM-DD or DD/MM/YYYY",
        "2026-07-06",
    ),
    Column("known_on", True, "Day the complainant received or knew of the act", "2026-06-15"),
    Column("place_code", True, "Code of the commune (valid on the day received)", "16681"),
    Column("act_kind", True, one_of(rules.ActKind.values), "decision"),
    Column("act_description", True, "The decision or act complained of", "Quyết định 12/QĐ-UBND"),
    Column("respondent", True, "Who issued the decision or did the act", "Chủ tịch UBND phường"),
    Column("subject", True, "Subject", "Khiếu nại quyết định thu hồi đất"),
    Column("content", True, "Content", "Khiếu nại Quyết định số 12/QĐ-UBND về thu hồi đất ở"),
    Column("regime", False, one_of(rules.Regime.values) + " (general when empty)", ""),
    Column("thads_act", False, one_of(rules.ThadsAct.values) + " (enforcement law only)", ""),
    Column("complainant_name", True, "The first complainant (the representative)", "Lê Văn Khiếu"),
    Column("complainant_pin", False, "Personal identification number, 12 digits", "040090001234"),
    Column("complainant_address", False, "Address", "Khối 5, phường Trường Vinh"),
    Column("other_complainants", False, "Co-signers: name; identification number | …", ""),
)
# A service's field → the column that carries it.
FIELD_COLUMNS: Final = {
    "place": "place_code",
    "complainants": "complainant_name",
    "complainants.1.full_name": "complainant_name",
    "complainants.1.pin": "complainant_pin",
}


@dataclass
class Result:
    count: int
    dry_run: bool


def write_template(path: Path, columns: Sequence[Column] = COLUMNS, sheet: str = SHEET) -> None:
    if path.suffix.lower() == ".xlsx":
        tabular.write_xlsx_template(path, [(sheet, columns)])
    else:
        tabular.write_csv_template(path, columns)


def text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number cell (a code, an identification number)
    return "" if value is None else str(value).strip()


def pin_of(values: Mapping[str, Any], name: str) -> str:
    """An identification number cell: a spreadsheet that read it as a number lost its leading
    zero, which is put back."""
    pin = text(values, name)
    return pin.zfill(12) if pin.isdigit() and len(pin) == 11 else pin


def day_of(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    cell = str(value).strip()
    try:
        return datetime.date.fromisoformat(cell)
    except ValueError:
        pass
    parts = cell.split("/")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        try:
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


class Row:
    """One row being read: its cells and the errors found, by column."""

    def __init__(
        self, line: int, values: Mapping[str, Any], columns: Sequence[Column], places: Places
    ) -> None:
        self.line = line
        self.values = values
        self.places = places
        self.errors: list[RowError] = []
        for column in columns:
            if column.required and not self.text(column.name):
                self.fail(column.name, _("This field is required."))

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.line, column, reason))

    def text(self, name: str) -> str:
        return text(self.values, name)

    def day(self, name: str) -> datetime.date | None:
        if not self.text(name):
            return None
        found = day_of(self.values.get(name))
        if found is None:
            self.fail(name, _("Write the date as YYYY-MM-DD or DD/MM/YYYY."))
        return found

    def flag(self, name: str) -> bool:
        cell = self.text(name).lower()
        if cell not in YES | NO:
            self.fail(name, _("Write yes or no."))
        return cell in YES

    def place(self, name: str, on: datetime.date | None) -> AdministrativeUnit | None:
        code = self.text(name)
        if not code or on is None:
            return None
        found = self.places.valid(code, on)
        if found is None:
            self.fail(name, _("No commune with this code was valid on the day received."))
        return found


class Places:
    """The communes of the codes of a file, each with its validity."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.by_code: dict[str, list[AdministrativeUnit]] = {}
        units = AdministrativeUnit.objects.filter(level=Level.COMMUNE, code__in=set(codes))
        for unit in units:
            self.by_code.setdefault(unit.code, []).append(unit)

    def valid(self, code: str, on: datetime.date) -> AdministrativeUnit | None:
        return next((u for u in self.by_code.get(code, []) if u.is_valid_on(on)), None)


@dataclass
class Plan:
    line: int
    place: AdministrativeUnit
    data: Any


def errors_of(
    line: int, error: DomainError, field_columns: Mapping[str, str], people_column: str
) -> list[RowError]:
    """A service's refusal as the row's errors, each on the column that carries the field (the
    co-signers' fields on their one column). Only the service's reasons are reported, never a
    cell's value."""
    if not error.fields:
        return [RowError(line, "", error.message)]
    rows = []
    for name, reasons in error.fields.items():
        column = field_columns.get(name)
        if column is None:
            column = people_column if "." in name else name
        rows += [RowError(line, column, reason) for reason in reasons]
    return rows


def run(
    path: Path,
    *,
    actor: Any,
    dry_run: bool,
    columns: Sequence[Column],
    sheet: str,
    parse: Callable[[Row], Any],
    open_one: Callable[[Plan], Any],
    field_columns: Mapping[str, str],
    people_column: str,
    action: str,
    noun: str,
) -> Result:
    """Read ``path``; check every row (``parse`` gives the service's data or records errors);
    then open them all through the service in one transaction (rolled back for a dry run);
    ``ImportRefused`` with every bad row, and nothing written, when one is bad. The import is
    audited with its count only."""
    rows, header_errors = tabular.read_table(path, columns, sheet=sheet)
    if header_errors:
        raise ImportRefused(header_errors)
    if len(rows) > MAX_ROWS:
        limit = _("A file holds at most %(count)d rows.") % {"count": MAX_ROWS}
        raise ImportRefused([RowError(rows[MAX_ROWS][0], "", limit)])
    places = Places(text(values, "place_code") for _line, values in rows)
    plans: list[Plan] = []
    errors: list[RowError] = []
    for line, values in rows:
        row = Row(line, values, columns, places)
        data = parse(row)
        errors += row.errors
        if data is not None and not row.errors:
            plans.append(Plan(line, *data))
    # The rows that parsed are checked by the service as well (in a transaction rolled back
    # when any row is bad), so that one report names every bad row.
    with transaction.atomic():
        for plan in plans:
            try:
                with transaction.atomic():
                    open_one(plan)
            except DomainError as error:
                errors += errors_of(plan.line, error, field_columns, people_column)
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(sorted(errors, key=lambda error: error.line))
        audit.record(actor=actor, action=action, data={noun: len(plans), "dry_run": dry_run})
        if dry_run:
            transaction.set_rollback(True)
    return Result(len(plans), dry_run)


def _people(row: Row) -> tuple[services.ComplainantData, ...]:
    first = services.ComplainantData(
        full_name=row.text("complainant_name"),
        pin=pin_of(row.values, "complainant_pin"),
        address=row.text("complainant_address"),
        representative=True,
    )
    others = []
    for part in row.text("other_complainants").split("|"):
        bits = [bit.strip() for bit in part.split(";")] + [""]
        if bits[0]:
            others.append(services.ComplainantData(full_name=bits[0], pin=bits[1]))
    return (first, *others)


def _parse(row: Row) -> tuple[AdministrativeUnit, services.ComplaintData] | None:
    received = row.day("received_on")
    known = row.day("known_on")
    place = row.place("place_code", received)
    if row.errors or place is None or received is None or known is None:
        return None
    data = services.ComplaintData(
        subject=row.text("subject"),
        content=row.text("content"),
        act_kind=row.text("act_kind"),
        act_description=row.text("act_description"),
        respondent=row.text("respondent"),
        known_on=known,
        received_on=received,
        complainants=_people(row),
        regime=row.text("regime") or rules.Regime.GENERAL,
        thads_act=row.text("thads_act"),
    )
    return place, data


def import_file(path: Path, *, actor: Any, dry_run: bool = False) -> Result:
    """Check every row of ``path``, then receive every complaint through the service in one
    transaction; ``ImportRefused`` with every bad row, and nothing written, when one is bad."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an inspector records complaints."))
    return run(
        path,
        actor=actor,
        dry_run=dry_run,
        columns=COLUMNS,
        sheet=SHEET,
        parse=_parse,
        open_one=lambda plan: services.complaint_open(
            actor=actor, place=plan.place, data=plan.data
        ),
        field_columns=FIELD_COLUMNS,
        people_column="other_complainants",
        action="oversight.complaints.imported",
        noun="complaints",
    )
