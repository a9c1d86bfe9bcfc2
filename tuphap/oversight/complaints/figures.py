"""The complaint figures of a window of days, computed from the register
(docs/domain/complaints.md §7 defines them; this module is that definition). The same
arithmetic serves the denunciation register (``denunciations/figures.py``).

The unit is a **matter to resolve**: each accepted instance of a complaint (the first
instance, and the second instance when a second complaint is accepted). For a window
[start, end], a matter accepted on or before ``end`` and not ended before ``start`` counts once:
``carried_in`` if accepted before ``start``, else ``accepted``; then ``resolved`` if it ended
inside the window — ``decided`` (by a decision: ``on_time`` or ``late``; ``right``,
``partly_right`` or ``wrong``) or ``ended_other`` (withdrawn, terminated, lawsuit before a
decision) — else ``carried_out``. So carried_in + accepted = resolved + carried_out,
resolved = decided + ended_other, decided = on_time + late = right + partly_right + wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tuphap.casework import deadlines as case_deadlines
from tuphap.core.periods import month_end

FLOW = (
    "carried_in",
    "accepted",
    "resolved",
    "decided",
    "on_time",
    "late",
    "right",
    "partly_right",
    "wrong",
    "ended_other",
    "carried_out",
)
MONEY = "money_restored"

Key = tuple[int | None, int]  # (place id, agency id)
Figures = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class Matter:
    place_id: int | None
    agency_id: int
    accepted_on: datetime.date
    ended_on: datetime.date | None
    decided: bool
    on_time: bool | None
    outcome: str
    money: int = 0
    record: int | None = None  # the complaint's (or denunciation's) case id, for the drill-down


def empty() -> dict[str, int]:
    return dict.fromkeys((*FLOW, MONEY), 0)


def compute(matters: Iterable[Matter], start: datetime.date, end: datetime.date) -> Figures:
    result: Figures = {}
    for matter in matters:
        if matter.accepted_on > end or (matter.ended_on is not None and matter.ended_on < start):
            continue
        row = result.setdefault((matter.place_id, matter.agency_id), empty())
        row["carried_in" if matter.accepted_on < start else "accepted"] += 1
        if matter.ended_on is None or matter.ended_on > end:
            row["carried_out"] += 1
            continue
        row["resolved"] += 1
        if not matter.decided:
            row["ended_other"] += 1
            continue
        row["decided"] += 1
        row["on_time" if matter.on_time else "late"] += 1
        if matter.outcome in ("right", "partly_right", "wrong"):
            row[matter.outcome] += 1
        row[MONEY] += matter.money
    return result


def totals(figures: Figures) -> dict[str, int]:
    total = empty()
    for row in figures.values():
        for name, value in row.items():
            total[name] += value
    return total


def complaint_matters(details: QuerySet[Any]) -> list[Matter]:
    """The matters of the complaints in ``details`` (one query)."""
    rows = details.values_list(
        "case__place_id",
        "agency_id",
        "accepted_on",
        "first_decided_on",
        "first_on_time",
        "first_outcome",
        "second_accepted_on",
        "second_decided_on",
        "second_on_time",
        "second_outcome",
        "withdrawn_on",
        "terminated_on",
        "lawsuit_on",
        "money_restored",
        "case_id",
    ).order_by()
    matters = []
    for (
        place,
        agency,
        accepted,
        first_on,
        first_on_time,
        first_outcome,
        second_accepted,
        second_on,
        second_on_time,
        second_outcome,
        withdrawn,
        terminated,
        lawsuit,
        money,
        record,
    ) in rows.iterator(chunk_size=5000):
        other = min((d for d in (withdrawn, terminated, lawsuit) if d), default=None)
        if accepted:
            ended = first_on or (other if not second_accepted else None)
            matters.append(
                Matter(
                    place,
                    agency,
                    accepted,
                    ended,
                    first_on is not None,
                    first_on_time,
                    first_outcome,
                    money if not second_on else 0,
                    record,
                )
            )
        if second_accepted:
            matters.append(
                Matter(
                    place,
                    agency,
                    second_accepted,
                    second_on or other,
                    second_on is not None,
                    second_on_time,
                    second_outcome,
                    money if second_on else 0,
                    record,
                )
            )
    return matters


@dataclass(frozen=True)
class Dashboard:
    year: int
    until: datetime.date
    totals: dict[str, int]
    months: list[tuple[datetime.date, int, int]]  # (month, accepted, resolved)
    peak: int
    open_count: int
    overdue: int

    CHART_HEIGHT = 120
    CHART_BASE = 130

    def bars(self) -> list[dict[str, Any]]:
        """The SVG bars of the chart: accepted and resolved side by side per month."""
        rows = []
        for index, (month, accepted, resolved) in enumerate(self.months):
            x = 40 + index * 40
            ha = round(accepted * self.CHART_HEIGHT / self.peak)
            hr = round(resolved * self.CHART_HEIGHT / self.peak)
            rows.append(
                {
                    "month": month,
                    "accepted": accepted,
                    "resolved": resolved,
                    "x": x,
                    "x2": x + 15,
                    "ya": self.CHART_BASE - ha,
                    "ha": ha,
                    "yr": self.CHART_BASE - hr,
                    "hr": hr,
                    "label_x": x + 14,
                }
            )
        return rows

    @property
    def chart_width(self) -> int:
        return 40 + 40 * max(len(self.months), 1)


def monthly_board(
    matters: list[Matter],
    year: int,
    *,
    open_count: int,
    overdue: int,
    now: datetime.datetime | None = None,
) -> Dashboard:
    now = now or timezone.now()
    until = min(datetime.date(year, 12, 31), case_deadlines.local_date(now))
    months = []
    month = datetime.date(year, 1, 1)
    while month <= until:
        last = month_end(month)
        values = totals(compute(matters, month, min(last, until)))
        months.append((month, values["accepted"], values["resolved"]))
        month = last + datetime.timedelta(days=1)
    return Dashboard(
        year,
        until,
        totals(compute(matters, datetime.date(year, 1, 1), until)),
        months,
        max([1, *(max(a, r) for _m, a, r in months)]),
        open_count,
        overdue,
    )


def dashboard(
    details: QuerySet[Any], year: int, *, now: datetime.datetime | None = None
) -> Dashboard:
    """The year's complaint figures of ``details`` (the user's visible complaints), live."""
    now = now or timezone.now()
    open_rows = details.filter(case__closed_at__isnull=True)
    return monthly_board(
        complaint_matters(details),
        year,
        open_count=open_rows.count(),
        overdue=open_rows.filter(case__due_at__lt=now).count(),
        now=now,
    )
