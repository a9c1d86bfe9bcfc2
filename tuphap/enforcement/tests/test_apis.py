"""The enforcement API: open, list, read, classify, record money, set targets; the error shape,
409 refusals through the cases API, and jurisdiction (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import api_as
from tuphap.casework.models import Case
from tuphap.enforcement.cases.models import EnforcementCase, Target
from tuphap.enforcement.tests.conftest import OpenCase, Staff, at

pytestmark = pytest.mark.django_db


def payload(place: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "place": place,
        "judgment": {
            "court_name": "Tòa án nhân dân khu vực 1 - Nghệ An",
            "number": "15/2025/DS-ST",
            "issued_on": "2025-09-10",
            "kind": "civil",
            "effective_on": "2025-10-10",
        },
        "request": {
            "basis": "on_request",
            "requested_on": "2026-04-20",
            "requester_name": "Nguyễn Văn An",
        },
        "decision_number": "1/QĐ-THADS",
        "decision_date": "2026-04-27",
        "parties": [
            {
                "role": "obligor",
                "kind": "person",
                "name": "Trần Văn Bình",
                "identification_number": "040085001234",
            },
            {
                "role": "obligee",
                "kind": "organisation",
                "name": "Ngân hàng X",
                "organisation_code": "0100112437",
            },
        ],
        "obligations": [{"kind": "money", "amount": 5_000_000_000}],
        "credit_institution_debt": True,
    }
    data.update(changes)
    return data


def test_open_read_classify_and_collect(world: Any, staff: Staff, time_machine: Any) -> None:
    time_machine.move_to(at("2026-04-28 09:00"), tick=False)
    client = api_as(staff.officer)

    opened = client.post("/api/v1/enforcement/cases/open", payload(world.vinh.pk), format="json")

    assert opened.status_code == 201, opened.json()
    body = opened.json()
    case_id = body["case"]["id"]
    assert (body["case"]["state"], body["case"]["due_date"], body["law_version"]) == (
        "accepted",
        "2026-05-04",
        "2008",
    )
    assert body["money"] == {
        "amount": 5_000_000_000,
        "collected": 0,
        "reduced": 0,
        "paid_out": 0,
        "outstanding": 5_000_000_000,
    }
    assert body["case"]["assignee"]["username"] == "chv_nghean"

    moved = client.post(
        f"/api/v1/cases/{case_id}/transitions",
        {"transition": "start_verification", "payload": {"decided_on": "2026-04-28"}},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    classified = client.post(
        f"/api/v1/enforcement/cases/{case_id}/classify",
        {"with_conditions": True, "ground": "has_means"},
        format="json",
    )
    assert classified.status_code == 200, classified.json()
    assert classified.json()["case"]["state"] == "with_conditions"

    collected = client.post(
        f"/api/v1/enforcement/cases/{case_id}/money",
        {"kind": "collected", "amount": 1_250_000_000, "on_date": "2026-04-28"},
        format="json",
    )
    assert collected.status_code == 201
    assert collected.json()["money"]["outstanding"] == 3_750_000_000


def test_bad_input_gets_the_error_shape_and_writes_nothing(
    world: Any, staff: Staff, time_machine: Any
) -> None:
    time_machine.move_to(at("2026-04-28 09:00"), tick=False)
    bad = payload(world.vinh.pk)
    bad["parties"][0]["identification_number"] = "12345"
    bad["request"]["requested_on"] = "2031-01-01"

    response = api_as(staff.officer).post("/api/v1/enforcement/cases/open", bad, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {
        "parties[0].identification_number",
        "request.requested_on",
    }
    assert Case.objects.count() == 0


def test_a_transition_not_allowed_is_409(open_case: OpenCase, staff: Staff) -> None:
    detail = open_case()
    response = api_as(staff.officer).post(
        f"/api/v1/cases/{detail.case_id}/transitions", {"transition": "complete"}, format="json"
    )
    assert response.status_code == 409
    assert Case.objects.get(pk=detail.case_id).state == "accepted"


def test_another_province_sees_nothing(open_case: OpenCase, staff: Staff) -> None:
    detail = open_case()
    client = api_as(staff.officer_ha_tinh)

    assert client.get(f"/api/v1/enforcement/cases/{detail.case_id}").status_code == 404
    assert client.get("/api/v1/enforcement/cases").json()["count"] == 0
    response = client.post(
        f"/api/v1/enforcement/cases/{detail.case_id}/money",
        {"kind": "collected", "amount": 1, "on_date": "2026-04-27"},
        format="json",
    )
    assert response.status_code == 404


def test_the_list_reads_a_page_in_a_fixed_number_of_queries(
    open_case: OpenCase, staff: Staff
) -> None:
    for _ in range(3):
        open_case()
    client = api_as(staff.officer)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/enforcement/cases").json()["count"] == 3
    for _ in range(4):
        open_case()
    with CaptureQueriesContext(connection) as more:
        assert client.get("/api/v1/enforcement/cases").json()["count"] == 7
    assert len(more) == len(few)


def test_targets_through_the_api(staff: Staff) -> None:
    body = {
        "agency": staff.office_nghe_an.pk,
        "year": 2026,
        "case_rate": "83.25",
        "money_rate": "46.78",
    }
    assert (
        api_as(staff.officer).post("/api/v1/enforcement/targets", body, format="json").status_code
        == 403
    )
    response = api_as(staff.ministry).post("/api/v1/enforcement/targets", body, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "agency": staff.office_nghe_an.pk,
        "year": 2026,
        "case_rate": "83.25",
        "money_rate": "46.78",
    }
    assert Target.objects.count() == 1
    assert EnforcementCase.objects.count() == 0
