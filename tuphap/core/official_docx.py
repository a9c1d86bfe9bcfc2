"""The one writer of official documents as DOCX, on python-docx, in the layout of an
administrative document (NĐ 30/2020/NĐ-CP, Phụ lục I): A4, margins top and bottom 20 mm, left
30 mm, right 15 mm, Times New Roman 13–14 pt; the heading a borderless table — the superior body
(when there is one, in capitals), the issuing body (capitals, bold) with a short rule under it
and "Số: <number>" on the left (13 pt), the national motto (12 pt, its second line 14, each on
one line) with a rule under it and the place and date (italic) on the right; the title
(capitals, bold) and its subtitle centred, then the body (paragraphs of mixed bold and italic
runs, tables, pictures), and the signature on the right, with the recipients ("Nơi nhận",
bold italic 12 pt, the list 11 pt) on its left when given. The page number is centred at the
top of every page but the first. Opens in Word and LibreOffice.

The API is small::

    document = OfficialDocument(agency=..., number=..., place=..., day=..., title=...)
    document.paragraph("Căn cứ ...", italic=True, indent=True)
    document.paragraph(Run("Điều 1. ", bold=True), "Giải quyết ...", indent=True)
    document.table(rows, (55, 37, 37, 37), align=("left", "right", "right", "right"))
    document.signature("Thủ trưởng cơ quan", recipients=("Như trên;", "Lưu: VT."))
    data = document.to_bytes()

The registers keep what their documents say; this module how they look."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

Align = Literal["left", "center", "right", "both"]

CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT: Final = "Times New Roman"
MOTTO: Final = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SIGNATURE_HINT: Final = "(Ký, ghi rõ họ tên, đóng dấu)"
ALIGN: Final = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
TEXT_WIDTH_MM: Final = 165  # 210 mm less the margins of 30 and 15 mm
# The heading's columns, and the recipients' and the signature's.
HEADING_MM: Final = (65, 100)
SIGNATURE_MM: Final = (85, 80)


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph in its own weight or slant (``Run("Điều 1. ", bold=True)``)."""

    text: str
    bold: bool = False
    italic: bool = False


def vietnamese_date(place: str, day: datetime.date) -> str:
    """ "Nghệ An, ngày 05 tháng 11 năm 2026": a zero before a day below 10 and before the
    months 1 and 2 (NĐ 30/2020/NĐ-CP Phụ lục I, the place and date of issue)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    dated = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {dated}" if place else dated


def _run(paragraph: Paragraph, text: str, *, bold: bool, italic: bool, size: float) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name, run.font.size = FONT, Pt(size)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)


def _spacing(paragraph: Paragraph, align: Align, before: float, after: float) -> None:
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)


def _widths(table: Table, widths_mm: Sequence[int]) -> None:
    """The column widths in the grid (read by LibreOffice) and in each cell (read by Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _rule(cell: Any, *, cell_mm: int, length_mm: int) -> None:
    """The short horizontal rule under the issuing body and under the motto: an empty centred
    paragraph with a bottom border, indented to ``length_mm``."""
    paragraph = cell.add_paragraph()
    _spacing(paragraph, "center", 0, 0)
    side = Mm(max(0, (cell_mm - 4 - length_mm) / 2))  # the cell's margins are about 2 mm
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )


def _cell_lines(
    cell: Any, lines: Sequence[tuple[str, bool, bool, float]], *, align: Align = "center"
) -> None:
    """Write ``(text, bold, italic, size)`` lines into ``cell``, one paragraph each (the first
    into the empty paragraph a new cell has)."""
    for text, bold, italic, size in lines:
        fresh = len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs
        paragraph = cell.paragraphs[0] if fresh else cell.add_paragraph()
        _spacing(paragraph, align, 0, 0)
        _run(paragraph, text, bold=bold, italic=italic, size=size)


class OfficialDocument:
    """An administrative document: the heading, the title and subtitle (and "Kính gửi" when
    ``addressee`` is given) are written at once; then call ``paragraph``, ``heading``,
    ``table``, ``picture`` in order, ``signature`` last, and ``to_bytes``."""

    def __init__(
        self,
        *,
        agency: str,
        number: str,
        place: str,
        day: datetime.date,
        title: str,
        subtitle: str = "",
        superior: str = "",
        addressee: str = "",
    ) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        self._page_numbers()
        self._heading(superior, agency, number, vietnamese_date(place, day))
        self.paragraph(title.upper(), bold=True, align="center", before=12)
        if subtitle:
            self.paragraph(subtitle, bold=True, align="center", before=0)
        if addressee:
            self.paragraph(f"Kính gửi: {addressee}", align="center", before=6)

    def _page_numbers(self) -> None:
        """The page number centred in the top margin, from the second page (NĐ 30/2020 Phụ
        lục I: Arabic numerals, 13–14 pt, not on the first page)."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0]
        _spacing(paragraph, "center", 0, 0)
        for kind, instruction in (("begin", ""), ("", "PAGE"), ("end", "")):
            run = paragraph.add_run()
            run.font.name, run.font.size = FONT, Pt(14)
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
            else:
                field = OxmlElement("w:instrText")
                field.set(qn("xml:space"), "preserve")
                field.text = instruction
            run._r.append(field)

    def _heading(self, superior: str, agency: str, number: str, dated: str) -> None:
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, HEADING_MM)
        left, right = table.rows[0].cells
        top = [(superior.upper(), False, False, 13)] if superior else []
        _cell_lines(left, [*top, (agency.upper(), True, False, 13)])
        _rule(left, cell_mm=HEADING_MM[0], length_mm=25)
        _cell_lines(left, [(f"Số: {number}", False, False, 13)])
        _cell_lines(right, [(MOTTO[0], True, False, 12), (MOTTO[1], True, False, 14)])
        _rule(right, cell_mm=HEADING_MM[1], length_mm=62)
        _cell_lines(right, [(dated, False, True, 14)])

    def heading(self, text: str) -> None:
        """A section heading: bold, on the left."""
        self.paragraph(text, bold=True, align="left", before=10)

    def paragraph(
        self,
        *parts: str | Run,
        bold: bool = False,
        italic: bool = False,
        align: Align = "both",
        size: float = 14,
        before: float = 3,
        indent: bool = False,
    ) -> None:
        """A paragraph of ``parts``: a string in the paragraph's ``bold`` and ``italic``, a
        ``Run`` in its own; ``indent`` indents the first line by 12.7 mm."""
        paragraph = self.document.add_paragraph()
        _spacing(paragraph, align, before, 3)
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(12.7)
        for part in parts:
            if isinstance(part, Run):
                _run(paragraph, part.text, bold=part.bold, italic=part.italic, size=size)
            else:
                _run(paragraph, part, bold=bold, italic=italic, size=size)

    def table(
        self,
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[int],
        *,
        align: Sequence[Align] | None = None,
        size: float = 12,
    ) -> None:
        """A bordered table, its first row the header (bold, centred); ``align`` the alignment
        of each column in the other rows (by default the first on the left, the others on the
        right, as for figures). A line break in a cell's text starts a new paragraph."""
        right: list[Align] = ["right"] * (len(widths_mm) - 1)
        aligns: Sequence[Align] = align or ["left", *right]
        table = self.document.add_table(rows=len(rows), cols=len(widths_mm))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, widths_mm)
        for row_index, row in enumerate(rows):
            header = row_index == 0
            for column, text in enumerate(row):
                cell = table.cell(row_index, column)
                for index, line in enumerate(str(text).split("\n")):
                    paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                    _spacing(paragraph, "center" if header else aligns[column], 1, 1)
                    _run(paragraph, line, bold=header, italic=False, size=size)

    def picture(self, png: bytes, width_mm: int = 160) -> None:
        """A picture (PNG or JPEG) centred, ``width_mm`` wide."""
        self.document.add_picture(io.BytesIO(png), width=Mm(width_mm))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def signature(
        self,
        title: str,
        name: str = "",
        *,
        recipients: Sequence[str] = (),
        hint: bool = True,
    ) -> None:
        """The signature: the signer's title in capitals (bold), the hint to sign and seal
        unless ``hint`` is false, the signer's name when known. With ``recipients`` ("Nơi
        nhận", each line written after "- ") a borderless table of two columns, the recipients
        on the left and the signature on the right; without, the signature on the right."""
        lines = [(title.upper(), True, False, 14.0)]
        if hint:
            lines.append((SIGNATURE_HINT, False, True, 14.0))
        if not recipients:
            for text, bold, italic, size in lines:
                self.paragraph(
                    text,
                    bold=bold,
                    italic=italic,
                    size=size,
                    align="right",
                    before=0 if italic else 12,
                )
            if name:
                self.paragraph(name, bold=True, align="right", before=48)
            return
        self.paragraph("", before=6)
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, SIGNATURE_MM)
        # The recipients and the signature stay on one page.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        left, right = table.rows[0].cells
        copies = [("Nơi nhận:", True, True, 12.0)]
        copies += [(f"- {line}", False, False, 11.0) for line in recipients]
        _cell_lines(left, copies, align="left")
        _cell_lines(right, lines)
        if name:
            paragraph = right.add_paragraph()
            _spacing(paragraph, "center", 48, 0)
            _run(paragraph, name, bold=True, italic=False, size=14)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def text_of(data: bytes) -> str:
    """The text of a DOCX in the order it reads: each paragraph on a line, and each table
    cell's paragraphs row by row (for tests and checks)."""
    document = Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        for row in block.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)
