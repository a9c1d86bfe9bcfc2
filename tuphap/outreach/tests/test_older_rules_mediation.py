"""A mediation matter of 2022, in a team of a ward on the boundaries of that day, is entered
and started under the rule set then in force, `hgcs-2013` (Luật Hòa giải ở cơ sở 35/2013/QH13,
from 1 Jan 2014: the start within 3 calendar days of the assignment, Art. 20(2)); a
dissemination session of 2021 is recorded at the ward of its day (docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

from tuphap.outreach.dissemination import services as dissemination
from tuphap.outreach.mediation import services as mediation
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.tests.conftest import at, matter, mediator

D = datetime.date


def test_a_matter_of_2022_runs_under_the_2013_law(world: Any, outreach: Any) -> None:
    officer = outreach.officer
    team = mediation.team_create(
        actor=officer,
        place=world.vinh_old,
        village="Tổ dân phố 5",
        established_on=D(2020, 6, 1),
        decision_number="08/QĐ-UBND",
    )
    leader = mediator(
        officer, world.vinh_old, "Nguyễn Thị Hòa", "female", decision_date=D(2020, 6, 1)
    )
    mediation.member_add(
        actor=officer,
        team_id=team.pk,
        mediator_id=leader.pk,
        joined_on=D(2020, 6, 2),
        is_leader=True,
    )

    detail = mediation.case_receive(
        actor=officer, team_id=team.pk, data=matter(received_at=at("2022-03-07 08:00"))
    )

    assert (detail.case.rule_set, detail.case.place_id) == ("hgcs-2013", world.vinh_old.pk)
    detail = mediation.case_assign(
        actor=officer, case_id=detail.case_id, mediator_id=leader.pk, at=at("2022-03-07 09:00")
    )
    # 3 calendar days from Monday 7 Mar 2022 → Thursday 10 Mar.
    assert detail.start_due_on == D(2022, 3, 10)
    assert book.SPEC.rule_set_on(D(2021, 1, 1)).code == "hgcs-2013"


def test_a_dissemination_session_of_2021_is_recorded_at_the_ward_of_its_day(
    world: Any, outreach: Any
) -> None:
    session = dissemination.session_record(
        actor=outreach.officer,
        place=world.vinh_old,
        data=dissemination.SessionData(
            held_on=D(2021, 11, 9),
            form="direct",
            topics="Luật Hòa giải ở cơ sở",
            target_groups=["public"],
            participants=120,
            materials=100,
            documents=[dissemination.DocumentData("35/2013/QH13", "Luật Hòa giải ở cơ sở")],
        ),
    )

    assert (session.held_on, session.place_id, session.participants) == (
        D(2021, 11, 9),
        world.vinh_old.pk,
        120,
    )
