"""The deadline clock of a case: pure functions over the calendar engine (no database).

A case's clock is stored as JSON on the case (``Case.clock``, a ``ClockData``): the day the
period starts (not counted), its amount and unit, the extension rule, the number of extensions
granted and the pauses. ``due_date`` recomputes the due day from that state through
``tuphap.core.deadlines``, so a pause, a resumption or an extension never does arithmetic of its
own. ``Case.due_at`` stores the end of the due day (23:59:59.999999, Asia/Ho_Chi_Minh): the
period ends at 24:00 of that day (BLDS 2015 Art. 148), and "overdue" is then ``due_at < now``.
"""

from __future__ import annotations

import datetime
from typing import NotRequired, TypedDict

from tuphap.casework.registry import DeadlineRule
from tuphap.core import deadlines as core_deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import LOCAL_TIME_ZONE, Pause, Unit


class ExtensionData(TypedDict):
    amount: int
    unit: str
    max_count: int


class ClockData(TypedDict):
    start: str  # ISO date; the day the period counts from (not itself counted)
    amount: int
    unit: str
    basis: str
    extension: NotRequired[ExtensionData | None]
    extensions: int  # granted so far
    pauses: list[list[str]]  # [[first_day, last_day], ...] ISO dates, both included


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar day of an aware datetime in Việt Nam."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("An aware datetime is required.")
    return moment.astimezone(LOCAL_TIME_ZONE).date()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of ``day`` in Việt Nam: a period ends at 24:00 (BLDS 2015 Art. 148)."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=LOCAL_TIME_ZONE)


def clock_started(rule: DeadlineRule, start: datetime.date) -> ClockData:
    clock: ClockData = {
        "start": start.isoformat(),
        "amount": rule.amount,
        "unit": str(rule.unit),
        "basis": rule.basis,
        "extension": None,
        "extensions": 0,
        "pauses": [],
    }
    if rule.extension is not None:
        clock["extension"] = {
            "amount": rule.extension.amount,
            "unit": str(rule.extension.unit),
            "max_count": rule.extension.max_count,
        }
    return clock


def _pauses(clock: ClockData) -> list[Pause]:
    return [
        Pause(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
        for first, last in clock["pauses"]
    ]


def _deadline(clock: ClockData, *, calendar: WorkingCalendar) -> core_deadlines.Deadline:
    """The current deadline: the base period pushed back by the pauses, then each extension
    counted from the due day before it, pushed back by the pauses that began after it."""
    pauses = core_deadlines.merge_pauses(_pauses(clock))
    result = core_deadlines.deadline_with_pauses(
        datetime.date.fromisoformat(clock["start"]),
        clock["amount"],
        Unit(clock["unit"]),
        pauses,
        calendar=calendar,
    )
    extension = clock.get("extension")
    for _ in range(clock["extensions"]):
        if extension is None:
            break
        # A pause that began on or before the pushed-back last day was counted in full already.
        later = [pause for pause in pauses if pause.first_day > result.period_end]
        result = core_deadlines.deadline_with_pauses(
            result.due, extension["amount"], Unit(extension["unit"]), later, calendar=calendar
        )
    return result


def due_date(clock: ClockData, *, calendar: WorkingCalendar) -> datetime.date:
    return _deadline(clock, calendar=calendar).due


def due_at(clock: ClockData | None, *, calendar: WorkingCalendar) -> datetime.datetime | None:
    """The stored ``due_at`` for a clock, ``None`` when no clock runs."""
    if not clock:
        return None
    return end_of_day(due_date(clock, calendar=calendar))


def paused_days(paused_on: datetime.date, resumed_on: datetime.date) -> Pause | None:
    """The days a pause covers: from the day the clock was stopped up to the day before it runs
    again (the clock counts the resumption day). ``None`` when resumed the same day."""
    if resumed_on <= paused_on:
        return None
    return Pause(paused_on, resumed_on - datetime.timedelta(days=1))


def clock_with_pause(clock: ClockData, pause: Pause) -> ClockData:
    days = [pause.first_day.isoformat(), pause.last_day.isoformat()]
    return {**clock, "pauses": [*clock["pauses"], days]}


def clock_extended(clock: ClockData, *, calendar: WorkingCalendar) -> ClockData:
    """The clock with one more extension; ``ExtensionLimitReached`` (HTTP 409) at the limit,
    through ``tuphap.core.deadlines.extended_deadline``."""
    extension = clock.get("extension")
    if extension is None:
        raise ValueError("This deadline has no extension rule.")
    core_deadlines.extended_deadline(
        _deadline(clock, calendar=calendar),
        amount=extension["amount"],
        unit=extension["unit"],
        extensions_granted=clock["extensions"],
        max_extensions=extension["max_count"],
        calendar=calendar,
    )
    return {**clock, "extensions": clock["extensions"] + 1}


def extensions_left(clock: ClockData | None) -> int:
    extension = clock.get("extension") if clock else None
    if not clock or extension is None:
        return 0
    return max(0, extension["max_count"] - clock["extensions"])
