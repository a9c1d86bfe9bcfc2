"""Time in state, from the journal, for any register.

A **stay** is the time a case spent in one state: from the journal row that moved it in (the
opening, or a transition to another state) to the row that moved it out; a transition to the same
state does not split a stay, and pauses count as time in the state. Stays in terminal states
are not measured. Durations are in days (24 h), computed in Python over one ``values_list`` of
the journal ordered by (case, sequence), so the same code runs on SQLite and PostgreSQL.

* closed stays count in a period when they **ended** within it (local dates, both included);
* open stays (``include_open``) count when they began by the period's end, measured up to now
  or the end of the period, whichever is earlier;
* median and 90th percentile use linear interpolation between the closest ranks (as
  PostgreSQL's ``percentile_cont`` and numpy's default), so a later SQL path gives the same
  figures;
* overdue counts are the open cases overdue now, by state (live, as ``Case.objects.overdue``).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines, permissions, registry
from tuphap.casework.models import Case, CaseAction
from tuphap.core.errors import ValidationFailed

DAY_SECONDS = 86_400.0


@dataclass(frozen=True)
class Stay:
    case_id: int
    agency_id: int
    state: str
    entered_at: datetime.datetime
    left_at: datetime.datetime | None  # None: the case is still in this state


JournalRow = tuple[int, int, datetime.datetime, str]  # case id, agency id, time, to-state


def stays(rows: Iterable[JournalRow]) -> Iterator[Stay]:
    """The stays in journal rows (state-changing rows only) ordered by (case, sequence)."""
    current: tuple[int, int, str, datetime.datetime] | None = None
    for case_id, agency_id, at, state in rows:
        if current is not None and current[0] != case_id:
            yield Stay(current[0], current[1], current[2], current[3], None)
            current = None
        if current is None:
            current = (case_id, agency_id, state, at)
            continue
        if state == current[2]:
            continue
        yield Stay(case_id, agency_id, current[2], current[3], at)
        current = (case_id, agency_id, state, at)
    if current is not None:
        yield Stay(current[0], current[1], current[2], current[3], None)


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks of sorted ``values`` (``percentile_cont``)."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


@dataclass(frozen=True)
class StateFigures:
    agency_id: int | None  # None when not grouped by agency
    state: str
    label: str
    stays: int  # measured stays (closed, plus open ones if asked)
    open_stays: int
    median_days: float | None
    p90_days: float | None
    overdue: int  # open cases in this state overdue now


def _validate_period(date_from: datetime.date | None, date_to: datetime.date | None) -> None:
    if date_from and date_to and date_to < date_from:
        raise ValidationFailed(
            _("The end date is before the start date."),
            fields={"date_to": _("The end date is before the start date.")},
        )


def time_in_state(
    user: Any,
    *,
    register: str,
    agency_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    include_open: bool = True,
    by_agency: bool = False,
    now: datetime.datetime | None = None,
) -> list[StateFigures]:
    """Per non-terminal state (and per agency when ``by_agency``), the number of stays and the
    median and 90th percentile of their duration in days, over the cases ``user`` may see."""
    spec = registry.get(register)
    _validate_period(date_from, date_to)
    now = now or timezone.now()
    start = deadlines.end_of_day(date_from - datetime.timedelta(days=1)) if date_from else None
    end = deadlines.end_of_day(date_to) if date_to else None
    horizon = min(now, end) if end else now

    cases = permissions.visible_cases(Case.objects.filter(register=spec.code), user)
    if agency_id is not None:
        cases = cases.filter(agency_id=agency_id)
    overdue_counts: dict[tuple[int | None, str], int] = defaultdict(int)
    for case_agency, state, count in (
        cases.overdue(now).values_list("agency_id", "state").annotate(count=Count("id"))
    ):
        overdue_counts[(case_agency if by_agency else None, state)] += count
    if start is not None:
        cases = cases.exclude(closed_at__lte=start)
    if end is not None:
        cases = cases.filter(opened_at__lte=end)
    rows = (
        CaseAction.objects.filter(
            case__in=cases.values("id"),
            kind__in=[CaseAction.Kind.OPENED, CaseAction.Kind.TRANSITIONED],
        )
        .order_by("case_id", "sequence")
        .values_list("case_id", "case__agency_id", "at", "to_state")
    )

    durations: dict[tuple[int | None, str], list[float]] = defaultdict(list)
    open_stays: dict[tuple[int | None, str], int] = defaultdict(int)
    for stay in stays(rows.iterator(chunk_size=5000)):
        if spec.is_terminal(stay.state):
            continue
        key = (stay.agency_id if by_agency else None, stay.state)
        if stay.left_at is not None:
            if start is not None and stay.left_at <= start:
                continue
            if end is not None and stay.left_at > end:
                # Left after the period: as at the period's end it was still open.
                if not include_open or stay.entered_at > horizon:
                    continue
                durations[key].append((horizon - stay.entered_at).total_seconds() / DAY_SECONDS)
                open_stays[key] += 1
                continue
            durations[key].append((stay.left_at - stay.entered_at).total_seconds() / DAY_SECONDS)
        elif include_open and stay.entered_at <= horizon:
            durations[key].append((horizon - stay.entered_at).total_seconds() / DAY_SECONDS)
            open_stays[key] += 1

    keys = set(durations) | set(overdue_counts)
    order = {state.code: index for index, state in enumerate(spec.states)}
    figures = []
    for key in sorted(keys, key=lambda k: (k[0] or 0, order.get(k[1], len(order)))):
        values = sorted(durations.get(key, []))
        figures.append(
            StateFigures(
                agency_id=key[0],
                state=key[1],
                label=spec.state_label(key[1]),
                stays=len(values),
                open_stays=open_stays.get(key, 0),
                median_days=percentile(values, 0.5),
                p90_days=percentile(values, 0.9),
                overdue=overdue_counts.get(key, 0),
            )
        )
    return figures
