from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import api_as
from tuphap.accounts import services
from tuphap.accounts.roles import Role
from tuphap.core import audit


@pytest.fixture
def events(world: Any) -> None:
    with transaction.atomic():
        audit.record(
            actor=world.users["provincial_specialist"], action="test.case.opened", obj=world.vinh
        )
        audit.record(
            actor=world.users["provincial_specialist_ha_tinh"],
            action="test.case.opened",
            obj=world.ha_tinh_ward,
        )
        audit.record(
            actor=world.users["provincial_specialist"], action="test.case.closed", obj=world.vinh
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("auditor", 200),
        ("administrator", 200),
        ("auditor_nghe_an", 200),
        ("leader", 403),
        ("ministry_specialist", 403),
        ("civil_status_officer", 403),
        ("provincial_specialist", 403),
        ("statistics_officer", 403),
    ],
    ids=lambda value: str(value),
)
def test_only_auditors_and_administrators_may_search_the_trail(
    world: Any, events: None, persona: str, status: int
) -> None:
    response = api_as(world.users[persona]).get("/api/v1/audit/")

    assert response.status_code == status
    if status == 403:
        assert response.json()["error"]["code"] == "forbidden"


def test_filters_by_actor_action_prefix_and_object(world: Any, events: None) -> None:
    client = api_as(world.users["auditor"])

    by_actor = client.get(
        "/api/v1/audit/", {"actor": "chuyenvien_nghean", "action": "test.case."}
    ).json()
    by_object = client.get(
        "/api/v1/audit/",
        {"object_type": "places.administrativeunit", "object_id": str(world.ha_tinh_ward.pk)},
    ).json()

    assert [row["action"] for row in by_actor["results"]] == [
        "test.case.closed",
        "test.case.opened",
    ]
    assert [row["actor"] for row in by_object["results"]] == ["chuyenvien_hatinh"]


def test_provincial_auditor_sees_only_own_province_events(world: Any, events: None) -> None:
    rows = (
        api_as(world.users["auditor_nghe_an"])
        .get("/api/v1/audit/", {"action": "test.case."})
        .json()["results"]
    )

    assert {row["actor"] for row in rows} == {"chuyenvien_nghean"}


def test_bad_dates_are_named(world: Any) -> None:
    response = api_as(world.users["auditor"]).get("/api/v1/audit/", {"date_from": "2024-13-01"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["date_from"]

    response = api_as(world.users["auditor"]).get(
        "/api/v1/audit/", {"date_from": "2024-05-02", "date_to": "2024-05-01"}
    )
    assert list(response.json()["error"]["fields"]) == ["date_to"]


def test_audit_page_lists_and_refuses(world: Any, events: None, client: Client) -> None:
    client.force_login(world.users["auditor"])
    page = client.get(reverse("accounts:audit"), {"action": "test.case.opened"})
    assert page.status_code == 200
    assert page.content.decode().count("<code>test.case.opened</code>") == 2

    client.force_login(world.users["leader"])
    assert client.get(reverse("accounts:audit")).status_code == 403


def test_user_create_writes_an_audit_row_in_the_same_transaction(world: Any) -> None:
    admin = world.users["administrator"]
    user = services.user_create(
        actor=admin,
        username="moi",
        password="a-long-enough-passphrase",
        agency=world.doj_ha_tinh,
        roles=[Role.STATISTICS_OFFICER],
    )

    event = audit.AuditEvent.objects.get(action="accounts.user.created")
    assert (event.actor, event.object_id, event.data) == (
        admin,
        str(user.pk),
        {"agency": "STP-42", "roles": ["statistics_officer"]},
    )


def test_user_create_rejects_bad_input_naming_each_field_and_writes_nothing(world: Any) -> None:
    from tuphap.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        services.user_create(
            actor=world.users["administrator"],
            username="hotich_vinh",
            password="123",
            agency=None,
            roles=["pope"],
        )

    assert sorted(error.value.fields) == ["password", "roles", "username"]
    assert not audit.AuditEvent.objects.filter(action="accounts.user.created").exists()
