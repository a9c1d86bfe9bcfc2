from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import api_as
from tuphap.accounts import services as account_services
from tuphap.civil_status.registration.models import Registration
from tuphap.civil_status.tests import factories
from tuphap.core.models import AuditEvent
from tuphap.population.models import OutboxMessage

NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _birth_body(world: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "commune_id": world.vinh.pk,
        "child": {
            "family_name": "Nguyễn",
            "middle_name": "Văn",
            "given_name": "An",
            "sex": "male",
            "date_of_birth": "2026-11-01",
            "place_of_birth": "Bệnh viện Sản Nhi Nghệ An",
        },
        "mother": {"full_name": "Trần Thị Bình", "year_of_birth": 1998},
        "declarant": {"full_name": "Trần Thị Bình", "relationship": "mother"},
    }
    body.update(overrides)
    return body


def test_api_birth_then_duplicate_then_confirmed(world: Any) -> None:
    client = api_as(world.users["civil_status_officer"])
    url = "/api/v1/civil-status/births/"

    first = client.post(url, _birth_body(world), format="json")
    duplicate = client.post(url, _birth_body(world), format="json")
    confirmed = client.post(url, _birth_body(world, different_person_confirmed=True), format="json")

    assert first.status_code == 201
    assert (first.json()["volume_number"], first.json()["entry_number"]) == ("01-TP/HT-2026-KS", 1)
    assert duplicate.status_code == 409
    error = duplicate.json()["error"]
    assert error["code"] == "possible_duplicate"
    assert error["fields"] == {
        "child.different_person_confirmed": [
            f"#{first.json()['person_id']} Nguyễn Văn An, born 2026-11-01, "
            "mother Trần Thị Bình, PIN —"
        ]
    }
    assert (confirmed.status_code, confirmed.json()["entry_number"]) == (201, 2)


def test_api_bad_pin_names_the_field(world: Any) -> None:
    body = _birth_body(world)
    body["child"]["pin"] = "040126000001"

    response = api_as(world.users["civil_status_officer"]).post(
        "/api/v1/civil-status/births/", body, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "child.pin": [
            "The fourth digit 1 is for people born in 1900–1999.",
            "The fourth digit 1 is for a female.",
        ]
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("civil_status_officer", 200),
        ("provincial_specialist", 200),
        ("provincial_specialist_ha_tinh", 404),
        ("leader", 403),
    ],
    ids=["officer", "province", "other-province", "leader"],
)
def test_api_person_detail_is_audited(world: Any, persona: str, expected: int) -> None:
    registration = factories.birth(world.users["civil_status_officer"], world.vinh)
    user = world.users[persona]

    response = api_as(user).get(f"/api/v1/civil-status/persons/{registration.person_id}/")

    assert response.status_code == expected
    viewed = AuditEvent.objects.filter(action="civil_status.person.viewed", actor=user).count()
    assert viewed == (1 if expected == 200 else 0)
    if expected == 200:
        assert [v["number"] for v in response.json()["versions"]] == [1]
        assert [r["entry_number"] for r in response.json()["registrations"]] == [1]


def test_api_search_query_count(world: Any, django_assert_max_num_queries: Any) -> None:
    officer = world.users["civil_status_officer"]
    for name, day in (("An", 1), ("Anh", 1), ("Ánh", 2)):
        born = datetime.date(2026, 11, day)
        factories.birth(
            officer, world.vinh, child=factories.child(given_name=name, date_of_birth=born)
        )
    client = api_as(officer)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/civil-status/persons/", {"q": "nguyen van anh"})

    assert [p["full_name"] for p in response.json()] == ["Nguyễn Văn Anh", "Nguyễn Văn Ánh"]


def test_api_amend_and_find(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    registration = factories.birth(officer, world.vinh)
    client = api_as(officer)

    amended = client.post(
        f"/api/v1/civil-status/registrations/{registration.pk}/amendments/",
        {
            "kind": "correction",
            "reason": "Sai tên",
            "legal_basis": "Luật Hộ tịch Art. 26",
            "changes": {"person.given_name": "Ân"},
        },
        format="json",
    )
    found = client.get(
        "/api/v1/civil-status/registrations/",
        {"volume_number": "01-TP/HT-2026-KS", "entry_number": 1},
    )

    assert amended.status_code == 201
    assert amended.json()["changes"] == {"person.given_name": {"old": "An", "new": "Ân"}}
    assert [(r["id"], r["amendment_count"]) for r in found.json()] == [(registration.pk, 1)]


def _web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_birth_form_registers_and_shows_the_person(world: Any) -> None:
    client = _web(world.users["civil_status_officer"])
    form = {
        "commune": world.vinh.pk,
        "family_name": "Lê",
        "given_name": "Hà",
        "sex": "female",
        "date_of_birth": "2026-11-02",
        "place_of_birth": "Trạm y tế",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
        "mother_name": "Hồ Thị Mai",
        "declarant_name": "Hồ Thị Mai",
    }

    response = client.post(reverse("civil_status:birth_new"), form)

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "civil_status:person", kwargs={"person_id": registration.person_id}
    )
    page = client.get(response["Location"])
    assert "Lê Hà" in page.content.decode()
    # The same again shows the candidate side by side
    again = client.post(reverse("civil_status:birth_new"), form)
    assert 'data-testid="duplicate-candidates"' in again.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    ["today", "birth_new", "death_new", "marriage_new", "search", "pins_pending", "book_list"],
)
def test_officer_pages_render(world: Any, name: str) -> None:
    factories.birth(world.users["civil_status_officer"], world.vinh)

    response = _web(world.users["civil_status_officer"]).get(reverse(f"civil_status:{name}"))

    assert response.status_code == 200


def test_search_page_finds_without_diacritics(world: Any) -> None:
    factories.birth(world.users["civil_status_officer"], world.vinh)

    page = _web(world.users["provincial_specialist"]).get(
        reverse("civil_status:search"), {"q": "nguyen van an", "year": 2026}
    )

    assert "Nguyễn Văn An" in page.content.decode()


def test_registration_forms_are_closed_to_specialists(world: Any) -> None:
    response = _web(world.users["provincial_specialist"]).get(reverse("civil_status:birth_new"))

    assert response.status_code == 403


def test_api_records_a_marital_status_confirmation(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    person = factories.birth(officer, world.vinh).person

    response = api_as(officer).post(
        "/api/v1/civil-status/events/",
        {
            "commune_id": world.vinh.pk,
            "event_type": "marital_status",
            "person_id": person.pk,
            "details": {"marital_status": "single", "purpose": "kết hôn"},
        },
        format="json",
    )

    assert response.status_code == 201
    assert (response.json()["volume_number"], response.json()["details"]["valid_until"]) == (
        "01-TP/HT-2026-XNHN",
        "2027-05-23",
    )


def test_amend_page_records_a_correction(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    registration = factories.birth(officer, world.vinh)
    url = reverse("civil_status:registration", kwargs={"registration_id": registration.pk})

    response = _web(officer).post(
        url,
        {
            "kind": "correction",
            "field": "person.given_name",
            "new_value": "Ân",
            "reason": "Ghi sai tên",
            "legal_basis": "Luật Hộ tịch 2014 Art. 26",
        },
    )

    assert response.status_code == 302
    registration.person.refresh_from_db()
    assert registration.person.given_name == "Ân"
    page = _web(world.users["provincial_specialist"]).get(url).content.decode()
    assert "person.given_name: «An» → «Ân»" in page
    assert 'data-testid="amend-form"' not in page  # the specialist reads, does not amend


@pytest.mark.parametrize(
    ("url", "party", "other"),
    [
        pytest.param("/api/v1/civil-status/marriages/", "husband", "wife", id="marriage"),
        pytest.param("/api/v1/civil-status/guardianships/", "ward", "guardian", id="guardianship"),
    ],
)
def test_api_each_party_is_a_record_or_new_data_not_both(
    world: Any, url: str, party: str, other: str
) -> None:
    person = factories.birth(world.users["civil_status_officer"], world.vinh).person
    body: dict[str, Any] = {
        "commune_id": world.vinh.pk,
        f"{party}_id": person.pk,
        party: {
            "family_name": "Lê",
            "given_name": "Hoa",
            "sex": "female",
            "date_of_birth": "1990-05-01",
        },
        f"{other}_id": person.pk,
        "kind": "appointed",
    }

    response = api_as(world.users["civil_status_officer"]).post(url, body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        party: [f"Give exactly one of {party} and {party}_id."]
    }
    assert Registration.objects.count() == 1


def _token_client(user: Any) -> APIClient:
    """A client as a real one signs in: with its token (the key is scoped to it)."""
    client = APIClient()
    token = account_services.token_issue(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_retried_birth_with_the_same_idempotency_key_is_registered_once(world: Any) -> None:
    client = _token_client(world.users["civil_status_officer"])
    url = "/api/v1/civil-status/births/"
    key = {"HTTP_IDEMPOTENCY_KEY": "birth-2026-11-23-0001"}

    first = client.post(url, _birth_body(world), format="json", **key)
    retried = client.post(url, _birth_body(world), format="json", **key)
    other = client.post(url, _birth_body(world), format="json")

    assert first.status_code == retried.status_code == 201
    assert retried.json() == first.json()
    assert retried["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1
    assert AuditEvent.objects.filter(action="civil_status.birth.registered").count() == 1
    # Without a key the same body is a new request: the duplicate check answers it.
    assert other.status_code == 409


def test_an_idempotency_key_reused_for_another_request_is_refused(world: Any) -> None:
    client = _token_client(world.users["civil_status_officer"])
    url = "/api/v1/civil-status/births/"
    key = {"HTTP_IDEMPOTENCY_KEY": "birth-2026-11-23-0002"}

    first = client.post(url, _birth_body(world), format="json", **key)
    changed = _birth_body(world, different_person_confirmed=True)
    reused = client.post(url, changed, format="json", **key)
    too_long = client.post(url, changed, format="json", HTTP_IDEMPOTENCY_KEY="k" * 256)

    assert first.status_code == 201
    assert reused.status_code == 409
    error = reused.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert list(error["fields"]) == ["Idempotency-Key"]
    assert too_long.status_code == 400
    assert list(too_long.json()["error"]["fields"]) == ["Idempotency-Key"]
    assert Registration.objects.count() == 1


def test_a_birth_through_the_api_is_few_statements(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    """Token and roles; the commune with its province and the officer's jurisdiction; the
    duplicate search; the person; the counter with its book (one statement on PostgreSQL); the
    registration; the version, outbox and audit rows together (one statement on PostgreSQL)
    (issue 17)."""
    client = _token_client(world.users["civil_status_officer"])
    client.post("/api/v1/civil-status/births/", _birth_body(world), format="json")  # book 1 made
    postgres = connection.vendor == "postgresql"

    # (the test's own transaction adds a savepoint and its release)
    with django_assert_max_num_queries(9 if postgres else 12) as captured:
        response = client.post(
            "/api/v1/civil-status/births/",
            _birth_body(world, child={**_birth_body(world)["child"], "given_name": "Bình"}),
            format="json",
        )

    assert response.status_code == 201, response.json()
    assert response.json()["entry_number"] == 2
    registration = Registration.objects.get(pk=response.json()["id"])
    message = OutboxMessage.objects.get(subject_id=str(registration.pk))
    assert message.payload["birth_province_code"] == f"0{world.vinh.province.code}"
    assert message.province_id == world.vinh.province_id
    assert registration.person.versions.get().registration_id == registration.pk
    assert AuditEvent.objects.filter(
        action="civil_status.birth.registered", object_id=str(registration.pk)
    ).exists()
    written = [query["sql"].split()[0] for query in captured.captured_queries]
    assert written.count("INSERT") == (2 if postgres else 5), written
    assert written.count("WITH") == (2 if postgres else 0), written  # counter and book; the rows


@pytest.mark.parametrize("commune_id", [0, 987_654_321, 2**63, -1])
def test_a_birth_in_an_unknown_commune_is_a_404_naming_the_field(
    world: Any, commune_id: int
) -> None:
    response = _token_client(world.users["civil_status_officer"]).post(
        "/api/v1/civil-status/births/", _birth_body(world, commune_id=commune_id), format="json"
    )

    assert response.status_code == 404
    assert list(response.json()["error"]["fields"]) == ["commune_id"]
    assert Registration.objects.count() == 0
