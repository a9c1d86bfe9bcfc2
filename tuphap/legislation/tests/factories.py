"""Documents for tests, made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from tuphap.legislation.documents import services
from tuphap.legislation.documents.models import Document, DocumentType
from tuphap.legislation.tests.conftest import SAMPLE

SIGNED = datetime.date(2026, 6, 10)
EFFECTIVE = datetime.date(2027, 1, 1)


def sample_law(actor: Any, **overrides: Any) -> Document:
    values: dict[str, Any] = {
        "doc_type": DocumentType.LAW,
        "number": "91/2026/QH15",
        "issuer": "Quốc hội",
        "signer": "Trần Thanh Mẫn",
        "signed_on": SIGNED,
        "effective_on": EFFECTIVE,
        "title": "Luật Hòa giải trực tuyến",
        "text": SAMPLE.read_text(encoding="utf-8"),
    }
    values.update(overrides)
    return services.document_create(actor=actor, **values)


def detailing(
    actor: Any,
    number: str,
    *,
    signed_on: datetime.date,
    effective_on: datetime.date,
    doc_type: str = DocumentType.DECREE,
    issuer: str = "Chính phủ",
    title: str = "Nghị định quy định chi tiết",
) -> Document:
    return services.document_create(
        actor=actor,
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        signed_on=signed_on,
        effective_on=effective_on,
        title=title,
        text="Điều 1. Phạm vi điều chỉnh\nNghị định này quy định chi tiết.\n",
    )
