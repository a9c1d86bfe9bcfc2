"""The reconciliation workqueue: what each persona sees (by the message's province), the three
actions (resend, correct and resend, resolve) with their audit rows and refusals, the pages,
the API and the counts on the civil status dashboard."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client as WebClient
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches
from django.utils import translation

from conftest import api_as
from tuphap.accounts.models import AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit
from tuphap.population import known, selectors, services
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import Standin, birth_payload, drain, relay_config

DEATH = {
    "pin": "040080123456",
    "occurred_on": "2026-11-02",
    "registered_on": "2026-11-05",
    "data": {},
}
MARRIAGE = {
    "pin": "040080123456",
    "occurred_on": "2026-11-05",
    "registered_on": "2026-11-05",
    "data": {"spouse_pin": "040185654321"},
}
UNKNOWN_PIN = {"error": {"code": "unknown_pin", "message": "No citizen has this PIN."}}


@pytest.fixture(autouse=True)
def english(settings: Any) -> Iterator[None]:
    """Messages are asserted in English (the URL resolver caches its language prefix)."""
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    with translation.override("en"):
        yield
    clear_url_caches()


def _message(
    place: AdministrativeUnit, status: str, kind: str = "death", payload: Any = None
) -> OutboxMessage:
    with transaction.atomic():
        message = services.outbox_enqueue(
            kind=kind,
            payload=dict(payload or (birth_payload(1) if kind == "birth" else DEATH)),
            subject=place,
            province=place,
        )
    changes: dict[str, Any] = {"status": status, "attempts": 1}
    if status == MessageStatus.FAILED_PERMANENTLY:
        changes.update(last_error="HTTP 404: unknown_pin", response=UNKNOWN_PIN)
    OutboxMessage.objects.filter(pk=message.pk).update(**changes)
    message.refresh_from_db()
    return message


@pytest.fixture
def officer_ha_tinh(world: Any) -> User:
    committee = account_factories.agency(
        "UBND-18070",
        "UBND phường Thành Sen",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[world.ha_tinh_ward],
        parent=world.doj_ha_tinh,
    )
    return account_factories.user("hotich_thanhsen", committee, Role.CIVIL_STATUS_OFFICER)


@pytest.fixture
def queue(world: Any) -> dict[str, OutboxMessage]:
    """Refused and unanswered messages in Nghệ An (one under its pre-2025 province), one refused
    in Hà Tĩnh, and a sent one that is not in the queue."""
    return {
        "refused": _message(world.nghe_an, MessageStatus.FAILED_PERMANENTLY),
        "unanswered": _message(world.nghe_an, MessageStatus.NEEDS_RECONCILIATION, "birth"),
        "old_province": _message(world.nghe_an_old, MessageStatus.FAILED_PERMANENTLY),
        "ha_tinh": _message(world.ha_tinh, MessageStatus.FAILED_PERMANENTLY),
        "sent": _message(world.nghe_an, MessageStatus.SENT),
    }


NGHE_AN = ["refused", "unanswered", "old_province"]


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        pytest.param("civil_status_officer", NGHE_AN, id="commune-officer-sees-own-province"),
        pytest.param("officer_ha_tinh", ["ha_tinh"], id="other-province-officer"),
        pytest.param("provincial_specialist", NGHE_AN, id="department-of-justice"),
        pytest.param("provincial_specialist_ha_tinh", ["ha_tinh"], id="other-department"),
        pytest.param("ministry_specialist", [*NGHE_AN, "ha_tinh"], id="ministry"),
        pytest.param("administrator", [*NGHE_AN, "ha_tinh"], id="administrator"),
        pytest.param("statistics_officer", None, id="statistics-officer-refused"),
        pytest.param("leader", None, id="leader-refused"),
        pytest.param("auditor", None, id="auditor-refused"),
        pytest.param("auditor_nghe_an", None, id="provincial-auditor-refused"),
    ],
)
def test_each_persona_sees_the_queue_of_its_provinces(
    world: Any,
    queue: dict[str, OutboxMessage],
    officer_ha_tinh: User,
    persona: str,
    visible: list[str] | None,
) -> None:
    user = officer_ha_tinh if persona == "officer_ha_tinh" else world.users[persona]
    if visible is None:
        with pytest.raises(AccessDenied):
            selectors.reconciliation_list_for_user(user)
        assert selectors.reconciliation_counts_for_user(user) is None
        response = api_as(user).get("/api/v1/population/reconciliation")
        assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")
        return
    expected = sorted(queue[name].pk for name in visible)
    assert sorted(m.pk for m in selectors.reconciliation_list_for_user(user)) == expected
    response = api_as(user).get("/api/v1/population/reconciliation")
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == expected
    assert selectors.reconciliation_counts_for_user(user) == {
        "needing": len(visible),
        "resolved_this_month": 0,
    }
    # a message of another province is "not found", not forbidden: it does not exist for them
    hidden = [m for name, m in queue.items() if name not in visible and name != "sent"]
    for message in hidden:
        with pytest.raises(NotFound):
            selectors.message_get_for_user(user, message.pk)


# -- correct and resend ----------------------------------------------------------------------------


def test_an_officer_corrects_a_refused_death_and_it_is_sent_under_a_new_key(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    officer = world.users["civil_status_officer"]
    refused = queue["refused"]
    old_key = refused.idempotency_key
    # when the officer corrects the mistyped PIN
    message = services.message_correct(
        actor=officer,
        message_id=refused.pk,
        changes={"pin": "040080654321", "occurred_on": "2026-11-02"},
        reason="Nhập nhầm số định danh; đã đối chiếu với CCCD của người chết",
    )
    # then it is pending again, with the new PIN only, a new key and the error cleared
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.payload == {**DEATH, "pin": "040080654321"}
    assert message.idempotency_key != old_key
    assert (message.last_error, message.response) == ("", None)
    audit = AuditEvent.objects.get(action="population.message.corrected")
    assert (audit.actor_username, audit.object_id) == ("hotich_vinh", str(message.pk))
    assert audit.data == {
        "kind": "death",
        "changes": {"pin": {"old": "040080123456", "new": "040080654321"}},
        "reason": "Nhập nhầm số định danh; đã đối chiếu với CCCD của người chết",
        "previous_idempotency_key": str(old_key),
        "previous_error": "HTTP 404: unknown_pin",
    }


def test_a_marriage_corrects_the_spouse_in_its_data(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    refused = _message(world.nghe_an, MessageStatus.FAILED_PERMANENTLY, "marriage", MARRIAGE)
    message = services.message_correct(
        actor=world.users["provincial_specialist"],
        message_id=refused.pk,
        changes={"data.spouse_pin": "040185000111"},
        reason="Số của vợ bị nhập sai",
    )
    assert message.payload["data"] == {"spouse_pin": "040185000111"}
    assert message.payload["pin"] == MARRIAGE["pin"]


@pytest.mark.parametrize(
    ("changes", "reason", "fields"),
    [
        pytest.param({"pin": "1234"}, "Sai số", ["changes.pin"], id="short-pin"),
        pytest.param({"pin": ""}, "Sai số", ["changes.pin"], id="pin-required"),
        pytest.param({"occurred_on": "02/11/2026"}, "x", ["changes.occurred_on"], id="bad-date"),
        pytest.param({"full_name": "Lê Văn A"}, "x", ["changes.full_name"], id="not-of-a-death"),
        pytest.param({"pin": "040080654321"}, "  ", ["reason"], id="reason-required"),
        pytest.param({}, "x", ["changes"], id="nothing-named"),
        pytest.param({"pin": "040080123456"}, "x", ["changes"], id="nothing-changed"),
        pytest.param(
            {"pin": "12", "occurred_on": "x"},
            "",
            ["changes.occurred_on", "changes.pin", "reason"],
            id="every-bad-field-at-once",
        ),
    ],
)
def test_a_bad_correction_names_each_field_and_changes_nothing(
    world: Any,
    queue: dict[str, OutboxMessage],
    changes: dict[str, Any],
    reason: str,
    fields: list[str],
) -> None:
    refused = queue["refused"]
    with pytest.raises(ValidationFailed) as raised:
        services.message_correct(
            actor=world.users["civil_status_officer"],
            message_id=refused.pk,
            changes=changes,
            reason=reason,
        )
    assert sorted(raised.value.fields) == fields
    refused.refresh_from_db()
    assert (refused.status, refused.payload) == (MessageStatus.FAILED_PERMANENTLY, DEATH)
    assert not AuditEvent.objects.filter(action="population.message.corrected").exists()


def test_a_birth_clears_an_optional_parent_pin(world: Any) -> None:
    payload = birth_payload(1, mother_pin="040185000222")  # a boy
    refused = _message(world.nghe_an, MessageStatus.FAILED_PERMANENTLY, "birth", payload)
    message = services.message_correct(
        actor=world.users["civil_status_officer"],
        message_id=refused.pk,
        changes={"mother_pin": "", "sex": "female"},
        reason="Mẹ chưa có số định danh",
    )
    assert message.payload["mother_pin"] is None
    audit = AuditEvent.objects.get(action="population.message.corrected")
    assert audit.data["changes"] == {
        "mother_pin": {"old": "040185000222", "new": None},
        "sex": {"old": "male", "new": "female"},
    }


def test_an_unanswered_message_is_resent_unchanged_not_corrected(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    # it may have been applied there: a new key could register the event twice
    with pytest.raises(Conflict, match="resend it unchanged"):
        services.message_correct(
            actor=world.users["civil_status_officer"],
            message_id=queue["unanswered"].pk,
            changes={"full_name": "Nguyễn Văn Khác"},
            reason="x",
        )
    message = services.message_retry(
        actor=world.users["civil_status_officer"], message_id=queue["unanswered"].pk
    )
    assert message.status == MessageStatus.PENDING
    assert message.idempotency_key == queue["unanswered"].idempotency_key
    # and a refused one is not resent unchanged: it would be refused again
    with pytest.raises(Conflict, match="refused again"):
        services.message_retry(
            actor=world.users["civil_status_officer"], message_id=queue["refused"].pk
        )


def test_an_officer_of_another_province_cannot_act(
    world: Any, queue: dict[str, OutboxMessage], officer_ha_tinh: User
) -> None:
    with pytest.raises(NotFound):
        services.message_correct(
            actor=officer_ha_tinh,
            message_id=queue["refused"].pk,
            changes={"pin": "040080654321"},
            reason="x",
        )
    with pytest.raises(NotFound):
        services.message_resolve(actor=officer_ha_tinh, message_id=queue["refused"].pk, reason="x")
    with pytest.raises(AccessDenied):
        services.message_resolve(
            actor=world.users["leader"], message_id=queue["refused"].pk, reason="x"
        )


# -- resolve ---------------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 11, 30, 18, 0, tzinfo=datetime.UTC), tick=False)
def test_resolving_needs_a_reason_and_counts_in_the_month_of_vietnam(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    officer = world.users["civil_status_officer"]
    with pytest.raises(ValidationFailed) as raised:
        services.message_resolve(actor=officer, message_id=queue["refused"].pk, reason=" ")
    assert list(raised.value.fields) == ["reason"]
    # 18:00 UTC on 30 November is 1 December in Việt Nam
    message = services.message_resolve(
        actor=officer,
        message_id=queue["refused"].pk,
        reason="CSDLQG về dân cư đã có sự kiện khai tử (xác nhận với Công an tỉnh)",
    )
    message.refresh_from_db()
    assert (message.status, message.resolved_by) == (MessageStatus.RESOLVED, officer)
    assert message.resolution_reason.startswith("CSDLQG về dân cư đã có")
    audit = AuditEvent.objects.get(action="population.message.resolved")
    assert audit.data == {
        "previous_status": "failed_permanently",
        "kind": "death",
        "reason": message.resolution_reason,
    }
    assert selectors.reconciliation_counts_for_user(officer) == {
        "needing": 2,
        "resolved_this_month": 1,
    }
    # a resolved message is out of the queue and cannot be resolved or resent again
    assert message.pk not in [m.pk for m in selectors.reconciliation_list_for_user(officer)]
    with pytest.raises(Conflict):
        services.message_resolve(actor=officer, message_id=message.pk, reason="again")
    with pytest.raises(Conflict):
        services.message_retry(actor=officer, message_id=message.pk)
    # the next month it no longer counts as resolved this month
    with time_machine.travel(datetime.datetime(2027, 1, 2, 3, 0, tzinfo=datetime.UTC)):
        counts = selectors.reconciliation_counts_for_user(officer)
    assert counts == {"needing": 2, "resolved_this_month": 0}


def test_a_pending_or_sent_message_cannot_be_resolved(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    with pytest.raises(Conflict):
        services.message_resolve(
            actor=world.users["ministry_specialist"], message_id=queue["sent"].pk, reason="x"
        )


# -- API -------------------------------------------------------------------------------------------


def test_the_api_shows_a_message_with_what_to_do(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    client = api_as(world.users["civil_status_officer"])
    body = client.get(f"/api/v1/population/messages/{queue['refused'].pk}").json()
    assert (body["status"], body["actions"]) == ("failed_permanently", ["correct", "resolve"])
    assert body["correctable_fields"] == ["pin", "occurred_on"]
    assert body["payload"] == DEATH
    unanswered = client.get(f"/api/v1/population/messages/{queue['unanswered'].pk}").json()
    assert unanswered["actions"] == ["resend", "resolve"]
    hidden = client.get(f"/api/v1/population/messages/{queue['ha_tinh'].pk}")
    assert hidden.status_code == 404
    counts = client.get("/api/v1/population/reconciliation/counts").json()
    assert counts == {"needing": 3, "resolved_this_month": 0}


def test_the_api_corrects_and_resolves(world: Any, queue: dict[str, OutboxMessage]) -> None:
    client = api_as(world.users["civil_status_officer"])
    url = f"/api/v1/population/messages/{queue['refused'].pk}"
    bad = client.post(f"{url}/correct", {"changes": {"pin": "12"}, "reason": ""}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid"
    assert sorted(bad.json()["error"]["fields"]) == ["changes.pin", "reason"]
    good = client.post(
        f"{url}/correct", {"changes": {"pin": "040080654321"}, "reason": "Sai số"}, format="json"
    )
    assert (good.status_code, good.json()["status"]) == (200, "pending")
    assert good.json()["payload"]["pin"] == "040080654321"
    # now pending: neither corrected nor resolved again
    again = client.post(f"{url}/resolve", {"reason": "x"}, format="json")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")
    other = f"/api/v1/population/messages/{queue['old_province'].pk}"
    no_reason = client.post(f"{other}/resolve", {"reason": ""}, format="json")
    assert (no_reason.status_code, list(no_reason.json()["error"]["fields"])) == (400, ["reason"])
    resolved = client.post(f"{other}/resolve", {"reason": "Đã có bên CSDLQG"}, format="json")
    assert resolved.status_code == 200
    assert (resolved.json()["status"], resolved.json()["resolved_by"]) == (
        "resolved",
        "hotich_vinh",
    )
    assert resolved.json()["actions"] == []


def test_the_schema_documents_the_workqueue(world: Any) -> None:
    client = api_as(world.users["administrator"])
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    correct = paths["/api/v1/population/messages/{message_id}/correct"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(correct["responses"])
    body = correct["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = body.rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][name]["required"]) == {"changes", "reason"}
    assert "/api/v1/population/messages/{message_id}/resolve" in paths
    assert "/api/v1/population/reconciliation/counts" in paths
    message = schema["components"]["schemas"]["MessageOutput"]["properties"]
    items = message["actions"]["items"]
    if "$ref" in items:
        items = schema["components"]["schemas"][items["$ref"].rsplit("/", 1)[1]]
    assert items["enum"] == ["resend", "correct", "resolve"]


# -- pages -----------------------------------------------------------------------------------------


def test_the_pages_correct_and_resolve(world: Any, queue: dict[str, OutboxMessage]) -> None:
    web = WebClient()
    web.force_login(world.users["civil_status_officer"])
    listing = web.get("/population/reconciliation")
    assert listing.status_code == 200
    assert sorted(m.pk for m in listing.context["page"].object_list) == sorted(
        queue[name].pk for name in NGHE_AN
    )
    assert listing.context["counts"] == {"needing": 3, "resolved_this_month": 0}
    url = f"/population/messages/{queue['refused'].pk}"
    page = web.get(url)
    assert page.status_code == 200
    assert page.context["actions"] == ("correct", "resolve")
    assert page.context["correct_form"]["changes.pin"].value() == "040080123456"
    # a bad PIN comes back on its field
    bad = web.post(f"{url}/correct", {"changes.pin": "12", "reason": "Sai"})
    assert bad.status_code == 400
    assert bad.context["correct_form"].errors == {
        "changes.pin": ["A personal identification number has 12 digits."]
    }
    good = web.post(
        f"{url}/correct",
        {"changes.pin": "040080654321", "changes.occurred_on": "2026-11-02", "reason": "Sai"},
    )
    assert (good.status_code, good["Location"]) == (302, "/population/reconciliation")
    queue["refused"].refresh_from_db()
    assert queue["refused"].payload["pin"] == "040080654321"
    # resolving without a reason is refused on the reason field, then with one it is done
    other = f"/population/messages/{queue['old_province'].pk}"
    missing = web.post(f"{other}/resolve", {"reason": ""})
    assert missing.status_code == 400
    assert missing.context["resolve_form"].errors == {
        "reason": ["Say how the message was resolved."]
    }
    done = web.post(f"{other}/resolve", {"reason": "Đã có bên CSDLQG"})
    assert done.status_code == 302
    queue["old_province"].refresh_from_db()
    assert queue["old_province"].status == MessageStatus.RESOLVED
    # another province's message is not found
    assert web.get(f"/population/messages/{queue['ha_tinh'].pk}").status_code == 404


def test_the_civil_status_dashboard_shows_the_counts(
    world: Any, queue: dict[str, OutboxMessage]
) -> None:
    web = WebClient()
    web.force_login(world.users["civil_status_officer"])
    home = web.get("/")
    cards = {card["template_name"]: card["context"] for card in home.context["cards"]}
    assert cards["civil_status/_population_card.html"] == {
        "counts": {"needing": 3, "resolved_this_month": 0}
    }
    assert b'data-testid="card-population-reconciliation"' in home.content
    today = web.get("/civil-status/")
    assert today.context["population"] == {"needing": 3, "resolved_this_month": 0}
    # a leader gets no such card
    web.force_login(world.users["leader"])
    cards = [card["template_name"] for card in web.get("/").context["cards"]]
    assert "civil_status/_population_card.html" not in cards


def test_the_list_and_the_counts_take_the_same_queries_for_many_messages(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    officer = world.users["civil_status_officer"]
    client = api_as(officer)
    _message(world.nghe_an, MessageStatus.FAILED_PERMANENTLY)
    client.get("/api/v1/population/reconciliation")  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/population/reconciliation").json()["results"]) == 1
    for _ in range(12):
        _message(world.nghe_an, MessageStatus.FAILED_PERMANENTLY)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/population/reconciliation").json()["results"]) == 13
    assert len(many) == len(one)
    with django_assert_max_num_queries(1):
        assert selectors.reconciliation_counts_for_user(officer) == {
            "needing": 13,
            "resolved_this_month": 0,
        }


def test_a_corrected_death_is_answered_by_the_stand_in(world: Any, clean_standin: Standin) -> None:
    # Given a citizen the population database knows, and a death sent with a mistyped PIN
    known.register_known(
        [
            known.KnownCitizen(
                pin="040080777001",
                full_name="Phạm Văn Đúng",
                sex="male",
                date_of_birth="1980-01-01",
            )
        ],
        data=clean_standin.data,
    )
    with transaction.atomic():
        death = services.outbox_enqueue(
            kind="death",
            payload={**DEATH, "pin": "040080777010"},
            subject=world.nghe_an,
            province=world.nghe_an,
        )
    drain(relay_config(clean_standin.url))
    death.refresh_from_db()
    assert (death.status, death.response) == (
        MessageStatus.FAILED_PERMANENTLY,
        {"error": {"code": "unknown_pin", "message": "No citizen has this PIN.", "fields": {}}},
    )
    # When the officer corrects the PIN and the relay runs again
    services.message_correct(
        actor=world.users["civil_status_officer"],
        message_id=death.pk,
        changes={"pin": "040080777001"},
        reason="Nhập nhầm hai chữ số cuối",
    )
    drain(relay_config(clean_standin.url))
    # Then the population database records the death on the right citizen
    death.refresh_from_db()
    assert death.status == MessageStatus.SENT
    status, citizen = clean_standin.call("GET", "/citizens/040080777001")
    assert (status, citizen["deceased_on"]) == (200, DEATH["occurred_on"])
    assert citizen["events"][-1]["request_key"] == str(death.idempotency_key)
