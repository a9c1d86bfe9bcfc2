"""State compensation pages and API: the workqueue, the claim page with its forms, the decision
DOCX, the dashboard, jurisdiction persona by persona (another province sees nothing, not even
by id), the API's error shape, and the statistics' figures and identities."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import api_as
from tuphap.casework.models import Case
from tuphap.core import official_docx
from tuphap.core.models import AuditEvent
from tuphap.oversight.compensation import figures, indicators
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.tests.test_compensation_services import (
    Compensation,
    agencies,
    claim_data,
    decided,
    opened,
    step,
)

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date
NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def comp(world: Any) -> Compensation:
    return agencies(world)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_officer_receives_a_claim_on_the_page_and_sees_it_in_the_workqueue(
    world: Any, comp: Compensation
) -> None:
    client = client_for(comp.officer)
    response = client.post(
        reverse("oversight:compensation_new"),
        {
            "place": world.vinh.pk,
            "received_on": "2026-12-07",
            "claimant_kind": "injured",
            "claimant_name": "Lê Thị Oan",
            "sector": "administrative",
            "basis_kind": "annulled",
            "basis_number": "12/QĐ-UBND",
            "basis_date": "2026-11-01",
            "basis_received_on": "2026-11-05",
            "unlawful_act": "Quyết định thu hồi đất trái pháp luật",
            "damage_property": "1.250.000.000",
            "damage_other_costs": "5000000",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(register=compensation.REGISTER)
    assert response["Location"] == reverse("oversight:compensation_claim", args=[case.pk])
    page = client.get(reverse("oversight:compensation_workqueue"))
    assert "Lê Thị Oan" in page.content.decode()
    detail = client.get(response["Location"]).content.decode()
    assert "1.255.000.000 đ" in detail
    assert AuditEvent.objects.filter(
        action="oversight.compensation.viewed", object_id=str(case.pk)
    ).exists()


def test_a_bad_form_names_the_field(world: Any, comp: Compensation) -> None:
    client = client_for(comp.officer)
    response = client.post(
        reverse("oversight:compensation_new"),
        {
            "place": world.vinh.pk,
            "received_on": "2026-12-07",
            "claimant_kind": "heir",
            "claimant_name": "Lê Văn Con",
            "sector": "criminal",
            "basis_kind": "acquittal",
            "basis_number": "1/HS",
            "basis_date": "2026-11-01",
            "basis_received_on": "2026-11-05",
            "unlawful_act": "Bị truy tố oan",
            "damage_mental": "12,5",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "damage_mental" in form.errors
    response = client.post(
        reverse("oversight:compensation_new"),
        {**dict(response.context["form"].data.items()), "damage_mental": "1000000"},
    )
    assert "injured_name" in response.context["form"].errors
    assert not Case.objects.filter(register=compensation.REGISTER).exists()


def test_a_step_on_the_page_and_a_refused_one_shows_its_field(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    client = client_for(comp.officer)
    url = reverse("oversight:compensation_step", args=[claim.case_id])
    refused = client.post(url, {"transition": "refuse", "on": "2026-02-13"})
    assert refused.status_code == 400
    assert "ground" in refused.context["step_form"].errors
    done = client.post(url, {"transition": "accept", "on": "2026-02-13"})
    assert done.status_code == 302
    assert Case.objects.get(pk=claim.case_id).state == compensation.ACCEPTED


def test_the_decision_docx_holds_the_decision(world: Any, comp: Compensation) -> None:
    claim = decided(world, comp)
    response = client_for(world.users["provincial_specialist"]).get(
        reverse("oversight:compensation_decision_docx", args=[claim.case_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = official_docx.text_of(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 05/QĐ-BTNN" in text
    assert "240.000.000 đ" in text
    assert "Trần Văn Oan" in text
    assert "01/04/2026" in text  # effective date
    assert "Thiệt hại về tinh thần" in text  # the heads of damage in Vietnamese
    assert "Mental harm" not in text


def test_jurisdiction_persona_by_persona(world: Any, comp: Compensation) -> None:
    claim = opened(world, comp)
    url = reverse("oversight:compensation_claim", args=[claim.case_id])
    expected = {
        comp.officer: 200,
        world.users["provincial_specialist"]: 200,
        world.users["ministry_specialist"]: 200,
        world.users["leader"]: 200,
        world.users["auditor"]: 200,
        comp.officer_ha_tinh: 404,
        world.users["provincial_specialist_ha_tinh"]: 404,
        world.users["civil_status_officer"]: 403,
        world.users["statistics_officer"]: 403,
    }
    for user, status in expected.items():
        assert client_for(user).get(url).status_code == status, user.username
    assert (
        api_as(comp.officer_ha_tinh)
        .get(reverse("api-oversight-compensation-claim", args=[claim.case_id]))
        .status_code
        == 404
    )
    rows = api_as(world.users["provincial_specialist_ha_tinh"]).get(
        reverse("api-oversight-compensation-claims")
    )
    assert rows.json()["count"] == 0
    # A reader sees the claim but gets no forms.
    page = client_for(world.users["leader"]).get(url).content.decode()
    assert 'data-testid="step-form"' not in page


def test_the_api_opens_steps_and_refuses_with_one_error_shape(
    world: Any, comp: Compensation
) -> None:
    client = api_as(comp.officer)
    body = {
        "place": world.vinh.pk,
        "claimant_kind": "injured",
        "claimant_name": "Phạm Văn Oan",
        "basis_kind": "acquittal",
        "basis_number": "3/HS-PT",
        "basis_date": "2026-11-01",
        "basis_received_on": "2026-11-02",
        "sector": "criminal",
        "unlawful_act": "Tạm giam oan",
        "received_on": "2026-12-04",
        "damages": {"mental": 90000000, "lost_income": 10000000},
    }
    created = client.post(reverse("api-oversight-compensation-claims"), body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["money"]["claimed"] == 100_000_000
    case_id = data["id"]
    accepted = client.post(
        reverse("api-oversight-compensation-step", args=[case_id]),
        {"transition": "accept", "on": "2026-12-07"},
        format="json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["state"] == compensation.ACCEPTED
    conflict = client.post(
        reverse("api-oversight-compensation-step", args=[case_id]),
        {"transition": "pay"},
        format="json",
    )
    assert conflict.status_code == 409
    bad = client.post(
        reverse("api-oversight-compensation-advance", args=[case_id]),
        {"requested_on": "2026-12-07", "mental": 90000000, "computable": 0, "amount": 1},
        format="json",
    )
    assert bad.status_code == 400
    assert "amount" in bad.json()["error"]["fields"]


def test_figures_balance_and_come_out_of_the_indicators(world: Any, comp: Compensation) -> None:
    claim = decided(world, comp)
    for name, on in (
        ("request_funding", D(2026, 4, 2)),
        ("funds_received", D(2026, 4, 9)),
        ("notify", D(2026, 4, 10)),
        ("pay", D(2026, 4, 13)),
    ):
        step(comp, claim, name, on=on)
    refused = opened(world, comp, basis_date=D(2022, 6, 1), basis_received_on=D(2022, 6, 10))
    step(comp, refused, "refuse", on=D(2026, 2, 13), ground="statute_expired")
    waiting = opened(world, comp, received_on=D(2026, 11, 2), claimant_name="Người Chờ")
    step(comp, waiting, "accept", on=D(2026, 11, 3))
    facts = figures.load(until=D(2026, 12, 8))
    year = figures.totals(figures.compute(facts, D(2026, 1, 1), D(2026, 12, 8)))
    assert year["received"] == 3
    assert year["refused"] == 1
    assert year["accepted"] == 2
    assert year["resolved"] == year["resolved_on_time"] == 1
    assert year["carried_out"] == 1
    assert year["carried_in"] + year["accepted"] == year["done"] + year["carried_out"]
    assert year["amount_decided"] == year["amount_paid"] == 240_000_000
    assert year["amount_claimed"] == 600_000_000
    march = figures.totals(figures.compute(facts, D(2026, 3, 1), D(2026, 3, 31)))
    assert (march["carried_in"], march["resolved"], march["accepted"]) == (1, 1, 0)
    rows = list(
        next(i for i in indicators.INDICATORS if i.code.endswith(".amount_paid")).rows(
            D(2026, 4, 1), D(2026, 4, 30)
        )
    )
    assert [row[3] for row in rows] == [240_000_000]
    codes = {i.code for i in indicators.INDICATORS}
    assert {
        "oversight.compensation.received",
        "oversight.compensation.accepted",
        "oversight.compensation.resolved",
        "oversight.compensation.amount_claimed",
        "oversight.compensation.amount_decided",
        "oversight.compensation.amount_paid",
        "oversight.compensation.advance_amount",
        "oversight.compensation.recourse_decided",
        "oversight.compensation.recourse_collected",
        "oversight.compensation.resolved_on_time",
        "oversight.compensation.resolved_late",
    } <= codes


def test_the_dashboard_shows_the_year(world: Any, comp: Compensation) -> None:
    decided(world, comp)
    page = client_for(world.users["ministry_specialist"]).get(
        reverse("oversight:compensation_dashboard"), {"year": "2026"}
    )
    assert page.status_code == 200
    assert page.context["board"].totals["resolved"] == 1
    assert 'data-testid="chart"' in page.content.decode()
    assert (
        claim_data().claimant_name
        in client_for(comp.officer).get(reverse("oversight:compensation_list")).content.decode()
    )
