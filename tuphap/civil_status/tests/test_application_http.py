"""HTTP contracts of the application API and pages, persona by persona."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import api_as
from tuphap.civil_status.applications.models import Application
from tuphap.civil_status.registration.models import Registration
from tuphap.civil_status.tests import factories
from tuphap.civil_status.tests.test_applications import other_officer

# Monday 23 November 2026, 09:00 in Việt Nam.
NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
BASE = "/api/v1/civil-status/applications/"
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _submit_body(world: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "commune_id": world.vinh.pk,
        "event_type": "birth",
        "applicant": {"full_name": "Lê Văn Hải", "relationship": "father"},
        "data": factories.birth_data(),
        "channel": "online",
    }
    body.update(overrides)
    return body


def test_api_flow_submit_accept_register_return(world: Any) -> None:
    client = api_as(world.users["civil_status_officer"])

    created = client.post(f"{BASE}submit/", _submit_body(world), format="json")
    application_id = created.json()["id"]
    accepted = client.post(f"{BASE}{application_id}/accept/", format="json")
    registered = client.post(f"{BASE}{application_id}/register/", {}, format="json")
    returned = client.post(f"{BASE}{application_id}/return/", {"note": "Đã trao"}, format="json")
    detail = client.get(f"{BASE}{application_id}/")

    assert created.status_code == 201
    assert created.json()["state"] == "submitted"
    assert created.json()["allowed_transitions"] == [
        "request_supplement",
        "accept",
        "refuse",
        "withdraw",
    ]
    assert accepted.status_code == 200
    assert accepted.json()["receipt_number"] == "0001/2026"
    assert accepted.json()["due_on"] == "2026-11-23"
    assert accepted.json()["appointment_at"] == "2026-11-23T16:00:00+07:00"
    assert registered.status_code == 200
    assert registered.json()["registration_id"] == Registration.objects.get().pk
    assert registered.json()["on_time"] is True
    assert returned.json()["state"] == "returned"
    body = detail.json()
    assert body["allowed_transitions"] == []
    assert [row["transition"] for row in body["journal"]] == [
        "",
        "accept",
        "register",
        "return_result",
    ]
    assert body["journal"][-1]["payload"] == {"note": "Đã trao"}


def test_api_refusal_without_reason_names_the_field(world: Any) -> None:
    client = api_as(world.users["civil_status_officer"])
    application_id = client.post(f"{BASE}submit/", _submit_body(world), format="json").json()["id"]

    response = client.post(f"{BASE}{application_id}/refuse/", {"reason": ""}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"reason": ["This field is required."]}
    assert Application.objects.get().case.state == "submitted"


def test_api_wrong_state_is_409(world: Any) -> None:
    client = api_as(world.users["civil_status_officer"])
    application_id = client.post(f"{BASE}submit/", _submit_body(world), format="json").json()["id"]

    response = client.post(f"{BASE}{application_id}/return/", {}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "transition_not_allowed"


def test_api_incomplete_file_names_the_fields(world: Any) -> None:
    client = api_as(world.users["civil_status_officer"])
    body = _submit_body(world, data={"child": {"family_name": "Lê", "sex": "male"}})
    application_id = client.post(f"{BASE}submit/", body, format="json").json()["id"]

    response = client.post(f"{BASE}{application_id}/accept/", format="json")
    supplement = client.post(
        f"{BASE}{application_id}/request-supplement/",
        {"missing": ["Tên khai sinh", "Ngày sinh"]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "data.child.given_name": ["This field is required."],
    }
    assert supplement.status_code == 200
    assert supplement.json()["state"] == "needs_supplement"
    assert supplement.json()["supplement_requests"][0]["missing"] == ["Tên khai sinh", "Ngày sinh"]


def test_api_bad_input_on_submit(world: Any) -> None:
    client = api_as(world.users["civil_status_officer"])

    response = client.post(
        f"{BASE}submit/", _submit_body(world, event_type="adoption"), format="json"
    )

    assert response.status_code == 400
    assert "event_type" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("persona", "list_status", "detail_status", "accept_status"),
    [
        ("civil_status_officer", 200, 200, 200),
        ("provincial_specialist", 200, 200, 403),
        ("provincial_specialist_ha_tinh", 200, 404, 404),
        ("ministry_specialist", 200, 200, 403),
        ("leader", 403, 403, 403),
        ("statistics_officer", 403, 403, 403),
    ],
)
def test_api_access_by_persona(
    world: Any, persona: str, list_status: int, detail_status: int, accept_status: int
) -> None:
    application = factories.application(world.users["civil_status_officer"], world.vinh)
    client = api_as(world.users[persona])

    listed = client.get(BASE)
    detail = client.get(f"{BASE}{application.pk}/")
    accept = client.post(f"{BASE}{application.pk}/accept/", format="json")

    assert (listed.status_code, detail.status_code, accept.status_code) == (
        list_status,
        detail_status,
        accept_status,
    )
    if list_status == 200:
        expected = 0 if persona.endswith("ha_tinh") else 1
        assert listed.json()["count"] == expected
    assert Application.objects.get().case.state == (
        "accepted" if persona == "civil_status_officer" else "submitted"
    )


def test_api_officer_of_another_commune_sees_nothing(world: Any) -> None:
    application = factories.application(world.users["civil_status_officer"], world.vinh)
    client = api_as(other_officer(world))

    listed = client.get(BASE)
    accept = client.post(f"{BASE}{application.pk}/accept/", format="json")
    submit = client.post(f"{BASE}submit/", _submit_body(world), format="json")

    assert listed.json()["count"] == 0
    assert accept.status_code == 404
    assert submit.status_code == 403
    assert Application.objects.count() == 1


def test_api_list_query_count_does_not_grow(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    client = api_as(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{BASE}?open=true")
        assert response.status_code == 200
        return len(queries)

    factories.application(officer, world.vinh)
    with_one = count()
    for given in ("Bình", "Chi", "Dung", "Giang"):
        child = {**factories.birth_data()["child"], "given_name": given}
        factories.application(officer, world.vinh, data=factories.birth_data(child=child))
    with_five = count()

    assert with_five == with_one
    assert with_one <= 6


def test_api_list_filters_and_queue_order(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    client = api_as(officer)
    first = factories.application(officer, world.vinh)
    second = factories.application(officer, world.vinh)
    client.post(f"{BASE}{second.pk}/accept/", format="json")

    queue = client.get(f"{BASE}?open=true").json()["results"]
    accepted = client.get(f"{BASE}?state=accepted").json()["results"]

    assert [row["id"] for row in queue] == [second.pk, first.pk]
    assert [row["id"] for row in accepted] == [second.pk]


# -- pages ----------------------------------------------------------------------------------------


def _action(application: Any, action: str) -> str:
    return reverse(
        "civil_status:application_action",
        kwargs={"application_id": application.pk, "action": action},
    )


def _page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_new_application_queue_detail_and_slip(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    client = _page_client(officer)

    form = client.get(reverse("civil_status:application_new") + "?event=guardianship")
    empty = client.get(reverse("civil_status:application_list"))
    posted = client.post(
        reverse("civil_status:application_new") + "?event=birth",
        {
            "commune": world.vinh.pk,
            "applicant_name": "Lê Văn Hải",
            "applicant_relationship": "father",
            "channel": "in_person",
            "family_name": "Lê",
            "middle_name": "Minh",
            "given_name": "Khang",
            "sex": "male",
            "date_of_birth": "2026-11-01",
            "place_of_birth": "Trạm y tế",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "mother_name": "Hồ Thị Lan",
            "declarant_name": "Lê Văn Hải",
        },
    )
    application = Application.objects.get()
    queue = client.get(reverse("civil_status:application_list"))
    accepted = client.post(_action(application, "accept"))
    detail = client.get(reverse("civil_status:application", args=[application.pk]))
    slip = client.get(reverse("civil_status:application_slip", args=[application.pk]))

    assert form.status_code == 200
    assert "Guardian" in form.content.decode()
    assert "No open applications." in empty.content.decode()
    assert posted.status_code == 302
    assert posted["Location"] == reverse("civil_status:application", args=[application.pk])
    assert application.data["child"]["given_name"] == "Khang"
    assert "Lê Văn Hải" in queue.content.decode()
    assert accepted.status_code == 302
    shown = detail.content.decode()
    assert "Accepted" in shown
    # The journal names the step and the state; the data filed reads as labelled fields.
    assert "<td>Accept and issue the appointment slip</td><td>Accepted, appointment given</td>" in (
        shown
    )
    assert "<td>accepted</td>" not in shown
    assert "<dt>Given name</dt><dd>Khang</dd>" in shown
    assert "given_name" not in shown
    page = slip.content.decode()
    assert "0001/2026" in page
    assert "23/11/2026" in page
    assert "Phường Trường Vinh" in page


def test_page_refusal_without_reason_shows_the_error(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    application = factories.application(officer, world.vinh)
    client = _page_client(officer)

    response = client.post(_action(application, "refuse"), {"reason": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Application.objects.get().case.state == "submitted"


@pytest.mark.parametrize(
    ("persona", "queue_status", "detail_status", "action_status"),
    [
        ("civil_status_officer", 200, 200, 302),
        ("provincial_specialist", 200, 200, 403),
        ("provincial_specialist_ha_tinh", 200, 404, 404),
        ("leader", 403, 403, 403),
    ],
)
def test_pages_access_by_persona(
    world: Any, persona: str, queue_status: int, detail_status: int, action_status: int
) -> None:
    application = factories.application(world.users["civil_status_officer"], world.vinh)
    client = _page_client(world.users[persona])

    queue = client.get(reverse("civil_status:application_list"))
    detail = client.get(reverse("civil_status:application", args=[application.pk]))
    action = client.post(_action(application, "accept"))

    assert (queue.status_code, detail.status_code, action.status_code) == (
        queue_status,
        detail_status,
        action_status,
    )
