"""The schedule of every background job, in one registry.

Each app declares its jobs in ``AppConfig.ready`` with ``jobs.register(jobs.Job(...))``, the way
it adds its menu links (``core.navigation``); ``manage.py run_worker`` runs whatever is due
(``tuphap.core.worker``), ``manage.py run_worker --list`` prints the schedule, and the status page
shows each job's last run. A job's body must be idempotent: it may run again after a crash, and
is run by one worker at a time only because of the lock in ``core.worker``.

A body takes a ``Run``: ``run.stop`` is set when the worker is asked to stop or the job's
``budget`` is spent, and a long body (the population relay) checks it to hand back its work.
What it returns (a dict of counts) is stored as the run's result.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Run:
    """What a job's body is given for one run."""

    started_at: datetime.datetime
    stop: threading.Event = field(default_factory=threading.Event)


JobBody = Callable[[Run], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Job:
    name: str
    run: JobBody
    interval: datetime.timedelta
    description: str | Promise
    # How long the lock is held before another worker may take the job over (a worker that died
    # mid-run). Longer than any healthy run.
    lease: datetime.timedelta = datetime.timedelta(minutes=30)
    # When set, ``run.stop`` is set after this long: the body hands back what it has not done.
    budget: datetime.timedelta | None = None

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 100:
            raise ValueError(f"A job needs a name of 1 to 100 characters: {self.name!r}.")
        if self.interval <= datetime.timedelta(0):
            raise ValueError(f"Job {self.name}: the interval must be positive.")
        if self.budget is not None and self.budget >= self.lease:
            raise ValueError(f"Job {self.name}: the budget must be shorter than the lease.")


JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Add a job to the schedule. Registering the same name again replaces it (``ready`` may run
    more than once in tests); two different bodies under one name are refused."""
    existing = JOBS.get(job.name)
    if existing is not None and existing.run is not job.run and _origin(existing) != _origin(job):
        raise ValueError(f"Two jobs are registered as {job.name!r}.")
    JOBS[job.name] = job
    return job


def _origin(job: Job) -> str:
    return f"{getattr(job.run, '__module__', '')}.{getattr(job.run, '__qualname__', '')}"


def get(name: str) -> Job:
    return JOBS[name]


def schedule() -> list[Job]:
    """Every registered job, by name."""
    return [JOBS[name] for name in sorted(JOBS)]
