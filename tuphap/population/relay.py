"""The relay: delivers outbox messages to the population database, at least once.

Each round claims a batch of due rows in one short transaction (one ``SELECT … FOR UPDATE SKIP
LOCKED`` of the rows and one ``UPDATE`` of their lease on PostgreSQL; on SQLite the IMMEDIATE
transaction serialises claimers), leasing them to this worker. The batch is then sent outside
any transaction over ``concurrency`` keep-alive connections at once, each message with its
idempotency key. Messages about the same citizen (events carrying the same PIN) go one after
another over one connection, in the batch's order, so a correction never overtakes the death
registered before it. The answers of the whole batch are then recorded in one transaction, only
for the rows still leased to this worker:

* an answer → ``sent``, the answer stored, the kind's handler called, an audit row;
* a refusal (a 4xx that resending cannot fix) → ``failed_permanently``, an audit row;
* no answer (5xx, timeout, refused or dropped connection) → back to ``pending`` after an
  exponential back-off with full jitter, or ``needs_reconciliation`` (audit row) once the
  message has gone unanswered for ``give_up_after`` seconds.

If a handler raises, that batch's transaction is rolled back whole and its answers are recorded
again one message per transaction, as before batching: the failing message goes back to
``pending`` (resent later, the population database replays the same answer) and the others are
recorded with their handler called again (its first effects were rolled back with the rest).

A relay killed mid-batch leaves its rows leased; they are claimable again when the lease runs
out, and resending them is harmless because the population database answers a repeated key
with the first answer. Asked to stop, the relay sends nothing more, waits for the requests in
flight, records their answers and gives the unsent rows of the batch back.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import os
import random
import socket
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from tuphap.core import audit
from tuphap.population import handlers
from tuphap.population.client import Answer, Client
from tuphap.population.models import MessageStatus, OutboxMessage

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


def _from_rows(rows: list[Any]) -> list[OutboxMessage]:
    """Model instances from rows of every concrete column, converted as the ORM converts them."""
    meta = OutboxMessage._meta
    fields = list(meta.concrete_fields)
    compiler = OutboxMessage.objects.all().query.get_compiler(connection=connection)
    converters = compiler.get_converters([f.get_col(meta.db_table) for f in fields])
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    names = [f.attname for f in fields]
    return [OutboxMessage.from_db(connection.alias, names, row) for row in rows]


def claim(
    config: RelayConfig,
    *,
    now: datetime.datetime | None = None,
    due_by: datetime.datetime | None = None,
) -> list[OutboxMessage]:
    """Lease up to ``config.batch`` messages due by ``due_by`` (default now) to this worker with
    one statement: ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) RETURNING``
    (PostgreSQL skips the rows another relay holds; on SQLite the IMMEDIATE transaction
    serialises claimers). Returned in the order they fell due."""
    now = now or timezone.now()
    lease = now + datetime.timedelta(seconds=config.lease_seconds)
    quote, column, table = _sql()
    skip_locked = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    returned = ", ".join(quote(f.column) for f in OutboxMessage._meta.concrete_fields)
    pk, status, due, leased = (
        column("id"),
        column("status"),
        column("next_attempt_at"),
        column("lease_expires_at"),
    )
    # The literal status lets both databases use the partial index of due rows.
    sql = (
        f"UPDATE {table} SET {column('claimed_by')} = %s, {leased} = %s,"  # noqa: S608 - names from the model
        f" {column('attempts')} = {column('attempts')} + 1"
        f" WHERE {pk} IN (SELECT {pk} FROM {table} WHERE {status} = '{MessageStatus.PENDING}'"
        f" AND {due} <= %s AND ({leased} IS NULL OR {leased} <= %s)"
        f" ORDER BY {due}, {pk} LIMIT %s{skip_locked}) RETURNING {returned}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql, [config.worker_id, adapt(lease), adapt(due_by or now), adapt(now), config.batch]
        )
        rows = cursor.fetchall()
    return sorted(_from_rows(rows), key=lambda m: (m.next_attempt_at, m.pk))


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


def release(messages: list[OutboxMessage], worker_id: str) -> None:
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
    message: OutboxMessage,
    answer: Answer,
    config: RelayConfig,
    stats: RelayStats,
    *,
    handler_error: BaseException | None = None,
) -> None:
    """Record one answer in its own transaction (``handler_error``: the handler already failed
    on this answer, so it is not called again and the message waits to be resent)."""
    if answer.outcome == "ok" and handler_error is None:
        try:
            recorded = record_answer(message, answer, config.worker_id)
        except Exception as error:
            logger.exception("handler for message %s failed", message.pk)
            handler_error = error
        else:
            _count(stats, MessageStatus.SENT if recorded else None)
            return
    if handler_error is not None:
        # The handler failed: the answer is not recorded, so the message is resent later
        # and the population database replays the same answer.
        answer = Answer("retry", answer.status, answer.body, f"handler: {handler_error!r}")
    status = record_failure(message, answer, config, retryable=answer.outcome == "retry")
    _count(stats, status)


class _HandlerFailed(Exception):
    def __init__(self, message: OutboxMessage, error: Exception) -> None:
        super().__init__(f"handler for message {message.pk} failed: {error!r}")
        self.message = message
        self.error = error


_SENT_FIELDS = ("status", "response", "sent_at", "claimed_by", "lease_expires_at", "last_error")


def _write_sent(messages: list[OutboxMessage]) -> None:
    """One parametrised UPDATE run for every answered row (``executemany``: one prepared
    statement, pipelined on PostgreSQL), the values prepared by the model's own fields (those
    the rows share once). The rows are held by the caller's transaction."""
    if not messages:
        return
    meta = OutboxMessage._meta
    fields = [meta.get_field(name) for name in _SENT_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)  # type: ignore[union-attr]
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names from the model
    first = messages[0]
    shared = [f.get_db_prep_save(getattr(first, f.attname), connection) for f in fields]  # type: ignore[union-attr]
    response = meta.get_field("response")
    at = _SENT_FIELDS.index("response")
    rows = []
    for message in messages:
        row = [*shared, message.pk]
        row[at] = response.get_db_prep_save(message.response, connection)
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def record_batch(
    results: list[tuple[OutboxMessage, Answer]], config: RelayConfig, stats: RelayStats
) -> None:
    """Record the answers of one batch in one transaction: one UPDATE for the answered rows,
    the handlers, one UPDATE per failed row, one INSERT of the audit rows. A handler that
    raises rolls the whole transaction back; the batch is then recorded message by message."""
    if not results:
        return
    try:
        statuses = _record_together(results, config)
    except _HandlerFailed as failed:
        logger.exception("handler for message %s failed", failed.message.pk)
        for message, answer in results:
            error = failed.error if message is failed.message else None
            record_one(message, answer, config, stats, handler_error=error)
        return
    for status in statuses:
        _count(stats, status)


def _held(ids: list[int], worker_id: str) -> set[int]:
    """Which of ``ids`` are still pending and leased to this worker, locked on PostgreSQL until
    the transaction ends (SQLite's IMMEDIATE transaction already excludes other writers)."""
    _quote, column, table = _sql()
    marks = ", ".join(["%s"] * len(ids))
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column('id')} FROM {table} WHERE {column('id')} IN ({marks})"  # noqa: S608 - names from the model
            f" AND {column('status')} = %s AND {column('claimed_by')} = %s{lock}",
            [*ids, MessageStatus.PENDING, worker_id],
        )
        return {row[0] for row in cursor.fetchall()}


def _insert_audit(rows: list[tuple[OutboxMessage, str, dict[str, Any]]]) -> None:
    """The rows ``audit.record(actor=None, action, obj=message, data)`` writes, one each, in
    one INSERT inside the caller's transaction (``audit.record_many``)."""
    audit.record_many(
        actor=None, entries=[(action, message, data) for message, action, data in rows]
    )


def _record_together(
    results: list[tuple[OutboxMessage, Answer]], config: RelayConfig
) -> list[str | None]:
    statuses: list[str | None] = []
    with transaction.atomic():
        ours = _held([message.pk for message, _answer in results], config.worker_id)
        now = timezone.now()
        sent: list[tuple[OutboxMessage, Answer]] = []
        events: list[tuple[OutboxMessage, str, dict[str, Any]]] = []
        for message, answer in results:
            if message.pk not in ours:
                statuses.append(None)
            elif answer.outcome == "ok":
                message.status = MessageStatus.SENT
                message.response = answer.body
                message.sent_at = now
                message.claimed_by = ""
                message.lease_expires_at = None
                message.last_error = ""
                sent.append((message, answer))
                statuses.append(str(message.status))
            else:
                changes = _failure_changes(
                    message, answer, config, retryable=answer.outcome == "retry"
                )
                _ours(message, config.worker_id).update(**changes)
                for name, value in changes.items():
                    setattr(message, name, value)
                ended = _failure_audit(message)
                if ended is not None:
                    events.append((message, *ended))
                statuses.append(str(message.status))
        _write_sent([message for message, _answer in sent])
        for message, answer in sent:
            handler = handlers.get(message.kind)
            if handler is not None:
                try:
                    handler(message, answer.body or {})
                except Exception as error:
                    raise _HandlerFailed(message, error) from error
            events.append(
                (
                    message,
                    "population.message.answered",
                    {"kind": message.kind, "attempts": message.attempts, "response": answer.body},
                )
            )
        _insert_audit(events)
    return statuses


def _ordering_key(message: OutboxMessage) -> str:
    """Messages with the same key are sent one after another: the events of one citizen."""
    pin = message.payload.get("pin") if isinstance(message.payload, dict) else None
    return f"pin:{pin}" if pin else f"message:{message.pk}"


def chains(batch: list[OutboxMessage]) -> list[list[OutboxMessage]]:
    """The batch cut into chains sent concurrently; each keeps the batch's order."""
    grouped: dict[str, list[OutboxMessage]] = {}
    for message in batch:
        grouped.setdefault(_ordering_key(message), []).append(message)
    return list(grouped.values())


def groups(batch: list[OutboxMessage], count: int) -> list[list[OutboxMessage]]:
    """The batch cut into at most ``count`` parts of about the same size, one ``POST /batch``
    each, sent concurrently; a chain stays whole in one part, and each part keeps the batch's
    order (the population database applies a batch's items in order)."""
    position = {message.pk: index for index, message in enumerate(batch)}
    size = -(-len(batch) // count)
    parts: list[list[OutboxMessage]] = [[]]
    for chain in chains(batch):
        if len(parts[-1]) >= size:
            parts.append([])
        parts[-1].extend(chain)
    return [sorted(part, key=lambda m: position[m.pk]) for part in parts if part]


@dataclass
class Flight:
    """A batch being sent."""

    batch: list[OutboxMessage]
    futures: list[Future[list[tuple[OutboxMessage, Answer]]]]
    stop: threading.Event

    def collect(self) -> tuple[list[tuple[OutboxMessage, Answer]], list[OutboxMessage]]:
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
        self, chain: list[OutboxMessage], stop: threading.Event
    ) -> list[tuple[OutboxMessage, Answer]]:
        client = self._client()
        answered: list[tuple[OutboxMessage, Answer]] = []
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
        self, group: list[OutboxMessage], stop: threading.Event
    ) -> list[tuple[OutboxMessage, Answer]]:
        if stop.is_set():
            return []
        answers = self._client().deliver_many(
            [(m.kind, m.payload, str(m.idempotency_key)) for m in group]
        )
        return list(zip(group, answers, strict=True))

    def start(self, batch: list[OutboxMessage], stop: threading.Event) -> Flight:
        """Start sending the batch; the answers are collected with ``Flight.collect``."""
        futures: list[Future[list[tuple[OutboxMessage, Answer]]]]
        if self.config.batch_endpoint:
            parts = groups(batch, self.config.concurrency)
            futures = [self._pool.submit(self._send_group, part, stop) for part in parts]
        else:
            futures = [self._pool.submit(self._send_chain, c, stop) for c in chains(batch)]
        return Flight(batch, futures, stop)

    def send(
        self, batch: list[OutboxMessage], stop: threading.Event
    ) -> tuple[list[tuple[OutboxMessage, Answer]], list[OutboxMessage]]:
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
