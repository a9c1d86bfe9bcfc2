"""The outreach objects of the access table's world (``web/tests/access_world.py``): in Trường
Vinh (Nghệ An), recorded by an outreach officer who is not one of the table's personas."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.outreach.dissemination import services as dissemination
from tuphap.outreach.mediation import services as mediation
from tuphap.outreach.tests.conftest import D, at, matter, mediator


def access_objects(world: Any) -> dict[str, int]:
    officer = account_factories.user("phobien_access", world.commune_vinh, Role.OUTREACH_OFFICER)
    team = mediation.team_create(
        actor=officer, place=world.vinh, village="Tổ dân phố 5", established_on=D(2025, 8, 1)
    )
    for name, sex in (
        ("Nguyễn Thị Hòa", "female"),
        ("Trần Văn Giải", "male"),
        ("Lê Văn Thuận", "male"),
    ):
        person = mediator(officer, world.vinh, name, sex)
        mediation.member_add(
            actor=officer, team_id=team.pk, mediator_id=person.pk, joined_on=D(2025, 8, 2)
        )
    case = mediation.case_receive(
        actor=officer, team_id=team.pk, data=matter(received_at=at("2026-11-26 08:00"))
    )
    session = dissemination.session_record(
        actor=officer,
        place=world.vinh,
        data=dissemination.SessionData(
            held_on=D(2026, 11, 9),
            form="direct",
            topics="Ngày Pháp luật",
            target_groups=["public"],
            participants=80,
        ),
    )
    return {
        "outreach_team": team.pk,
        "outreach_case": case.case_id,
        "outreach_session": session.pk,
        "outreach_mediator": person.pk,
    }
