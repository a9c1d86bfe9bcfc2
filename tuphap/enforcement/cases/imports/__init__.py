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

Modules: ``columns`` (the documented columns and the templates), ``reading`` (CSV/XLSX rows),
``validation`` (case rows), ``movements`` (money rows), ``loading`` (the bulk writer).
"""

from __future__ import annotations

from tuphap.enforcement.cases.imports.columns import (
    COLUMN_NAMES,
    COLUMNS,
    IMPORTED,
    MOVEMENT_COLUMN_NAMES,
    MOVEMENT_COLUMNS,
    movements_template_path,
    write_template,
)
from tuphap.enforcement.cases.imports.loading import LoadResult, import_file, insert, load
from tuphap.enforcement.cases.imports.movements import MovementBatch, validate_movements
from tuphap.enforcement.cases.imports.reading import ImportRefused, RowError, read_rows
from tuphap.enforcement.cases.imports.validation import CaseRow, MovementRow, Step, validate

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "IMPORTED",
    "MOVEMENT_COLUMNS",
    "MOVEMENT_COLUMN_NAMES",
    "CaseRow",
    "ImportRefused",
    "LoadResult",
    "MovementBatch",
    "MovementRow",
    "RowError",
    "Step",
    "import_file",
    "insert",
    "load",
    "movements_template_path",
    "read_rows",
    "validate",
    "validate_movements",
    "write_template",
]
