"""The enforcement pages: list, new case, case detail with classification and money, the
office dashboard with rates against targets; access for other provinces and roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tuphap.casework.models import Case
from tuphap.enforcement.cases import services
from tuphap.enforcement.tests.conftest import D, OpenCase, Staff, at

pytestmark = pytest.mark.django_db


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_shows_the_office_cases_and_the_navigation(
    open_case: OpenCase, staff: Staff, client: Client
) -> None:
    detail = open_case(decision_number="42/QĐ-THADS")
    client.force_login(staff.officer)
    html = page(client, "/en/enforcement/")
    assert "42/QĐ-THADS" in html
    assert "<td>Accepted (decision issued)</td>" in html
    assert 'href="/en/enforcement/new/"' in html
    client.force_login(staff.officer_ha_tinh)
    assert "42/QĐ-THADS" not in page(client, "/en/enforcement/")
    assert client.get(f"/en/enforcement/{detail.case_id}/").status_code == 404


def test_a_new_case_from_the_form(
    world: Any, staff: Staff, client: Client, time_machine: Any
) -> None:
    time_machine.move_to(at("2026-04-28 09:00"), tick=False)
    client.force_login(staff.officer)
    form = {
        "place": world.vinh.pk,
        "court_name": "Tòa án nhân dân khu vực 1 - Nghệ An",
        "judgment_number": "15/2025/DS-ST",
        "judgment_date": "2025-09-10",
        "judgment_kind": "civil",
        "effective_on": "2025-10-10",
        "basis": "on_request",
        "requested_on": "2026-04-20",
        "requester_name": "Nguyễn Văn An",
        "decision_number": "3/QĐ-THADS",
        "decision_date": "2026-04-27",
        "obligor_name": "Trần Văn Bình",
        "obligor_identification": "0400850012",
        "amount": "12000000",
    }
    refused = client.post("/en/enforcement/new/", form)
    assert refused.status_code == 200
    assert "An identification number has exactly 12 digits." in refused.content.decode()
    assert Case.objects.count() == 0

    form["obligor_identification"] = "040085001234"
    response = client.post("/en/enforcement/new/", form)

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/enforcement/{case.pk}/"
    html = page(client, response["Location"])
    assert "3/QĐ-THADS" in html
    assert "12000000 đ" in html


def test_classify_and_record_money_from_the_page(
    open_case: OpenCase, staff: Staff, client: Client, time_machine: Any
) -> None:
    detail = open_case(amount=10_000_000)
    services.case_transition(actor=staff.officer, case=detail.case, transition="start_verification")
    client.force_login(staff.officer)
    url = f"/en/enforcement/{detail.case_id}/"

    classified = client.post(url + "classify/", {"with_conditions": "1", "ground": "has_means"})
    assert classified.status_code == 302
    money = client.post(
        url + "money/", {"kind": "collected", "amount": "20000000", "on_date": "2026-04-27"}
    )
    assert money.status_code == 200
    assert "Only 10000000 đồng remains to be enforced." in money.content.decode()
    money = client.post(
        url + "money/", {"kind": "collected", "amount": "4000000", "on_date": "2026-04-27"}
    )
    assert money.status_code == 302
    html = page(client, url)
    assert "With conditions" in html
    engine_page = page(client, f"/en/cases/{detail.case_id}/")
    assert 'data-transition="start_coercion"' in engine_page
    assert 'data-testid="money-outstanding">Outstanding: 6000000 đ' in html


def test_the_dashboard_compares_rates_with_the_target(
    open_case: OpenCase, staff: Staff, client: Client, time_machine: Any
) -> None:
    done = open_case(amount=10_000_000)
    open_case(amount=30_000_000)
    services.case_transition(actor=staff.officer, case=done.case, transition="start_verification")
    services.case_classify(
        actor=staff.officer, case=done.case, with_conditions=True, ground="has_means"
    )
    services.movement_record(
        actor=staff.officer,
        case=done.case,
        kind="collected",
        amount=10_000_000,
        on_date=D(2026, 4, 27),
    )
    services.case_transition(actor=staff.officer, case=done.case, transition="complete")
    services.target_set(
        actor=staff.ministry, agency=staff.office_nghe_an, year=2026, case_rate=40, money_rate=30
    )
    client.force_login(staff.head)

    html = page(
        client, f"/en/enforcement/dashboard/?agency={staff.office_nghe_an.pk}&period=THADS2026"
    )

    # 2 cases with conditions (the open one is "accepted"), 1 done: 50 %, target 40 % → +10
    assert 'data-testid="case-rate">50.00 %' in html
    assert 'data-testid="case-progress">10.00</span>' in html
    assert 'data-testid="money-rate">25.00 %' in html
    client.force_login(staff.officer_ha_tinh)
    other = client.get(
        f"/en/enforcement/dashboard/?agency={staff.office_nghe_an.pk}&period=THADS2026"
    )
    assert other.status_code == 200
    assert 'data-testid="case-rate"' not in other.content.decode()


def test_roles_without_enforcement_work_cannot_open(
    world: Any, staff: Staff, client: Client
) -> None:
    client.force_login(world.users["provincial_specialist"])
    assert client.get("/en/enforcement/new/").status_code == 403
