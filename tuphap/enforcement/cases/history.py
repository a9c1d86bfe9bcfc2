"""The dates of a case's steps, as the statistics count them.

A step of the journal (``casework.CaseAction``) is written when it is recorded; the date that
counts in law and in the statistics is the date of the decision it records, carried in the
payload as ``decided_on`` (ISO date). A step without it (made through the generic cases API)
counts on the local date it was recorded. The dates are made non-decreasing along the journal
and never earlier than the enforcement decision, so "the state on day D" is always defined.
Pure functions; the one query is ``step_dates``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from tuphap.casework import deadlines
from tuphap.casework.models import Case, CaseAction

DECIDED_ON = "decided_on"

Step = tuple[str, str, datetime.date]  # (transition, to_state, date)


def payload_date(payload: Mapping[str, Any] | None) -> datetime.date | None:
    """The ``decided_on`` date of a payload, or None when absent or malformed."""
    if not payload:
        return None
    value = payload.get(DECIDED_ON)
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def effective_steps(
    decision_date: datetime.date,
    rows: Iterable[tuple[str, str, str, datetime.datetime, Mapping[str, Any] | None]],
) -> list[Step]:
    """``rows`` = (kind, transition, to_state, at, payload) in journal order → the state
    changes with their effective dates (the opening row is the decision date)."""
    steps: list[Step] = []
    last = decision_date
    for kind, transition, to_state, at, payload in rows:
        if kind == CaseAction.Kind.OPENED:
            steps.append(("", to_state, decision_date))
            continue
        if kind != CaseAction.Kind.TRANSITIONED:
            continue
        day = payload_date(payload) or deadlines.local_date(at)
        last = max(last, day)
        steps.append((transition, to_state, last))
    return steps


def step_dates(case: Case, decision_date: datetime.date) -> list[Step]:
    rows = CaseAction.objects.filter(case=case).order_by("sequence")
    return effective_steps(
        decision_date,
        rows.values_list("kind", "transition", "to_state", "at", "payload"),
    )


def state_on(steps: list[Step], day: datetime.date) -> str | None:
    """The state at the end of ``day`` (None before the decision)."""
    state = None
    for _transition, to_state, when in steps:
        if when > day:
            break
        state = to_state
    return state
