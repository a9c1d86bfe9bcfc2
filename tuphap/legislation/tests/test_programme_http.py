"""HTTP contracts of the programme and appraisal API (status codes, the one error shape, query
counts of the lists) and the pages (empty states, forms, refusals on the form, persona access)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World, api_as
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.legislation.programme.models import (
    Conclusion,
    ItemStatus,
    LegislativeDraft,
    ProgrammeItem,
)
from tuphap.legislation.programme.services import appraisal as services
from tuphap.legislation.tests import programme_factories

D = datetime.date
VN = datetime.timezone(datetime.timedelta(hours=7))
pytestmark = pytest.mark.django_db


@pytest.fixture
def now(time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN), tick=False)


@pytest.fixture
def finance(world: World, now: None) -> Any:
    return programme_factories.central(world)


@pytest.fixture
def specialist(world: World) -> Any:
    return world.users["ministry_specialist"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _overdue_draft(actor: Any, finance: Any, item: Any = None) -> Any:
    draft = programme_factories.draft(actor, finance, received_on=D(2026, 10, 1), of=item)
    services.dossier_request_appraisal(actor=actor, detail=draft, requested_on=D(2026, 10, 15))
    return draft  # due 4 November 2026: overdue on 30 November


# -- API -----------------------------------------------------------------------------------------


def test_programme_and_items_through_the_api(world: World, finance: Any, specialist: Any) -> None:
    client = api_as(specialist)
    created = client.post(
        "/api/v1/legislation/programme/create",
        {"year": 2026, "resolution": "Nghị quyết 129/2025/QH15", "adopted_on": "2025-06-10"},
        format="json",
    )
    assert created.status_code == 201
    body = {
        "title": "Luật Thuế thu nhập cá nhân (sửa đổi)",
        "kind": "law",
        "lead_agency": finance.pk,
        "legislature": 15,
        "session": 10,
        "planned_month": 10,
    }
    added = client.post("/api/v1/legislation/programme/2026/items/add", body, format="json")
    assert added.status_code == 201
    item_id = added.json()["id"]

    postponed = client.post(
        f"/api/v1/legislation/programme/items/{item_id}/postpone",
        {"on": "2026-05-20", "reason": "Chưa đủ hồ sơ", "decision_reference": "NQ 80/UBTVQH15"},
        format="json",
    )

    assert postponed.status_code == 200
    data = postponed.json()
    assert (data["status"], data["session_label"], data["lead_agency"]["code"]) == (
        "postponed",
        "Kỳ họp thứ 10, Quốc hội khóa XV (tháng 10/2026)",  # the API speaks Vietnamese
        "BTC",
    )
    assert [event["to_status"] for event in data["events"]] == ["planned", "postponed"]
    listed = client.get("/api/v1/legislation/programme/2026/items/").json()
    assert (listed["count"], listed["results"][0]["overdue_appraisal"]) == (1, False)
    again = client.post(
        f"/api/v1/legislation/programme/items/{item_id}/withdraw",
        {"on": "2026-06-01", "reason": "x", "decision_reference": "y"},
        format="json",
    )
    assert again.status_code == 409
    assert set(again.json()["error"]) >= {"code", "message", "fields"}


def test_api_errors_name_the_field(finance: Any, specialist: Any) -> None:
    client = api_as(specialist)
    programme_factories.programme(specialist)
    bad_agency = client.post(
        "/api/v1/legislation/programme/2026/items/add",
        {
            "title": "Luật A",
            "kind": "law",
            "lead_agency": 999_999,
            "legislature": 15,
            "session": 10,
            "planned_month": 10,
        },
        format="json",
    )
    bad_month = client.post(
        "/api/v1/legislation/programme/2026/items/add",
        {
            "title": "Luật A",
            "kind": "law",
            "lead_agency": finance.pk,
            "legislature": 15,
            "session": 10,
            "planned_month": 13,
        },
        format="json",
    )
    missing = client.get("/api/v1/legislation/programme/2031/items/")
    assert (bad_agency.status_code, list(bad_agency.json()["error"]["fields"])) == (
        400,
        ["lead_agency"],
    )
    assert (bad_month.status_code, list(bad_month.json()["error"]["fields"])) == (
        400,
        ["planned_month"],
    )
    assert missing.status_code == 404


def test_a_draft_goes_through_every_step_by_api(
    finance: Any, specialist: Any, sample_law_text: str
) -> None:
    client = api_as(specialist)
    opened = client.post(
        "/api/v1/legislation/drafts/open",
        {
            "kind": "draft",
            "title": "Luật Hòa giải trực tuyến",
            "doc_type": "law",
            "drafting_agency": finance.pk,
            "received_on": "2026-03-02",
        },
        format="json",
    )
    assert opened.status_code == 201
    case_id = opened.json()["case"]["id"]
    assert [t["name"] for t in opened.json()["transitions"]] == [
        "request_appraisal",
        "postpone",
        "withdraw",
    ]
    base = f"/api/v1/legislation/drafts/{case_id}"
    steps = [
        ("request-appraisal", {"requested_on": "2026-03-05"}),
        (
            "appraisal",
            {
                "report_reference": "45/BC-BTP",
                "conclusion": "eligible",
                "report_on": "2026-03-20",
            },
        ),
        ("submit", {"submission_reference": "150/TTr-CP", "submitted_on": "2026-04-01"}),
        (
            "adopt",
            {
                "new_document": {
                    "number": "91/2026/QH15",
                    "issuer": "Quốc hội",
                    "signed_on": "2026-06-10",
                    "effective_on": "2027-01-01",
                    "text": sample_law_text,
                }
            },
        ),
        ("publish", {"published_on": "2026-06-25", "publication": "Công báo"}),
    ]
    states = []
    for name, body in steps:
        response = client.post(f"{base}/{name}", body, format="json")
        assert response.status_code == 200, response.json()
        states.append(response.json()["case"]["state"])
    detail = client.get(base).json()
    assert states == ["appraisal_requested", "appraised", "submitted", "adopted", "published"]
    assert (detail["kind"], detail["document"]["number"], detail["appraised_on_time"]) == (
        "draft",
        "91/2026/QH15",
        True,
    )
    assert len(detail["timeline"]) == 6
    assert detail["transitions"] == []


def test_a_step_in_the_wrong_state_is_409_and_bad_input_400(finance: Any, specialist: Any) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    client = api_as(specialist)
    base = f"/api/v1/legislation/drafts/{draft.pk}"

    wrong_state = client.post(
        f"{base}/appraisal",
        {"report_reference": "1/BC-BTP", "conclusion": "eligible"},
        format="json",
    )
    bad_conclusion = client.post(
        f"{base}/appraisal", {"report_reference": "1/BC-BTP", "conclusion": "maybe"}, format="json"
    )
    no_reason = client.post(
        f"{base}/withdraw", {"reason": "", "decision_reference": ""}, format="json"
    )
    future = client.post(f"{base}/request-appraisal", {"requested_on": "2027-01-04"}, format="json")

    assert (wrong_state.status_code, wrong_state.json()["error"]["code"]) == (
        409,
        "transition_not_allowed",
    )
    assert (bad_conclusion.status_code, list(bad_conclusion.json()["error"]["fields"])) == (
        400,
        ["conclusion"],
    )
    assert (no_reason.status_code, list(no_reason.json()["error"]["fields"])) == (
        400,
        ["reason", "decision_reference"],
    )
    assert (future.status_code, list(future.json()["error"]["fields"])) == (
        400,
        ["requested_on"],
    )


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("ministry_specialist", 200, 200),
        ("leader", 200, 403),
        ("auditor", 200, 403),
        ("administrator", 200, 403),
        ("provincial_specialist", 404, 404),
    ],
)
def test_dossier_access_per_persona(
    world: World, finance: Any, specialist: Any, persona: str, read: int, write: int
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    client = api_as(world.users[persona])
    assert client.get(f"/api/v1/legislation/drafts/{draft.pk}").status_code == read
    response = client.post(
        f"/api/v1/legislation/drafts/{draft.pk}/request-appraisal", {}, format="json"
    )
    assert response.status_code == write


def test_the_dossier_list_reads_a_page_in_a_fixed_number_of_queries(
    finance: Any, specialist: Any
) -> None:
    programme = programme_factories.programme(specialist)
    item = programme_factories.item(specialist, programme, finance)
    for _ in range(2):
        programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1), of=item)
    client = api_as(specialist)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/legislation/drafts/").json()["count"] == 2
    for register in ("legislation.proposal", "legislation.draft", "legislation.draft"):
        programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1), register=register)
    with CaptureQueriesContext(connection) as more:
        response = client.get("/api/v1/legislation/drafts/").json()
    assert response["count"] == 5
    assert sorted(row["kind"] for row in response["results"]) == ["draft"] * 4 + ["proposal"]
    assert len(more) == len(few)
    with CaptureQueriesContext(connection) as items:
        assert client.get("/api/v1/legislation/programme/2026/items/").json()["count"] == 1
    programme_factories.item(specialist, programme, finance, title="Luật B")
    with CaptureQueriesContext(connection) as more_items:
        assert client.get("/api/v1/legislation/programme/2026/items/").json()["count"] == 2
    assert len(more_items) == len(items)


def test_appraisals_due_lists_the_overdue_one_first(finance: Any, specialist: Any) -> None:
    recent = programme_factories.draft(specialist, finance, received_on=D(2026, 11, 20))
    services.dossier_request_appraisal(
        actor=specialist, detail=recent, requested_on=D(2026, 11, 25)
    )
    late = _overdue_draft(specialist, finance)
    rows = api_as(specialist).get("/api/v1/legislation/drafts/appraisals-due").json()["results"]
    assert [(row["case"]["id"], row["overdue"]) for row in rows] == [
        (late.pk, True),
        (recent.pk, False),
    ]


# -- pages ---------------------------------------------------------------------------------------


def test_programme_page_empty_state_and_creation(world: World, now: None) -> None:
    leader_page = _client(world.users["leader"]).get("/legislation/programme/")
    assert leader_page.status_code == 200
    html = leader_page.content.decode()
    assert 'data-testid="programme-empty"' in html
    assert 'data-testid="programme-form"' not in html

    client = _client(world.users["ministry_specialist"])
    response = client.post(
        "/legislation/programme/",
        {"year": "2026", "resolution": "Nghị quyết 129/2025/QH15", "adopted_on": "2025-06-10"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/legislation/programme/2026/"
    page = client.get("/legislation/programme/2026/").content.decode()
    assert "Chương trình chưa có dự án nào." in page  # the pages speak Vietnamese


def test_programme_page_highlights_the_item_with_an_overdue_appraisal(
    world: World, finance: Any, specialist: Any
) -> None:
    programme = programme_factories.programme(specialist)
    late_item = programme_factories.item(specialist, programme, finance)
    programme_factories.item(specialist, programme, finance, title="Luật Quản lý thuế")
    _overdue_draft(specialist, finance, late_item)

    html = _client(world.users["leader"]).get("/legislation/programme/2026/").content.decode()

    assert html.count('data-testid="programme-item"') == 2
    assert html.count('data-testid="overdue-appraisal"') == 1
    assert "Kỳ họp thứ 10, Quốc hội khóa XV (tháng 10/2026)" in html
    assert 'data-testid="item-form"' not in html


def test_item_page_postpones_and_shows_errors_on_the_form(
    world: World, finance: Any, specialist: Any
) -> None:
    programme = programme_factories.programme(specialist)
    item = programme_factories.item(specialist, programme, finance)
    client = _client(specialist)

    refused = client.post(
        f"/legislation/programme/items/{item.pk}/postpone/",
        {"postpone-on": "2025-01-01", "postpone-reason": "x", "postpone-decision_reference": "y"},
    )
    assert refused.status_code == 200
    assert "Ngày này trước lần thay đổi trạng thái gần nhất của dự án." in refused.content.decode()

    done = client.post(
        f"/legislation/programme/items/{item.pk}/postpone/",
        {
            "postpone-on": "2026-05-20",
            "postpone-reason": "Chưa đủ điều kiện",
            "postpone-decision_reference": "NQ 80/2026/UBTVQH15",
        },
    )
    assert done.status_code == 302
    assert ProgrammeItem.objects.get(pk=item.pk).status == ItemStatus.POSTPONED
    page = client.get(f"/legislation/programme/items/{item.pk}/").content.decode()
    assert "NQ 80/2026/UBTVQH15" in page
    assert 'data-testid="postpone-form"' not in page


def test_dossier_pages_open_step_and_refuse_on_the_form(
    world: World, finance: Any, specialist: Any
) -> None:
    client = _client(specialist)
    opened = client.post(
        "/legislation/dossiers/new/",
        {
            "kind": "proposal",
            "title": "Đề nghị xây dựng Luật Thuế",
            "doc_type": "law",
            "drafting_agency": finance.pk,
            "received_on": "2026-10-01",
        },
    )
    assert opened.status_code == 302
    case_id = int(opened["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/legislation/dossiers/{case_id}/").content.decode()
    assert 'data-testid="step-request_appraisal"' in page
    assert 'data-testid="step-record_appraisal"' not in page

    step = client.post(
        f"/legislation/dossiers/{case_id}/request_appraisal/",
        {"request_appraisal-requested_on": "2026-10-15"},
    )
    assert step.status_code == 302
    page = client.get(f"/legislation/dossiers/{case_id}/").content.decode()
    assert 'data-testid="dossier-overdue"' in page
    assert "04/11/2026" in page

    refused = client.post(
        f"/legislation/dossiers/{case_id}/record_appraisal/",
        {
            "record_appraisal-report_reference": "1/BC-BTP",
            "record_appraisal-report_on": "2026-10-01",
            "record_appraisal-conclusion": Conclusion.ELIGIBLE,
        },
    )
    assert refused.status_code == 400
    assert "Ngày này trước bước xử lý gần nhất của hồ sơ (15/10/2026)." in refused.content.decode()

    due = _client(world.users["leader"]).get("/legislation/dossiers/appraisals-due/")
    assert due.content.decode().count('data-testid="appraisal-due"') == 1


def test_appraisals_due_page_empty_state_and_list_page(world: World, now: None) -> None:
    client = _client(world.users["leader"])
    assert (
        'data-testid="no-appraisals"'
        in client.get("/legislation/dossiers/appraisals-due/").content.decode()
    )
    assert (
        "Chưa có đề nghị xây dựng hoặc dự thảo nào."
        in client.get("/legislation/dossiers/").content.decode()
    )


def test_a_provincial_user_cannot_open_a_central_dossier_page(
    world: World, finance: Any, specialist: Any
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    client = _client(world.users["provincial_specialist"])
    assert client.get(f"/legislation/dossiers/{draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_dossiers"),
    [("leader", True), ("ministry_specialist", True), ("provincial_specialist", False)],
)
def test_navigation_links_to_the_programme_and_to_dossiers_for_ministry_roles(
    world: World, persona: str, sees_dossiers: bool
) -> None:
    html = _client(world.users[persona]).get("/").content.decode()
    assert 'href="/legislation/programme/"' in html
    assert ('href="/legislation/dossiers/appraisals-due/"' in html) is sees_dossiers
    assert ('href="/legislation/dossiers/"' in html) is sees_dossiers


def test_the_hanoi_department_of_justice_sees_no_central_dossier_anywhere(
    world: World, finance: Any, specialist: Any
) -> None:
    hanoi = programme_factories.hanoi_department()
    readers = [
        account_factories.user("chuyenvien_hanoi", hanoi, Role.PROVINCIAL_SPECIALIST),
        account_factories.user("lanhdao_hanoi", hanoi, Role.LEADER),
    ]
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    assert (draft.case.place, draft.case.province) == (None, None)  # a central-level case

    for reader in readers:
        api, pages = api_as(reader), _client(reader)
        assert api.get(f"/api/v1/legislation/drafts/{draft.pk}").status_code == 404
        assert api.get("/api/v1/legislation/drafts/").json()["count"] == 0
        assert api.get("/api/v1/cases/").json()["count"] == 0
        assert api.get(f"/api/v1/cases/{draft.pk}").status_code == 404
        assert pages.get(f"/cases/{draft.pk}/").status_code == 404
        assert pages.get(f"/legislation/dossiers/{draft.pk}/").status_code == 404
        assert draft.title not in pages.get("/legislation/dossiers/").content.decode()

    api, pages = api_as(specialist), _client(specialist)
    assert api.get("/api/v1/legislation/drafts/").json()["count"] == 1
    listed = api.get("/api/v1/cases/").json()["results"]
    assert [(row["id"], row["place"], row["central_level"]) for row in listed] == [
        (draft.pk, None, True)
    ]
    assert pages.get(f"/cases/{draft.pk}/").status_code == 200
    assert draft.title in pages.get("/legislation/dossiers/").content.decode()
    assert api_as(world.users["leader"]).get("/api/v1/legislation/drafts/").json()["count"] == 1


def test_a_local_unit_may_not_open_a_central_dossier(world: World, finance: Any) -> None:
    local = account_factories.user(
        "chuyenvien_nghean_btp", world.doj_nghe_an, Role.MINISTRY_SPECIALIST
    )

    response = api_as(local).post(
        "/api/v1/legislation/drafts/open",
        {
            "kind": "draft",
            "title": "Nghị định quy định chi tiết Luật Thuế (dự thảo)",
            "doc_type": "decree",
            "drafting_agency": finance.pk,
            "received_on": "2026-11-02",
        },
        format="json",
    )

    assert response.status_code == 400, response.content
    assert "place" in response.json()["error"]["fields"]
    assert not LegislativeDraft.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("ministry_specialist", 200),
        ("provincial_specialist", 403),
        ("leader", 403),
        ("auditor", 403),
        ("administrator", 403),
        ("statistics_officer", 403),
    ],
)
def test_the_new_dossier_form_is_for_the_appraising_specialists_only(
    world: World, persona: str, status: int
) -> None:
    # The list shows its link to them only; the address alone must not open the form.
    response = _client(world.users[persona]).get("/legislation/dossiers/new/")
    assert response.status_code == status
