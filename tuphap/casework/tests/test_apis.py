"""The HTTP contract of /api/v1/cases/: status codes, payload shape, the one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tuphap.accounts.models import User
from tuphap.casework.models import Case, CaseAction, Notification
from tuphap.casework.tests.conftest import OpenCase, Staff, at
from tuphap.core.models import AuditEvent


def client_for(user: User) -> APIClient:
    # The API answers in the site's language (Vietnamese): messages are asserted by code and
    # by the register's own labels, not by translated text.
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def case(open_case: OpenCase, staff: Staff, time_machine: Any) -> Case:
    opened = open_case("2026-08-27 09:00", assignee=staff.officer)
    time_machine.move_to(at("2026-08-28 10:00"), tick=False)
    return opened


def test_list_with_filters_and_pagination(
    case: Case, open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    open_case("2026-08-03 09:00", assignee=staff.officer)  # overdue by 28 Aug
    time_machine.move_to(at("2026-08-28 10:00"), tick=False)
    client = client_for(staff.officer)

    body = client.get(
        "/api/v1/cases/?register=test.simple&state=received&overdue=true&assignee=me"
    ).json()

    assert body["count"] == 1
    item = body["results"][0]
    assert {
        key: item[key] for key in ("number", "register", "register_name", "state", "overdue")
    } == {
        "number": "2/2026",
        "register": "test.simple",
        "register_name": "Sổ thử",
        "state": "received",
        "overdue": True,
    }
    assert item["due_date"] == "2026-08-10"
    assert item["agency"]["code"] == "THADS-40"
    assert item["assignee"]["username"] == "chv_nghean"
    page = client.get("/api/v1/cases/?page_size=1&ordering=number").json()
    assert (page["count"], page["results"][0]["number"], page["next"] is not None) == (
        2,
        "1/2026",
        True,
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("register=nope", "register"),
        ("ordering=colour", "ordering"),
        ("assignee=bob", "assignee"),
        ("overdue=perhaps", "overdue"),
        ("due_before=31-12-2026", "due_before"),
    ],
    ids=["unknown-register", "bad-ordering", "bad-assignee", "bad-boolean", "bad-date"],
)
def test_list_bad_input_is_400_naming_the_field(staff: Staff, query: str, field: str) -> None:
    response = client_for(staff.officer).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == [field]
    assert set(error) == {"code", "message", "fields", "request_id"}


def test_list_needs_authentication(db: Any) -> None:
    assert APIClient().get("/api/v1/cases/").status_code in (401, 403)


def test_workqueue(case: Case, staff: Staff) -> None:
    body = client_for(staff.officer).get("/api/v1/cases/workqueue?section=open").json()

    assert body["section"] == "open"
    assert body["counts"] == {"open": 1, "due_soon": 0, "overdue": 0, "paused": 0}
    assert [item["number"] for item in body["results"]] == ["1/2026"]
    # 3 working days after Fri 28 Aug (31 Aug off, 1–2 Sep National Day): 3, 4, 7 Sep.
    assert body["due_soon_until"] == "2026-09-07T23:59:59.999999+07:00"
    bad = client_for(staff.officer).get("/api/v1/cases/workqueue?section=later")
    assert (bad.status_code, list(bad.json()["error"]["fields"])) == (400, ["section"])


def test_detail_has_timeline_and_the_callers_transitions(
    case: Case, staff: Staff, world: Any
) -> None:
    officer = client_for(staff.officer).get(f"/api/v1/cases/{case.pk}").json()
    head = client_for(staff.head).get(f"/api/v1/cases/{case.pk}/transitions").json()
    leader = client_for(world.users["leader"]).get(f"/api/v1/cases/{case.pk}/transitions").json()

    assert [(a["sequence"], a["kind"], a["to_state"], a["actor"]) for a in officer["timeline"]] == [
        (1, "opened", "received", "chv_nghean")
    ]
    assert [t["name"] for t in officer["transitions"]] == ["start_verification"]
    assert officer["transitions"][0] == {
        "name": "start_verification",
        "title": "Start verification",
        "target": "verifying",
        "target_label": "Verifying",
        "clock": "start",
        "deadline": {"amount": 5, "unit": "working_days", "basis": "new law"},
    }
    assert [t["name"] for t in head] == ["start_verification", "terminate"]
    assert leader == []


def test_post_transition(case: Case, staff: Staff) -> None:
    response = client_for(staff.officer).post(
        f"/api/v1/cases/{case.pk}/transitions",
        {"transition": "start_verification", "reason": "complete file", "payload": {"pages": 12}},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    # 5 working days from Fri 28 Aug: 31 Aug (day off) and 1–2 Sep (National Day) skipped,
    # then Thu 3, Fri 4, Mon 7, Tue 8, Wed 9 Sep.
    assert (body["state"], body["state_label"], body["due_date"]) == (
        "verifying",
        "Verifying",
        "2026-09-09",
    )
    assert [a["kind"] for a in body["timeline"]] == ["opened", "transitioned"]
    action = CaseAction.objects.get(case=case, sequence=2)
    assert (action.reason, action.payload) == ("complete file", {"pages": 12})


def test_refused_transition_is_409_and_writes_nothing(case: Case, staff: Staff) -> None:
    audits = AuditEvent.objects.count()

    response = client_for(staff.officer).post(
        f"/api/v1/cases/{case.pk}/transitions", {"transition": "complete"}, format="json"
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert (error["code"], error["fields"]) == ("transition_not_allowed", {})
    assert "“Complete”" in error["message"]
    assert "“Received”" in error["message"]
    assert CaseAction.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "transition"),
        ({"transition": "fly"}, "transition"),
        ({"transition": "start_verification", "payload": [1, 2]}, "payload"),
    ],
    ids=["missing", "unknown", "payload-not-an-object"],
)
def test_bad_transition_input_is_400(
    case: Case, staff: Staff, body: dict[str, Any], field: str
) -> None:
    response = client_for(staff.officer).post(
        f"/api/v1/cases/{case.pk}/transitions", body, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_other_province_gets_404(case: Case, staff: Staff) -> None:
    client = client_for(staff.officer_ha_tinh)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions", {"transition": "start_verification"}, format="json"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")
    assert client.post(f"/api/v1/cases/{case.pk}/pause", {"reason": "r"}).status_code == 404
    assert CaseAction.objects.filter(case=case).count() == 1


def test_leader_reads_but_cannot_change(case: Case, world: Any) -> None:
    client = client_for(world.users["leader"])
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions", {"transition": "start_verification"}, format="json"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "role_not_allowed")
    assert client.post(f"/api/v1/cases/{case.pk}/pause", {"reason": "r"}).status_code == 403


def test_assign_pause_resume_extend(case: Case, staff: Staff, time_machine: Any) -> None:
    head = client_for(staff.head)
    assigned = head.post(
        f"/api/v1/cases/{case.pk}/assign",
        {"assignee": staff.officer_2.pk, "reason": "leave"},
        format="json",
    )
    assert (assigned.status_code, assigned.json()["assignee"]["username"]) == (200, "chv2_nghean")
    missing = head.post(f"/api/v1/cases/{case.pk}/assign", {"assignee": 999999}, format="json")
    assert (missing.status_code, list(missing.json()["error"]["fields"])) == (400, ["assignee"])

    paused = head.post(f"/api/v1/cases/{case.pk}/pause", {"reason": "postponed"}, format="json")
    assert paused.json()["paused_at"] is not None
    again = head.post(f"/api/v1/cases/{case.pk}/pause", {"reason": "postponed"}, format="json")
    assert again.status_code == 409
    time_machine.move_to(at("2026-09-03 09:00"), tick=False)
    resumed = head.post(f"/api/v1/cases/{case.pk}/resume", {}, format="json").json()
    # Opened Thu 27 Aug, due Tue 8 Sep; paused 28 Aug – 2 Sep (one working day) → Wed 9 Sep.
    assert (resumed["paused_at"], resumed["due_date"]) == (None, "2026-09-09")
    no_reason = head.post(f"/api/v1/cases/{case.pk}/extend", {}, format="json")
    assert (no_reason.status_code, list(no_reason.json()["error"]["fields"])) == (400, ["reason"])
    # the initial deadline has no extension rule
    refused = head.post(f"/api/v1/cases/{case.pk}/extend", {"reason": "r"}, format="json")
    assert refused.status_code == 409


def test_notifications(case: Case, staff: Staff) -> None:
    Notification.objects.create(
        recipient=staff.officer,
        case=case,
        kind="overdue",
        text="late",
        created_at=at("2026-08-28 09:00"),
    )
    client = client_for(staff.officer)

    body = client.get("/api/v1/cases/notifications?unread=true").json()
    assert [(n["kind"], n["text"], n["case"]) for n in body["results"]] == [
        ("overdue", "late", case.pk)
    ]
    assert client.post("/api/v1/cases/notifications/read", {}, format="json").json() == {
        "marked": 1
    }
    assert client.get("/api/v1/cases/notifications?unread=true").json()["count"] == 0
    assert client_for(staff.officer_2).get("/api/v1/cases/notifications").json()["count"] == 0


def test_time_in_state(case: Case, staff: Staff) -> None:
    body = (
        client_for(staff.officer)
        .get("/api/v1/cases/analytics/time-in-state?register=test.simple")
        .json()
    )
    assert body == [
        {
            "agency_id": None,
            "state": "received",
            "state_label": "Received",
            "stays": 1,
            "open_stays": 1,
            "median_days": pytest.approx(25 / 24),
            "p90_days": pytest.approx(25 / 24),
            "overdue": 0,
        }
    ]
    missing = client_for(staff.officer).get("/api/v1/cases/analytics/time-in-state")
    assert (missing.status_code, list(missing.json()["error"]["fields"])) == (400, ["register"])
