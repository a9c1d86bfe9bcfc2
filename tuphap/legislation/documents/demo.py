"""Demo: three laws and resolutions written for the demo with their delegation clauses, the
decrees, decisions and circulars that detail them (some on time, some late, one missing), so
that the "overdue by assignee" page has something to show. Fictitious numbers and texts."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from tuphap.accounts.models import User
from tuphap.core.demo import Output, step
from tuphap.legislation.documents import services
from tuphap.legislation.documents.models import Document, DocumentType
from tuphap.places.models import AdministrativeUnit, Level

D = datetime.date
SAMPLE = Path(__file__).resolve().parent / "data" / "luat_hoa_giai_truc_tuyen.txt"

NOTARY_LAW = """QUỐC HỘI
LUẬT CÔNG CHỨNG ĐIỆN TỬ

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về công chứng điện tử và nền tảng công chứng điện tử.

Điều 2. Văn bản công chứng điện tử
1. Văn bản công chứng điện tử có giá trị pháp lý như văn bản công chứng giấy.
2. Chính phủ quy định chi tiết khoản 1 Điều này.

Chương II
HOẠT ĐỘNG CÔNG CHỨNG ĐIỆN TỬ

Điều 3. Nền tảng công chứng điện tử
1. Bộ Tư pháp xây dựng, quản lý nền tảng công chứng điện tử quốc gia.
2. Bộ trưởng Bộ Tư pháp quy định chi tiết khoản 1 Điều này.

Điều 4. Phí công chứng điện tử
1. Người yêu cầu công chứng điện tử nộp phí theo quy định của pháp luật về phí và lệ phí.
2. Bộ trưởng Bộ Tài chính quy định mức thu, chế độ thu, nộp phí công chứng điện tử.

Điều 5. Kết nối dữ liệu
1. Nền tảng công chứng điện tử được kết nối với Cơ sở dữ liệu quốc gia về dân cư.
2. Thủ tướng Chính phủ quy định chi tiết khoản 1 Điều này.

Điều 6. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.
"""

COUNCIL_RESOLUTION = """HỘI ĐỒNG NHÂN DÂN TỈNH NGHỆ AN
NGHỊ QUYẾT
Quy định mức hỗ trợ hòa giải ở cơ sở

Điều 1. Mức hỗ trợ
1. Mức hỗ trợ cho tổ hòa giải là 400.000 đồng một vụ việc.
2. Ủy ban nhân dân cấp tỉnh quy định chi tiết khoản 1 Điều này.

Điều 2. Hiệu lực thi hành
Nghị quyết này có hiệu lực từ ngày 15 tháng 3 năm 2026.
"""

DETAILING_TEXT = "Điều 1. Phạm vi điều chỉnh\n{title}.\nĐiều 2. Hiệu lực thi hành\n{effective}\n"


def _detailing(actor: Any, **values: Any) -> Document:
    effective: D = values["effective_on"]
    return services.document_create(
        actor=actor,
        text=DETAILING_TEXT.format(
            title=values["title"], effective=f"Có hiệu lực từ ngày {effective:%d/%m/%Y}."
        ),
        **values,
    )


def _confirm_and_fulfil(actor: Any, law: Document, links: dict[str, Document | None]) -> None:
    """Confirm every proposal; link the given document to the one delegated from that
    provision (``None``: still missing)."""
    for obligation in services.obligations_propose(actor=actor, document=law):
        services.obligation_confirm(actor=actor, obligation=obligation)
        document = links.get(obligation.source_provision)
        if document is not None:
            services.obligation_fulfil(
                actor=actor, obligation=obligation, detailing_document=document
            )


def _notary_law(actor: Any) -> None:
    law = services.document_create(
        actor=actor,
        doc_type=DocumentType.LAW,
        number="85/2025/QH15",
        issuer="Quốc hội",
        signer="Trần Thanh Mẫn",
        signed_on=D(2025, 6, 25),
        effective_on=D(2026, 1, 1),
        title="Luật Công chứng điện tử (ví dụ)",
        text=NOTARY_LAW,
    )
    decree = _detailing(
        actor,
        doc_type=DocumentType.DECREE,
        number="305/2025/NĐ-CP",
        issuer="Chính phủ",
        signed_on=D(2025, 11, 10),
        effective_on=D(2026, 1, 1),
        title="Nghị định quy định chi tiết văn bản công chứng điện tử (ví dụ)",
    )
    circular = _detailing(
        actor,
        doc_type=DocumentType.CIRCULAR,
        number="03/2026/TT-BTP",
        issuer="Bộ Tư pháp",
        signed_on=D(2026, 2, 15),
        effective_on=D(2026, 4, 1),
        title="Thông tư quy định chi tiết nền tảng công chứng điện tử (ví dụ)",
    )
    decision = _detailing(
        actor,
        doc_type=DocumentType.PM_DECISION,
        number="40/2025/QĐ-TTg",
        issuer="Thủ tướng Chính phủ",
        signed_on=D(2025, 11, 1),
        effective_on=D(2025, 12, 20),
        title="Quyết định về kết nối dữ liệu công chứng điện tử (ví dụ)",
    )
    # The Minister of Finance's circular on fees (Art. 4(2)) is missing: overdue.
    _confirm_and_fulfil(
        actor,
        law,
        {"art_2__cl_2": decree, "art_3__cl_2": circular, "art_5__cl_2": decision},
    )


def _mediation_law(actor: Any) -> None:
    law = services.document_create(
        actor=actor,
        doc_type=DocumentType.LAW,
        number="91/2026/QH15",
        issuer="Quốc hội",
        signer="Trần Thanh Mẫn",
        signed_on=D(2026, 6, 10),
        effective_on=D(2027, 1, 1),
        title="Luật Hòa giải trực tuyến (ví dụ)",
        text=SAMPLE.read_text(encoding="utf-8"),
    )
    decree = _detailing(
        actor,
        doc_type=DocumentType.DECREE,
        number="210/2026/NĐ-CP",
        issuer="Chính phủ",
        signed_on=D(2026, 10, 30),
        effective_on=D(2027, 1, 1),
        title="Nghị định quy định chi tiết nền tảng hòa giải (ví dụ)",
    )
    _confirm_and_fulfil(actor, law, {"art_6__cl_3": decree})


def _council_resolution(actor: Any) -> None:
    province = (
        AdministrativeUnit.objects.filter(code="40", level=Level.PROVINCE, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    if province is None:
        return
    resolution = services.document_create(
        actor=actor,
        doc_type=DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
        number="07/2026/NQ-HĐND",
        issuer="Hội đồng nhân dân tỉnh Nghệ An",
        signed_on=D(2026, 3, 1),
        effective_on=D(2026, 3, 15),
        title="Nghị quyết quy định mức hỗ trợ hòa giải ở cơ sở (ví dụ)",
        text=COUNCIL_RESOLUTION,
        place=province,
    )
    decision = _detailing(
        actor,
        doc_type=DocumentType.PROVINCIAL_COMMITTEE_DECISION,
        number="18/2026/QĐ-UBND",
        issuer="Ủy ban nhân dân tỉnh Nghệ An",
        signed_on=D(2026, 4, 2),
        effective_on=D(2026, 4, 15),
        title="Quyết định quy định chi tiết mức hỗ trợ hòa giải (ví dụ)",
        place=province,
    )
    _confirm_and_fulfil(actor, resolution, {"art_1__cl_2": decision})


@step(60)
@transaction.atomic
def legislation(output: Output, show_progress: bool) -> None:
    actor = User.objects.filter(username="demo.bo").first()
    if actor is None or Document.objects.filter(number="85/2025/QH15").exists():
        return
    _notary_law(actor)
    _mediation_law(actor)
    _council_resolution(actor)
    output.write(f"  {Document.objects.count()} legal documents with their detailing obligations")
