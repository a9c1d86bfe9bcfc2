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


@pytest.mark.parametrize(
    ("persona", "unit_name", "expected"),
    [
        ("civil_status_officer", "vinh", True),
        ("civil_status_officer", "vinh_old", True),  # a predecessor: the covered set decides
        ("provincial_specialist", "vinh", True),
        ("provincial_specialist_ha_tinh", "vinh", False),
        ("civil_status_officer", "ha_tinh_ward", False),
        ("ministry_specialist", "ha_tinh_ward", True),
    ],
)
def test_a_unit_read_by_unit_for_is_covered_as_covers_decides(
    world: Any, persona: str, unit_name: str, expected: bool
) -> None:
    user, unit = world.users[persona], getattr(world, unit_name)

    read = jurisdiction.unit_for(user, unit.pk)

    assert read is not None
    assert read.pk == unit.pk
    assert jurisdiction.covers(user, read) is expected
    # the province came with it: reading it asks the database nothing
    assert read.province is not None
    assert read.province.pk == unit.province_id


def test_unit_for_answers_the_direct_case_from_its_own_read(
    world: Any, django_assert_num_queries: Any
) -> None:
    officer = world.users["civil_status_officer"]
    with django_assert_num_queries(1):
        unit = jurisdiction.unit_for(officer, world.vinh.pk)
        assert unit is not None
        assert jurisdiction.covers(officer, unit) is True
    # the answer is the officer's agency's: another agency's user is checked afresh
    assert jurisdiction.covers(world.users["provincial_specialist_ha_tinh"], unit) is False


@pytest.mark.parametrize("unit_id", [0, -1, 987_654_321, 2**63])
def test_unit_for_an_id_that_names_no_unit_is_none(world: Any, unit_id: int) -> None:
    assert jurisdiction.unit_for(world.users["civil_status_officer"], unit_id) is None
