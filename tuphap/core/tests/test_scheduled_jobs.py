"""Each scheduled job does its app's real work when the worker runs it."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from tuphap.core import jobs, worker
from tuphap.core.models import AuditEvent, IdempotentRequest, JobState
from tuphap.places.models import AdministrativeUnit
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import (  # noqa: F401 - fixtures
    Standin,
    clean_standin,
    enqueue_births,
    province,
    standin,
)
from tuphap.statistics.indicators import TimeBehaviour
from tuphap.statistics.models import RollupCoverage
from tuphap.statistics.registry import registry

# 07:00 in Việt Nam on 21 November 2026: "yesterday" is the 20th, the births' registration day.
MORNING_AFTER = datetime.datetime(2026, 11, 21, 0, 0, tzinfo=datetime.UTC)


def _answer(key: str, created_at: datetime.datetime) -> None:
    IdempotentRequest.objects.create(
        client="c", key=key, fingerprint="f", method="POST", path="/api/v1/x", status=201
    )
    IdempotentRequest.objects.filter(key=key).update(created_at=created_at)


def test_the_purge_deletes_answers_past_the_window_and_audits_what_it_deleted(db: Any) -> None:
    now = timezone.now()
    _answer("old", now - datetime.timedelta(hours=25))
    _answer("recent", now - datetime.timedelta(hours=23))
    job = jobs.get("core.idempotent_requests_purge")

    first = worker.run_job(job, holder="w", now=now)
    second = worker.run_job(job, holder="w", now=now + job.interval)

    assert first is not None
    assert second is not None
    assert (first.result, second.result) == ({"deleted": 1}, {"deleted": 0})
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["recent"]
    event = AuditEvent.objects.get(action="core.idempotent_requests.purged")
    assert (event.actor, event.data) == (None, {"deleted": 1, "older_than_hours": 24})


def test_the_overdue_poller_job_records_its_counts(db: Any) -> None:
    outcome = worker.run_job(jobs.get("casework.overdue_poll"), holder="w")

    assert outcome is not None
    assert outcome.result == {"marked": 0, "notified": 0}
    assert JobState.objects.get(name="casework.overdue_poll").last_result == outcome.result


def test_the_rollup_job_refreshes_every_stored_indicator(db: Any) -> None:
    outcome = worker.run_job(jobs.get("statistics.rollup_refresh"), holder="w")

    assert outcome is not None
    stored = registry.stored()
    assert outcome.result == {"indicators": len(stored), "deleted": 0, "written": 0}
    # Thirteen months per indicator are now known to be computed, even those with no rows;
    # a month-end stock also the month before, its opening stock (ADR 0020).
    stocks = [indicator for indicator in stored if indicator.time is TimeBehaviour.STOCK_END]
    assert stocks
    assert RollupCoverage.objects.count() == 13 * len(stored) + len(stocks)


def test_the_relay_and_the_reconciliation_run_from_the_worker(
    clean_standin: Standin,  # noqa: F811 - the fixture imported above
    province: AdministrativeUnit,  # noqa: F811
    settings: Any,
) -> None:
    settings.POPULATION_DB_URL = clean_standin.url
    enqueue_births(province, 3)
    output = io.StringIO()

    call_command("run_worker", "--once", "--job", "population.relay", stdout=output)

    line = json.loads(output.getvalue().splitlines()[0])
    assert (line["job"], line["succeeded"], line["claimed"], line["sent"]) == (
        "population.relay",
        True,
        3,
        3,
    )
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}

    # The next morning the reconciliation compares the 20th: everything sent is held there.
    reconcile = jobs.get("population.reconcile")
    matched = worker.run_job(reconcile, holder="w", now=MORNING_AFTER)
    # A birth of that day that never went out is missing there.
    unsent = enqueue_births(province, 1)[0]
    missing = worker.run_job(reconcile, holder="w", now=MORNING_AFTER, force=True)

    assert matched is not None
    assert missing is not None
    assert matched.result == {"day": "2026-11-20", "differences": 0}
    assert missing.result == {"day": "2026-11-20", "differences": 1, "missing_there": 1}
    assert unsent.status == MessageStatus.PENDING


def test_the_reconciliation_fails_visibly_when_the_population_database_is_away(
    db: Any, settings: Any
) -> None:
    settings.POPULATION_DB_URL = "http://127.0.0.1:9"  # discard port: nothing listens

    outcome = worker.run_job(jobs.get("population.reconcile"), holder="w", now=MORNING_AFTER)

    assert outcome is not None
    assert not outcome.succeeded
    state = JobState.objects.get(name="population.reconcile")
    assert state.last_outcome == JobState.Outcome.FAILED
    assert "ReconciliationError: GET /citizens failed" in state.last_error
