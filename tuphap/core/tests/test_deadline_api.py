"""The database-backed calendar: seeded table, audited changes, the API and the command."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from conftest import api_as
from tuphap.core import calendar
from tuphap.core.models import AuditEvent, CalendarOverride

D = datetime.date


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    """The default calendar is cached per process: never let one test's rows leak."""
    calendar.invalidate_default_calendar()
    yield
    calendar.invalidate_default_calendar()


@pytest.fixture
def user(world: Any) -> Any:
    return world.users["civil_status_officer"]


def test_the_migration_seeds_the_shipped_table(db: Any) -> None:
    rows = list(CalendarOverride.objects.values_list("date", "kind", "reason", "source"))

    assert rows == [
        (row.date, row.kind, row.reason, row.source) for row in calendar.read_overrides_file()
    ]


def test_default_calendar_reads_the_table(db: Any) -> None:
    assert calendar.default_calendar().overrides == WorkingCalendarFromFile.overrides
    assert calendar.default_calendar() is calendar.default_calendar()


WorkingCalendarFromFile = calendar.WorkingCalendar.from_file()


def test_saving_an_override_is_audited_and_changes_the_calendar(
    user: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given the calendar in use (cached)
    assert calendar.default_calendar().is_working_day(D(2024, 5, 6)) is True

    # when a day off is added on Monday 6 May 2024
    with django_capture_on_commit_callbacks(execute=True):
        row = calendar.calendar_override_save(
            actor=user, date=D(2024, 5, 6), kind="day_off", reason="test", source="QĐ test"
        )

    # then it is audited and the calendar in use knows it
    event = AuditEvent.objects.get(action="core.calendar_override.saved")
    assert (event.actor, event.object_id, event.data) == (
        user,
        str(row.pk),
        {"before": None, "date": "2024-05-06", "kind": "day_off", "source": "QĐ test"},
    )
    assert calendar.default_calendar().is_working_day(D(2024, 5, 6)) is False


def test_changing_and_deleting_an_override_are_audited(
    user: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    row = CalendarOverride.objects.get(date=D(2024, 5, 4))
    assert calendar.default_calendar().is_working_day(D(2024, 5, 4)) is True

    with django_capture_on_commit_callbacks(execute=True):
        calendar.calendar_override_save(
            actor=user, date=row.date, kind="day_off", reason=row.reason, instance=row
        )
    assert calendar.default_calendar().is_working_day(D(2024, 5, 4)) is False
    with django_capture_on_commit_callbacks(execute=True):
        calendar.calendar_override_delete(actor=user, instance=row)

    assert calendar.default_calendar().is_working_day(D(2024, 5, 4)) is False  # plain Saturday
    assert not CalendarOverride.objects.filter(date=D(2024, 5, 4)).exists()
    events = AuditEvent.objects.filter(action__startswith="core.calendar_override.")
    assert [(e.action, e.data.get("before")) for e in events.order_by("id")] == [
        ("core.calendar_override.saved", {"date": "2024-05-04", "kind": "working_day"}),
        ("core.calendar_override.deleted", None),
    ]


@pytest.mark.parametrize(
    ("date", "kind", "field"),
    [
        pytest.param(D(2024, 5, 4), "day_off", "date", id="date-taken"),
        pytest.param(D(2024, 5, 6), "holiday", "kind", id="unknown-kind"),
        pytest.param(D(2101, 1, 3), "day_off", "date", id="out-of-range"),
    ],
)
def test_a_bad_override_is_refused_naming_the_field(
    user: Any, date: datetime.date, kind: str, field: str
) -> None:
    from tuphap.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        calendar.calendar_override_save(actor=user, date=date, kind=kind)

    assert list(caught.value.fields) == [field]
    assert not AuditEvent.objects.filter(action__startswith="core.calendar_override.").exists()


def test_the_admin_saves_through_the_service(
    admin_client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/core/calendaroverride/add/",
            {"date": "2024-05-06", "kind": "day_off", "reason": "test", "source": "QĐ test"},
        )

    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="core.calendar_override.saved", actor_username="admin"
    ).exists()
    assert calendar.default_calendar().is_working_day(D(2024, 5, 6)) is False


# -- API ------------------------------------------------------------------------------------------


def test_deadline_api_returns_the_due_date(user: Any) -> None:
    response = api_as(user).get(
        "/api/v1/calendar/deadline",
        {"start": "2024-04-26", "amount": "3", "unit": "working_days"},
    )

    assert response.status_code == 200
    assert response.json() == {
        "start": "2024-04-26",
        "amount": 3,
        "unit": "working_days",
        "due": "2024-05-04",
    }


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        pytest.param({"start": "2024-02-30", "amount": "3", "unit": "days"}, ["start"], id="date"),
        pytest.param(
            {"start": "2024-04-26", "amount": "1.5", "unit": "days"}, ["amount"], id="1.5"
        ),
        pytest.param(
            {"start": "2024-04-26", "amount": "3.0", "unit": "days"}, ["amount"], id="3.0"
        ),
        pytest.param({"start": "2024-04-26", "amount": "-1", "unit": "days"}, ["amount"], id="neg"),
        pytest.param({"start": "2024-04-26", "amount": "0", "unit": "days"}, ["amount"], id="zero"),
        pytest.param(
            {"start": "2024-04-26", "amount": "101", "unit": "years"}, ["amount"], id="too-long"
        ),
        pytest.param({"start": "2024-04-26", "amount": "3", "unit": "weeks"}, ["unit"], id="unit"),
        pytest.param({}, ["amount", "start", "unit"], id="missing"),
    ],
)
def test_deadline_api_bad_input_is_400_naming_the_field(
    user: Any, params: dict[str, str], fields: list[str]
) -> None:
    response = api_as(user).get("/api/v1/calendar/deadline", params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert sorted(error["fields"]) == fields
    assert set(error) == {"code", "message", "fields", "request_id"}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            "/api/v1/calendar/deadline?start=2024-04-26&amount=3&unit=days", id="deadline"
        ),
        pytest.param("/api/v1/calendar/working-days?year=2024", id="working-days"),
    ],
)
def test_anonymous_is_refused_in_the_error_shape(db: Any, path: str) -> None:
    response = APIClient().get(path)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["fields"] == {}


def test_working_days_api_lists_the_year(user: Any) -> None:
    response = api_as(user).get("/api/v1/calendar/working-days", {"year": "2024"})

    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["working_day_count"]) == (2024, 251)
    assert body["working_days"] == [
        {
            "date": "2024-05-04",
            "reason": "Làm bù cho thứ Hai 29/4/2024 (hoán đổi dịp 30/4–1/5/2024)",
        }
    ]
    assert [day["date"] for day in body["days_off"]][8:12] == [
        "2024-04-18",
        "2024-04-29",
        "2024-04-30",
        "2024-05-01",
    ]
    assert body["days_off"][0] == {"date": "2024-01-01", "reason": "Tết Dương lịch"}


@pytest.mark.parametrize("year", ["1900", "2101", "2024.0", "x"])
def test_working_days_api_bad_year_is_400(user: Any, year: str) -> None:
    response = api_as(user).get("/api/v1/calendar/working-days", {"year": year})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["year"]


# -- command --------------------------------------------------------------------------------------


def run_deadline(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_command_prints_an_explanation_then_the_due_date_last(db: Any) -> None:
    lines = run_deadline("--start", "2024-04-26", "--amount", "3", "--unit", "working_days")

    assert lines[-1] == "2024-05-04"
    assert len(lines) > 1
    assert "make-up working day" in "\n".join(lines[:-1])


def test_command_explains_the_roll_forward(db: Any) -> None:
    lines = run_deadline("--start", "2025-01-24", "--amount", "1", "--unit", "days")

    assert lines[-1] == "2025-02-03"
    assert "  2025-01-29 Tết Nguyên Đán" in lines


def test_command_can_use_the_shipped_file(db: Any) -> None:
    CalendarOverride.objects.filter(date=D(2024, 5, 4)).delete()

    from_db = run_deadline("--start", "2024-04-26", "--amount", "3", "--unit", "working_days")
    from_file = run_deadline(
        "--start", "2024-04-26", "--amount", "3", "--unit", "working_days", "--from-file"
    )

    assert (from_db[-1], from_file[-1]) == ("2024-05-06", "2024-05-04")


@pytest.mark.parametrize(
    ("start", "amount", "unit", "option"),
    [
        pytest.param("2024-02-30", "3", "days", "--start", id="bad-date"),
        pytest.param("26/04/2024", "3", "days", "--start", id="not-iso"),
        pytest.param("2024-04-26", "-3", "days", "--amount", id="negative"),
        pytest.param("2024-04-26", "2.5", "days", "--amount", id="not-integer"),
        pytest.param("2024-04-26", "3", "weeks", "--unit", id="unknown-unit"),
    ],
)
def test_command_bad_input_names_the_option(
    db: Any, start: str, amount: str, unit: str, option: str
) -> None:
    with pytest.raises(CommandError, match=option):
        run_deadline("--start", start, "--amount", amount, "--unit", unit)
