from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from conftest import api_as
from tuphap.legislation.documents import services
from tuphap.legislation.documents.models import DetailingObligation, ProposalStatus
from tuphap.legislation.tests import factories

D = datetime.date
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@pytest.fixture
def law(world: Any) -> Any:
    actor = world.users["ministry_specialist"]
    document = factories.sample_law(actor)
    services.obligations_propose(actor=actor, document=document)
    return document


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_document_page_renders_an_anchor_per_provision(world: Any, law: Any) -> None:
    response = _client(world.users["leader"]).get(f"/legislation/{law.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="provision ') == 40
    assert 'id="art_4__cl_1__pt_dd"' in html
    assert '<a href="#art_7">Điều 7.</a>' in html


def test_document_list_searches_without_diacritics(world: Any, law: Any) -> None:
    response = _client(world.users["leader"]).get("/legislation/", {"q": "hoa giai"})
    assert response.status_code == 200
    assert "Luật Hòa giải trực tuyến" in response.content.decode()


def test_pages_need_sign_in(law: Any) -> None:
    response = Client().get(f"/legislation/{law.pk}/")
    assert response.status_code == 302


def test_proposals_page_confirms_and_rejects(world: Any, law: Any) -> None:
    client = _client(world.users["ministry_specialist"])
    first, second = DetailingObligation.objects.order_by("id")[:2]
    page = client.get("/legislation/obligations/proposals/")
    assert page.content.decode().count('data-testid="proposal"') == 8
    response = client.post(
        f"/legislation/obligations/{first.pk}/decide/",
        {
            "decision": "confirm",
            f"o{first.pk}-provisions": "art_4__cl_1__pt_d art_4__cl_1__pt_c",
            f"o{first.pk}-assignee_text": "Bộ trưởng Bộ Tư pháp",
            f"o{first.pk}-expected_type": "circular",
            f"o{first.pk}-due_on": "2027-01-01",
        },
    )
    assert response.status_code == 302
    client.post(
        f"/legislation/obligations/{second.pk}/decide/",
        {"decision": "reject", f"r{second.pk}-reason": "Không phải giao quy định chi tiết"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.proposal_status, first.provisions) == (
        ProposalStatus.CONFIRMED,
        ["art_4__cl_1__pt_d", "art_4__cl_1__pt_c"],
    )
    assert second.proposal_status == ProposalStatus.REJECTED


def test_a_leader_cannot_confirm(world: Any, law: Any) -> None:
    obligation = DetailingObligation.objects.order_by("id").first()
    assert obligation is not None
    _client(world.users["leader"]).post(
        f"/legislation/obligations/{obligation.pk}/decide/",
        {"decision": "reject", f"r{obligation.pk}-reason": "x"},
    )
    obligation.refresh_from_db()
    assert obligation.proposal_status == ProposalStatus.PROPOSED


def test_overdue_page_groups_by_assignee(world: Any, law: Any) -> None:
    actor = world.users["ministry_specialist"]
    for obligation in DetailingObligation.objects.all():
        services.obligation_confirm(actor=actor, obligation=obligation)
    response = _client(world.users["leader"]).get(
        "/legislation/obligations/overdue/", {"on": "2027-02-01"}
    )
    html = response.content.decode()
    assert html.count('data-testid="overdue-group"') == 4
    assert "Thủ tướng Chính phủ" not in html  # Article 7 is not due before 1 July 2027


def test_api_search_and_detail(world: Any, law: Any) -> None:
    client = api_as(world.users["provincial_specialist"])
    found = client.get("/api/v1/legislation/documents/", {"q": "truc tuyen"}).json()
    assert [row["number"] for row in found["results"]] == ["91/2026/QH15"]
    detail = client.get(f"/api/v1/legislation/documents/{law.pk}").json()
    assert detail["provisions"][0] == {
        "eid": "chp_1",
        "kind": "chapter",
        "number": "I",
        "heading": "NHỮNG QUY ĐỊNH CHUNG",
        "text": "",
        "parent_eid": None,
        "effective_on": None,
    }
    assert [event["status"] for event in detail["validity_events"]] == [
        "not_yet_in_force",
        "in_force",
    ]


def test_api_akn_export(world: Any, law: Any) -> None:
    response = api_as(world.users["leader"]).get(f"/api/v1/legislation/documents/{law.pk}/akn")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/akn+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    eids = [element.get("eId") for element in root.iter() if element.get("eId")]
    assert len(eids) == 40
    assert eids[-1] == "art_10"


def test_api_obligations_with_status_on_a_date(world: Any, law: Any) -> None:
    actor = world.users["ministry_specialist"]
    for obligation in DetailingObligation.objects.all():
        services.obligation_confirm(actor=actor, obligation=obligation)
    response = api_as(world.users["leader"]).get(
        "/api/v1/legislation/obligations/", {"on": "2027-01-31", "status": "overdue"}
    )
    rows = response.json()["results"]
    assert len(rows) == 7
    assert {row["days_overdue"] for row in rows} == {30}
    assert rows[0]["source_provision"] == "art_4__cl_2"


def test_api_needs_authentication(law: Any) -> None:
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/legislation/documents/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_api_lists_do_not_grow_queries_with_rows(
    world: Any, law: Any, django_assert_max_num_queries: Any
) -> None:
    # given eight obligations, three of them fulfilled, and three more documents
    actor = world.users["ministry_specialist"]
    for index, obligation in enumerate(DetailingObligation.objects.order_by("id")):
        services.obligation_confirm(actor=actor, obligation=obligation)
        if index < 3:
            decree = factories.detailing(
                actor,
                f"{index + 1}/2026/NĐ-CP",
                signed_on=D(2026, 7, 1),
                effective_on=D(2027, 1, 1),
            )
            services.obligation_fulfil(
                actor=actor, obligation=obligation, detailing_document=decree
            )
    client = api_as(world.users["leader"])
    # then each list is a fixed number of queries (session, user, roles, count, page, prefetch)
    with django_assert_max_num_queries(6):
        documents = client.get("/api/v1/legislation/documents/").json()
    with django_assert_max_num_queries(6):
        obligations = client.get("/api/v1/legislation/obligations/", {"on": "2027-02-01"}).json()
    assert documents["count"] == 4
    assert [len(row["fulfilled_by"]) for row in obligations["results"]] == [1, 1, 1, 0, 0, 0, 0, 0]
