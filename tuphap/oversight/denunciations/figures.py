"""The denunciation figures (docs/domain/denunciations.md §6): the same arithmetic as the
complaints' (``complaints/figures.py``), one matter per accepted denunciation, resolved by its
conclusion (on time against the extended limit) or ended by a withdrawal or a termination."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tuphap.oversight.complaints import figures
from tuphap.oversight.complaints.figures import Dashboard, Matter


def matters(details: QuerySet[Any]) -> list[Matter]:
    rows = details.values_list(
        "case__place_id",
        "agency_id",
        "accepted_on",
        "concluded_on",
        "concluded_on_time",
        "outcome",
        "withdrawn_on",
        "violation_suspected",
        "terminated_on",
        "money_recovered",
        "case_id",
    ).order_by()
    result = []
    for (
        place,
        agency,
        accepted,
        concluded,
        on_time,
        outcome,
        withdrawn,
        suspected,
        terminated,
        money,
        record,
    ) in rows.iterator(chunk_size=5000):
        if accepted is None:
            continue
        # Ended without a conclusion: a withdrawal with no suspected violation, or a
        # termination of the resolution (Art. 34(3)).
        other = withdrawn if withdrawn and not suspected and not concluded else None
        other = other or (terminated if not concluded else None)
        result.append(
            Matter(
                place,
                agency,
                accepted,
                concluded or other,
                concluded is not None,
                on_time,
                outcome,
                money,
                record,
            )
        )
    return result


def dashboard(
    details: QuerySet[Any], year: int, *, now: datetime.datetime | None = None
) -> Dashboard:
    now = now or timezone.now()
    open_rows = details.filter(case__closed_at__isnull=True)
    return figures.monthly_board(
        matters(details),
        year,
        open_count=open_rows.count(),
        # a suspended denunciation's clock stands still: never overdue
        overdue=open_rows.filter(case__due_at__lt=now, case__paused_at__isnull=True).count(),
        now=now,
    )
