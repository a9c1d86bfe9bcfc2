"""The DOCX writer of the inspection conclusion: an Office Open XML package written with the
standard library, in the layout of an administrative document (NĐ 30/2020/NĐ-CP Phụ lục I: A4,
margins top and bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 13–14 pt; the issuing
body and the number on the left, the national motto and the place and date on the right).

The same writer as ``oversight/compensation/docx.py``: the oversight layers keep compensation
and inspections apart, so neither imports the other (a shared ``tuphap.core.docx`` would
serve both)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

Align = Literal["left", "center", "right", "both"]

MM = 56.7  # twentieths of a point per millimetre
FONT = "Times New Roman"


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    size: int = 14  # points


def _run(run: Run) -> str:
    props = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    if run.bold:
        props += "<w:b/>"
    if run.italic:
        props += "<w:i/>"
    props += f'<w:sz w:val="{run.size * 2}"/><w:szCs w:val="{run.size * 2}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(run.text)}</w:t></w:r>'


def paragraph(*runs: Run | str, align: Align = "both", indent_first: bool = False) -> str:
    props = f'<w:jc w:val="{align}"/><w:spacing w:before="60" w:after="60"/>'
    if indent_first:
        props += f'<w:ind w:firstLine="{round(12.7 * MM)}"/>'
    body = "".join(_run(Run(r) if isinstance(r, str) else r) for r in runs)
    return f"<w:p><w:pPr>{props}</w:pPr>{body}</w:p>"


def table(
    rows: list[list[str]], *, widths_mm: list[int], borders: bool = True, header: bool = True
) -> str:
    """A table; with ``header`` its first row is bold."""
    grid = "".join(f'<w:gridCol w:w="{round(w * MM)}"/>' for w in widths_mm)
    border = ""
    if borders:
        sides = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        border = f"<w:tblBorders>{sides}</w:tblBorders>"
    properties = f'<w:tblPr><w:tblW w:w="0" w:type="auto"/>{border}</w:tblPr>'
    out = [f"<w:tbl>{properties}<w:tblGrid>{grid}</w:tblGrid>"]
    for index, row in enumerate(rows):
        cells = []
        for column, text in enumerate(row):
            width = round(widths_mm[column] * MM)
            lines = str(text).split("\n")
            paragraphs = "".join(
                paragraph(
                    Run(line, bold=_bold(line, first=index == 0, header=header, borders=borders)),
                    align="center"
                    if not borders or index == 0
                    else ("right" if column else "left"),
                )
                for line in lines
            )
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'
            )
        out.append(f"<w:tr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _bold(line: str, *, first: bool, header: bool, borders: bool) -> bool:
    """A header row is bold, and so are the capitalised lines of a heading table."""
    return (header and first) or (line.isupper() and not borders)


def heading(*, body: str, number: str, place_date: str) -> str:
    """The two-column heading of an administrative document (NĐ 30/2020 Phụ lục I, ô 1–4): the
    issuing body (its superior body on the line above, when given) and the number on the left,
    the national motto and the place and date on the right."""
    left = f"{body.upper()}\n\nSố: {number}"
    right = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n" + place_date
    return table([[left, right]], widths_mm=[70, 95], borders=False, header=False)


CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def document(parts: list[str]) -> bytes:
    """The DOCX package of the body ``parts`` (paragraphs and tables), on A4."""
    section = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        f'<w:pgMar w:top="{round(20 * MM)}" w:right="{round(15 * MM)}" '
        f'w:bottom="{round(20 * MM)}" w:left="{round(30 * MM)}" '
        'w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>'
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(parts)}{section}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", xml)
    return buffer.getvalue()


def text_of(content: bytes) -> str:
    """The text of a package written here (for tests and checks)."""
    import re

    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p>.*?</w:p>", xml)
    return (
        "\n".join("".join(re.findall(r"<w:t[^>]*>(.*?)</w:t>", p)) for p in paragraphs)
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )
