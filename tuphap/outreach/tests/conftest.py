"""Fixtures of the outreach tests: the outreach officers of Trường Vinh (Nghệ An) and Thành Sen
(Hà Tĩnh), a provincial reader, and a complete mediation team of a residential group."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.outreach.mediation import services as mediation
from tuphap.outreach.mediation.models import Team
from tuphap.outreach.people import services as people
from tuphap.outreach.people.models import Mediator

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


def at(text: str) -> datetime.datetime:
    """``"2026-11-26 09:00"`` as an aware datetime in Việt Nam."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Outreach:
    officer: User  # UBND phường Trường Vinh
    officer_ha_tinh: User  # UBND phường Thành Sen
    doj_officer: User  # Sở Tư pháp Nghệ An, an outreach officer at province level
    reader: User  # provincial specialist of Nghệ An
    commune_ha_tinh: Agency


@pytest.fixture
def outreach(world: Any) -> Outreach:
    make = account_factories.user
    commune_ha_tinh = account_factories.agency(
        "UBND-18070",
        "UBND phường Thành Sen",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[world.ha_tinh_ward],
        parent=world.doj_ha_tinh,
    )
    return Outreach(
        make("phobien_vinh", world.commune_vinh, Role.OUTREACH_OFFICER),
        make("phobien_thanhsen", commune_ha_tinh, Role.OUTREACH_OFFICER),
        make("phobien_stp", world.doj_nghe_an, Role.OUTREACH_OFFICER),
        make("chuyenvien_40", world.doj_nghe_an, Role.PROVINCIAL_SPECIALIST),
        commune_ha_tinh,
    )


def mediator(actor: Any, place: Any, name: str, sex: str = "male", **changes: Any) -> Mediator:
    values: dict[str, Any] = {
        "full_name": name,
        "sex": sex,
        "village": "Tổ dân phố 5",
        "decision_number": f"QĐ-{name[-3:]}/2024",
        "decision_date": D(2025, 8, 1),
        "election_share": 72,
    }
    values.update(changes)
    return people.mediator_recognise(actor=actor, place=place, data=people.MediatorData(**values))


@dataclass
class TeamWorld:
    team: Team
    leader: Mediator  # a woman
    second: Mediator
    third: Mediator


@pytest.fixture
def team(world: Any, outreach: Outreach) -> TeamWorld:
    officer = outreach.officer
    created = mediation.team_create(
        actor=officer,
        place=world.vinh,
        village="Tổ dân phố 5",
        established_on=D(2025, 8, 1),
        decision_number="15/QĐ-UBND",
    )
    leader = mediator(officer, world.vinh, "Nguyễn Thị Hòa", "female")
    second = mediator(officer, world.vinh, "Trần Văn Giải")
    third = mediator(officer, world.vinh, "Lê Văn Thuận")
    for index, person in enumerate((leader, second, third)):
        mediation.member_add(
            actor=officer,
            team_id=created.pk,
            mediator_id=person.pk,
            joined_on=D(2025, 8, 2),
            is_leader=index == 0,
        )
    created.refresh_from_db()
    return TeamWorld(created, leader, second, third)


def matter(**changes: Any) -> mediation.MatterData:
    values: dict[str, Any] = {
        "field": "neighbours",
        "origin": "request",
        "parties": "Ông Hồ Văn A và bà Phan Thị B",
        "dispute": "Tranh chấp lối đi chung giữa hai nhà",
        "received_at": at("2026-11-26 08:00"),
    }
    values.update(changes)
    return mediation.MatterData(**values)
