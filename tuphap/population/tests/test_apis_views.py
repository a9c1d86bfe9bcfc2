from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client as WebClient

from conftest import api_as
from tuphap.core.models import AuditEvent
from tuphap.population import services
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import birth_payload


@pytest.fixture
def queue(world: Any) -> dict[str, OutboxMessage]:
    """One unanswered message in Nghệ An, one refused in Hà Tĩnh, one pending in Nghệ An."""
    made = {}
    with transaction.atomic():
        for name, place, status in [
            ("nghe_an", world.nghe_an, MessageStatus.NEEDS_RECONCILIATION),
            ("ha_tinh", world.ha_tinh, MessageStatus.FAILED_PERMANENTLY),
            ("pending", world.nghe_an, MessageStatus.PENDING),
        ]:
            message = services.outbox_enqueue(
                kind="birth", payload=birth_payload(1), subject=place, province=place
            )
            OutboxMessage.objects.filter(pk=message.pk).update(status=status)
            made[name] = message
    return made


@pytest.mark.parametrize(
    ("persona", "status", "visible"),
    [
        pytest.param("provincial_specialist", 200, ["nghe_an"], id="provincial-sees-own-province"),
        pytest.param("provincial_specialist_ha_tinh", 200, ["ha_tinh"], id="other-province"),
        pytest.param("ministry_specialist", 200, ["nghe_an", "ha_tinh"], id="ministry-sees-all"),
        pytest.param("administrator", 200, ["nghe_an", "ha_tinh"], id="administrator"),
        pytest.param("civil_status_officer", 200, ["nghe_an"], id="officer-sees-own-province"),
        pytest.param("auditor", 403, [], id="auditor-refused"),
        pytest.param("leader", 403, [], id="leader-refused"),
    ],
)
def test_reconciliation_list_by_persona(
    world: Any, queue: dict[str, OutboxMessage], persona: str, status: int, visible: list[str]
) -> None:
    response = api_as(world.users[persona]).get("/api/v1/population/reconciliation")
    assert response.status_code == status
    if status == 200:
        assert [row["id"] for row in response.json()["results"]] == [queue[n].pk for n in visible]
    else:
        assert response.json()["error"]["code"] == "forbidden"


def test_reconciliation_list_filters_by_status(world: Any, queue: dict[str, OutboxMessage]) -> None:
    response = api_as(world.users["ministry_specialist"]).get(
        "/api/v1/population/reconciliation", {"status": "failed_permanently"}
    )
    assert [row["id"] for row in response.json()["results"]] == [queue["ha_tinh"].pk]
    assert response.json()["results"][0]["province_code"] == "42"


def test_retry_puts_the_message_back_and_audits_it(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    message = queue["nghe_an"]
    response = api_as(world.users["provincial_specialist"]).post(
        f"/api/v1/population/messages/{message.pk}/retry"
    )
    assert (response.status_code, response.json()["status"]) == (200, "pending")
    audit = AuditEvent.objects.get(action="population.message.retried")
    assert (audit.actor_username, audit.object_id) == ("chuyenvien_nghean", str(message.pk))
    assert audit.data == {"previous_status": "needs_reconciliation", "kind": "birth"}


@pytest.mark.parametrize(
    ("persona", "name", "status", "code"),
    [
        pytest.param(
            "provincial_specialist", "ha_tinh", 404, "not_found", id="outside-jurisdiction"
        ),
        pytest.param("provincial_specialist", "pending", 409, "conflict", id="still-pending"),
        pytest.param(
            "provincial_specialist_ha_tinh", "ha_tinh", 409, "conflict", id="refused-is-corrected"
        ),
        pytest.param("auditor", "nghe_an", 403, "forbidden", id="auditor"),
    ],
)
def test_retry_refusals(
    world: Any, queue: dict[str, OutboxMessage], persona: str, name: str, status: int, code: str
) -> None:
    response = api_as(world.users[persona]).post(
        f"/api/v1/population/messages/{queue[name].pk}/retry"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert not AuditEvent.objects.filter(action="population.message.retried").exists()


def test_the_page_lists_the_queue_and_retries(world: Any, queue: dict[str, OutboxMessage]) -> None:
    web = WebClient()
    web.force_login(world.users["provincial_specialist"])
    page = web.get("/population/reconciliation")
    assert page.status_code == 200
    assert [m.pk for m in page.context["page"].object_list] == [queue["nghe_an"].pk]
    response = web.post(f"/population/messages/{queue['nghe_an'].pk}/retry")
    assert (response.status_code, response["Location"]) == (302, "/population/reconciliation")
    queue["nghe_an"].refresh_from_db()
    assert queue["nghe_an"].status == MessageStatus.PENDING


def test_the_page_is_refused_to_an_auditor(world: Any, queue: dict[str, OutboxMessage]) -> None:
    web = WebClient()
    web.force_login(world.users["auditor"])
    assert web.get("/population/reconciliation").status_code == 403
