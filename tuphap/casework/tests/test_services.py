"""The case services: numbering, opening, transitions (and refusals that write nothing),
assignment, pause/resume on real holidays, extensions, the append-only journal."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tuphap.casework import services
from tuphap.casework.models import AppendOnlyError, Case, CaseAction, CaseCounter, Notification
from tuphap.casework.registry import UnknownRegister
from tuphap.casework.tests.conftest import VN, OpenCase, Staff, at, run_concurrently
from tuphap.casework.tests.testregister import SimpleDetail
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.core.deadlines import ExtensionLimitReached
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent

D = datetime.date


def due_day(case: Case) -> D | None:
    return case.due_at.astimezone(VN).date() if case.due_at else None


def journal(case: Case) -> list[tuple[int, str, str, str]]:
    return list(
        CaseAction.objects.filter(case=case)
        .order_by("sequence")
        .values_list("sequence", "kind", "from_state", "to_state")
    )


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# -- numbering -----------------------------------------------------------------------------------


def test_numbers_are_gapless_per_agency_register_and_year(
    open_case: OpenCase, staff: Staff, world: Any
) -> None:
    # given cases of two agencies and two registers in 2026
    first = open_case("2026-08-27 09:00")
    second = open_case("2026-08-27 09:05")
    other_register = open_case("2026-08-27 09:10", register="test.other")
    other_agency = open_case(
        "2026-08-27 09:15",
        actor=staff.officer_ha_tinh,
        agency=staff.office_ha_tinh,
        place=world.ha_tinh_ward,
    )
    third = open_case("2026-12-31 23:59")
    # when the year turns (in Việt Nam)
    next_year = open_case("2027-01-01 00:01", event_date=D(2026, 12, 31))

    # then
    assert [c.display_number for c in (first, second, third, next_year)] == [
        "1/2026",
        "2/2026",
        "3/2026",
        "1/2027",
    ]
    assert other_register.display_number == "1/2026"
    assert other_agency.display_number == "1/2026"
    assert (
        CaseCounter.objects.get(
            agency=staff.office_nghe_an, register="test.simple", year=2026
        ).last_number
        == 3
    )


def test_a_refused_opening_gives_its_number_back(
    open_case: OpenCase, staff: Staff, world: Any
) -> None:
    open_case("2026-08-27 09:00")
    # when an opening fails after the number was drawn (the assignee is checked later)
    with pytest.raises(ValidationFailed) as error:
        open_case("2026-08-27 09:01", assignee=staff.officer_ha_tinh)
    assert error.value.fields == {
        "assignee": ["Choose a user of the case's agency who works in it."]
    }
    # then the next case takes the number that was not used
    assert open_case("2026-08-27 09:02").display_number == "2/2026"


@pytest.mark.django_db(transaction=True)
def test_concurrent_openings_take_distinct_gapless_numbers(staff: Staff, world: Any) -> None:
    def open_one() -> Case:
        return services.case_open(
            actor=staff.officer,
            register="test.simple",
            agency=staff.office_nghe_an,
            place=world.vinh,
            event_date=D(2026, 8, 27),
        )

    results = run_concurrently(open_one, open_one, open_one)

    assert sorted(case.number for case in results) == [1, 2, 3]


# -- opening -------------------------------------------------------------------------------------


def test_open_writes_case_journal_and_audit(open_case: OpenCase, staff: Staff, world: Any) -> None:
    case = open_case("2026-08-27 09:00", assignee=staff.officer_2)

    assert (case.register, case.state, case.rule_set, case.agency, case.place, case.province) == (
        "test.simple",
        "received",
        "test-2025",
        staff.office_nghe_an,
        world.vinh,
        world.nghe_an,
    )
    assert case.opened_at == at("2026-08-27 09:00")
    # 5 working days from Thu 27 Aug 2026: Fri 28; Mon 31 Aug (day off), 1–2 Sep (National
    # Day) skipped; Thu 3, Fri 4, Mon 7, Tue 8 Sep.
    assert case.due_at == datetime.datetime(2026, 9, 8, 23, 59, 59, 999999, tzinfo=VN)
    assert case.assignee == staff.officer_2
    assert journal(case) == [(1, "opened", "", "received")]
    event = AuditEvent.objects.get(action="casework.case.opened")
    assert (event.object_id, event.data["number"], event.data["rule_set"]) == (
        str(case.pk),
        "1/2026",
        "test-2025",
    )


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"register": "test.nothing"}, "register", "Unknown register 'test.nothing'."),
        ({"event_date": D(2026, 8, 28)}, "event_date", "The date must not be in the future."),
        (
            {"event_date": D(2025, 6, 30)},
            "place",
            "Choose the administrative unit valid on the event date.",
        ),
    ],
    ids=["unknown-register", "future-event", "place-not-valid-then"],
)
def test_open_refuses_bad_input_naming_the_field(
    staff: Staff, world: Any, time_machine: Any, change: dict[str, Any], field: str, reason: str
) -> None:
    time_machine.move_to(at("2026-08-27 09:00"), tick=False)
    arguments = {
        "actor": staff.officer,
        "register": "test.simple",
        "agency": staff.office_nghe_an,
        "place": world.vinh,
        "event_date": D(2026, 8, 27),
        **change,
    }
    with pytest.raises(ValidationFailed) as error:
        services.case_open(**arguments)
    assert error.value.fields == {field: [reason]}
    assert Case.objects.count() == 0


def test_unknown_register_is_a_clear_error() -> None:
    with pytest.raises(UnknownRegister, match="Unknown register 'nope'"):
        services.registry.get("nope")


@pytest.mark.parametrize(
    ("persona", "error"),
    [("leader", AccessDenied), ("provincial_specialist", AccessDenied)],
    ids=["read-only-leader", "role-not-in-register"],
)
def test_open_refused_without_an_opening_role(
    world: Any, staff: Staff, persona: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        services.case_open(
            actor=world.users[persona],
            register="test.simple",
            agency=staff.office_nghe_an,
            place=world.vinh,
            event_date=D(2026, 8, 1),
        )


def test_open_refused_outside_the_actors_jurisdiction(world: Any, staff: Staff) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.case_open(
            actor=staff.officer,
            register="test.simple",
            agency=staff.office_nghe_an,
            place=world.ha_tinh_ward,
            event_date=D(2026, 8, 1),
        )
    assert error.value.fields == {"place": ["Choose a place within your jurisdiction."]}


# -- rule sets by event date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_date", "rule_set", "due"),
    [
        # Old rules: 10 calendar days from Thu 27 Aug = Sun 6 Sep → Mon 7 Sep.
        (D(2026, 6, 30), "test-2008", D(2026, 9, 7)),
        # New rules: 5 working days from Thu 27 Aug over the National Day holidays → Tue 8 Sep.
        (D(2026, 7, 1), "test-2025", D(2026, 9, 8)),
    ],
    ids=["event-before-1-july-old-rules", "event-from-1-july-new-rules"],
)
def test_case_runs_under_the_rule_set_of_its_event_date(
    open_case: OpenCase, staff: Staff, event_date: D, rule_set: str, due: D
) -> None:
    case = open_case("2026-08-27 09:00", event_date=event_date)

    case = services.case_transition(actor=staff.officer, case=case, transition="start_verification")

    assert (case.rule_set, case.state, due_day(case)) == (rule_set, "verifying", due)


def test_transition_of_the_new_rules_is_refused_under_the_old(
    open_case: OpenCase, staff: Staff
) -> None:
    case = open_case("2026-08-27 09:00", event_date=D(2026, 6, 30))
    case = services.case_transition(actor=staff.head, case=case, transition="start_verification")

    with pytest.raises(TransitionNotAllowed) as error:
        services.case_transition(actor=staff.head, case=case, transition="return_request")

    assert error.value.code == "transition_not_allowed"
    assert "test-2008" in error.value.message


# -- transitions and refusals --------------------------------------------------------------------


def test_transition_writes_journal_audit_and_closes_on_a_terminal_state(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    case = open_case("2026-08-27 09:00", verified=True)
    time_machine.move_to(at("2026-08-28 10:00"), tick=False)
    case = services.case_transition(
        actor=staff.officer, case=case, transition="start_verification", reason="Request complete"
    )
    case = services.case_transition(
        actor=staff.officer, case=case, transition="start_enforcing", payload={"note": "ok"}
    )
    time_machine.move_to(at("2026-09-10 16:00"), tick=False)
    case = services.case_transition(actor=staff.officer, case=case, transition="complete")

    assert journal(case) == [
        (1, "opened", "", "received"),
        (2, "transitioned", "received", "verifying"),
        (3, "transitioned", "verifying", "enforcing"),
        (4, "transitioned", "enforcing", "done"),
    ]
    second = CaseAction.objects.get(case=case, sequence=2)
    assert (second.actor, second.reason, second.transition) == (
        staff.officer,
        "Request complete",
        "start_verification",
    )
    assert CaseAction.objects.get(case=case, sequence=3).payload == {"note": "ok"}
    assert (case.closed_at, case.due_at, case.clock, case.state_since) == (
        at("2026-09-10 16:00"),
        None,
        {},
        at("2026-09-10 16:00"),
    )
    assert audit_actions() == ["casework.case.opened"] + ["casework.case.transitioned"] * 3


def _refusal_cases() -> list[Any]:
    return [
        pytest.param("officer", "complete", "transition_not_allowed", id="not-from-this-state"),
        pytest.param("officer", "terminate", "role_not_allowed", id="role-not-allowed"),
        pytest.param("leader", "start_verification", "role_not_allowed", id="read-only-leader"),
        pytest.param("auditor", "start_verification", "role_not_allowed", id="read-only-auditor"),
    ]


@pytest.mark.parametrize(("persona", "transition", "code"), _refusal_cases())
def test_refused_transition_writes_nothing(
    open_case: OpenCase, staff: Staff, world: Any, persona: str, transition: str, code: str
) -> None:
    case = open_case()
    before = (Case.objects.values().get(pk=case.pk), CaseAction.objects.count(), audit_actions())
    actor = getattr(staff, persona, None) or world.users[persona]

    with pytest.raises(TransitionNotAllowed) as error:
        services.case_transition(actor=actor, case=case, transition=transition, reason="x")

    assert error.value.code == code
    assert error.value.status_code == 409
    after = (Case.objects.values().get(pk=case.pk), CaseAction.objects.count(), audit_actions())
    assert after == before


def test_guard_refuses_with_its_message_and_writes_nothing(
    open_case: OpenCase, staff: Staff
) -> None:
    case = open_case(verified=False)
    case = services.case_transition(actor=staff.officer, case=case, transition="start_verification")
    count = CaseAction.objects.count()

    with pytest.raises(TransitionNotAllowed) as error:
        services.case_transition(actor=staff.officer, case=case, transition="start_enforcing")

    assert (error.value.code, error.value.message) == (
        "guard_failed",
        "The conditions have not been verified yet.",
    )
    assert CaseAction.objects.count() == count
    SimpleDetail.objects.filter(case=case).update(verified=True)
    case = services.case_transition(actor=staff.officer, case=case, transition="start_enforcing")
    assert case.state == "enforcing"


def test_unknown_transition_is_bad_input(open_case: OpenCase, staff: Staff) -> None:
    case = open_case()
    with pytest.raises(ValidationFailed) as error:
        services.case_transition(actor=staff.officer, case=case, transition="fly")
    assert error.value.fields == {"transition": ["This register has no such transition."]}


def test_outsider_cannot_change_a_case(open_case: OpenCase, staff: Staff) -> None:
    case = open_case()
    with pytest.raises(NotFound):
        services.case_transition(
            actor=staff.officer_ha_tinh, case=case, transition="start_verification"
        )
    assert journal(case) == [(1, "opened", "", "received")]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_cannot_both_apply(staff: Staff, world: Any) -> None:
    case = services.case_open(
        actor=staff.officer,
        register="test.simple",
        agency=staff.office_nghe_an,
        place=world.vinh,
        event_date=D(2026, 8, 27),
    )

    def move() -> Case:
        return services.case_transition(
            actor=staff.officer, case=case, transition="start_verification"
        )

    results = run_concurrently(move, move)

    assert sorted(type(result).__name__ for result in results) == ["Case", "TransitionNotAllowed"]
    assert [kind for _, kind, _, _ in journal(case)] == ["opened", "transitioned"]


def test_backdated_step_must_follow_the_last_one(open_case: OpenCase, staff: Staff) -> None:
    case = open_case("2026-08-27 09:00")
    with pytest.raises(ValidationFailed) as error:
        services.case_transition(
            actor=staff.officer,
            case=case,
            transition="start_verification",
            at=at("2026-08-26 09:00"),
        )
    assert list(error.value.fields) == ["at"]
    # the same moment as the last step is fine
    case = services.case_transition(
        actor=staff.officer, case=case, transition="start_verification", at=at("2026-08-27 09:00")
    )
    assert case.state_since == at("2026-08-27 09:00")


# -- assignment ----------------------------------------------------------------------------------


def test_reassignment_is_journaled_needs_a_reason_and_notifies(
    open_case: OpenCase, staff: Staff
) -> None:
    case = open_case(assignee=staff.officer)

    with pytest.raises(ValidationFailed) as error:
        services.case_assign(actor=staff.head, case=case, assignee=staff.officer_2, reason=" ")
    assert error.value.fields == {"reason": ["This field is required."]}

    case = services.case_assign(
        actor=staff.head, case=case, assignee=staff.officer_2, reason="Workload"
    )

    assert case.assignee == staff.officer_2
    action = CaseAction.objects.get(case=case, kind="assigned")
    assert (action.sequence, action.actor, action.reason, action.payload) == (
        2,
        staff.head,
        "Workload",
        {
            "from": staff.officer.pk,
            "from_name": "Chv Nghean",
            "to": staff.officer_2.pk,
            "to_name": "Chv2 Nghean",
        },
    )
    notice = Notification.objects.get(recipient=staff.officer_2)
    with translation.override("vi"):  # notices are written in the site's language
        expected = gettext("Case %(number)s (%(register)s) was assigned to you.") % {
            "number": "1/2026",
            "register": "Sổ thử",
        }
    assert (notice.kind, notice.case, notice.text) == ("assigned", case, expected)
    assert "casework.case.assigned" in audit_actions()


@pytest.mark.parametrize(
    ("actor", "assignee", "error"),
    [
        ("officer", "officer_2", AccessDenied),
        ("head", "officer_ha_tinh", ValidationFailed),
    ],
    ids=["officer-may-not-assign", "assignee-of-another-agency"],
)
def test_assignment_refusals(
    open_case: OpenCase, staff: Staff, actor: str, assignee: str, error: type[Exception]
) -> None:
    case = open_case()
    with pytest.raises(error):
        services.case_assign(
            actor=getattr(staff, actor), case=case, assignee=getattr(staff, assignee), reason="r"
        )
    assert CaseAction.objects.filter(case=case).count() == 1


def test_leader_may_not_assign(open_case: OpenCase, staff: Staff, world: Any) -> None:
    case = open_case()
    with pytest.raises(AccessDenied):
        services.case_assign(
            actor=world.users["leader"], case=case, assignee=staff.officer, reason="r"
        )


# -- pause, resume, extension on real holidays ---------------------------------------------------


def _verifying(open_case: OpenCase, staff: Staff, event_date: D) -> Case:
    case = open_case("2026-08-27 09:00", event_date=event_date)
    return services.case_transition(actor=staff.officer, case=case, transition="start_verification")


@pytest.mark.parametrize(
    ("event_date", "due_before", "due_after", "paused_days"),
    [
        # Working days (new rules): paused Fri 28 Aug – Wed 2 Sep holds one working day
        # (Fri 28; 31 Aug is a day off, 1–2 Sep National Day): Tue 8 Sep → Wed 9 Sep.
        (D(2026, 7, 1), D(2026, 9, 8), D(2026, 9, 9), 6),
        # Calendar days (old rules): 6 days: Sun 6 Sep → Sat 12 Sep → Mon 14 Sep.
        (D(2026, 6, 30), D(2026, 9, 7), D(2026, 9, 14), 6),
    ],
    ids=["working-days-over-national-day", "calendar-days-rolls-past-weekend"],
)
def test_pause_and_resume_push_the_due_date_back(
    open_case: OpenCase,
    staff: Staff,
    time_machine: Any,
    event_date: D,
    due_before: D,
    due_after: D,
    paused_days: int,
) -> None:
    case = _verifying(open_case, staff, event_date)
    assert due_day(case) == due_before

    time_machine.move_to(at("2026-08-28 10:00"), tick=False)
    case = services.case_pause(actor=staff.officer, case=case, reason="Postponed by decision")
    assert (case.paused_at, due_day(case)) == (at("2026-08-28 10:00"), due_before)
    time_machine.move_to(at("2026-09-03 08:00"), tick=False)
    case = services.case_resume(actor=staff.head, case=case, reason="Grounds ended")

    assert (case.paused_at, due_day(case)) == (None, due_after)
    resumed = CaseAction.objects.get(case=case, kind="resumed")
    assert resumed.payload["paused_days"] == paused_days
    assert case.clock["pauses"] == [["2026-08-28", "2026-09-02"]]
    assert audit_actions()[-2:] == ["casework.case.paused", "casework.case.resumed"]


def test_pause_twice_and_resume_unpaused_are_conflicts(open_case: OpenCase, staff: Staff) -> None:
    case = open_case()
    with pytest.raises(Conflict):
        services.case_resume(actor=staff.officer, case=case)
    case = services.case_pause(actor=staff.officer, case=case, reason="r")
    with pytest.raises(Conflict):
        services.case_pause(actor=staff.officer, case=case, reason="r")


def test_pause_needs_a_reason(open_case: OpenCase, staff: Staff) -> None:
    case = open_case()
    with pytest.raises(ValidationFailed) as error:
        services.case_pause(actor=staff.officer, case=case, reason="")
    assert error.value.fields == {"reason": ["This field is required."]}


def test_transition_that_pauses_and_resumes_the_clock(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    case = open_case("2026-08-03 09:00", verified=True)
    case = services.case_transition(actor=staff.officer, case=case, transition="start_verification")
    case = services.case_transition(actor=staff.officer, case=case, transition="start_enforcing")
    # 30 calendar days from Mon 3 Aug: Wed 2 Sep is National Day → Thu 3 Sep.
    assert due_day(case) == D(2026, 9, 3)
    time_machine.move_to(at("2026-08-10 09:00"), tick=False)
    case = services.case_transition(actor=staff.head, case=case, transition="postpone")
    assert (case.state, case.paused_at) == ("postponed", at("2026-08-10 09:00"))
    time_machine.move_to(at("2026-08-20 09:00"), tick=False)
    case = services.case_transition(actor=staff.head, case=case, transition="resume_enforcing")

    # Paused 10–19 Aug: 10 days; 2 Sep + 10 = Sat 12 Sep → Mon 14 Sep.
    assert (case.state, case.paused_at, due_day(case)) == ("enforcing", None, D(2026, 9, 14))


def test_extensions_up_to_the_rules_maximum(open_case: OpenCase, staff: Staff) -> None:
    case = _verifying(open_case, staff, D(2026, 7, 1))  # due Tue 8 Sep

    case = services.case_extend(actor=staff.officer, case=case, reason="Complex")
    assert due_day(case) == D(2026, 9, 15)
    case = services.case_extend(actor=staff.head, case=case, reason="Still complex")
    assert due_day(case) == D(2026, 9, 22)

    with pytest.raises(ExtensionLimitReached):
        services.case_extend(actor=staff.head, case=case, reason="Again")
    assert CaseAction.objects.filter(case=case, kind="extended").count() == 2


def test_old_rules_allow_no_extension(open_case: OpenCase, staff: Staff) -> None:
    case = _verifying(open_case, staff, D(2026, 6, 30))
    with pytest.raises(Conflict, match="cannot be extended"):
        services.case_extend(actor=staff.officer, case=case, reason="r")


def test_a_new_due_date_ahead_clears_the_overdue_mark(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    case = _verifying(open_case, staff, D(2026, 7, 1))  # due Tue 8 Sep
    time_machine.move_to(at("2026-09-09 08:00"), tick=False)
    services.overdue_poll()
    case.refresh_from_db()
    assert case.overdue_since == at("2026-09-09 08:00")

    case = services.case_extend(actor=staff.officer, case=case, reason="r")

    assert (due_day(case), case.overdue_since) == (D(2026, 9, 15), None)


# -- the journal is append-only ------------------------------------------------------------------


def test_journal_rows_cannot_be_changed_or_deleted(open_case: OpenCase) -> None:
    action = CaseAction.objects.get(case=open_case())

    action.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        action.save()
    with pytest.raises(AppendOnlyError):
        action.delete()
    with pytest.raises(AppendOnlyError):
        CaseAction.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        CaseAction.objects.all().delete()
    assert CaseAction.objects.get(pk=action.pk).reason == ""
