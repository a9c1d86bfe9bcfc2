"""Documents and checks for the checking and review tests, made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking.models import DocumentCheck, FindingGround
from tuphap.legislation.documents import services
from tuphap.legislation.documents.models import Document, DocumentType

D = datetime.date
# A Monday with no holiday within the periods the tests count.
MONDAY = datetime.datetime(2026, 10, 5, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))

CIRCULAR_TEXT = """BỘ TƯ PHÁP
THÔNG TƯ
Quy định chi tiết về nền tảng hòa giải trực tuyến

Căn cứ Luật Hòa giải trực tuyến số 91/2026/QH15;
Căn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ;
Bộ trưởng Bộ Tư pháp ban hành Thông tư quy định chi tiết về nền tảng hòa giải trực tuyến.

Điều 1. Phạm vi điều chỉnh
Thông tư này quy định chi tiết khoản 3 Điều 6 của Luật Hòa giải trực tuyến.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành từ ngày 20 tháng 4 năm 2026.
"""

RESOLUTION_TEXT = """HỘI ĐỒNG NHÂN DÂN TỈNH NGHỆ AN
NGHỊ QUYẾT
Quy định mức chi cho công tác hòa giải trực tuyến

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Căn cứ Luật Hòa giải trực tuyến số 91/2026/QH15;
Hội đồng nhân dân tỉnh Nghệ An ban hành Nghị quyết.

Điều 1. Mức chi
Mức chi cho mỗi vụ việc hòa giải trực tuyến thành là 300.000 đồng.
Điều 2. Hiệu lực thi hành
Nghị quyết này có hiệu lực từ ngày 10 tháng 5 năm 2026.
"""


def circular(actor: Any, **overrides: Any) -> Document:
    values: dict[str, Any] = {
        "doc_type": DocumentType.CIRCULAR,
        "number": "07/2026/TT-BTP",
        "issuer": "Bộ trưởng Bộ Tư pháp",
        "signer": "Nguyễn Hải Ninh",
        "signed_on": D(2026, 3, 2),
        "effective_on": D(2026, 4, 20),
        "title": "Thông tư quy định chi tiết về nền tảng hòa giải trực tuyến",
        "text": CIRCULAR_TEXT,
    }
    values.update(overrides)
    return services.document_create(actor=actor, **values)


def resolution(actor: Any, place: Any, **overrides: Any) -> Document:
    values: dict[str, Any] = {
        "doc_type": DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
        "number": "12/2026/NQ-HĐND",
        "issuer": "Hội đồng nhân dân tỉnh Nghệ An",
        "signed_on": D(2026, 5, 4),
        "effective_on": D(2026, 5, 10),
        "title": "Nghị quyết quy định mức chi cho công tác hòa giải trực tuyến",
        "text": RESOLUTION_TEXT,
        "place": place,
    }
    values.update(overrides)
    return services.document_create(actor=actor, **values)


RECEIVED = D(2026, 10, 1)


def opened(actor: Any, document: Document, received_on: datetime.date = RECEIVED) -> Any:
    check = checking.check_open(actor=actor, document=document, received_on=received_on)
    return checking.check_precheck(actor=actor, check=check)


UNLAWFUL = checking.FindingData(
    ground=FindingGround.CONTENT,
    provision="art_1",
    description="Mức chi vượt mức tối đa do Bộ trưởng Bộ Tài chính quy định.",
    legal_basis="Thông tư số 56/2023/TT-BTC, Điều 4",
)
LAWFUL = checking.FindingData(
    ground=FindingGround.LAWFUL, description="Nội dung phù hợp với Luật Hòa giải trực tuyến."
)


def reload(check: DocumentCheck) -> DocumentCheck:
    return DocumentCheck.objects.select_related("case", "document", "document__place").get(
        pk=check.pk
    )
