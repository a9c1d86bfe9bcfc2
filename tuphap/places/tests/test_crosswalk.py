from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.places import crosswalk
from tuphap.places.models import AdministrativeUnit
from tuphap.places.tests import factories

OLD_DAY = datetime.date(2025, 3, 1)
NEW_DAY = datetime.date(2025, 9, 1)


@pytest.fixture
def split(db: Any) -> dict[str, AdministrativeUnit]:
    """Old Xã A and Xã B merge whole into new Xã AB; old Xã C is split between AB and new Xã D."""
    old_province = factories.province("90", "Tỉnh Cũ", old=True)
    new_province = factories.province("90", "Tỉnh Mới")
    factories.succession(old_province, new_province)
    units = {
        "a": factories.commune("90001", "Xã A", old_province, old=True),
        "b": factories.commune("90002", "Xã B", old_province, old=True),
        "c": factories.commune("90003", "Xã C", old_province, old=True),
        "ab": factories.commune("90001", "Xã AB", new_province),
        "d": factories.commune("90003", "Xã D", new_province),
    }
    factories.succession(units["a"], units["ab"])
    factories.succession(units["b"], units["ab"])
    factories.succession(units["c"], units["ab"], "partial")
    factories.succession(units["c"], units["d"], "partial")
    return units


def test_whole_merge_goes_forwards(split: dict[str, AdministrativeUnit]) -> None:
    assert crosswalk.successors(split["a"], NEW_DAY) == [(split["ab"], "whole")]


def test_partial_split_gives_two_new_communes(split: dict[str, AdministrativeUnit]) -> None:
    assert crosswalk.successors(split["c"], NEW_DAY) == [
        (split["ab"], "partial"),
        (split["d"], "partial"),
    ]


def test_predecessors_go_backwards(split: dict[str, AdministrativeUnit]) -> None:
    assert crosswalk.predecessors(split["ab"], OLD_DAY) == [
        (split["a"], "whole"),
        (split["b"], "whole"),
        (split["c"], "partial"),
    ]
    assert crosswalk.predecessors(split["d"], OLD_DAY) == [(split["c"], "partial")]


@pytest.mark.parametrize(
    ("name", "direction", "day"),
    [
        ("a", "successors", OLD_DAY),
        ("ab", "successors", NEW_DAY),
        ("ab", "predecessors", NEW_DAY),
    ],
    ids=["old-unit-still-valid", "new-unit-forwards", "new-unit-backwards-same-day"],
)
def test_a_unit_valid_on_the_day_is_its_own_answer(
    split: dict[str, AdministrativeUnit], name: str, direction: str, day: datetime.date
) -> None:
    walk = getattr(crosswalk, direction)

    assert walk(split[name], day) == [(split[name], "whole")]


def test_nothing_before_a_unit_existed(split: dict[str, AdministrativeUnit]) -> None:
    assert crosswalk.successors(split["ab"], OLD_DAY) == []


def test_several_steps_combine_kinds(split: dict[str, AdministrativeUnit]) -> None:
    # A later change: AB (whole) and D (whole) merge into E on 1 Jan 2027.
    end = datetime.date(2026, 12, 31)
    AdministrativeUnit.objects.filter(pk__in=[split["ab"].pk, split["d"].pk]).update(valid_to=end)
    e = factories.AdministrativeUnitFactory(
        code="90001",
        name="Xã E",
        parent=split["ab"].parent,
        valid_from=datetime.date(2027, 1, 1),
    )
    factories.succession(split["ab"], e)
    factories.succession(split["d"], e)
    later = datetime.date(2027, 6, 1)

    assert crosswalk.successors(split["a"], later) == [(e, "whole")]
    assert crosswalk.successors(split["c"], later) == [(e, "partial")]
    assert crosswalk.predecessors(e, OLD_DAY) == [
        (split["a"], "whole"),
        (split["b"], "whole"),
        (split["c"], "partial"),
    ]


def test_world_fixture_province_and_commune(world: Any) -> None:
    assert crosswalk.successors(world.nghe_an_old, NEW_DAY) == [(world.nghe_an, "whole")]
    assert crosswalk.predecessors(world.vinh, OLD_DAY) == [(world.vinh_old, "whole")]
    assert crosswalk.successors(world.ha_tinh_ward, OLD_DAY) == []


def test_bulk_map_in_one_query(
    split: dict[str, AdministrativeUnit], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        mapping = crosswalk.old_to_new_map("commune")

    assert mapping == {
        split["a"].pk: [(split["ab"].pk, "whole")],
        split["b"].pk: [(split["ab"].pk, "whole")],
        split["c"].pk: [(split["ab"].pk, "partial"), (split["d"].pk, "partial")],
    }
    assert crosswalk.new_to_old_map("commune")[split["ab"].pk] == [
        (split["a"].pk, "whole"),
        (split["b"].pk, "whole"),
        (split["c"].pk, "partial"),
    ]
    assert list(crosswalk.old_to_new_map("province").values()) == [
        [(split["ab"].province_id, "whole")]
    ]
