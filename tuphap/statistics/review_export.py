"""The annual review's files: DOCX in the administrative layout with a chart per section,
XLSX annex tables (one sheet per area), PDF of the page (WeasyPrint). ADR 0018."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import charts
from tuphap.core.official_docx import OfficialDocument
from tuphap.statistics import maps
from tuphap.statistics.indicators import Unit
from tuphap.statistics.review import (
    Review,
    ReviewSection,
    _number,
    change_phrase,
    progress_phrase,
)

HEADERS = ("Chỉ tiêu", "Năm {year}", "Năm {previous}", "Tăng/giảm", "Từ đầu nhiệm kỳ")


def section_chart(section: ReviewSection) -> charts.HBarChart | None:
    """Counts only (money and rates do not share a scale with them): this year and last."""
    rows = [
        (
            figure.name,
            [int(figure.value or 0), None if figure.last_year is None else int(figure.last_year)],
        )
        for figure in section.figures
        if figure.unit in (Unit.COUNT, Unit.PEOPLE) and figure.value is not None
    ]
    if not rows:
        return None
    return charts.hbar_chart([_("This year"), _("Last year")], rows)


def section_map(review: Review, section: ReviewSection) -> bytes | None:
    """The nation's review: the section's first figure by province as a map (PNG), or None
    when no province has a figure."""
    headline = section.headline
    values = {code: value for code, value in section.by_province if value is not None}
    if headline is None or not values:
        return None
    chart = maps.province_map(
        {code: int(value) for code, value in values.items()},
        boundaries=review.boundaries,
        unit=headline.unit,
    )
    return maps.province_map_png(chart, title=f"{headline.name} theo tỉnh, thành phố")


def table_rows(review: Review, section: ReviewSection) -> list[list[str]]:
    header = [text.format(year=review.year, previous=review.year - 1) for text in HEADERS]
    with_targets = any(figure.target is not None for figure in section.figures)
    if with_targets:
        header.append("Chỉ tiêu giao")
    rows = [header]
    for figure in section.figures:
        row = [
            figure.name + (" *" if figure.historic else ""),
            _number(figure.value, figure.unit),
            _number(figure.last_year, figure.unit),
            change_phrase(figure) or "—",
            _number(figure.term_to_date, figure.unit),
        ]
        if with_targets:
            target = None if figure.target is None else float(figure.target)
            row.append(
                _number(target, figure.unit) + (f" ({progress_phrase(figure)})" if target else "")
            )
        rows.append(row)
    return rows


def drilldown_rows(review: Review, base: str = "") -> list[dict[str, Any]]:
    """Every figure of the review with the absolute address of its records' list (``url``
    empty for a figure whose register declares none: a rate, aggregate forms). ``base`` is the
    site's address (``https://host``), the figure's link being a path."""
    return [
        {
            "section": section.section.title_vi,
            "code": figure.code,
            "name": figure.name,
            "unit": figure.unit,
            "value": figure.value,
            "url": (base.rstrip("/") + figure.link) if figure.link else "",
        }
        for section in review.sections
        for figure in section.figures
    ]


def stage_note(cut_off: datetime.date | None) -> str:
    """The estimate's note, in the ministry's words (TT 03/2019/TT-BTP Art. 6)."""
    if cut_off is None:
        return "Số liệu chính thức."
    return (
        f"Số liệu thực tế đến ngày {cut_off:%d/%m/%Y}, ước tính đến hết năm"
        " (Thông tư số 03/2019/TT-BTP, Điều 6)."
    )


def docx(
    review: Review, *, agency: str, superior: str, number: str, place: str, base: str = ""
) -> bytes:
    document = OfficialDocument(
        superior=superior,
        agency=agency,
        number=number,
        place=place,
        day=timezone.localdate(),
        title="BÁO CÁO",
        subtitle=f"Tổng kết công tác tư pháp năm {review.year} ({review.place_name})"
        + (" (ước tính)" if review.estimated else ""),
    )
    if review.estimated:
        document.paragraph(stage_note(review.cut_off), italic=True, size=12)
    for index, section in enumerate(review.sections, start=1):
        document.heading(f"{index}. {section.section.title_vi}")
        for text in section.text:
            document.paragraph(text, indent=True)
        if not section.figures:
            document.paragraph("Chưa có số liệu.", italic=True)
            continue
        rows = table_rows(review, section)
        widths = (62, 30, 30, 20, 23) if len(rows[0]) == 5 else (50, 24, 24, 20, 20, 27)
        document.table(rows, widths)
        chart = section_chart(section)
        if chart is not None:
            document.picture(charts.hbar_png(chart), width_mm=160)
        province_map = section_map(review, section)
        if province_map is not None:
            document.picture(province_map, width_mm=110)
    if any(figure.historic for s in review.sections for figure in s.figures):
        document.paragraph(
            "(*) Có số liệu của kỳ trước khi sử dụng hệ thống, được nhập từ báo cáo lịch sử.",
            italic=True,
            size=12,
        )
    annex = [
        [row["name"], _number(row["value"], row["unit"]), row["url"] or "—"]
        for row in drilldown_rows(review, base)
    ]
    if any(row[2] != "—" for row in annex):
        document.heading("Phụ lục: danh sách hồ sơ của từng số liệu")
        document.table(
            [["Chỉ tiêu", f"Năm {review.year}", "Danh sách hồ sơ"], *annex], (55, 25, 85)
        )
    document.signature("Thủ trưởng cơ quan")
    return document.to_bytes()


def xlsx(review: Review, base: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, section in enumerate(review.sections, start=1):
        sheet = workbook.create_sheet(f"{index}. {section.section.code}"[:31])
        sheet.append(
            [section.section.title_vi, stage_note(section.cut_off) if section.estimated else ""]
        )
        sheet["A1"].font = Font(bold=True, size=13)
        header = [
            "Mã chỉ tiêu",
            "Chỉ tiêu",
            "Đơn vị",
            f"Năm {review.year}",
            f"Năm {review.year - 1}",
            "Chênh lệch",
            "Tăng/giảm (%, điểm %)",
            "Từ đầu nhiệm kỳ",
            "Số liệu lịch sử",
            "Chỉ tiêu giao",
            "Tiến độ so với chỉ tiêu (%, điểm %)",
        ]
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for figure in section.figures:
            sheet.append(
                [
                    figure.code,
                    figure.name,
                    figure.unit,
                    figure.value,
                    figure.last_year,
                    figure.difference,
                    figure.change,
                    figure.term_to_date,
                    ", ".join(figure.historic),
                    None if figure.target is None else float(figure.target),
                    figure.progress,
                ]
            )
        for row in sheet.iter_rows(min_row=3, min_col=4, max_col=8):
            for cell in row:
                cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.00"
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 60
        for column in "DEFGH":
            sheet.column_dimensions[column].width = 20
    drilldowns = drilldown_rows(review, base)
    # The annex lists every figure with its records' list, once a register declares one.
    annex = workbook.create_sheet(ANNEX) if any(row["url"] for row in drilldowns) else None
    if annex is not None:
        _annex(annex, review, drilldowns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ANNEX = "Phụ lục truy xuất"


def _annex(annex: Any, review: Review, drilldowns: list[dict[str, Any]]) -> None:
    from openpyxl.styles import Font

    annex.append(["Lĩnh vực", "Mã chỉ tiêu", "Chỉ tiêu", f"Năm {review.year}", "Danh sách hồ sơ"])
    for cell in annex[1]:
        cell.font = Font(bold=True)
    for row in drilldowns:
        annex.append([row["section"], row["code"], row["name"], row["value"], row["url"]])
        if row["url"]:
            annex.cell(annex.max_row, 5).hyperlink = row["url"]
    for column, width in zip("ABCDE", (40, 34, 60, 18, 90), strict=True):
        annex.column_dimensions[column].width = width


def pdf(review: Review, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("statistics/review_print.html", context)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
