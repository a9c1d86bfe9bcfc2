"""Background work of the case engine (Django's Tasks API)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from tuphap.casework import services
from tuphap.core import context, jobs


@task()
def poll_overdue(limit: int = 500) -> dict[str, Any]:
    """Mark the cases that have become overdue and notify their assignees (a system run).
    Idempotent; schedule it every few minutes. Loops until a batch comes back short."""
    marked = notified = 0
    with context.channel("task"):
        while True:
            result = services.overdue_poll(limit=limit)
            marked += result.marked
            notified += result.notified
            if result.marked < limit:
                return {"marked": marked, "notified": notified}


def overdue_poll_job(run: jobs.Run) -> dict[str, Any]:
    """The scheduled run (``core.jobs``; registered in ``apps.py``): the same work, at once."""
    return poll_overdue.call()
