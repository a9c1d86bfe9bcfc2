"""Numbers and dates in Vietnamese words, as civil status papers print the date of birth
("Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu").

Conventions chosen (docs/domain/civil_status.md §9):

* units after "mươi" (21, 31, …): 1 → "mốt", 4 → "tư", 5 → "lăm"; after "mười" (11–19): 1 →
  "một", 4 → "bốn", 5 → "lăm"; standing alone: "một", "bốn", "năm";
* a zero tens digit inside a number is "linh" (105 → "một trăm linh năm"), not "lẻ";
* a zero hundreds digit after the thousands is said: 2005 → "hai nghìn không trăm linh năm";
* "nghìn", not "ngàn";
* days 1–10 take "mồng" ("ngày mồng năm tháng năm" is unambiguous where "ngày năm tháng năm" is
  not); the fourth month is "tháng tư"; months are otherwise the plain number ("tháng một",
  "tháng mười hai"), the Gregorian calendar being the only one used in the register.
"""

from __future__ import annotations

import datetime
from typing import Final

DIGITS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
LARGEST: Final = 999_999


def _tens_and_units(number: int, *, in_larger: bool) -> str:
    """0–99. ``in_larger``: the number follows hundreds (so 5 is "linh năm")."""
    tens, units = divmod(number, 10)
    if tens == 0:
        if units == 0:
            return ""
        return f"linh {DIGITS[units]}" if in_larger else DIGITS[units]
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 5:
        unit = "lăm"
    elif units == 1 and tens > 1:
        unit = "mốt"
    elif units == 4 and tens > 1:
        unit = "tư"
    else:
        unit = DIGITS[units]
    return f"{head} {unit}"


def _below_thousand(number: int, *, in_larger: bool) -> str:
    """0–999. ``in_larger``: the number follows thousands (so 5 is "không trăm linh năm")."""
    hundreds, rest = divmod(number, 100)
    if hundreds == 0 and not in_larger:
        return _tens_and_units(rest, in_larger=False)
    if rest == 0:
        return f"{DIGITS[hundreds]} trăm"
    return f"{DIGITS[hundreds]} trăm {_tens_and_units(rest, in_larger=True)}"


def number_in_words(number: int) -> str:
    """0 … 999,999 in words: 2005 → "hai nghìn không trăm linh năm"."""
    if not 0 <= number <= LARGEST:
        raise ValueError(f"{number} is outside 0…{LARGEST}.")
    if number == 0:
        return DIGITS[0]
    thousands, rest = divmod(number, 1000)
    if thousands == 0:
        return _below_thousand(rest, in_larger=False)
    head = f"{_below_thousand(thousands, in_larger=False)} nghìn"
    if rest == 0:
        return head
    return f"{head} {_below_thousand(rest, in_larger=True)}"


def day_in_words(day: int) -> str:
    if not 1 <= day <= 31:
        raise ValueError(f"{day} is not a day of a month.")
    words = number_in_words(day)
    return f"mồng {words}" if day <= 10 else words


def month_in_words(month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"{month} is not a month.")
    return "tư" if month == 4 else number_in_words(month)


def date_in_words(day: datetime.date) -> str:
    """``date(2026, 3, 15)`` → "Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu"."""
    return (
        f"Ngày {day_in_words(day.day)} tháng {month_in_words(day.month)} "
        f"năm {number_in_words(day.year)}"
    )
