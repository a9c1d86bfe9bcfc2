"""The personal identification number (số định danh cá nhân): its structure, no more.

12 digits = 3-digit code of the province where the birth was registered (or of the country when
registered abroad) + 1 century/sex digit + the last 2 digits of the year of birth + 6 random
digits (NĐ 137/2015/NĐ-CP Art. 13; Luật Căn cước 2023 Art. 12). There is no check digit. The
province prefix records where the birth was registered when the PIN was issued: never derive a
person's current province from it. See docs/domain/population.md.
"""

from __future__ import annotations

import re
import secrets
from typing import Final

PIN_PATTERN: Final = re.compile(r"^\d{12}$")
PROVINCE_CODE_PATTERN: Final = re.compile(r"^\d{3}$")
FIRST_YEAR: Final = 1900  # century digits 0/1 (20th century, 1900–1999)
LAST_YEAR: Final = 2399  # century digits 8/9 (24th century)


def century_sex_digit(*, year: int, sex: str) -> int:
    """0/1 for 1900–1999, 2/3 for 2000–2099, 4/5, 6/7, 8/9 after: the even digit for a male,
    the odd one for a female."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    if sex not in ("male", "female"):
        raise ValueError(f"sex must be 'male' or 'female', not {sex!r}")
    return 2 * (year // 100 - 19) + (1 if sex == "female" else 0)


def prefix(*, province_code: str, year: int, sex: str) -> str:
    """The first six digits, which the rules fix."""
    if not PROVINCE_CODE_PATTERN.match(province_code):
        raise ValueError(f"province code must be 3 digits, not {province_code!r}")
    return f"{province_code}{century_sex_digit(year=year, sex=sex)}{year % 100:02d}"


def generate(*, province_code: str, year: int, sex: str) -> str:
    """A PIN with the fixed prefix and six random digits (uniqueness is the issuer's job)."""
    return (
        prefix(province_code=province_code, year=year, sex=sex) + f"{secrets.randbelow(10**6):06d}"
    )


def is_well_formed(value: str) -> bool:
    """Twelve digits whose century/sex digit is one of the defined ones. No checksum exists."""
    return bool(PIN_PATTERN.match(value))
