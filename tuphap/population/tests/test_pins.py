from __future__ import annotations

import pytest

from tuphap.population import pins


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [
        pytest.param(1900, "male", 0, id="1900-male"),
        pytest.param(1999, "female", 1, id="1999-female"),
        pytest.param(2000, "male", 2, id="2000-male"),
        pytest.param(2026, "female", 3, id="2026-female"),
        pytest.param(2100, "male", 4, id="2100-male"),
        pytest.param(2399, "female", 9, id="2399-female"),
    ],
)
def test_century_sex_digit(year: int, sex: str, digit: int) -> None:
    assert pins.century_sex_digit(year=year, sex=sex) == digit


@pytest.mark.parametrize(
    ("year", "sex"),
    [
        pytest.param(1899, "male", id="before-1900"),
        pytest.param(2400, "female", id="after-2399"),
        pytest.param(2000, "x", id="unknown-sex"),
    ],
)
def test_century_sex_digit_refuses_what_the_rules_do_not_define(year: int, sex: str) -> None:
    with pytest.raises(ValueError, match=r"year|sex"):
        pins.century_sex_digit(year=year, sex=sex)


def test_generate_follows_the_structure() -> None:
    pin = pins.generate(province_code="040", year=2026, sex="female")
    assert pin[:6] == "040326"
    assert pins.is_well_formed(pin)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        pytest.param("040326123456", True, id="twelve-digits"),
        pytest.param("04032612345", False, id="eleven"),
        pytest.param("04032612345a", False, id="letter"),
        pytest.param("", False, id="empty"),
    ],
)
def test_is_well_formed(value: str, ok: bool) -> None:
    assert pins.is_well_formed(value) is ok
