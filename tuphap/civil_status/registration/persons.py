"""The person's record: what an event writes on it, its versions, and the search for possible
duplicates before a new record is opened (TT 01/2022/TT-BTP Art. 11). Called by ``services``
inside their transaction; nothing here commits on its own."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.civil_status.registration import inserts, pins
from tuphap.civil_status.registration.models import (
    Person,
    PersonVersion,
    Registration,
    Sex,
    snapshot,
)
from tuphap.core import rows
from tuphap.core.errors import Conflict, ValidationFailed
from tuphap.core.text import fold
from tuphap.places.models import AdministrativeUnit


@dataclass(frozen=True)
class PersonData:
    """What the officer enters about a person who may have no record yet."""

    family_name: str
    given_name: str
    sex: str
    date_of_birth: datetime.date | None
    middle_name: str = ""
    place_of_birth: str = ""
    native_place: str = ""
    ethnicity: str = "Kinh"
    nationality: str = "Việt Nam"
    residence: str = ""
    pin: str = ""
    mother_name: str = ""
    father_name: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)


class PossibleDuplicate(Conflict):
    """The person may already have a record. ``candidates`` are shown side by side; the officer
    may go on by confirming it is a different person."""

    code = "possible_duplicate"

    def __init__(self, candidates: list[Person], *, field: str = "different_person_confirmed"):
        described = [
            _("#%(id)s %(name)s, born %(born)s, mother %(mother)s, PIN %(pin)s")
            % {
                "id": person.pk,
                "name": person.full_name,
                "born": person.date_of_birth.isoformat() if person.date_of_birth else "?",
                "mother": person.mother_name or "?",
                "pin": person.pin or "—",
            }
            for person in candidates
        ]
        super().__init__(
            _(
                "This person may already have a record. Check the candidates, or confirm "
                "that it is a different person."
            ),
            fields={field: described},
        )
        self.candidates = candidates
        self.party = field.split(".")[0] if "." in field else ""


def check_data(data: PersonData, *, prefix: str) -> None:
    """Every required field and the PIN's consistency, each problem named."""
    fields: dict[str, list[str]] = {}
    for name in ("family_name", "given_name"):
        if not getattr(data, name).strip():
            fields[f"{prefix}.{name}"] = [_("This field is required.")]
    if data.sex not in Sex.values:
        fields[f"{prefix}.sex"] = [_("Sex must be male or female.")]
    if data.date_of_birth is not None and data.date_of_birth > timezone.localdate():
        fields[f"{prefix}.date_of_birth"] = [_("The date of birth is in the future.")]
    if data.pin:
        result = pins.check(data.pin, date_of_birth=data.date_of_birth, sex=data.sex)
        if not result.valid:
            fields[f"{prefix}.pin"] = result.problems
    if fields:
        raise ValidationFailed(
            _("Some information about the person is missing or wrong."), fields=fields
        )


_NAMESAKES_SQL: dict[str, str] = {}  # per database alias


def _namesakes_sql() -> str:
    """``Person.objects.filter(Q(full_name_folded=…) | Q(family_given_folded=…),
    date_of_birth=…).order_by("id")``, written out."""
    sql = _NAMESAKES_SQL.get(connection.alias)
    if sql is not None:
        return sql
    meta = Person._meta
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(cast(Field[Any, Any], meta.get_field(name)).column)

    # Only quoted names from the model's meta go into the text; the values are parameters.
    sql = _NAMESAKES_SQL[connection.alias] = (
        f"SELECT {rows.columns(Person)} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {column('date_of_birth')} = %s AND "
        f"({column('full_name_folded')} = %s OR {column('family_given_folded')} = %s) "
        f"ORDER BY {quote(meta.pk.column)}"
    )
    return sql


def duplicates(data: PersonData) -> list[Person]:
    """Records that may be this person: the same PIN, or the same name (folded, with or without
    the middle name) born the same day of a mother with the same name."""
    found: dict[int, Person] = {}
    if data.pin:
        for person in Person.objects.filter(pin=data.pin):
            found[person.pk] = person
    if data.date_of_birth is not None:
        folded = fold(data.full_name)
        family_given = fold(f"{data.family_name} {data.given_name}")
        mother = fold(data.mother_name)
        # Both name tests are indexed with the date of birth (``person_name_birth`` and
        # ``person_birth_name``): the search reads the few namesakes, never the whole day. Every
        # registration runs it, so its text is written out (_namesakes_sql), not compiled.
        namesakes = rows.fetch(Person, _namesakes_sql(), [data.date_of_birth, folded, family_given])
        for person in namesakes:
            if mother and person.mother_name_folded and person.mother_name_folded != mother:
                continue
            found[person.pk] = person
    return list(found.values())


def add_version(
    person: Person, *, actor: Any, reason: str, registration: Registration | None = None
) -> PersonVersion:
    return inserts.insert(version(person, actor=actor, reason=reason, registration=registration))


def version(
    person: Person, *, actor: Any, reason: str, registration: Registration | None = None
) -> PersonVersion:
    """The record's current version as ``add_version`` writes it, not yet written (for a
    service that writes it with its other new rows in one statement)."""
    return PersonVersion(
        person=person,
        number=person.version,
        data=snapshot(person),
        registration=registration,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def create(
    data: PersonData, *, commune: AdministrativeUnit, initial: dict[str, Any] | None = None
) -> Person:
    """A new record (version 1 is written by the caller once the registration exists), with
    ``initial`` fields the event sets (the parents' records, when the PIN was requested)."""
    person = Person(
        pin=data.pin or None,
        family_name=data.family_name.strip(),
        middle_name=data.middle_name.strip(),
        given_name=data.given_name.strip(),
        sex=data.sex,
        date_of_birth=data.date_of_birth,
        place_of_birth=data.place_of_birth,
        native_place=data.native_place,
        ethnicity=data.ethnicity,
        nationality=data.nationality,
        residence=data.residence,
        mother_name=data.mother_name,
        father_name=data.father_name,
        registered_in=commune,
        province_id=commune.province_id,
        **(initial or {}),
    )
    refold(person)
    return inserts.insert(person)


def refold(person: Person) -> None:
    person.full_name_folded = fold(person.full_name)
    person.mother_name_folded = fold(person.mother_name)
    person.family_given_folded = fold(f"{person.family_name} {person.given_name}")


def update(
    person: Person,
    changes: dict[str, Any],
    *,
    actor: Any,
    reason: str,
    registration: Registration | None = None,
) -> PersonVersion:
    """Apply ``changes`` to the record, bump its version and append the version row."""
    for name, value in changes.items():
        setattr(person, name, value)
    refold(person)
    person.version += 1
    person.save()
    return add_version(person, actor=actor, reason=reason, registration=registration)
