"""The civil status register's answer to ``core.persons.by_pin``: a person's registered name,
date of birth and death, for the other registers (added at ``ready()``)."""

from __future__ import annotations

from tuphap.civil_status.registration.models import Person
from tuphap.core.persons import RegisteredPerson


def person_by_pin(pin: str) -> RegisteredPerson | None:
    person = (
        Person.objects.filter(pin=pin)
        .only("pin", "family_name", "middle_name", "given_name", "date_of_birth", "died_on")
        .first()
    )
    if person is None or person.pin is None:
        return None
    name = " ".join(p for p in (person.family_name, person.middle_name, person.given_name) if p)
    return RegisteredPerson(
        pin=person.pin,
        full_name=name,
        date_of_birth=person.date_of_birth,
        died_on=person.died_on,
        source="civil_status",
    )
