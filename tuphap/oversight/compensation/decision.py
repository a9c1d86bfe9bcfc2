"""The compensation decision (Quyết định giải quyết bồi thường, Luật TNBTCNN 2017 Art. 47(2)) as
a DOCX in the layout of NĐ 30/2020, written by the shared ``core/official_docx.py``: its
contents are those Art. 47(2) lists — the claimant, the damages and the amounts, honour
restoration, the effect and the right to sue."""

from __future__ import annotations

from django.utils import translation

from tuphap.core.money import format_vnd
from tuphap.core.official_docx import OfficialDocument, Run
from tuphap.oversight.compensation import rules
from tuphap.oversight.compensation.models import CompensationClaim


def _date(day: object) -> str:
    return day.strftime("%d/%m/%Y") if hasattr(day, "strftime") else "…"


def build(claim: CompensationClaim, *, totals: dict[str, int]) -> bytes:
    """The decision of ``claim`` (issued, with its number and date)."""
    decided = claim.decided_on
    if decided is None:
        raise ValueError("The claim has no decision yet.")
    place = claim.case.place.name if claim.case.place else ""
    with translation.override("vi"):
        heads = {value: str(label) for value, label in rules.DamageHead.choices}
        sector = str(dict(rules.Sector.choices)[claim.sector])
        claimant_kind = str(dict(rules.ClaimantKind.choices)[claim.claimant_kind])
        honour = str(dict(rules.HonourForm.choices).get(claim.honour_form, ""))
    rows = [["Khoản thiệt hại", "Yêu cầu (đồng)", "Xác minh (đồng)", "Quyết định (đồng)"]]
    for item in claim.damages.all():
        rows.append(
            [
                str(heads.get(item.head, item.head)),
                format_vnd(item.claimed),
                format_vnd(item.verified) if item.verified is not None else "—",
                format_vnd(item.decided) if item.decided is not None else "—",
            ]
        )
    rows.append(
        [
            "Tổng cộng",
            format_vnd(totals["claimed"]),
            format_vnd(totals["verified"]),
            format_vnd(totals["decided"]),
        ]
    )
    document = OfficialDocument(
        agency=claim.agency.name,
        number=claim.decision_number or "…",
        place=place,
        day=decided,
        title="Quyết định",
        subtitle="Về việc giải quyết bồi thường",
    )
    document.paragraph(claim.agency.name.upper(), bold=True, align="center")
    grounds = (
        "Căn cứ Luật Trách nhiệm bồi thường của Nhà nước ngày 20 tháng 6 năm 2017;",
        "Căn cứ Nghị định số 68/2018/NĐ-CP ngày 15 tháng 5 năm 2018 của Chính phủ quy định chi "
        "tiết một số điều và biện pháp thi hành Luật Trách nhiệm bồi thường của Nhà nước;",
        f"Căn cứ văn bản làm căn cứ yêu cầu bồi thường số {claim.basis_number} ngày "
        f"{_date(claim.basis_date)}"
        + (f" của {claim.basis_issuer}" if claim.basis_issuer else "")
        + ";",
        f"Căn cứ hồ sơ yêu cầu bồi thường thụ lý ngày {_date(claim.accepted_on)}, báo cáo xác "
        f"minh thiệt hại ngày {_date(claim.verified_on)} và biên bản thương lượng ngày "
        f"{_date(claim.negotiation_started_on)},",
    )
    for text in grounds:
        document.paragraph(text, italic=True, indent=True)
    document.paragraph("QUYẾT ĐỊNH:", bold=True, align="center")
    document.paragraph(
        Run("Điều 1. ", bold=True),
        f"Giải quyết bồi thường cho {claim.claimant_name} ({claimant_kind.lower()}"
        + (f" của {claim.injured_name}" if claim.injured_name else "")
        + f"), địa chỉ: {claim.claimant_address or '…'}, về thiệt hại do hành vi trái "
        f"pháp luật của người thi hành công vụ trong lĩnh vực {sector.lower()}: "
        f"{claim.unlawful_act}",
        indent=True,
    )
    document.table(rows, (55, 37, 37, 37))
    document.paragraph(
        f"Tổng số tiền bồi thường: {format_vnd(totals['decided'])}; đã tạm ứng "
        f"{format_vnd(totals['advanced'])}; số tiền còn phải chi trả "
        f"{format_vnd(max(0, totals['decided'] - totals['advanced']))}.",
        indent=True,
    )
    document.paragraph(
        Run("Điều 2. ", bold=True),
        (
            f"Khôi phục danh dự cho người bị thiệt hại: {honour.lower()}."
            if claim.honour_form
            else "Người yêu cầu bồi thường không yêu cầu khôi phục danh dự."
        ),
        indent=True,
    )
    document.paragraph(
        Run("Điều 3. ", bold=True),
        "Quyết định này có hiệu lực pháp luật sau 15 ngày kể từ ngày người yêu cầu bồi "
        f"thường nhận được quyết định (ngày {_date(claim.effective_on)}), trừ trường hợp "
        "người yêu cầu bồi thường khởi kiện yêu cầu Tòa án giải quyết bồi thường theo "
        "Điều 52 Luật Trách nhiệm bồi thường của Nhà nước.",
        indent=True,
    )
    document.signature(
        "Thủ trưởng cơ quan",
        recipients=(
            "Người yêu cầu bồi thường;",
            "Cơ quan quản lý nhà nước về công tác bồi thường;",
            "Lưu: VT, hồ sơ.",
        ),
    )
    return document.to_bytes()
