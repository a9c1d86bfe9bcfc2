"""Birth, death and marriage: the three events every commune registers daily."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any, Final

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.civil_status.registration import persons
from tuphap.civil_status.registration.models import EventType, Person, Registration, Sex
from tuphap.civil_status.registration.persons import PersonData
from tuphap.civil_status.registration.services.common import (
    Declarant,
    ParentData,
    audit_registration,
    check_alive,
    flat,
    notify_population,
    officer_at,
    parent_details,
    province_code,
    receipt_and_day,
    registration_event,
    resolve_person,
    write_entry,
)
from tuphap.core import inserts, people
from tuphap.core.errors import Conflict, ValidationFailed
from tuphap.places.models import AdministrativeUnit
from tuphap.population import services as population

# Minimum marriage age in full years (Luật Hôn nhân và gia đình 52/2014/QH13 Art. 8(1)(a)).
MARRIAGE_AGE: Final = {Sex.MALE: 20, Sex.FEMALE: 18}

# -- birth --------------------------------------------------------------------------------------


@transaction.atomic
def birth_register(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    child: PersonData,
    mother: ParentData | None = None,
    father: ParentData | None = None,
    declarant: Declarant,
    received_at: datetime.datetime | None = None,
    registered_on: datetime.date | None = None,
    birth_certificate_number: str = "",
    re_registration: bool = False,
    foreign_element: bool = False,
    different_person_confirmed: bool = False,
    signer_name: str = "",
    signer_title: str = "",
) -> Registration:
    """Register a birth (Luật Hộ tịch Art. 13–16) or re-register one (NĐ 123/2015 Art. 24–26),
    and ask the population database for the child's PIN (NĐ 87/2020 Art. 10(3)(a))."""
    received, today = receipt_and_day(received_at, registered_on)
    officer_at(actor, commune, today)
    if child.date_of_birth is None:
        raise ValidationFailed(
            _("The date of birth is required."),
            fields={"child.date_of_birth": _("This field is required.")},
        )
    born = child.date_of_birth
    if born > timezone.localdate(received):
        raise ValidationFailed(
            _("The child cannot be born after the file was received."),
            fields={"child.date_of_birth": _("The date of birth is after the day of receipt.")},
        )
    mother_details = parent_details(mother, sex=Sex.FEMALE, prefix="mother")
    father_details = parent_details(father, sex=Sex.MALE, prefix="father")
    child = replace(
        child,
        mother_name=mother.full_name if mother else child.mother_name,
        father_name=father.full_name if father else child.father_name,
    )
    links: dict[str, Any] = {}
    for role, data in (("mother", mother), ("father", father)):
        if data is not None and data.pin:
            parent = Person.objects.filter(pin=data.pin).first()
            if parent is not None:
                links[f"{role}_id"] = parent.pk
    # A record found by its PIN has one; a new record without a PIN gets it requested now.
    requested = {} if child.pin else {"pin_requested_at": timezone.now()}
    person, is_new = resolve_person(
        child,
        commune=commune,
        prefix="child",
        confirmed=different_person_confirmed,
        initial={**links, **requested},
    )
    if (
        not is_new
        and Registration.objects.filter(
            person=person, event_type=EventType.BIRTH, status=Registration.Status.REGISTERED
        ).exists()
    ):
        raise Conflict(
            _("The birth of the person with this PIN is already registered."),
            fields={"child.pin": _("Already registered.")},
            code="already_registered",
        )
    registration = write_entry(
        actor=actor,
        commune=commune,
        event_type=EventType.BIRTH,
        person=person,
        event_date=born,
        received_at=received,
        registered_on=today,
        details={
            "mother": mother_details,
            "father": father_details,
            "declarant": flat(declarant),
            "birth_certificate_number": birth_certificate_number,
        },
        re_registration=re_registration,
        foreign_element=foreign_element,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    # The rows that refer to the entry and not to one another: one statement (inserts.insert_all)
    written: list[Model] = []
    if is_new:
        written.append(
            persons.version(
                person, actor=actor, reason=_("Birth registered"), registration=registration
            )
        )
    else:
        persons.update(
            person, links, actor=actor, reason=_("Birth registered"), registration=registration
        )
    if not person.pin:
        payload: dict[str, Any] = {
            "full_name": person.full_name,
            "sex": person.sex,
            "date_of_birth": born.isoformat(),
            "birth_province_code": province_code(commune),
            "registered_on": today.isoformat(),
        }
        if mother is not None and mother.pin:
            payload["mother_pin"] = mother.pin
        if father is not None and father.pin:
            payload["father_pin"] = father.pin
        written.append(
            population.outbox_message(
                kind="birth", payload=payload, subject=registration, province=commune.province
            )
        )
    written.append(registration_event(actor, registration, "birth.registered"))
    inserts.insert_all(*written)
    return registration


# -- death --------------------------------------------------------------------------------------


@transaction.atomic
def death_register(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    died_on: datetime.date,
    declarant: Declarant,
    person: Person | None = None,
    deceased: PersonData | None = None,
    place_of_death: str = "",
    cause: str = "",
    death_notice_number: str = "",
    received_at: datetime.datetime | None = None,
    registered_on: datetime.date | None = None,
    re_registration: bool = False,
    foreign_element: bool = False,
    different_person_confirmed: bool = False,
    signer_name: str = "",
    signer_title: str = "",
) -> Registration:
    """Register a death (Luật Hộ tịch Art. 32–34) and lock the person's record (Art. 34(2))."""
    received, today = receipt_and_day(received_at, registered_on)
    officer_at(actor, commune, today)
    if (person is None) == (deceased is None):
        raise ValidationFailed(
            _("Choose the deceased's record or enter the deceased."),
            fields={"person": _("Give exactly one of person and deceased.")},
        )
    if died_on > timezone.localdate(received):
        raise ValidationFailed(
            _("The death cannot be after the file was received."),
            fields={"died_on": _("The date of death is after the day of receipt.")},
        )
    is_new = False
    if person is None:
        assert deceased is not None  # noqa: S101 - checked above; narrows the type
        person, is_new = resolve_person(
            deceased, commune=commune, prefix="deceased", confirmed=different_person_confirmed
        )
    if person.is_dead:
        raise Conflict(
            _("The death of %(name)s is already registered.") % {"name": person.full_name},
            fields={"person": _("The person has died.")},
            code="person_dead",
        )
    if person.date_of_birth is not None and died_on < person.date_of_birth:
        raise ValidationFailed(
            _("The date of death is before the date of birth."),
            fields={"died_on": _("The date of death is before the date of birth.")},
        )
    registration = write_entry(
        actor=actor,
        commune=commune,
        event_type=EventType.DEATH,
        person=person,
        event_date=died_on,
        received_at=received,
        registered_on=today,
        details={
            "place_of_death": place_of_death,
            "cause": cause,
            "death_notice_number": death_notice_number,
            "declarant": flat(declarant),
        },
        re_registration=re_registration,
        foreign_element=foreign_element,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    if is_new:
        person.died_on = died_on
        person.save()
        persons.add_version(
            person, actor=actor, reason=_("Death registered"), registration=registration
        )
    else:
        persons.update(
            person,
            {"died_on": died_on},
            actor=actor,
            reason=_("Death registered"),
            registration=registration,
        )
    notify_population("death", person, registration, {"place_of_death": place_of_death})
    audit_registration(actor, registration, "death.registered")
    # The other registers react in this transaction (ADR 0019): a failed registration leaves
    # none of their tasks or flags behind.
    people.death_registered(
        actor=actor,
        event=people.PersonDied(
            pin=person.pin or "",
            full_name=person.full_name,
            died_on=died_on,
            registered_on=today,
            registration_id=registration.pk,
            registration=f"{registration}, {commune.name}",
        ),
    )
    return registration


# -- marriage -----------------------------------------------------------------------------------


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
    person, _is_new = resolve_person(party, commune=commune, prefix=prefix, confirmed=confirmed)
    if _is_new:
        persons.add_version(person, actor=actor, reason=_("Record opened for a marriage"))
    return person


@transaction.atomic
def marriage_register(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    husband: Person | PersonData,
    wife: Person | PersonData,
    received_at: datetime.datetime | None = None,
    registered_on: datetime.date | None = None,
    husband_previously_married: bool = False,
    wife_previously_married: bool = False,
    foreign_element: bool = False,
    re_registration: bool = False,
    different_person_confirmed: bool = False,
    signer_name: str = "",
    signer_title: str = "",
) -> Registration:
    """Register a marriage (Luật Hộ tịch Art. 17–18; with a foreign element Art. 37–38), after the
    conditions of Luật Hôn nhân và gia đình 2014 Art. 8 the register can check."""
    received, today = receipt_and_day(received_at, registered_on)
    officer_at(actor, commune, today)
    man = _party(
        husband,
        actor=actor,
        commune=commune,
        prefix="husband",
        confirmed=different_person_confirmed,
    )
    woman = _party(
        wife, actor=actor, commune=commune, prefix="wife", confirmed=different_person_confirmed
    )
    fields: dict[str, str] = {}
    for prefix, person, sex in (("husband", man, Sex.MALE), ("wife", woman, Sex.FEMALE)):
        check_alive(person, EventType.MARRIAGE, prefix)
        if person.sex != sex:
            # The State does not recognise a marriage between people of the same sex (Art. 8(2)).
            fields[f"{prefix}.sex"] = _("The sex recorded for this party does not match.")
        elif person.date_of_birth is None:
            fields[f"{prefix}.date_of_birth"] = _("The date of birth is required.")
        elif _age_on(person.date_of_birth, today) < MARRIAGE_AGE[Sex(sex)]:
            fields[f"{prefix}.date_of_birth"] = _("Below the marriage age of %(age)d.") % {
                "age": MARRIAGE_AGE[Sex(sex)]
            }
        if person.spouse_id is not None:
            fields[prefix] = _("This person is married: record the divorce or death first.")
    if man.pk == woman.pk:
        fields["wife"] = _("The two parties are the same person.")
    if fields:
        raise ValidationFailed(_("The marriage cannot be registered."), fields=fields)
    earlier = Registration.objects.filter(
        event_type=EventType.MARRIAGE, status=Registration.Status.REGISTERED
    )
    first_marriage = not (
        husband_previously_married
        or wife_previously_married
        or earlier.filter(person__in=[man, woman]).exists()
        or earlier.filter(other_person__in=[man, woman]).exists()
    )
    registration = write_entry(
        actor=actor,
        commune=commune,
        event_type=EventType.MARRIAGE,
        person=man,
        other_person=woman,
        event_date=today,
        received_at=received,
        registered_on=today,
        details={
            "husband_residence": man.residence,
            "wife_residence": woman.residence,
            "first_marriage": first_marriage,
        },
        re_registration=re_registration,
        foreign_element=foreign_element,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    reason = _("Marriage registered")
    persons.update(
        man, {"spouse_id": woman.pk}, actor=actor, reason=reason, registration=registration
    )
    persons.update(
        woman, {"spouse_id": man.pk}, actor=actor, reason=reason, registration=registration
    )
    notify_population("marriage", man, registration, {"spouse_pin": woman.pin or ""})
    notify_population("marriage", woman, registration, {"spouse_pin": man.pin or ""})
    audit_registration(actor, registration, "marriage.registered")
    return registration
