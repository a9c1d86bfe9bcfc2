"""The enforcement services: opening with every validation, classification, money, the state
changes through the case engine (refusals write nothing), deadlines of both laws on real dates,
jurisdiction."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case, CaseAction
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.enforcement.cases import balance, history, selectors, services
from tuphap.enforcement.cases.models import (
    EnforcementCase,
    EnforcementRequest,
    Judgment,
    Movement,
    Obligation,
    Party,
)
from tuphap.enforcement.tests.conftest import VN, D, OpenCase, Staff, at, judgment, obligor, request

pytestmark = pytest.mark.django_db


def due_day(case: Case) -> D | None:
    return case.due_at.astimezone(VN).date() if case.due_at else None


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Judgment, EnforcementRequest, EnforcementCase, Party, Obligation, Case)
    )


def move(time_machine: Any, when: str) -> None:
    time_machine.move_to(at(when), tick=False)


# -- opening -------------------------------------------------------------------------------------


def test_opening_records_the_judgment_request_parties_obligations_and_case(
    open_case: OpenCase, staff: Staff
) -> None:
    # when a request case is opened by a decision of Monday 27 April 2026 (old law)
    detail = open_case("2026-04-27 09:00", amount=250_000_000)

    # then
    case = detail.case
    assert (case.register, case.state, case.event_date) == (
        "enforcement.civil",
        "accepted",
        D(2026, 4, 27),
    )
    assert (detail.law_version, case.rule_set) == ("2008", "thads-2008")
    assert detail.amount_to_enforce == 250_000_000
    assert list(detail.parties.values_list("role", "identification_number")) == [
        ("obligor", "040085001234"),
        ("obligee", ""),
    ]
    assert detail.request.basis == "on_request"
    # notify within 3 working days (Art. 39): 28, 29 April, then 30/4–3/5 off → Monday 4 May
    assert due_day(case) == D(2026, 5, 4)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "casework.case.opened",
        "enforcement.case.opened",
    ]


def test_a_decision_from_1_july_2026_runs_under_the_new_law(open_case: OpenCase) -> None:
    detail = open_case("2026-08-03 09:00")

    assert (detail.law_version, detail.case.rule_set) == ("2025", "thads-2025")
    assert due_day(detail.case) == D(2026, 8, 6)


def test_a_second_decision_on_the_same_judgment_reuses_it(open_case: OpenCase) -> None:
    first = open_case("2026-04-27 09:00")
    second = open_case("2026-04-27 10:00", parties=[obligor(name="Lê Thị Cúc")])

    assert first.judgment_id == second.judgment_id
    assert Judgment.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param(
            {"request": request(requested_on=D(2030, 10, 11))},
            "request.requested_on",
            id="statute-expired",
        ),
        pytest.param(
            {"parties": [obligor(identification_number="04008500123")]},
            "parties[0].identification_number",
            id="pin-11-digits",
        ),
        pytest.param(
            {"parties": [obligor(identification_number="04008500123X")]},
            "parties[0].identification_number",
            id="pin-not-digits",
        ),
        pytest.param(
            {"parties": [obligor(kind="organisation", identification_number="")]},
            "parties[0].organisation_code",
            id="organisation-without-code",
        ),
        pytest.param({"parties": [obligor(role="obligee")]}, "parties", id="no-obligor"),
        pytest.param({"obligations": []}, "obligations", id="no-obligation"),
        pytest.param(
            {"obligations": [services.ObligationData("money", 0)]},
            "obligations[0].amount",
            id="zero-amount",
        ),
        pytest.param(
            {"obligations": [services.ObligationData("non_money", None, " ")]},
            "obligations[0].description",
            id="non-money-undescribed",
        ),
        pytest.param(
            {"judgment": judgment(effective_on=D(2025, 9, 1))},
            "judgment.effective_on",
            id="effective-before-judgment",
        ),
        pytest.param(
            {"request": request(requester_name="")}, "request.requester_name", id="no-requester"
        ),
        pytest.param(
            {"request": request(requested_on=D(2026, 4, 28))},
            "request.requested_on",
            id="request-after-decision",
        ),
        pytest.param({"decision_number": " "}, "decision_number", id="no-decision-number"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(
    open_case: OpenCase, changes: dict[str, Any], field: str
) -> None:
    before = counts()

    with pytest.raises(ValidationFailed) as raised:
        open_case("2026-04-27 09:00", **changes)

    assert field in raised.value.fields
    assert counts() == before


def test_the_request_limit_is_five_years_rolled_past_a_day_off() -> None:
    # effective Saturday 10 Oct 2020 → 10 Oct 2025 is a Friday
    assert services.request_limit(D(2020, 10, 10)) == D(2025, 10, 10)
    # effective 11 Oct 2020 → 11 Oct 2025 is a Saturday → Monday 13 Oct 2025
    assert services.request_limit(D(2020, 10, 11)) == D(2025, 10, 13)


def test_an_ex_officio_case_has_no_request_limit(open_case: OpenCase) -> None:
    detail = open_case(
        "2026-04-27 09:00",
        judgment=judgment(issued_on=D(2019, 1, 2), effective_on=D(2019, 2, 1), number="1/2019"),
        request=services.RequestData("ex_officio", D(2026, 4, 20)),
    )
    assert detail.request.basis == "ex_officio"


def test_a_decision_number_is_unique_per_office_and_year(open_case: OpenCase) -> None:
    open_case("2026-04-27 09:00", decision_number="7/QĐ-THADS")
    with pytest.raises(ValidationFailed) as raised:
        open_case("2026-04-27 10:00", decision_number="7/QĐ-THADS")
    assert raised.value.fields == {
        "decision_number": ["This office already has a decision with this number."]
    }


def test_only_enforcement_staff_open_cases(open_case: OpenCase, world: Any) -> None:
    with pytest.raises(AccessDenied):
        open_case(actor=world.users["provincial_specialist"])


def test_a_place_outside_the_office_is_refused(open_case: OpenCase, world: Any) -> None:
    with pytest.raises(ValidationFailed) as raised:
        open_case(place=world.ha_tinh_ward)
    assert "place" in raised.value.fields


# -- the way through the register ----------------------------------------------------------------


def test_the_old_law_path_with_real_deadlines(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    detail = open_case("2026-04-27 09:00")
    case = detail.case

    move(time_machine, "2026-04-28 10:00")
    case = services.case_transition(actor=staff.officer, case=case, transition="notify")
    # voluntary period 10 days (Art. 45(1)) from 28 April → Friday 8 May
    assert (case.state, due_day(case)) == ("voluntary_period", D(2026, 5, 8))

    move(time_machine, "2026-05-11 10:00")
    case = services.case_transition(actor=staff.officer, case=case, transition="start_verification")
    # verification within 10 days (Art. 44(1)) → 21 May
    assert (case.state, due_day(case)) == ("verifying", D(2026, 5, 21))

    move(time_machine, "2026-05-20 10:00")
    detail = services.case_classify(
        actor=staff.officer, case=case, with_conditions=False, ground="no_means"
    )
    # re-verify at least every 6 months (Art. 44(2)) → Friday 20 November 2026
    assert (detail.case.state, due_day(detail.case)) == ("without_conditions", D(2026, 11, 20))
    assert (detail.condition_ground, detail.classified_on) == ("no_means", D(2026, 5, 20))


def test_a_step_can_record_an_earlier_paper_decision_but_not_out_of_order(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    detail = open_case("2026-04-27 09:00")
    move(time_machine, "2026-05-20 10:00")
    case = services.case_transition(
        actor=staff.officer, case=detail.case, transition="notify", decided_on=D(2026, 4, 29)
    )
    action = CaseAction.objects.get(case=case, sequence=2)
    assert action.payload == {"decided_on": "2026-04-29"}
    assert due_day(case) == D(2026, 5, 11)  # 9 May is a Saturday

    with pytest.raises(ValidationFailed) as raised:
        services.case_transition(
            actor=staff.officer,
            case=case,
            transition="start_verification",
            decided_on=D(2026, 4, 28),
        )
    assert raised.value.fields == {"decided_on": ["The date must not be before 29/04/2026."]}


@pytest.mark.parametrize(
    ("payload", "counted"),
    [
        ({"decided_on": "2026-06-02"}, D(2026, 6, 2)),
        # not an ISO date string: the step counts on the local day it was recorded
        ({"decided_on": 20260602}, D(2026, 6, 10)),
        ({"decided_on": "02/06/2026"}, D(2026, 6, 10)),
        ({"decided_on": ["2026-06-02"]}, D(2026, 6, 10)),
        ({"decided_on": None}, D(2026, 6, 10)),
        ({}, D(2026, 6, 10)),
        (["2026-06-02"], D(2026, 6, 10)),
    ],
)
def test_the_journal_dates_taken_apart_in_the_database_follow_the_payload_rule(
    open_case: OpenCase, staff: Staff, time_machine: Any, payload: Any, counted: D
) -> None:
    detail = open_case("2026-04-27 09:00")
    move(time_machine, "2026-05-20 10:00")
    case = services.case_transition(actor=staff.officer, case=detail.case, transition="notify")
    # a step as an older version or an import may have written it, recorded at 00:30 on
    # 10 June in Việt Nam (still 9 June in UTC: the local day counts)
    step = CaseAction.objects.get(case=case, sequence=2)
    step.pk, step.sequence, step.payload = None, 3, payload
    step._state.adding = True
    step.at = datetime.datetime(2026, 6, 9, 17, 30, tzinfo=datetime.UTC)
    step.save()
    assert history.step_dates(case, detail.decision_date) == [
        ("", detail.case.actions.get(sequence=1).to_state, detail.decision_date),
        ("notify", "voluntary_period", D(2026, 5, 20)),
        ("notify", "voluntary_period", counted),
    ]
    in_python = history.payload_date(payload if isinstance(payload, dict) else None)
    assert (in_python or D(2026, 6, 10)) == counted


def test_a_refused_transition_writes_nothing(open_case: OpenCase, staff: Staff) -> None:
    detail = open_case("2026-04-27 09:00")
    journal = CaseAction.objects.count()
    audits = AuditEvent.objects.count()

    with pytest.raises(TransitionNotAllowed) as raised:
        services.case_transition(actor=staff.officer, case=detail.case, transition="terminate")

    assert raised.value.code == "role_not_allowed"
    assert (CaseAction.objects.count(), AuditEvent.objects.count()) == (journal, audits)
    assert Case.objects.get(pk=detail.case_id).state == "accepted"


def test_the_head_terminates(open_case: OpenCase, staff: Staff) -> None:
    detail = open_case("2026-04-27 09:00")
    case = services.case_transition(actor=staff.head, case=detail.case, transition="terminate")
    assert (case.state, case.closed_at is not None, case.due_at) == ("terminated", True, None)


def test_classification_needs_a_fitting_ground(open_case: OpenCase, staff: Staff) -> None:
    detail = open_case("2026-04-27 09:00")
    with pytest.raises(ValidationFailed) as raised:
        services.case_classify(
            actor=staff.officer, case=detail.case, with_conditions=True, ground="no_means"
        )
    assert list(raised.value.fields) == ["ground"]


def test_classifying_from_the_wrong_state_is_a_conflict(open_case: OpenCase, staff: Staff) -> None:
    detail = open_case("2026-04-27 09:00")
    with pytest.raises(TransitionNotAllowed):
        services.case_classify(
            actor=staff.officer, case=detail.case, with_conditions=True, ground="has_means"
        )
    assert EnforcementCase.objects.get(pk=detail.pk).condition_ground == ""


def test_postponement_pauses_the_clock_and_resumption_pushes_it_back(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    detail = open_case("2026-04-27 09:00")
    case = detail.case
    move(time_machine, "2026-05-04 09:00")
    case = services.case_transition(actor=staff.officer, case=case, transition="notify")
    assert due_day(case) == D(2026, 5, 14)
    move(time_machine, "2026-05-05 09:00")
    case = services.case_transition(actor=staff.officer, case=case, transition="start_verification")
    services.case_classify(actor=staff.officer, case=case, with_conditions=True, ground="has_means")
    case = services.case_transition(actor=staff.head, case=case, transition="postpone")
    assert (case.state, case.paused_at is not None) == ("postponed", True)

    move(time_machine, "2026-05-15 09:00")
    case = services.case_transition(actor=staff.head, case=case, transition="resume_postponed")
    assert (case.state, case.paused_at) == ("enforcing", None)


# -- money ---------------------------------------------------------------------------------------


def test_collections_complete_the_case(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    detail = open_case("2026-04-27 09:00", amount=30_000_000)
    move(time_machine, "2026-05-06 09:00")
    services.movement_record(
        actor=staff.officer,
        case=detail.case,
        kind="collected",
        amount=20_000_000,
        on_date=D(2026, 5, 5),
    )
    with pytest.raises(TransitionNotAllowed) as raised:
        services.case_transition(actor=staff.officer, case=detail.case, transition="complete")
    assert raised.value.code == "guard_failed"

    services.movement_record(
        actor=staff.officer,
        case=detail.case,
        kind="reduced",
        amount=10_000_000,
        on_date=D(2026, 5, 6),
    )
    services.movement_record(
        actor=staff.officer,
        case=detail.case,
        kind="paid_out",
        amount=20_000_000,
        on_date=D(2026, 5, 6),
    )
    case = services.case_transition(actor=staff.officer, case=detail.case, transition="complete")

    assert case.state == "completed"
    money = balance.money_of(detail)
    assert (money.collected, money.reduced, money.paid_out, money.outstanding) == (
        20_000_000,
        10_000_000,
        20_000_000,
        0,
    )
    with pytest.raises(Conflict):
        services.movement_record(
            actor=staff.officer, case=case, kind="paid_out", amount=1, on_date=D(2026, 5, 6)
        )


@pytest.mark.parametrize(
    ("kind", "amount", "on_date", "field"),
    [
        pytest.param("collected", 100_000_001, D(2026, 5, 5), "amount", id="more-than-owed"),
        pytest.param("paid_out", 1, D(2026, 5, 5), "amount", id="pay-out-before-collecting"),
        pytest.param("collected", 0, D(2026, 5, 5), "amount", id="zero"),
        pytest.param("collected", 5, D(2026, 4, 26), "on_date", id="before-decision"),
        pytest.param("collected", 5, D(2026, 5, 7), "on_date", id="future"),
        pytest.param("refund", 5, D(2026, 5, 5), "kind", id="unknown-kind"),
    ],
)
def test_bad_money_is_refused_and_not_written(
    open_case: OpenCase,
    staff: Staff,
    time_machine: Any,
    kind: str,
    amount: int,
    on_date: datetime.date,
    field: str,
) -> None:
    detail = open_case("2026-04-27 09:00")
    move(time_machine, "2026-05-06 09:00")
    with pytest.raises(ValidationFailed) as raised:
        services.movement_record(
            actor=staff.officer, case=detail.case, kind=kind, amount=amount, on_date=on_date
        )
    assert list(raised.value.fields) == [field]
    assert Movement.objects.count() == 0


# -- jurisdiction --------------------------------------------------------------------------------


def test_a_ha_tinh_officer_cannot_see_or_touch_a_nghe_an_case(
    open_case: OpenCase, staff: Staff
) -> None:
    detail = open_case("2026-04-27 09:00")
    other = staff.officer_ha_tinh

    assert list(selectors.case_list_for_user(other)) == []
    assert list(selectors.case_list_for_user(staff.officer)) == [detail.case]
    with pytest.raises(NotFound):
        selectors.case_get_for_user(other, detail.case_id)
    with pytest.raises(NotFound):
        services.movement_record(
            actor=other, case=detail.case, kind="collected", amount=1, on_date=D(2026, 4, 27)
        )
    with pytest.raises(NotFound):
        services.case_transition(actor=other, case=detail.case, transition="notify")
    assert case_selectors.case_list_for_user(staff.ministry).count() == 1


# -- the end of "without conditions" -------------------------------------------------------------


def _without_conditions(open_case: OpenCase, staff: Staff, time_machine: Any, **kw: Any) -> Case:
    detail = open_case("2026-08-03 09:00", **kw)
    move(time_machine, "2026-08-04 09:00")
    case = services.case_transition(
        actor=staff.officer, case=detail.case, transition="start_verification"
    )
    services.case_classify(actor=staff.officer, case=case, with_conditions=False, ground="no_means")
    return Case.objects.get(pk=case.pk)


def test_a_request_is_returned_only_after_two_years_new_law(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    case = _without_conditions(open_case, staff, time_machine)
    move(time_machine, "2027-02-04 09:00")
    case = services.case_transition(actor=staff.officer, case=case, transition="reverify")
    move(time_machine, "2028-08-03 09:00")
    with pytest.raises(TransitionNotAllowed):
        services.case_transition(actor=staff.head, case=case, transition="return_request")
    with pytest.raises(TransitionNotAllowed):
        services.case_transition(actor=staff.head, case=case, transition="move_to_separate_book")

    move(time_machine, "2028-08-04 09:00")
    case = services.case_transition(actor=staff.head, case=case, transition="return_request")
    assert (case.state, case.closed_at is not None) == ("request_returned", True)


def test_an_ex_officio_case_goes_to_the_separate_book_after_two_years_new_law(
    open_case: OpenCase, staff: Staff, time_machine: Any
) -> None:
    case = _without_conditions(
        open_case, staff, time_machine, request=services.RequestData("ex_officio", D(2026, 8, 1))
    )
    move(time_machine, "2027-02-04 09:00")
    case = services.case_transition(actor=staff.officer, case=case, transition="reverify")
    move(time_machine, "2028-08-04 09:00")
    with pytest.raises(TransitionNotAllowed):
        services.case_transition(actor=staff.head, case=case, transition="return_request")
    case = services.case_transition(actor=staff.head, case=case, transition="move_to_separate_book")
    assert (case.state, case.closed_at) == ("separate_book", None)


def test_return_request_does_not_exist_under_the_old_law(
    open_case: OpenCase, staff: Staff, time_machine: Any, world: Any
) -> None:
    detail = open_case(
        "2024-04-25 09:00",
        place=world.vinh_old,
        judgment=judgment(issued_on=D(2024, 1, 2), effective_on=D(2024, 2, 1)),
        request=request(requested_on=D(2024, 4, 20)),
    )
    move(time_machine, "2024-05-06 09:00")
    case = services.case_transition(
        actor=staff.officer, case=detail.case, transition="start_verification"
    )
    services.case_classify(actor=staff.officer, case=case, with_conditions=False, ground="no_means")
    move(time_machine, "2024-11-06 09:00")
    case = services.case_transition(actor=staff.officer, case=case, transition="reverify")
    # old law: 1 year and 2 verifications → separate book (NĐ 62/2015 Art. 9(5))
    move(time_machine, "2025-05-05 09:00")
    with pytest.raises(TransitionNotAllowed):
        services.case_transition(actor=staff.head, case=case, transition="move_to_separate_book")
    move(time_machine, "2025-05-06 09:00")
    with pytest.raises(TransitionNotAllowed) as raised:
        services.case_transition(actor=staff.head, case=case, transition="return_request")
    assert "does not exist under the rules in force" in str(raised.value)
    case = services.case_transition(actor=staff.head, case=case, transition="move_to_separate_book")
    assert case.state == "separate_book"


# -- targets -------------------------------------------------------------------------------------


def test_the_ministry_sets_targets_with_audit(staff: Staff) -> None:
    target = services.target_set(
        actor=staff.ministry,
        agency=staff.office_nghe_an,
        year=2026,
        case_rate="83.5",
        money_rate=45,
    )
    again = services.target_set(
        actor=staff.ministry, agency=staff.office_nghe_an, year=2026, case_rate=84, money_rate=46
    )
    assert target.pk == again.pk
    assert (str(again.case_rate), str(again.money_rate)) == ("84.00", "46.00")
    assert AuditEvent.objects.filter(action="enforcement.target.set").count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"case_rate": "101"}, "case_rate", id="over-100"),
        pytest.param({"money_rate": "abc"}, "money_rate", id="not-a-number"),
        pytest.param({"year": 1999}, "year", id="year"),
    ],
)
def test_bad_targets_are_refused(staff: Staff, changes: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {
        "actor": staff.ministry,
        "agency": staff.office_nghe_an,
        "year": 2026,
        "case_rate": 80,
        "money_rate": 40,
    }
    arguments.update(changes)
    with pytest.raises(ValidationFailed) as raised:
        services.target_set(**arguments)
    assert list(raised.value.fields) == [field]


def test_an_office_cannot_set_its_own_target(staff: Staff) -> None:
    with pytest.raises(AccessDenied):
        services.target_set(
            actor=staff.head, agency=staff.office_nghe_an, year=2026, case_rate=1, money_rate=1
        )
