from __future__ import annotations

import datetime
from typing import Any

from tuphap.legislation import indicators, services
from tuphap.legislation.models import DocumentType
from tuphap.statistics.registry import registry

D = datetime.date

RESOLUTION = """Điều 1. Mức hỗ trợ
1. Mức hỗ trợ chi phí hòa giải là 500.000 đồng một vụ việc.
2. Ủy ban nhân dân cấp tỉnh quy định chi tiết khoản 1 Điều này.
Điều 2. Hiệu lực thi hành
Nghị quyết này có hiệu lực từ ngày 15 tháng 7 năm 2026.
"""


def _local(world: Any, number: str, doc_type: str, signed: D, effective: D, text: str) -> Any:
    return services.document_create(
        actor=world.users["provincial_specialist"],
        doc_type=doc_type,
        number=number,
        issuer="Tỉnh Nghệ An",
        signed_on=signed,
        effective_on=effective,
        title="Văn bản của tỉnh Nghệ An",
        text=text,
        place=world.nghe_an,
    )


def test_local_indicators(world: Any) -> None:
    # given a provincial council resolution delegating to the provincial committee, confirmed,
    # and the committee's decision signed after the due date
    actor = world.users["provincial_specialist"]
    resolution = _local(
        world,
        "15/2026/NQ-HĐND",
        DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
        D(2026, 7, 1),
        D(2026, 7, 15),
        RESOLUTION,
    )
    (obligation,) = services.obligations_propose(actor=actor, document=resolution)
    assert (obligation.assignee_text, obligation.expected_type, obligation.due_on) == (
        "Ủy ban nhân dân cấp tỉnh",
        "provincial_committee_decision",
        D(2026, 7, 15),
    )
    services.obligation_confirm(actor=actor, obligation=obligation)
    decision = _local(
        world,
        "20/2026/QĐ-UBND",
        DocumentType.PROVINCIAL_COMMITTEE_DECISION,
        D(2026, 8, 20),
        D(2026, 9, 1),
        "Điều 1. Quy định chi tiết\nNội dung.\n",
    )
    services.obligation_fulfil(actor=actor, obligation=obligation, detailing_document=decision)
    place = world.nghe_an.pk
    # then the sources give these monthly rows
    start, end = D(2026, 6, 1), D(2026, 9, 30)
    assert sorted(indicators._promulgated(start, end)) == [
        (D(2026, 7, 1), place, None, 1),
        (D(2026, 8, 1), place, None, 1),
    ]
    source = registry.get("legislation.local_obligations.due").rows
    assert list(source(start, end)) == [(D(2026, 7, 1), place, None, 1)]
    late = registry.get("legislation.local_obligations.late").rows
    assert list(late(start, end)) == [(D(2026, 7, 1), place, None, 1)]
    on_time = registry.get("legislation.local_obligations.on_time").rows
    assert list(on_time(start, end)) == []
    outstanding = registry.get("legislation.local_obligations.outstanding").rows
    assert list(outstanding(start, end)) == [(D(2026, 7, 1), place, None, 1)]
