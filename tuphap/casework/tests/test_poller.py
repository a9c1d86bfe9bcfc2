"""The overdue poller: marks once, notifies once, safe to run twice and twice at once."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from tuphap.casework import services, tasks
from tuphap.casework.models import Case, Notification
from tuphap.casework.tests.conftest import OpenCase, Staff, at, run_concurrently
from tuphap.core.models import AuditEvent


@pytest.fixture
def due_cases(open_case: OpenCase, staff: Staff) -> dict[str, Case]:
    """Cases opened in early August (due Mon 10 Aug 2026), one of each kind."""
    cases = {
        "assigned": open_case("2026-08-03 09:00", assignee=staff.officer),
        "assigned_2": open_case("2026-08-03 09:10", assignee=staff.officer_2),
        "unassigned": open_case("2026-08-03 09:20"),
        "paused": open_case("2026-08-03 09:30", assignee=staff.officer),
        "closed": open_case("2026-08-03 09:40", assignee=staff.officer),
        "not_due": open_case("2026-08-07 09:00", assignee=staff.officer),  # due Fri 14 Aug
    }
    services.case_pause(actor=staff.officer, case=cases["paused"], reason="r")
    services.case_transition(actor=staff.head, case=cases["closed"], transition="terminate")
    return cases


def _marks() -> dict[int, Any]:
    return dict(Case.objects.values_list("pk", "overdue_since"))


def test_poll_marks_open_running_cases_past_due_and_notifies_once(
    due_cases: dict[str, Case], staff: Staff, time_machine: Any
) -> None:
    # 10 Aug ends at 24:00 in Việt Nam: just after midnight the cases are overdue
    now = at("2026-08-11 00:00:01")
    time_machine.move_to(now, tick=False)

    result = services.overdue_poll()

    assert (result.marked, result.notified) == (3, 2)
    overdue = {name for name, case in due_cases.items() if _marks()[case.pk] == now}
    assert overdue == {"assigned", "assigned_2", "unassigned"}
    assert sorted(
        Notification.objects.filter(kind="overdue").values_list("recipient__username", "case")
    ) == sorted(
        [
            ("chv_nghean", due_cases["assigned"].pk),
            ("chv2_nghean", due_cases["assigned_2"].pk),
        ]
    )
    event = AuditEvent.objects.get(action="casework.overdue.polled")
    assert (event.actor, event.data) == (
        None,
        {"marked": 3, "notified": 2, "now": "2026-08-10T17:00:01+00:00"},
    )


def test_poll_twice_changes_nothing_the_second_time(
    due_cases: dict[str, Case], time_machine: Any
) -> None:
    time_machine.move_to(at("2026-08-11 08:00"), tick=False)
    services.overdue_poll()
    marks, notices, audits = _marks(), Notification.objects.count(), AuditEvent.objects.count()
    time_machine.move_to(at("2026-08-11 08:05"), tick=False)

    second = services.overdue_poll()

    assert (second.marked, second.notified) == (0, 0)
    assert (_marks(), Notification.objects.count(), AuditEvent.objects.count()) == (
        marks,
        notices,
        audits,
    )


def test_nothing_is_overdue_before_the_end_of_the_due_day(
    due_cases: dict[str, Case], time_machine: Any
) -> None:
    time_machine.move_to(at("2026-08-10 23:59:59"), tick=False)
    assert services.overdue_poll().marked == 0
    assert not AuditEvent.objects.filter(action="casework.overdue.polled").exists()


@pytest.mark.django_db(transaction=True)
def test_two_pollers_at_once_mark_and_notify_each_case_once(
    staff: Staff, world: Any, time_machine: Any
) -> None:
    time_machine.move_to(at("2026-08-03 09:00"), tick=False)
    for _ in range(6):
        services.case_open(
            actor=staff.officer,
            register="test.simple",
            agency=staff.office_nghe_an,
            place=world.vinh,
            event_date=at("2026-08-03 09:00").date(),
            assignee=staff.officer,
        )
    time_machine.move_to(at("2026-08-11 08:00"), tick=False)

    results = run_concurrently(
        lambda: services.overdue_poll(limit=3),
        lambda: services.overdue_poll(limit=3),
        lambda: services.overdue_poll(limit=3),
    )

    assert all(isinstance(result, services.PollResult) for result in results), results
    assert sum(result.marked for result in results) == 6
    assert Notification.objects.filter(kind="overdue").count() == 6
    assert Notification.objects.values("case").distinct().count() == 6


def test_command_runs_batches_until_done(due_cases: dict[str, Case], time_machine: Any) -> None:
    time_machine.move_to(at("2026-08-11 08:00"), tick=False)
    out = io.StringIO()

    call_command("poll_overdue", "--limit", "2", stdout=out)

    assert out.getvalue() == "Marked 3 case(s) overdue, sent 2 notification(s).\n"
    assert AuditEvent.objects.filter(action="casework.overdue.polled").count() == 2
    assert AuditEvent.objects.filter(action="casework.overdue.polled").first().channel == "command"


def test_task_is_the_same_poll(due_cases: dict[str, Case], time_machine: Any) -> None:
    time_machine.move_to(at("2026-08-11 08:00"), tick=False)

    result = tasks.poll_overdue.enqueue()

    assert result.return_value == {"marked": 3, "notified": 2}
    assert tasks.poll_overdue.enqueue().return_value == {"marked": 0, "notified": 0}
