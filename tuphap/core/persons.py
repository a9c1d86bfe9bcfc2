"""The persons other registers know, looked up by personal identification number.

A register that keeps persons (civil status) adds a lookup at ``ready()``; a register that needs
a person's registered facts (legal aid checks a child's age against the registered date of
birth) asks ``by_pin`` without importing the other register. The caller audits the read: it is
a read of personal data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RegisteredPerson:
    pin: str
    full_name: str
    date_of_birth: datetime.date | None
    died_on: datetime.date | None
    source: str  # the register that answered, e.g. "civil_status"


Lookup = Callable[[str], RegisteredPerson | None]
_LOOKUPS: list[Lookup] = []


def add_lookup(lookup: Lookup) -> None:
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)


def by_pin(pin: str) -> RegisteredPerson | None:
    """The first register that knows ``pin``, or None (also when no register is installed)."""
    for lookup in _LOOKUPS:
        person = lookup(pin)
        if person is not None:
            return person
    return None
