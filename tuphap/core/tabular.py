"""Reading and writing the tables an import takes (CSV or an XLSX sheet): the documented
columns, the numbered rows, the header's errors, the template, and the error an import reports.
Every register's import uses these; it validates and loads the rows itself, all or nothing."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

Raw = dict[str, Any]

# What reading a file that is neither a CSV in UTF-8 nor an XLSX book raises: bytes that are
# not UTF-8, a CSV with NUL bytes, a ".xlsx" that is no zip, a zip that is no workbook.
_UNREADABLE: tuple[type[Exception], ...] = (UnicodeDecodeError, csv.Error, zipfile.BadZipFile)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    example: str


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str
    source: str = ""  # "" for the main table, else the name of the other file or sheet

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}line {self.line}, column {self.column or '-'}: {self.reason}"


class ImportRefused(Exception):
    """The file has bad rows; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def read_table(
    path: Path, columns: Sequence[Column], *, sheet: str = "", source: str = ""
) -> tuple[list[tuple[int, Raw]], list[RowError]]:
    """The data rows of a CSV file or of the XLSX sheet ``sheet`` (the first when the book has
    no such one) with their line numbers, or the header's errors (unknown or missing
    columns). Blank rows are skipped. A file that cannot be read as either (not UTF-8, not a
    workbook) is one error on line 1 saying so, as a bad header is: every import refuses it
    with its reason, none needs its own catch."""
    try:
        return _read_table(path, columns, sheet=sheet, source=source)
    except _unreadable():
        return [], [RowError(1, "", unreadable_reason(), source)]


def _read_table(
    path: Path, columns: Sequence[Column], *, sheet: str, source: str
) -> tuple[list[tuple[int, Raw]], list[RowError]]:
    lines = xlsx_lines(path, sheet) if path.suffix.lower() == ".xlsx" else csv_lines(path)
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


def unreadable_reason() -> str:
    return _("The file is neither a CSV file in UTF-8 nor an XLSX workbook.")


def _unreadable() -> tuple[type[Exception], ...]:
    from openpyxl.utils.exceptions import InvalidFileException

    # openpyxl raises KeyError for a zip without the workbook's parts.
    return (*_UNREADABLE, InvalidFileException, KeyError)


def csv_lines(path: Path) -> Iterator[tuple[int, list[Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for values in reader:
            yield reader.line_num, list(values)


def xlsx_sheets(path: Path) -> list[str]:
    """The sheets of the book at ``path``; none when it is no workbook (``read_table`` then
    says so)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except _unreadable():
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def xlsx_lines(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    """The rows of the sheet ``name``, or of the first sheet when the book has no such one."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book[name] if name in book.sheetnames else book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


def write_csv_template(path: Path, columns: Sequence[Column]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.name for column in columns])
        writer.writerow([column.example for column in columns])


def write_xlsx_template(path: Path, sheets: Sequence[tuple[str, Sequence[Column]]]) -> None:
    """A book with a header and an example row per sheet, and a ``columns`` sheet that says
    what each column means and whether it is required."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None  # noqa: S101 - a new workbook has one sheet
    book.remove(first)
    for name, columns in sheets:
        sheet = book.create_sheet(name)
        sheet.append([column.name for column in columns])
        sheet.append([column.example for column in columns])
    notes = book.create_sheet("columns")
    notes.append(["sheet", "column", "required", "meaning"])
    for name, columns in sheets:
        for column in columns:
            notes.append([name, column.name, "yes" if column.required else "no", column.help])
    book.save(path)
