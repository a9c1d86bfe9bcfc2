"""The printed notices of a complaint (TT 05/2021/TT-TTCP forms [S]): its acceptance, its
non-acceptance with the Art. 11 ground, and the determination that it is complex with the
limit it sets — as DOCX, written by the shared writer of official documents
(``core/official_docx.py``, the layout of NĐ 30/2020/NĐ-CP Phụ lục I). The denunciations'
notices have the same shape and use ``Notice`` and ``render`` from here."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from django.utils import translation

from tuphap.casework import deadlines as case_deadlines
from tuphap.core import official_docx
from tuphap.core.errors import Conflict
from tuphap.oversight.complaints import rules
from tuphap.oversight.complaints.models import Complaint

KINDS: Final = ("acceptance", "non_acceptance", "complex")


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


def render(notice: Notice) -> bytes:
    """The notice as DOCX: the heading, the title and subtitle, "Kính gửi" the recipient, the
    paragraphs (first lines indented) and the signer's title on the right."""
    document = official_docx.OfficialDocument(
        agency=notice.body,
        number=notice.number,
        place=notice.place,
        day=notice.day,
        title=notice.title,
        subtitle=notice.subtitle,
        addressee=notice.recipient,
    )
    for text in notice.paragraphs:
        document.paragraph(text, indent=True)
    document.signature(notice.signer, hint=False)
    return document.to_bytes()


def _d(day: object) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def _recipient(detail: Complaint) -> str:
    people = list(detail.complainants.order_by("position"))
    chosen = [p for p in people if p.representative] or people[:1]
    names = ", ".join(p.full_name for p in chosen)
    return names + (f" (đại diện {len(people)} người khiếu nại)" if len(people) > 1 else "")


def _place(detail: Complaint) -> str:
    province = detail.case.province
    name = province.name if province else "Hà Nội"
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def notice(detail: Complaint, kind: str) -> Notice:
    """The notice ``kind`` of ``detail``; refused (409) when the complaint has no such step."""
    number = f"{detail.case.number}/TB-TTr"
    base = {
        "body": detail.agency.name,
        "number": number,
        "place": _place(detail),
        "recipient": _recipient(detail),
        "signer": "Thủ trưởng cơ quan",
    }
    act = f"{detail.get_act_kind_display()}: {detail.act_description}"
    if kind == "acceptance" and (detail.accepted_on or detail.second_accepted_on):
        second = detail.second_accepted_on is not None
        day = detail.second_accepted_on if second else detail.accepted_on
        due = detail.second_due_on if second else detail.first_due_on
        return Notice(
            **base,
            day=day,  # type: ignore[arg-type]
            title="Thông báo",
            subtitle="Về việc thụ lý giải quyết khiếu nại " + ("lần hai" if second else "lần đầu"),
            paragraphs=(
                f"Ngày {_d(detail.second_received_on if second else detail.received_on)}, "
                f"{detail.agency.name} nhận được đơn khiếu nại của {_recipient(detail)} "
                f"đối với {act} ({detail.respondent}).",
                "Sau khi xem xét, đơn khiếu nại đủ điều kiện thụ lý theo Luật Khiếu nại "
                f"năm 2011. Khiếu nại được thụ lý giải quyết từ ngày {_d(day)}.",
                f"Thời hạn giải quyết đến hết ngày {_d(due)} "
                f"({'Điều 37' if second else 'Điều 28'} Luật Khiếu nại).",
            ),
        )
    if kind == "non_acceptance" and detail.not_accepted_ground:
        return Notice(
            **base,
            day=case_deadlines.local_date(detail.case.state_since),
            title="Thông báo",
            subtitle="Về việc không thụ lý giải quyết khiếu nại",
            paragraphs=(
                f"{detail.agency.name} nhận được đơn khiếu nại ngày {_d(detail.received_on)} "
                f"đối với {act}.",
                "Khiếu nại không được thụ lý giải quyết vì lý do: "
                f"{rules.NonAcceptanceGround(detail.not_accepted_ground).label} "
                "(Điều 11 Luật Khiếu nại năm 2011)."
                + (f" {detail.end_reason}" if detail.end_reason else ""),
            ),
        )
    determination = detail.determinations.order_by("-decided_on", "-pk").first()
    if kind == "complex" and determination is not None:
        criteria = "; ".join(
            str(rules.ComplexCriterion(code).label) for code in determination.criteria
        )
        return Notice(
            **{**base, "number": determination.document_number or number},
            day=determination.decided_on,
            title="Thông báo",
            subtitle="Về việc xác định vụ việc khiếu nại phức tạp và thời hạn giải quyết",
            paragraphs=(
                f"Vụ việc khiếu nại đối với {act} được xác định là vụ việc phức tạp "
                f"(Điều 3a Nghị định 124/2020/NĐ-CP) vì: {criteria}.",
                determination.reasoning,
                f"Thời hạn giải quyết được kéo dài từ ngày {_d(determination.due_before)} "
                f"đến hết ngày {_d(determination.due_after)}.",
            ),
        )
    raise Conflict("This complaint has no such notice.")


def notice_docx(detail: Complaint, kind: str) -> bytes:
    # The notice is an official paper in Vietnamese whatever the reader's language.
    with translation.override("vi"):
        return render(notice(detail, kind))
