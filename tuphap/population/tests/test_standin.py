"""The stand-in's protocol over real HTTP (docs/population-protocol.md)."""

from __future__ import annotations

import pytest

from tuphap.population.tests.conftest import Standin, birth_payload


def test_a_birth_gets_a_structured_pin_and_a_retry_gets_the_same_answer(
    clean_standin: Standin,
) -> None:
    before = clean_standin.count()
    body = birth_payload(2)  # a girl born in 2026, registered in province 040
    first = clean_standin.call("POST", "/citizens", body, key="standin-1")
    again = clean_standin.call("POST", "/citizens", body, key="standin-1")
    assert first[0] == again[0] == 201
    assert first[1] == again[1]
    assert first[1]["pin"][:6] == "040326"
    assert clean_standin.count() == before + 1
    status, citizen = clean_standin.call("GET", f"/citizens/{first[1]['pin']}")
    assert (status, citizen["full_name"], citizen["events"]) == (200, "Nguyễn Văn Thử 2", [])


@pytest.mark.parametrize(
    ("key", "body", "status", "code"),
    [
        pytest.param(None, birth_payload(1), 400, "idempotency_key_required", id="no-key"),
        pytest.param("standin-2", birth_payload(1, sex="x"), 422, "invalid", id="bad-sex"),
        pytest.param(
            "standin-3", birth_payload(1, birth_province_code="40"), 422, "invalid", id="bad-code"
        ),
    ],
)
def test_bad_requests_are_refused(
    clean_standin: Standin, key: str | None, body: dict[str, str], status: int, code: str
) -> None:
    before = clean_standin.count()
    answer = clean_standin.call("POST", "/citizens", body, key=key)
    assert (answer[0], answer[1]["error"]["code"]) == (status, code)
    assert clean_standin.count() == before


def test_a_key_reused_with_another_body_is_a_conflict(clean_standin: Standin) -> None:
    clean_standin.call("POST", "/citizens", birth_payload(3), key="standin-4")
    status, body = clean_standin.call("POST", "/citizens", birth_payload(4), key="standin-4")
    assert (status, body["error"]["code"]) == (409, "idempotency_key_reused")


def test_a_refusal_is_replayed_for_the_same_key(clean_standin: Standin) -> None:
    bad = birth_payload(5, date_of_birth="2026-13-01")
    first = clean_standin.call("POST", "/citizens", bad, key="standin-5")
    again = clean_standin.call("POST", "/citizens", bad, key="standin-5")
    assert first == again
    assert first[1]["error"]["fields"] == {"date_of_birth": "not a date (YYYY-MM-DD)"}


def test_events_update_the_citizen_and_a_dead_citizen_takes_no_more(
    clean_standin: Standin,
) -> None:
    _status, born = clean_standin.call("POST", "/citizens", birth_payload(6), key="standin-6")
    pin = born["pin"]
    correction = {"kind": "correction", "data": {"full_name": "Nguyễn Văn Sửa"}}
    death = {"kind": "death", "occurred_on": "2026-11-22"}
    assert (
        clean_standin.call("POST", f"/citizens/{pin}/events", correction, key="standin-7")[0] == 201
    )
    assert clean_standin.call("POST", f"/citizens/{pin}/events", death, key="standin-8")[0] == 201
    late = clean_standin.call("POST", f"/citizens/{pin}/events", correction, key="standin-9")
    assert (late[0], late[1]["error"]["code"]) == (409, "deceased")
    citizen = clean_standin.call("GET", f"/citizens/{pin}")[1]
    assert (citizen["full_name"], citizen["deceased_on"]) == ("Nguyễn Văn Sửa", "2026-11-22")
    assert [event["kind"] for event in citizen["events"]] == ["correction", "death"]


@pytest.mark.parametrize(
    "switches",
    [
        pytest.param({"error_rate": 2}, id="rate-above-one"),
        pytest.param({"latency_ms": -1}, id="negative-latency"),
        pytest.param({"drop_when": "sometimes"}, id="unknown-drop-when"),
        pytest.param({"colour": "red"}, id="unknown-switch"),
    ],
)
def test_control_refuses_bad_switches(clean_standin: Standin, switches: dict[str, object]) -> None:
    status, body = clean_standin.call("POST", "/_control", switches)
    assert status == 422
    assert list(body["error"]["fields"]) == list(switches)
    assert clean_standin.call("GET", "/_control")[1]["error_rate"] == 0.0


def test_injected_503_applies_nothing(clean_standin: Standin) -> None:
    before = clean_standin.count()
    clean_standin.control(error_rate=1)
    status, body = clean_standin.call("POST", "/citizens", birth_payload(7), key="standin-10")
    clean_standin.control()
    assert (status, body["error"]["code"]) == (503, "unavailable")
    assert clean_standin.count() == before


def test_a_batch_answers_each_item_as_if_it_had_been_sent_alone(clean_standin: Standin) -> None:
    # Given a birth already sent alone with a key
    alone = clean_standin.call("POST", "/citizens", birth_payload(5), key="batch-0")
    before = clean_standin.count()
    # When a batch repeats it and adds a new birth, a refused birth, an item with no key and one
    # for a path that is not a write
    items = [
        {"path": "/citizens", "idempotency_key": "batch-0", "body": birth_payload(5)},
        {"path": "/citizens", "idempotency_key": "batch-1", "body": birth_payload(6)},
        {"path": "/citizens", "idempotency_key": "batch-2", "body": birth_payload(7, sex="x")},
        {"path": "/citizens", "body": birth_payload(8)},
        {"path": "/citizens/count", "idempotency_key": "batch-4", "body": {}},
    ]
    status, body = clean_standin.call("POST", "/batch", {"requests": items})
    # Then each item has its own answer, in order, and only the new birth was created
    assert status == 200
    answers = body["answers"]
    assert [a["status"] for a in answers] == [201, 201, 422, 400, 404]
    assert (answers[0]["body"], answers[0]["replayed"]) == (alone[1], True)
    assert answers[1]["replayed"] is False
    assert answers[2]["body"]["error"]["fields"] == {"sex": "must be 'male' or 'female'"}
    assert answers[3]["body"]["error"]["code"] == "idempotency_key_required"
    assert clean_standin.count() == before + 1
    # And the new birth's key replays its answer when it is sent alone
    again = clean_standin.call("POST", "/citizens", birth_payload(6), key="batch-1")
    assert again == (201, answers[1]["body"])


def test_a_batch_applies_its_items_in_order(clean_standin: Standin) -> None:
    # Given a citizen
    _status, born = clean_standin.call("POST", "/citizens", birth_payload(9), key="order-0")
    pin = born["pin"]
    events = f"/citizens/{pin}/events"
    # When one batch corrects the name, then records the death, then corrects again
    items = [
        {
            "path": events,
            "idempotency_key": "order-1",
            "body": {"kind": "correction", "data": {"full_name": "Lê Thị Sửa"}},
        },
        {
            "path": events,
            "idempotency_key": "order-2",
            "body": {"kind": "death", "occurred_on": "2026-11-21"},
        },
        {
            "path": events,
            "idempotency_key": "order-3",
            "body": {"kind": "correction", "data": {"sex": "male"}},
        },
    ]
    _status, body = clean_standin.call("POST", "/batch", {"requests": items})
    # Then they were applied in that order: the last comes after the death and is refused
    assert [a["status"] for a in body["answers"]] == [201, 201, 409]
    citizen = clean_standin.call("GET", f"/citizens/{pin}")[1]
    assert (citizen["full_name"], citizen["deceased_on"]) == ("Lê Thị Sửa", "2026-11-21")


@pytest.mark.parametrize(
    "body",
    [pytest.param({"requests": []}, id="empty"), pytest.param({"requests": {}}, id="not-a-list")],
)
def test_a_batch_without_requests_is_refused(
    clean_standin: Standin, body: dict[str, object]
) -> None:
    status, answer = clean_standin.call("POST", "/batch", body)
    assert (status, answer["error"]["fields"]) == (422, {"requests": "a list of 1 to 500 requests"})
