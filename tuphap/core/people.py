"""People across registers (ADR 0019): what the registers hold on one personal identification
number, and how a register reacts to another register's event about a person.

Registers are independent siblings and never read each other's tables. Two registries here let
them meet without knowing each other; each register fills them in its ``AppConfig.ready()``:

* **Facts** (``add_provider``): given a PIN and a reader, a register answers the items it holds
  on that person that the reader may see (its own jurisdiction rules). ``facts_for`` asks every
  register and writes one audit row of the read.
* **A registered death** (``on_death``): the civil status register publishes ``PersonDied``
  inside its death registration's transaction (``death_registered``); every subscriber reacts
  with its own services in that same transaction (a task on an open enforcement case, a flag on
  an open legal aid case or complaint), each writing its own audit rows. If the registration
  fails, nothing of any reaction is written; if a reaction fails, the registration fails with it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from tuphap.core import audit
from tuphap.core.errors import AccessDenied, ValidationFailed

_PIN = re.compile(r"^\d{12}$")


def clean_pin(value: Any) -> str:
    """A personal identification number: 12 digits (domain.md §1.1; no check digit exists)."""
    pin = "".join(str(value or "").split())
    if not _PIN.match(pin):
        raise ValidationFailed(
            _("The personal identification number is not valid."),
            fields={"pin": _("Enter the 12 digits of the personal identification number.")},
        )
    return pin


# -- facts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One item a register holds on a person, as the person page shows it."""

    kind: str  # what the person is in the item: "Death registered", "Obligor", "Complainant"
    title: str  # the item as officials name it: a case number, a register entry
    date: datetime.date | None
    state: str = ""
    place: str = ""
    url: str = ""
    # "<app_label.model>:<pk>", written into the audit row of the read.
    reference: str = ""


@dataclass(frozen=True)
class Provider:
    key: str  # "enforcement"
    label: str | Promise  # the register as a reader names it
    # Whether the reader may read this register's personal data at all.
    may_read: Callable[[Any], bool]
    # The items on ``pin`` the reader may see (the register's own jurisdiction rules).
    facts: Callable[[str, Any], Sequence[Fact]]
    order: int = 50


_PROVIDERS: list[Provider] = []


def add_provider(provider: Provider) -> None:
    if all(existing.key != provider.key for existing in _PROVIDERS):
        _PROVIDERS.append(provider)


def providers() -> list[Provider]:
    return sorted(_PROVIDERS, key=lambda item: (item.order, item.key))


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class PersonFacts:
    pin: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def count(self) -> int:
        return sum(len(section.facts) for section in self.sections)


def may_look_up(reader: Any) -> bool:
    """The right to the person page: a signed-in, active user whom at least one register lets
    read its personal data."""
    if not getattr(reader, "is_authenticated", False) or not reader.is_active:
        return False
    return any(provider.may_read(reader) for provider in _PROVIDERS)


@transaction.atomic
def facts_for(pin: str, reader: Any) -> PersonFacts:
    """Every register's items on ``pin`` that ``reader`` may see, one section a register the
    reader may read, and one audit row of the read (what was shown, by reference)."""
    pin = clean_pin(pin)
    if not may_look_up(reader):
        raise AccessDenied(_("You may not look up a person across the registers."))
    sections = tuple(
        Section(provider.key, str(provider.label), tuple(provider.facts(pin, reader)))
        for provider in providers()
        if provider.may_read(reader)
    )
    found = PersonFacts(pin, sections)
    audit.record(
        actor=reader,
        action="people.person.viewed",
        data={
            "pin": pin,
            "shown": {
                section.key: [fact.reference for fact in section.facts] for section in sections
            },
        },
    )
    return found


# -- a registered death --------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonDied:
    """Published by the civil status register when it registers a death."""

    pin: str
    full_name: str
    died_on: datetime.date
    registered_on: datetime.date
    registration_id: int
    registration: str  # the entry as officials cite it ("số 12, quyển 01/2026, xã …")


# A reaction: (actor, event) -> how many of the register's items it touched.
Reaction = Callable[[Any, PersonDied], int]
_ON_DEATH: dict[str, Reaction] = {}


def on_death(key: str, reaction: Reaction) -> None:
    _ON_DEATH.setdefault(key, reaction)


def death_registered(*, actor: Any, event: PersonDied) -> dict[str, int]:
    """Run every register's reaction to ``event`` in the caller's transaction; what each
    touched, by register. A death without a PIN reaches nobody (no register can match it)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "people.death_registered must run inside the registration's transaction."
        )
    if not event.pin:
        return {}
    return {key: _ON_DEATH[key](actor, event) for key in sorted(_ON_DEATH)}
