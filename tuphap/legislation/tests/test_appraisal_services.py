"""The proposal and draft registers: every transition through the services, the appraisal
period on real holidays (30 April – 1 May, Tết, National Day), pauses, the on-time flag, the
link to the programme item and the promulgated document, refusals that write nothing, and who
may act."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import World
from tuphap.casework import services as case_services
from tuphap.casework.models import Case, CaseAction
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.legislation.documents.models import Document
from tuphap.legislation.programme import workflow
from tuphap.legislation.programme.models import (
    Conclusion,
    ItemStatus,
    LegislativeDraft,
    LegislativeProposal,
)
from tuphap.legislation.programme.services import appraisal as services
from tuphap.legislation.tests import factories, programme_factories

D = datetime.date
VN = datetime.timezone(datetime.timedelta(hours=7))
pytestmark = pytest.mark.django_db


def due_day(case: Case) -> D | None:
    return case.due_at.astimezone(VN).date() if case.due_at else None


@pytest.fixture
def now(time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN), tick=False)


@pytest.fixture
def finance(world: World, now: None) -> Any:
    return programme_factories.central(world)


@pytest.fixture
def specialist(world: World) -> Any:
    return world.users["ministry_specialist"]


def _appraised(actor: Any, finance: Any, *, conclusion: str = Conclusion.ELIGIBLE) -> Any:
    draft = programme_factories.draft(actor, finance, received_on=D(2026, 4, 1))
    services.dossier_request_appraisal(actor=actor, detail=draft, requested_on=D(2026, 4, 10))
    return services.dossier_record_appraisal(
        actor=actor,
        detail=draft,
        report_reference="Báo cáo thẩm định 45/BC-BTP",
        conclusion=conclusion,
        report_on=D(2026, 4, 28),
    )


def test_opening_a_draft_places_it_centrally_and_starts_its_programme_item(
    world: World, finance: Any, specialist: Any
) -> None:
    programme = programme_factories.programme(specialist)
    item = programme_factories.item(specialist, programme, finance)

    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 3, 2), of=item)

    case = draft.case
    assert (case.register, case.state, case.agency, case.place, case.province, case.number) == (
        "legislation.draft",
        "drafting",
        world.ministry,
        None,  # a central-level case: the Ministry of Finance's draft has no place
        None,
        1,
    )
    assert (case.rule_set, case.due_at, case.assignee) == (
        "legislation.draft-2025",
        None,
        specialist,
    )
    assert (draft.drafting_agency, draft.appraising_unit, draft.item) == (
        finance,
        world.ministry,
        item,
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(action="legislation.draft.opened").count() == 1


def test_appraisal_period_rolls_past_30_april_and_1_may(finance: Any, specialist: Any) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 4, 1))

    services.dossier_request_appraisal(actor=specialist, detail=draft, requested_on=D(2026, 4, 10))

    case = Case.objects.get(pk=draft.pk)
    # 20 days from 10 April end on Thursday 30 April, a holiday; 1 May too; then a weekend.
    assert (case.state, due_day(case), case.clock["basis"]) == (
        "appraisal_requested",
        D(2026, 5, 4),
        "Luật 64/2025; NĐ 78/2025 [U: old figure kept]",
    )


@pytest.mark.parametrize(
    ("requested_on", "due"),
    [
        (D(2026, 1, 27), D(2026, 2, 23)),  # 16 February falls in the Tết holiday
        (D(2026, 8, 13), D(2026, 9, 3)),  # 2 September, National Day
        (D(2026, 8, 7), D(2026, 8, 27)),  # an ordinary Thursday
    ],
    ids=["tet", "national-day", "ordinary"],
)
def test_appraisal_due_date_on_real_holidays(
    finance: Any, specialist: Any, requested_on: D, due: D
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 1, 5))
    services.dossier_request_appraisal(actor=specialist, detail=draft, requested_on=requested_on)
    assert due_day(Case.objects.get(pk=draft.pk)) == due


def test_a_dossier_received_before_april_2025_runs_under_the_2015_rules(
    finance: Any, specialist: Any
) -> None:
    proposal = programme_factories.draft(
        specialist, finance, received_on=D(2025, 3, 20), register=workflow.PROPOSAL
    )
    services.dossier_request_appraisal(
        actor=specialist, detail=proposal, requested_on=D(2025, 3, 20)
    )
    case = Case.objects.get(pk=proposal.pk)
    assert (case.rule_set, due_day(case), case.clock["basis"]) == (
        "legislation.proposal-2015",
        D(2025, 4, 9),
        "Luật 80/2015 Art. 39(3) [U]",
    )


def test_report_within_the_period_is_on_time_and_after_it_late(
    finance: Any, specialist: Any
) -> None:
    on_time = _appraised(specialist, finance)  # due 4 May, report 28 April
    late = programme_factories.draft(specialist, finance, received_on=D(2026, 4, 1))
    services.dossier_request_appraisal(actor=specialist, detail=late, requested_on=D(2026, 4, 10))
    services.dossier_record_appraisal(
        actor=specialist,
        detail=late,
        report_reference="Báo cáo thẩm định 50/BC-BTP",
        conclusion=Conclusion.NOT_ELIGIBLE,
        report_on=D(2026, 5, 5),
    )

    late.refresh_from_db()
    assert (on_time.appraised_on_time, on_time.conclusion, on_time.report_on) == (
        True,
        "eligible",
        D(2026, 4, 28),
    )
    assert (late.appraised_on_time, late.case.state, late.case.due_at) == (
        False,
        "appraised",
        None,
    )
    action = CaseAction.objects.filter(case=late.case).order_by("-sequence").first()
    assert action is not None
    assert action.payload == {
        "report_reference": "Báo cáo thẩm định 50/BC-BTP",
        "report_on": "2026-05-05",
        "conclusion": "not_eligible",
        "on_time": False,
    }


def test_postponement_pauses_the_period_and_resumption_pushes_it_back(
    finance: Any, specialist: Any
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 8, 3))
    services.dossier_request_appraisal(
        actor=specialist, detail=draft, requested_on=D(2026, 8, 7)
    )  # due 27 August
    services.dossier_postpone(
        actor=specialist,
        detail=draft,
        reason="Chờ ý kiến của cơ quan có thẩm quyền",
        decision_reference="Công văn 120/BTC-PC",
        postponed_on=D(2026, 8, 17),
    )
    paused = Case.objects.get(pk=draft.pk)
    assert (paused.state, paused.paused_at is not None) == ("postponed", True)

    services.dossier_resume(actor=specialist, detail=draft, resumed_on=D(2026, 8, 24))

    case = Case.objects.get(pk=draft.pk)
    # 17–23 August stood still: 7 days → 3 September (after the National Day holiday).
    assert (case.state, case.paused_at, due_day(case)) == (
        "appraisal_requested",
        None,
        D(2026, 9, 3),
    )
    last = CaseAction.objects.filter(case=case).order_by("-sequence").first()
    assert last is not None
    assert last.transition == "resume_appraisal"


def test_returned_dossier_restarts_the_period_when_received_again(
    finance: Any, specialist: Any
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 8, 3))
    services.dossier_request_appraisal(actor=specialist, detail=draft, requested_on=D(2026, 8, 7))
    with pytest.raises(ValidationFailed) as error:
        services.dossier_return(actor=specialist, detail=draft, reason=" ")
    assert list(error.value.fields) == ["reason"]

    services.dossier_return(
        actor=specialist,
        detail=draft,
        reason="Thiếu báo cáo đánh giá tác động",
        returned_on=D(2026, 8, 10),
    )
    assert Case.objects.get(pk=draft.pk).due_at is None
    services.dossier_request_appraisal(actor=specialist, detail=draft, requested_on=D(2026, 8, 13))
    assert due_day(Case.objects.get(pk=draft.pk)) == D(2026, 9, 3)


def test_only_an_eligible_dossier_is_submitted(finance: Any, specialist: Any) -> None:
    draft = _appraised(specialist, finance, conclusion=Conclusion.NOT_ELIGIBLE)
    with pytest.raises(TransitionNotAllowed) as error:
        services.dossier_submit(
            actor=specialist, detail=draft, submission_reference="Tờ trình 10/TTr-CP"
        )
    assert (error.value.status_code, error.value.code) == (409, "guard_failed")
    draft.refresh_from_db()
    assert (draft.case.state, draft.submission_reference) == ("appraised", "")


def test_adoption_registers_the_document_and_adopts_the_programme_item(
    finance: Any, specialist: Any, sample_law_text: str
) -> None:
    programme = programme_factories.programme(specialist)
    item = programme_factories.item(specialist, programme, finance)
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 3, 2), of=item)
    services.dossier_request_appraisal(actor=specialist, detail=draft, requested_on=D(2026, 3, 5))
    services.dossier_record_appraisal(
        actor=specialist,
        detail=draft,
        report_reference="Báo cáo thẩm định 30/BC-BTP",
        conclusion=Conclusion.ELIGIBLE,
        report_on=D(2026, 3, 20),
    )
    services.dossier_submit(
        actor=specialist,
        detail=draft,
        submission_reference="Tờ trình 150/TTr-CP",
        submitted_on=D(2026, 4, 1),
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED

    services.dossier_adopt(
        actor=specialist,
        detail=draft,
        document_data=services.DocumentData(
            number="91/2026/QH15",
            issuer="Quốc hội",
            signed_on=D(2026, 6, 10),
            effective_on=D(2027, 1, 1),
            text=sample_law_text,
        ),
    )
    services.draft_publish(
        actor=specialist,
        draft=draft,
        published_on=D(2026, 6, 25),
        publication="Công báo; Cơ sở dữ liệu quốc gia về pháp luật",
    )

    draft = LegislativeDraft.objects.select_related("case", "document").get(pk=draft.pk)
    document = Document.objects.get(number="91/2026/QH15")
    item.refresh_from_db()
    assert (draft.case.state, draft.case.closed_at is not None, draft.document) == (
        "published",
        True,
        document,
    )
    assert (draft.adopted_on, draft.published_on, document.title) == (
        D(2026, 6, 10),
        D(2026, 6, 25),
        "Luật Thuế thu nhập cá nhân (sửa đổi)",
    )
    assert (item.status, item.document) == (ItemStatus.ADOPTED, document)
    transitions = list(
        CaseAction.objects.filter(case=draft.case)
        .order_by("sequence")
        .values_list("transition", flat=True)
    )
    assert transitions == [
        "",
        "request_appraisal",
        "record_appraisal",
        "submit",
        "adopt",
        "publish",
    ]


def test_adoption_links_an_existing_document_of_the_same_type_only(
    finance: Any, specialist: Any
) -> None:
    draft = _appraised(specialist, finance)
    services.dossier_submit(
        actor=specialist,
        detail=draft,
        submission_reference="Tờ trình 10/TTr-CP",
        submitted_on=D(2026, 5, 4),
    )
    decree = factories.detailing(
        specialist, "12/2026/NĐ-CP", signed_on=D(2026, 6, 20), effective_on=D(2026, 8, 1)
    )
    with pytest.raises(ValidationFailed) as error:
        services.dossier_adopt(actor=specialist, detail=draft, document=decree)
    assert list(error.value.fields) == ["document"]
    with pytest.raises(ValidationFailed) as error:
        services.dossier_adopt(actor=specialist, detail=draft)
    assert list(error.value.fields) == ["document"]
    law = factories.sample_law(specialist, number="95/2026/QH15", signed_on=D(2026, 11, 20))

    services.dossier_adopt(actor=specialist, detail=draft, document=law)

    draft.refresh_from_db()
    assert (draft.case.state, draft.document, draft.adopted_on) == (
        "adopted",
        law,
        D(2026, 11, 20),
    )


def test_a_proposal_ends_at_adoption(finance: Any, specialist: Any) -> None:
    proposal = programme_factories.draft(
        specialist, finance, received_on=D(2026, 9, 1), register=workflow.PROPOSAL
    )
    services.dossier_request_appraisal(
        actor=specialist, detail=proposal, requested_on=D(2026, 9, 3)
    )
    services.dossier_record_appraisal(
        actor=specialist,
        detail=proposal,
        report_reference="Báo cáo thẩm định 70/BC-BTP",
        conclusion=Conclusion.ELIGIBLE,
        report_on=D(2026, 9, 20),
    )
    services.dossier_submit(
        actor=specialist,
        detail=proposal,
        submission_reference="Tờ trình 200/TTr-BTC",
        submitted_on=D(2026, 10, 1),
    )
    services.dossier_adopt(actor=specialist, detail=proposal, adopted_on=D(2026, 10, 20))

    proposal = LegislativeProposal.objects.select_related("case").get(pk=proposal.pk)
    assert (proposal.case.state, proposal.case.closed_at is not None, proposal.adopted_on) == (
        "adopted",
        True,
        D(2026, 10, 20),
    )
    with pytest.raises(Conflict):
        services.draft_publish(
            actor=specialist, draft=proposal, published_on=D(2026, 11, 1), publication="Công báo"
        )  # type: ignore[arg-type]


def test_withdrawal_needs_reason_and_decision_and_ends_the_dossier(
    finance: Any, specialist: Any
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    with pytest.raises(ValidationFailed) as error:
        services.dossier_withdraw(actor=specialist, detail=draft, reason="", decision_reference="")
    assert list(error.value.fields) == ["reason", "decision_reference"]

    services.dossier_withdraw(
        actor=specialist,
        detail=draft,
        reason="Rút khỏi Chương trình",
        decision_reference="Nghị quyết 95/2026/UBTVQH15",
        withdrawn_on=D(2026, 10, 5),
    )

    draft.refresh_from_db()
    assert (draft.case.state, draft.withdrawal_reason) == ("withdrawn", "Rút khỏi Chương trình")
    with pytest.raises(TransitionNotAllowed) as refused:
        services.dossier_request_appraisal(actor=specialist, detail=draft)
    assert refused.value.status_code == 409


def test_a_step_in_the_wrong_state_is_409_and_writes_nothing(finance: Any, specialist: Any) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    audits = AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed) as error:
        services.dossier_record_appraisal(
            actor=specialist,
            detail=draft,
            report_reference="Báo cáo thẩm định 1/BC-BTP",
            conclusion=Conclusion.ELIGIBLE,
        )
    assert error.value.status_code == 409
    with pytest.raises(Conflict):
        services.dossier_adopt(actor=specialist, detail=draft, adopted_on=D(2026, 10, 1))
    draft.refresh_from_db()
    assert (draft.report_reference, draft.case.last_sequence) == ("", 1)
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    ("call", "field"),
    [
        ({"requested_on": D(2026, 12, 25)}, "requested_on"),
        ({"requested_on": D(2026, 8, 31)}, "requested_on"),
    ],
    ids=["future", "before-opening"],
)
def test_step_dates_are_checked_naming_the_field(
    finance: Any, specialist: Any, call: dict[str, Any], field: str
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    services.dossier_request_appraisal(actor=specialist, detail=draft, requested_on=D(2026, 9, 2))
    services.dossier_return(actor=specialist, detail=draft, reason="Thiếu hồ sơ")
    with pytest.raises(ValidationFailed) as error:
        services.dossier_request_appraisal(actor=specialist, detail=draft, **call)
    assert list(error.value.fields) == [field]


def test_bad_opening_input_names_the_field(finance: Any, specialist: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.dossier_open(
            actor=specialist,
            register="legislation.other",
            title="x",
            doc_type="law",
            drafting_agency=finance,
            received_on=D(2026, 9, 1),
        )
    assert list(error.value.fields) == ["register"]
    with pytest.raises(ValidationFailed) as error:
        programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1), doc_type="x")
    assert list(error.value.fields) == ["doc_type"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "persona",
    ["leader", "auditor", "provincial_specialist", "statistics_officer", "administrator"],
)
def test_only_ministry_specialists_work_on_dossiers(
    world: World, finance: Any, specialist: Any, persona: str
) -> None:
    with pytest.raises(AccessDenied):
        programme_factories.draft(world.users[persona], finance, received_on=D(2026, 9, 1))
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    with pytest.raises(AccessDenied):
        services.dossier_request_appraisal(actor=world.users[persona], detail=draft)
    assert Case.objects.get(pk=draft.pk).state == "drafting"


def test_a_dossier_received_earlier_is_journaled_as_opened_that_day(
    world: World, finance: Any, specialist: Any
) -> None:
    draft = programme_factories.draft(specialist, finance, received_on=D(2026, 9, 1))
    opened = CaseAction.objects.get(case=draft.case, sequence=1)
    assert (opened.at, draft.case.opened_at, draft.case.year) == (
        datetime.datetime(2026, 9, 1, 12, 0, tzinfo=VN),
        datetime.datetime(2026, 9, 1, 12, 0, tzinfo=VN),
        2026,
    )


def test_the_case_engine_refuses_an_opening_time_in_the_future(
    world: World, finance: Any, specialist: Any
) -> None:
    with pytest.raises(ValidationFailed) as error:
        case_services.case_open(
            actor=specialist,
            register=workflow.DRAFT,
            agency=world.ministry,
            place=None,
            event_date=D(2026, 11, 30),
            at=datetime.datetime(2026, 12, 1, 9, 0, tzinfo=VN),
        )
    assert list(error.value.fields) == ["at"]
    assert not Case.objects.exists()
