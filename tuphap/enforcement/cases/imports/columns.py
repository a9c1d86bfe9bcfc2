"""The documented columns of the import files, their parsing vocabularies and the templates.

See the package docstring."""

from __future__ import annotations

from pathlib import Path

from tuphap.core import tabular
from tuphap.enforcement.cases import workflow
from tuphap.enforcement.cases.models import (
    JudgmentKind,
    MovementKind,
)

BATCH = 2000
IMPORTED = "imported"  # the transition name of an imported case's one journal row
AUDIT_ACTION = "enforcement.cases.imported"
CASES_SHEET = "cases"
MOVEMENTS_SHEET = "movements"

# -- columns -------------------------------------------------------------------------------------


Column = tabular.Column


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
        tabular.write_xlsx_template(
            path, ((CASES_SHEET, COLUMNS), (MOVEMENTS_SHEET, MOVEMENT_COLUMNS))
        )
        return [path]
    target = movements or movements_template_path(path)
    tabular.write_csv_template(path, COLUMNS)
    tabular.write_csv_template(target, MOVEMENT_COLUMNS)
    return [path, target]
