"""The relay: delivers outbox messages to the population database, at least once.

Each round claims a batch of due rows in a short transaction (``SELECT … FOR UPDATE SKIP LOCKED``
on PostgreSQL; on SQLite the IMMEDIATE transaction serialises claimers), leasing them to this
worker. Each message is then sent with its idempotency key, outside any transaction, and its
outcome recorded in its own transaction, only if the row is still leased to this worker:

* an answer → ``sent``, the answer stored, the kind's handler called, an audit row;
* a refusal (a 4xx that resending cannot fix) → ``failed_permanently``;
* no answer (5xx, timeout, refused or dropped connection) → back to ``pending`` after an
  exponential back-off with full jitter, or ``needs_reconciliation`` once the message has gone
  unanswered for ``give_up_after`` seconds.

A relay killed mid-batch leaves its rows leased; they are claimable again when the lease runs
out, and resending them is harmless because the population database answers a repeated key
with the first answer.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import os
import random
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
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
            "batch": int(_setting("POPULATION_RELAY_BATCH", 50)),
            "lease_seconds": _setting("POPULATION_RELAY_LEASE_SECONDS", 120),
            "backoff_base": _setting("POPULATION_RELAY_BACKOFF_BASE_SECONDS", 1),
            "backoff_cap": _setting("POPULATION_RELAY_BACKOFF_CAP_SECONDS", 300),
            "give_up_after": _setting("POPULATION_RELAY_GIVE_UP_AFTER_SECONDS", 24 * 3600),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)


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


def claim(
    config: RelayConfig,
    *,
    now: datetime.datetime | None = None,
    due_by: datetime.datetime | None = None,
) -> list[OutboxMessage]:
    """Lease up to ``config.batch`` messages due by ``due_by`` (default now) to this worker, in
    one short transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        due = (
            OutboxMessage.objects.filter(
                status=MessageStatus.PENDING, next_attempt_at__lte=due_by or now
            )
            .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now))
            .order_by("next_attempt_at", "id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[: config.batch])
        if not ids:
            return []
        OutboxMessage.objects.filter(id__in=ids).update(
            claimed_by=config.worker_id,
            lease_expires_at=now + datetime.timedelta(seconds=config.lease_seconds),
            attempts=F("attempts") + 1,
        )
    return list(
        OutboxMessage.objects.filter(id__in=ids, claimed_by=config.worker_id).order_by(
            "next_attempt_at", "id"
        )
    )


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


def record_failure(
    message: OutboxMessage, answer: Answer, config: RelayConfig, *, retryable: bool
) -> str | None:
    """Back off, give up to reconciliation, or fail for good. Returns the new status."""
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
    with transaction.atomic():
        if not _ours(message, config.worker_id).update(**changes):
            return None
        for name, value in changes.items():
            setattr(message, name, value)
        if message.status != MessageStatus.PENDING:
            audit.record(
                actor=None,
                action=(
                    "population.message.failed"
                    if message.status == MessageStatus.FAILED_PERMANENTLY
                    else "population.message.unanswered"
                ),
                obj=message,
                data={
                    "kind": message.kind,
                    "attempts": message.attempts,
                    "error": message.last_error,
                },
            )
    return str(message.status)


def release(messages: list[OutboxMessage], worker_id: str) -> None:
    """Give back leased rows this worker will not send (graceful stop)."""
    OutboxMessage.objects.filter(
        id__in=[m.pk for m in messages], status=MessageStatus.PENDING, claimed_by=worker_id
    ).update(claimed_by="", lease_expires_at=None, attempts=F("attempts") - 1)


def deliver(message: OutboxMessage, client: Client, config: RelayConfig, stats: RelayStats) -> None:
    answer = client.deliver(
        kind=message.kind, payload=message.payload, idempotency_key=str(message.idempotency_key)
    )
    if answer.outcome == "ok":
        try:
            recorded = record_answer(message, answer, config.worker_id)
        except Exception as error:
            # The handler failed: the answer is not recorded, so the message is resent later
            # and the population database replays the same answer.
            logger.exception("handler for message %s failed", message.pk)
            failed = Answer("retry", answer.status, answer.body, f"handler: {error!r}")
            status = record_failure(message, failed, config, retryable=True)
            stats.retried += status == MessageStatus.PENDING
            stats.unanswered += status == MessageStatus.NEEDS_RECONCILIATION
            return
        if recorded:
            stats.sent += 1
        else:
            stats.lost_lease += 1
        return
    status = record_failure(message, answer, config, retryable=answer.outcome == "retry")
    if status is None:
        stats.lost_lease += 1
    elif status == MessageStatus.PENDING:
        stats.retried += 1
    elif status == MessageStatus.NEEDS_RECONCILIATION:
        stats.unanswered += 1
    else:
        stats.failed += 1


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
    client = Client(config.base_url, timeout=config.timeout)
    try:
        while not stop.is_set():
            batch = claim(config, due_by=started if once else None)
            if not batch:
                if once:
                    break
                wait = _seconds_to_next_due(timezone.now())
                stop.wait(config.idle_seconds if wait is None else min(wait, config.idle_seconds))
                continue
            stats.claimed += len(batch)
            for index, message in enumerate(batch):
                if stop.is_set():
                    release(batch[index:], config.worker_id)
                    break
                deliver(message, client, config, stats)
    finally:
        client.close()
    return stats
