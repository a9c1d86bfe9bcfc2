"""The handling time of each procedure on real 2026 days off (read from the calendar engine:
Tết 16–20 Feb, 27 Apr, 30 Apr–1 May, 31 Aug–2 Sep, 24 Nov; make-up Saturdays 10 Jan, 22 Aug)."""

from __future__ import annotations

import datetime

import pytest

from tuphap.civil_status.registration import deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import LOCAL_TIME_ZONE

CALENDAR = WorkingCalendar.from_file()


def at(day: str, clock: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=LOCAL_TIME_ZONE
    )


def test_the_calendar_has_the_days_off_these_cases_rely_on() -> None:
    off = ["2026-02-16", "2026-02-20", "2026-04-27", "2026-04-30", "2026-05-01", "2026-08-31"]
    off += ["2026-09-01", "2026-09-02", "2026-11-24"]
    working = ["2026-02-13", "2026-01-10", "2026-08-22", "2026-04-29", "2026-02-23"]

    assert [CALENDAR.is_working_day(datetime.date.fromisoformat(day)) for day in off] == [
        False
    ] * len(off)
    assert [CALENDAR.is_working_day(datetime.date.fromisoformat(day)) for day in working] == [
        True
    ] * len(working)


@pytest.mark.parametrize(
    ("code", "accepted", "due"),
    [
        ("birth", at("2026-02-13", "14:00"), "2026-02-13"),
        ("birth", at("2026-02-13", "15:00"), "2026-02-13"),
        ("birth", at("2026-02-13", "15:30"), "2026-02-23"),
        ("death", at("2026-04-29", "15:01"), "2026-05-04"),
        ("court_decision", at("2026-04-29", "09:00"), "2026-04-29"),
        ("supplement", at("2026-01-09", "16:00"), "2026-01-10"),
        ("birth", at("2026-11-23", "15:30"), "2026-11-25"),
        ("marriage", at("2026-11-28", "09:00"), "2026-11-30"),
        ("guardianship", at("2026-08-28", "10:00"), "2026-09-07"),
        ("guardianship", at("2026-08-20", "10:00"), "2026-08-24"),
        ("guardianship", at("2026-08-28", "16:30"), "2026-09-07"),
        ("recognition", at("2026-02-12", "08:00"), "2026-02-24"),
        ("change", at("2025-12-31", "10:00"), "2026-01-07"),
        ("marital_status", at("2026-04-24", "10:00"), "2026-05-04"),
        ("marriage_foreign", at("2026-04-13", "10:00"), "2026-04-28"),
        ("marriage_foreign", at("2026-04-15", "10:00"), "2026-05-04"),
        ("re_registration", at("2026-02-12", "10:00"), "2026-02-26"),
    ],
    ids=[
        "birth-before-tet-morning",
        "birth-at-15:00-still-same-day",
        "birth-15:30-before-tet-after-holiday",
        "death-after-15:00-before-30-april",
        "court-decision-same-day",
        "supplement-after-15:00-make-up-saturday",
        "birth-after-15:00-before-24-november",
        "marriage-filed-saturday-monday",
        "guardianship-across-2-september",
        "guardianship-over-make-up-saturday",
        "guardianship-after-15:00-counts-from-the-day",
        "recognition-across-tet",
        "change-across-new-year",
        "marital-status-across-30-april",
        "foreign-marriage-15-days",
        "foreign-marriage-ends-on-holiday-rolls-forward",
        "re-registration-5-working-days-across-tet",
    ],
)
def test_handling_due(code: str, accepted: datetime.datetime, due: str) -> None:
    limit = deadlines.TIME_LIMITS[code]

    assert deadlines.handling_due(limit, accepted, calendar=CALENDAR).isoformat() == due


@pytest.mark.parametrize(
    ("code", "accepted", "due"),
    [
        ("marriage", at("2026-02-13", "10:00"), "2026-02-27"),
        ("death", at("2026-08-28", "10:00"), "2026-09-07"),
        ("recognition", at("2026-02-12", "08:00"), "2026-03-03"),
        ("change", at("2026-04-24", "10:00"), "2026-05-07"),
    ],
    ids=["marriage-5-working-days", "death-3-days", "recognition-plus-5", "change-plus-3"],
)
def test_handling_due_with_verification(code: str, accepted: datetime.datetime, due: str) -> None:
    limit = deadlines.TIME_LIMITS[code]

    assert (
        deadlines.handling_due(limit, accepted, calendar=CALENDAR, verification=True).isoformat()
        == due
    )


@pytest.mark.parametrize(
    ("event_type", "data", "code"),
    [
        ("birth", {}, "birth"),
        ("birth", {"re_registration": True}, "re_registration"),
        ("marriage", {"foreign_element": True}, "marriage_foreign"),
        ("marriage", {}, "marriage"),
        ("change", {"kind": "supplement"}, "supplement"),
        ("change", {"kind": "correction"}, "change"),
        ("guardianship", {}, "guardianship"),
    ],
)
def test_time_limit_by_event_and_data(event_type: str, data: dict[str, object], code: str) -> None:
    assert deadlines.time_limit(event_type, data).code == code


def test_every_time_limit_cites_its_basis() -> None:
    assert all(limit.basis for limit in deadlines.TIME_LIMITS.values())
    assert all(
        limit.verification_basis for limit in deadlines.TIME_LIMITS.values() if limit.verification
    )
