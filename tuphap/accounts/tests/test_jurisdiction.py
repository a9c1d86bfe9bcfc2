from __future__ import annotations

from typing import Any

import pytest

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency
from tuphap.places.models import AdministrativeUnit


def visible_units(user: Any) -> set[str]:
    units = jurisdiction.scope(AdministrativeUnit.objects.all(), user, place_field="id")
    return {f"{unit.code}:{unit.name}:{unit.boundaries}" for unit in units}


def test_commune_officer_sees_own_commune_and_its_predecessor_only(world: Any) -> None:
    assert visible_units(world.users["civil_status_officer"]) == {
        "16681:Phường Trường Vinh:new",
        "16681:Phường Lê Mao:old",
    }


def test_provincial_user_sees_whole_province_old_and_new_but_not_the_neighbour(world: Any) -> None:
    assert visible_units(world.users["provincial_specialist"]) == {
        "40:Tỉnh Nghệ An:new",
        "40:Tỉnh Nghệ An:old",
        "16681:Phường Trường Vinh:new",
        "16681:Phường Lê Mao:old",
    }


def test_national_user_sees_everything(world: Any) -> None:
    assert (
        len(visible_units(world.users["ministry_specialist"])) == AdministrativeUnit.objects.count()
    )


def test_user_without_agency_sees_nothing(world: Any) -> None:
    user = world.users["leader"]
    user.agency = None
    assert visible_units(user) == set()


@pytest.mark.parametrize(
    ("persona", "unit_name", "expected"),
    [
        ("civil_status_officer", "vinh", True),
        ("civil_status_officer", "vinh_old", True),
        ("provincial_specialist", "vinh", True),
        ("provincial_specialist", "ha_tinh_ward", False),
        ("provincial_specialist_ha_tinh", "vinh", False),
        ("civil_status_officer", "ha_tinh_ward", False),
        ("ministry_specialist", "ha_tinh_ward", True),
    ],
    ids=[
        "own-commune",
        "predecessor-of-own-commune",
        "own-province",
        "neighbour-province",
        "other-way-round",
        "commune-to-other-province",
        "ministry",
    ],
)
def test_covers(world: Any, persona: str, unit_name: str, expected: bool) -> None:
    assert jurisdiction.covers(world.users[persona], getattr(world, unit_name)) is expected


def test_scope_on_agencies_by_province(world: Any) -> None:
    agencies = jurisdiction.scope(
        Agency.objects.all(), world.users["provincial_specialist_ha_tinh"], place_field="province"
    )
    assert sorted(agency.code for agency in agencies) == ["STP-42"]
