"""Background work of the statistics app (Django's Tasks API)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from tuphap.core import jobs
from tuphap.statistics import services


@task()
def refresh_rollups(
    indicators: list[str] | None = None,
    first_month: str | None = None,
    last_month: str | None = None,
) -> list[dict[str, Any]]:
    """Recompute rollups by indicator codes and months (``YYYY-MM``); a system run (no actor).
    Idempotent: running it twice leaves the same rows."""
    default_first, default_last = services.default_months()
    first = services.parse_month(first_month, field="from") if first_month else default_first
    last = services.parse_month(last_month, field="to") if last_month else default_last
    results = services.rollup_refresh(
        actor=None, indicators=indicators or None, first_month=first, last_month=last
    )
    return [result.as_dict() for result in results]


def rollup_refresh_job(run: jobs.Run) -> dict[str, Any]:
    """The scheduled run (``core.jobs``; registered in ``apps.py``): every stored indicator over
    the last twelve months and the current one, so that late entries reach the reports."""
    results = refresh_rollups.call()
    return {
        "indicators": len(results),
        "deleted": sum(result["deleted"] for result in results),
        "written": sum(result["written"] for result in results),
    }


def rollup_drain_job(run: jobs.Run) -> dict[str, Any]:
    """The incremental refresh (``core.jobs``; registered in ``apps.py``, every 2 s): drains
    the marked cells batch by batch until the queue is empty or the run is asked to stop."""
    total: dict[str, int] = {"batches": 0, "marks": 0, "deleted": 0, "written": 0}
    while not run.stop.is_set():
        result = services.rollup_drain(actor=None)
        if not result.marks:
            break
        total["batches"] += 1
        total["marks"] += result.marks
        total["deleted"] += result.deleted
        total["written"] += result.written
    return total
