"""Demo of checking and review (run after the legislation demo): three checks, and the review
tasks an amendment of the demo's notary law calls for. Fictitious numbers and texts.

* a lawful provincial decision, checked by the ministry and closed;
* an unlawful provincial council resolution, checked by the province's Department of Justice,
  sent back to the council, amended, closed;
* a circular the pre-checks catch (it takes effect 20 days after signing and rests on a law not
  yet in force), examined by the ministry as unlawful in form and content: a central-level case
  (no place) whose request to the issuer is the next step, counted in the central rollups.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from tuphap.accounts.models import User
from tuphap.core.demo import Output, step
from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking.models import (
    CheckOutcome,
    DocumentCheck,
    FindingGround,
    ReviewTask,
)
from tuphap.legislation.documents import services
from tuphap.legislation.documents.models import Document, DocumentType, RelationKind

D = datetime.date

CIRCULAR = """BỘ TƯ PHÁP
THÔNG TƯ
Hướng dẫn hòa giải trực tuyến trong công chứng điện tử (ví dụ)

Căn cứ Luật Công chứng điện tử số 85/2025/QH15;
Căn cứ Luật Hòa giải trực tuyến số 91/2026/QH15;
Bộ trưởng Bộ Tư pháp ban hành Thông tư hướng dẫn hòa giải trực tuyến trong công chứng điện tử.

Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn việc hòa giải trực tuyến tranh chấp về văn bản công chứng điện tử.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành từ ngày 02 tháng 3 năm 2026.
"""

AMENDING_LAW = """QUỐC HỘI
LUẬT
Sửa đổi, bổ sung một số điều của Luật Công chứng điện tử (ví dụ)

Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Công chứng điện tử số 85/2025/QH15.

Điều 1. Sửa đổi, bổ sung Điều 2
Sửa đổi khoản 1 Điều 2 như sau: “1. Văn bản công chứng điện tử có giá trị như văn bản giấy.”
Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2027.
"""


def _lawful(actor: Any, decision: Document) -> None:
    check = checking.check_open(actor=actor, document=decision, received_on=D(2026, 4, 6))
    check = checking.check_precheck(actor=actor, check=check)
    check = checking.check_examine(
        actor=actor,
        check=check,
        findings=[
            checking.FindingData(
                ground=FindingGround.LAWFUL,
                description="Mức hỗ trợ đúng mức Nghị quyết 07/2026/NQ-HĐND giao quy định.",
            )
        ],
    )
    checking.check_close(actor=actor, check=check)


def _unlawful(actor: Any, resolution: Document) -> None:
    check = checking.check_open(actor=actor, document=resolution, received_on=D(2026, 3, 5))
    check = checking.check_precheck(actor=actor, check=check)
    check = checking.check_examine(
        actor=actor,
        check=check,
        findings=[
            checking.FindingData(
                ground=FindingGround.CONTENT,
                provision="art_1__cl_1",
                description="Mức hỗ trợ 400.000 đồng một vụ việc vượt mức trần do trung ương "
                "quy định.",
                legal_basis="Thông tư quy định mức chi hỗ trợ hòa giải ở cơ sở (ví dụ), Điều 3",
            )
        ],
    )
    check = checking.check_request(
        actor=actor,
        check=check,
        request_text="Đề nghị Hội đồng nhân dân tỉnh sửa đổi khoản 1 Điều 1 của Nghị quyết.",
    )
    check = checking.check_record_outcome(
        actor=actor,
        check=check,
        outcome=CheckOutcome.AMENDED,
        note="Hội đồng nhân dân tỉnh đã sửa đổi mức hỗ trợ tại kỳ họp chuyên đề.",
    )
    checking.check_close(actor=actor, check=check)


def _caught(actor: Any) -> None:
    circular = services.document_create(
        actor=actor,
        doc_type=DocumentType.CIRCULAR,
        number="05/2026/TT-BTP",
        issuer="Bộ Tư pháp",
        signed_on=D(2026, 2, 10),
        effective_on=D(2026, 3, 2),
        title="Thông tư hướng dẫn hòa giải trực tuyến trong công chứng điện tử (ví dụ)",
        text=CIRCULAR,
    )
    check = checking.check_open(actor=actor, document=circular, received_on=D(2026, 2, 20))
    check = checking.check_precheck(actor=actor, check=check)
    checking.check_examine(
        actor=actor,
        check=check,
        findings=[
            checking.FindingData(
                ground=FindingGround.FORM,
                provision="art_2",
                description="Thông tư có hiệu lực sau 20 ngày kể từ ngày ký, ít hơn 45 ngày.",
                legal_basis="Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, Điều 53",
            ),
            checking.FindingData(
                ground=FindingGround.CONTENT,
                description="Căn cứ Luật Hòa giải trực tuyến chưa có hiệu lực khi ký ban hành.",
                legal_basis="Luật Hòa giải trực tuyến số 91/2026/QH15 (ví dụ), điều khoản hiệu lực",
            ),
        ],
    )


def _amendment(actor: Any) -> None:
    notary = Document.objects.get(number="85/2025/QH15")
    amending = services.document_create(
        actor=actor,
        doc_type=DocumentType.LAW,
        number="110/2026/QH15",
        issuer="Quốc hội",
        signer="Trần Thanh Mẫn",
        signed_on=D(2026, 6, 25),
        effective_on=D(2027, 1, 1),
        title="Luật sửa đổi, bổ sung một số điều của Luật Công chứng điện tử (ví dụ)",
        text=AMENDING_LAW,
    )
    services.relation_add(
        actor=actor,
        source=amending,
        target=notary,
        kind=RelationKind.AMENDS,
        target_provisions=["art_2__cl_1"],
    )


@step(61)
@transaction.atomic
def checking_and_review(output: Output, show_progress: bool) -> None:
    ministry = User.objects.filter(username="demo.bo").first()
    province = User.objects.filter(username="demo.chuyenvien").first()
    if ministry is None or province is None or DocumentCheck.objects.exists():
        return
    resolution = Document.objects.filter(number="07/2026/NQ-HĐND").first()
    decision = Document.objects.filter(number="18/2026/QĐ-UBND").first()
    if resolution is None or decision is None:
        return
    _lawful(ministry, decision)
    _unlawful(province, resolution)
    _caught(ministry)
    _amendment(ministry)
    output.write(
        f"  {DocumentCheck.objects.count()} document checks, "
        f"{ReviewTask.objects.count()} review tasks"
    )
