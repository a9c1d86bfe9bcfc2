"""The printed slips of a letter handled outside the agency's competence, as DOCX: the guidance
slip (phiếu hướng dẫn) that tells the sender where to send the letter, and the transfer slip
(phiếu chuyển đơn) that sends it to the competent body (TT 05/2021/TT-TTCP Art. 8 and 14, forms
of its annex [U: form numbers]), in the layout of an administrative document (NĐ 30/2020/NĐ-CP
Phụ lục I: A4; margins 20/20/30/15 mm; Times New Roman 13–14 pt; the issuing body and the
number on the left, the national motto and the place and date on the right; "Nơi nhận" on the
left under the text, the signer on the right).

A denunciation's transfer slip names no denouncer: the denouncer's name, address and any other
personal detail are left out of what is sent on (Luật Tố cáo 2018 Art. 47–48 [U: article
numbers]). Written with the standard library (an Office Open XML package); always in
Vietnamese, whatever the reader's language."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape

from tuphap.core.errors import Conflict
from tuphap.oversight.reception import rules
from tuphap.oversight.reception.models import Letter, LetterSender

KINDS: Final = ("guidance", "transfer")
CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MM: Final = 56.7  # twentieths of a point per millimetre
FONT: Final = "Times New Roman"

# The class of the letter as the slip writes it ("đơn khiếu nại"…).
_LETTER_KIND: Final[dict[str, str]] = {
    rules.Classification.COMPLAINT: "đơn khiếu nại",
    rules.Classification.DENUNCIATION: "đơn tố cáo",
    rules.Classification.PETITION: "đơn kiến nghị, phản ánh",
}
_DENOUNCER_WITHHELD: Final = (
    "người tố cáo (thông tin về người tố cáo được giữ bí mật theo Luật Tố cáo)"
)


@dataclass(frozen=True)
class Slip:
    """What a slip says: the issuing body (under its parent), its number, the place and date,
    the title, the recipient, the paragraphs, the copies (Nơi nhận) and who signs."""

    parent: str
    body: str
    number: str
    place: str
    day: datetime.date
    title: str
    subtitle: str
    recipient: str
    paragraphs: Sequence[str]
    copies: Sequence[str]
    signer: str


def vietnamese_date(place: str, day: datetime.date) -> str:
    """ "Nghệ An, ngày 05 tháng 11 năm 2026": a zero before a day below 10 and a month below 3
    (NĐ 30/2020/NĐ-CP Phụ lục I, place and date of issue)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _d(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def _place(letter: Letter) -> str:
    province = letter.agency.province
    name = province.name if province else "Hà Nội"
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def _protected(letter: Letter) -> bool:
    return letter.classification == rules.Classification.DENUNCIATION


def _senders(letter: Letter) -> list[LetterSender]:
    return list(letter.senders.order_by("position"))


def _who(people: list[LetterSender]) -> str:
    """ "ông/bà Nguyễn Văn Khải (địa chỉ: …)", the representative first, with the number of
    signers when several sign."""
    chosen = [p for p in people if p.representative] or people[:1]
    text = ", ".join(
        f"ông/bà {p.full_name}" + (f" (địa chỉ: {p.address})" if p.address else "") for p in chosen
    )
    if len(people) > 1:
        text += f", đại diện cho {len(people)} người cùng ký đơn"
    return text


def _letter_kind(letter: Letter) -> str:
    return _LETTER_KIND.get(letter.classification, "đơn")


def _content(letter: Letter) -> str:
    return letter.subject or letter.content


def slip(letter: Letter, kind: str) -> Slip:
    """The slip ``kind`` of ``letter``; refused (409) when the letter was not guided (or
    transferred)."""
    agency = letter.agency
    parent = agency.parent.name if agency.parent_id and agency.parent else ""
    people = _senders(letter)
    received = (
        f"Ngày {_d(letter.received_on)}, {agency.name} nhận được {_letter_kind(letter)} "
        f"(số {letter.reference} trong sổ tiếp nhận đơn) của "
    )
    if kind == "guidance" and letter.handling == rules.Handling.GUIDED:
        to = letter.transferred_to_name
        paragraphs = [
            received + _who(people) + ".",
            f"Nội dung đơn: {_content(letter)}.",
            "Sau khi nghiên cứu nội dung đơn, căn cứ quy định của pháp luật, nội dung đơn "
            f"không thuộc thẩm quyền giải quyết của {agency.name}. Đề nghị ông/bà gửi đơn đến "
            f"{to} để được xem xét, giải quyết theo quy định của pháp luật.",
        ]
        if letter.guidance:
            paragraphs.append(letter.guidance)
        representative = ([p for p in people if p.representative] or people[:1])[0]
        return Slip(
            parent=parent,
            body=agency.name,
            number=f"{letter.number}/PHD",
            place=_place(letter),
            day=letter.handled_on or letter.received_on,
            title="Phiếu hướng dẫn",
            subtitle="Về việc gửi đơn đến cơ quan có thẩm quyền giải quyết",
            recipient=f"Ông/Bà {representative.full_name}",
            paragraphs=paragraphs,
            copies=("Như trên;", "Lưu: VT, hồ sơ."),
            signer="Thủ trưởng cơ quan",
        )
    if kind == "transfer" and letter.handling == rules.Handling.TRANSFERRED:
        to = letter.transferred_to.name if letter.transferred_to else letter.transferred_to_name
        action = letter.actions.filter(kind=rules.ActionKind.TRANSFERRED).first()
        secret = _protected(letter)
        paragraphs = [
            received + (_DENOUNCER_WITHHELD if secret else _who(people)) + ".",
            f"Nội dung đơn: {_content(letter)}.",
            "Sau khi xem xét nội dung đơn, căn cứ quy định của pháp luật, "
            f"{agency.name} chuyển đơn đến {to} để xem xét, giải quyết theo thẩm quyền.",
        ]
        if action is not None and action.note:
            paragraphs.append(action.note)
        informed = "Người tố cáo (để biết);" if secret else f"{_who(people)} (để biết);"
        return Slip(
            parent=parent,
            body=agency.name,
            number=f"{letter.number}/PCĐ",
            place=_place(letter),
            day=letter.transferred_on or letter.received_on,
            title="Phiếu chuyển đơn",
            subtitle="",
            recipient=to,
            paragraphs=paragraphs,
            copies=("Như trên;", informed[0].upper() + informed[1:], "Lưu: VT, hồ sơ."),
            signer="Thủ trưởng cơ quan",
        )
    raise Conflict("This letter has no such slip.", code="no_such_slip")


# -- the DOCX package


def _run(text: str, *, bold: bool = False, italic: bool = False, size: int = 14) -> str:
    props = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    props += "<w:b/>" if bold else ""
    props += "<w:i/>" if italic else ""
    props += f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(
    text: str,
    *,
    align: str = "both",
    indent: bool = False,
    bold: bool = False,
    italic: bool = False,
    size: int = 14,
) -> str:
    props = f'<w:jc w:val="{align}"/><w:spacing w:before="60" w:after="60"/>'
    if indent:
        props += f'<w:ind w:firstLine="{round(12.7 * MM)}"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>{_run(text, bold=bold, italic=italic, size=size)}</w:p>"


def _table(widths_mm: tuple[int, int], cells: tuple[str, str]) -> str:
    grid = "".join(f'<w:gridCol w:w="{round(w * MM)}"/>' for w in widths_mm)
    row = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{round(w * MM)}" w:type="dxa"/></w:tcPr>{content}</w:tc>'
        for w, content in zip(widths_mm, cells, strict=True)
    )
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid><w:tr>{row}</w:tr></w:tbl>"
    )


def document_xml(item: Slip) -> str:
    left = (_para(item.parent.upper(), align="center", size=13) if item.parent else "") + (
        _para(item.body.upper(), align="center", bold=True, size=13)
        + _para(f"Số: {item.number}", align="center", size=13)
    )
    right = (
        _para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", bold=True, size=13)
        + _para("Độc lập - Tự do - Hạnh phúc", align="center", bold=True)
        + _para(vietnamese_date(item.place, item.day), align="center", italic=True)
    )
    copies = _para("Nơi nhận:", align="left", bold=True, italic=True, size=12) + "".join(
        _para(f"- {line}", align="left", size=11) for line in item.copies
    )
    body = [
        _table((65, 100), (left, right)),
        _para(item.title.upper(), align="center", bold=True),
        *([_para(item.subtitle, align="center", bold=True)] if item.subtitle else []),
        _para(f"Kính gửi: {item.recipient}", align="center"),
        *(_para(text, indent=True) for text in item.paragraphs),
        _table((85, 80), (copies, _para(item.signer.upper(), align="center", bold=True))),
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


_CONTENT_TYPES: Final = (
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
_RELS: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def render(item: Slip) -> bytes:
    """The slip as a DOCX package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document_xml(item))
    return buffer.getvalue()


def slip_docx(letter: Letter, kind: str) -> bytes:
    """The slip ``kind`` of ``letter`` as DOCX (409 when it has none)."""
    return render(slip(letter, kind))


def available(letter: Letter) -> list[str]:
    """The slips ``letter`` has: its guidance once guided, its transfer once transferred."""
    return [
        kind
        for kind, handling in (
            ("guidance", rules.Handling.GUIDED),
            ("transfer", rules.Handling.TRANSFERRED),
        )
        if letter.handling == handling
    ]
