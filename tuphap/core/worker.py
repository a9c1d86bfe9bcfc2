"""Running the scheduled jobs of ``core.jobs``: the lock, the record of each run, the loop.

A job is *due* when it has never started or its last start is at least its interval ago. A
worker claims a due job with one conditional UPDATE of the job's ``JobState`` row: the row must
be unlocked (or its lock expired) and still due, and the UPDATE sets the lock and the start
time together. On PostgreSQL a second UPDATE waits for the first to commit and then re-reads
the row, which no longer matches; on SQLite the IMMEDIATE transaction serialises writers. Either
way exactly one worker gets the row, so a job's body never runs twice at once, and a job that
has just run is not run again by a second worker within its interval.

The same process also drains the Tasks API's database queue (``TASKS_BACKEND=database``), so a
deployment runs one kind of background process: ``manage.py run_worker``.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from tuphap.core import audit, context, jobs
from tuphap.core.models import JobState

logger = logging.getLogger("tuphap.worker")

ERROR_TEXT_LIMIT = 4000


def new_holder() -> str:
    """The name under which this process holds locks: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:100]


def _state(name: str) -> JobState:
    state, _created = JobState.objects.get_or_create(name=name)
    return state


def next_due(job: jobs.Job, state: JobState | None) -> datetime.datetime | None:
    """When the job is next due; None: now (it has never started)."""
    if state is None or state.last_started_at is None:
        return None
    return state.last_started_at + job.interval


def is_locked(state: JobState | None, now: datetime.datetime) -> bool:
    return state is not None and state.locked_until is not None and state.locked_until > now


def holder_is_dead(holder: str) -> bool:
    """Whether the process named by a lock holder (``host:pid:…``) ran on this host and no
    longer exists: a worker killed mid-job (kill -9) leaves its lock until the lease ends, and a
    worker on the same host may take it over at once. A holder on another host, or a process
    that may still exist, is never called dead."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False


def claim(
    job: jobs.Job, *, holder: str, now: datetime.datetime, force: bool = False
) -> JobState | None:
    """Take the job's lock if it is free (or its holder's process is dead) and the job is due
    (``force``: due or not). Returns the locked row, or None when another worker holds it or it
    is not due."""
    before = _state(job.name)
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    dead = is_locked(before, now) and bool(before.locked_by) and holder_is_dead(before.locked_by)
    if dead:
        # The same conditional UPDATE: of two workers that saw the dead holder, one wins.
        free |= Q(locked_by=before.locked_by)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.interval)
    condition = free if force else free & due
    with transaction.atomic():
        claimed = JobState.objects.filter(condition, name=job.name).update(
            locked_by=holder, locked_until=now + job.lease, last_started_at=now
        )
        if not claimed:
            return None
        state = JobState.objects.get(name=job.name)
        if before.locked_by and before.locked_by != holder:
            # The previous holder's lease ran out before it finished: it died or hung.
            audit.record(
                actor=None,
                action="core.job.lease_taken_over",
                obj=state,
                data={
                    "job": job.name,
                    "previous_holder": before.locked_by,
                    "holder": holder,
                    "reason": "holder_dead" if dead else "lease_expired",
                },
            )
    return state


def _json_safe(result: Mapping[str, Any] | None) -> dict[str, Any]:
    if result is None:
        return {}
    value = dict(result)
    try:
        json.dumps(value, cls=DjangoJSONEncoder)
    except (TypeError, ValueError):
        return {"result": repr(value)[:ERROR_TEXT_LIMIT]}
    return value


def finish(
    job: jobs.Job,
    *,
    holder: str,
    started_at: datetime.datetime,
    duration: datetime.timedelta,
    result: Mapping[str, Any] | None,
    error: str,
) -> bool:
    """Record the run and release the lock, if this worker still holds it. A failure leaves an
    audit row (the job's own changes are audited by the services it calls)."""
    finished_at = started_at + duration
    changes: dict[str, Any] = {
        "locked_by": "",
        "locked_until": None,
        "last_finished_at": finished_at,
        "last_duration": duration,
        "last_error": error[-ERROR_TEXT_LIMIT:],
        "last_result": _json_safe(result),
    }
    if error:
        changes.update(
            last_outcome=JobState.Outcome.FAILED,
            consecutive_failures=F("consecutive_failures") + 1,
        )
    else:
        changes.update(
            last_outcome=JobState.Outcome.SUCCEEDED,
            last_succeeded_at=finished_at,
            consecutive_failures=0,
        )
    with transaction.atomic():
        mine = JobState.objects.filter(name=job.name, locked_by=holder)
        if not mine.update(**changes):
            logger.warning("job %s: the lock was taken over before the run ended", job.name)
            return False
        if error:
            audit.record(
                actor=None,
                action="core.job.failed",
                obj=JobState.objects.get(name=job.name),
                data={"job": job.name, "error": error.strip().splitlines()[-1][:500]},
            )
    return True


@dataclass(frozen=True)
class Outcome:
    job: str
    succeeded: bool
    result: dict[str, Any]
    error: str
    duration: datetime.timedelta


def run_job(
    job: jobs.Job,
    *,
    holder: str,
    now: datetime.datetime | None = None,
    force: bool = False,
    stop: threading.Event | None = None,
) -> Outcome | None:
    """Claim the job and run its body once, recording the run. None: not claimed (not due, or
    another worker holds it). ``stop`` is handed to the body as ``run.stop``."""
    now = now or timezone.now()
    # One id for the run: its log lines, its audit rows and those of the services it calls.
    with context.channel("task"):
        return _run_claimed(job, holder=holder, now=now, force=force, stop=stop)


def _run_claimed(
    job: jobs.Job,
    *,
    holder: str,
    now: datetime.datetime,
    force: bool,
    stop: threading.Event | None,
) -> Outcome | None:
    if claim(job, holder=holder, now=now, force=force) is None:
        return None
    run = jobs.Run(started_at=now, stop=stop or threading.Event())
    timer = None
    if job.budget is not None:
        timer = threading.Timer(job.budget.total_seconds(), run.stop.set)
        timer.daemon = True
        timer.start()
    result: Mapping[str, Any] | None = None
    error = ""
    clock = time.monotonic()
    try:
        result = job.run(run)
    except Exception:
        error = traceback.format_exc()
        logger.exception("job %s failed", job.name)
    except BaseException:
        # Interrupted (Ctrl-C twice, SystemExit): record it, give the lock back, stop.
        error = "Interrupted.\n" + traceback.format_exc()
        raise
    finally:
        if timer is not None:
            timer.cancel()
        duration = datetime.timedelta(seconds=time.monotonic() - clock)
        finish(job, holder=holder, started_at=now, duration=duration, result=result, error=error)
    logger.info(
        "job %s %s in %.3f s",
        job.name,
        "failed" if error else "succeeded",
        duration.total_seconds(),
        extra={"job": job.name, "duration_seconds": duration.total_seconds()},
    )
    return Outcome(job.name, not error, _json_safe(result), error, duration)


def run_due(
    *,
    holder: str,
    now: datetime.datetime | None = None,
    names: Iterable[str] | None = None,
    force: bool = False,
    stop: threading.Event | None = None,
    on_start: Any = None,
) -> list[Outcome]:
    """Run every due job (or only ``names``) once, one after another. A job whose row says it
    is not due or is locked is skipped without a write."""
    wanted = set(names) if names is not None else None
    states = {state.name: state for state in JobState.objects.all()}
    outcomes = []
    for job in jobs.schedule():
        if stop is not None and stop.is_set():
            break
        if wanted is not None and job.name not in wanted:
            continue
        moment = now or timezone.now()
        state = states.get(job.name)
        if is_locked(state, moment):
            continue
        due = next_due(job, state)
        if not force and due is not None and due > moment:
            continue
        run_stop = threading.Event()
        if on_start is not None:
            on_start(run_stop)
        outcome = run_job(job, holder=holder, now=moment, force=force, stop=run_stop)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def drain_task_queue(*, holder: str, max_tasks: int = 100) -> int:
    """Run up to ``max_tasks`` tasks waiting in the Tasks API's database queue; 0 when the
    default backend is not the database one (tasks then run at once, where they are enqueued)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker as QueueWorker

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return 0
    queue = QueueWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend.alias,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=holder[:64],
        excluded_queue_names=[],
    )
    queue.run()
    return int(queue._run_tasks)


@dataclass(frozen=True)
class JobStatus:
    """A job as the status page shows it."""

    job: jobs.Job
    state: JobState | None
    running: bool
    next_due_at: datetime.datetime | None
    lag: datetime.timedelta | None  # how late it is against its interval; None: never run


def status_list(now: datetime.datetime | None = None) -> list[JobStatus]:
    now = now or timezone.now()
    states = {state.name: state for state in JobState.objects.all()}
    rows = []
    for job in jobs.schedule():
        state = states.get(job.name)
        due = next_due(job, state)
        lag = None if due is None else max(now - due, datetime.timedelta(0))
        rows.append(JobStatus(job, state, is_locked(state, now), due, lag))
    return rows


class Worker:
    """The loop of ``manage.py run_worker``: run what is due, drain the task queue, sleep."""

    def __init__(
        self,
        *,
        idle_seconds: float = 1.0,
        names: Iterable[str] | None = None,
        holder: str | None = None,
    ) -> None:
        self.idle_seconds = idle_seconds
        self.names = list(names) if names is not None else None
        self.holder = holder or new_holder()
        self.stop = threading.Event()
        self._current: threading.Event | None = None

    def request_stop(self) -> None:
        """Stop after the job in hand; a long job (the relay) is told to hand back its work."""
        self.stop.set()
        if self._current is not None:
            self._current.set()

    def _started(self, run_stop: threading.Event) -> None:
        self._current = run_stop
        if self.stop.is_set():
            run_stop.set()

    def tick(self, *, force: bool = False) -> tuple[list[Outcome], int]:
        outcomes = run_due(
            holder=self.holder,
            names=self.names,
            force=force,
            stop=self.stop,
            on_start=self._started,
        )
        self._current = None
        drained = 0 if self.stop.is_set() else drain_task_queue(holder=self.holder)
        return outcomes, drained

    def run_forever(self) -> None:
        logger.info("worker %s started: %s", self.holder, ", ".join(sorted(jobs.JOBS)))
        while not self.stop.is_set():
            close_old_connections()
            try:
                self.tick()
            except DatabaseError:
                # The database is away (restart, failover): say so, wait, try again.
                logger.exception("worker %s: the database failed; retrying", self.holder)
            close_old_connections()
            self.stop.wait(self.idle_seconds)
        logger.info("worker %s stopped", self.holder)
