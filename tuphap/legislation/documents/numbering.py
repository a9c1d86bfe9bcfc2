"""Number and symbol of a legal normative document (số, ký hiệu): ``64/2025/QH15``,
``120/2025/NĐ-CP``, ``05/2024/TT-BTP``, ``12/2025/QĐ-TTg``, ``15/2025/NQ-HĐND``.

The shape is ``number/year/symbol``. The symbol is either the issuer alone (laws and resolutions
of the National Assembly: ``QH15``; ordinances and resolutions of its Standing Committee:
``UBTVQH15``) or ``TYPE-ISSUER`` (``NĐ-CP``, ``TT-BTP``, ``TTLT-BTP-BTC``, ``NQ-HĐND``).
Pure functions: no database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Type codes that may open a symbol (Nghị định, Nghị quyết, Quyết định, Thông tư, Thông tư liên
# tịch, Lệnh, Pháp lệnh, Chỉ thị).
TYPE_CODES = frozenset({"NĐ", "NQ", "QĐ", "TT", "TTLT", "L", "PL", "CT"})

_SHAPE = re.compile(r"^(?P<number>\d{1,4})/(?P<year>\d{4})/(?P<symbol>\S+)$")
_ASSEMBLY = re.compile(r"^(?:QH|UBTVQH)\d{1,2}$")
_ISSUER = re.compile(r"^[A-ZĐ][A-Za-zĐ0-9]*(?:-[A-ZĐ][A-Za-zĐ0-9]*)*$")


class NumberError(ValueError):
    """The number and symbol is malformed; ``part`` names the part that is wrong."""

    def __init__(self, message: str, *, part: str) -> None:
        super().__init__(message)
        self.message = message
        self.part = part


@dataclass(frozen=True)
class DocumentNumber:
    number: int
    year: int
    type_code: str  # "" when the symbol carries none (National Assembly and its Committee)
    issuer_code: str

    def __str__(self) -> str:
        symbol = f"{self.type_code}-{self.issuer_code}" if self.type_code else self.issuer_code
        return f"{self.number:02d}/{self.year}/{symbol}"


def normalise(text: str) -> str:
    """NFC, no spaces, and the look-alike capitals written for Đ (Ð U+00D0, Ɖ U+0189) made Đ."""
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u0189", "Đ")
    return re.sub(r"\s+", "", text)


def parse_number(text: str) -> DocumentNumber:
    """Split a number and symbol into its parts, or raise ``NumberError`` naming what is wrong."""
    value = normalise(text)
    if not value:
        raise NumberError("The number and symbol is empty.", part="number")
    match = _SHAPE.match(value)
    if match is None:
        if value.count("/") != 2:
            raise NumberError(
                f"{text!r} must have three parts separated by '/': number/year/symbol, "
                "e.g. 120/2025/NĐ-CP.",
                part="shape",
            )
        number_part, year_part, _symbol = value.split("/")
        if not number_part.isdigit():
            raise NumberError(
                f"The number {number_part!r} in {text!r} must be digits.", part="number"
            )
        if not (year_part.isdigit() and len(year_part) == 4):
            raise NumberError(
                f"The year {year_part!r} in {text!r} must be four digits.", part="year"
            )
        raise NumberError(f"The symbol in {text!r} is missing.", part="symbol")
    number, year, symbol = int(match["number"]), int(match["year"]), match["symbol"]
    if number == 0:
        raise NumberError(f"The number in {text!r} must be at least 1.", part="number")
    if not 1945 <= year <= 2100:
        raise NumberError(f"The year {year} in {text!r} is not plausible.", part="year")
    if _ASSEMBLY.match(symbol):
        return DocumentNumber(number, year, "", symbol)
    type_code, _, issuer = symbol.partition("-")
    if type_code not in TYPE_CODES:
        raise NumberError(
            f"{type_code!r} in {text!r} is not a document type code "
            f"(expected one of {', '.join(sorted(TYPE_CODES))}, or QHnn/UBTVQHnn alone).",
            part="type",
        )
    if not issuer or not _ISSUER.match(issuer):
        raise NumberError(
            f"The issuer code after {type_code}- in {text!r} is missing or malformed.",
            part="issuer",
        )
    return DocumentNumber(number, year, type_code, issuer)
