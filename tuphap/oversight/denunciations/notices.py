"""The printed notices of a denunciation, sent to the denouncer: its acceptance, its transfer
to the competent body, and each extension of the resolution (Luật Tố cáo 2018 Art. 24, 29, 30)
— as DOCX. They name the denouncer: only the resolver and the users given the right print
them (``views.notice_docx``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from django.utils import translation

from tuphap.core.errors import Conflict
from tuphap.oversight.complaints.notices import Notice, render
from tuphap.oversight.denunciations.models import Denouncer, Denunciation

KINDS: Final = ("acceptance", "transfer", "extension")


def _d(day: object) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def _place(detail: Denunciation) -> str:
    province = detail.case.province
    name = province.name if province else "Hà Nội"
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def notice(detail: Denunciation, kind: str, denouncers: Sequence[Denouncer]) -> Notice:
    base = {
        "body": detail.agency.name,
        "number": f"{detail.case.number}/TB-TTr",
        "place": _place(detail),
        "recipient": ", ".join(p.full_name for p in denouncers) or "Người tố cáo",
        "signer": "Thủ trưởng cơ quan",
        "title": "Thông báo",
    }
    if kind == "acceptance" and detail.accepted_on:
        return Notice(
            **base,
            day=detail.accepted_on,
            subtitle="Về việc thụ lý tố cáo",
            paragraphs=(
                f"Ngày {_d(detail.received_on)}, {detail.agency.name} nhận được đơn tố cáo "
                f"đối với {detail.denounced_name} ({detail.denounced_position}).",
                f"Tố cáo đủ điều kiện thụ lý (Điều 29 Luật Tố cáo năm 2018) và được thụ lý "
                f"ngày {_d(detail.accepted_on)}; thời hạn giải quyết 30 ngày, đến hết ngày "
                f"{_d(detail.resolution_due_on)} (Điều 30).",
            ),
        )
    if kind == "transfer" and detail.transferred_on:
        return Notice(
            **base,
            day=detail.transferred_on,
            subtitle="Về việc chuyển đơn tố cáo",
            paragraphs=(
                f"Đơn tố cáo nhận ngày {_d(detail.received_on)} không thuộc thẩm quyền giải "
                f"quyết của {detail.agency.name}.",
                f"Ngày {_d(detail.transferred_on)}, đơn đã được chuyển đến "
                f"{detail.transferred_to_name} để giải quyết theo thẩm quyền "
                "(Điều 24 Luật Tố cáo năm 2018).",
            ),
        )
    extension = detail.extensions.order_by("-number").first()
    if kind == "extension" and extension is not None:
        return Notice(
            **base,
            day=extension.decided_on,
            subtitle=f"Về việc gia hạn giải quyết tố cáo (lần {extension.number})",
            paragraphs=(
                f"Vụ việc tố cáo đối với {detail.denounced_name} là vụ việc "
                f"{detail.get_complexity_display().lower()}: {extension.reason}",
                f"Thời hạn giải quyết được gia hạn từ ngày {_d(extension.due_before)} đến hết "
                f"ngày {_d(extension.due_after)} (Điều 30 Luật Tố cáo năm 2018).",
            ),
        )
    raise Conflict("This denunciation has no such notice.")


def notice_docx(detail: Denunciation, kind: str, denouncers: Sequence[Denouncer]) -> bytes:
    # The notice is an official paper in Vietnamese whatever the reader's language.
    with translation.override("vi"):
        return render(notice(detail, kind, denouncers))
