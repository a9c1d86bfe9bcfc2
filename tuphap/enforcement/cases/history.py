"""The dates of a case's steps, as the statistics count them.

A step of the journal (``casework.CaseAction``) is written when it is recorded; the date that
counts in law and in the statistics is the date of the decision it records, carried in the
payload as ``decided_on`` (ISO date). A step without it (made through the generic cases API)
counts on the local date it was recorded. The dates are made non-decreasing along the journal
and never earlier than the enforcement decision, so "the state on day D" is always defined.
The journal is read with its dates already taken apart by the database (``journal_rows``): the
payload's ``decided_on`` when it is a JSON string, and the local day the step was recorded. A
full refresh reads the whole national journal this way, so that no row's JSON payload or time
stamp is decoded in Python (ADR 0020).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Func, QuerySet, TextField
from django.db.models.functions import TruncDate

from tuphap.casework.models import Case, CaseAction
from tuphap.core.deadlines import LOCAL_TIME_ZONE

DECIDED_ON = "decided_on"

Step = tuple[str, str, datetime.date]  # (transition, to_state, date)
# (kind, transition, to_state, decided_on text or None, local day recorded), in journal order
JournalRow = tuple[str, str, str, str | None, datetime.date]


def iso_date(value: object) -> datetime.date | None:
    """An ISO date string → the date; anything else (absent, not a string, malformed) → None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def payload_date(payload: Mapping[str, Any] | None) -> datetime.date | None:
    """The ``decided_on`` date of a payload, or None when absent or malformed."""
    return iso_date(payload.get(DECIDED_ON)) if payload else None


class DecidedOn(Func):
    """The payload's ``decided_on`` as text when it is a JSON string, else NULL: the same
    value ``payload_date`` reads in Python (a number or a list gives None there too)."""

    output_field = TextField()
    template = (
        f"CASE WHEN jsonb_typeof(%(expressions)s -> '{DECIDED_ON}') = 'string'"
        f" THEN %(expressions)s ->> '{DECIDED_ON}' END"
    )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template=(
                f"CASE WHEN json_type(%(expressions)s, '$.{DECIDED_ON}') = 'text'"
                f" THEN json_extract(%(expressions)s, '$.{DECIDED_ON}') END"
            ),
            **extra,
        )


STEP_KINDS = (CaseAction.Kind.OPENED, CaseAction.Kind.TRANSITIONED)


def journal_rows(actions: QuerySet[CaseAction], *leading: str) -> QuerySet[Any, Any]:
    """The steps of ``actions`` as ``leading`` fields + ``JournalRow``, in journal order:
    the other kinds of row (assignments, pauses) carry no state and are not read."""
    return (
        actions.filter(kind__in=STEP_KINDS)
        .annotate(
            decided_text=DecidedOn("payload"),
            local_day=TruncDate("at", tzinfo=LOCAL_TIME_ZONE),
        )
        .order_by(*leading, "sequence")
        .values_list(*leading, "kind", "transition", "to_state", "decided_text", "local_day")
    )


def effective_steps(decision_date: datetime.date, rows: Iterable[JournalRow]) -> list[Step]:
    """``rows`` (``JournalRow``, in journal order) → the state changes with their effective
    dates: the opening row is the decision date, a step its ``decided_on`` date or else the day
    it was recorded, never earlier than the step before."""
    steps: list[Step] = []
    last = decision_date
    for kind, transition, to_state, decided, recorded in rows:
        if kind == CaseAction.Kind.OPENED:
            steps.append(("", to_state, decision_date))
            continue
        if kind != CaseAction.Kind.TRANSITIONED:
            continue
        day = iso_date(decided) or recorded
        last = max(last, day)
        steps.append((transition, to_state, last))
    return steps


def step_dates(case: Case, decision_date: datetime.date) -> list[Step]:
    return effective_steps(decision_date, journal_rows(CaseAction.objects.filter(case=case)))


def state_on(steps: list[Step], day: datetime.date) -> str | None:
    """The state at the end of ``day`` (None before the decision)."""
    state = None
    for _transition, to_state, when in steps:
        if when > day:
            break
        state = to_state
    return state
