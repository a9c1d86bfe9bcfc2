"""A DOCX in the layout of an administrative document (NĐ 30/2020/NĐ-CP, Phụ lục I), written
with python-docx: A4, margins top and bottom 20 mm, left 30 mm, right 15 mm, Times New Roman
13–14 pt; the issuing body (under its superior) and the number and symbol on the left, the
national motto and the place and date on the right, the title centred, the body, the signature
block on the right. Opens in Word and LibreOffice."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def vietnamese_date(place: str, day: datetime.date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


class OfficialDocument:
    def __init__(
        self,
        *,
        superior: str,
        agency: str,
        number: str,
        place: str,
        day: datetime.date,
        title: str,
        subtitle: str = "",
    ) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        self._heading(superior, agency, number, vietnamese_date(place, day))
        self.paragraph(title, bold=True, align="center", size=14, before=12)
        if subtitle:
            self.paragraph(subtitle, bold=True, align="center", size=13)

    def _heading(self, superior: str, agency: str, number: str, dated: str) -> None:
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        left.width, right.width = Mm(70), Mm(95)
        self._cell(left, [(superior.upper(), False, 13), (agency.upper(), True, 13)])
        self._cell(left, [(f"Số: {number}", False, 13)], first=False)
        self._cell(right, [(MOTTO[0], True, 13), (MOTTO[1], True, 14)])
        self._cell(right, [(dated, False, 14)], first=False, italic=True)

    @staticmethod
    def _cell(
        cell: object,
        lines: Sequence[tuple[str, bool, int]],
        *,
        first: bool = True,
        italic: bool = False,
    ) -> None:
        for index, (text, bold, size) in enumerate(lines):
            paragraph = (
                cell.paragraphs[0]  # type: ignore[attr-defined]
                if first and index == 0
                else cell.add_paragraph()  # type: ignore[attr-defined]
            )
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold, run.italic, run.font.size = bold, italic, Pt(size)

    def heading(self, text: str) -> None:
        self.paragraph(text, bold=True, align="left", before=10)

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        align: str = "both",
        size: int = 14,
        before: int = 3,
        indent: bool = False,
    ) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = ALIGN[align]
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.space_after = Pt(3)
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(12.7)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)

    def table(self, rows: Sequence[Sequence[str]], widths_mm: Sequence[int]) -> None:
        """A bordered table, its first row the header (bold), 12 pt."""
        table = self.document.add_table(rows=len(rows), cols=len(widths_mm))
        table.style = "Table Grid"
        for row_index, row in enumerate(rows):
            for column, text in enumerate(row):
                cell = table.cell(row_index, column)
                cell.width = Mm(widths_mm[column])
                paragraph = cell.paragraphs[0]
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.LEFT if column == 0 else WD_ALIGN_PARAGRAPH.RIGHT
                )
                run = paragraph.add_run(text)
                run.bold, run.font.size = row_index == 0, Pt(12)

    def picture(self, png: bytes, width_mm: int = 160) -> None:
        self.document.add_picture(io.BytesIO(png), width=Mm(width_mm))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def signature(self, title: str, name: str = "") -> None:
        for text, bold in ((title.upper(), True), ("(Ký, ghi rõ họ tên, đóng dấu)", False)):
            self.paragraph(
                text, bold=bold, italic=not bold, align="right", before=12 if bold else 0
            )
        if name:
            self.paragraph(name, bold=True, align="right", before=48)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
