"""The printed notices of the complaint and denunciation registers as DOCX, in the layout of an
administrative document (NĐ 30/2020/NĐ-CP Phụ lục I: A4; margins 20/20/30/15 mm; Times New
Roman 13–14 pt; the issuing body and the number on the left, the national motto and the place
and date on the right). Written with the standard library (an Office Open XML package)."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

MM = 56.7  # twentieths of a point per millimetre
FONT = "Times New Roman"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Notice:
    """What a notice says: the issuing body, its number, the place and date, the title, the
    recipient and the paragraphs, and who signs."""

    body: str
    number: str
    place: str
    day: datetime.date
    title: str
    subtitle: str
    recipient: str
    paragraphs: Sequence[str]
    signer: str


def _run(text: str, *, bold: bool = False, italic: bool = False, size: int = 14) -> str:
    props = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    props += "<w:b/>" if bold else ""
    props += "<w:i/>" if italic else ""
    props += f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(text: str, *, align: str = "both", indent: bool = False, **run: object) -> str:
    props = f'<w:jc w:val="{align}"/><w:spacing w:before="60" w:after="60"/>'
    if indent:
        props += f'<w:ind w:firstLine="{round(12.7 * MM)}"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>{_run(text, **run)}</w:p>"  # type: ignore[arg-type]


def _cell(width_mm: int, paragraphs: str) -> str:
    width = round(width_mm * MM)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'


def _heading(notice: Notice) -> str:
    left = _para(notice.body.upper(), align="center", bold=True, size=13) + _para(
        f"Số: {notice.number}", align="center", size=13
    )
    right = (
        _para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", bold=True, size=13)
        + _para("Độc lập - Tự do - Hạnh phúc", align="center", bold=True, size=14)
        + _para(
            f"{notice.place}, ngày {notice.day.day:02d} tháng {notice.day.month:02d} "
            f"năm {notice.day.year}",
            align="center",
            italic=True,
        )
    )
    grid = f'<w:gridCol w:w="{round(65 * MM)}"/><w:gridCol w:w="{round(100 * MM)}"/>'
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid><w:tr>{_cell(65, left)}{_cell(100, right)}</w:tr></w:tbl>"
    )


def document_xml(notice: Notice) -> str:
    body = [
        _heading(notice),
        _para(notice.title.upper(), align="center", bold=True),
        _para(notice.subtitle, align="center", bold=True),
        _para(f"Kính gửi: {notice.recipient}", align="center"),
        *(_para(text, indent=True) for text in notice.paragraphs),
        _para(notice.signer.upper(), align="right", bold=True),
    ]
    section = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        f'<w:pgMar w:top="{round(20 * MM)}" w:bottom="{round(20 * MM)}" '
        f'w:left="{round(30 * MM)}" w:right="{round(15 * MM)}" w:header="0" w:footer="0" '
        'w:gutter="0"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(body)}{section}</w:body></w:document>"
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
    'document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def render(notice: Notice) -> bytes:
    """The notice as a DOCX package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document_xml(notice))
    return buffer.getvalue()


def text_of(data: bytes) -> str:
    """The text of a DOCX written by ``render`` (for the tests)."""
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
