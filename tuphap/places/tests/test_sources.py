"""Reading the package data, without the database."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from tuphap.places.loaders import sources
from tuphap.places.loaders.sources import Dataset, UnitRecord

NEW = datetime.date(2025, 7, 1)
OLD_END = datetime.date(2025, 6, 30)


@pytest.fixture(scope="module")
def package_data() -> Dataset:
    return sources.read_packages()


def test_counts_before_and_after_the_reorganisation(package_data: Dataset) -> None:
    assert package_data.counts() == {
        "commune_new": 3321,
        "commune_old": 10035,
        "district_old": 696,
        "province_new": 34,
        "province_old": 63,
        "succession_commune_partial": 1033,
        "succession_commune_whole": 9564,
        "succession_district_whole": 5,
        "succession_province_whole": 63,
    }
    assert package_data.versions == {
        "vietnam-provinces": "2025.10.1",
        "vietnamadminunits": "1.0.4",
    }


def test_unit_types(package_data: Dataset) -> None:
    types = Counter(
        (unit.level, unit.unit_type, unit.valid_from is None) for unit in package_data.units
    )

    assert types == {
        ("province", "Tỉnh", True): 57,
        ("province", "Thành phố trung ương", True): 6,
        ("district", "Huyện", True): 508,
        ("district", "Quận", True): 49,
        ("district", "Thị xã", True): 52,
        ("district", "Thành phố thuộc tỉnh", True): 85,
        ("district", "Thành phố thuộc thành phố trung ương", True): 2,
        ("commune", "Xã", True): 7695,
        ("commune", "Phường", True): 1724,
        ("commune", "Thị trấn", True): 616,
        ("province", "Tỉnh", False): 28,
        ("province", "Thành phố trung ương", False): 6,
        ("commune", "Xã", False): 2621,
        ("commune", "Phường", False): 687,
        ("commune", "Đặc khu", False): 13,
    }


def test_the_reused_code_00004_is_two_units(package_data: Dataset) -> None:
    units = [unit for unit in package_data.units if unit.code == "00004"]

    assert units == [
        UnitRecord(
            level="commune",
            code="00004",
            name="Phường Trúc Bạch",
            unit_type="Phường",
            valid_from=None,
            valid_to=OLD_END,
            parent=("district", "001", None),
            province=("province", "01", None),
        ),
        UnitRecord(
            level="commune",
            code="00004",
            name="Phường Ba Đình",
            unit_type="Phường",
            valid_from=NEW,
            valid_to=None,
            parent=("province", "01", NEW),
            province=("province", "01", NEW),
        ),
    ]


def test_new_provinces_carry_their_type_in_the_name(package_data: Dataset) -> None:
    names = {
        unit.code: unit.name
        for unit in package_data.units
        if unit.level == "province" and unit.valid_from == NEW
    }

    assert names["40"] == "Tỉnh Nghệ An"
    assert names["01"] == "Thành phố Hà Nội"
    assert names["46"] == "Thành phố Huế"


def test_a_whole_merge_and_a_split(package_data: Dataset) -> None:
    rows = {(row.predecessor, row.successor): row.kind for row in package_data.successions}
    truc_bach = ("commune", "00004", None)
    dien_bien = ("commune", "00019", None)  # Phường Điện Biên, Ba Đình: split in four

    assert [(new, kind) for (old, new), kind in rows.items() if old == truc_bach] == [
        (("commune", "00004", NEW), "whole")
    ]
    # Văn Miếu - Quốc Tử Giám is 00196 in the NSO list (vietnamadminunits says 00226).
    assert sorted((new[1], kind) for (old, new), kind in rows.items() if old == dien_bien) == [
        ("00004", "partial"),
        ("00070", "partial"),
        ("00190", "partial"),
        ("00196", "partial"),
    ]


def test_province_successions_are_whole_and_follow_nq_202(package_data: Dataset) -> None:
    provinces = {
        row.predecessor[1]: (row.successor[1], row.kind)
        for row in package_data.successions
        if row.predecessor[0] == "province"
    }

    assert len(provinces) == 63
    assert provinces["02"] == ("08", "whole")  # Hà Giang → Tuyên Quang
    assert provinces["06"] == ("19", "whole")  # Bắc Kạn → Thái Nguyên
    assert provinces["77"] == ("79", "whole")  # Bà Rịa - Vũng Tàu → Hồ Chí Minh
    assert Counter(new for new, _kind in provinces.values())["79"] == 3


def test_island_districts_become_special_zones(package_data: Dataset) -> None:
    rows = [row for row in package_data.successions if row.predecessor[0] == "district"]
    names = {unit.key: unit.name for unit in package_data.units}

    assert sorted(names[row.successor] for row in rows) == [
        "Đặc khu Bạch Long Vĩ",
        "Đặc khu Côn Đảo",
        "Đặc khu Cồn Cỏ",
        "Đặc khu Hoàng Sa",
        "Đặc khu Lý Sơn",
    ]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Xã Thuận Hòa", "Xã Thuận Hoà"),
        ("Xã Thanh Thủy", "Xã  Thanh Thuỷ"),
        ("Phường Nguyễn Úy", "Phường Nguyễn Uý"),
        ("Xã Chân Mây - Lăng Cô", "Xã Chân Mây – Lăng Cô"),
        ("Xã Ea H'Leo", "Xã Ea H’leo"),
    ],
    ids=["oa-tone", "uy-tone-and-spaces", "capital-uy", "dash", "apostrophe-and-case"],
)
def test_match_key_joins_spelling_variants(one: str, other: str) -> None:
    assert sources.match_key(one) == sources.match_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Xã Văn Lang", "Xã Văn Lăng"), ("Xã Tân Thành", "Xã Tân Thạnh")],
    ids=["breve", "dot-below"],
)
def test_match_key_keeps_different_communes_apart(one: str, other: str) -> None:
    assert sources.match_key(one) != sources.match_key(other)
