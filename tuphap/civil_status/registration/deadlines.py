"""Two kinds of time in the civil status register, both pure functions over the calendar engine.

1. The duty to register a birth within 60 days (Luật Hộ tịch 60/2014/QH13 Art. 15(1)) and a death
within 15 days (Art. 33(1)): whether a registration was on time. Pure functions.

Counted as the Civil Code counts (BLDS 2015 Art. 147–148): the day of the event is not counted,
and a period ending on a day off ends at the end of the next working day. The declarant has met
the duty on the day the file was received, even when it arrived after 15:00 and is registered the
next working day (Art. 5(3) only lets the office register it then).

2. The time the commune has to handle an application once the complete file is accepted
(``TIME_LIMITS``, one row per procedure with its legal basis; docs/domain/civil_status.md §9).
"Immediately" is the same working day, or the next one for a file accepted after 15:00 (Luật Hộ
tịch Art. 5(3); ``tuphap.core.deadlines.effective_receipt_date``). So that the case engine keeps
one kind of clock, it is stored as one working day counted from the working day before that day.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tuphap.casework.registry import DeadlineRule, Extension
from tuphap.civil_status.registration.models import EventType
from tuphap.core import deadlines
from tuphap.core.calendar import FIRST_YEAR, LAST_YEAR, WorkingCalendar
from tuphap.core.deadlines import LOCAL_TIME_ZONE, Unit

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


# -- the time to handle an application ----------------------------------------------------------


class Measure(enum.StrEnum):
    IMMEDIATE = "immediate"  # the same working day; after 15:00 the next one
    WORKING_DAYS = "working_days"
    DAYS = "days"


@dataclass(frozen=True)
class TimeLimit:
    """How long the commune has from the acceptance of the complete file. ``verification`` is
    the extra time a verification allows (working days, granted once by the officer), or 0."""

    code: str
    measure: Measure
    amount: int
    basis: str
    verification: int = 0
    verification_basis: str = ""


IMMEDIATE_BIRTH = TimeLimit("birth", Measure.IMMEDIATE, 0, "Luật Hộ tịch 2014 Art. 16(2), 5(3)")
RE_REGISTRATION = TimeLimit(
    "re_registration",
    Measure.WORKING_DAYS,
    5,
    "NĐ 123/2015/NĐ-CP Art. 27(2)",
    verification=8,
    verification_basis="NĐ 123/2015/NĐ-CP Art. 27(2): another authority answers in 5 working "
    "days, then 3 to register",
)
TIME_LIMITS: Final[dict[str, TimeLimit]] = {
    "birth": IMMEDIATE_BIRTH,
    "re_registration": RE_REGISTRATION,
    "death": TimeLimit(
        "death",
        Measure.IMMEDIATE,
        0,
        "Luật Hộ tịch 2014 Art. 34(2), 5(3)",
        verification=3,
        verification_basis="Luật Hộ tịch 2014 Art. 34(2), 52(2)",
    ),
    "marriage": TimeLimit(
        "marriage",
        Measure.IMMEDIATE,
        0,
        "Luật Hộ tịch 2014 Art. 18(2), 5(3)",
        verification=5,
        verification_basis="Luật Hộ tịch 2014 Art. 18(2)",
    ),
    "marriage_foreign": TimeLimit(
        "marriage_foreign", Measure.DAYS, 15, "Luật Hộ tịch 2014 Art. 38(2)"
    ),
    "recognition": TimeLimit(
        "recognition",
        Measure.WORKING_DAYS,
        3,
        "Luật Hộ tịch 2014 Art. 25(2)",
        verification=5,
        verification_basis="Luật Hộ tịch 2014 Art. 25(2)",
    ),
    "change": TimeLimit(
        "change",
        Measure.WORKING_DAYS,
        3,
        "Luật Hộ tịch 2014 Art. 28(2)",
        verification=3,
        verification_basis="Luật Hộ tịch 2014 Art. 28(2)",
    ),
    "supplement": TimeLimit(
        "supplement", Measure.IMMEDIATE, 0, "Luật Hộ tịch 2014 Art. 29(2), 5(3)"
    ),
    "marital_status": TimeLimit(
        "marital_status", Measure.WORKING_DAYS, 3, "NĐ 123/2015/NĐ-CP Art. 22(2)"
    ),
    "court_decision": TimeLimit(
        "court_decision", Measure.IMMEDIATE, 0, "Luật Hộ tịch 2014 Art. 30–31, 5(3)"
    ),
    "guardianship": TimeLimit(
        "guardianship", Measure.WORKING_DAYS, 3, "Luật Hộ tịch 2014 Art. 20(2)"
    ),
}

# The bases of the time limits as the pages and the appointment slip cite them, in the reader's
# language (``TimeLimit.basis`` stays the reference stored with the application).
BASIS_LABELS: Final[dict[str, Promise]] = {
    "Luật Hộ tịch 2014 Art. 16(2), 5(3)": _("Luật Hộ tịch 2014 Art. 16(2), 5(3)"),
    "NĐ 123/2015/NĐ-CP Art. 27(2)": _("NĐ 123/2015/NĐ-CP Art. 27(2)"),
    "Luật Hộ tịch 2014 Art. 34(2), 5(3)": _("Luật Hộ tịch 2014 Art. 34(2), 5(3)"),
    "Luật Hộ tịch 2014 Art. 18(2), 5(3)": _("Luật Hộ tịch 2014 Art. 18(2), 5(3)"),
    "Luật Hộ tịch 2014 Art. 38(2)": _("Luật Hộ tịch 2014 Art. 38(2)"),
    "Luật Hộ tịch 2014 Art. 25(2)": _("Luật Hộ tịch 2014 Art. 25(2)"),
    "Luật Hộ tịch 2014 Art. 28(2)": _("Luật Hộ tịch 2014 Art. 28(2)"),
    "Luật Hộ tịch 2014 Art. 29(2), 5(3)": _("Luật Hộ tịch 2014 Art. 29(2), 5(3)"),
    "NĐ 123/2015/NĐ-CP Art. 22(2)": _("NĐ 123/2015/NĐ-CP Art. 22(2)"),
    "Luật Hộ tịch 2014 Art. 30–31, 5(3)": _("Luật Hộ tịch 2014 Art. 30–31, 5(3)"),
    "Luật Hộ tịch 2014 Art. 20(2)": _("Luật Hộ tịch 2014 Art. 20(2)"),
}


def basis_label(basis: str) -> str:
    """The stored basis of a time limit as cited to the reader (unknown ones as stored)."""
    return str(BASIS_LABELS.get(basis, basis))


def time_limit(event_type: str, data: Mapping[str, Any]) -> TimeLimit:
    """The row of ``TIME_LIMITS`` for an application of ``event_type`` with ``data`` (a
    re-registration, a marriage with a foreign element and a supplement of information have
    their own)."""
    if event_type in (EventType.BIRTH, EventType.DEATH, EventType.MARRIAGE) and data.get(
        "re_registration"
    ):
        return RE_REGISTRATION
    if event_type == EventType.MARRIAGE and data.get("foreign_element"):
        return TIME_LIMITS["marriage_foreign"]
    if event_type == EventType.CHANGE and data.get("kind") == "supplement":
        return TIME_LIMITS["supplement"]
    return TIME_LIMITS[EventType(event_type).value]


def previous_working_day(day: datetime.date, *, calendar: WorkingCalendar) -> datetime.date:
    """The last working day strictly before ``day``."""
    before = day - datetime.timedelta(days=1)
    while not calendar.is_working_day(before):
        before -= datetime.timedelta(days=1)
    return before


def handling_clock(
    limit: TimeLimit, accepted_at: datetime.datetime, *, calendar: WorkingCalendar
) -> tuple[datetime.date, DeadlineRule]:
    """The day the handling period counts from (not counted) and its rule, for the case engine.
    A period in days or working days runs from the day of acceptance (BLDS 2015 Art. 147);
    "immediately" ends on the working day the file counts as received (the 15:00 rule)."""
    extension = Extension(limit.verification, Unit.WORKING_DAYS, 1) if limit.verification else None
    if limit.measure is Measure.IMMEDIATE:
        day = deadlines.effective_receipt_date(accepted_at, calendar=calendar)
        start = previous_working_day(day, calendar=calendar)
        return start, DeadlineRule(1, Unit.WORKING_DAYS, basis=limit.basis, extension=extension)
    unit = Unit.WORKING_DAYS if limit.measure is Measure.WORKING_DAYS else Unit.DAYS
    start = accepted_at.astimezone(LOCAL_TIME_ZONE).date()
    return start, DeadlineRule(limit.amount, unit, basis=limit.basis, extension=extension)


def handling_due(
    limit: TimeLimit,
    accepted_at: datetime.datetime,
    *,
    calendar: WorkingCalendar,
    verification: bool = False,
) -> datetime.date:
    """The appointment day: the last day to hand over the result, with or without the time a
    verification allows."""
    start, rule = handling_clock(limit, accepted_at, calendar=calendar)
    due = deadlines.due_date(start, rule.amount, rule.unit, calendar=calendar)
    if verification and rule.extension is not None:
        due = deadlines.due_date(due, rule.extension.amount, rule.extension.unit, calendar=calendar)
    return due
