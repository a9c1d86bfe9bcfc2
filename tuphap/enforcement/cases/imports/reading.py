"""Reading CSV and XLSX files into numbered rows, and the errors an import reports.

See the package docstring."""

from __future__ import annotations

from pathlib import Path

from tuphap.core import tabular
from tuphap.enforcement.cases.imports.columns import (
    CASES_SHEET,
    COLUMNS,
    MOVEMENT_COLUMNS,
    MOVEMENTS_SHEET,
)

# -- reading: the shared table reader (tuphap.core.tabular) with this import's columns ---------

Raw = tabular.Raw
RowError = tabular.RowError
ImportRefused = tabular.ImportRefused
xlsx_sheets = tabular.xlsx_sheets


def read_rows(
    path: Path, *, movements: bool = False
) -> tuple[list[tuple[int, Raw]], list[RowError]]:
    """The data rows with their line numbers, or the header's errors. ``movements``: read the
    movements (in an XLSX book, the sheet ``movements``)."""
    if movements:
        return tabular.read_table(
            path, MOVEMENT_COLUMNS, sheet=MOVEMENTS_SHEET, source=MOVEMENTS_SHEET
        )
    return tabular.read_table(path, COLUMNS, sheet=CASES_SHEET)
