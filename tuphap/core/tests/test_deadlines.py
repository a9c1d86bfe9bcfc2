"""Deadline arithmetic on real dates (file-built calendar, no database), plus properties."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuphap.core import deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import Pause, Unit
from tuphap.core.errors import ValidationFailed

D = datetime.date
CAL = WorkingCalendar.from_file()
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        # Tết Quý Mão 2023: days off Fri 20 – Thu 26 Jan.
        pytest.param(D(2023, 1, 19), 1, "days", D(2023, 1, 27), id="tet-2023-1-day-rolls-past"),
        pytest.param(D(2023, 1, 19), 1, "working_days", D(2023, 1, 27), id="tet-2023-1-wd"),
        pytest.param(D(2023, 1, 16), 5, "working_days", D(2023, 1, 30), id="tet-2023-5-wd"),
        pytest.param(D(2022, 12, 26), 1, "months", D(2023, 1, 27), id="tet-2023-month-rolls"),
        # Tết Giáp Thìn 2024: Thu 8 – Wed 14 Feb.
        pytest.param(D(2024, 2, 7), 1, "working_days", D(2024, 2, 15), id="tet-2024-1-wd"),
        pytest.param(D(2024, 2, 6), 3, "working_days", D(2024, 2, 16), id="tet-2024-3-wd"),
        pytest.param(D(2024, 2, 1), 10, "days", D(2024, 2, 15), id="tet-2024-10-days-sunday"),
        # Tết Ất Tỵ 2025: Mon 27 – Fri 31 Jan (+ weekends: 25 Jan – 2 Feb).
        pytest.param(D(2025, 1, 24), 1, "days", D(2025, 2, 3), id="tet-2025-saturday-rolls"),
        pytest.param(D(2025, 1, 24), 1, "working_days", D(2025, 2, 3), id="tet-2025-1-wd"),
        pytest.param(D(2024, 12, 28), 1, "months", D(2025, 2, 3), id="tet-2025-month-rolls"),
        # Tết Bính Ngọ 2026: Mon 16 – Fri 20 Feb; Tết Dương lịch: Fri 2 Jan swapped for Sat 10.
        pytest.param(D(2026, 2, 13), 1, "working_days", D(2026, 2, 23), id="tet-2026-1-wd"),
        pytest.param(D(2026, 2, 6), 10, "days", D(2026, 2, 23), id="tet-2026-10-days"),
        pytest.param(D(2026, 1, 16), 1, "months", D(2026, 2, 23), id="tet-2026-month-rolls"),
        pytest.param(D(2025, 12, 31), 1, "working_days", D(2026, 1, 5), id="new-year-2026"),
        pytest.param(D(2026, 1, 9), 1, "working_days", D(2026, 1, 10), id="make-up-2026-01-10"),
        pytest.param(D(2026, 1, 8), 2, "days", D(2026, 1, 10), id="ends-on-make-up-saturday"),
        # 30/4–1/5 2023: Sat 29 Apr – Wed 3 May (Hùng Kings and 30/4 in lieu).
        pytest.param(D(2023, 4, 28), 1, "working_days", D(2023, 5, 4), id="30-4-2023-1-wd"),
        pytest.param(D(2023, 3, 31), 1, "months", D(2023, 5, 4), id="30-4-2023-month-clamped"),
        # 30/4–1/5 2024: Mon 29 Apr swapped for Sat 4 May.
        pytest.param(D(2024, 4, 26), 3, "working_days", D(2024, 5, 4), id="30-4-2024-make-up"),
        pytest.param(D(2024, 4, 26), 2, "working_days", D(2024, 5, 3), id="30-4-2024-2-wd"),
        pytest.param(D(2024, 4, 26), 4, "working_days", D(2024, 5, 6), id="30-4-2024-4-wd"),
        pytest.param(D(2024, 4, 25), 3, "days", D(2024, 5, 2), id="30-4-2024-3-days"),
        pytest.param(D(2024, 5, 3), 1, "working_days", D(2024, 5, 4), id="30-4-2024-fri-to-sat"),
        pytest.param(D(2024, 5, 2), 2, "days", D(2024, 5, 4), id="30-4-2024-days-end-sat"),
        # 30/4–1/5 2025: Fri 2 May swapped for Sat 26 Apr.
        pytest.param(D(2025, 4, 25), 1, "working_days", D(2025, 4, 26), id="30-4-2025-make-up"),
        pytest.param(D(2025, 4, 29), 1, "working_days", D(2025, 5, 5), id="30-4-2025-1-wd"),
        pytest.param(D(2025, 4, 29), 1, "days", D(2025, 5, 5), id="30-4-2025-1-day"),
        # 2/9: 2023 Fri 1 + Mon 4 Sep; 2024 Mon 2–Tue 3; 2025 Mon 1–Tue 2; 2026 Mon 31 Aug–Wed 2.
        pytest.param(D(2023, 8, 31), 1, "working_days", D(2023, 9, 5), id="2-9-2023-1-wd"),
        pytest.param(D(2024, 8, 30), 1, "working_days", D(2024, 9, 4), id="2-9-2024-1-wd"),
        pytest.param(D(2025, 8, 29), 1, "working_days", D(2025, 9, 3), id="2-9-2025-1-wd"),
        pytest.param(D(2025, 8, 2), 1, "months", D(2025, 9, 3), id="2-9-2025-month-rolls"),
        pytest.param(D(2026, 8, 28), 1, "working_days", D(2026, 9, 3), id="2-9-2026-1-wd"),
        pytest.param(D(2026, 8, 21), 1, "working_days", D(2026, 8, 22), id="2-9-2026-make-up"),
        pytest.param(D(2026, 7, 31), 1, "months", D(2026, 9, 3), id="2-9-2026-month-rolls"),
        pytest.param(D(2026, 8, 2), 30, "days", D(2026, 9, 3), id="2-9-2026-30-days"),
        # Years.
        pytest.param(D(2024, 2, 29), 1, "years", D(2025, 2, 28), id="leap-day-plus-1-year"),
        pytest.param(D(2022, 9, 2), 1, "years", D(2023, 9, 5), id="year-ends-on-national-day"),
    ],
)
def test_due_date_on_real_dates(
    start: datetime.date, amount: int, unit: str, due: datetime.date
) -> None:
    assert deadlines.due_date(start, amount, unit, calendar=CAL) == due


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="31-jan-2024-leap"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), id="31-jan-2023"),
        pytest.param(D(2024, 3, 31), 1, D(2024, 4, 30), id="31-mar-to-30-apr"),
        pytest.param(D(2024, 10, 31), 4, D(2025, 2, 28), id="31-oct-plus-4"),
        pytest.param(D(2024, 1, 30), 1, D(2024, 2, 29), id="30-jan-2024"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="leap-day-plus-12"),
        pytest.param(D(2024, 11, 30), 3, D(2025, 2, 28), id="across-year"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 29), id="leap-to-leap"),
    ],
)
def test_month_end_clamping(start: datetime.date, months: int, end: datetime.date) -> None:
    assert deadlines.add_months(start, months) == end
    assert deadlines.period_end(start, months, "months", calendar=CAL) == end


def test_deadline_reports_the_period_end_and_the_roll_forward() -> None:
    result = deadlines.deadline(D(2025, 1, 24), 1, Unit.DAYS, calendar=CAL)

    assert (result.period_end, result.due, result.rolled_forward) == (
        D(2025, 1, 25),
        D(2025, 2, 3),
        True,
    )


@pytest.mark.parametrize(
    ("amount", "unit", "field"),
    [
        pytest.param(0, "days", "amount", id="zero"),
        pytest.param(-3, "working_days", "amount", id="negative"),
        pytest.param("1.5", "days", "amount", id="decimal-string"),
        pytest.param(36_501, "days", "amount", id="too-many-days"),
        pytest.param(101, "years", "amount", id="too-many-years"),
        pytest.param(3, "weeks", "unit", id="unknown-unit"),
    ],
)
def test_bad_input_names_the_field(amount: object, unit: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        deadlines.due_date(D(2024, 1, 1), amount, unit, calendar=CAL)  # type: ignore[arg-type]

    assert list(caught.value.fields) == [field]


@pytest.mark.parametrize("amount", [pytest.param(1.0, id="float"), pytest.param(True, id="bool")])
def test_a_float_or_bool_amount_is_a_type_error(amount: object) -> None:
    with pytest.raises(TypeError):
        deadlines.due_date(D(2024, 1, 1), amount, "days", calendar=CAL)  # type: ignore[arg-type]


def test_a_datetime_start_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="date"):
        deadlines.due_date(datetime.datetime(2024, 1, 1, tzinfo=VN), 1, "days", calendar=CAL)


def test_a_period_running_past_the_calendar_names_amount() -> None:
    with pytest.raises(ValidationFailed) as caught:
        deadlines.due_date(D(2090, 1, 1), 20, "years", calendar=CAL)

    assert list(caught.value.fields) == ["amount"]


def test_a_start_outside_the_calendar_names_start() -> None:
    with pytest.raises(ValidationFailed) as caught:
        deadlines.due_date(D(1800, 1, 1), 1, "days", calendar=CAL)

    assert list(caught.value.fields) == ["start"]


# -- pauses, restarts, extensions -----------------------------------------------------------------


def test_a_pause_pushes_a_calendar_day_period_back_by_its_calendar_days() -> None:
    # given 30 days from Mon 2 Sep 2024 (last day Wed 2 Oct), paused Mon 9 – Fri 13 Sep
    pauses = [Pause(D(2024, 9, 9), D(2024, 9, 13))]

    result = deadlines.deadline_with_pauses(D(2024, 9, 2), 30, "days", pauses, calendar=CAL)

    # then 5 days later: Mon 7 Oct
    assert (result.period_end, result.due) == (D(2024, 10, 7), D(2024, 10, 7))


def test_a_pause_pushes_a_working_day_period_back_by_its_working_days() -> None:
    # given 10 working days from Fri 19 Apr 2024 (due Tue 7 May: 22–26 Apr, 2–4 May with the
    # make-up Saturday, 6–7 May), paused Wed 24 – Fri 26 Apr
    pauses = [Pause(D(2024, 4, 24), D(2024, 4, 26))]

    due = deadlines.deadline_with_pauses(
        D(2024, 4, 19), 10, "working_days", pauses, calendar=CAL
    ).due

    # then 3 working days later: Wed 8, Thu 9, Fri 10 May
    assert deadlines.due_date(D(2024, 4, 19), 10, "working_days", calendar=CAL) == D(2024, 5, 7)
    assert due == D(2024, 5, 10)


def test_a_pause_over_days_off_only_does_not_move_a_working_day_period() -> None:
    pauses = [Pause(D(2024, 4, 27), D(2024, 5, 1))]  # Sat – Wed: weekend, swap, holidays

    due = deadlines.deadline_with_pauses(D(2024, 4, 26), 3, "working_days", pauses, calendar=CAL)

    assert due.due == D(2024, 5, 4)


def test_overlapping_pauses_count_each_day_once() -> None:
    overlapping = [Pause(D(2024, 9, 9), D(2024, 9, 12)), Pause(D(2024, 9, 11), D(2024, 9, 13))]
    single = [Pause(D(2024, 9, 9), D(2024, 9, 13))]

    with_overlap = deadlines.deadline_with_pauses(
        D(2024, 9, 2), 30, "days", overlapping, calendar=CAL
    )
    merged = deadlines.merge_pauses(overlapping)

    assert merged == single
    assert with_overlap == deadlines.deadline_with_pauses(
        D(2024, 9, 2), 30, "days", single, calendar=CAL
    )


def test_a_pause_after_the_period_ran_out_changes_nothing() -> None:
    pauses = [Pause(D(2024, 10, 3), D(2024, 10, 20))]

    result = deadlines.deadline_with_pauses(D(2024, 9, 2), 30, "days", pauses, calendar=CAL)

    assert result.due == D(2024, 10, 2)


def test_only_the_part_of_a_pause_after_the_start_day_counts() -> None:
    pauses = [Pause(D(2024, 8, 20), D(2024, 9, 4))]  # 2 days after the start day (3, 4 Sep)

    result = deadlines.deadline_with_pauses(D(2024, 9, 2), 30, "days", pauses, calendar=CAL)

    assert result.due == D(2024, 10, 4)


def test_a_month_period_is_pushed_back_by_calendar_days_then_rolled() -> None:
    # given 1 month from 31 Jan 2024 (Thu 29 Feb), paused 2 days: last day Sat 2 Mar → Mon 4
    pauses = [Pause(D(2024, 2, 5), D(2024, 2, 6))]

    result = deadlines.deadline_with_pauses(D(2024, 1, 31), 1, "months", pauses, calendar=CAL)

    assert (result.period_end, result.due) == (D(2024, 3, 2), D(2024, 3, 4))


def test_a_pause_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        Pause(D(2024, 9, 9), D(2024, 9, 8))

    assert list(caught.value.fields) == ["pauses"]


def test_a_restart_counts_the_whole_period_from_the_restart_day() -> None:
    result = deadlines.restarted_deadline(D(2024, 4, 26), 3, "working_days", calendar=CAL)

    assert (result.start, result.due) == (D(2024, 4, 26), D(2024, 5, 4))


def test_extensions_add_a_period_until_the_limit() -> None:
    # given a denunciation: 30 days from Mon 1 Jul 2024 (due Wed 31 Jul), at most 2 extensions
    first = deadlines.deadline(D(2024, 7, 1), 30, "days", calendar=CAL)

    second = deadlines.extended_deadline(
        first, amount=30, unit="days", extensions_granted=0, max_extensions=2, calendar=CAL
    )
    third = deadlines.extended_deadline(
        second, amount=30, unit="days", extensions_granted=1, max_extensions=2, calendar=CAL
    )

    assert (first.due, second.due, third.due) == (D(2024, 7, 31), D(2024, 8, 30), D(2024, 9, 30))
    assert (third.start, third.amount, third.unit) == (D(2024, 7, 1), 30, Unit.DAYS)
    with pytest.raises(deadlines.ExtensionLimitReached) as caught:
        deadlines.extended_deadline(
            third, amount=30, unit="days", extensions_granted=2, max_extensions=2, calendar=CAL
        )
    assert (caught.value.status_code, caught.value.code) == (409, "extension_limit_reached")
    assert list(caught.value.fields) == ["extensions"]


def test_an_extension_counts_from_the_rolled_forward_due_date() -> None:
    # given 1 day from Fri 27 Sep 2024: Sat 28 Sep, rolled forward to Mon 30 Sep
    first = deadlines.deadline(D(2024, 9, 27), 1, "days", calendar=CAL)

    extended = deadlines.extended_deadline(
        first, amount=1, unit="working_days", extensions_granted=0, max_extensions=1, calendar=CAL
    )

    assert (first.due, extended.due) == (D(2024, 9, 30), D(2024, 10, 1))


# -- the 15:00 rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "effective"),
    [
        pytest.param(datetime.datetime(2024, 4, 26, 14, 59, tzinfo=VN), D(2024, 4, 26), id="14:59"),
        pytest.param(datetime.datetime(2024, 4, 26, 15, 0, tzinfo=VN), D(2024, 4, 26), id="15:00"),
        pytest.param(
            datetime.datetime(2024, 4, 26, 15, 0, 1, tzinfo=VN), D(2024, 5, 2), id="15:00:01"
        ),
        pytest.param(
            datetime.datetime(2024, 4, 26, 7, 30, tzinfo=datetime.UTC),
            D(2024, 4, 26),
            id="utc-14:30-local",
        ),
        pytest.param(
            datetime.datetime(2024, 4, 26, 8, 30, tzinfo=datetime.UTC),
            D(2024, 5, 2),
            id="utc-15:30-local",
        ),
        pytest.param(
            datetime.datetime(2024, 4, 25, 20, 0, tzinfo=datetime.UTC),
            D(2024, 4, 26),
            id="utc-evening-is-next-local-morning",
        ),
        pytest.param(
            datetime.datetime(2024, 5, 4, 10, 0, tzinfo=VN), D(2024, 5, 4), id="make-up-sat"
        ),
        pytest.param(datetime.datetime(2024, 5, 3, 16, 0, tzinfo=VN), D(2024, 5, 4), id="fri-late"),
        pytest.param(datetime.datetime(2024, 5, 5, 9, 0, tzinfo=VN), D(2024, 5, 6), id="sunday"),
        pytest.param(
            datetime.datetime(2026, 2, 13, 15, 30, tzinfo=VN), D(2026, 2, 23), id="tet-eve"
        ),
    ],
)
def test_filings_after_15_00_count_the_next_working_day(
    received_at: datetime.datetime, effective: datetime.date
) -> None:
    assert deadlines.effective_receipt_date(received_at, calendar=CAL) == effective


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        deadlines.effective_receipt_date(datetime.datetime(2024, 4, 26, 9, 0), calendar=CAL)  # noqa: DTZ001


# -- properties -----------------------------------------------------------------------------------


def naive_due(
    start: datetime.date, amount: int, unit: Unit, paused: set[datetime.date]
) -> datetime.date:
    """The plain algorithm: step one day at a time, counting unpaused (working) days."""
    day, counted = start, 0
    one = datetime.timedelta(days=1)
    if unit in (Unit.DAYS, Unit.WORKING_DAYS):
        while counted < amount:
            day += one
            if day not in paused and (unit is Unit.DAYS or CAL.is_working_day(day)):
                counted += 1
    else:
        day = deadlines.add_months(start, amount if unit is Unit.MONTHS else 12 * amount)
    while not CAL.is_working_day(day):
        day += one
    return day


starts = st.dates(min_value=D(2021, 1, 1), max_value=D(2026, 12, 31))
day_units = st.sampled_from([Unit.DAYS, Unit.WORKING_DAYS])
any_unit = st.sampled_from(list(deadlines.DAY_UNITS))
amounts = st.integers(min_value=1, max_value=400)


def _amount_for(unit: Unit, amount: int) -> int:
    return amount if unit in (Unit.DAYS, Unit.WORKING_DAYS) else 1 + amount % 36


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=amounts, unit=any_unit)
def test_property_matches_stepping_day_by_day(
    start: datetime.date, amount: int, unit: Unit
) -> None:
    amount = _amount_for(unit, amount)
    assert deadlines.due_date(start, amount, unit, calendar=CAL) == naive_due(
        start, amount, unit, set()
    )


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=amounts, unit=any_unit)
def test_property_due_is_a_working_day_after_the_start(
    start: datetime.date, amount: int, unit: Unit
) -> None:
    amount = _amount_for(unit, amount)
    result = deadlines.deadline(start, amount, unit, calendar=CAL)

    assert start < result.period_end <= result.due
    assert CAL.is_working_day(result.due)
    assert all(
        not CAL.is_working_day(result.period_end + datetime.timedelta(days=n))
        for n in range((result.due - result.period_end).days)
    )


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=amounts)
def test_property_one_more_working_day_is_later(start: datetime.date, amount: int) -> None:
    shorter = deadlines.due_date(start, amount, "working_days", calendar=CAL)
    longer = deadlines.due_date(start, amount + 1, "working_days", calendar=CAL)

    assert longer > shorter
    assert CAL.working_days_between(shorter + datetime.timedelta(days=1), longer) == 1


@settings(max_examples=300, deadline=None)
@given(start=starts, months=st.integers(min_value=1, max_value=1200))
def test_property_month_arithmetic_never_overflows_a_month_end(
    start: datetime.date, months: int
) -> None:
    end = deadlines.add_months(start, months)

    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    next_month_first = deadlines.add_months(end.replace(day=1), 1)
    month_length = (next_month_first - end.replace(day=1)).days
    assert end.day == min(start.day, month_length)


pauses_strategy = st.lists(
    st.tuples(starts, st.integers(min_value=0, max_value=40)).map(
        lambda pair: Pause(pair[0], pair[0] + datetime.timedelta(days=pair[1]))
    ),
    max_size=4,
)


def _paused_days(pauses: Iterable[Pause]) -> set[datetime.date]:
    return {
        pause.first_day + datetime.timedelta(days=n)
        for pause in pauses
        for n in range((pause.last_day - pause.first_day).days + 1)
    }


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=amounts, unit=day_units, pauses=pauses_strategy)
def test_property_pauses_match_skipping_paused_days(
    start: datetime.date, amount: int, unit: Unit, pauses: list[Pause]
) -> None:
    result = deadlines.deadline_with_pauses(start, amount, unit, pauses, calendar=CAL)
    without = deadlines.due_date(start, amount, unit, calendar=CAL)

    assert result.due == naive_due(start, amount, unit, _paused_days(pauses))
    assert result.due >= without
    assert result == deadlines.deadline_with_pauses(
        start, amount, unit, list(reversed(pauses)), calendar=CAL
    )


def test_hours_are_real_hours_and_the_day_functions_refuse_them() -> None:
    from tuphap.core.errors import ValidationFailed as Refused

    start = datetime.datetime(2026, 12, 5, 22, 0, tzinfo=deadlines.LOCAL_TIME_ZONE)
    assert deadlines.hours_due(start, 12) == datetime.datetime(
        2026, 12, 6, 10, 0, tzinfo=deadlines.LOCAL_TIME_ZONE
    )
    with pytest.raises(Refused) as refused:
        deadlines.due_date(start.date(), 12, "hours", calendar=CAL)
    assert "unit" in refused.value.fields
    with pytest.raises(TypeError):
        deadlines.hours_due(start.replace(tzinfo=None), 12)
