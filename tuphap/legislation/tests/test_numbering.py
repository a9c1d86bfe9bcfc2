from __future__ import annotations

import pytest

from tuphap.legislation.documents.numbering import DocumentNumber, NumberError, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("64/2025/QH15", DocumentNumber(64, 2025, "", "QH15"), id="law"),
        pytest.param("120/2025/NĐ-CP", DocumentNumber(120, 2025, "NĐ", "CP"), id="decree"),
        pytest.param("05/2024/TT-BTP", DocumentNumber(5, 2024, "TT", "BTP"), id="circular"),
        pytest.param("12/2025/QĐ-TTg", DocumentNumber(12, 2025, "QĐ", "TTg"), id="pm-decision"),
        pytest.param("15/2025/NQ-HĐND", DocumentNumber(15, 2025, "NQ", "HĐND"), id="council"),
        pytest.param(
            "01/2024/TTLT-BTP-BTC", DocumentNumber(1, 2024, "TTLT", "BTP-BTC"), id="joint"
        ),
        pytest.param("10/2023/UBTVQH15", DocumentNumber(10, 2023, "", "UBTVQH15"), id="ordinance"),
        pytest.param(" 120 / 2025 / NĐ-CP ", DocumentNumber(120, 2025, "NĐ", "CP"), id="spaces"),
        pytest.param(
            "120/2025/N\u00d0-CP", DocumentNumber(120, 2025, "NĐ", "CP"), id="eth-lookalike"
        ),
    ],
)
def test_parse_number_splits_the_parts(text: str, expected: DocumentNumber) -> None:
    assert parse_number(text) == expected


def test_str_pads_the_number_to_two_digits() -> None:
    assert str(parse_number("5/2024/TT-BTP")) == "05/2024/TT-BTP"
    assert str(parse_number("64/2025/QH15")) == "64/2025/QH15"


@pytest.mark.parametrize(
    ("text", "part", "message"),
    [
        pytest.param("", "number", "The number and symbol is empty.", id="empty"),
        pytest.param(
            "120/NĐ-CP",
            "shape",
            "'120/NĐ-CP' must have three parts separated by '/': number/year/symbol, "
            "e.g. 120/2025/NĐ-CP.",
            id="two-parts",
        ),
        pytest.param(
            "abc/2025/NĐ-CP",
            "number",
            "The number 'abc' in 'abc/2025/NĐ-CP' must be digits.",
            id="letters",
        ),
        pytest.param(
            "12/25/NĐ-CP",
            "year",
            "The year '25' in '12/25/NĐ-CP' must be four digits.",
            id="short-year",
        ),
        pytest.param(
            "0/2025/NĐ-CP", "number", "The number in '0/2025/NĐ-CP' must be at least 1.", id="zero"
        ),
        pytest.param(
            "12/1800/NĐ-CP",
            "year",
            "The year 1800 in '12/1800/NĐ-CP' is not plausible.",
            id="old-year",
        ),
        pytest.param(
            "12/2025/XX-CP",
            "type",
            "'XX' in '12/2025/XX-CP' is not a document type code (expected one of CT, L, NQ, "
            "NĐ, PL, QĐ, TT, TTLT, or QHnn/UBTVQHnn alone).",
            id="unknown-type",
        ),
        pytest.param(
            "12/2025/TT-",
            "issuer",
            "The issuer code after TT- in '12/2025/TT-' is missing or malformed.",
            id="no-issuer",
        ),
        pytest.param(
            "12/2025/TT",
            "issuer",
            "The issuer code after TT- in '12/2025/TT' is missing or malformed.",
            id="type-only",
        ),
    ],
)
def test_parse_number_names_what_is_wrong(text: str, part: str, message: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.part == part
    assert caught.value.message == message
