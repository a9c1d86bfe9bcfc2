"""The legal aid pages and API: the workqueue, a notice through the form, the case page with
its actions, the roster, the book, and the API with its one error shape; persona by persona."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from conftest import api_as
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.legal_aid.cases import services
from tuphap.legal_aid.cases.models import LegalAidCase
from tuphap.legal_aid.tests.conftest import Centres, at, notice_data, request_data

NOW = time_machine.travel(at("2026-12-06 08:00"), tick=False)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with NOW:
        yield


def _notice(world: Any, centres: Centres) -> Any:
    return services.notice_record(
        actor=centres.officer, place=world.vinh, data=request_data(), notice=notice_data()
    )


def test_the_workqueue_puts_notices_first_with_the_hours_left(
    world: Any, centres: Centres, client: Client
) -> None:
    services.request_open(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(
            full_name="Người Hỏi", form="advice", field="civil", procedural_status="", stage=""
        ),
    )
    notice = _notice(world, centres)
    client.force_login(centres.officer)
    page = client.get("/en/legal-aid/").content.decode()
    assert page.index(f"/legal-aid/{notice.case_id}/") < page.index("Người Hỏi")
    assert "2.0 h" in page  # due 10:00, now 08:00


def test_a_notice_through_the_form_then_assign_complete_and_the_book(
    world: Any, centres: Centres, client: Client
) -> None:
    client.force_login(centres.officer)
    answer = client.post(
        "/en/legal-aid/notices/new/",
        {
            "body_kind": "investigation",
            "body_name": "Công an tỉnh Nghệ An",
            "requested_at": "2026-12-05T20:00",
            "notified_at": "2026-12-05T21:00",
            "place": world.vinh.pk,
            "full_name": "Phan Văn Tạm Giữ",
            "sex": "male",
            "group": "poor_household",
            "matter": "Bị tạm giữ",
            "form": "participation",
            "field": "criminal",
            "procedural_status": "detained",
            "stage": "investigation",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    detail = LegalAidCase.objects.get(full_name="Phan Văn Tạm Giữ")
    page = client.get(answer["Location"]).content.decode()
    assert "06/12/2026 09:00" in page  # 12 hours from the acceptance at 21:00
    assert (
        client.post(
            f"/en/legal-aid/{detail.case_id}/assign/", {"performer": centres.lawyer.pk}
        ).status_code
        == 302
    )
    assert (
        client.post(f"/en/legal-aid/{detail.case_id}/step/", {"transition": "start"}).status_code
        == 302
    )
    refused = client.post(f"/en/legal-aid/{detail.case_id}/step/", {"transition": "complete"})
    assert refused.status_code == 400
    assert "Describe the result" in refused.content.decode()
    assert (
        client.post(
            f"/en/legal-aid/{detail.case_id}/step/",
            {"transition": "complete", "result": "Bào chữa xong"},
        ).status_code
        == 302
    )
    detail.refresh_from_db()
    assert detail.case.state == "completed"
    book = client.get("/en/legal-aid/book.xlsx?year=2026")
    assert book["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][3] == "Phan Văn Tạm Giữ"
    assert rows[0][12] == "Bào chữa xong"


def test_a_bad_notice_is_shown_on_the_form(world: Any, centres: Centres, client: Client) -> None:
    client.force_login(centres.officer)
    answer = client.post(
        "/en/legal-aid/notices/new/",
        {
            "body_kind": "investigation",
            "body_name": "Công an",
            "requested_at": "2026-12-05T20:00",
            "notified_at": "2026-12-05T19:00",
            "place": world.vinh.pk,
            "full_name": "A",
            "sex": "male",
            "group": "poor_household",
            "matter": "x",
            "form": "participation",
            "field": "criminal",
            "procedural_status": "detained",
            "stage": "investigation",
        },
    )
    assert answer.status_code == 200
    assert "The notice cannot be before the person" in answer.content.decode()
    assert not LegalAidCase.objects.exists()


def test_who_sees_what(world: Any, centres: Centres, client: Client) -> None:
    notice = _notice(world, centres)
    url = f"/en/legal-aid/{notice.case_id}/"
    enforcement = account_factories.user("chv", world.doj_nghe_an, Role.ENFORCEMENT_OFFICER)
    for user, expected in (
        (centres.officer, 200),
        (world.users["provincial_specialist"], 200),
        (world.users["ministry_specialist"], 200),
        (centres.officer_ha_tinh, 404),
        (world.users["provincial_specialist_ha_tinh"], 404),
        (world.users["civil_status_officer"], 403),
        (enforcement, 403),
    ):
        client.force_login(user)
        assert client.get(url).status_code == expected, user.username
    client.force_login(world.users["provincial_specialist"])
    assert client.get("/en/legal-aid/").status_code == 403  # the workqueue is the centre's
    page = client.get(url).content.decode()
    assert 'data-testid="assign-form"' not in page


def test_the_roster_warns_of_expiring_and_expired_cards(
    world: Any, centres: Centres, client: Client
) -> None:
    client.force_login(centres.officer)
    answer = client.post(
        "/en/legal-aid/performers/new/",
        {
            "full_name": "Cộng tác viên Hà",
            "kind": "collaborator",
            "document_number": "CTV-9",
            "valid_from": "2026-01-01",
            "valid_to": "2026-12-20",
        },
    )
    assert answer.status_code == 302
    page = client.get("/en/legal-aid/performers/").content.decode()
    assert "1 card or contract expires within 30 days" in page
    assert "1 expired" in page
    assert "Lê Văn Cường" not in page  # Hà Tĩnh's


def test_the_api_opens_assigns_and_refuses_with_the_one_error_shape(
    world: Any, centres: Centres
) -> None:
    api = api_as(centres.officer)
    body = {
        "place": world.vinh.pk,
        "full_name": "Vũ Thị Nạn Nhân",
        "sex": "female",
        "group": "victim_16_18",
        "date_of_birth": "2009-05-01",
        "matter": "Bị hại trong vụ cố ý gây thương tích",
        "form": "participation",
        "field": "criminal",
        "procedural_status": "victim",
        "stage": "prosecution",
        "body_kind": "procuracy",
        "body_name": "Viện kiểm sát nhân dân tỉnh Nghệ An",
        "person_requested_at": "2026-12-04T08:00:00+07:00",
        "notified_at": "2026-12-05T09:00:00+07:00",
    }
    refused = api.post("/api/v1/legal-aid/notices/", body, format="json")
    assert refused.status_code == 400
    assert "financial_difficulty" in refused.json()["error"]["fields"]
    created = api.post(
        "/api/v1/legal-aid/notices/",
        {**body, "financial_difficulty": "near_poor_household"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["state"] == "accepted"
    assert case["notice"]["late"] is True  # 25 hours after the request; the limit is 24
    assign = api.post(
        f"/api/v1/legal-aid/cases/{case['id']}/assign",
        {"performer": centres.lawyer_ha_tinh.pk},
        format="json",
    )
    assert assign.status_code == 400
    assert assign.json()["error"]["fields"]["performer"]
    assert (
        api.post(
            f"/api/v1/legal-aid/cases/{case['id']}/assign",
            {"performer": centres.lawyer.pk},
            format="json",
        ).json()["assigned_on_time"]
        is True
    )
    listing = api_as(centres.officer_ha_tinh).get("/api/v1/legal-aid/cases/").json()
    assert listing["count"] == 0
    assert (
        api_as(world.users["ministry_specialist"]).get("/api/v1/legal-aid/cases/").json()["count"]
        == 1
    )


def test_the_dashboard_and_the_home_card(world: Any, centres: Centres, client: Client) -> None:
    _notice(world, centres)
    client.force_login(centres.officer)
    home = client.get("/en/").content.decode()
    assert 'data-testid="card-legal-aid"' in home
    board = client.get("/en/legal-aid/dashboard/?year=2026").content.decode()
    assert 'data-testid="chart"' in board
    assert "Procedural bodies&#x27; notices" in board
    client.force_login(world.users["provincial_specialist_ha_tinh"])
    other = client.get("/en/legal-aid/dashboard/").content.decode()
    assert 'data-testid="accepted">0<' in other.replace("\n", "")


def test_the_engine_pages_show_the_hour_of_an_hour_limit(
    world: Any, centres: Centres, client: Client
) -> None:
    notice = _notice(world, centres)
    client.force_login(centres.officer)
    page = client.get(f"/en/cases/{notice.case_id}/").content.decode()
    assert "06/12/2026 10:00" in page
    # The steps are made on the register's page: the engine's page offers none of them.
    assert 'data-transition="assign"' not in page
