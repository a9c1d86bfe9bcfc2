"""The duty to register a birth within 60 days (Luật Hộ tịch 60/2014/QH13 Art. 15(1)) and a death
within 15 days (Art. 33(1)): whether a registration was on time. Pure functions.

Counted as the Civil Code counts (BLDS 2015 Art. 147–148): the day of the event is not counted,
and a period ending on a day off ends at the end of the next working day. The declarant has met
the duty on the day the file was received, even when it arrived after 15:00 and is registered the
next working day (Art. 5(3) only lets the office register it then).
"""

from __future__ import annotations

import datetime
from typing import Final

from tuphap.civil_status.models import EventType
from tuphap.core import deadlines
from tuphap.core.calendar import FIRST_YEAR, LAST_YEAR, WorkingCalendar

DUTY_DAYS: Final = {EventType.BIRTH: 60, EventType.DEATH: 15}


def registration_due(
    event_type: str, event_date: datetime.date, *, calendar: WorkingCalendar
) -> datetime.date | None:
    """The last day to register the event, or ``None`` when the law sets no duty period."""
    days = DUTY_DAYS.get(EventType(event_type)) if event_type in EventType.values else None
    if days is None:
        return None
    end = event_date + datetime.timedelta(days=days)
    if not (event_date.year >= FIRST_YEAR and end.year <= LAST_YEAR):
        return end  # outside the calendar's years: no holiday roll-forward is known
    return deadlines.due_date(event_date, days, deadlines.Unit.DAYS, calendar=calendar)


def is_on_time(
    event_type: str,
    event_date: datetime.date,
    received_on: datetime.date,
    *,
    calendar: WorkingCalendar,
) -> bool | None:
    """``True``/``False`` for a birth or a death, ``None`` for the other events."""
    due = registration_due(event_type, event_date, calendar=calendar)
    return None if due is None else received_on <= due
