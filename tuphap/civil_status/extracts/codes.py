"""Verification codes printed on certificates and extracts.

Sixteen characters of Crockford's base 32 (80 random bits from ``secrets``), grouped by four:
``7KQM-4XHT-9PDA-2WNC``. The alphabet has no I, L, O or U, so a code read aloud or typed from
paper is forgiving: case, spaces and dashes are ignored, O is read as 0 and I or L as 1. With
2^80 codes, guessing one that exists is hopeless, so the public page needs no other defence
against enumeration (docs/adr/0008-certificates-pdf.md).
"""

from __future__ import annotations

import secrets
from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH: Final = 16
GROUP: Final = 4
_READ_AS: Final = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def generate() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return _grouped(raw)


def _grouped(raw: str) -> str:
    return "-".join(raw[index : index + GROUP] for index in range(0, len(raw), GROUP))


def normalise(text: str) -> str | None:
    """The code in its printed form, or ``None`` when ``text`` cannot be a code."""
    raw = text.strip().upper().translate(_READ_AS)
    if len(raw) != LENGTH or any(character not in ALPHABET for character in raw):
        return None
    return _grouped(raw)
