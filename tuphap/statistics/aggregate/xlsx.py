"""A form as a workbook in the official layout, and the upload of a filled one.

The sheet (named after the form's code) carries a title block, a machine line naming the
form, the period and the reporting agency (row 4), a header of option names (row 6) above their
codes (row 7), then one row per data element with its code in column A. Cells that do not apply
to an element are grey and must stay empty. An upload is all or nothing: every bad cell is
reported by sheet, row and column, and nothing is saved while any is bad.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from tuphap.core.periods import parse
from tuphap.statistics.aggregate import selectors, services
from tuphap.statistics.aggregate.models import FormReport

HEADER_ROW, CODE_ROW, FIRST_ROW, MACHINE_ROW = 6, 7, 8, 4
TOTAL = "total"


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class UploadRefused(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(f"{len(errors)} bad cells")
        self.errors = errors


def sheet_name(report: FormReport) -> str:
    return report.data_set.code[:31]


def workbook(report: FormReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    grid = selectors.grid_of(report.data_set)
    cells = selectors.cells_of(report)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101  (a new workbook has one sheet)
    sheet.title = sheet_name(report)
    period = parse(report.period)
    sheet["A1"] = report.data_set.name.upper()
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _("Reporting agency: %(agency)s") % {"agency": report.agency.name}
    sheet["A3"] = _("Period: %(period)s · deadline %(deadline)s") % {
        "period": period.label("vi"),
        "deadline": f"{report.deadline:%d/%m/%Y}",
    }
    for place, value in enumerate(
        ["form", report.data_set.code, "period", report.period, "agency", report.agency.code], 1
    ):
        sheet.cell(MACHINE_ROW, place, value).font = Font(color="808080", size=8)
    options = [column for column in grid.columns if column.code is not None]
    headers = [_("Code"), _("Data element"), *(c.name for c in options), _("Total")]
    codes = ["", "", *(c.code for c in options), TOTAL]
    grey = PatternFill("solid", fgColor="DDDDDD")
    for index, (header, code) in enumerate(zip(headers, codes, strict=True), 1):
        top = sheet.cell(HEADER_ROW, index, header)
        top.font = Font(bold=True)
        top.alignment = Alignment(wrap_text=True, horizontal="center")
        sheet.cell(CODE_ROW, index, code).font = Font(color="808080", size=8)
    for offset, row in enumerate(grid.rows):
        number = FIRST_ROW + offset
        sheet.cell(number, 1, row.element.code)
        sheet.cell(number, 2, row.element.name)
        for index, column in enumerate(options, 3):
            cell = sheet.cell(number, index)
            if column.code in row.options:
                cell.value = cells.get((row.element.code, column.code))
            else:
                cell.fill = grey
        total = sheet.cell(number, 3 + len(options))
        if row.options:
            first = get_column_letter(3)
            last = get_column_letter(2 + len(options))
            total.value = f"=SUM({first}{number}:{last}{number})"
            total.fill = grey
        else:
            total.value = cells.get((row.element.code, None))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 48
    for index in range(3, 4 + len(options)):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 3)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(report: FormReport, handle: IO[bytes]) -> dict[str, Any]:
    """The cells of an uploaded workbook, by cell name; UploadRefused with every bad cell."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception:
        raise UploadRefused(
            [CellError("—", 0, "—", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None
    name = sheet_name(report)
    try:
        if name not in book.sheetnames:
            raise UploadRefused(
                [CellError(name, 0, "—", _("The workbook has no sheet %(name)s.") % {"name": name})]
            )
        rows = [list(values) for values in book[name].iter_rows(values_only=True)]
    finally:
        book.close()
    errors: list[CellError] = []

    def at(row: int, column: int) -> Any:
        values = rows[row - 1] if row - 1 < len(rows) else []
        return values[column - 1] if column - 1 < len(values) else None

    def bad(row: int, column: int, message: str) -> None:
        errors.append(CellError(name, row, get_column_letter(column), message))

    for column, expected in (
        (2, report.data_set.code),
        (4, report.period),
        (6, report.agency.code),
    ):
        if str(at(MACHINE_ROW, column) or "").strip() != expected:
            bad(
                MACHINE_ROW,
                column,
                _("This workbook is for %(found)s, not %(expected)s.")
                % {
                    "found": at(MACHINE_ROW, column) or "—",
                    "expected": expected,
                },
            )
    grid = selectors.grid_of(report.data_set)
    elements = {row.element.code: row for row in grid.rows}
    header = [
        str(value).strip() if value is not None else ""
        for value in (rows[CODE_ROW - 1] if len(rows) >= CODE_ROW else [])
    ]
    columns: dict[int, str] = {
        index: code for index, code in enumerate(header, 1) if index > 2 and code
    }
    known = {column.code for column in grid.columns if column.code} | {TOTAL}
    for index, code in columns.items():
        if code not in known:
            bad(CODE_ROW, index, _("Unknown column %(code)s.") % {"code": code})
    cells: dict[str, Any] = {}
    seen: set[str] = set()
    for number in range(FIRST_ROW, len(rows) + 1):
        code = str(at(number, 1) or "").strip()
        if not code:
            if any(at(number, index) not in (None, "") for index in columns):
                bad(number, 1, _("A row with figures needs its data element code."))
            continue
        row = elements.get(code)
        if row is None:
            bad(number, 1, _("No data element %(code)s in this form.") % {"code": code})
            continue
        if code in seen:
            bad(number, 1, _("Data element %(code)s appears twice.") % {"code": code})
            continue
        seen.add(code)
        for index, option in columns.items():
            raw = at(number, index)
            if option == TOTAL:
                if row.options:
                    continue  # a formula: the sum of the options
                target = code
            elif option in row.options:
                target = f"{code}.{option}"
            else:
                if raw not in (None, ""):
                    bad(
                        number,
                        index,
                        _("This cell does not apply to %(code)s; leave it empty.") % {"code": code},
                    )
                continue
            try:
                services.parse_value(raw)
            except ValueError as error:
                bad(number, index, str(error))
                continue
            cells[target] = raw
    if errors:
        raise UploadRefused(errors)
    return cells


def upload(*, actor: Any, report: FormReport, handle: IO[bytes]) -> services.SaveResult:
    """Read the workbook and save every cell it holds in one transaction (all or nothing)."""
    return services.values_save(
        actor=actor, report=report, cells=read(report, handle), channel="xlsx"
    )
