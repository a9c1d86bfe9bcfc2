"""Grassroots mediation: the team's Art. 12(1) check on every change, and the mediation book
through the case engine (the 3-day start in calendar days, the outcomes, the refusal on an
Art. 3 ground, the follow-up), with jurisdiction and the audit."""

from __future__ import annotations

from typing import Any

import pytest

from tuphap.core.errors import AccessDenied, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.outreach.mediation import selectors, services
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.tests.conftest import D, at, matter, mediator

pytestmark = pytest.mark.django_db


def test_a_team_is_checked_on_every_change_of_its_members(world: Any, outreach: Any) -> None:
    officer = outreach.officer
    team = services.team_create(
        actor=officer, place=world.vinh, village="Khối 3", established_on=D(2025, 9, 1)
    )
    assert team.complete is False
    men = [mediator(officer, world.vinh, f"Nguyễn Văn Nam {n}", village="Khối 3") for n in "ABC"]
    problems: list[str] = []
    for person in men:
        problems = services.member_add(
            actor=officer, team_id=team.pk, mediator_id=person.pk, joined_on=D(2025, 9, 2)
        )
    # Three men: the number is met, the woman is missing.
    assert problems == ["A mediation team has a woman mediator (Art. 12(1))."]
    woman = mediator(officer, world.vinh, "Phạm Thị Lan", "female", village="Khối 3")
    assert (
        services.member_add(
            actor=officer, team_id=team.pk, mediator_id=woman.pk, joined_on=D(2025, 9, 3)
        )
        == []
    )
    team.refresh_from_db()
    assert team.complete is True
    # The woman stops being a mediator (Art. 11): the team is incomplete again.
    services.mediator_stop(actor=officer, mediator_id=woman.pk, on=D(2026, 1, 5), ground="wish")
    team.refresh_from_db()
    assert team.complete is False
    assert "woman" in team.problems[0]
    # Two leave: too few as well.
    services.member_leave(
        actor=officer, team_id=team.pk, mediator_id=men[0].pk, left_on=D(2026, 2, 1)
    )
    team.refresh_from_db()
    assert team.problems[0] == "A mediation team has at least 3 mediators (Art. 12(1))."


def test_a_minority_area_team_needs_an_ethnic_minority_mediator(world: Any, outreach: Any) -> None:
    officer = outreach.officer
    team = services.team_create(
        actor=officer,
        place=world.vinh,
        village="Bản Mường",
        established_on=D(2025, 9, 1),
        minority_area=True,
    )
    for name, sex in (("Lô Thị Mai", "female"), ("Vi Văn Hùng", "male"), ("Lang Văn Tâm", "male")):
        person = mediator(officer, world.vinh, name, sex, village="Bản Mường")
        problems = services.member_add(
            actor=officer, team_id=team.pk, mediator_id=person.pk, joined_on=D(2025, 9, 2)
        )
    assert len(problems) == 1
    assert "ethnic minority" in problems[0]
    minority = mediator(
        officer, world.vinh, "Lữ Văn Bình", village="Bản Mường", ethnic_minority=True
    )
    assert (
        services.member_add(
            actor=officer, team_id=team.pk, mediator_id=minority.pk, joined_on=D(2025, 9, 3)
        )
        == []
    )


def test_a_mediator_is_in_one_team_and_of_its_commune(world: Any, outreach: Any, team: Any) -> None:
    other = services.team_create(
        actor=outreach.officer, place=world.vinh, village="Khối 9", established_on=D(2025, 9, 1)
    )
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(
            actor=outreach.officer,
            team_id=other.pk,
            mediator_id=team.second.pk,
            joined_on=D(2025, 9, 2),
        )
    assert refused.value.fields == {"mediator": ["The mediator is already in a team."]}


def test_the_start_is_due_three_calendar_days_after_the_assignment(
    outreach: Any, team: Any
) -> None:
    """Art. 20(2) says "03 ngày", calendar days: assigned on Thursday 26 Nov 2026, the third day
    is Sunday 29 Nov, so the limit moves to Monday 30 Nov (BLDS Art. 148(5)); in working days it
    would be Tuesday 1 Dec."""
    officer = outreach.officer
    detail = services.case_receive(actor=officer, team_id=team.team.pk, data=matter())
    assert detail.case.state == book.RECEIVED
    detail = services.case_assign(
        actor=officer, case_id=detail.case_id, mediator_id=team.leader.pk, at=at("2026-11-26 09:00")
    )
    assert detail.case.state == book.ASSIGNED
    assert detail.start_due_on == D(2026, 11, 30)
    detail = services.case_start(actor=officer, case_id=detail.case_id, at=at("2026-11-30 16:00"))
    assert detail.started_on_time is True
    assert detail.case.due_at is None  # the clock stopped


def test_a_start_after_the_three_days_is_late_and_first_in_the_workqueue(
    outreach: Any, team: Any
) -> None:
    officer = outreach.officer
    late = services.case_receive(actor=officer, team_id=team.team.pk, data=matter(parties="Late"))
    services.case_assign(
        actor=officer, case_id=late.case_id, mediator_id=team.second.pk, at=at("2026-11-26 09:00")
    )
    fresh = services.case_receive(
        actor=officer,
        team_id=team.team.pk,
        data=matter(parties="Fresh", received_at=at("2026-12-04 08:00")),
    )
    services.case_assign(
        actor=officer, case_id=fresh.case_id, mediator_id=team.third.pk, at=at("2026-12-04 09:00")
    )
    waiting = services.case_receive(
        actor=officer,
        team_id=team.team.pk,
        data=matter(parties="Waiting", received_at=at("2026-12-05 08:00")),
    )
    rows = selectors.workqueue(officer, today=D(2026, 12, 5))
    assert [(row.detail.parties, row.kind) for row in rows] == [
        ("Late", "late"),
        ("Fresh", "start"),
        ("Waiting", "assign"),
    ]
    assert rows[0].days_left == -5
    detail = services.case_start(actor=officer, case_id=late.case_id, at=at("2026-12-05 10:00"))
    assert detail.started_on_time is False
    assert waiting.case.state == book.RECEIVED


def test_a_matter_to_success_with_its_sessions_and_follow_up(outreach: Any, team: Any) -> None:
    officer = outreach.officer
    detail = services.case_receive(actor=officer, team_id=team.team.pk, data=matter())
    case_id = detail.case_id
    services.case_assign(
        actor=officer, case_id=case_id, mediator_id=team.leader.pk, at=at("2026-11-26 09:00")
    )
    services.case_start(actor=officer, case_id=case_id, at=at("2026-11-27 09:00"))
    services.meeting_record(
        actor=officer, case_id=case_id, held_on=D(2026, 11, 27), note="Hai bên trình bày"
    )
    with pytest.raises(ValidationFailed) as refused:
        services.case_conclude(
            actor=officer, case_id=case_id, transition=book.SUCCEED, at=at("2026-11-28 10:00")
        )
    assert set(refused.value.fields) == {"agreement"}
    with pytest.raises(ValidationFailed) as refused:
        services.follow_up(
            actor=officer, case_id=case_id, performance="performed", on=D(2026, 11, 28)
        )
    assert set(refused.value.fields) == {"case"}
    detail = services.case_conclude(
        actor=officer,
        case_id=case_id,
        transition=book.SUCCEED,
        agreement="Giữ lối đi chung rộng 1,5 m",
        written_settlement=True,
        at=at("2026-11-28 10:00"),
    )
    assert detail.case.state == book.SUCCESSFUL
    assert detail.ended_on == D(2026, 11, 28)
    assert detail.case.closed_at is not None
    detail = services.follow_up(
        actor=officer, case_id=case_id, performance="performed", on=D(2026, 12, 3)
    )
    assert detail.performance == "performed"
    actions = list(
        AuditEvent.objects.filter(object_id=str(case_id), action__startswith="outreach.mediation.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "outreach.mediation.received",
        "outreach.mediation.assigned",
        "outreach.mediation.started",
        "outreach.mediation.session",
        "outreach.mediation.concluded",
        "outreach.mediation.followed_up",
    ]


def test_only_a_witnessing_mediator_starts_without_an_assignment(outreach: Any, team: Any) -> None:
    officer = outreach.officer
    asked = services.case_receive(actor=officer, team_id=team.team.pk, data=matter())
    with pytest.raises(ValidationFailed) as refused:
        services.case_start(actor=officer, case_id=asked.case_id, at=at("2026-11-26 09:00"))
    assert "transition" in refused.value.fields
    seen = services.case_receive(
        actor=officer, team_id=team.team.pk, data=matter(origin="witnessed")
    )
    detail = services.case_start(
        actor=officer, case_id=seen.case_id, mediator_id=team.third.pk, at=at("2026-11-26 08:30")
    )
    assert detail.case.state == book.IN_PROGRESS
    assert detail.mediator == team.third
    assert detail.started_on_time is True


def test_an_excluded_matter_is_refused_with_its_article_3_ground(outreach: Any, team: Any) -> None:
    officer = outreach.officer
    detail = services.case_receive(
        actor=officer, team_id=team.team.pk, data=matter(dispute="Trộm cắp tài sản")
    )
    with pytest.raises(ValidationFailed) as refused:
        services.case_refuse(actor=officer, case_id=detail.case_id, ground="")
    assert set(refused.value.fields) == {"ground"}
    detail = services.case_refuse(
        actor=officer,
        case_id=detail.case_id,
        ground="crime_or_sanction",
        reason="Báo Công an phường",
    )
    assert detail.case.state == book.REFUSED
    assert detail.exclusion == "crime_or_sanction"


def test_the_mediator_must_be_of_the_team(world: Any, outreach: Any, team: Any) -> None:
    stranger = mediator(outreach.officer, world.vinh, "Đinh Văn Lạ", village="Khối 7")
    detail = services.case_receive(actor=outreach.officer, team_id=team.team.pk, data=matter())
    with pytest.raises(ValidationFailed) as refused:
        services.case_assign(
            actor=outreach.officer, case_id=detail.case_id, mediator_id=stranger.pk
        )
    assert set(refused.value.fields) == {"mediator"}


def test_bad_fields_are_all_named(outreach: Any, team: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.case_receive(
            actor=outreach.officer,
            team_id=team.team.pk,
            data=matter(
                field="x", origin="y", parties=" ", dispute="", received_at=at("2030-01-01 08:00")
            ),
        )
    assert set(refused.value.fields) == {"field", "origin", "parties", "dispute", "received_at"}


def test_another_province_sees_and_touches_nothing(outreach: Any, team: Any) -> None:
    detail = services.case_receive(actor=outreach.officer, team_id=team.team.pk, data=matter())
    with pytest.raises(NotFound):
        services.case_receive(actor=outreach.officer_ha_tinh, team_id=team.team.pk, data=matter())
    with pytest.raises(NotFound):
        services.case_assign(
            actor=outreach.officer_ha_tinh, case_id=detail.case_id, mediator_id=team.leader.pk
        )
    assert list(selectors.visible_details(outreach.officer_ha_tinh)) == []
    assert list(selectors.teams_for(outreach.officer_ha_tinh)) == []
    # The province's specialist reads, and may not write.
    assert [d.case_id for d in selectors.visible_details(outreach.reader)] == [detail.case_id]
    with pytest.raises(AccessDenied):
        services.case_receive(actor=outreach.reader, team_id=team.team.pk, data=matter())


def test_the_generic_case_engine_may_not_step_a_mediation_case(outreach: Any, team: Any) -> None:
    """The book's detail is written with each step, so only the register's services step it."""
    from tuphap.casework import services as case_services
    from tuphap.casework.workflow import TransitionNotAllowed

    detail = services.case_receive(actor=outreach.officer, team_id=team.team.pk, data=matter())
    with pytest.raises(TransitionNotAllowed) as refused:
        case_services.case_transition(
            actor=outreach.officer, case=detail.case, transition=book.START
        )
    assert "mediation book" in str(refused.value)
    detail.refresh_from_db()
    assert detail.case.state == book.RECEIVED
