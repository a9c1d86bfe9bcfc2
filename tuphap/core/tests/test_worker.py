"""The job schedule, its lock and ``manage.py run_worker``."""

from __future__ import annotations

import datetime
import io
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.utils import timezone, translation

from tuphap.core import jobs, worker
from tuphap.core.models import AuditEvent, JobState

NOON = datetime.datetime(2026, 12, 7, 5, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def schedule() -> Iterator[dict[str, jobs.Job]]:
    """The real schedule, restored after the test (tests add their own jobs to it)."""
    saved = dict(jobs.JOBS)
    yield jobs.JOBS
    jobs.JOBS.clear()
    jobs.JOBS.update(saved)


class Counting:
    """A job body that counts its runs and can be held inside until released."""

    def __init__(self, *, hold: bool = False, fail: str = "") -> None:
        self.runs = 0
        self.inside = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.fail = fail
        self.stops: list[bool] = []

    def __call__(self, run: jobs.Run) -> dict[str, Any]:
        self.runs += 1
        self.inside.set()
        assert self.release.wait(10), "the test never released the job"
        self.stops.append(run.stop.is_set())
        if self.fail:
            raise RuntimeError(self.fail)
        return {"runs": self.runs}


def add(schedule: dict[str, jobs.Job], body: Any, **options: Any) -> jobs.Job:
    values: dict[str, Any] = {"interval": 10 * MINUTE, "description": "test job"}
    values.update(options)
    return jobs.register(jobs.Job("test.job", body, **values))


def test_every_background_job_is_on_the_one_schedule() -> None:
    intervals = {job.name: job.interval for job in jobs.schedule()}

    assert intervals == {
        "casework.overdue_poll": datetime.timedelta(minutes=5),
        "casework.wait_snapshots": datetime.timedelta(days=1),
        "civil_status.register_books_close": datetime.timedelta(days=1),
        "core.idempotent_requests_purge": datetime.timedelta(hours=1),
        "population.reconcile": datetime.timedelta(hours=24),
        "population.relay": datetime.timedelta(seconds=5),
        "statistics.rollup_drain": datetime.timedelta(seconds=2),
        "statistics.rollup_refresh": datetime.timedelta(hours=1),
    }
    assert all(job.budget is None or job.budget < job.lease for job in jobs.schedule())


def test_list_prints_the_schedule() -> None:
    output = io.StringIO()
    with translation.override("en"):
        call_command("run_worker", "--list", stdout=output)

    lines = output.getvalue().splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(jobs.JOBS)
    assert "population.relay\tevery 5 s\tSend the due outbox messages" in output.getvalue()


def test_a_job_is_refused_a_bad_declaration() -> None:
    with pytest.raises(ValueError, match="the interval must be positive"):
        jobs.Job("x", lambda run: None, datetime.timedelta(0), "x")
    with pytest.raises(ValueError, match="the budget must be shorter than the lease"):
        jobs.Job("x", lambda run: None, MINUTE, "x", lease=MINUTE, budget=MINUTE)


def test_two_bodies_under_one_name_are_refused(schedule: dict[str, jobs.Job]) -> None:
    add(schedule, Counting())
    with pytest.raises(ValueError, match=r"Two jobs are registered as 'test\.job'"):
        jobs.register(jobs.Job("test.job", lambda run: None, MINUTE, "other"))


def test_a_run_is_recorded_and_the_job_waits_for_its_interval(
    db: Any, schedule: dict[str, jobs.Job]
) -> None:
    body = Counting()
    job = add(schedule, body)

    first = worker.run_job(job, holder="a", now=NOON)
    just_before = NOON + 10 * MINUTE - datetime.timedelta(seconds=1)
    too_soon = worker.run_due(holder="b", now=just_before, names=["test.job"])
    again = worker.run_due(holder="b", now=NOON + 10 * MINUTE, names=["test.job"])

    assert first is not None
    assert first.succeeded
    assert first.result == {"runs": 1}
    assert too_soon == []
    assert [outcome.job for outcome in again] == ["test.job"]
    assert body.runs == 2
    state = JobState.objects.get(name="test.job")
    assert state.last_started_at == NOON + 10 * MINUTE
    assert state.last_outcome == JobState.Outcome.SUCCEEDED
    assert state.last_result == {"runs": 2}
    assert state.last_finished_at == state.last_started_at + state.last_duration
    assert state.last_succeeded_at == state.last_finished_at
    assert state.locked_by == ""
    assert state.locked_until is None


def test_a_held_lock_refuses_a_second_worker_until_it_expires(
    db: Any, schedule: dict[str, jobs.Job]
) -> None:
    job = add(schedule, Counting(), lease=5 * MINUTE)

    assert worker.claim(job, holder="a", now=NOON) is not None
    assert worker.claim(job, holder="b", now=NOON + 4 * MINUTE, force=True) is None
    taken = worker.claim(job, holder="b", now=NOON + 5 * MINUTE, force=True)

    assert taken is not None
    assert taken.locked_by == "b"
    event = AuditEvent.objects.get(action="core.job.lease_taken_over")
    assert event.data == {
        "job": "test.job",
        "previous_holder": "a",
        "holder": "b",
        "reason": "lease_expired",
    }
    # The first holder's late finish no longer counts: the row is the second holder's.
    assert not worker.finish(job, holder="a", started_at=NOON, duration=MINUTE, result={}, error="")
    assert JobState.objects.get(name="test.job").locked_by == "b"


def test_the_lock_of_a_killed_worker_on_this_host_is_taken_over_at_once(
    db: Any, schedule: dict[str, jobs.Job]
) -> None:
    import socket
    import subprocess
    import sys

    job = add(schedule, Counting(), lease=30 * MINUTE)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = socket.gethostname()
    alive = f"{host}:{os.getpid()}:abc123"
    assert worker.claim(job, holder=alive, now=NOON) is not None
    # The holder (this very process) is alive: its lock stands.
    assert worker.claim(job, holder="b", now=NOON + MINUTE, force=True) is None
    JobState.objects.filter(name="test.job").update(locked_by=f"{host}:{dead.pid}:abc123")
    taken = worker.claim(job, holder="b", now=NOON + 2 * MINUTE, force=True)
    assert taken is not None
    assert taken.locked_by == "b"
    event = AuditEvent.objects.get(action="core.job.lease_taken_over")
    assert event.data["reason"] == "holder_dead"
    # A holder on another host is never called dead.
    assert not worker.holder_is_dead(f"another-host:{dead.pid}:abc123")


def test_a_failure_is_recorded_with_its_error_and_an_audit_row(
    db: Any, schedule: dict[str, jobs.Job]
) -> None:
    job = add(schedule, Counting(fail="the population database is away"))

    outcome = worker.run_job(job, holder="a", now=NOON)
    worker.run_job(job, holder="a", now=NOON + 10 * MINUTE)

    assert outcome is not None
    assert not outcome.succeeded
    state = JobState.objects.get(name="test.job")
    assert state.last_outcome == JobState.Outcome.FAILED
    assert state.last_error.strip().endswith("RuntimeError: the population database is away")
    assert "Traceback" in state.last_error
    assert state.consecutive_failures == 2
    assert state.last_succeeded_at is None
    assert state.locked_by == ""
    events = AuditEvent.objects.filter(action="core.job.failed")
    assert events.count() == 2
    assert events.first().data == {  # type: ignore[union-attr]
        "job": "test.job",
        "error": "RuntimeError: the population database is away",
    }

    body = job.run
    assert isinstance(body, Counting)
    body.fail = ""
    worker.run_job(job, holder="a", now=NOON + 20 * MINUTE)
    state.refresh_from_db()
    assert (state.last_outcome, state.consecutive_failures, state.last_error) == (
        JobState.Outcome.SUCCEEDED,
        0,
        "",
    )


def test_the_budget_tells_a_long_body_to_stop(db: Any, schedule: dict[str, jobs.Job]) -> None:
    def patient(run: jobs.Run) -> dict[str, Any]:
        stopped = run.stop.wait(10)
        return {"stopped": stopped}

    job = add(schedule, patient, budget=datetime.timedelta(seconds=0.2))
    clock = time.monotonic()

    outcome = worker.run_job(job, holder="a", now=NOON)

    assert outcome is not None
    assert outcome.result == {"stopped": True}
    assert time.monotonic() - clock < 5


def _in_thread(target: Any, results: list[Any]) -> threading.Thread:
    def body() -> None:
        try:
            results.append(target())
        finally:
            connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_do_not_both_run_the_body(schedule: dict[str, jobs.Job]) -> None:
    body = Counting(hold=True)
    job = add(schedule, body)
    JobState.objects.create(name=job.name)
    results: list[Any] = []

    first = _in_thread(lambda: worker.run_job(job, holder="a"), results)
    assert body.inside.wait(10)
    # The first run is inside the body, holding the lock; a second worker tries now.
    second = _in_thread(lambda: worker.run_job(job, holder="b", force=True), results)
    second.join(20)
    body.release.set()
    first.join(20)

    assert body.runs == 1
    # The second worker came back first, without running the body; the first one ran it.
    assert results[0] is None
    assert results[1].succeeded
    assert results[1].result == {"runs": 1}


def _waiting_for_sqlite(call: Any) -> Any:
    """The test database on SQLite is in memory with a shared cache, where a second writer is
    told "table is locked" at once instead of waiting like it does on the file database
    (``timeout`` 20 s): wait here the same way. PostgreSQL needs no help: its UPDATE waits."""
    for _attempt in range(200):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            connection.close()
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_the_same_instant_get_one_lock(
    schedule: dict[str, jobs.Job],
) -> None:
    job = add(schedule, Counting())
    for attempt in range(10):
        JobState.objects.update_or_create(
            name=job.name, defaults={"locked_by": "", "locked_until": None, "last_started_at": None}
        )
        barrier = threading.Barrier(2)
        results: list[Any] = []

        def claim(holder: str, barrier: threading.Barrier = barrier) -> Any:
            barrier.wait(10)
            return _waiting_for_sqlite(lambda: worker.claim(job, holder=holder, now=timezone.now()))

        threads = [
            _in_thread(lambda holder=holder: claim(holder), results)  # type: ignore[misc]
            for holder in (f"a{attempt}", f"b{attempt}")
        ]
        for thread in threads:
            thread.join(20)
        assert len(results) == 2
        winners = [state for state in results if state is not None]
        assert len(winners) == 1, attempt
        assert JobState.objects.get(name=job.name).locked_by == winners[0].locked_by


def test_run_worker_once_runs_what_is_due_and_prints_each_outcome(
    db: Any, schedule: dict[str, jobs.Job]
) -> None:
    body = Counting()
    add(schedule, body)
    output = io.StringIO()

    call_command("run_worker", "--once", "--job", "test.job", stdout=output)
    call_command("run_worker", "--once", "--job", "test.job", stdout=output)
    call_command("run_worker", "--once", "--job", "test.job", "--force", stdout=output)

    lines = output.getvalue().splitlines()
    assert json.loads(lines[0]) == {"job": "test.job", "succeeded": True, "runs": 1}
    assert lines[1] == "1 job(s) run, 0 queued task(s) run."
    assert lines[2] == "0 job(s) run, 0 queued task(s) run."  # not due again yet
    assert json.loads(lines[3]) == {"job": "test.job", "succeeded": True, "runs": 2}
    assert body.runs == 2


def test_run_worker_once_fails_when_a_job_fails(db: Any, schedule: dict[str, jobs.Job]) -> None:
    add(schedule, Counting(fail="boom"))
    output = io.StringIO()

    with pytest.raises(CommandError, match="A job failed"):
        call_command("run_worker", "--once", "--job", "test.job", stdout=output)

    line = json.loads(output.getvalue().splitlines()[0])
    assert line == {"job": "test.job", "succeeded": False, "error": "RuntimeError: boom"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--once", "--job", "no.such"], "--job: no job named no.such"),
        (["--force"], "--force: only with --once"),
    ],
    ids=["unknown-job", "force-without-once"],
)
def test_run_worker_refuses_bad_options(db: Any, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("run_worker", *arguments)


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_stops_when_asked_and_tells_the_job_in_hand(
    schedule: dict[str, jobs.Job],
) -> None:
    body = Counting(hold=True)
    add(schedule, body)
    loop = worker.Worker(idle_seconds=1, names=["test.job"])
    thread = _in_thread(loop.tick, [])
    assert body.inside.wait(10)

    loop.request_stop()
    body.release.set()
    thread.join(10)

    assert body.stops == [True]
    loop.run_forever()  # returns at once: the stop is set
    assert body.runs == 1


# Transactional: the queue's worker closes a connection that is not in autocommit mode, which
# the test transaction of the ``db`` fixture is not (on PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_the_worker_drains_the_database_task_queue(settings: Any) -> None:
    from django_tasks import TaskResultStatus

    from tuphap.casework import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = tasks.poll_overdue.enqueue()
    assert queued.status == TaskResultStatus.READY

    drained = worker.drain_task_queue(holder="test-worker")

    queued.refresh()
    assert drained == 1
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.return_value == {"marked": 0, "notified": 0}


def test_the_task_queue_is_not_drained_with_the_immediate_backend(db: Any) -> None:
    assert worker.drain_task_queue(holder="test-worker") == 0


def test_status_list_gives_each_job_its_lag(db: Any, schedule: dict[str, jobs.Job]) -> None:
    job = add(schedule, Counting())
    worker.run_job(job, holder="a", now=NOON)

    rows = {row.job.name: row for row in worker.status_list(NOON + 25 * MINUTE)}

    assert rows["test.job"].next_due_at == NOON + 10 * MINUTE
    assert rows["test.job"].lag == 15 * MINUTE
    assert not rows["test.job"].running
    assert rows["casework.overdue_poll"].lag is None  # never run


def _terminate_self(times: int) -> Any:
    def body(run: jobs.Run) -> dict[str, Any]:
        for _signal in range(times):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # the handler runs in the main thread, between two bytecodes
        return {"asked_to_stop": run.stop.is_set()}

    return body


def test_sigterm_stops_the_worker_after_the_job_in_hand(
    transactional_db: Any, schedule: dict[str, jobs.Job]
) -> None:
    # The loop closes stale connections between rounds, as a long-running worker must; inside
    # a test transaction (``db``) that would close the test's own connection on PostgreSQL.
    add(schedule, _terminate_self(1))
    before = signal.getsignal(signal.SIGTERM)

    call_command("run_worker", "--job", "test.job")  # the loop: returns once stopped

    state = JobState.objects.get(name="test.job")
    assert (state.last_outcome, state.last_result) == ("succeeded", {"asked_to_stop": True})
    assert signal.getsignal(signal.SIGTERM) == before  # the command's handler is gone again


def test_a_second_sigterm_interrupts_the_job_and_records_it(
    transactional_db: Any, schedule: dict[str, jobs.Job]
) -> None:
    # The loop closes stale connections between rounds, as a long-running worker must; inside
    # a test transaction (``db``) that would close the test's own connection on PostgreSQL.
    add(schedule, _terminate_self(2))

    with pytest.raises(KeyboardInterrupt):
        call_command("run_worker", "--job", "test.job")

    state = JobState.objects.get(name="test.job")
    assert state.last_outcome == JobState.Outcome.FAILED
    assert state.last_error.startswith("Interrupted.\n")
    assert (state.locked_by, state.locked_until) == ("", None)
