"""The deadline clock of a case: pure functions over the calendar engine (no database).

A case's clock is stored as JSON on the case (``Case.clock``, a ``ClockData``): the day the
period starts (not counted), its amount and unit, the extension rule, the number of extensions
granted and the pauses. ``due_date`` recomputes the due day from that state through
``tuphap.core.deadlines``, so a pause, a resumption or an extension never does arithmetic of its
own. ``Case.due_at`` stores the end of the due day (23:59:59.999999, Asia/Ho_Chi_Minh): the
period ends at 24:00 of that day (BLDS 2015 Art. 148), and "overdue" is then ``due_at < now``.

A limit in hours (``Unit.HOURS``: a legal aid performer assigned within 12 hours of the
acceptance) starts at a moment: its clock also holds ``start_at`` and ``due_at`` is that moment
plus the hours, real hours on the calendar (BLDS 2015 Art. 147(1)); a pause of such a clock
pushes it back by the paused time to the second, an extension adds its hours.
"""

from __future__ import annotations

import datetime
from typing import NotRequired, TypedDict

from tuphap.casework.registry import DeadlineRule
from tuphap.core import deadlines as core_deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import LOCAL_TIME_ZONE, Pause, Unit
from tuphap.core.deadlines import end_of_day as end_of_day  # re-exported: a period ends at 24:00


class ExtensionData(TypedDict):
    amount: int
    unit: str
    max_count: int


class ClockData(TypedDict):
    start: str  # ISO date; the day the period counts from (not itself counted)
    start_at: NotRequired[str]  # ISO datetime; the moment a period in hours counts from
    amount: int
    unit: str
    basis: str
    extension: NotRequired[ExtensionData | None]
    extensions: int  # granted so far
    # [[first_day, last_day], ...] ISO dates, both included; for a period in hours
    # [[paused_at, resumed_at], ...] ISO datetimes.
    pauses: list[list[str]]


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar day of an aware datetime in Việt Nam."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("An aware datetime is required.")
    return moment.astimezone(LOCAL_TIME_ZONE).date()


def clock_started(
    rule: DeadlineRule, start: datetime.date, *, at: datetime.datetime | None = None
) -> ClockData:
    """A clock for ``rule`` counted from ``start`` (a day, not counted), or from the moment
    ``at`` when the rule is in hours (``at`` is then required)."""
    if rule.unit is Unit.HOURS:
        if at is None or at.tzinfo is None:
            raise TypeError("A period in hours starts at an aware datetime (at=...).")
        start = local_date(at)
    clock: ClockData = {
        "start": start.isoformat(),
        "amount": rule.amount,
        "unit": str(rule.unit),
        "basis": rule.basis,
        "extension": None,
        "extensions": 0,
        "pauses": [],
    }
    if rule.unit is Unit.HOURS:
        assert at is not None  # noqa: S101 - checked above
        clock["start_at"] = at.astimezone(LOCAL_TIME_ZONE).isoformat()
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


def in_hours(clock: ClockData) -> bool:
    return clock["unit"] == Unit.HOURS


def _hours_due(clock: ClockData) -> datetime.datetime:
    """The end of a period in hours: its hours and the extensions' from ``start_at``, pushed
    back by every pause to the second."""
    extension = clock.get("extension")
    hours = clock["amount"] + (extension["amount"] * clock["extensions"] if extension else 0)
    due = core_deadlines.hours_due(datetime.datetime.fromisoformat(clock["start_at"]), hours)
    for paused, resumed in clock["pauses"]:
        due += datetime.datetime.fromisoformat(resumed) - datetime.datetime.fromisoformat(paused)
    return due


def due_date(clock: ClockData, *, calendar: WorkingCalendar) -> datetime.date:
    if in_hours(clock):
        return local_date(_hours_due(clock))
    return _deadline(clock, calendar=calendar).due


def due_at(clock: ClockData | None, *, calendar: WorkingCalendar) -> datetime.datetime | None:
    """The stored ``due_at`` for a clock, ``None`` when no clock runs: the end of the due day,
    or for a period in hours the very moment it ends."""
    if not clock:
        return None
    if in_hours(clock):
        return _hours_due(clock)
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


def clock_with_paused_time(
    clock: ClockData, paused_at: datetime.datetime, resumed_at: datetime.datetime
) -> ClockData:
    """A clock in hours that stood still from ``paused_at`` to ``resumed_at``."""
    moments = [paused_at.isoformat(), max(paused_at, resumed_at).isoformat()]
    return {**clock, "pauses": [*clock["pauses"], moments]}


def clock_extended(clock: ClockData, *, calendar: WorkingCalendar) -> ClockData:
    """The clock with one more extension; ``ExtensionLimitReached`` (HTTP 409) at the limit,
    through ``tuphap.core.deadlines.extended_deadline``."""
    extension = clock.get("extension")
    if extension is None:
        raise ValueError("This deadline has no extension rule.")
    if in_hours(clock):
        core_deadlines.check_extension_left(clock["extensions"], extension["max_count"])
        return {**clock, "extensions": clock["extensions"] + 1}
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
