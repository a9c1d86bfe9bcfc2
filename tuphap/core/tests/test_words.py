from __future__ import annotations

import datetime

import pytest

from tuphap.core.words import date_in_words, day_in_words, month_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (31, "ba mươi mốt"),
        (55, "năm mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1000, "một nghìn"),
        (1905, "một nghìn chín trăm linh năm"),
        (1999, "một nghìn chín trăm chín mươi chín"),
        (2000, "hai nghìn"),
        (2001, "hai nghìn không trăm linh một"),
        (2004, "hai nghìn không trăm linh bốn"),
        (2005, "hai nghìn không trăm linh năm"),
        (2010, "hai nghìn không trăm mười"),
        (2014, "hai nghìn không trăm mười bốn"),
        (2015, "hai nghìn không trăm mười lăm"),
        (2021, "hai nghìn không trăm hai mươi mốt"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (2025, "hai nghìn không trăm hai mươi lăm"),
        (2100, "hai nghìn một trăm"),
        (21_005, "hai mươi mốt nghìn không trăm linh năm"),
        (999_999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
    ],
    ids=str,
)
def test_number_in_words(number: int, words: str) -> None:
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (1, "mồng một"),
        (4, "mồng bốn"),
        (5, "mồng năm"),
        (10, "mồng mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (31, "ba mươi mốt"),
    ],
    ids=str,
)
def test_day_in_words(day: int, words: str) -> None:
    assert day_in_words(day) == words


@pytest.mark.parametrize(
    ("month", "words"),
    [(1, "một"), (4, "tư"), (5, "năm"), (10, "mười"), (11, "mười một"), (12, "mười hai")],
    ids=str,
)
def test_month_in_words(month: int, words: str) -> None:
    assert month_in_words(month) == words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (
            datetime.date(2026, 3, 15),
            "Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu",
        ),
        (
            datetime.date(2005, 5, 5),
            "Ngày mồng năm tháng năm năm hai nghìn không trăm linh năm",
        ),
        (
            datetime.date(2010, 4, 24),
            "Ngày hai mươi tư tháng tư năm hai nghìn không trăm mười",
        ),
        (
            datetime.date(1999, 12, 31),
            "Ngày ba mươi mốt tháng mười hai năm một nghìn chín trăm chín mươi chín",
        ),
    ],
    ids=str,
)
def test_date_in_words(day: datetime.date, words: str) -> None:
    assert date_in_words(day) == words


@pytest.mark.parametrize(
    ("function", "value"),
    [(number_in_words, -1), (number_in_words, 1_000_000), (day_in_words, 0), (month_in_words, 13)],
    ids=["negative", "a million", "day 0", "month 13"],
)
def test_out_of_range_is_refused(function: object, value: int) -> None:
    with pytest.raises(ValueError, match=str(value)):
        function(value)  # type: ignore[operator]
