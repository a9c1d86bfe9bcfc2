"""The relay: delivers outbox messages to the population database, at least once.

Each round claims a batch of due rows in one short transaction (one ``SELECT … FOR UPDATE SKIP
LOCKED`` of the rows and one ``UPDATE`` of their lease on PostgreSQL; on SQLite the IMMEDIATE
transaction serialises claimers), leasing them to this worker. The batch is then sent outside
any transaction over ``concurrency`` keep-alive connections at once, each message with its
idempotency key. Messages about the same citizen (events carrying the same PIN) go one after
another over one connection, in the batch's order, so a correction never overtakes the death
registered before it. The answers of the whole batch are then recorded in one transaction, only
for the rows still leased to this worker, with set-based statements (issue 17): one
``UPDATE … FROM (VALUES (id, answer), …) … RETURNING id`` marks the answered rows sent and says
which are still ours, the audit rows go in one prepared INSERT (``core.inserts.insert_rows``),
and a kind's batch handler (``handlers.register_many`` / ``batch_form``) is called once per batch.
The hot path makes no model instance: the claim reads the few columns it needs into ``Claimed``
rows, a birth is sent as its payload's stored JSON text, and an answer's JSON is encoded once for
the row and its audit row. What happens to each answer:

* an answer → ``sent``, the answer stored, the kind's handler called, an audit row;
* a refusal (a 4xx that resending cannot fix) → ``failed_permanently``, an audit row;
* no answer (5xx, timeout, refused or dropped connection) → back to ``pending`` after an
  exponential back-off with full jitter, or ``needs_reconciliation`` (audit row) once the
  message has gone unanswered for ``give_up_after`` seconds.

If a handler raises, that batch's transaction is rolled back whole and its answers are recorded
again one message per transaction, as before batching: the failing message goes back to
``pending`` (resent later, the population database replays the same answer) and the others are
recorded with their handler called again (its first effects were rolled back with the rest). A
batch handler cannot say which message it failed on: every message of the batch is then recorded
in its own transaction with the handler called again on it alone, so only a message it keeps
failing on is held back.

A relay killed mid-batch leaves its rows leased; they are claimable again when the lease runs
out, and resending them is harmless because the population database answers a repeated key
with the first answer. Asked to stop, the relay sends nothing more, waits for the requests in
flight, records their answers and gives the unsent rows of the batch back.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import logging
import os
import random
import socket
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from tuphap.core import audit, context, inserts
from tuphap.core.models import AuditEvent
from tuphap.population import handlers
from tuphap.population.client import BIRTH_PATH, Answer, Client, request_for
from tuphap.population.models import DUE_INDEX, MessageStatus, OutboxMessage

logger = logging.getLogger("tuphap.population.relay")

_random = random.SystemRandom()


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


@dataclass(frozen=True)
class RelayConfig:
    base_url: str
    timeout: float
    worker_id: str
    batch: int = 50
    # Requests in flight at once (one keep-alive connection each).
    concurrency: int = 8
    # Send the batch as ``POST /batch`` requests (several messages each) rather than one
    # request per message (docs/population-protocol.md).
    batch_endpoint: bool = True
    lease_seconds: float = 120.0
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    give_up_after: float = 24 * 3600.0
    idle_seconds: float = 1.0

    @classmethod
    def from_settings(cls, **overrides: Any) -> RelayConfig:
        """Defaults from settings (``POPULATION_DB_URL``, ``POPULATION_DB_TIMEOUT_SECONDS`` and
        the optional ``POPULATION_RELAY_*``), then ``overrides`` that are not None."""
        values: dict[str, Any] = {
            "base_url": settings.POPULATION_DB_URL,
            "timeout": float(settings.POPULATION_DB_TIMEOUT_SECONDS),
            "worker_id": f"{socket.gethostname()}:{os.getpid()}",
            "batch": int(_setting("POPULATION_RELAY_BATCH", 100)),
            "concurrency": int(_setting("POPULATION_RELAY_CONCURRENCY", 8)),
            "batch_endpoint": bool(getattr(settings, "POPULATION_RELAY_BATCH_ENDPOINT", True)),
            "lease_seconds": _setting("POPULATION_RELAY_LEASE_SECONDS", 120),
            "backoff_base": _setting("POPULATION_RELAY_BACKOFF_BASE_SECONDS", 1),
            "backoff_cap": _setting("POPULATION_RELAY_BACKOFF_CAP_SECONDS", 300),
            "give_up_after": _setting("POPULATION_RELAY_GIVE_UP_AFTER_SECONDS", 24 * 3600),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)

    def __post_init__(self) -> None:
        if self.batch < 1:
            raise ValueError(f"batch must be at least 1, not {self.batch}")
        if self.concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {self.concurrency}")


@dataclass
class RelayStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unanswered: int = 0
    lost_lease: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in dataclasses.asdict(self).items() if isinstance(v, int)}


def backoff_delay(attempts: int, *, base: float, cap: float) -> float:
    """Full jitter: uniform in [0, min(cap, base·2^(attempts-1))]."""
    ceiling = min(cap, base * 2 ** max(attempts - 1, 0))
    return _random.uniform(0, ceiling)


def _sql() -> tuple[Any, Any, str]:
    """The quoting function, a column-name function of the outbox table, the quoted table."""
    meta = OutboxMessage._meta
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(str(meta.get_field(name).column))  # type: ignore[union-attr]

    return quote, column, quote(meta.db_table)


# What the claim reads of each row: what sending and recording it need, nothing more.
_CLAIMED = (
    "id",
    "kind",
    "payload",
    "idempotency_key",
    "attempts",
    "next_attempt_at",
    "subject_type",
    "subject_id",
)


@functools.cache
def _positions() -> dict[str, int]:
    """Where each field read by the claim is in its rows."""
    return {name: i for i, name in enumerate(_CLAIMED)}


_UNREAD = object()


def _key_text(value: Any) -> str:
    """The idempotency key as sent (``str`` of the UUID) from the column's value: a ``UUID`` on
    PostgreSQL, 32 hexadecimal digits on SQLite."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}".lower()
    return str(uuid.UUID(str(value)))


class Claimed:
    """A row leased by ``claim``, as the relay needs it to send and record it: the fields the
    claim read (the payload's JSON decoded at most once, the key as the text sent). No model
    instance is made unless one is needed (``instance()``: a handler that takes one message at a
    time, a failure)."""

    __slots__ = (
        "_payload",
        "attempts",
        "due",
        "idempotency_key",
        "kind",
        "payload_text",
        "pk",
        "row",
        "subject_id",
        "subject_type",
    )

    def __init__(self, row: tuple[Any, ...]) -> None:
        at = _positions()
        self.row = row
        self.pk: int = row[at["id"]]
        self.kind: str = row[at["kind"]]
        payload = row[at["payload"]]
        # The payload's JSON as stored (both databases give the text): decoded at most once,
        # and only when it is read; a birth is sent as the text itself.
        self.payload_text: str | None = payload if isinstance(payload, str) else None
        self._payload: Any = _UNREAD if isinstance(payload, str) else payload
        self.idempotency_key = _key_text(row[at["idempotency_key"]])
        self.attempts: int = row[at["attempts"]]
        self.due: Any = row[at["next_attempt_at"]]  # as stored: orders the batch
        self.subject_type: str = row[at["subject_type"]]
        self.subject_id: str = row[at["subject_id"]]

    @property
    def id(self) -> int:
        return self.pk

    @property
    def payload(self) -> Any:
        if self._payload is _UNREAD:
            self._payload = json.loads(self.payload_text)  # type: ignore[arg-type]
        return self._payload

    @property
    def pin(self) -> Any:
        """The payload's ``pin``: the citizen an event is about (None for a birth)."""
        if self._payload is _UNREAD and '"pin"' not in self.payload_text:  # type: ignore[operator]
            return None  # the key is not in the text: no need to decode it
        payload = self.payload
        return payload.get("pin") if isinstance(payload, dict) else None

    def request(self) -> tuple[str, str, str]:
        """The path, idempotency key and JSON body that deliver it (``client.request_for``)."""
        if self.kind == "birth" and self._payload is _UNREAD:
            return BIRTH_PATH, self.idempotency_key, self.payload_text  # type: ignore[return-value]
        path, body = request_for(self.kind, self.payload)
        return path, self.idempotency_key, json.dumps(body, ensure_ascii=False, sort_keys=True)

    def instance(self) -> OutboxMessage | None:
        """The row's model instance, read now, None if it is no longer there (one query: for
        the paths that are not the hot one; ``_instances`` reads those of many rows at once)."""
        return OutboxMessage.objects.filter(pk=self.pk).first()

    def __repr__(self) -> str:
        return f"<Claimed {self.kind} #{self.pk}>"


def claim_sql() -> str:
    """The claim's statement on this database; its parameters: the worker, the lease's end,
    the due time, now, the batch size."""
    quote, column, table = _sql()
    skip_locked = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    pk, status, due, leased = (
        column("id"),
        column("status"),
        column("next_attempt_at"),
        column("lease_expires_at"),
    )
    returned = ", ".join(column(name) for name in _CLAIMED)
    # The literal status lets both databases use the partial index of due rows, which gives
    # them in the order claimed: the statement reads the batch, not the backlog. SQLite's
    # planner, without statistics, would rather take the (status, province) index and sort
    # every pending row (6.8 ms a claim at a backlog of 20,000, against 0.22 ms): INDEXED BY
    # holds it to the due index, and fails loudly, not slowly, were that index ever gone.
    indexed_by = f" INDEXED BY {quote(DUE_INDEX)}" if connection.vendor == "sqlite" else ""
    return (
        f"UPDATE {table} SET {column('claimed_by')} = %s, {leased} = %s,"  # noqa: S608 - names from the model
        f" {column('attempts')} = {column('attempts')} + 1"
        f" WHERE {pk} IN (SELECT {pk} FROM {table}{indexed_by}"
        f" WHERE {status} = '{MessageStatus.PENDING}'"
        f" AND {due} <= %s AND ({leased} IS NULL OR {leased} <= %s)"
        f" ORDER BY {due}, {pk} LIMIT %s{skip_locked}) RETURNING {returned}"
    )


def claim(
    config: RelayConfig,
    *,
    now: datetime.datetime | None = None,
    due_by: datetime.datetime | None = None,
) -> list[Claimed]:
    """Lease up to ``config.batch`` messages due by ``due_by`` (default now) to this worker with
    one statement: ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) RETURNING``
    (PostgreSQL skips the rows another relay holds; on SQLite the IMMEDIATE transaction
    serialises claimers). Returned in the order they fell due."""
    now = now or timezone.now()
    lease = now + datetime.timedelta(seconds=config.lease_seconds)
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            claim_sql(),
            [config.worker_id, adapt(lease), adapt(due_by or now), adapt(now), config.batch],
        )
        claimed = [Claimed(row) for row in cursor.fetchall()]
    return sorted(claimed, key=lambda m: (m.due, m.pk))


def _ours(message: OutboxMessage, worker_id: str) -> QuerySet[OutboxMessage]:
    """The row, if it is still pending and leased to this worker. Updating through this filter
    is one conditional UPDATE: it takes the row lock on PostgreSQL, and a row re-claimed by
    another relay meanwhile is left alone."""
    return OutboxMessage.objects.filter(
        pk=message.pk, status=MessageStatus.PENDING, claimed_by=worker_id
    )


def record_answer(message: OutboxMessage, answer: Answer, worker_id: str) -> bool:
    """Mark the message sent and hand the answer to its kind's handler, atomically."""
    changes: dict[str, Any] = {
        "status": MessageStatus.SENT,
        "response": answer.body,
        "sent_at": timezone.now(),
        "claimed_by": "",
        "lease_expires_at": None,
        "last_error": "",
    }
    with transaction.atomic():
        if not _ours(message, worker_id).update(**changes):
            return False
        for name, value in changes.items():
            setattr(message, name, value)
        handler = handlers.get(message.kind)
        if handler is not None:
            handler(message, answer.body or {})
        audit.record(
            actor=None,
            action="population.message.answered",
            obj=message,
            data={"kind": message.kind, "attempts": message.attempts, "response": answer.body},
        )
    return True


def _failure_changes(
    message: OutboxMessage, answer: Answer, config: RelayConfig, *, retryable: bool
) -> dict[str, Any]:
    now = timezone.now()
    changes: dict[str, Any] = {
        "last_error": answer.error[:2000],
        "claimed_by": "",
        "lease_expires_at": None,
    }
    if not retryable:
        changes.update(status=MessageStatus.FAILED_PERMANENTLY, response=answer.body)
    elif (now - message.clock_started_at).total_seconds() >= config.give_up_after:
        changes["status"] = MessageStatus.NEEDS_RECONCILIATION
    else:
        delay = backoff_delay(message.attempts, base=config.backoff_base, cap=config.backoff_cap)
        changes.update(
            status=MessageStatus.PENDING,
            next_attempt_at=now + datetime.timedelta(seconds=delay),
        )
    return changes


def _failure_audit(message: OutboxMessage) -> tuple[str, dict[str, Any]] | None:
    """The audit action and data of a failure that ends the message's sending, or None."""
    if message.status == MessageStatus.PENDING:
        return None
    action = (
        "population.message.failed"
        if message.status == MessageStatus.FAILED_PERMANENTLY
        else "population.message.unanswered"
    )
    return action, {"kind": message.kind, "attempts": message.attempts, "error": message.last_error}


def record_failure(
    message: OutboxMessage, answer: Answer, config: RelayConfig, *, retryable: bool
) -> str | None:
    """Back off, give up to reconciliation, or fail for good. Returns the new status."""
    changes = _failure_changes(message, answer, config, retryable=retryable)
    with transaction.atomic():
        if not _ours(message, config.worker_id).update(**changes):
            return None
        for name, value in changes.items():
            setattr(message, name, value)
        ended = _failure_audit(message)
        if ended is not None:
            audit.record(actor=None, action=ended[0], obj=message, data=ended[1])
    return str(message.status)


def release(messages: list[Claimed], worker_id: str) -> None:
    """Give back leased rows this worker will not send (graceful stop)."""
    OutboxMessage.objects.filter(
        id__in=[m.pk for m in messages], status=MessageStatus.PENDING, claimed_by=worker_id
    ).update(claimed_by="", lease_expires_at=None, attempts=F("attempts") - 1)


def _count(stats: RelayStats, status: str | None) -> None:
    if status is None:
        stats.lost_lease += 1
    elif status == MessageStatus.SENT:
        stats.sent += 1
    elif status == MessageStatus.PENDING:
        stats.retried += 1
    elif status == MessageStatus.NEEDS_RECONCILIATION:
        stats.unanswered += 1
    else:
        stats.failed += 1


def record_one(
    message: Claimed,
    answer: Answer,
    config: RelayConfig,
    stats: RelayStats,
    *,
    handler_error: BaseException | None = None,
) -> None:
    """Record one answer in its own transaction (``handler_error``: the handler already failed
    on this answer, so it is not called again and the message waits to be resent)."""
    instance = message.instance()
    if instance is None:
        _count(stats, None)
        return
    if answer.outcome == "ok" and handler_error is None:
        try:
            recorded = record_answer(instance, answer, config.worker_id)
        except Exception as error:
            logger.exception("handler for message %s failed", message.pk)
            handler_error = error
            instance = message.instance() or instance
        else:
            _count(stats, MessageStatus.SENT if recorded else None)
            return
    if handler_error is not None:
        # The handler failed: the answer is not recorded, so the message is resent later
        # and the population database replays the same answer.
        answer = Answer("retry", answer.status, answer.body, f"handler: {handler_error!r}")
    status = record_failure(instance, answer, config, retryable=answer.outcome == "retry")
    _count(stats, status)


class _HandlerFailed(Exception):
    """A handler raised while a batch was recorded: on ``message``, or somewhere in a batch
    handler's call (``message`` None)."""

    def __init__(self, message: Claimed | None, error: Exception) -> None:
        where = "a batch handler" if message is None else f"the handler for message {message.pk}"
        super().__init__(f"{where} failed: {error!r}")
        self.message = message
        self.error = error


def record_batch(
    results: list[tuple[Claimed, Answer]], config: RelayConfig, stats: RelayStats
) -> None:
    """Record the answers of one batch in one transaction: one UPDATE of the answered rows still
    leased to this worker, their handlers, one UPDATE per failed row, the audit rows in one
    prepared INSERT. A handler that raises rolls the whole transaction back; the batch is then
    recorded message by message (the message it failed on, if known, is not handed to it
    again and waits to be resent)."""
    if not results:
        return
    try:
        statuses = _record_together(results, config)
    except _HandlerFailed as failed:
        logger.exception("%s", failed)
        for message, answer in results:
            error = failed.error if message is failed.message else None
            record_one(message, answer, config, stats, handler_error=error)
        return
    for status in statuses:
        _count(stats, status)


# An UPDATE … FROM (VALUES …) takes at most this many rows (two parameters each).
_CHUNK = 500


def _mark_sent(
    answered: list[tuple[Claimed, str | None]], now: datetime.datetime, worker_id: str
) -> set[int]:
    """Mark ``(message, its answer as JSON text)`` sent, the answer stored, with one UPDATE
    joined to the answers (PostgreSQL: ``FROM json_array_elements(%s)``, the answers one JSON
    parameter; SQLite: ``FROM (VALUES (id, answer), …)``, per ``_CHUNK`` rows) ``RETURNING
    id``, only the rows still pending and leased to this worker (the row lock taken on
    PostgreSQL until the transaction ends; a row re-claimed by another relay meanwhile is left
    alone). Returns the ids of the rows marked."""
    marked: set[int] = set()
    if not answered:
        return marked
    _quote, column, table = _sql()
    pk = f"{table}.{column('id')}"
    sets = (
        f"UPDATE {table} SET {column('status')} = %s,"  # noqa: S608 - names from the model
        f" {column('response')} = v.answer, {column('sent_at')} = %s,"
        f" {column('claimed_by')} = '', {column('lease_expires_at')} = NULL,"
        f" {column('last_error')} = ''"
    )
    ours = (
        f" WHERE {pk} = v.id AND {table}.{column('status')} = %s"
        f" AND {table}.{column('claimed_by')} = %s RETURNING {pk}"
    )
    sent_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The answers as one JSON array of [id, answer text] (json's C encoder), a
            # statement of fixed text: parsed once by psycopg, the server plans one join.
            key_type = OutboxMessage._meta.pk.rel_db_type(connection)  # type: ignore[attr-defined]
            cursor.execute(
                f"{sets} FROM (SELECT (e->>0)::{key_type} AS id, (e->>1)::jsonb AS answer"  # noqa: S608
                f" FROM json_array_elements(%s::json) AS e) AS v{ours}",
                [
                    MessageStatus.SENT,
                    sent_at,
                    json.dumps([[message.pk, text] for message, text in answered]),
                    MessageStatus.PENDING,
                    worker_id,
                ],
            )
            marked.update(row[0] for row in cursor.fetchall())
            return marked
        for start in range(0, len(answered), _CHUNK):
            chunk = answered[start : start + _CHUNK]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            params: list[Any] = [MessageStatus.SENT, sent_at]
            for message, text in chunk:
                params.append(message.pk)
                params.append(text)
            params += [MessageStatus.PENDING, worker_id]
            cursor.execute(
                f"{sets} FROM (SELECT column1 AS id, column2 AS answer"  # noqa: S608 - names
                f" FROM (VALUES {values})) AS v{ours}",
                params,
            )
            marked.update(row[0] for row in cursor.fetchall())
    return marked


def _instances(messages: list[Claimed]) -> dict[int, OutboxMessage]:
    """The model instances of ``messages``, read with one query."""
    return OutboxMessage.objects.in_bulk([message.pk for message in messages])


def _as_sent(instance: OutboxMessage, response: Any, now: datetime.datetime) -> OutboxMessage:
    """The model instance of a message just marked sent, for a handler of one message."""
    instance.status = MessageStatus.SENT
    instance.response = response
    instance.sent_at = now
    instance.claimed_by = ""
    instance.lease_expires_at = None
    instance.last_error = ""
    return instance


def _apply_handlers(
    delivered: list[tuple[Claimed, dict[str, Any]]], now: datetime.datetime
) -> None:
    """Each answered message's handler, in the batch's order: a batch handler once for each run
    of messages of its kind, a handler of one message once per message."""
    position = 0
    while position < len(delivered):
        kind = delivered[position][0].kind
        end = position
        while end < len(delivered) and delivered[end][0].kind == kind:
            end += 1
        run = delivered[position:end]
        position = end
        many = handlers.get_many(kind)
        if many is not None:
            try:
                many(list(run))
            except Exception as error:
                raise _HandlerFailed(None, error) from error
            continue
        one = handlers.get(kind)
        if one is None:
            continue
        instances = _instances([message for message, _response in run])
        for message, response in run:
            try:
                one(_as_sent(instances[message.pk], response, now), response)
            except Exception as error:
                raise _HandlerFailed(message, error) from error


_AUDIT_FIELDS = (
    "action",
    "object_type",
    "object_id",
    "object_label",
    "data",
    "request_id",
    "client_address",
    "channel",
)


def _record_together(
    results: list[tuple[Claimed, Answer]], config: RelayConfig
) -> list[str | None]:
    """The batch recorded in one transaction; the new status of each message, None for a row
    no longer leased to this worker."""
    now = timezone.now()
    request = context.current()
    label = OutboxMessage._meta.label_lower
    statuses: dict[int, str | None] = {}
    audit_rows: list[tuple[Any, ...]] = []
    answered: list[tuple[Claimed, Answer, str | None]] = []
    for message, answer in results:
        if answer.outcome == "ok":
            # The answer's JSON encoded once: stored on the row and in its audit row.
            text = None if answer.body is None else json.dumps(answer.body)
            answered.append((message, answer, text))
    with transaction.atomic():
        marked = _mark_sent([(m, text) for m, _a, text in answered], now, config.worker_id)
        delivered: list[tuple[Claimed, dict[str, Any]]] = []
        for message, answer, text in answered:
            if message.pk not in marked:
                statuses[message.pk] = None
                continue
            statuses[message.pk] = MessageStatus.SENT
            delivered.append((message, answer.body or {}))
            data = (
                f'{{"kind": {json.dumps(message.kind)}, "attempts": {int(message.attempts)},'
                f' "response": {"null" if text is None else text}}}'
            )
            audit_rows.append(
                (
                    "population.message.answered",
                    label,
                    str(message.pk),
                    f"{message.kind} {message.subject_type}#{message.subject_id}"
                    f" ({MessageStatus.SENT})"[:255],
                    data,
                    request.request_id,
                    request.client_address,
                    request.channel,
                )
            )
        failed = [(message, answer) for message, answer in results if answer.outcome != "ok"]
        instances = _instances([message for message, _answer in failed]) if failed else {}
        for message, answer in failed:
            instance = instances.get(message.pk)
            if instance is None:  # no longer there: nothing of ours to record
                statuses[message.pk] = None
                continue
            changes = _failure_changes(
                instance, answer, config, retryable=answer.outcome == "retry"
            )
            if not _ours(instance, config.worker_id).update(**changes):
                statuses[message.pk] = None
                continue
            for name, value in changes.items():
                setattr(instance, name, value)
            statuses[message.pk] = str(instance.status)
            ended = _failure_audit(instance)
            if ended is not None:
                audit_rows.append(
                    (
                        ended[0],
                        label,
                        str(message.pk),
                        str(instance)[:255],
                        json.dumps(ended[1]),
                        request.request_id,
                        request.client_address,
                        request.channel,
                    )
                )
        _apply_handlers(delivered, now)
        # The rows audit.record(actor=None, action, obj=message, data) would write, one each.
        inserts.insert_rows(AuditEvent, _AUDIT_FIELDS, audit_rows)
    return [statuses.get(message.pk) for message, _answer in results]


# What is cut into chains and parts: claimed rows (or model instances of them).
_M = TypeVar("_M", Claimed, OutboxMessage)


def _ordering_key(message: Claimed | OutboxMessage) -> str:
    """Messages with the same key are sent one after another: the events of one citizen."""
    if isinstance(message, Claimed):
        pin = message.pin
    else:
        pin = message.payload.get("pin") if isinstance(message.payload, dict) else None
    return f"pin:{pin}" if pin else f"message:{message.pk}"


def chains(batch: list[_M]) -> list[list[_M]]:
    """The batch cut into chains sent concurrently; each keeps the batch's order."""
    grouped: dict[str, list[_M]] = {}
    for message in batch:
        grouped.setdefault(_ordering_key(message), []).append(message)
    return list(grouped.values())


def groups(batch: list[_M], count: int) -> list[list[_M]]:
    """The batch cut into at most ``count`` parts of about the same size, one ``POST /batch``
    each, sent concurrently; a chain stays whole in one part, and each part keeps the batch's
    order (the population database applies a batch's items in order)."""
    position = {message.pk: index for index, message in enumerate(batch)}
    size = -(-len(batch) // count)
    parts: list[list[_M]] = [[]]
    for chain in chains(batch):
        if len(parts[-1]) >= size:
            parts.append([])
        parts[-1].extend(chain)
    return [sorted(part, key=lambda m: position[m.pk]) for part in parts if part]


@dataclass
class Flight:
    """A batch being sent."""

    batch: list[Claimed]
    futures: list[Future[list[tuple[Claimed, Answer]]]]
    stop: threading.Event

    def collect(self) -> tuple[list[tuple[Claimed, Answer]], list[Claimed]]:
        """Wait for the answers; returns them (in the batch's order) and the messages left
        unsent because ``stop`` was set (the parts not started are cancelled)."""
        answers: dict[int, Answer] = {}
        for future in self.futures:
            if self.stop.is_set():
                future.cancel()  # not started yet: nothing of it is sent
            if future.cancelled():
                continue
            for message, answer in future.result():
                answers[message.pk] = answer
        results = [(m, answers[m.pk]) for m in self.batch if m.pk in answers]
        unsent = [m for m in self.batch if m.pk not in answers]
        return results, unsent


class Sender:
    """``concurrency`` threads, each with its own keep-alive ``Client``: the batch goes as
    chains of single requests, or as parts of it in ``POST /batch`` requests."""

    def __init__(self, config: RelayConfig) -> None:
        self.config = config
        self._local = threading.local()
        self._clients: list[Client] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(
            max_workers=config.concurrency, thread_name_prefix="population-relay"
        )

    def _client(self) -> Client:
        client: Client | None = getattr(self._local, "client", None)
        if client is None:
            client = Client(self.config.base_url, timeout=self.config.timeout)
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def _send_chain(
        self, chain: list[Claimed], stop: threading.Event
    ) -> list[tuple[Claimed, Answer]]:
        client = self._client()
        answered: list[tuple[Claimed, Answer]] = []
        for message in chain:
            if stop.is_set():
                break
            answer = client.deliver(
                kind=message.kind,
                payload=message.payload,
                idempotency_key=str(message.idempotency_key),
            )
            answered.append((message, answer))
        return answered

    def _send_group(
        self, group: list[Claimed], stop: threading.Event
    ) -> list[tuple[Claimed, Answer]]:
        if stop.is_set():
            return []
        answers = self._client().deliver_encoded([m.request() for m in group])
        return list(zip(group, answers, strict=True))

    def start(self, batch: list[Claimed], stop: threading.Event) -> Flight:
        """Start sending the batch; the answers are collected with ``Flight.collect``."""
        futures: list[Future[list[tuple[Claimed, Answer]]]]
        if self.config.batch_endpoint:
            parts = groups(batch, self.config.concurrency)
            futures = [self._pool.submit(self._send_group, part, stop) for part in parts]
        else:
            futures = [self._pool.submit(self._send_chain, c, stop) for c in chains(batch)]
        return Flight(batch, futures, stop)

    def send(
        self, batch: list[Claimed], stop: threading.Event
    ) -> tuple[list[tuple[Claimed, Answer]], list[Claimed]]:
        return self.start(batch, stop).collect()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for client in self._clients:
                client.close()
            self._clients.clear()

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _seconds_to_next_due(now: datetime.datetime) -> float | None:
    upcoming = (
        OutboxMessage.objects.filter(status=MessageStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if upcoming is None:
        return None
    return max((upcoming - now).total_seconds(), 0.0)


def run(
    config: RelayConfig,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
) -> RelayStats:
    """Deliver until nothing can be sent now (``once``) or until ``stop`` is set.

    With ``once``, only messages due when the run started are claimed: a message that fails in
    this run and backs off is left for the next run, so a run ends even while the population
    database keeps failing."""
    stop = stop or threading.Event()
    started = timezone.now()
    stats = RelayStats()
    due_by = started if once else None
    with Sender(config) as sender:
        flight: Flight | None = None
        while not stop.is_set() or flight is not None:
            if flight is None:
                batch = claim(config, due_by=due_by)
                if not batch:
                    if once:
                        break
                    wait = _seconds_to_next_due(timezone.now())
                    stop.wait(
                        config.idle_seconds if wait is None else min(wait, config.idle_seconds)
                    )
                    continue
                stats.claimed += len(batch)
                flight = sender.start(batch, stop)
            results, unsent = flight.collect()
            # Pipelined: the next batch is claimed and on its way while this one is recorded.
            flight = None
            if not stop.is_set():
                following = claim(config, due_by=due_by)
                if following:
                    stats.claimed += len(following)
                    flight = sender.start(following, stop)
            record_batch(results, config, stats)
            if unsent:
                release(unsent, config.worker_id)
    return stats
