"""Guardianship (giám hộ): registered in its own book (GH), with the guardian as the entry's
other party (Luật Hộ tịch 2014 Art. 19–21; Bộ luật Dân sự 2015 Art. 46–49)."""

from __future__ import annotations

import datetime
from typing import Any, Final

from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.civil_status.registration import persons
from tuphap.civil_status.registration.models import EventType, Person, Registration
from tuphap.civil_status.registration.persons import PersonData
from tuphap.civil_status.registration.services.common import (
    audit_registration,
    check_alive,
    officer_at,
    receipt_and_day,
    resolve_person,
    write_entry,
)
from tuphap.core.errors import Conflict, ValidationFailed
from tuphap.places.models import AdministrativeUnit

# Full civil act capacity from 18 full years (BLDS 2015 Art. 20(1)); an individual guardian
# must have it (Art. 49(1)).
ADULT_AGE: Final = 18
# Guardianship by law (đương nhiên, Art. 52–54) or appointed by the commune (cử, Art. 54).
KINDS: Final = frozenset({"by_law", "appointed"})


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _party(
    party: Person | PersonData,
    *,
    actor: Any,
    commune: AdministrativeUnit,
    prefix: str,
    confirmed: bool,
) -> Person:
    if isinstance(party, Person):
        return party
    person, is_new = resolve_person(party, commune=commune, prefix=prefix, confirmed=confirmed)
    if is_new:
        persons.add_version(person, actor=actor, reason=_("Record opened for a guardianship"))
    return person


def _check_parties(ward: Person, guardian: Person, today: datetime.date) -> None:
    check_alive(ward, EventType.GUARDIANSHIP, "ward")
    check_alive(guardian, EventType.GUARDIANSHIP, "guardian")
    fields: dict[str, str] = {}
    if ward.pk == guardian.pk:
        fields["guardian"] = _("The guardian and the ward are the same person.")
    elif guardian.date_of_birth is None:
        fields["guardian.date_of_birth"] = _("The guardian's date of birth is required.")
    elif _age_on(guardian.date_of_birth, today) < ADULT_AGE:
        fields["guardian.date_of_birth"] = _(
            "The guardian must be an adult (%(age)d full years)."
        ) % {"age": ADULT_AGE}
    if fields:
        raise ValidationFailed(_("The guardianship cannot be registered."), fields=fields)
    if Registration.objects.filter(
        event_type=EventType.GUARDIANSHIP, status=Registration.Status.REGISTERED, person=ward
    ).exists():
        raise Conflict(
            _("%(name)s is already under a registered guardianship.") % {"name": ward.full_name},
            fields={"ward": _("Already under guardianship.")},
            code="already_under_guardianship",
        )


@transaction.atomic
def guardianship_register(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    ward: Person | PersonData,
    guardian: Person | PersonData,
    kind: str,
    relationship: str = "",
    grounds: str = "",
    received_at: datetime.datetime | None = None,
    foreign_element: bool = False,
    different_person_confirmed: bool = False,
) -> Registration:
    """Register a guardianship (Luật Hộ tịch Art. 19–21): the ward must be alive, the guardian
    a living adult other than the ward (BLDS 2015 Art. 49(1)), and the ward not already under a
    registered guardianship."""
    received, today = receipt_and_day(received_at)
    officer_at(actor, commune, today)
    if kind not in KINDS:
        raise ValidationFailed(
            _("The guardianship cannot be registered."),
            fields={"kind": _("Choose by_law or appointed.")},
        )
    ward_person = _party(
        ward, actor=actor, commune=commune, prefix="ward", confirmed=different_person_confirmed
    )
    guardian_person = _party(
        guardian,
        actor=actor,
        commune=commune,
        prefix="guardian",
        confirmed=different_person_confirmed,
    )
    _check_parties(ward_person, guardian_person, today)
    registration = write_entry(
        actor=actor,
        commune=commune,
        event_type=EventType.GUARDIANSHIP,
        person=ward_person,
        other_person=guardian_person,
        event_date=today,
        received_at=received,
        registered_on=today,
        details={
            "kind": kind,
            "guardian_relationship": relationship,
            "grounds": grounds,
            "guardian_name": guardian_person.full_name,
        },
        foreign_element=foreign_element,
    )
    persons.update(
        ward_person,
        {},
        actor=actor,
        reason=_("Guardianship registered"),
        registration=registration,
    )
    # NĐ 87/2020 Art. 10(2) lists guardianship among the data for the population database; the
    # gateway has no message kind for it yet (docs §9), so nothing is queued.
    audit_registration(actor, registration, "guardianship.registered")
    return registration
