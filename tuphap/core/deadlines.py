"""Deadline arithmetic: pure functions over a ``WorkingCalendar``.

The rules (docs/domain/calendar.md):

* Bộ luật Dân sự 2015 Art. 147(2): a period in days, months or years starts the day after the
  start date (the start day is not counted).
* Art. 148(1)–(4): a period of N days ends on the N-th day; of N months (years) on the
  corresponding day of the last month (year), or on the last day of that month when it has no
  such day (31 Jan + 1 month = 28/29 Feb; 29 Feb + 1 year = 28 Feb).
* Art. 148(5): when that last day is a weekend day or a day off, the period ends at the end of the
  next working day.
* ``working_days`` ("ngày làm việc" in the special laws): the N-th working day after the start
  day. Its last day is a working day by construction.
* ``hours`` (Art. 147(1)): a period in hours starts at the moment set and ends ``N`` real hours
  later, nights, weekends and holidays included (a 12-hour limit from 22:00 on a Saturday ends
  at 10:00 on Sunday); no roll-forward. It starts at a moment, not a day, so the day functions
  below refuse it and ``hours_due`` computes it.

Every function takes the calendar explicitly (``calendar.default_calendar()`` in the application,
``WorkingCalendar.from_file()`` in tests and benchmarks) and touches no database.
"""

from __future__ import annotations

import calendar as gregorian
import datetime
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from tuphap.core.calendar import FIRST_YEAR, LAST_YEAR, OutOfCalendarRange, WorkingCalendar
from tuphap.core.errors import Conflict, ValidationFailed

LOCAL_TIME_ZONE: Final = ZoneInfo("Asia/Ho_Chi_Minh")
# Luật Hộ tịch 2014 Art. 5(3) [per domain.md]; NĐ 87/2020 Art. 7(2): received after 15:00 counts
# as received on the next working day.
RECEIPT_CUTOFF: Final = datetime.time(15, 0)


class Unit(enum.StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    YEARS = "years"
    HOURS = "hours"


# The units that count whole days from a start day (everything but ``HOURS``).
DAY_UNITS: Final = (Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.YEARS)

# The longest period accepted, per unit: far beyond any legal period, and within the calendar.
MAX_AMOUNT: Final = {
    Unit.DAYS: 36_500,
    Unit.WORKING_DAYS: 25_000,
    Unit.MONTHS: 1_200,
    Unit.YEARS: 100,
    Unit.HOURS: 8_760,
}

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def parse_unit(value: object) -> Unit:
    """``Unit`` from its name; a ``ValidationFailed`` naming ``unit`` otherwise."""
    if isinstance(value, Unit):
        return value
    try:
        return Unit(str(value))
    except ValueError:
        raise ValidationFailed(
            _("Unknown unit %(unit)s.") % {"unit": repr(value)},
            fields={"unit": _("Use one of: days, working_days, months, years, hours.")},
        ) from None


def parse_amount(value: object) -> int:
    """An amount from an ``int`` or a string of digits; floats and decimals are refused."""
    if isinstance(value, float):
        raise TypeError("A period is a whole number; got a float.")
    if isinstance(value, str):
        text = value.strip()
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValidationFailed(
                _("The amount must be a whole number."),
                fields={"amount": _("Enter a whole number of 1 or more, e.g. 15.")},
            )
        return int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"A period is an int, not {type(value).__name__}.")
    return value


def check_amount(amount: int, unit: Unit) -> int:
    amount = parse_amount(amount)
    if amount < 1:
        raise ValidationFailed(
            _("The amount must be 1 or more."),
            fields={"amount": _("Enter a whole number of 1 or more, e.g. 15.")},
        )
    if amount > MAX_AMOUNT[unit]:
        raise ValidationFailed(
            _("The amount is too large."),
            fields={
                "amount": _("At most %(max)d %(unit)s.") % {"max": MAX_AMOUNT[unit], "unit": unit}
            },
        )
    return amount


def add_months(date: datetime.date, months: int) -> datetime.date:
    """The corresponding day ``months`` later, clamped to the end of a shorter month."""
    month_index = date.year * 12 + date.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    day = date.day
    if day > 28:
        day = min(day, gregorian.monthrange(year, month)[1])
    return datetime.date(year, month, day)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline. ``period_end`` is the last day by counting alone (Art. 148(1)–(4));
    ``due`` the day the period really ends after the roll-forward of Art. 148(5)."""

    start: datetime.date
    amount: int
    unit: Unit
    period_end: datetime.date
    due: datetime.date

    @property
    def rolled_forward(self) -> bool:
        return self.due != self.period_end


def check_start(start: datetime.date) -> datetime.date:
    if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
        raise TypeError("A period starts on a date (datetime.date, not datetime).")
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise ValidationFailed(
            _("The start date is outside the calendar."),
            fields={
                "start": _("Choose a date from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            },
        )
    return start


def _past_calendar() -> ValidationFailed:
    return ValidationFailed(
        _("The period runs past the years the calendar covers."),
        fields={"amount": _("The period must end by %(last)d.") % {"last": LAST_YEAR}},
    )


# Bound once: the hot path below runs for every deadline of every case.
_DATE = datetime.date
_DAYS, _WORKING_DAYS, _MONTHS, _HOURS = Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.HOURS


def _checked(start: datetime.date, amount: int, unit: Unit | str) -> Unit:
    """Validate the three inputs; the common case costs a few type checks."""
    if type(start) is not _DATE or not FIRST_YEAR <= start.year <= LAST_YEAR:
        check_start(start)
    if type(unit) is not Unit:
        unit = parse_unit(unit)
    if unit is _HOURS:
        raise ValidationFailed(
            _("A period in hours starts at a moment, not on a day."),
            fields={"unit": _("Use one of: days, working_days, months, years.")},
        )
    if type(amount) is not int or not 1 <= amount <= MAX_AMOUNT[unit]:
        check_amount(amount, unit)
    return unit


def _period_end(
    start: datetime.date, amount: int, unit: Unit, calendar: WorkingCalendar
) -> datetime.date:
    try:
        if unit is _WORKING_DAYS:
            return calendar.add_working_days(start, amount)
        if unit is _DAYS:
            end = _DATE.fromordinal(start.toordinal() + amount)
        else:
            end = add_months(start, amount if unit is _MONTHS else 12 * amount)
    except (OutOfCalendarRange, OverflowError):
        raise _past_calendar() from None
    if end.year > LAST_YEAR:
        raise _past_calendar()
    return end


def _roll_forward(end: datetime.date, calendar: WorkingCalendar) -> datetime.date:
    try:
        return calendar.next_working_day(end)
    except OutOfCalendarRange:
        raise _past_calendar() from None


def period_end(
    start: datetime.date, amount: int, unit: Unit | str, *, calendar: WorkingCalendar
) -> datetime.date:
    """The last day of the period by counting alone, before any roll-forward."""
    unit = _checked(start, amount, unit)
    return _period_end(start, amount, unit, calendar)


def deadline(
    start: datetime.date, amount: int, unit: Unit | str, *, calendar: WorkingCalendar
) -> Deadline:
    unit = _checked(start, amount, unit)
    end = _period_end(start, amount, unit, calendar)
    return Deadline(start, amount, unit, end, _roll_forward(end, calendar))


def due_date(
    start: datetime.date, amount: int, unit: Unit | str, *, calendar: WorkingCalendar
) -> datetime.date:
    """The day a period of ``amount`` ``unit`` counted from ``start`` ends (at 24:00)."""
    unit = _checked(start, amount, unit)
    return _roll_forward(_period_end(start, amount, unit, calendar), calendar)


def hours_due(start_at: datetime.datetime, amount: int) -> datetime.datetime:
    """The moment a period of ``amount`` hours that starts at ``start_at`` ends (BLDS 2015
    Art. 147(1)): real hours, whatever the day; the result is in Việt Nam's time."""
    if start_at.tzinfo is None or start_at.utcoffset() is None:
        raise TypeError("A period in hours starts at an aware datetime.")
    amount = check_amount(amount, Unit.HOURS)
    end = start_at.astimezone(LOCAL_TIME_ZONE) + datetime.timedelta(hours=amount)
    if end.year > LAST_YEAR:
        raise _past_calendar()
    return end


# -- pauses, restarts, extensions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pause:
    """The clock stood still from ``first_day`` to ``last_day``, both included (e.g. the days a
    postponement or suspension decision was in force); it runs again on the day after."""

    first_day: datetime.date
    last_day: datetime.date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValidationFailed(
                _("A pause ends before it starts."),
                fields={"pauses": _("The last day of a pause is before its first day.")},
            )


def merge_pauses(pauses: Iterable[Pause]) -> list[Pause]:
    """Sorted pauses with overlapping and adjacent ones joined: a day is paused once at most."""
    merged: list[Pause] = []
    for pause in sorted(pauses, key=lambda p: (p.first_day, p.last_day)):
        if merged and pause.first_day <= merged[-1].last_day + datetime.timedelta(days=1):
            if pause.last_day > merged[-1].last_day:
                merged[-1] = Pause(merged[-1].first_day, pause.last_day)
        else:
            merged.append(pause)
    return merged


def deadline_with_pauses(
    start: datetime.date,
    amount: int,
    unit: Unit | str,
    pauses: Iterable[Pause],
    *,
    calendar: WorkingCalendar,
) -> Deadline:
    """The deadline pushed back by the time its clock was paused.

    Pauses are merged, and only their part after the start day counts. A pause counts if it
    begins on or before the last counted day of the period (as pushed back so far, before the
    roll-forward); one that begins later changes nothing: the period had already run out. A
    counted pause pushes the last day back by all its days of the period's own kind: calendar
    days for ``days``, ``months`` and ``years`` (months are counted first, then the paused days
    added), working days for ``working_days``. So for ``days`` and ``working_days`` the last day
    is the N-th unpaused (working) day after the start. Art. 148(5) then applies to the result.
    """
    unit = parse_unit(unit)
    end = period_end(start, amount, unit, calendar=calendar)
    first_counted = start + datetime.timedelta(days=1)
    for pause in merge_pauses(pauses):
        first = max(pause.first_day, first_counted)
        if pause.last_day < first:
            continue
        if first > end:
            break
        try:
            if unit is Unit.WORKING_DAYS:
                paused = calendar.working_days_between(first, pause.last_day)
                end = calendar.add_working_days(end, paused)
            else:
                end += datetime.timedelta(days=(pause.last_day - first).days + 1)
        except (OutOfCalendarRange, OverflowError):
            raise _past_calendar() from None
    return Deadline(start, amount, unit, end, _roll_forward(end, calendar))


def restarted_deadline(
    restarted_on: datetime.date, amount: int, unit: Unit | str, *, calendar: WorkingCalendar
) -> Deadline:
    """A clock that restarts (e.g. a complaint's time limit after a suspension ends) runs the
    whole period again from ``restarted_on``, which is not counted; time and pauses before it
    are discarded."""
    return deadline(restarted_on, amount, unit, calendar=calendar)


class ExtensionLimitReached(Conflict):
    code = "extension_limit_reached"


def check_extension_left(extensions_granted: int, max_extensions: int) -> None:
    """``ExtensionLimitReached`` (HTTP 409) once ``max_extensions`` have been granted."""
    if max_extensions < 0 or extensions_granted < 0:
        raise ValueError("Extension counts must not be negative.")
    if extensions_granted >= max_extensions:
        raise ExtensionLimitReached(
            _("No further extension is allowed: %(count)d of %(max)d already granted.")
            % {"count": extensions_granted, "max": max_extensions},
            fields={"extensions": _("The maximum number of extensions has been reached.")},
        )


def extended_deadline(
    current: Deadline,
    *,
    amount: int,
    unit: Unit | str,
    extensions_granted: int,
    max_extensions: int,
    calendar: WorkingCalendar,
) -> Deadline:
    """One more period of ``amount`` ``unit`` counted from the current due date (which is not
    counted), refused once ``extensions_granted`` has reached ``max_extensions`` (e.g. a
    denunciation: at most 2 extensions of 30 days)."""
    check_extension_left(extensions_granted, max_extensions)
    unit = parse_unit(unit)
    extended = deadline(current.due, amount, unit, calendar=calendar)
    return Deadline(current.start, current.amount, current.unit, extended.period_end, extended.due)


# -- the 15:00 rule ------------------------------------------------------------------------------


def effective_receipt_date(
    received_at: datetime.datetime,
    *,
    calendar: WorkingCalendar,
    cutoff: datetime.time = RECEIPT_CUTOFF,
) -> datetime.date:
    """The working day a filing counts as received on: its local (Asia/Ho_Chi_Minh) date, or the
    next working day when it arrived after ``cutoff`` (15:00:00 itself is still in time) or on a
    day off."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be an aware datetime.")
    local = received_at.astimezone(LOCAL_TIME_ZONE)
    day = local.date()
    if not calendar.is_working_day(day):
        return calendar.next_working_day(day)
    if local.time().replace(tzinfo=None) > cutoff:
        return calendar.next_working_day(day, inclusive=False)
    return day


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of ``day`` in Việt Nam: a period ends at 24:00 (BLDS 2015 Art. 148)."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=LOCAL_TIME_ZONE)
