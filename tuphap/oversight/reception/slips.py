"""The printed slips of a letter handled outside the agency's competence, as DOCX: the guidance
slip (phiếu hướng dẫn) that tells the sender where to send the letter, and the transfer slip
(phiếu chuyển đơn) that sends it to the competent body (TT 05/2021/TT-TTCP Art. 8 and 14, forms
of its annex [U: form numbers]), in the layout of an administrative document (NĐ 30/2020/NĐ-CP
Phụ lục I: A4; margins 20/20/30/15 mm; Times New Roman 13–14 pt; the issuing body and the
number on the left, the national motto and the place and date on the right; "Nơi nhận" on the
left under the text, the signer on the right).

A denunciation's transfer slip names no denouncer: the denouncer's name, address and any other
personal detail are left out of what is sent on (Luật Tố cáo 2018 Art. 47–48 [U: article
numbers]). Written by the shared writer of official documents (``core/official_docx.py``);
always in Vietnamese, whatever the reader's language."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from tuphap.core import official_docx
from tuphap.core.errors import Conflict
from tuphap.oversight.reception import rules
from tuphap.oversight.reception.models import Letter, LetterSender

KINDS: Final = ("guidance", "transfer")
CONTENT_TYPE: Final = official_docx.CONTENT_TYPE

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


vietnamese_date = official_docx.vietnamese_date


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


def render(item: Slip) -> bytes:
    """The slip as DOCX: the heading (the parent body above the issuing one), the title and
    subtitle, "Kính gửi" the recipient, the paragraphs, and the copies (Nơi nhận) on the left
    of the signer's title."""
    document = official_docx.OfficialDocument(
        superior=item.parent,
        agency=item.body,
        number=item.number,
        place=item.place,
        day=item.day,
        title=item.title,
        subtitle=item.subtitle,
        addressee=item.recipient,
    )
    for text in item.paragraphs:
        document.paragraph(text, indent=True)
    document.signature(item.signer, recipients=item.copies, hint=False)
    return document.to_bytes()


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
