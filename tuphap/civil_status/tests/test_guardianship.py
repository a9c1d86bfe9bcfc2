"""Guardianship: its own book (GH), a living ward, a living adult guardian (BLDS 2015 Art. 49)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.civil_status.registration import services
from tuphap.civil_status.registration.models import Person, Registration
from tuphap.civil_status.tests import factories
from tuphap.core.errors import Conflict, ValidationFailed
from tuphap.core.models import AuditEvent

NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def officer(world: Any) -> Any:
    return world.users["civil_status_officer"]


@pytest.fixture
def ward(world: Any, officer: Any) -> Person:
    return factories.birth(officer, world.vinh).person


def adult(born: datetime.date = datetime.date(1985, 4, 2)) -> services.PersonData:
    return factories.adult("Trần", "Bình", "female", born, residence="Phường Trường Vinh")


def test_registers_in_the_guardianship_book(world: Any, officer: Any, ward: Person) -> None:
    registration = services.guardianship_register(
        actor=officer,
        commune=world.vinh,
        ward=ward,
        guardian=adult(),
        kind="appointed",
        relationship="aunt",
    )

    assert registration.book.volume_number == "01-TP/HT-2026-GH"
    assert registration.entry_number == 1
    assert registration.person_id == ward.pk
    assert registration.other_person is not None
    assert registration.other_person.full_name == "Trần Bình"
    assert registration.details == {
        "kind": "appointed",
        "guardian_relationship": "aunt",
        "grounds": "",
        "guardian_name": "Trần Bình",
    }
    assert ward.versions.order_by("-number").first().reason == "Guardianship registered"  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="civil_status.guardianship.registered").count() == 1


def test_the_guardian_must_be_an_adult(world: Any, officer: Any, ward: Person) -> None:
    seventeen = datetime.date(2009, 11, 24)

    with pytest.raises(ValidationFailed) as error:
        services.guardianship_register(
            actor=officer, commune=world.vinh, ward=ward, guardian=adult(seventeen), kind="by_law"
        )

    assert error.value.fields == {
        "guardian.date_of_birth": ["The guardian must be an adult (18 full years)."]
    }
    assert Registration.objects.filter(event_type="guardianship").count() == 0


def test_eighteen_full_years_on_the_day_is_enough(world: Any, officer: Any, ward: Person) -> None:
    registration = services.guardianship_register(
        actor=officer,
        commune=world.vinh,
        ward=ward,
        guardian=adult(datetime.date(2008, 11, 23)),
        kind="by_law",
    )

    assert registration.event_type == "guardianship"


def test_a_dead_ward_or_guardian_is_refused(world: Any, officer: Any, ward: Person) -> None:
    guardian = services.guardianship_register(
        actor=officer, commune=world.vinh, ward=ward, guardian=adult(), kind="by_law"
    ).other_person
    assert guardian is not None
    services.death_register(
        actor=officer,
        commune=world.vinh,
        person=guardian,
        died_on=datetime.date(2026, 11, 20),
        declarant=services.Declarant("Trần Văn Cường", "con"),
    )
    other_ward = factories.birth(
        officer, world.vinh, child=factories.child(given_name="Bảo")
    ).person
    guardian.refresh_from_db()

    with pytest.raises(Conflict) as dead:
        services.guardianship_register(
            actor=officer, commune=world.vinh, ward=other_ward, guardian=guardian, kind="by_law"
        )

    assert dead.value.code == "person_dead"
    assert dead.value.fields == {"guardian": ["The person has died."]}


def test_a_ward_already_under_guardianship_and_bad_kind(
    world: Any, officer: Any, ward: Person
) -> None:
    services.guardianship_register(
        actor=officer, commune=world.vinh, ward=ward, guardian=adult(), kind="by_law"
    )

    with pytest.raises(Conflict) as again:
        services.guardianship_register(
            actor=officer,
            commune=world.vinh,
            ward=ward,
            guardian=adult(),
            kind="by_law",
            different_person_confirmed=True,
        )
    with pytest.raises(ValidationFailed) as kind:
        services.guardianship_register(
            actor=officer, commune=world.vinh, ward=ward, guardian=adult(), kind="friend"
        )

    assert again.value.code == "already_under_guardianship"
    assert kind.value.fields == {"kind": ["Choose by_law or appointed."]}


def test_ward_and_guardian_must_differ(world: Any, officer: Any, ward: Person) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.guardianship_register(
            actor=officer, commune=world.vinh, ward=ward, guardian=ward, kind="by_law"
        )

    assert error.value.fields == {"guardian": ["The guardian and the ward are the same person."]}


def test_api_registers_a_guardianship_and_names_bad_fields(world: Any, ward: Person) -> None:
    from conftest import api_as

    client = api_as(world.users["civil_status_officer"])
    guardian = {
        "family_name": "Trần",
        "given_name": "Bình",
        "sex": "female",
        "date_of_birth": "1985-04-02",
    }
    body = {"commune_id": world.vinh.pk, "ward_id": ward.pk, "kind": "appointed"}

    created = client.post(
        "/api/v1/civil-status/guardianships/", {**body, "guardian": guardian}, format="json"
    )
    both = client.post(
        "/api/v1/civil-status/guardianships/",
        {**body, "guardian": guardian, "guardian_id": ward.pk},
        format="json",
    )
    minor = client.post(
        "/api/v1/civil-status/guardianships/",
        {**body, "guardian_id": ward.pk},
        format="json",
    )
    reader = api_as(world.users["provincial_specialist"]).post(
        "/api/v1/civil-status/guardianships/", {**body, "guardian": guardian}, format="json"
    )

    assert created.status_code == 201
    assert (created.json()["volume_number"], created.json()["entry_number"]) == (
        "01-TP/HT-2026-GH",
        1,
    )
    assert both.status_code == 400
    assert "guardian" in both.json()["error"]["fields"]
    assert minor.status_code == 400
    assert minor.json()["error"]["fields"] == {
        "guardian": ["The guardian and the ward are the same person."]
    }
    assert reader.status_code == 403


def test_page_registers_a_guardianship(world: Any, officer: Any, ward: Person) -> None:
    from django.test import Client
    from django.urls import reverse

    adult_record = factories.birth(
        officer,
        world.vinh,
        child=factories.child(
            family_name="Trần", given_name="Bình", date_of_birth=datetime.date(1985, 4, 2)
        ),
        re_registration=True,
    ).person
    client = Client()
    client.force_login(officer)

    form = client.get(reverse("civil_status:guardianship_new"))
    response = client.post(
        reverse("civil_status:guardianship_new"),
        {
            "commune": world.vinh.pk,
            "ward_id": ward.pk,
            "guardian_id": adult_record.pk,
            "kind": "by_law",
            "relationship": "bà ngoại",
        },
    )
    refused = client.post(
        reverse("civil_status:guardianship_new"),
        {"commune": world.vinh.pk, "ward_id": ward.pk, "guardian_id": 999999, "kind": "by_law"},
    )

    assert form.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("civil_status:person", args=[ward.pk])
    assert Registration.objects.get(event_type="guardianship").other_person_id == adult_record.pk
    assert refused.status_code == 200
    assert "No such person." in refused.content.decode()
