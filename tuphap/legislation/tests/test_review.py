from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.core.audit import AuditEvent
from tuphap.core.errors import AccessDenied, ValidationFailed
from tuphap.legislation.checking import review
from tuphap.legislation.checking import selectors as checking_selectors
from tuphap.legislation.checking.models import ReviewStatus, ReviewTask, ReviewTrigger
from tuphap.legislation.documents import services
from tuphap.legislation.documents.models import DocumentType, RelationKind, ValidityStatus
from tuphap.legislation.tests import factories
from tuphap.legislation.tests.checking_helpers import circular, resolution

D = datetime.date

AMENDING_LAW = """QUỐC HỘI
LUẬT
Sửa đổi, bổ sung một số điều của Luật Hòa giải trực tuyến

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Hòa giải trực tuyến số 91/2026/QH15.

Điều 1. Sửa đổi, bổ sung một số điều của Luật Hòa giải trực tuyến
1. Sửa đổi khoản 3 Điều 6 như sau: “3. Chính phủ quy định chi tiết khoản này.”
Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2027.
"""


@pytest.fixture
def corpus(world: Any) -> dict[str, Any]:
    actor = world.users["ministry_specialist"]
    law = factories.sample_law(actor)
    decree = factories.detailing(
        actor, "210/2026/NĐ-CP", signed_on=D(2026, 10, 30), effective_on=D(2027, 1, 1)
    )
    services.relation_add(actor=actor, source=decree, target=law, kind=RelationKind.DETAILS)
    return {
        "law": law,
        "decree": decree,
        "circular": circular(actor),
        "resolution": resolution(actor, world.nghe_an),
        "unrelated": factories.detailing(
            actor, "211/2026/NĐ-CP", signed_on=D(2026, 10, 30), effective_on=D(2027, 1, 1)
        ),
        "amending": services.document_create(
            actor=actor,
            doc_type=DocumentType.LAW,
            number="95/2026/QH15",
            issuer="Quốc hội",
            signed_on=D(2026, 11, 20),
            effective_on=D(2027, 3, 1),
            title="Luật sửa đổi, bổ sung một số điều của Luật Hòa giải trực tuyến",
            text=AMENDING_LAW,
        ),
    }


def _amend(world: Any, corpus: dict[str, Any]) -> None:
    services.relation_add(
        actor=world.users["ministry_specialist"],
        source=corpus["amending"],
        target=corpus["law"],
        kind=RelationKind.AMENDS,
        target_provisions=["art_6__cl_3"],
    )


def _tasks() -> dict[str, list[tuple[str, list[str]]]]:
    return {
        task.responsible: [(item.document.number, item.reasons) for item in task.items.all()]
        for task in ReviewTask.objects.prefetch_related("items__document")
    }


def test_an_amendment_lists_every_dependent_document_per_responsible_body(
    world: Any, corpus: dict[str, Any]
) -> None:
    _amend(world, corpus)

    assert _tasks() == {
        "Chính phủ": [("210/2026/NĐ-CP", ["details"])],
        "Bộ trưởng Bộ Tư pháp": [("07/2026/TT-BTP", ["cites"])],
        "Hội đồng nhân dân tỉnh Nghệ An": [("12/2026/NQ-HĐND", ["cites"])],
    }
    task = ReviewTask.objects.get(responsible="Hội đồng nhân dân tỉnh Nghệ An")
    assert (task.trigger, task.triggered_on, task.source_document) == (
        ReviewTrigger.AMENDED,
        D(2027, 3, 1),
        corpus["amending"],
    )
    assert task.place == world.nghe_an
    assert ReviewTask.objects.get(responsible="Chính phủ").place is None
    assert AuditEvent.objects.filter(action="legislation.review_task_create").count() == 3


def test_the_same_change_recorded_twice_creates_no_second_task(
    world: Any, corpus: dict[str, Any]
) -> None:
    actor = world.users["ministry_specialist"]
    _amend(world, corpus)
    first = set(ReviewTask.objects.values_list("pk", flat=True))

    _amend(world, corpus)
    services.document_set_validity(
        actor=actor,
        document=corpus["law"],
        status=ValidityStatus.PARTLY_EXPIRED,
        occurred_on=D(2027, 3, 1),
        source_document=corpus["amending"],
    )

    assert set(ReviewTask.objects.values_list("pk", flat=True)) == first


def test_a_dependent_found_later_joins_the_task_of_the_same_change(
    world: Any, corpus: dict[str, Any]
) -> None:
    actor = world.users["ministry_specialist"]
    _amend(world, corpus)
    circular(actor, number="08/2026/TT-BTP", title="Thông tư thứ hai")

    _amend(world, corpus)

    assert ReviewTask.objects.count() == 3
    assert _tasks()["Bộ trưởng Bộ Tư pháp"] == [
        ("07/2026/TT-BTP", ["cites"]),
        ("08/2026/TT-BTP", ["cites"]),
    ]


@pytest.mark.parametrize(
    ("status", "trigger"),
    [
        (ValidityStatus.SUSPENDED, ReviewTrigger.SUSPENDED),
        (ValidityStatus.WHOLLY_EXPIRED, ReviewTrigger.WHOLLY_EXPIRED),
        (ValidityStatus.PARTLY_EXPIRED, ReviewTrigger.PARTLY_EXPIRED),
    ],
    ids=["suspended", "wholly-expired", "partly-expired"],
)
def test_a_validity_change_without_a_source_is_its_own_cause(
    world: Any, corpus: dict[str, Any], status: str, trigger: str
) -> None:
    actor = world.users["ministry_specialist"]

    services.document_set_validity(
        actor=actor, document=corpus["law"], status=status, occurred_on=D(2027, 5, 1)
    )
    services.document_set_validity(
        actor=actor, document=corpus["law"], status=status, occurred_on=D(2027, 5, 1)
    )

    # With no changing document named, the amending law that cites the law is listed too.
    assert sorted(ReviewTask.objects.values_list("responsible", flat=True)) == [
        "Bộ trưởng Bộ Tư pháp",
        "Chính phủ",
        "Hội đồng nhân dân tỉnh Nghệ An",
        "Quốc hội",
    ]
    assert set(ReviewTask.objects.values_list("trigger", "triggered_on")) == {
        (trigger, D(2027, 5, 1))
    }


def test_in_force_and_detailing_relations_create_no_task(
    world: Any, corpus: dict[str, Any]
) -> None:
    actor = world.users["ministry_specialist"]

    services.document_set_validity(
        actor=actor,
        document=corpus["law"],
        status=ValidityStatus.IN_FORCE,
        occurred_on=D(2027, 1, 1),
    )
    services.relation_add(
        actor=actor,
        source=corpus["unrelated"],
        target=corpus["law"],
        kind=RelationKind.GUIDES,
    )
    services.document_set_validity(
        actor=actor,
        document=corpus["unrelated"],
        status=ValidityStatus.WHOLLY_EXPIRED,
        occurred_on=D(2027, 6, 1),
    )

    assert not ReviewTask.objects.exists()


def test_recording_the_review_completes_the_task(world: Any, corpus: dict[str, Any]) -> None:
    _amend(world, corpus)
    task = ReviewTask.objects.get(responsible="Hội đồng nhân dân tỉnh Nghệ An")
    item = task.items.get()
    specialist = world.users["provincial_specialist"]

    with pytest.raises(AccessDenied):
        review.review_item_record(
            actor=world.users["provincial_specialist_ha_tinh"],
            item=item,
            status=ReviewStatus.CONSISTENT,
        )
    with pytest.raises(ValidationFailed) as no_note:
        review.review_item_record(actor=specialist, item=item, status=ReviewStatus.NEEDS_AMENDMENT)
    with pytest.raises(ValidationFailed) as not_a_result:
        review.review_item_record(actor=specialist, item=item, status=ReviewStatus.TO_REVIEW)
    review.review_item_record(
        actor=specialist,
        item=item,
        status=ReviewStatus.NEEDS_AMENDMENT,
        note="Sửa căn cứ ban hành theo Luật sửa đổi.",
    )

    task.refresh_from_db()
    item.refresh_from_db()
    assert list(no_note.value.fields) == ["note"]
    assert list(not_a_result.value.fields) == ["status"]
    assert (item.status, item.reviewed_by) == (ReviewStatus.NEEDS_AMENDMENT, specialist)
    assert task.completed_at is not None


@pytest.mark.parametrize(
    ("persona", "responsible"),
    [
        (
            "ministry_specialist",
            ["Bộ trưởng Bộ Tư pháp", "Chính phủ", "Hội đồng nhân dân tỉnh Nghệ An"],
        ),
        ("leader", ["Bộ trưởng Bộ Tư pháp", "Chính phủ", "Hội đồng nhân dân tỉnh Nghệ An"]),
        ("provincial_specialist", ["Hội đồng nhân dân tỉnh Nghệ An"]),
        ("provincial_specialist_ha_tinh", []),
    ],
)
def test_review_tasks_are_listed_per_responsible_body_within_jurisdiction(
    world: Any, corpus: dict[str, Any], persona: str, responsible: list[str]
) -> None:
    _amend(world, corpus)

    groups = checking_selectors.review_tasks_by_responsible(world.users[persona])

    assert sorted(group.responsible for group in groups) == responsible
    assert all(group.open_items == 1 for group in groups)
