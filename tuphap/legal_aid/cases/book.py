"""The centre's case book, "Sổ thụ lý, theo dõi vụ việc trợ giúp pháp lý" (TT 12/2018 Mẫu 01),
written as an XLSX workbook for a year (docs/domain/legal-aid.md §7)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import registry
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.cases.models import LegalAidCase

COLUMNS = (
    "STT",
    "Số thụ lý",
    "Ngày thụ lý",
    "Họ và tên người được trợ giúp pháp lý",
    "Năm sinh",
    "Giới tính",
    "Địa chỉ",
    "Diện người được trợ giúp pháp lý",
    "Nội dung vụ việc",
    "Lĩnh vực",
    "Hình thức",
    "Người thực hiện",
    "Kết quả",
    "Ngày kết thúc",
    "Ghi chú",
)


def workbook(details: Iterable[LegalAidCase], *, centre_name: str, year: int) -> bytes:
    """The book's rows in the order of their number; one sheet, the Mẫu 01 columns."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = f"So thu ly {year}"
    sheet.append([f"SỔ THỤ LÝ, THEO DÕI VỤ VIỆC TRỢ GIÚP PHÁP LÝ NĂM {year}"])
    sheet.append([centre_name])
    sheet.append(list(COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    spec = registry.get(legal_aid.REGISTER)
    for index, detail in enumerate(details, start=1):
        case = detail.case
        accepted = case_deadlines.local_date(detail.accepted_at) if detail.accepted_at else None
        ended = case_deadlines.local_date(detail.ended_at) if detail.ended_at else None
        sheet.append(
            [
                index,
                case.display_number,
                accepted,
                detail.full_name,
                detail.date_of_birth.year if detail.date_of_birth else None,
                detail.get_sex_display(),
                detail.address,
                detail.get_group_display(),
                detail.matter,
                detail.get_field_display(),
                detail.get_form_display(),
                detail.performer.full_name if detail.performer else "",
                detail.result or spec.state_label(case.state),
                ended,
                _("Immediate acceptance") if detail.acceptance == "immediate" else "",
            ]
        )
    for row in sheet.iter_rows(min_row=4, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    for row in sheet.iter_rows(min_row=4, min_col=14, max_col=14):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    for letter, width in zip(
        "ABCDEFGHIJKLMNO", (5, 10, 12, 28, 8, 8, 24, 26, 40, 14, 18, 24, 24, 12, 16), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
