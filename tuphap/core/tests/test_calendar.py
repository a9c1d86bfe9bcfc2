"""The working-day calendar built from the shipped table (no database)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tuphap.core import calendar
from tuphap.core.calendar import Override, WorkingCalendar

D = datetime.date


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.from_file()


def test_shipped_table_has_the_government_swaps_of_2024_to_2026() -> None:
    rows = calendar.read_overrides_file()

    assert [(row.date, row.kind) for row in rows] == [
        (D(2024, 4, 29), "day_off"),
        (D(2024, 5, 4), "working_day"),
        (D(2025, 4, 26), "working_day"),
        (D(2025, 5, 2), "day_off"),
        (D(2026, 1, 2), "day_off"),
        (D(2026, 1, 10), "working_day"),
        (D(2026, 8, 22), "working_day"),
        (D(2026, 8, 31), "day_off"),
    ]
    assert all(row.source and row.reason for row in rows)
    assert "2450/VPCP-KGVX" in rows[1].source


def test_every_make_up_day_is_a_weekend_day_and_every_day_off_a_weekday() -> None:
    rows = calendar.read_overrides_file()

    assert {row.date.weekday() >= 5 for row in rows if row.kind == "working_day"} == {True}
    assert {row.date.weekday() < 5 for row in rows if row.kind == "day_off"} == {True}


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2024, 5, 4), True, id="2024-05-04-make-up-saturday"),
        pytest.param(D(2024, 5, 11), False, id="2024-05-11-ordinary-saturday"),
        pytest.param(D(2024, 4, 29), False, id="2024-04-29-swapped-monday"),
        pytest.param(D(2024, 4, 18), False, id="2024-04-18-hung-kings"),
        pytest.param(D(2024, 2, 8), False, id="2024-02-08-29-tet"),
        pytest.param(D(2024, 2, 14), False, id="2024-02-14-mung-5"),
        pytest.param(D(2024, 2, 15), True, id="2024-02-15-back-after-tet"),
        pytest.param(D(2023, 1, 20), False, id="2023-01-20-29-tet"),
        pytest.param(D(2023, 1, 26), False, id="2023-01-26-mung-5"),
        pytest.param(D(2023, 1, 27), True, id="2023-01-27-back-after-tet"),
        pytest.param(D(2023, 5, 2), False, id="2023-05-02-hung-kings-in-lieu"),
        pytest.param(D(2023, 5, 3), False, id="2023-05-03-30-4-in-lieu"),
        pytest.param(D(2023, 9, 4), False, id="2023-09-04-national-day-in-lieu"),
        pytest.param(D(2025, 1, 27), False, id="2025-01-27-tet"),
        pytest.param(D(2025, 2, 3), True, id="2025-02-03-back-after-tet"),
        pytest.param(D(2025, 4, 26), True, id="2025-04-26-make-up-saturday"),
        pytest.param(D(2025, 5, 2), False, id="2025-05-02-swapped-friday"),
        pytest.param(D(2025, 9, 1), False, id="2025-09-01-national-day"),
        pytest.param(D(2026, 1, 2), False, id="2026-01-02-swapped-friday"),
        pytest.param(D(2026, 1, 10), True, id="2026-01-10-make-up-saturday"),
        pytest.param(D(2026, 2, 16), False, id="2026-02-16-tet"),
        pytest.param(D(2026, 2, 23), True, id="2026-02-23-back-after-tet"),
        pytest.param(D(2026, 4, 27), False, id="2026-04-27-hung-kings-in-lieu"),
        pytest.param(D(2026, 8, 22), True, id="2026-08-22-make-up-saturday"),
        pytest.param(D(2026, 8, 31), False, id="2026-08-31-swapped-monday"),
        pytest.param(D(2026, 9, 3), True, id="2026-09-03-back-after-national-day"),
    ],
)
def test_working_days_of_real_dates(
    cal: WorkingCalendar, day: datetime.date, working: bool
) -> None:
    assert cal.is_working_day(day) is working
    assert cal.day(day).working is working


def test_day_explains_why_it_is_off_or_worked(cal: WorkingCalendar) -> None:
    assert cal.day(D(2024, 2, 10)).reason == "Tết Nguyên Đán"
    assert cal.day(D(2024, 5, 11)).reason == "Thứ Bảy"
    assert cal.day(D(2024, 5, 4)).reason.startswith("Làm bù cho thứ Hai 29/4/2024")
    assert cal.day(D(2024, 5, 6)).reason == ""


def test_without_overrides_the_make_up_saturday_is_a_day_off() -> None:
    # given a calendar with the public holidays only
    bare = WorkingCalendar()

    # then the government's swap is not known to it
    assert bare.is_working_day(D(2024, 5, 4)) is False
    assert bare.is_working_day(D(2026, 1, 2)) is True  # not in the holidays package


def test_an_override_wins_over_a_public_holiday() -> None:
    cal = WorkingCalendar([Override(D(2024, 9, 3), "working_day", "test")])

    assert cal.is_working_day(D(2024, 9, 3)) is True
    assert cal.is_working_day(D(2024, 9, 2)) is False


@pytest.mark.parametrize(
    ("day", "inclusive", "expected"),
    [
        pytest.param(D(2024, 4, 27), True, D(2024, 5, 2), id="weekend-then-swap-then-holidays"),
        pytest.param(D(2024, 5, 2), True, D(2024, 5, 2), id="working-day-itself"),
        pytest.param(D(2024, 5, 2), False, D(2024, 5, 3), id="strictly-after"),
        pytest.param(D(2024, 5, 3), False, D(2024, 5, 4), id="make-up-saturday-next"),
        pytest.param(D(2024, 12, 31), False, D(2025, 1, 2), id="across-new-year"),
    ],
)
def test_next_working_day(
    cal: WorkingCalendar, day: datetime.date, inclusive: bool, expected: datetime.date
) -> None:
    assert cal.next_working_day(day, inclusive=inclusive) == expected


def test_add_working_days_and_count_between_agree(cal: WorkingCalendar) -> None:
    assert cal.add_working_days(D(2024, 4, 26), 3) == D(2024, 5, 4)
    assert cal.add_working_days(D(2024, 4, 26), 0) == D(2024, 4, 26)
    assert cal.working_days_between(D(2024, 4, 27), D(2024, 5, 4)) == 3
    assert cal.working_days_between(D(2024, 5, 4), D(2024, 5, 3)) == 0


def test_add_working_days_across_many_years_matches_stepping_day_by_day(
    cal: WorkingCalendar,
) -> None:
    day, counted = D(2021, 1, 1), 0
    while counted < 2000:
        day += datetime.timedelta(days=1)
        counted += cal.is_working_day(day)

    assert cal.add_working_days(D(2021, 1, 1), 2000) == day == D(2029, 1, 8)


@pytest.mark.parametrize(
    ("year", "count"),
    [
        pytest.param(2023, 249, id="2023"),
        pytest.param(2024, 251, id="2024"),
        pytest.param(2025, 250, id="2025"),
        pytest.param(2026, 249, id="2026"),
    ],
)
def test_working_days_per_year(cal: WorkingCalendar, year: int, count: int) -> None:
    assert cal.working_day_count(year) == count


def test_year_exceptions_list_days_off_and_make_up_days(cal: WorkingCalendar) -> None:
    days_off, working = cal.year_exceptions(2024)

    assert [info.date for info in working] == [D(2024, 5, 4)]
    assert [info.date for info in days_off] == [
        D(2024, 1, 1),
        D(2024, 2, 8),
        D(2024, 2, 9),
        D(2024, 2, 10),
        D(2024, 2, 11),
        D(2024, 2, 12),
        D(2024, 2, 13),
        D(2024, 2, 14),
        D(2024, 4, 18),
        D(2024, 4, 29),
        D(2024, 4, 30),
        D(2024, 5, 1),
        D(2024, 9, 2),
        D(2024, 9, 3),
    ]


def test_dates_outside_the_calendar_are_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(calendar.OutOfCalendarRange, match="1901–2100"):
        cal.next_working_day(D(2101, 1, 1))
    with pytest.raises(calendar.OutOfCalendarRange):
        cal.add_working_days(D(2100, 6, 1), 1000)


def test_a_bad_row_in_the_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text(
        "# comment\ndate,kind,reason,source\n2024-05-04,working_day,a,b\n2024-05-05,holiday,a,b\n",
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match="data row 2: Unknown override kind 'holiday'"):
        calendar.read_overrides_file(path)


def test_a_date_twice_in_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text(
        "date,kind,reason,source\n2024-05-04,working_day,a,b\n2024-05-04,day_off,a,b\n",
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match="appears twice"):
        calendar.read_overrides_file(path)
