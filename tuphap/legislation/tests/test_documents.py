from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.legislation.documents import selectors, services
from tuphap.legislation.documents.models import (
    Document,
    DocumentType,
    Provision,
    Relation,
    RelationKind,
    ValidityStatus,
)
from tuphap.legislation.tests import factories

D = datetime.date


def test_document_create_stores_version_provisions_validity_and_audit(world: Any) -> None:
    # given a ministry specialist; when the sample law is registered
    actor = world.users["ministry_specialist"]
    law = factories.sample_law(actor)
    # then the document, its version, its provisions and its validity history exist
    assert (law.number, law.number_value, law.year, law.issuer_level) == (
        "91/2026/QH15",
        91,
        2026,
        "central",
    )
    version = law.versions.get()
    assert version.version_date == D(2027, 1, 1)
    provisions = Provision.objects.filter(version=version)
    assert provisions.count() == 40
    point = provisions.get(eid="art_4__cl_1__pt_dd")
    assert (point.parent.eid, point.depth, point.kind) == ("art_4__cl_1", 4, "point")
    assert provisions.get(eid="art_7").effective_on == D(2027, 7, 1)
    assert list(law.validity_events.values_list("occurred_on", "status")) == [
        (D(2026, 6, 10), ValidityStatus.NOT_YET_IN_FORCE),
        (D(2027, 1, 1), ValidityStatus.IN_FORCE),
    ]
    event = AuditEvent.objects.get(action="legislation.document_create")
    assert (event.object_id, event.data) == (
        str(law.pk),
        {"number": "91/2026/QH15", "type": "law", "provisions": 40},
    )


@pytest.mark.parametrize(
    ("doc_type", "number", "field", "message"),
    [
        pytest.param(
            DocumentType.DECREE,
            "64/2026/QH15",
            "number",
            "The symbol of 64/2026/QH15 does not match a Decree (expected NĐ-CP).",
            id="law-number-on-a-decree",
        ),
        pytest.param(
            DocumentType.CIRCULAR,
            "05/2026/TT-BTP-BTC",
            "number",
            "The symbol of 05/2026/TT-BTP-BTC does not match a Circular "
            "(expected TT-[A-ZĐ][A-Za-zĐ]*).",
            id="joint-issuer-on-a-circular",
        ),
        pytest.param(
            DocumentType.LAW,
            "91/2025/QH15",
            "signed_on",
            "The year in the number (2025) differs from the signing year (2026).",
            id="wrong-year",
        ),
        pytest.param(
            DocumentType.LAW,
            "91/2026",
            "number",
            "'91/2026' must have three parts separated by '/': number/year/symbol, "
            "e.g. 120/2025/NĐ-CP.",
            id="malformed",
        ),
    ],
)
def test_document_create_checks_the_number(
    world: Any, doc_type: str, number: str, field: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        factories.sample_law(world.users["ministry_specialist"], doc_type=doc_type, number=number)
    assert caught.value.message == message
    assert caught.value.fields[field] == [message]
    assert Document.objects.count() == 0


def test_a_local_document_needs_its_province_and_a_central_none(world: Any) -> None:
    actor = world.users["ministry_specialist"]
    with pytest.raises(ValidationFailed) as caught:
        factories.detailing(
            actor,
            "15/2026/NQ-HĐND",
            signed_on=D(2026, 7, 1),
            effective_on=D(2026, 7, 15),
            doc_type=DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
            issuer="HĐND tỉnh Nghệ An",
        )
    assert caught.value.fields == {
        "place": ["A provincial document needs the province that issued it."]
    }


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        pytest.param("ministry_specialist", True, id="ministry"),
        pytest.param("administrator", True, id="administrator"),
        pytest.param("provincial_specialist", False, id="province"),
        pytest.param("leader", False, id="leader"),
        pytest.param("civil_status_officer", False, id="commune"),
    ],
)
def test_who_may_register_a_central_document(world: Any, persona: str, allowed: bool) -> None:
    actor = world.users[persona]
    if allowed:
        assert factories.sample_law(actor).pk is not None
    else:
        with pytest.raises(AccessDenied):
            factories.sample_law(actor)


@pytest.mark.parametrize(
    ("persona", "province", "allowed"),
    [
        pytest.param("provincial_specialist", "nghe_an", True, id="own-province"),
        pytest.param("provincial_specialist", "ha_tinh", False, id="other-province"),
        pytest.param("ministry_specialist", "ha_tinh", True, id="ministry"),
    ],
)
def test_who_may_register_a_local_document(
    world: Any, persona: str, province: str, allowed: bool
) -> None:
    def create() -> Document:
        return services.document_create(
            actor=world.users[persona],
            doc_type=DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
            number="15/2026/NQ-HĐND",
            issuer=f"HĐND {province}",
            signed_on=D(2026, 7, 1),
            effective_on=D(2026, 7, 15),
            title="Nghị quyết quy định mức hỗ trợ",
            text="Điều 1. Mức hỗ trợ\nMức hỗ trợ là 500.000 đồng.\n",
            place=getattr(world, province),
        )

    if allowed:
        assert create().issuer_level == "local"
    else:
        with pytest.raises(AccessDenied):
            create()


def test_the_same_number_of_the_same_issuer_conflicts(world: Any) -> None:
    actor = world.users["ministry_specialist"]
    factories.sample_law(actor)
    with pytest.raises(Conflict) as caught:
        factories.sample_law(actor)
    assert caught.value.message == "91/2026/QH15 of Quốc hội is already registered."


def test_validity_history_gives_the_status_on_each_date(world: Any) -> None:
    # given a law later repealed by another
    actor = world.users["ministry_specialist"]
    law = factories.sample_law(actor)
    repealer = factories.sample_law(
        actor,
        number="99/2027/QH15",
        signed_on=D(2027, 11, 1),
        effective_on=D(2028, 1, 1),
        title="Luật bãi bỏ",
    )
    # when it is marked wholly expired from the repealer's effective date
    services.document_set_validity(
        actor=actor,
        document=law,
        status=ValidityStatus.WHOLLY_EXPIRED,
        occurred_on=D(2028, 1, 1),
        source_document=repealer,
        note="Bãi bỏ toàn bộ",
    )
    # then the status follows the history date by date
    statuses = {
        day: selectors.document_get(document_id=law.pk, day=day).status  # type: ignore[attr-defined]
        for day in (D(2026, 6, 1), D(2026, 6, 10), D(2027, 1, 1), D(2028, 1, 1))
    }
    assert statuses == {
        D(2026, 6, 1): None,
        D(2026, 6, 10): "not_yet_in_force",
        D(2027, 1, 1): "in_force",
        D(2028, 1, 1): "wholly_expired",
    }
    assert AuditEvent.objects.filter(action="legislation.document_set_validity").count() == 1


def test_relation_add_checks_provisions_and_merges(world: Any) -> None:
    actor = world.users["ministry_specialist"]
    law = factories.sample_law(actor)
    decree = factories.detailing(
        actor, "10/2026/NĐ-CP", signed_on=D(2026, 11, 1), effective_on=D(2027, 1, 1)
    )
    services.relation_add(
        actor=actor,
        source=decree,
        target=law,
        kind=RelationKind.DETAILS,
        target_provisions=["art_5"],
    )
    relation = services.relation_add(
        actor=actor,
        source=decree,
        target=law,
        kind=RelationKind.DETAILS,
        target_provisions=["art_6__cl_1", "art_5"],
    )
    assert relation.target_provisions == ["art_5", "art_6__cl_1"]
    assert Relation.objects.count() == 1
    with pytest.raises(ValidationFailed) as caught:
        services.relation_add(
            actor=actor, source=decree, target=law, kind="amends", target_provisions=["art_99"]
        )
    assert caught.value.message == "91/2026/QH15 has no provision art_99."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("hòa giải trực tuyến", ["91/2026/QH15"], id="with-diacritics"),
        pytest.param("hoa giai truc tuyen", ["91/2026/QH15"], id="without-diacritics"),
        pytest.param("HOA GIAI", ["91/2026/QH15"], id="upper-case"),
        pytest.param("truy cứu trách nhiệm", ["91/2026/QH15"], id="words-of-the-text"),
        pytest.param("NĐ-CP", ["10/2026/NĐ-CP"], id="symbol"),
        pytest.param("đề nghị", ["91/2026/QH15"], id="whole-words-only"),
        pytest.param("10/2026/nd-cp", ["10/2026/NĐ-CP"], id="number-folded"),
        pytest.param("", ["10/2026/NĐ-CP", "91/2026/QH15"], id="empty-lists-all-newest-first"),
        pytest.param("tòa án", [], id="no-match"),
    ],
)
def test_document_search(world: Any, query: str, expected: list[str]) -> None:
    actor = world.users["ministry_specialist"]
    factories.sample_law(actor)
    factories.detailing(
        actor, "10/2026/NĐ-CP", signed_on=D(2026, 11, 1), effective_on=D(2027, 1, 1)
    )
    assert [doc.number for doc in selectors.document_search(query)] == expected


def test_akn_export_of_a_stored_document(world: Any) -> None:
    law = factories.sample_law(world.users["ministry_specialist"])
    xml = selectors.document_akn(law)
    assert b'<FRBRuri value="/akn/vn/act/law/2026-06-10/91-2026-qh15" />' in xml
    assert xml.count(b"eId=") == 40
