"""Importing letters from CSV or XLSX, as an agency's paper letter book or a former system
holds them: one row a letter, with its first sender, its co-signers, and (when known) its
classification. Every row is checked, then every letter is registered through the same service
as the desk and the API (duplicates linked the same way), in one transaction: a file with one
bad row writes nothing, and each bad row is reported by line, column and reason."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.core import audit, tabular
from tuphap.core.errors import AccessDenied, DomainError
from tuphap.core.tabular import Column, ImportRefused, RowError
from tuphap.oversight.reception import permissions, rules, services

__all__ = ["COLUMNS", "ImportRefused", "Result", "RowError", "import_file", "write_template"]


def _one_of(values: Any) -> str:
    return "One of: " + ", ".join(str(v) for v in values if v)


COLUMNS: tuple[Column, ...] = (
    Column("received_on", True, "YYYY-MM-DD or DD/MM/YYYY", "2026-11-02"),
    Column("channel", True, _one_of(rules.Channel.values), "post"),
    Column("sender_name", True, "The first sender (the representative)", "Nguyễn Văn Khải"),
    Column("sender_pin", False, "Personal identification number, 12 digits", "040090001234"),
    Column("sender_address", False, "Address", "Khối 5, phường Trường Vinh"),
    Column("sender_phone", False, "Phone", ""),
    Column("other_senders", False, "Co-signers: name; identification number | …", ""),
    Column("subject", False, "Subject of the letter", "Khiếu nại thu hồi đất"),
    Column("content", True, "Content", "Khiếu nại quyết định thu hồi đất số 123/QĐ-UBND"),
    Column("classification", False, _one_of(rules.Classification.values), "complaint"),
    Column("field", False, _one_of(rules.Field.values), "land"),
    Column("competence", False, _one_of(rules.Competence.values), "within"),
    Column("ineligible_reason", False, _one_of(rules.IneligibleReason.values), ""),
)
# A service's field → the column that carries it.
FIELD_COLUMNS = {
    "senders[0].full_name": "sender_name",
    "senders[0].pin": "sender_pin",
    "senders": "other_senders",
}


@dataclass
class Result:
    letters: int
    duplicates: int
    dry_run: bool


def write_template(path: Path) -> None:
    if path.suffix.lower() == ".xlsx":
        tabular.write_xlsx_template(path, [("letters", COLUMNS)])
    else:
        tabular.write_csv_template(path, COLUMNS)


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.split("/")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        try:
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


def _parse(line: int, values: dict[str, Any]) -> tuple[services.LetterData | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(name: str, reason: str) -> None:
        errors.append(RowError(line, name, reason))

    for column in COLUMNS:
        if column.required and not _text(values, column.name):
            fail(column.name, _("This field is required."))
    day = _day(values.get("received_on")) if _text(values, "received_on") else None
    if _text(values, "received_on") and day is None:
        fail("received_on", _("Write the date as YYYY-MM-DD or DD/MM/YYYY."))
    pin = _text(values, "sender_pin")
    if pin.endswith(".0"):  # a number cell in a spreadsheet
        pin = pin[:-2]
    others = []
    for part in _text(values, "other_senders").split("|"):
        bits = [bit.strip() for bit in part.split(";")] + [""]
        if bits[0]:
            others.append(services.SenderData(full_name=bits[0], pin=bits[1]))
    if errors or day is None:
        return None, errors
    first = services.SenderData(
        full_name=_text(values, "sender_name"),
        pin=pin.zfill(12) if pin.isdigit() and len(pin) == 11 else pin,
        address=_text(values, "sender_address"),
        phone=_text(values, "sender_phone"),
        representative=True,
    )
    return (
        services.LetterData(
            received_on=day,
            channel=_text(values, "channel"),
            content=_text(values, "content"),
            senders=(first, *others),
            subject=_text(values, "subject"),
            classification=_text(values, "classification"),
            field=_text(values, "field"),
            competence=_text(values, "competence"),
            ineligible_reason=_text(values, "ineligible_reason"),
        ),
        [],
    )


def _errors_of(line: int, error: DomainError) -> list[RowError]:
    if not error.fields:
        return [RowError(line, "", error.message)]
    rows = []
    for name, reasons in error.fields.items():
        column = FIELD_COLUMNS.get(name)
        if column is None:
            column = "other_senders" if name.startswith("senders[") else name
        rows += [RowError(line, column, reason) for reason in reasons]
    return rows


def import_file(path: Path, *, actor: Any, dry_run: bool = False) -> Result:
    """Check every row of ``path``, then register them all through the service in one
    transaction (rolled back for a dry run); ``ImportRefused`` with every bad row, and nothing
    written, when one is bad."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an inspector of an agency registers and handles letters."))
    rows, header_errors = tabular.read_table(path, COLUMNS, sheet="letters")
    if header_errors:
        raise ImportRefused(header_errors)
    plans: list[tuple[int, services.LetterData]] = []
    errors: list[RowError] = []
    for line, values in rows:
        data, row_errors = _parse(line, values)
        errors += row_errors
        if data is not None:
            plans.append((line, data))
    # The rows that parsed are checked by the service as well (in a transaction rolled back
    # when any row is bad), so that one report names every bad row.
    duplicates = 0
    with transaction.atomic():
        for line, data in plans:
            try:
                with transaction.atomic():
                    letter = services.letter_register(actor=actor, data=data)
            except DomainError as error:
                errors += _errors_of(line, error)
                continue
            duplicates += int(letter.duplicate_of_id is not None)
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(sorted(errors, key=lambda error: error.line))
        audit.record(
            actor=actor,
            action="oversight.letters.imported",
            data={"letters": len(plans), "duplicates": duplicates, "dry_run": dry_run},
        )
        if dry_run:
            transaction.set_rollback(True)
    return Result(len(plans), duplicates, dry_run)
