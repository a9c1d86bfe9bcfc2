"""The legal aid services: a request, a notice, acceptance, assignment and the ends, with their
time limits on real dates, and every refusal naming its field with nothing written."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.core.errors import ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.legal_aid.cases import services
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice
from tuphap.legal_aid.tests.conftest import Centres, D, at, notice_data, request_data

NOW = time_machine.travel(at("2026-12-08 09:00"), tick=False)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with NOW:
        yield


def test_a_police_notice_opens_and_accepts_at_once_with_a_twelve_hour_clock(
    world: Any, centres: Centres
) -> None:
    # Detained at 20:00 on Saturday 5 Dec; the police notify at 22:00; accepted at 22:00:
    # the performer is due by 10:00 on Sunday, real hours (Luật TGPL Art. 31(2)).
    notice = services.notice_record(
        actor=centres.officer, place=world.vinh, data=request_data(), notice=notice_data()
    )
    detail = LegalAidCase.objects.get(case=notice.case)
    assert notice.case.state == legal_aid.ACCEPTED
    assert detail.acceptance == "immediate"
    assert detail.immediate_ground == "notified"
    assert notice.due_at == at("2026-12-06 08:00")  # 12 hours from the request
    assert notice.late is False
    assert detail.assign_due_at == at("2026-12-06 10:00")
    assert Case.objects.get(pk=notice.case_id).due_at == at("2026-12-06 10:00")
    # Eligibility papers: 5 working days from Saturday 5 Dec → Friday 11 Dec.
    assert detail.papers_due_on == D(2026, 12, 11)
    actions = set(
        AuditEvent.objects.filter(object_id=str(notice.case_id)).values_list("action", flat=True)
    )
    assert {"casework.case.opened", "legal_aid.notice.recorded"} <= actions


def test_a_late_notice_is_flagged(world: Any, centres: Centres) -> None:
    notice = services.notice_record(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(procedural_status="accused"),
        notice=notice_data(notified_at=at("2026-12-06 20:01")),  # 24 h 1 min after the request
    )
    assert notice.late is True
    assert notice.due_at == at("2026-12-06 20:00")


def test_assignment_on_time_then_late(world: Any, centres: Centres) -> None:
    first = services.notice_record(
        actor=centres.officer, place=world.vinh, data=request_data(), notice=notice_data()
    )
    assigned = services.case_assign_performer(
        actor=centres.officer,
        case=first.case,
        performer_id=centres.lawyer.pk,
        at=at("2026-12-06 09:30"),
    )
    assert assigned.case.state == legal_aid.ASSIGNED
    assert assigned.assigned_on_time is True
    second = services.notice_record(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(full_name="Trần Văn Hai"),
        notice=notice_data(),
    )
    late = services.case_assign_performer(
        actor=centres.officer,
        case=second.case,
        performer_id=centres.lawyer.pk,
        at=at("2026-12-06 10:01"),
    )
    assert late.assigned_on_time is False


def test_an_ordinary_request_gets_three_working_days(world: Any, centres: Centres) -> None:
    detail = services.request_open(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(
            group="child",
            date_of_birth=D(2015, 5, 1),
            field="civil",
            form="advice",
            procedural_status="",
            stage="",
            requested_at=at("2026-12-04 09:00"),
        ),
    )
    assert detail.case.state == legal_aid.RECEIVED
    assert detail.case.due_at is None
    accepted = services.case_accept(
        actor=centres.officer, case=detail.case, at=at("2026-12-04 10:00")
    )
    # Friday 4 Dec + 3 working days = Wednesday 9 Dec, end of day.
    assert accepted.assign_due_at == datetime.datetime(
        2026, 12, 9, 23, 59, 59, 999999, tzinfo=accepted.assign_due_at.tzinfo
    )
    assert accepted.papers_due_on is None


def test_bad_input_is_refused_with_the_field_and_nothing_written(
    world: Any, centres: Centres
) -> None:
    before = (Case.objects.count(), ProceduralNotice.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as refused:
        services.notice_record(
            actor=centres.officer,
            place=world.vinh,
            data=request_data(),
            notice=notice_data(notified_at=at("2026-12-05 19:00")),
        )
    assert "notified_at" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        services.request_open(
            actor=centres.officer, place=world.vinh, data=request_data(group="elderly")
        )
    assert "financial_difficulty" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        services.request_open(
            actor=centres.officer,
            place=world.ha_tinh_ward,
            data=request_data(requested_at=at("2026-12-09 09:00")),
        )
    assert {"place", "requested_at"} <= set(refused.value.fields)
    assert (
        Case.objects.count(),
        ProceduralNotice.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_performer_of_another_centre_or_with_an_expired_contract_is_refused(
    world: Any, centres: Centres
) -> None:
    notice = services.notice_record(
        actor=centres.officer, place=world.vinh, data=request_data(), notice=notice_data()
    )
    for performer, reason in (
        (centres.lawyer_ha_tinh, "another legal aid centre"),
        (centres.expired, "is not valid on 06/12/2026"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            services.case_assign_performer(
                actor=centres.officer,
                case=notice.case,
                performer_id=performer.pk,
                at=at("2026-12-06 09:00"),
            )
        assert reason in refused.value.fields["performer"][0]
    detail = LegalAidCase.objects.get(case=notice.case)
    assert detail.performer is None
    assert Case.objects.get(pk=notice.case_id).state == "accepted"


def test_the_whole_way_to_completion_and_evaluation(world: Any, centres: Centres) -> None:
    notice = services.notice_record(
        actor=centres.officer, place=world.vinh, data=request_data(), notice=notice_data()
    )
    case = notice.case
    services.case_assign_performer(
        actor=centres.officer, case=case, performer_id=centres.lawyer.pk, at=at("2026-12-06 09:00")
    )
    services.case_step(
        actor=centres.officer, case=case, transition="start", at=at("2026-12-06 11:00")
    )
    with pytest.raises(ValidationFailed) as refused:
        services.case_step(actor=centres.officer, case=case, transition="complete")
    assert "result" in refused.value.fields
    done = services.case_step(
        actor=centres.officer,
        case=case,
        transition="complete",
        data=services.StepData(result="Đình chỉ điều tra"),
    )
    assert done.case.state == legal_aid.COMPLETED
    assert done.ended_at is not None
    evaluated = services.case_evaluate(
        actor=centres.officer,
        case=done.case,
        complex_typical=True,
        criteria=["appointed", "media"],
        satisfaction="satisfied",
    )
    assert evaluated.criteria == ["appointed", "media"]


def test_the_generic_cases_api_cannot_bypass_the_register(world: Any, centres: Centres) -> None:
    from tuphap.casework import services as case_services

    notice = services.notice_record(
        actor=centres.officer, place=world.vinh, data=request_data(), notice=notice_data()
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        case_services.case_transition(
            actor=centres.officer, case=notice.case, transition="assign", payload={}
        )
    assert refused.value.code == "guard_failed"


def test_the_age_of_a_child_is_checked_against_the_civil_status_register(
    world: Any, centres: Centres
) -> None:
    from tuphap.civil_status.registration.models import Person

    Person.objects.create(
        pin="040215000123",
        family_name="Lê",
        given_name="Minh",
        full_name_folded="le minh",
        sex="male",
        date_of_birth=D(2005, 1, 1),  # 21 on the request day: not a child
        registered_in=world.vinh,
        province=world.nghe_an,
    )
    detail = services.request_open(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(
            group="child",
            date_of_birth=D(2014, 1, 1),
            pin="040215000123",
            field="civil",
            form="advice",
            procedural_status="",
            stage="",
        ),
    )
    assert detail.age_check == "mismatch"
    assert detail.registered_birth_date == D(2005, 1, 1)
    assert AuditEvent.objects.filter(action="legal_aid.person.checked").count() == 1


def test_another_centre_cannot_touch_the_case(world: Any, centres: Centres) -> None:
    from tuphap.core.errors import NotFound

    notice = services.notice_record(
        actor=centres.officer, place=world.vinh, data=request_data(), notice=notice_data()
    )
    with pytest.raises(NotFound):
        services.case_assign_performer(
            actor=centres.officer_ha_tinh, case=notice.case, performer_id=centres.lawyer_ha_tinh.pk
        )


# -- deadlines on real calendar dates ------------------------------------------------------------


def test_three_working_days_across_tet_and_the_hours_that_do_not_stop(
    world: Any, centres: Centres
) -> None:
    # Accepted on Friday 13 Feb 2026, the eve of the Tết break (14–22 Feb off): the three
    # working days are 23, 24, 25 Feb; the eligibility papers (5 working days) are due 27 Feb.
    ordinary = services.request_open(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(procedural_status="accused", requested_at=at("2026-02-13 08:00")),
    )
    accepted = services.case_accept(
        actor=centres.officer,
        case=ordinary.case,
        immediate=True,
        ground="hearing",
        at=at("2026-02-13 09:00"),
    )
    assert accepted.assign_due_at == at("2026-02-25 00:00") + datetime.timedelta(
        hours=23, minutes=59, seconds=59, microseconds=999999
    )
    assert accepted.papers_due_on == D(2026, 2, 27)
    # A detained person's 12 hours run through the first night of Tết.
    detained = services.notice_record(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(full_name="Người bị tạm giữ dịp Tết"),
        notice=notice_data(
            person_requested_at=at("2026-02-16 18:00"), notified_at=at("2026-02-16 19:00")
        ),
    )
    assert LegalAidCase.objects.get(case=detained.case).assign_due_at == at("2026-02-17 07:00")


def test_a_make_up_saturday_counts_as_a_working_day(world: Any, centres: Centres) -> None:
    # Accepted Thursday 8 Jan 2026: Friday 9, Saturday 10 (worked in place of 2 Jan), Monday 12.
    detail = services.request_open(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(
            procedural_status="victim",
            group="poor_household",
            requested_at=at("2026-01-08 08:00"),
        ),
    )
    accepted = services.case_accept(
        actor=centres.officer, case=detail.case, at=at("2026-01-08 10:00")
    )
    assert case_deadlines.local_date(accepted.assign_due_at) == D(2026, 1, 12)


def test_papers_in_an_especially_difficult_area_get_ten_working_days(
    world: Any, centres: Centres
) -> None:
    detail = services.request_open(
        actor=centres.officer,
        place=world.vinh,
        data=request_data(
            group="ethnic_minority",
            especially_difficult_area=True,
            procedural_status="defendant",
            stage="trial",
            requested_at=at("2026-11-30 08:00"),
        ),
    )
    accepted = services.case_accept(
        actor=centres.officer,
        case=detail.case,
        immediate=True,
        ground="hearing",
        at=at("2026-11-30 09:00"),
    )
    # Monday 30 Nov + 10 working days = Monday 14 Dec 2026.
    assert accepted.papers_due_on == D(2026, 12, 14)
