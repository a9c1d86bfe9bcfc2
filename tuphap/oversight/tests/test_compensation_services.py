"""State compensation services: a claim from receipt through acceptance, verification,
negotiation, the decision and the payment chain, with every time limit on real dates (Tết
2026, the 2-working-day chains), the advance, postponement, termination, recourse; every
refusal names its field and writes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.core.deadlines import ExtensionLimitReached
from tuphap.core.errors import AccessDenied, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.oversight.compensation import services
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import CompensationClaim, DamageItem

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date
NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Compensation:
    police: Agency  # Công an tỉnh Nghệ An, the agency responsible
    police_ha_tinh: Agency
    officer: User
    resolver: User
    officer_ha_tinh: User


def agencies(world: Any) -> Compensation:
    police = account_factories.agency(
        "CA-40",
        "Công an tỉnh Nghệ An",
        kind=AgencyKind.OTHER_STATE_BODY,
        level=AgencyLevel.PROVINCE,
        units=[world.nghe_an],
        parent=world.ministry,
    )
    police_ha_tinh = account_factories.agency(
        "CA-42",
        "Công an tỉnh Hà Tĩnh",
        kind=AgencyKind.OTHER_STATE_BODY,
        level=AgencyLevel.PROVINCE,
        units=[world.ha_tinh],
        parent=world.ministry,
    )
    make = account_factories.user
    return Compensation(
        police,
        police_ha_tinh,
        make("boithuong_nghean", police, Role.COMPENSATION_OFFICER),
        make("boithuong2_nghean", police, Role.COMPENSATION_OFFICER),
        make("boithuong_hatinh", police_ha_tinh, Role.COMPENSATION_OFFICER),
    )


@pytest.fixture
def comp(world: Any) -> Compensation:
    return agencies(world)


def claim_data(**changes: Any) -> services.ClaimData:
    values: dict[str, Any] = {
        "claimant_kind": "injured",
        "claimant_name": "Trần Văn Oan",
        "claimant_address": "Phường Trường Vinh, Nghệ An",
        "basis_kind": "acquittal",
        "basis_number": "15/2026/HS-PT",
        "basis_date": D(2026, 1, 20),
        "basis_issuer": "Tòa án nhân dân tỉnh Nghệ An",
        "basis_received_on": D(2026, 1, 25),
        "sector": "criminal",
        "unlawful_act": "Bị tạm giam 180 ngày rồi được tuyên không phạm tội",
        "received_on": D(2026, 2, 12),
        "damages": {"mental": 200_000_000, "lost_income": 60_000_000, "property": 40_000_000},
        "honour_form": "apology",
    }
    values.update(changes)
    return services.ClaimData(**values)


def opened(world: Any, comp: Compensation, **changes: Any) -> CompensationClaim:
    return services.claim_open(actor=comp.officer, place=world.vinh, data=claim_data(**changes))


def step(comp: Compensation, claim: CompensationClaim, name: str, **data: Any) -> CompensationClaim:
    return services.claim_step(
        actor=comp.officer,
        case=Case.objects.get(pk=claim.case_id),
        transition=name,
        data=services.StepData(**data),
    )


def due_day(claim: CompensationClaim) -> datetime.date:
    case = Case.objects.get(pk=claim.case_id)
    assert case.due_at is not None
    return case_deadlines.local_date(case.due_at)


def decided(world: Any, comp: Compensation) -> CompensationClaim:
    """A claim accepted in February 2026, verified, negotiated and decided."""
    claim = opened(world, comp)
    step(comp, claim, "file_complete", on=D(2026, 2, 13))
    step(comp, claim, "accept", on=D(2026, 2, 24))
    step(comp, claim, "assign_resolver", on=D(2026, 2, 25), resolver_id=comp.resolver.pk)
    amounts = {"mental": 150_000_000, "lost_income": 60_000_000, "property": 30_000_000}
    step(comp, claim, "verify", on=D(2026, 3, 6), amounts=amounts)
    step(comp, claim, "start_negotiation", on=D(2026, 3, 9))
    return step(
        comp,
        claim,
        "decide",
        on=D(2026, 3, 16),
        decision_number="05/QĐ-BTNN",
        handed_over_on=D(2026, 3, 17),
        amounts=amounts,
    )


# -- receipt -------------------------------------------------------------------------------------


def test_a_claim_received_before_tet_has_its_review_limit_after_the_holiday(
    world: Any, comp: Compensation
) -> None:
    # Received Thursday 12 Feb 2026; Tết is 14–22 Feb: 5 working days are 13, 23, 24, 25, 26
    # Feb — missing papers must be asked for by Thursday 26 Feb (Art. 42(1)).
    claim = opened(world, comp)
    case = Case.objects.get(pk=claim.case_id)
    assert case.register == compensation.REGISTER
    assert case.state == compensation.RECEIVED
    assert due_day(claim) == D(2026, 2, 26)
    assert case.clock["basis"] == "Luật TNBTCNN 2017 Art. 42(1)"
    # 3 years from 25 Jan 2026 (Art. 6).
    assert claim.statute_ends_on == D(2029, 1, 25)
    assert sorted(DamageItem.objects.filter(claim=claim).values_list("head", "claimed")) == [
        ("lost_income", 60_000_000),
        ("mental", 200_000_000),
        ("property", 40_000_000),
    ]
    assert AuditEvent.objects.filter(
        action="oversight.compensation.received", object_id=str(claim.case_id)
    ).exists()


def test_the_statute_ends_in_tet_rolls_to_the_next_working_day_and_excluded_days_push_it(
    world: Any, comp: Compensation
) -> None:
    # 18 Feb 2023 + 3 years = Wednesday 18 Feb 2026, inside Tết: the period ends at the end of
    # Monday 23 Feb (BLDS 2015 Art. 148(5)). Ten days of force majeure push it to Saturday
    # 28 Feb, so Monday 2 Mar (Art. 6(2)).
    kept = opened(
        world,
        comp,
        basis_date=D(2023, 2, 10),
        basis_received_on=D(2023, 2, 18),
        received_on=D(2026, 2, 12),
    )
    assert kept.statute_ends_on == D(2026, 2, 23)
    pushed = opened(
        world,
        comp,
        basis_date=D(2023, 2, 10),
        basis_received_on=D(2023, 2, 18),
        excluded_periods=((D(2024, 1, 1), D(2024, 1, 10)),),
    )
    assert pushed.statute_ends_on == D(2026, 3, 2)


def test_a_claim_after_the_statute_cannot_be_accepted_only_refused(
    world: Any, comp: Compensation
) -> None:
    claim = opened(
        world,
        comp,
        basis_date=D(2022, 6, 1),
        basis_received_on=D(2022, 6, 10),
        received_on=D(2026, 2, 12),
    )
    with pytest.raises(ValidationFailed) as refused:
        step(comp, claim, "accept", on=D(2026, 2, 13))
    assert "statute" in refused.value.fields["on"][0]
    assert Case.objects.get(pk=claim.case_id).state == compensation.RECEIVED
    step(comp, claim, "refuse", on=D(2026, 2, 13), ground="statute_expired")
    claim.refresh_from_db()
    assert claim.refusal_ground == "statute_expired"
    assert Case.objects.get(pk=claim.case_id).state == compensation.REFUSED


def test_every_bad_field_of_a_claim_is_named_and_nothing_is_written(
    world: Any, comp: Compensation
) -> None:
    before = Case.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        opened(
            world,
            comp,
            claimant_kind="heir",
            claimant_name=" ",
            sector="tax",
            basis_received_on=D(2026, 1, 1),  # before the basis document
            received_on=D(2026, 12, 9),  # tomorrow
            damages={"mental": -5, "fame": 10},
            claimant_pin="123",
        )
    fields = refused.value.fields
    assert {
        "claimant_name",
        "injured_name",
        "sector",
        "basis_received_on",
        "received_on",
        "damage_mental",
        "damages",
        "claimant_pin",
    } <= set(fields)
    assert Case.objects.count() == before
    assert CompensationClaim.objects.count() == 0


def test_only_a_compensation_officer_receives_claims(world: Any, comp: Compensation) -> None:
    with pytest.raises(AccessDenied):
        services.claim_open(
            actor=world.users["provincial_specialist"], place=world.vinh, data=claim_data()
        )


def test_a_hà_tĩnh_officer_cannot_touch_a_nghệ_an_claim(world: Any, comp: Compensation) -> None:
    claim = opened(world, comp)
    with pytest.raises(NotFound):
        services.claim_step(
            actor=comp.officer_ha_tinh,
            case=Case.objects.get(pk=claim.case_id),
            transition="accept",
            data=services.StepData(on=D(2026, 2, 13)),
        )
    with pytest.raises(ValidationFailed) as outside:
        services.claim_open(actor=comp.officer_ha_tinh, place=world.vinh, data=claim_data())
    assert "place" in outside.value.fields


# -- the 2-working-day chains --------------------------------------------------------------------


def test_the_two_working_day_chain_across_tet(world: Any, comp: Compensation) -> None:
    # Papers asked for Thursday 12 Feb: 5 working days → Thursday 26 Feb (Art. 42(2)).
    claim = opened(world, comp)
    step(comp, claim, "request_papers", on=D(2026, 2, 12))
    claim.refresh_from_db()
    assert claim.papers_due_on == D(2026, 2, 26)
    assert due_day(claim) == D(2026, 2, 26)
    # The file is complete on Friday 13 Feb: accept within 2 working days → Tuesday 24 Feb
    # (Art. 43(1); Tết 14–22 Feb, Monday 23 is the first working day).
    step(comp, claim, "file_complete", on=D(2026, 2, 13))
    claim.refresh_from_db()
    assert claim.accept_due_on == D(2026, 2, 24)
    assert due_day(claim) == D(2026, 2, 24)
    # Accepted on Tuesday 24 Feb, on time; the resolver within 2 working days → Thursday 26.
    step(comp, claim, "accept", on=D(2026, 2, 24))
    claim.refresh_from_db()
    assert claim.accepted_on_time is True
    assert due_day(claim) == D(2026, 2, 26)
    assert Case.objects.get(pk=claim.case_id).clock["basis"] == "Luật TNBTCNN 2017 Art. 43(3)"


def test_an_acceptance_after_the_two_working_days_is_late(world: Any, comp: Compensation) -> None:
    claim = opened(world, comp)
    step(comp, claim, "file_complete", on=D(2026, 2, 13))
    step(comp, claim, "accept", on=D(2026, 2, 25))
    claim.refresh_from_db()
    assert claim.accepted_on_time is False


def test_verification_counts_from_acceptance_15_days_or_30_if_complex_and_extends_once(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    # Resolver assigned on 23 Feb; verification runs 15 days from the acceptance on 13 Feb:
    # Saturday 28 Feb → Monday 2 Mar (Art. 45(1); BLDS Art. 148(5)).
    step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    assert due_day(claim) == D(2026, 3, 2)
    services.claim_extend(
        actor=comp.officer, case=Case.objects.get(pk=claim.case_id), reason="Thỏa thuận gia hạn"
    )
    # Once more up to 15 days, from the due day: 17 Mar.
    assert due_day(claim) == D(2026, 3, 17)
    with pytest.raises(ExtensionLimitReached):
        services.claim_extend(
            actor=comp.officer, case=Case.objects.get(pk=claim.case_id), reason="Lần hai"
        )
    complex_claim = opened(world, comp)
    step(comp, complex_claim, "accept", on=D(2026, 2, 13), complex=True)
    step(comp, complex_claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    assert due_day(complex_claim) == D(2026, 3, 16)  # 13 Feb + 30 days = Sunday 15 → Monday 16


def test_negotiation_starts_within_two_working_days_and_lasts_ten_or_fifteen(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    amounts = {"mental": 150_000_000, "lost_income": 60_000_000, "property": 30_000_000}
    # Report on Friday 6 Mar: negotiation starts by Tuesday 10 Mar (Art. 46(1)).
    step(comp, claim, "verify", on=D(2026, 3, 6), amounts=amounts)
    assert due_day(claim) == D(2026, 3, 10)
    step(comp, claim, "start_negotiation", on=D(2026, 3, 9))
    assert due_day(claim) == D(2026, 3, 19)  # 10 days
    assert sorted(DamageItem.objects.filter(claim=claim).values_list("head", "verified")) == [
        ("lost_income", 60_000_000),
        ("mental", 150_000_000),
        ("property", 30_000_000),
    ]


def test_a_verified_amount_above_the_claim_or_a_missing_head_is_refused(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    with pytest.raises(ValidationFailed) as refused:
        step(comp, claim, "verify", on=D(2026, 3, 6), amounts={"mental": 300_000_000})
    assert set(refused.value.fields) == {"damage_mental", "damage_lost_income", "damage_property"}
    assert Case.objects.get(pk=claim.case_id).state == compensation.VERIFYING


def test_the_decision_takes_effect_15_days_after_handover_then_the_payment_chain(
    world: Any, comp: Compensation
) -> None:
    claim = decided(world, comp)
    assert claim.decided_on_time is True  # negotiation due 19 Mar
    assert claim.decision_due_on == D(2026, 3, 19)
    assert claim.effective_on == D(2026, 4, 1)  # handed over 17 Mar + 15 days
    # The funding request within 2 working days of the effect: Friday 3 Apr (Art. 62(1)).
    assert due_day(claim) == D(2026, 4, 3)
    with pytest.raises(ValidationFailed) as early:
        step(comp, claim, "request_funding", on=D(2026, 3, 31))
    assert "on" in early.value.fields
    step(comp, claim, "request_funding", on=D(2026, 4, 2))
    # The finance body pays out within 5 working days: Thursday 9 Apr (Art. 62(3)).
    assert due_day(claim) == D(2026, 4, 9)
    step(comp, claim, "funds_received", on=D(2026, 4, 9))
    assert due_day(claim) == D(2026, 4, 13)  # notify within 2 working days
    step(comp, claim, "notify", on=D(2026, 4, 10))
    assert due_day(claim) == D(2026, 4, 14)  # pay within 2 working days
    with pytest.raises(ValidationFailed) as too_much:
        step(comp, claim, "pay", on=D(2026, 4, 13), amount=240_000_001)
    assert "amount" in too_much.value.fields
    paid = step(comp, claim, "pay", on=D(2026, 4, 13))
    assert paid.paid_amount == 240_000_000
    case = Case.objects.get(pk=claim.case_id)
    assert case.state == compensation.PAID
    assert case.closed_at is not None
    assert services.totals(paid)["owed"] == 0


def test_a_decision_after_the_negotiation_limit_is_late(world: Any, comp: Compensation) -> None:
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    amounts = {"mental": 1, "lost_income": 1, "property": 1}
    step(comp, claim, "verify", on=D(2026, 3, 6), amounts=amounts)
    step(comp, claim, "start_negotiation", on=D(2026, 3, 9))
    late = step(
        comp, claim, "decide", on=D(2026, 3, 20), decision_number="06/QĐ-BTNN", amounts=amounts
    )
    assert late.decided_on_time is False
    assert late.decision_due_on == D(2026, 3, 19)


def test_an_advance_of_at_least_half_is_due_within_five_working_days(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    case = Case.objects.get(pk=claim.case_id)
    with pytest.raises(ValidationFailed) as small:
        services.advance_request(
            actor=comp.officer,
            case=case,
            requested_on=D(2026, 2, 13),
            mental=100_000_000,
            computable=40_000_000,
            amount=69_999_999,
        )
    assert "70.000.000" in small.value.fields["amount"][0]
    advance = services.advance_request(
        actor=comp.officer,
        case=case,
        requested_on=D(2026, 2, 13),
        mental=100_000_000,
        computable=40_000_000,
        amount=70_000_000,
    )
    # Friday 13 Feb + 5 working days over Tết: 23, 24, 25, 26, 27 Feb (Art. 44).
    assert advance.due_on == D(2026, 2, 27)
    paid = services.advance_pay(
        actor=comp.officer, case=case, advance_id=advance.pk, paid_on=D(2026, 2, 27)
    )
    assert paid.paid_on_time is True
    claim.refresh_from_db()
    assert services.totals(claim)["advanced"] == 70_000_000


def test_a_postponement_stops_the_clock_and_pushes_the_limit_back(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    assert due_day(claim) == D(2026, 3, 2)
    case = Case.objects.get(pk=claim.case_id)
    with pytest.raises(ValidationFailed) as too_long:
        services.interruption_start(
            actor=comp.officer,
            case=case,
            kind="postponement",
            reason="Người yêu cầu ốm nặng",
            ground_arose_on=D(2026, 2, 24),
            decided_on=D(2026, 2, 26),
            until=D(2026, 3, 30),
        )
    assert "until" in too_long.value.fields
    # The ground arose on Tuesday 24 Feb; decided on Friday 27 Feb: after the 2 working days
    # (Thursday 26), recorded and flagged late (Art. 49(2)).
    row = services.interruption_start(
        actor=comp.officer,
        case=case,
        kind="postponement",
        reason="Người yêu cầu ốm nặng",
        ground_arose_on=D(2026, 2, 24),
        decided_on=D(2026, 2, 27),
        until=D(2026, 3, 20),
    )
    assert row.decide_due_on == D(2026, 2, 26)
    assert row.late is True
    services.interruption_end(
        actor=comp.officer, case=Case.objects.get(pk=claim.case_id), resumed_on=D(2026, 3, 9)
    )
    # Stopped 27 Feb – 8 Mar (10 days): the period's last day, Saturday 28 Feb (rolled to
    # Monday 2 Mar), moves 10 days to Tuesday 10 Mar.
    assert due_day(claim) == D(2026, 3, 10)


def test_a_termination_records_its_ground_and_whether_it_was_decided_in_five_working_days(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    with pytest.raises(ValidationFailed):
        step(comp, claim, "terminate", on=D(2026, 3, 3))
    ended = step(
        comp,
        claim,
        "terminate",
        on=D(2026, 3, 3),
        ground="withdrawn",
        ground_arose_on=D(2026, 2, 13),
    )
    # 13 Feb + 5 working days = 27 Feb: 3 Mar is late (Art. 51(2)).
    assert ended.end_late is True
    assert Case.objects.get(pk=claim.case_id).state == compensation.TERMINATED


def test_illegal_steps_are_refused_with_a_conflict(world: Any, comp: Compensation) -> None:
    claim = opened(world, comp)
    with pytest.raises(TransitionNotAllowed):
        step(comp, claim, "pay", on=D(2026, 2, 13))
    # The generic case engine cannot make the register's steps (the guard).
    from tuphap.casework import services as case_services

    with pytest.raises(TransitionNotAllowed):
        case_services.case_transition(
            actor=comp.officer, case=Case.objects.get(pk=claim.case_id), transition="accept"
        )


def test_the_court_route_is_recorded(world: Any, comp: Compensation) -> None:
    claim = decided(world, comp)
    ended = step(comp, claim, "to_court", on=D(2026, 3, 20), court_name="Tòa án nhân dân khu vực 1")
    assert ended.court_filed_on == D(2026, 3, 20)
    assert Case.objects.get(pk=claim.case_id).state == compensation.COURT


def test_cancelling_a_decision_returns_to_negotiation(world: Any, comp: Compensation) -> None:
    claim = decided(world, comp)
    with pytest.raises(ValidationFailed):
        step(comp, claim, "cancel_decision", on=D(2026, 3, 18))
    cancelled = step(comp, claim, "cancel_decision", on=D(2026, 3, 18), reason="Sai thẩm quyền")
    assert cancelled.decided_on is None
    assert Case.objects.get(pk=claim.case_id).state == compensation.VERIFIED
    assert set(DamageItem.objects.filter(claim=claim).values_list("decided", flat=True)) == {None}


def test_the_recourse_is_decided_after_payment_and_collected_in_instalments(
    world: Any, comp: Compensation
) -> None:
    claim = decided(world, comp)
    case = Case.objects.get(pk=claim.case_id)
    with pytest.raises(ValidationFailed) as early:
        services.recourse_decide(
            actor=comp.officer,
            case=case,
            official_name="Điều tra viên Lê Văn Sai",
            decision_number="01/QĐ-HT",
            decided_on=D(2026, 4, 20),
            amount=30_000_000,
        )
    assert "case" in early.value.fields
    for name, on in (
        ("request_funding", D(2026, 4, 2)),
        ("funds_received", D(2026, 4, 9)),
        ("notify", D(2026, 4, 10)),
        ("pay", D(2026, 4, 13)),
    ):
        step(comp, claim, name, on=on)
    case = Case.objects.get(pk=claim.case_id)
    recourse = services.recourse_decide(
        actor=comp.officer,
        case=case,
        official_name="Điều tra viên Lê Văn Sai",
        decision_number="01/QĐ-HT",
        decided_on=D(2026, 4, 20),
        amount=30_000_000,
    )
    services.recourse_collect(
        actor=comp.officer, case=case, paid_on=D(2026, 5, 5), amount=10_000_000
    )
    with pytest.raises(ValidationFailed) as beyond:
        services.recourse_collect(
            actor=comp.officer, case=case, paid_on=D(2026, 6, 5), amount=20_000_001
        )
    assert "20.000.000" in beyond.value.fields["amount"][0]
    assert services.recourse_collected(recourse) == 10_000_000


def test_a_step_dated_before_the_last_one_is_refused_on_its_date(
    world: Any, comp: Compensation
) -> None:
    claim = opened(world, comp)
    step(comp, claim, "file_complete", on=D(2026, 2, 13))
    with pytest.raises(ValidationFailed) as refused:
        step(comp, claim, "accept", on=D(2026, 2, 11))
    assert "on" in refused.value.fields
