"""The compensation decision (Quyết định giải quyết bồi thường, Luật TNBTCNN 2017 Art. 47(2)) as
a DOCX in the layout of NĐ 30/2020: its contents are those Art. 47(2) lists — the claimant, the
damages and the amounts, honour restoration, the effect and the right to sue."""

from __future__ import annotations

from django.utils import translation

from tuphap.core.money import format_vnd
from tuphap.oversight.compensation import docx, rules
from tuphap.oversight.compensation.models import CompensationClaim


def _date(day: object) -> str:
    return day.strftime("%d/%m/%Y") if hasattr(day, "strftime") else "…"


def build(claim: CompensationClaim, *, totals: dict[str, int]) -> bytes:
    """The decision of ``claim`` (issued, with its number and date)."""
    decided = claim.decided_on
    place = claim.case.place.name if claim.case.place else ""
    place_date = (
        f"{place}, ngày {decided.day:02d} tháng {decided.month:02d} năm {decided.year}"
        if decided
        else place
    )
    with translation.override("vi"):
        heads = dict(rules.DamageHead.choices)
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
    bold = docx.Run
    parts = [
        docx.heading(
            body=claim.agency.name, number=claim.decision_number or "…", place_date=place_date
        ),
        docx.paragraph(bold("QUYẾT ĐỊNH", bold=True), align="center"),
        docx.paragraph(bold("Về việc giải quyết bồi thường", bold=True), align="center"),
        docx.paragraph(bold(claim.agency.name.upper(), bold=True), align="center"),
        docx.paragraph(
            bold(
                "Căn cứ Luật Trách nhiệm bồi thường của Nhà nước ngày 20 tháng 6 năm 2017;",
                italic=True,
            ),
            indent_first=True,
        ),
        docx.paragraph(
            bold(
                "Căn cứ Nghị định số 68/2018/NĐ-CP ngày 15 tháng 5 năm 2018 của Chính phủ quy "
                "định chi tiết một số điều và biện pháp thi hành Luật Trách nhiệm bồi thường của "
                "Nhà nước;",
                italic=True,
            ),
            indent_first=True,
        ),
        docx.paragraph(
            bold(
                f"Căn cứ văn bản làm căn cứ yêu cầu bồi thường số {claim.basis_number} ngày "
                f"{_date(claim.basis_date)}"
                + (f" của {claim.basis_issuer}" if claim.basis_issuer else "")
                + ";",
                italic=True,
            ),
            indent_first=True,
        ),
        docx.paragraph(
            bold(
                f"Căn cứ hồ sơ yêu cầu bồi thường thụ lý ngày {_date(claim.accepted_on)}, báo "
                f"cáo xác minh thiệt hại ngày {_date(claim.verified_on)} và biên bản thương "
                f"lượng ngày {_date(claim.negotiation_started_on)},",
                italic=True,
            ),
            indent_first=True,
        ),
        docx.paragraph(bold("QUYẾT ĐỊNH:", bold=True), align="center"),
        docx.paragraph(
            bold("Điều 1. ", bold=True),
            f"Giải quyết bồi thường cho {claim.claimant_name} ({claimant_kind.lower()}"
            + (f" của {claim.injured_name}" if claim.injured_name else "")
            + f"), địa chỉ: {claim.claimant_address or '…'}, về thiệt hại do hành vi trái "
            f"pháp luật của người thi hành công vụ trong lĩnh vực {sector.lower()}: "
            f"{claim.unlawful_act}",
            indent_first=True,
        ),
        docx.table(rows, widths_mm=[55, 37, 37, 37]),
        docx.paragraph(
            f"Tổng số tiền bồi thường: {format_vnd(totals['decided'])}; đã tạm ứng "
            f"{format_vnd(totals['advanced'])}; số tiền còn phải chi trả "
            f"{format_vnd(max(0, totals['decided'] - totals['advanced']))}.",
            indent_first=True,
        ),
        docx.paragraph(
            bold("Điều 2. ", bold=True),
            (
                f"Khôi phục danh dự cho người bị thiệt hại: {honour.lower()}."
                if claim.honour_form
                else "Người yêu cầu bồi thường không yêu cầu khôi phục danh dự."
            ),
            indent_first=True,
        ),
        docx.paragraph(
            bold("Điều 3. ", bold=True),
            "Quyết định này có hiệu lực pháp luật sau 15 ngày kể từ ngày người yêu cầu bồi "
            f"thường nhận được quyết định (ngày {_date(claim.effective_on)}), trừ trường hợp "
            "người yêu cầu bồi thường khởi kiện yêu cầu Tòa án giải quyết bồi thường theo "
            "Điều 52 Luật Trách nhiệm bồi thường của Nhà nước.",
            indent_first=True,
        ),
        docx.table(
            [
                [
                    "Nơi nhận:\n- Người yêu cầu bồi thường;\n- Cơ quan quản lý nhà nước về "
                    "công tác bồi thường;\n- Lưu: VT, hồ sơ.",
                    "THỦ TRƯỞNG CƠ QUAN\n(Ký, ghi rõ họ tên, đóng dấu)",
                ]
            ],
            widths_mm=[80, 85],
            borders=False,
            header=False,
        ),
    ]
    return docx.document(parts)
