from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from conftest import api_as
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking.models import ReviewStatus, ReviewTask
from tuphap.legislation.documents import services
from tuphap.legislation.documents.models import RelationKind
from tuphap.legislation.tests import factories, programme_factories
from tuphap.legislation.tests.checking_helpers import (
    MONDAY,
    UNLAWFUL,
    circular,
    opened,
    reload,
    resolution,
)

D = datetime.date
CHECKS = "/api/v1/legislation/checks/"


@pytest.fixture
def documents(world: Any, time_machine: Any) -> dict[str, Any]:
    time_machine.move_to(MONDAY, tick=False)
    ministry = world.users["ministry_specialist"]
    return {
        "law": factories.sample_law(ministry),
        "circular": circular(ministry),
        "resolution": resolution(ministry, world.nghe_an),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_open_precheck_examine_request_outcome_and_close_over_http(
    world: Any, documents: dict[str, Any]
) -> None:
    api = api_as(world.users["provincial_specialist"])

    opened_response = api.post(
        f"{CHECKS}open",
        {"document": documents["resolution"].pk, "received_on": "2026-10-01"},
        format="json",
    )
    case_id = opened_response.json()["id"]
    prechecked = api.post(f"{CHECKS}{case_id}/precheck")
    examined = api.post(
        f"{CHECKS}{case_id}/examine",
        {
            "findings": [
                {
                    "ground": "unlawful_competence",
                    "provision": "art_1",
                    "description": "HĐND tỉnh quy định nội dung thuộc thẩm quyền của Chính phủ.",
                    "legal_basis": "Luật 64/2025/QH15, Điều 4",
                }
            ]
        },
        format="json",
    )
    requested = api.post(
        f"{CHECKS}{case_id}/request", {"request_text": "Đề nghị bãi bỏ Điều 1."}, format="json"
    )
    handled = api.post(
        f"{CHECKS}{case_id}/outcome",
        {"outcome": "reported", "note": "Báo cáo Thủ tướng Chính phủ."},
        format="json",
    )
    closed = api.post(f"{CHECKS}{case_id}/close")

    assert opened_response.status_code == 201
    assert opened_response.json()["state"] == "received"
    # 30 days from 1 October end on Saturday 31 October: rolled forward to Monday.
    assert opened_response.json()["due_date"] == "2026-11-02"
    assert prechecked.status_code == 200
    assert [item["result"] for item in prechecked.json()["prechecks"]] == [
        "passed",
        "passed",
        "failed",
        "failed",
    ]
    assert examined.json()["conclusion"] == "unlawful"
    assert examined.json()["findings"][0]["ground"] == "unlawful_competence"
    assert requested.json()["answer_due_on"] == "2026-11-04"
    assert handled.json()["outcome"] == "reported"
    assert closed.status_code == 200
    assert closed.json()["state"] == "closed"
    assert closed.json()["state_label"] == "Đã kết thúc kiểm tra"


def test_errors_have_one_shape_naming_the_field(world: Any, documents: dict[str, Any]) -> None:
    api = api_as(world.users["ministry_specialist"])
    check = opened(world.users["ministry_specialist"], documents["circular"])

    missing = api.post(f"{CHECKS}open", {"received_on": "2026-10-01"}, format="json")
    unknown = api.post(
        f"{CHECKS}open", {"document": 999999, "received_on": "2026-10-01"}, format="json"
    )
    no_findings = api.post(f"{CHECKS}{check.pk}/examine", {"findings": []}, format="json")
    bad_ground = api.post(
        f"{CHECKS}{check.pk}/examine",
        {"findings": [{"ground": "odd", "description": "x"}]},
        format="json",
    )
    wrong_state = api.post(f"{CHECKS}{check.pk}/request", {"request_text": "x"}, format="json")

    assert (missing.status_code, list(missing.json()["error"]["fields"])) == (400, ["document"])
    assert (unknown.status_code, list(unknown.json()["error"]["fields"])) == (400, ["document"])
    assert (no_findings.status_code, list(no_findings.json()["error"]["fields"])) == (
        400,
        ["findings"],
    )
    assert (bad_ground.status_code, list(bad_ground.json()["error"]["fields"])) == (
        400,
        ["findings.0.ground"],
    )
    assert wrong_state.status_code == 409
    assert wrong_state.json()["error"]["code"] == "transition_not_allowed"
    assert set(wrong_state.json()["error"]) == {"code", "message", "fields", "request_id"}


def test_personas_over_http(world: Any, documents: dict[str, Any]) -> None:
    check = opened(world.users["provincial_specialist"], documents["resolution"])

    leader = api_as(world.users["leader"])
    other = api_as(world.users["provincial_specialist_ha_tinh"])

    assert leader.get(f"{CHECKS}{check.pk}").status_code == 200
    assert leader.post(f"{CHECKS}{check.pk}/precheck").status_code == 403
    assert other.get(f"{CHECKS}{check.pk}").status_code == 404
    assert other.post(f"{CHECKS}{check.pk}/close").status_code == 404
    assert other.get(CHECKS).json()["count"] == 0
    assert (
        other.post(
            f"{CHECKS}open",
            {"document": documents["resolution"].pk, "received_on": "2026-10-01"},
            format="json",
        ).status_code
        == 403
    )


def test_the_check_list_pages_in_a_fixed_number_of_queries(
    world: Any, documents: dict[str, Any], django_assert_num_queries: Any
) -> None:
    ministry = world.users["ministry_specialist"]
    opened(ministry, documents["circular"])
    opened(ministry, documents["resolution"])
    for number in ("14/2026/NQ-HĐND", "15/2026/NQ-HĐND", "16/2026/NQ-HĐND"):
        opened(ministry, resolution(ministry, world.nghe_an, number=number))
    api = api_as(ministry)

    with django_assert_num_queries(2):  # the count and the page, whatever the page size
        response = api.get(CHECKS)
    with django_assert_num_queries(2):
        api.get(CHECKS, {"page_size": 2})

    body = response.json()
    assert body["count"] == 5
    assert len(body["results"]) == 5
    assert set(body["results"][0]) >= {"id", "document_number", "due_date", "overdue", "state"}


def test_review_tasks_over_http(
    world: Any, documents: dict[str, Any], django_assert_num_queries: Any
) -> None:
    ministry = world.users["ministry_specialist"]
    amending = factories.detailing(
        ministry,
        "99/2026/QH15",
        doc_type="law",
        issuer="Quốc hội",
        signed_on=D(2026, 9, 1),
        effective_on=D(2027, 1, 1),
        title="Luật sửa đổi",
    )
    services.relation_add(
        actor=ministry, source=amending, target=documents["law"], kind=RelationKind.AMENDS
    )
    task = ReviewTask.objects.get(responsible="Hội đồng nhân dân tỉnh Nghệ An")
    item = task.items.get()
    api = api_as(world.users["provincial_specialist"])

    listed = api.get("/api/v1/legislation/reviews/")
    detail = api.get(f"/api/v1/legislation/reviews/{task.pk}")
    recorded = api.post(
        f"/api/v1/legislation/reviews/{task.pk}/items/{item.pk}",
        {"status": "consistent"},
        format="json",
    )
    missing_note = api.post(
        f"/api/v1/legislation/reviews/{task.pk}/items/{item.pk}",
        {"status": "to_repeal"},
        format="json",
    )

    with django_assert_num_queries(2):  # the count and the page with its documents
        api.get("/api/v1/legislation/reviews/")
    assert [row["responsible"] for row in listed.json()["results"]] == [
        "Hội đồng nhân dân tỉnh Nghệ An"
    ]
    assert detail.json()["items"][0]["document_number"] == "12/2026/NQ-HĐND"
    assert recorded.status_code == 200
    assert recorded.json()["items"][0]["status"] == ReviewStatus.CONSISTENT
    assert recorded.json()["completed_at"] is not None
    assert (missing_note.status_code, list(missing_note.json()["error"]["fields"])) == (
        400,
        ["note"],
    )
    assert (
        api_as(world.users["provincial_specialist_ha_tinh"])
        .get(f"/api/v1/legislation/reviews/{task.pk}")
        .status_code
        == 404
    )


# -- pages ----------------------------------------------------------------------------------------


def test_the_checks_page_marks_overdue_checks_and_has_an_empty_state(
    world: Any, documents: dict[str, Any], time_machine: Any
) -> None:
    client = _client(world.users["provincial_specialist"])
    empty = client.get("/legislation/checks/").content.decode()
    opened(world.users["provincial_specialist"], documents["resolution"])

    time_machine.move_to(datetime.datetime(2026, 11, 3, 9, 0, tzinfo=MONDAY.tzinfo), tick=False)
    page = _client(world.users["provincial_specialist"]).get("/legislation/checks/")
    page = page.content.decode()

    assert 'data-testid="checks-empty"' in empty
    assert page.count('data-testid="check-row"') == 1
    assert 'data-testid="overdue"' in page  # due 02/11/2026
    assert "12/2026/NQ-HĐND" in page


def test_the_check_page_shows_each_pre_check_with_its_explanation_and_the_forms(
    world: Any, documents: dict[str, Any]
) -> None:
    check = opened(world.users["ministry_specialist"], documents["circular"])
    client = _client(world.users["ministry_specialist"])

    page = client.get(f"/legislation/checks/{check.pk}/").content.decode()
    response = client.post(
        f"/legislation/checks/{check.pk}/examine/",
        {
            "findings-TOTAL_FORMS": "1",
            "findings-INITIAL_FORMS": "0",
            "findings-MIN_NUM_FORMS": "1",
            "findings-MAX_NUM_FORMS": "1000",
            "findings-0-ground": UNLAWFUL.ground,
            "findings-0-provision": UNLAWFUL.provision,
            "findings-0-description": UNLAWFUL.description,
            "findings-0-legal_basis": UNLAWFUL.legal_basis,
        },
    )

    for code in ("competence", "number", "effective_date", "citations"):
        assert f'data-testid="precheck-{code}"' in page
    # The Vietnamese page cites the basis in Vietnamese (the sentence is stored in both).
    assert "Điều 53 Luật 64/2025/QH15" in page
    assert "Art. 53" not in page
    assert 'data-testid="examine-form"' in page
    assert response.status_code == 302
    assert reload(check).conclusion == "unlawful"


def test_the_reviews_pages(world: Any, documents: dict[str, Any]) -> None:
    client = _client(world.users["provincial_specialist"])
    empty = client.get("/legislation/reviews/").content.decode()
    services.relation_add(
        actor=world.users["ministry_specialist"],
        source=documents["circular"],
        target=documents["law"],
        kind=RelationKind.REPLACES,
    )
    task = ReviewTask.objects.get(responsible="Hội đồng nhân dân tỉnh Nghệ An")

    listing = client.get("/legislation/reviews/").content.decode()
    detail = client.get(f"/legislation/reviews/{task.pk}/").content.decode()
    posted = client.post(
        f"/legislation/reviews/{task.pk}/",
        {"item": task.items.get().pk, "status": "to_repeal", "note": "Bãi bỏ Điều 1."},
    )

    assert 'data-testid="reviews-empty"' in empty
    assert listing.count('data-testid="review-task"') == 1
    assert detail.count('data-testid="review-item"') == 1
    assert posted.status_code == 302
    assert task.items.get().status == ReviewStatus.TO_REPEAL


def test_a_leader_sees_no_work_forms(world: Any, documents: dict[str, Any]) -> None:
    check = opened(world.users["ministry_specialist"], documents["circular"])
    checking.check_examine(
        actor=world.users["ministry_specialist"], check=check, findings=[UNLAWFUL]
    )

    page = _client(world.users["leader"]).get(f"/legislation/checks/{check.pk}/").content.decode()

    assert 'data-testid="conclusion"' in page
    assert "Send the request" not in page


def test_the_navigation_links_to_checks_and_reviews_for_those_who_read_them(world: Any) -> None:
    specialist = _client(world.users["provincial_specialist"]).get("/legislation/")
    officer = _client(world.users["civil_status_officer"]).get("/legislation/")

    assert 'href="/legislation/checks/"' in specialist.content.decode()
    assert 'href="/legislation/reviews/"' in specialist.content.decode()
    assert 'href="/legislation/checks/"' not in officer.content.decode()


def test_the_hanoi_department_of_justice_sees_no_central_check_anywhere(
    world: Any, documents: dict[str, Any]
) -> None:
    ministry = world.users["ministry_specialist"]
    check = opened(ministry, documents["circular"])
    hanoi = programme_factories.hanoi_department()
    reader = account_factories.user("chuyenvien_hanoi", hanoi, Role.PROVINCIAL_SPECIALIST)

    api, pages = api_as(reader), _client(reader)
    assert api.get(CHECKS).json()["count"] == 0
    assert api.get(f"{CHECKS}{check.pk}").status_code == 404
    assert api.get("/api/v1/cases/").json()["count"] == 0
    assert api.get(f"/api/v1/cases/{check.pk}").status_code == 404
    assert pages.get(f"/cases/{check.pk}/").status_code == 404
    assert pages.get(f"/legislation/checks/{check.pk}/").status_code == 404
    assert 'data-testid="check-row"' not in pages.get("/legislation/checks/").content.decode()

    api, pages = api_as(ministry), _client(ministry)
    assert [row["id"] for row in api.get(CHECKS).json()["results"]] == [check.pk]
    assert api.get(f"/api/v1/cases/{check.pk}").json()["place"] is None
    assert pages.get("/legislation/checks/").content.decode().count('data-testid="check-row"') == 1
    assert "Cấp trung ương" in pages.get(f"/cases/{check.pk}/").content.decode()
