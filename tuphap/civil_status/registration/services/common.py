"""Shared parts of the civil status services: input shapes, checks, numbering, notification."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.civil_status.registration import (
    books,
    deadlines,
    inserts,
    permissions,
    persons,
    pins,
)
from tuphap.civil_status.registration.models import LIVING_PERSON_EVENTS, Person, Registration
from tuphap.civil_status.registration.persons import PersonData, PossibleDuplicate
from tuphap.core import audit
from tuphap.core.calendar import default_calendar
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit, Level
from tuphap.population import services as population


@dataclass(frozen=True)
class ParentData:
    full_name: str
    year_of_birth: int | None = None
    ethnicity: str = "Kinh"
    nationality: str = "Việt Nam"
    residence: str = ""
    pin: str = ""


@dataclass(frozen=True)
class Declarant:
    full_name: str
    relationship: str = ""
    id_number: str = ""


def flat(data: ParentData | Declarant) -> dict[str, Any]:
    """The fields of a dataclass of plain values as a dict: what ``asdict`` gives, without its
    deep copy of every value (every registration stores its parties' details)."""
    return {field.name: getattr(data, field.name) for field in fields(data)}


# -- common checks ------------------------------------------------------------------------------


def officer_at(actor: Any, commune: AdministrativeUnit, day: datetime.date) -> None:
    """The actor is a civil status officer of ``commune``, a commune that exists on ``day``."""
    if not permissions.can_register(actor):
        raise AccessDenied(_("Only a civil status officer may register civil status events."))
    if commune.level != Level.COMMUNE or not commune.is_valid_on(day):
        raise ValidationFailed(
            _("Registration is done by a commune that exists on the day of registration."),
            fields={"commune": _("Choose a commune valid on %(day)s.") % {"day": day.isoformat()}},
        )
    if not jurisdiction.covers(actor, commune):
        raise AccessDenied(_("You may register only in your own commune."))


def receipt_and_day(
    received_at: datetime.datetime | None, registered_on: datetime.date | None = None
) -> tuple[datetime.datetime, datetime.date]:
    """The time the file was received and the day of registration. ``registered_on`` in the
    past enters an earlier registration (digitising a paper register, demo data); its numbers
    still come from the counter, so such entries are entered in date order."""
    now = timezone.now()
    today = timezone.localdate(now)
    day = registered_on or today
    if day > today:
        raise ValidationFailed(
            _("The day of registration cannot be in the future."),
            fields={"registered_on": _("Enter a day that has passed.")},
        )
    if received_at is None:
        received_at = (
            now
            if day == today
            else datetime.datetime.combine(day, datetime.time(8), tzinfo=LOCAL_TIME_ZONE)
        )
    if timezone.is_naive(received_at):
        raise ValidationFailed(
            _("The time of receipt needs a time zone."),
            fields={"received_at": _("Enter a valid time.")},
        )
    if received_at > now or timezone.localdate(received_at) > day:
        raise ValidationFailed(
            _("The file cannot be received after the day of registration."),
            fields={"received_at": _("Enter a time by the day of registration.")},
        )
    return received_at, day


def check_alive(person: Person, event_type: str, field: str) -> None:
    if person.is_dead and event_type in LIVING_PERSON_EVENTS:
        raise Conflict(
            _("%(name)s died on %(day)s: the record is locked against this event.")
            % {"name": person.full_name, "day": person.died_on},
            fields={field: _("The person has died.")},
            code="person_dead",
        )


def resolve_person(
    data: PersonData,
    *,
    commune: AdministrativeUnit,
    prefix: str,
    confirmed: bool,
    initial: dict[str, Any] | None = None,
) -> tuple[Person, bool]:
    """An existing record with the same PIN, or a new record after the duplicate search, written
    with ``initial`` (fields the event sets on a new record). Returns the person and whether the
    record is new."""
    persons.check_data(data, prefix=prefix)
    if data.pin:
        existing = Person.objects.filter(pin=data.pin).first()
        if existing is not None:
            return existing, False
    candidates = persons.duplicates(data)
    if candidates and not confirmed:
        raise PossibleDuplicate(candidates, field=f"{prefix}.different_person_confirmed")
    return persons.create(data, commune=commune, initial=initial), True


def write_entry(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    event_type: str,
    person: Person,
    other_person: Person | None = None,
    event_date: datetime.date | None,
    received_at: datetime.datetime,
    registered_on: datetime.date,
    details: dict[str, Any],
    re_registration: bool = False,
    foreign_element: bool = False,
    signer_name: str = "",
    signer_title: str = "",
) -> Registration:
    book, number = books.next_entry(commune=commune, event_type=event_type, year=registered_on.year)
    on_time = None
    if event_date is not None and not re_registration:
        on_time = deadlines.is_on_time(
            event_type,
            event_date,
            timezone.localdate(received_at),
            calendar=default_calendar(),
        )
    return inserts.insert(
        Registration(
            book=book,
            event_type=event_type,
            commune=commune,
            province_id=commune.province_id,
            year=registered_on.year,
            entry_number=number,
            person=person,
            other_person=other_person,
            event_date=event_date,
            received_at=received_at,
            registered_on=registered_on,
            on_time=on_time,
            is_re_registration=re_registration,
            has_foreign_element=foreign_element,
            details=details,
            signer_name=signer_name,
            signer_title=signer_title,
            created_by=actor,
        )
    )


def audit_registration(actor: Any, registration: Registration, action: str) -> None:
    inserts.insert(registration_event(actor, registration, action))


def registration_event(actor: Any, registration: Registration, action: str) -> AuditEvent:
    """The audit row of an action on an entry, not yet written."""
    return audit.event(
        actor=actor,
        action=f"civil_status.{action}",
        obj=registration,
        data={
            "event": registration.event_type,
            "book": registration.book.volume_number,
            "entry_number": registration.entry_number,
            "person": registration.person_id,
            "on_time": registration.on_time,
        },
    )


def province_code(commune: AdministrativeUnit) -> str:
    """The 3-digit code a PIN starts with: 0 + the registering province's 2-digit code."""
    province = commune.province
    code = province.code if province is not None else ""
    return f"0{code}" if len(code) == 2 else code


def notify_population(
    kind: str, person: Person, registration: Registration, data: dict[str, Any]
) -> bool:
    """Queue the event for the population database; a person with no PIN cannot be matched
    there yet, so nothing is sent (the birth request for them is the one that gets a PIN)."""
    if not person.pin:
        return False
    population.outbox_enqueue(
        kind=kind,
        payload={
            "pin": person.pin,
            "occurred_on": (registration.event_date or registration.registered_on).isoformat(),
            "registered_on": registration.registered_on.isoformat(),
            "data": data,
        },
        subject=registration,
        province=registration.province,
    )
    return True


def parent_details(data: ParentData | None, *, sex: str, prefix: str) -> dict[str, Any] | None:
    if data is None or not data.full_name.strip():
        return None
    if data.pin:
        problems = pins.check(data.pin, sex=sex).problems
        if data.year_of_birth is not None and not problems:
            problems = pins.check(
                data.pin, date_of_birth=datetime.date(data.year_of_birth, 1, 1), sex=sex
            ).problems
        if problems:
            raise ValidationFailed(
                _("The personal identification number is not valid."),
                fields={f"{prefix}.pin": problems},
            )
    return flat(data)
