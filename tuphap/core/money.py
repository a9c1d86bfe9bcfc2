"""Money is an ``int`` number of đồng. Never a float: a float is refused with ``TypeError``
everywhere here, and so is a ``Decimal`` or a ``bool``.

Vietnamese notation: a dot groups thousands, a comma separates decimals.

* ``format_vnd(1234567) == "1.234.567 đ"``; ``format_vnd(-5000) == "-5.000 đ"``.
* ``format_billions(amount, decimals=2)`` shows tỷ đồng (10^9 đồng), rounded half away from zero
  to ``decimals`` places by exact integer arithmetic; trailing zeros of the fraction are dropped
  unless ``fixed=True`` (for table columns):
  ``format_billions(89_412_000_000_000) == "89.412 tỷ đồng"``,
  ``format_billions(1_234_567_890_123) == "1.234,57 tỷ đồng"``,
  ``format_billions(1_500_000_000, fixed=True) == "1,50 tỷ đồng"``.
* ``parse_vnd("1.234.567") == 1234567``; ``"1.234,5"``, ``"1234.5"`` and ``"1,234,567"`` are
  refused with ``ValueError`` (a decimal part, or an ambiguous separator).
"""

from __future__ import annotations

import re
from typing import Final

BILLION: Final = 1_000_000_000

_SUFFIX = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_PLAIN = re.compile(r"[0-9]+")


def _require_int(amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        kind = type(amount).__name__
        raise TypeError(f"Money is an int number of đồng, not {kind}.")
    return amount


def group_thousands(number: int) -> str:
    """``1234567`` → ``"1.234.567"``; ``-1234`` → ``"-1.234"``."""
    number = _require_int(number)
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def format_vnd(amount: int) -> str:
    return f"{group_thousands(amount)} đ"


def format_billions(amount: int, decimals: int = 2, *, fixed: bool = False) -> str:
    amount = _require_int(amount)
    decimals = _require_int(decimals)
    if not 0 <= decimals <= 9:
        raise ValueError("decimals must be from 0 to 9.")
    scaled, remainder = divmod(abs(amount) * 10**decimals, BILLION)
    if 2 * remainder >= BILLION:
        scaled += 1  # half away from zero
    whole, fraction = divmod(scaled, 10**decimals)
    digits = f"{fraction:0{decimals}d}" if decimals else ""
    if not fixed:
        digits = digits.rstrip("0")
    sign = "-" if amount < 0 and scaled else ""
    text = sign + group_thousands(whole) + ("," + digits if digits else "")
    return f"{text} tỷ đồng"


def parse_vnd(text: str) -> int:
    """An amount typed the Vietnamese way: ``"1.234.567"``, ``"1234567"``, ``"-5.000 đ"``."""
    if not isinstance(text, str):
        if isinstance(text, int) and not isinstance(text, bool):
            return text
        raise TypeError(f"parse_vnd takes a str, not {type(text).__name__}.")
    body = _SUFFIX.sub("", text.strip()).replace("\u00a0", " ").strip()
    sign = 1
    if body[:1] in {"-", "+"}:
        sign = -1 if body[0] == "-" else 1
        body = body[1:].strip()
    if _PLAIN.fullmatch(body):
        return sign * int(body)
    if _GROUPED.fullmatch(body):
        return sign * int(body.replace(".", ""))
    if "," in body:
        raise ValueError(
            f"{text!r} is not a whole number of đồng: amounts have no decimal part, and "
            "thousands are grouped with dots (1.234.567)."
        )
    raise ValueError(f"{text!r} is not an amount in đồng; write it like 1.234.567.")
