from __future__ import annotations

import datetime

import pytest

from tuphap.civil_status.registration import pins
from tuphap.core.errors import ValidationFailed


@pytest.mark.parametrize(
    ("pin", "born", "sex"),
    [
        ("040096001234", datetime.date(1996, 5, 1), "male"),
        ("001198012345", datetime.date(1998, 1, 1), "female"),
        ("079226000001", datetime.date(2026, 1, 1), "male"),
        ("022325999999", datetime.date(2025, 12, 31), "female"),
    ],
    ids=["male-1900s", "female-1900s", "male-2000s", "female-2000s"],
)
def test_consistent_pins_pass(pin: str, born: datetime.date, sex: str) -> None:
    result = pins.check(pin, date_of_birth=born, sex=sex)

    assert result.problems == []
    assert result.unconfirmed is False


@pytest.mark.parametrize(
    ("pin", "born", "sex", "problem"),
    [
        ("04009600123", None, None, "A personal identification number has exactly 12 digits."),
        ("04009600123X", None, None, "A personal identification number has exactly 12 digits."),
        ("003096001234", None, None, "The first three digits 003 are not a province code."),
        ("097096001234", None, None, "The first three digits 097 are not a province code."),
        (
            "040296001234",
            datetime.date(1996, 5, 1),
            "male",
            "The fourth digit 2 is for people born in 2000–2099.",
        ),
        (
            "040095001234",
            datetime.date(1996, 5, 1),
            "male",
            "Digits 5–6 (95) must be the last two digits of the year of birth.",
        ),
        ("040196001234", datetime.date(1996, 5, 1), "male", "The fourth digit 1 is for a female."),
        ("040226001234", datetime.date(2026, 5, 1), "female", "The fourth digit 2 is for a male."),
    ],
    ids=[
        "short",
        "letter",
        "no-province-003",
        "no-province-097",
        "century",
        "year",
        "sex-f",
        "sex-m",
    ],
)
def test_inconsistent_pins_name_the_problem(
    pin: str, born: datetime.date | None, sex: str | None, problem: str
) -> None:
    assert pins.check(pin, date_of_birth=born, sex=sex).problems == [problem]


def test_prefix_is_not_tied_to_the_current_province() -> None:
    # Given a PIN issued in the old Hà Giang (02), a province merged into Tuyên Quang in 2025
    result = pins.check("002090000001", date_of_birth=datetime.date(1990, 1, 1), sex="male")

    assert result.valid is True


def test_22nd_century_digit_is_marked_unconfirmed() -> None:
    result = pins.check("040401000001", date_of_birth=datetime.date(2101, 1, 1), sex="male")

    assert (result.valid, result.unconfirmed) == (True, True)


def test_validate_raises_with_every_problem() -> None:
    with pytest.raises(ValidationFailed) as caught:
        pins.validate("003196001234", date_of_birth=datetime.date(2006, 1, 1), sex="male")

    assert caught.value.fields == {
        "pin": [
            "The first three digits 003 are not a province code.",
            "The fourth digit 1 is for people born in 1900–1999.",
            "Digits 5–6 (96) must be the last two digits of the year of birth.",
            "The fourth digit 1 is for a female.",
        ]
    }
