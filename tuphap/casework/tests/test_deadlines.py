"""The case clock (pure): due dates with pauses and extensions, on the shipped calendar."""

from __future__ import annotations

import datetime

import pytest

from tuphap.casework import deadlines
from tuphap.casework.registry import DeadlineRule, Extension
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import ExtensionLimitReached, Pause, Unit

D = datetime.date
CAL = WorkingCalendar.from_file()
VN = datetime.timezone(datetime.timedelta(hours=7))
RULE = DeadlineRule(5, Unit.WORKING_DAYS, extension=Extension(5, Unit.WORKING_DAYS, 2))


def test_due_at_is_the_end_of_the_due_day_in_viet_nam() -> None:
    clock = deadlines.clock_started(RULE, D(2026, 8, 27))
    due = deadlines.due_at(clock, calendar=CAL)
    assert due == datetime.datetime(2026, 9, 8, 23, 59, 59, 999999, tzinfo=VN)
    assert due.astimezone(datetime.UTC) == datetime.datetime(
        2026, 9, 8, 16, 59, 59, 999999, tzinfo=datetime.UTC
    )


def test_no_clock_no_due() -> None:
    assert deadlines.due_at(None, calendar=CAL) is None


@pytest.mark.parametrize(
    ("paused_on", "resumed_on", "expected"),
    [
        (D(2026, 8, 28), D(2026, 9, 3), Pause(D(2026, 8, 28), D(2026, 9, 2))),
        (D(2026, 8, 28), D(2026, 8, 29), Pause(D(2026, 8, 28), D(2026, 8, 28))),
        (D(2026, 8, 28), D(2026, 8, 28), None),
    ],
    ids=["six-days", "one-day", "same-day"],
)
def test_paused_days_run_to_the_day_before_resumption(
    paused_on: D, resumed_on: D, expected: Pause | None
) -> None:
    assert deadlines.paused_days(paused_on, resumed_on) == expected


@pytest.mark.parametrize(
    ("pauses", "extensions", "due"),
    [
        ([], 0, D(2026, 9, 8)),
        ([["2026-08-28", "2026-09-02"]], 0, D(2026, 9, 9)),
        # Tết is far away: a pause after the due day changes nothing.
        ([["2026-09-10", "2026-09-20"]], 0, D(2026, 9, 8)),
        ([], 1, D(2026, 9, 15)),
        ([], 2, D(2026, 9, 22)),
        # Extended to 15 Sep, then paused 14–16 Sep (3 working days) → 18 Sep.
        ([["2026-09-14", "2026-09-16"]], 1, D(2026, 9, 18)),
        # A pause counted in the base period is not counted again in the extension.
        ([["2026-08-28", "2026-09-02"]], 1, D(2026, 9, 16)),
    ],
    ids=[
        "base",
        "pause-over-national-day",
        "pause-after-due",
        "one-extension",
        "two-extensions",
        "pause-during-extension",
        "pause-not-double-counted",
    ],
)
def test_due_date_with_pauses_and_extensions(
    pauses: list[list[str]], extensions: int, due: D
) -> None:
    clock = deadlines.clock_started(RULE, D(2026, 8, 27))
    clock = {**clock, "pauses": pauses, "extensions": extensions}
    assert deadlines.due_date(clock, calendar=CAL) == due


def test_extension_limit() -> None:
    clock = deadlines.clock_started(RULE, D(2026, 8, 27))
    clock = deadlines.clock_extended(deadlines.clock_extended(clock, calendar=CAL), calendar=CAL)
    assert deadlines.extensions_left(clock) == 0
    with pytest.raises(ExtensionLimitReached):
        deadlines.clock_extended(clock, calendar=CAL)


def test_local_date_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        deadlines.local_date(datetime.datetime(2026, 1, 1))  # noqa: DTZ001 - the point
    # 23:30 UTC on 31 Dec is already 1 Jan in Việt Nam
    assert deadlines.local_date(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)) == D(
        2027, 1, 1
    )


# -- limits in hours (BLDS 2015 Art. 147(1)): real hours, weekends and holidays included --------

HOURS_12 = DeadlineRule(12, Unit.HOURS, extension=Extension(12, Unit.HOURS, 1))


def test_twelve_hours_from_saturday_night_end_on_sunday_morning() -> None:
    saturday_night = datetime.datetime(2026, 12, 5, 22, 0, tzinfo=VN)
    clock = deadlines.clock_started(HOURS_12, D(2026, 1, 1), at=saturday_night)
    assert clock["start"] == "2026-12-05"  # the day is the moment's, not the one passed
    assert deadlines.due_at(clock, calendar=CAL) == datetime.datetime(2026, 12, 6, 10, 0, tzinfo=VN)
    assert deadlines.due_date(clock, calendar=CAL) == D(2026, 12, 6)


def test_an_hour_limit_runs_through_a_holiday() -> None:
    new_year_eve = datetime.datetime(2026, 12, 31, 20, 30, tzinfo=datetime.UTC)  # 03:30 on 1 Jan
    clock = deadlines.clock_started(DeadlineRule(24, Unit.HOURS), D(2026, 12, 31), at=new_year_eve)
    assert deadlines.due_at(clock, calendar=CAL) == datetime.datetime(2027, 1, 2, 3, 30, tzinfo=VN)


def test_an_hour_limit_needs_a_moment() -> None:
    with pytest.raises(TypeError):
        deadlines.clock_started(HOURS_12, D(2026, 12, 5))


def test_an_hour_clock_is_pushed_back_by_the_paused_time_and_extended_once() -> None:
    start = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=VN)
    clock = deadlines.clock_started(HOURS_12, start.date(), at=start)
    paused = deadlines.clock_with_paused_time(
        clock, start + datetime.timedelta(hours=2), start + datetime.timedelta(hours=5, minutes=30)
    )
    assert deadlines.due_at(paused, calendar=CAL) == datetime.datetime(
        2026, 12, 7, 23, 30, tzinfo=VN
    )
    extended = deadlines.clock_extended(paused, calendar=CAL)
    assert deadlines.due_at(extended, calendar=CAL) == datetime.datetime(
        2026, 12, 8, 11, 30, tzinfo=VN
    )
    with pytest.raises(ExtensionLimitReached):
        deadlines.clock_extended(extended, calendar=CAL)
