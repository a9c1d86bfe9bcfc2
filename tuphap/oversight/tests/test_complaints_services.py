"""The complaint register's services: the clocks on real dates (1 Jul 2026, Tết 2026, the
make-up Saturday of August 2026, the remote areas), complexity, both instances, suspension,
withdrawal, refusals and jurisdiction."""

from __future__ import annotations

from typing import Any

import pytest

from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.oversight.complaints import services
from tuphap.oversight.complaints import workflow as flow
from tuphap.oversight.complaints.models import Complaint, ComplexityDetermination
from tuphap.oversight.tests.complaints_support import (
    D,
    complaint_data,
    move,
    open_complaint,
    remote_zone,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "rule_set", "due"),
    [
        # received on the last day of the old rules: 10 days → Friday 10 Jul 2026
        (D(2026, 6, 30), "kn-2011-nd124", D(2026, 7, 10)),
        # the first day of NĐ 155/2026: 7 working days → Friday 10 Jul 2026 (10 days would
        # end on Saturday 11 Jul and roll to Monday 13 Jul)
        (D(2026, 7, 1), "kn-2011-nd155", D(2026, 7, 10)),
        # the make-up Saturday 22 Aug 2026 is a working day: 7 working days → Tue 25 Aug
        (D(2026, 8, 17), "kn-2011-nd155", D(2026, 8, 25)),
        # 31 Aug (swapped), 1–2 Sep (National Day) are off → Wed 9 Sep
        (D(2026, 8, 26), "kn-2011-nd155", D(2026, 9, 9)),
    ],
)
def test_acceptance_limit_follows_the_rules_of_the_day_of_receipt(
    world: Any, inspectorates: Any, time_machine: Any, received: Any, rule_set: str, due: Any
) -> None:
    detail = open_complaint(inspectorates.inspector, world.vinh, time_machine, received_on=received)
    assert (detail.case.rule_set, detail.accept_due_on, detail.case.state) == (
        rule_set,
        due,
        flow.RECEIVED,
    )
    # 1 Jun + 90 days = Sun 30 Aug; Mon 31 Aug (swapped) and 1–2 Sep are off → Thu 3 Sep 2026
    assert detail.statute_ends_on == D(2026, 9, 3)


def test_first_instance_over_tet_2026_then_complex(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = open_complaint(
        officer, world.vinh, time_machine, received_on=D(2026, 1, 12), known_on=D(2026, 1, 5)
    )
    move(time_machine, D(2026, 3, 1))
    detail = services.complaint_accept(actor=officer, case=detail.case, on=D(2026, 1, 17))
    # 30 days from Sat 17 Jan 2026 = Mon 16 Feb, the eve of Tết (16–20 Feb off) → Mon 23 Feb
    assert (detail.accepted_on, detail.first_due_on, detail.accepted_on_time) == (
        D(2026, 1, 17),
        D(2026, 2, 23),
        True,
    )
    with pytest.raises(ValidationFailed) as refused:
        services.complaint_determine_complex(
            actor=officer, case=detail.case, criteria=[], reasoning="", on=D(2026, 1, 20)
        )
    assert set(refused.value.fields) == {"criteria", "reasoning"}
    determination = services.complaint_determine_complex(
        actor=officer,
        case=detail.case,
        criteria=["several_sites", "many_complainants"],
        reasoning="Phải xác minh tại hai phường và nhiều hộ cùng khiếu nại.",
        document_number="05/TB-TTr",
        on=D(2026, 1, 20),
    )
    # 45 days from the acceptance (17 Jan), not from the determination: Tue 3 Mar 2026
    assert (determination.due_before, determination.due_after) == (D(2026, 2, 23), D(2026, 3, 3))
    detail.refresh_from_db()
    assert detail.complex_first
    assert detail.first_due_on == D(2026, 3, 3)
    with pytest.raises(ValidationFailed):
        services.complaint_determine_complex(
            actor=officer,
            case=detail.case,
            criteria=["foreign_element"],
            reasoning="Lần nữa",
            on=D(2026, 1, 21),
        )
    assert ComplexityDetermination.objects.count() == 1


@pytest.mark.parametrize(
    ("complex_case", "due"),
    # accepted on Thu 14 Jan 2027 in a remote area: 45 days → Sun 28 Feb → Mon 1 Mar 2027;
    # complex 60 days → Mon 15 Mar 2027
    [(False, D(2027, 3, 1)), (True, D(2027, 3, 15))],
)
def test_remote_area_limits(
    world: Any, inspectorates: Any, time_machine: Any, complex_case: bool, due: Any
) -> None:
    officer = inspectorates.inspector
    zone = remote_zone(world.nghe_an)
    detail = open_complaint(
        officer, zone, time_machine, received_on=D(2027, 1, 11), known_on=D(2027, 1, 4)
    )
    assert detail.remote
    move(time_machine, D(2027, 1, 14))
    detail = services.complaint_accept(actor=officer, case=detail.case)
    if complex_case:
        services.complaint_determine_complex(
            actor=officer,
            case=detail.case,
            criteria=["foreign_element"],
            reasoning="Có yếu tố nước ngoài.",
        )
    detail.refresh_from_db()
    assert detail.first_due_on == due


def test_acceptance_over_tet_2027(world: Any, inspectorates: Any, time_machine: Any) -> None:
    # received Mon 1 Feb 2027; Tết 4–10 Feb 2027 off: 7 working days → Wed 17 Feb 2027
    detail = open_complaint(
        inspectorates.inspector, world.vinh, time_machine, received_on=D(2027, 2, 1)
    )
    assert detail.accept_due_on == D(2027, 2, 17)


def test_both_instances_to_enforcement(world: Any, inspectorates: Any, time_machine: Any) -> None:
    officer = inspectorates.inspector
    detail = open_complaint(
        officer, world.vinh, time_machine, received_on=D(2026, 1, 12), known_on=D(2026, 1, 5)
    )
    move(time_machine, D(2026, 5, 30))
    case = detail.case
    services.complaint_accept(actor=officer, case=case, on=D(2026, 1, 17))
    services.complaint_step(actor=officer, case=case, transition="verify", on=D(2026, 1, 20))
    services.complaint_step(actor=officer, case=case, transition="dialogue", on=D(2026, 2, 3))
    detail = services.complaint_decide(
        actor=officer,
        case=case,
        number="15/QĐ-STP",
        outcome="partly_right",
        on=D(2026, 2, 10),
        money_restored=25_000_000,
    )
    # a second complaint within 30 days of the decision: Thu 12 Mar 2026
    assert (detail.first_on_time, detail.window_ends_on, detail.case.state) == (
        True,
        D(2026, 3, 12),
        flow.FIRST_DECIDED,
    )
    with pytest.raises(Conflict):
        services.complaint_step(
            actor=officer, case=case, transition="first_effective", on=D(2026, 3, 2)
        )
    detail = services.complaint_second(actor=officer, case=case, received_on=D(2026, 3, 2))
    assert (detail.instance, detail.accept_due_on) == ("second", D(2026, 3, 12))
    detail = services.complaint_accept(actor=officer, case=case, on=D(2026, 3, 5))
    # 45 days from 5 Mar 2026 = Sun 19 Apr → Mon 20 Apr 2026
    assert detail.second_due_on == D(2026, 4, 20)
    with pytest.raises(ValidationFailed) as refused:
        services.complaint_decide(
            actor=officer, case=case, number="20/QĐ-STP", outcome="wrong", on=D(2026, 4, 1)
        )
    assert "case" in refused.value.fields  # the dialogue is mandatory at second instance
    services.complaint_step(
        actor=officer, case=case, transition="dialogue_second", on=D(2026, 4, 1)
    )
    detail = services.complaint_decide(
        actor=officer, case=case, number="20/QĐ-STP", outcome="right", on=D(2026, 4, 24)
    )
    assert (detail.second_on_time, detail.second_outcome, detail.window_ends_on) == (
        False,
        "right",
        D(2026, 5, 25),  # 30 days from 24 Apr = Sun 24 May → Mon 25 May
    )
    services.complaint_step(
        actor=officer, case=case, transition="second_effective", on=D(2026, 5, 26)
    )
    detail = services.complaint_step(
        actor=officer, case=case, transition="enforce", on=D(2026, 5, 29)
    )
    assert (detail.case.state, detail.enforced_on, detail.money_restored) == (
        flow.ENFORCED,
        D(2026, 5, 29),
        25_000_000,
    )
    actions = list(
        AuditEvent.objects.filter(action__startswith="oversight.complaint.").values_list(
            "action", flat=True
        )
    )
    assert actions.count("oversight.complaint.decided") == 2


def test_suspension_exists_from_1_july_2026_and_restarts_the_clock(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    old = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 6, 1))
    move(time_machine, D(2026, 6, 5))
    services.complaint_accept(actor=officer, case=old.case)
    with pytest.raises(Conflict):  # no suspension under the old rules
        services.complaint_suspend(actor=officer, case=old.case, reason="Chờ kết quả giám định")
    detail = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 1))
    move(time_machine, D(2026, 8, 25))
    case = detail.case
    services.complaint_accept(actor=officer, case=case, on=D(2026, 7, 3))
    detail = services.complaint_suspend(
        actor=officer, case=case, reason="Chờ kết quả giám định", on=D(2026, 7, 10)
    )
    assert (detail.case.state, detail.case.due_at) == (flow.SUSPENDED, None)
    detail = services.complaint_continue(actor=officer, case=case, on=D(2026, 8, 20))
    # the whole 30 days from the continuation: Sat 19 Sep → Mon 21 Sep 2026
    assert (detail.case.state, detail.first_due_on) == (flow.VERIFYING, D(2026, 9, 21))
    # the complaint received on 30 Jun (old acceptance rule) may be suspended in August
    late = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 6, 30))
    move(time_machine, D(2026, 8, 25))
    services.complaint_accept(actor=officer, case=late.case, on=D(2026, 7, 6))
    suspended = services.complaint_suspend(actor=officer, case=late.case, reason="Chờ giám định")
    assert suspended.case.state == flow.SUSPENDED
    ended = services.complaint_terminate(
        actor=officer, case=late.case, reason="Người khiếu nại chết"
    )
    assert ended.case.state == flow.TERMINATED
    assert ended.terminated_on == D(2026, 8, 25)


def test_partial_then_whole_withdrawal(world: Any, inspectorates: Any, time_machine: Any) -> None:
    officer = inspectorates.inspector
    people = (
        services.ComplainantData("Lê Văn Một", representative=True),
        services.ComplainantData("Lê Thị Hai"),
    )
    detail = open_complaint(officer, world.vinh, time_machine, complainants=people)
    move(time_machine, D(2026, 7, 2))
    services.complaint_accept(actor=officer, case=detail.case)
    second = detail.complainants.get(position=2)
    detail = services.complaint_withdraw(
        actor=officer, case=detail.case, complainant_ids=[second.pk]
    )
    assert detail.case.state == flow.ACCEPTED
    second.refresh_from_db()
    assert second.withdrawn_on == D(2026, 7, 2)
    with pytest.raises(ValidationFailed):  # already withdrawn
        services.complaint_withdraw(actor=officer, case=detail.case, complainant_ids=[second.pk])
    detail = services.complaint_withdraw(actor=officer, case=detail.case, reason="Đã thỏa thuận")
    assert (detail.case.state, detail.withdrawn_on) == (flow.WITHDRAWN, D(2026, 7, 2))


def test_several_complainants_need_a_representative_and_late_complaints_an_excuse(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    people = (services.ComplainantData("Lê Văn Một"), services.ComplainantData("Lê Thị Hai"))
    detail = open_complaint(
        officer,
        world.vinh,
        time_machine,
        complainants=people,
        known_on=D(2026, 1, 2),
        received_on=D(2026, 6, 30),
    )
    # 2 Jan + 90 days = Thu 2 Apr 2026: received on 30 Jun, after the statute
    assert detail.statute_ends_on == D(2026, 4, 2)
    move(time_machine, D(2026, 7, 2))
    with pytest.raises(ValidationFailed) as refused:
        services.complaint_accept(actor=officer, case=detail.case)
    assert set(refused.value.fields) == {"complainants", "statute_excuse"}
    assert Case.objects.get(pk=detail.case.pk).state == flow.RECEIVED
    detail = services.complaint_not_accept(
        actor=officer, case=detail.case, ground="statute_expired", reason="Quá 90 ngày"
    )
    assert (detail.case.state, detail.not_accepted_ground) == (flow.NOT_ACCEPTED, "statute_expired")


def test_bad_input_names_every_field_and_writes_nothing(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    move(time_machine, D(2026, 7, 2))
    with pytest.raises(ValidationFailed) as refused:
        services.complaint_open(
            actor=inspectorates.inspector,
            place=world.vinh,
            data=services.ComplaintData(
                subject=" ",
                content="x",
                act_kind="rumour",
                act_description="x",
                respondent="x",
                known_on=D(2026, 7, 1),
                received_on=D(2026, 6, 30),
                complainants=(services.ComplainantData("", pin="12"),),
            ),
        )
    assert set(refused.value.fields) == {
        "subject",
        "act_kind",
        "known_on",
        "complainants.1.full_name",
        "complainants.1.pin",
    }
    assert not Complaint.objects.exists()
    assert not Case.objects.exists()


def test_other_province_and_read_only_roles_are_refused(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    detail = open_complaint(inspectorates.inspector, world.vinh, time_machine)
    move(time_machine, D(2026, 7, 2))
    with pytest.raises(NotFound):
        services.complaint_accept(actor=inspectorates.inspector_ha_tinh, case=detail.case)
    with pytest.raises(AccessDenied):
        services.complaint_accept(actor=inspectorates.leader_nghe_an, case=detail.case)
    with pytest.raises(ValidationFailed):  # another province's place
        services.complaint_open(
            actor=inspectorates.inspector,
            place=world.ha_tinh_ward,
            data=complaint_data(),
        )


def test_the_generic_case_engine_cannot_step_a_complaint(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    detail = open_complaint(inspectorates.inspector, world.vinh, time_machine)
    with pytest.raises(Conflict, match="complaint's page"):
        case_services.case_transition(
            actor=inspectorates.inspector, case=detail.case, transition=flow.ACCEPT
        )
    assert Case.objects.get(pk=detail.case.pk).state == flow.RECEIVED


@pytest.mark.parametrize(
    ("act", "known", "statute_end", "first_due"),
    [
        # a coercive measure known on Tue 1 Dec 2026: 30 days → Thu 31 Dec 2026;
        # accepted Wed 9 Dec: 15 days → Thu 24 Dec 2026
        ("coercion", D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 24)),
        # an account freeze known on Fri 4 Dec: 3 working days → Wed 9 Dec;
        # resolved within 5 working days of Wed 9 Dec → Wed 16 Dec 2026
        ("account_freeze", D(2026, 12, 4), D(2026, 12, 9), D(2026, 12, 16)),
        # before any measure, known Mon 23 Nov: 15 days → Tue 8 Dec 2026
        ("before_measures", D(2026, 11, 23), D(2026, 12, 8), D(2026, 12, 24)),
    ],
)
def test_complaints_about_enforcement_follow_the_enforcement_law(
    world: Any,
    inspectorates: Any,
    time_machine: Any,
    act: str,
    known: Any,
    statute_end: Any,
    first_due: Any,
) -> None:
    officer = inspectorates.inspector
    detail = open_complaint(
        officer,
        world.vinh,
        time_machine,
        received_on=D(2026, 12, 7),
        known_on=known,
        regime="thads",
        thads_act=act,
        act_kind="act",
    )
    assert detail.statute_ends_on == statute_end
    move(time_machine, D(2026, 12, 9))
    excuse = "Ốm nặng, có giấy ra viện" if detail.received_on > statute_end else ""
    detail = services.complaint_accept(actor=officer, case=detail.case, statute_excuse=excuse)
    assert detail.first_due_on == first_due
    # complexity does not lengthen an enforcement complaint's limit
    services.complaint_determine_complex(
        actor=officer, case=detail.case, criteria=["several_sites"], reasoning="Nhiều nơi"
    )
    detail.refresh_from_db()
    assert detail.first_due_on == first_due


def test_an_enforcement_complaint_needs_its_act(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    move(time_machine, D(2026, 12, 7))
    with pytest.raises(ValidationFailed) as refused:
        services.complaint_open(
            actor=inspectorates.inspector,
            place=world.vinh,
            data=complaint_data(regime="thads", thads_act="", received_on=D(2026, 12, 7)),
        )
    assert set(refused.value.fields) == {"thads_act"}
