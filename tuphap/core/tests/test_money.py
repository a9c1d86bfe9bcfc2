from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuphap.core import money


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        pytest.param(1234567, "1.234.567 đ", id="millions"),
        pytest.param(0, "0 đ", id="zero"),
        pytest.param(999, "999 đ", id="no-separator"),
        pytest.param(1000, "1.000 đ", id="thousand"),
        pytest.param(-5000, "-5.000 đ", id="negative"),
        pytest.param(123_456_789_012_345_678, "123.456.789.012.345.678 đ", id="past-10^17"),
    ],
)
def test_format_vnd(amount: int, text: str) -> None:
    assert money.format_vnd(amount) == text


@pytest.mark.parametrize(
    ("amount", "kwargs", "text"),
    [
        pytest.param(89_412_000_000_000, {}, "89.412 tỷ đồng", id="whole-billions"),
        pytest.param(1_234_567_890_123, {}, "1.234,57 tỷ đồng", id="two-decimals"),
        pytest.param(1_234_567_890_123, {"decimals": 0}, "1.235 tỷ đồng", id="no-decimals"),
        pytest.param(1_234_567_890_123, {"decimals": 4}, "1.234,5679 tỷ đồng", id="four"),
        pytest.param(1_500_000_000, {}, "1,5 tỷ đồng", id="trailing-zero-dropped"),
        pytest.param(1_500_000_000, {"fixed": True}, "1,50 tỷ đồng", id="fixed"),
        pytest.param(1_005_000_000, {}, "1,01 tỷ đồng", id="half-rounds-up"),
        pytest.param(1_004_999_999, {}, "1 tỷ đồng", id="below-half-rounds-down"),
        pytest.param(-1_005_000_000, {}, "-1,01 tỷ đồng", id="half-away-from-zero"),
        pytest.param(-4_000_000, {}, "0 tỷ đồng", id="negative-rounding-to-zero"),
        pytest.param(0, {"fixed": True}, "0,00 tỷ đồng", id="zero-fixed"),
    ],
)
def test_format_billions(amount: int, kwargs: dict[str, object], text: str) -> None:
    assert money.format_billions(amount, **kwargs) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        pytest.param("1.234.567", 1234567, id="grouped"),
        pytest.param("1234567", 1234567, id="plain"),
        pytest.param(" 1.234.567 đ ", 1234567, id="with-symbol"),
        pytest.param("5.000 đồng", 5000, id="with-word"),
        pytest.param("-5.000 VND", -5000, id="negative-vnd"),
        pytest.param("0", 0, id="zero"),
    ],
)
def test_parse_vnd(text: str, amount: int) -> None:
    assert money.parse_vnd(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("1.234,5", "no decimal part", id="decimal-comma"),
        pytest.param("1,234,567", "no decimal part", id="english-grouping"),
        pytest.param("1234.5", "not an amount", id="decimal-point"),
        pytest.param("1.23.456", "not an amount", id="bad-grouping"),
        pytest.param("", "not an amount", id="empty"),
        pytest.param("abc", "not an amount", id="letters"),
        pytest.param("1e6", "not an amount", id="exponent"),
    ],
)
def test_parse_vnd_refuses_what_is_not_whole_dong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        money.parse_vnd(text)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(1234.0, id="float"),
        pytest.param(Decimal("1234"), id="decimal"),
        pytest.param(True, id="bool"),
    ],
)
def test_floats_and_other_numbers_are_refused_everywhere(value: object) -> None:
    for function in (money.format_vnd, money.format_billions, money.group_thousands):
        with pytest.raises(TypeError, match="int number of đồng"):
            function(value)  # type: ignore[operator]
    with pytest.raises(TypeError):
        money.parse_vnd(value)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_property_format_then_parse_is_identity(amount: int) -> None:
    assert money.parse_vnd(money.format_vnd(amount)) == amount


@given(st.integers(min_value=0, max_value=10**18))
def test_property_billions_are_within_half_a_unit(amount: int) -> None:
    text = money.format_billions(amount, fixed=True).removesuffix(" tỷ đồng")
    whole, fraction = text.split(",")
    shown = int(whole.replace(".", "")) * 100 + int(fraction)  # hundredths of a billion

    assert abs(shown * 10_000_000 - amount) <= 5_000_000
