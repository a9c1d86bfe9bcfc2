"""Checking a personal identification number (số định danh cá nhân) against what the register
knows of the person. Pure functions.

12 digits = 3-digit code of the province where the birth was registered + 1 century/sex digit +
the last 2 digits of the year of birth + 6 random digits (NĐ 137/2015/NĐ-CP Art. 13; Luật Căn
cước 2023 Art. 12). There is no check digit: none is invented here. The province prefix is where
the birth was registered when the PIN was issued; it is never the person's current province.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Final

from django.utils.translation import gettext as _

from tuphap.core.errors import ValidationFailed

# The 63 province codes of the GSO list in force before 1 July 2025 (each 0 + 2 digits). The 34
# provinces since then each kept one predecessor's code, so every PIN prefix is one of these.
PROVINCE_CODES: Final = frozenset(
    f"0{code:02d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
        34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64,
        66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94,
        95, 96,
    )
)  # fmt: skip
_TWELVE_DIGITS: Final = re.compile(r"^\d{12}$")
# Century digits 0/1 (20th) and 2/3 (21st) are published; 4–9 (22nd–24th) are not confirmed.
CONFIRMED_CENTURIES: Final = frozenset({19, 20})


@dataclass(frozen=True)
class PinCheck:
    problems: list[str] = field(default_factory=list)
    unconfirmed: bool = False  # the century digit follows an unconfirmed rule

    @property
    def valid(self) -> bool:
        return not self.problems


def century_sex_digit(year: int, sex: str) -> int:
    """0/1 for 1900–1999, 2/3 for 2000–2099, then 4/5, 6/7, 8/9: even for a male."""
    return 2 * (year // 100 - 19) + (1 if sex == "female" else 0)


def check(
    pin: str, *, date_of_birth: datetime.date | None = None, sex: str | None = None
) -> PinCheck:
    """Every problem with ``pin``, each a sentence naming the part that is wrong."""
    if not _TWELVE_DIGITS.match(pin):
        return PinCheck([_("A personal identification number has exactly 12 digits.")])
    problems: list[str] = []
    province, digit, year_digits = pin[:3], int(pin[3]), pin[4:6]
    if province not in PROVINCE_CODES:
        problems.append(
            _("The first three digits %(code)s are not a province code.") % {"code": province}
        )
    century = 19 + digit // 2
    if date_of_birth is not None:
        if not 1900 <= date_of_birth.year <= 2399:
            problems.append(_("The year of birth cannot be encoded in a PIN."))
        elif date_of_birth.year // 100 != century:
            problems.append(
                _("The fourth digit %(digit)d is for people born in %(first)d–%(last)d.")
                % {"digit": digit, "first": century * 100, "last": century * 100 + 99}
            )
        if f"{date_of_birth.year % 100:02d}" != year_digits:
            problems.append(
                _("Digits 5–6 (%(digits)s) must be the last two digits of the year of birth.")
                % {"digits": year_digits}
            )
    if sex in ("male", "female") and (digit % 2 == 1) != (sex == "female"):
        problems.append(
            _("The fourth digit %(digit)d is for a %(other)s.")
            % {"digit": digit, "other": _("male") if digit % 2 == 0 else _("female")}
        )
    return PinCheck(problems, unconfirmed=century not in CONFIRMED_CENTURIES)


def validate(
    pin: str,
    *,
    date_of_birth: datetime.date | None = None,
    sex: str | None = None,
    field_name: str = "pin",
) -> str:
    """``pin`` if it is consistent, else ``ValidationFailed`` listing each problem."""
    result = check(pin, date_of_birth=date_of_birth, sex=sex)
    if not result.valid:
        raise ValidationFailed(
            _("The personal identification number is not valid."),
            fields={field_name: result.problems},
        )
    return pin
