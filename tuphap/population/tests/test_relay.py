"""The relay against the running stand-in: no message lost, no citizen created twice."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit
from tuphap.population import handlers, pins, relay
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import Standin, drain, enqueue_births, relay_config


def assert_each_sent_once(standin: Standin, messages: list[OutboxMessage], before: int) -> None:
    assert standin.count() == before + len(messages)
    rows = list(OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]))
    assert {row.status for row in rows} == {MessageStatus.SENT}
    answered = {row.response["pin"] for row in rows if row.response}
    assert len(answered) == len(messages)
    for row in rows:
        status, citizen = standin.call("GET", f"/citizens/{row.response['pin']}")  # type: ignore[index]
        assert status == 200
        assert citizen["request_key"] == str(row.idempotency_key)
        assert citizen["full_name"] == row.payload["full_name"]


@pytest.mark.parametrize(
    "switches",
    [
        pytest.param({}, id="no-fault"),
        pytest.param({"latency_ms": 15}, id="latency"),
        pytest.param({"error_rate": 0.4}, id="some-503s"),
        pytest.param({"drop_rate": 0.4, "drop_when": "before"}, id="some-drops-before"),
        pytest.param({"drop_rate": 0.4, "drop_when": "after"}, id="some-drops-after"),
        pytest.param({"error_rate": 0.2, "drop_rate": 0.3}, id="mixed"),
    ],
)
@pytest.mark.parametrize("batch_endpoint", [True, False], ids=["batch-requests", "one-per-message"])
def test_every_birth_creates_one_citizen_under_random_faults(
    clean_standin: Standin,
    province: AdministrativeUnit,
    switches: dict[str, Any],
    batch_endpoint: bool,
) -> None:
    # Given 10 births in the outbox and a stand-in with the faults on
    messages = enqueue_births(province, 10)
    before = clean_standin.count()
    clean_standin.control(**switches)
    # When the relay runs until nothing is pending
    drain(relay_config(clean_standin.url, batch_endpoint=batch_endpoint))
    # Then each birth created exactly one citizen and recorded its PIN
    clean_standin.control()
    assert_each_sent_once(clean_standin, messages, before)


@pytest.mark.parametrize(
    "switches",
    [
        pytest.param({"error_rate": 1}, id="all-503"),
        pytest.param({"drop_rate": 1, "drop_when": "before"}, id="all-dropped-before-applying"),
        pytest.param({"drop_rate": 1, "drop_when": "after"}, id="all-dropped-after-applying"),
    ],
)
@pytest.mark.parametrize("batch_endpoint", [True, False], ids=["batch-requests", "one-per-message"])
def test_a_failed_first_round_is_resent_without_duplicates(
    clean_standin: Standin,
    province: AdministrativeUnit,
    switches: dict[str, Any],
    batch_endpoint: bool,
) -> None:
    # Given 4 births, and a first relay run during which every request fails
    messages = enqueue_births(province, 4)
    before = clean_standin.count()
    clean_standin.control(**switches)
    stats = relay.run(relay_config(clean_standin.url, batch_endpoint=batch_endpoint), once=True)
    assert (stats.claimed, stats.sent, stats.retried) == (4, 0, 4)
    pending = OutboxMessage.objects.filter(status=MessageStatus.PENDING).count()
    assert pending == 4
    applied = clean_standin.count() - before
    assert applied == (4 if switches.get("drop_when") == "after" else 0)
    # When the faults stop and the relay runs again
    clean_standin.control()
    drain(relay_config(clean_standin.url, batch_endpoint=batch_endpoint))
    # Then the resent requests (same keys) did not create a second citizen
    assert_each_sent_once(clean_standin, messages, before)
    assert sorted(OutboxMessage.objects.values_list("attempts", flat=True)) == [2, 2, 2, 2]


def test_the_population_database_down_then_back_up(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    # Given 5 births and the stand-in stopped
    messages = enqueue_births(province, 5)
    before = clean_standin.count()
    clean_standin.stop()
    # When the relay runs while it is down
    stats = relay.run(relay_config(clean_standin.url), once=True)
    # Then every message waits with the connection error
    assert (stats.sent, stats.retried) == (0, 5)
    errors = set(OutboxMessage.objects.values_list("last_error", flat=True))
    assert all(error.startswith("ConnectionRefusedError") for error in errors)
    # When it is back (same port, same data) and the relay runs again
    clean_standin.start()
    drain(relay_config(clean_standin.url))
    # Then all are delivered once
    assert_each_sent_once(clean_standin, messages, before)


def test_no_answer_for_too_long_needs_reconciliation_and_retry_sends_it(
    clean_standin: Standin, world: Any
) -> None:
    # Given a birth that gets no answer past the time limit
    from tuphap.population import services

    [message] = enqueue_births(world.nghe_an, 1)
    before = clean_standin.count()
    clean_standin.control(drop_rate=1, drop_when="after")
    stats = relay.run(relay_config(clean_standin.url, give_up_after=0), once=True)
    message.refresh_from_db()
    assert (stats.unanswered, message.status) == (1, MessageStatus.NEEDS_RECONCILIATION)
    assert AuditEvent.objects.filter(action="population.message.unanswered").count() == 1
    # When a specialist retries it and the relay runs with the faults gone
    clean_standin.control()
    services.message_retry(actor=world.users["provincial_specialist"], message_id=message.pk)
    drain(relay_config(clean_standin.url))
    # Then the citizen created during the lost answer is the one recorded: no second one
    assert_each_sent_once(clean_standin, [message], before)


def test_a_refused_event_fails_permanently_and_an_accepted_one_is_sent(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    from django.db import transaction

    from tuphap.population import services

    [birth] = enqueue_births(province, 1)
    drain(relay_config(clean_standin.url))
    birth.refresh_from_db()
    pin = birth.response["pin"]  # type: ignore[index]
    with transaction.atomic():
        unknown = services.outbox_enqueue(
            kind="death",
            payload={"pin": "040226999999", "occurred_on": "2026-11-21"},
            subject=province,
        )
        death = services.outbox_enqueue(
            kind="death", payload={"pin": pin, "occurred_on": "2026-11-21"}, subject=province
        )
    stats = relay.run(relay_config(clean_standin.url), once=True)
    unknown.refresh_from_db()
    death.refresh_from_db()
    assert (stats.sent, stats.failed) == (1, 1)
    assert unknown.status == MessageStatus.FAILED_PERMANENTLY
    assert unknown.last_error.startswith("HTTP 404")
    assert death.status == MessageStatus.SENT
    assert death.response is not None
    assert (death.response["pin"], death.response["kind"]) == (pin, "death")
    assert clean_standin.call("GET", f"/citizens/{pin}")[1]["deceased_on"] == "2026-11-21"


def test_the_handler_gets_the_answer_in_the_same_transaction(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    # Given a handler that fails once, then records the PIN
    seen: list[tuple[int, str]] = []

    def record_pin(message: OutboxMessage, response: dict[str, Any]) -> None:
        if not seen and message.attempts == 1:
            seen.append((0, ""))
            raise RuntimeError("civil status is busy")
        seen.append((message.pk, response["pin"]))

    handlers.register("birth", record_pin)
    try:
        [message] = enqueue_births(province, 1)
        before = clean_standin.count()
        # When the relay delivers it twice (the first answer is rolled back with the handler)
        first = relay.run(relay_config(clean_standin.url), once=True)
        message.refresh_from_db()
        assert (first.sent, message.status) == (0, MessageStatus.PENDING)
        assert message.last_error == "handler: RuntimeError('civil status is busy')"
        drain(relay_config(clean_standin.url))
    finally:
        handlers.unregister("birth")
    # Then the handler saw the one PIN, and an audit row records the answer
    message.refresh_from_db()
    assert seen[1:] == [(message.pk, message.response["pin"])]  # type: ignore[index]
    assert pins.is_well_formed(seen[1][1])
    assert clean_standin.count() == before + 1
    audit = AuditEvent.objects.get(action="population.message.answered")
    assert (audit.actor_id, audit.object_id) == (None, str(message.pk))


def test_a_leased_row_is_not_claimed_until_its_lease_runs_out(
    province: AdministrativeUnit,
) -> None:
    import datetime

    from django.utils import timezone

    enqueue_births(province, 2)
    config = relay_config("http://127.0.0.1:9", lease_seconds=60, batch=1)
    first = relay.claim(config)
    other = relay_config("http://127.0.0.1:9", worker_id="other", batch=5, lease_seconds=120)
    second = relay.claim(other)
    assert len(first) == len(second) == 1
    assert first[0].pk != second[0].pk
    assert relay.claim(other) == []
    later = timezone.now() + datetime.timedelta(seconds=61)
    assert [m.pk for m in relay.claim(other, now=later)] == [first[0].pk]


@pytest.mark.parametrize(
    ("attempts", "ceiling"),
    [
        pytest.param(1, 1.0, id="first"),
        pytest.param(4, 8.0, id="fourth"),
        pytest.param(30, 300.0, id="capped"),
    ],
)
def test_backoff_is_full_jitter_under_the_capped_exponential(attempts: int, ceiling: float) -> None:
    delays = [relay.backoff_delay(attempts, base=1.0, cap=300.0) for _ in range(200)]
    assert all(0 <= delay <= ceiling for delay in delays)
    assert max(delays) > ceiling / 2


def test_a_handler_failing_in_a_batch_holds_back_only_its_own_message(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    # Given a handler that fails on the second of three births, once
    failed: list[int] = []
    recorded: list[int] = []
    [first, second, third] = enqueue_births(province, 3)

    def record_pin(message: OutboxMessage, response: dict[str, Any]) -> None:
        if message.pk == second.pk and not failed:
            failed.append(message.pk)
            raise RuntimeError("civil status is busy")
        recorded.append(message.pk)

    handlers.register("birth", record_pin)
    try:
        # When one relay run sends the three in one batch
        stats = relay.run(relay_config(clean_standin.url, batch=10), once=True)
    finally:
        handlers.unregister("birth")
    # Then the two others are sent (their handler's work, rolled back with the batch, done
    # again), and the second waits to be resent, with the handler's error
    assert (stats.claimed, stats.sent, stats.retried) == (3, 2, 1)
    assert recorded[-2:] == [first.pk, third.pk]
    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: MessageStatus.SENT,
        second.pk: MessageStatus.PENDING,
        third.pk: MessageStatus.SENT,
    }
    second.refresh_from_db()
    assert second.last_error == "handler: RuntimeError('civil status is busy')"
    answered = AuditEvent.objects.filter(action="population.message.answered")
    assert sorted(answered.values_list("object_id", flat=True)) == sorted(
        [str(first.pk), str(third.pk)]
    )


def test_the_events_of_one_citizen_stay_in_order_in_one_part_of_the_batch(
    province: AdministrativeUnit,
) -> None:
    from django.db import transaction

    from tuphap.population import services

    # Given a batch mixing births with a correction then a death of one citizen
    births = enqueue_births(province, 4)
    with transaction.atomic():
        correction = services.outbox_enqueue(
            kind="correction",
            payload={"pin": "040226000001", "data": {"full_name": "Lê Thị Sửa"}},
            subject=province,
        )
        death = services.outbox_enqueue(
            kind="death",
            payload={"pin": "040226000001", "occurred_on": "2026-11-21"},
            subject=province,
        )
    batch = [births[0], correction, births[1], births[2], death, births[3]]
    # When it is cut for sending concurrently
    chains = relay.chains(batch)
    parts = relay.groups(batch, 3)
    # Then the citizen's two events are one chain, in order, and in one part, in order
    assert [correction, death] in chains
    assert len(chains) == 5
    [holding] = [part for part in parts if correction in part]
    assert holding.index(correction) < holding.index(death)
    assert sorted(m.pk for part in parts for m in part) == sorted(m.pk for m in batch)
    assert len(parts) <= 3


def test_a_relay_config_refuses_no_concurrency() -> None:
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        relay_config("http://127.0.0.1:9", concurrency=0)


def test_a_batch_handler_is_called_once_per_batch_and_a_message_it_keeps_failing_on_waits(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    # Given a batch handler that always fails on the second of three births
    calls: list[list[int]] = []
    [first, second, third] = enqueue_births(province, 3)

    def record_pins(answers: list[tuple[Any, dict[str, Any]]]) -> None:
        calls.append([message.pk for message, _response in answers])
        assert all(isinstance(response["pin"], str) for _message, response in answers)
        if second.pk in calls[-1]:
            raise RuntimeError("civil status is busy")

    handlers.register_many("birth", record_pins)
    try:
        # When one relay run sends the three in one batch
        stats = relay.run(relay_config(clean_standin.url, batch=10), once=True)
    finally:
        handlers.unregister("birth")
    # Then the handler was called once with the batch, then once per message (it cannot say
    # which message it failed on), and only the second waits to be resent
    assert calls == [[first.pk, second.pk, third.pk], [first.pk], [second.pk], [third.pk]]
    assert (stats.claimed, stats.sent, stats.retried) == (3, 2, 1)
    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: MessageStatus.SENT,
        second.pk: MessageStatus.PENDING,
        third.pk: MessageStatus.SENT,
    }
    second.refresh_from_db()
    assert second.last_error == "handler: RuntimeError('civil status is busy')"


def test_a_batch_is_recorded_as_one_message_at_a_time_would_be(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    from django.db import transaction

    from tuphap.core import audit, context

    # Given two births sent in one batch, under a command's context
    [first, second] = enqueue_births(province, 2)
    with context.channel("command") as request:
        relay.run(relay_config(clean_standin.url, batch=10), once=True)
    # Then each row holds its answer, and its audit row is the one audit.record writes
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == MessageStatus.SENT
    assert first.response["pin"] != second.response["pin"]  # type: ignore[index]
    assert (first.claimed_by, first.lease_expires_at, first.last_error) == ("", None, "")
    assert first.sent_at is not None
    rows = AuditEvent.objects.filter(action="population.message.answered").order_by("id")
    with context.bound(request), transaction.atomic():
        expected = audit.record(
            actor=None,
            action="population.message.answered",
            obj=first,
            data={"kind": "birth", "attempts": 1, "response": first.response},
        )
    fields = [
        "actor_id",
        "actor_username",
        "agency_id",
        "object_type",
        "object_id",
        "object_label",
        "data",
        "request_id",
        "client_address",
        "channel",
    ]
    expected.refresh_from_db()
    assert [getattr(rows[0], name) for name in fields] == [
        getattr(expected, name) for name in fields
    ]
    assert rows[1].object_id == str(second.pk)
    assert rows[0].occurred_at <= expected.occurred_at


def test_a_row_another_relay_took_over_is_not_recorded(province: AdministrativeUnit) -> None:
    from tuphap.population.client import Answer

    # Given two rows claimed by this relay, one of which another relay took over meanwhile
    # (its lease ran out)
    enqueue_births(province, 2)
    config = relay_config("http://127.0.0.1:9", batch=2)
    first, second = relay.claim(config)
    OutboxMessage.objects.filter(pk=second.pk).update(claimed_by="other")
    # When both answers are recorded
    stats = relay.RelayStats()
    relay.record_batch(
        [
            (first, Answer("ok", 201, {"pin": "040226000001"})),
            (second, Answer("ok", 201, {"pin": "040226000002"})),
        ],
        config,
        stats,
    )
    # Then only this relay's row is sent and audited; the other is left to its holder
    assert (stats.sent, stats.lost_lease) == (1, 1)
    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {first.pk: MessageStatus.SENT, second.pk: MessageStatus.PENDING}
    assert OutboxMessage.objects.get(pk=second.pk).claimed_by == "other"
    audited = AuditEvent.objects.filter(action="population.message.answered")
    assert list(audited.values_list("object_id", flat=True)) == [str(first.pk)]


def test_a_claimed_row_reads_as_its_model_instance(province: AdministrativeUnit) -> None:
    import uuid

    # Given a correction about a citizen
    from django.db import transaction

    from tuphap.population import services

    with transaction.atomic():
        message = services.outbox_enqueue(
            kind="correction",
            payload={"pin": "040226000001", "data": {"full_name": "Lê Thị Sửa"}},
            subject=province,
        )
    # When it is claimed
    [claimed] = relay.claim(relay_config("http://127.0.0.1:9"))
    # Then the claimed row gives what the model instance gives, and the request sent
    message.refresh_from_db()
    assert (claimed.pk, claimed.kind, claimed.attempts) == (message.pk, "correction", 1)
    assert (claimed.subject_type, claimed.subject_id) == (message.subject_type, message.subject_id)
    assert claimed.pin == "040226000001"
    assert claimed.payload == message.payload
    assert uuid.UUID(claimed.idempotency_key) == message.idempotency_key
    path, key, body = claimed.request()
    assert (path, key) == ("/citizens/040226000001/events", str(message.idempotency_key))
    assert json.loads(body) == {
        "kind": "correction",
        "data": {"full_name": "Lê Thị Sửa"},
        "registered_on": message.payload["registered_on"],
    }
    instance = claimed.instance()
    assert instance is not None
    assert (instance.claimed_by, instance.attempts) == ("test-relay", 1)


def test_the_claim_reads_the_due_rows_index_not_the_whole_backlog(
    province: AdministrativeUnit,
) -> None:
    """A backlog (an outage) must not make every claim read and sort all of it: the plan takes
    the partial index of pending rows in the order they fell due."""
    import datetime

    from django.db import connection
    from django.utils import timezone

    from tuphap.population.models import DUE_INDEX

    # Given a backlog of 3,000 pending rows among 3,000 sent ones, with the statistics each
    # database has in service (autovacuum's on PostgreSQL; none on SQLite, where nothing runs
    # ANALYZE)
    [base] = enqueue_births(province, 1)
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=base.kind,
            payload=base.payload,
            subject_type=base.subject_type,
            subject_id=str(number),
            province=province,
            registered_on=base.registered_on,
            status=MessageStatus.PENDING if number % 2 else MessageStatus.SENT,
        )
        for number in range(6000)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {connection.ops.quote_name(OutboxMessage._meta.db_table)}")
        # When the database plans the claim
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        lease = connection.ops.adapt_datetimefield_value(
            timezone.now() + datetime.timedelta(seconds=60)
        )
        explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
        cursor.execute(f"{explain} {relay.claim_sql()}", ["w", lease, now, now, 100])
        plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
    # Then it reads that index, in its order: no sort of the backlog (SQLite's temporary tree,
    # PostgreSQL's Sort; its incremental sort orders only rows due at the same instant)
    assert DUE_INDEX in plan
    assert "TEMP B-TREE" not in plan.upper()
    assert re.search(r"(?<!Incremental )Sort +\(cost", plan) is None, plan
    assert len(relay.claim(relay_config("http://127.0.0.1:9", batch=100))) == 100
