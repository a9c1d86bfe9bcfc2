"""Reading CSV and XLSX files into numbered rows, and the errors an import reports.

See the package docstring."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tuphap.enforcement.cases.imports.columns import (
    CASES_SHEET,
    COLUMNS,
    MOVEMENT_COLUMNS,
    MOVEMENTS_SHEET,
)

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
