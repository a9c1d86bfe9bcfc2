"""The other events (recognition, marital status, court decisions), amendments of registered
entries, and the PIN answered by the population database."""

from __future__ import annotations

import datetime
from typing import Any, Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.civil_status.registration import permissions, persons, pins
from tuphap.civil_status.registration.models import Amendment, EventType, Person, Registration, Sex
from tuphap.civil_status.registration.services.common import (
    audit_registration,
    check_alive,
    notify_population,
    officer_at,
    receipt_and_day,
    write_entry,
)
from tuphap.core import audit
from tuphap.core.deadlines import add_months
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.places.models import AdministrativeUnit

# A certificate of marital status is valid six months (NĐ 123/2015/NĐ-CP Art. 23(1)).
MARITAL_STATUS_VALID_MONTHS: Final = 6
# Fields of the person an amendment may change (``person.<name>``).
AMENDABLE_PERSON_FIELDS: Final = frozenset(
    {
        "family_name",
        "middle_name",
        "given_name",
        "sex",
        "date_of_birth",
        "place_of_birth",
        "native_place",
        "ethnicity",
        "nationality",
        "residence",
        "mother_name",
        "father_name",
    }
)

# -- the other events ---------------------------------------------------------------------------

# The keys each event's ``details`` must carry.
REQUIRED_DETAILS: Final[dict[str, tuple[str, ...]]] = {
    EventType.RECOGNITION: ("relationship",),
    EventType.MARITAL_STATUS: ("marital_status", "purpose"),
    EventType.COURT_DECISION: ("decision_type", "authority", "decision_number", "decision_date"),
}
ALLOWED_VALUES: Final[dict[str, dict[str, frozenset[str]]]] = {
    EventType.RECOGNITION: {"relationship": frozenset({"father", "mother", "child"})},
    EventType.MARITAL_STATUS: {
        "marital_status": frozenset({"single", "married", "divorced", "widowed"})
    },
    EventType.COURT_DECISION: {
        "decision_type": frozenset(
            {
                "divorce",
                "annulment",
                "parentage",
                "nationality",
                "gender",
                "adoption",
                "missing",
                "declared_dead",
                "incapacity",
                "other",
            }
        )
    },
}


def _check_details(event_type: str, details: dict[str, Any]) -> None:
    fields: dict[str, str] = {}
    for key in REQUIRED_DETAILS.get(event_type, ()):
        if details.get(key) in (None, ""):
            fields[f"details.{key}"] = _("This field is required.")
    for key, allowed in ALLOWED_VALUES.get(event_type, {}).items():
        value = details.get(key)
        if value not in (None, "") and value not in allowed:
            fields[f"details.{key}"] = _("Choose one of: %(values)s.") % {
                "values": ", ".join(sorted(allowed))
            }
    if fields:
        raise ValidationFailed(_("The registration is incomplete."), fields=fields)


@transaction.atomic
def registration_record(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    event_type: str,
    person: Person,
    details: dict[str, Any],
    other_person: Person | None = None,
    event_date: datetime.date | None = None,
    received_at: datetime.datetime | None = None,
    foreign_element: bool = False,
) -> Registration:
    """Parent–child recognition (Art. 24–25), confirmation of marital status (NĐ 123/2015 Art.
    21–23) and the recording of court or authority decisions (Art. 30–31)."""
    if event_type not in REQUIRED_DETAILS:
        raise ValidationFailed(
            _("This event is registered by its own procedure."),
            fields={"event_type": _("Choose recognition, marital_status or court_decision.")},
        )
    received, today = receipt_and_day(received_at)
    officer_at(actor, commune, today)
    _check_details(event_type, details)
    check_alive(person, event_type, "person")
    if other_person is not None:
        check_alive(other_person, event_type, "other_person")
    details = dict(details)
    if event_type == EventType.MARITAL_STATUS:
        details["valid_until"] = add_months(today, MARITAL_STATUS_VALID_MONTHS).isoformat()
    registration = write_entry(
        actor=actor,
        commune=commune,
        event_type=event_type,
        person=person,
        other_person=other_person,
        event_date=event_date or today,
        received_at=received,
        registered_on=today,
        details=details,
        foreign_element=foreign_element,
    )
    # Every event leaves a version on the person's record (TT 01/2022 Art. 11), with the
    # fields it changes, if any.
    changes: dict[str, Any] = {}
    reason = str(EventType(event_type).label)
    relation = details.get("relationship")
    if event_type == EventType.COURT_DECISION and details["decision_type"] in (
        "divorce",
        "annulment",
    ):
        if person.spouse_id is not None:
            spouse = Person.objects.get(pk=person.spouse_id)
            persons.update(
                spouse, {"spouse_id": None}, actor=actor, reason=reason, registration=registration
            )
            changes["spouse_id"] = None
    elif (
        event_type == EventType.RECOGNITION
        and other_person is not None
        and relation
        in (
            "father",
            "mother",
        )
    ):
        changes = {f"{relation}_id": other_person.pk, f"{relation}_name": other_person.full_name}
    persons.update(person, changes, actor=actor, reason=reason, registration=registration)
    audit_registration(actor, registration, f"{event_type}.registered")
    return registration


# -- amendments ---------------------------------------------------------------------------------


@transaction.atomic
def registration_amend(
    *,
    actor: Any,
    registration: Registration,
    kind: str,
    reason: str,
    legal_basis: str,
    changes: dict[str, Any] | None = None,
    decision_reference: str = "",
) -> Amendment:
    """Correct, change or supplement a registered entry, or delete it on a decision. The entry
    itself is not rewritten: the amendment holds each field's old and new value (TT 01/2022
    Art. 12–13; Luật Hộ tịch Art. 26–29)."""
    if not permissions.can_register(actor) or not jurisdiction.covers(actor, registration.commune):
        raise AccessDenied(_("Only an officer of the registering commune may amend an entry."))
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == Registration.Status.DELETED:
        raise Conflict(_("The entry was deleted; it cannot be amended."), code="entry_deleted")
    fields: dict[str, str] = {}
    if kind not in Amendment.Kind.values:
        fields["kind"] = _("Choose correction, change, supplement or deletion.")
    if not reason.strip():
        fields["reason"] = _("This field is required.")
    if not legal_basis.strip():
        fields["legal_basis"] = _("This field is required.")
    if kind == Amendment.Kind.DELETION and not decision_reference.strip():
        fields["decision_reference"] = _("A deletion needs the decision that orders it.")
    if kind != Amendment.Kind.DELETION and not changes:
        fields["changes"] = _("Name at least one field to change.")
    person = locked.person
    person_changes: dict[str, Any] = {}
    recorded: dict[str, dict[str, Any]] = {}
    current = locked.current_details()
    for name, new in (changes or {}).items():
        if name.startswith("person."):
            field = name.removeprefix("person.")
            if field not in AMENDABLE_PERSON_FIELDS:
                fields[f"changes.{name}"] = _("This field cannot be amended.")
                continue
            if field == "date_of_birth" and isinstance(new, str):
                try:
                    new = datetime.date.fromisoformat(new)
                except ValueError:
                    fields[f"changes.{name}"] = _("Enter a valid date.")
                    continue
            if field == "sex" and new not in Sex.values:
                fields[f"changes.{name}"] = _("Sex must be male or female.")
                continue
            old = getattr(person, field)
            person_changes[field] = new
            recorded[name] = {"old": _json(old), "new": _json(new)}
        elif name in current or kind == Amendment.Kind.SUPPLEMENT:
            recorded[name] = {"old": current.get(name), "new": new}
        else:
            fields[f"changes.{name}"] = _("The entry has no such field.")
    if fields:
        raise ValidationFailed(_("The amendment cannot be recorded."), fields=fields)
    amendment = Amendment.objects.create(
        registration=locked,
        number=locked.amendment_count + 1,
        kind=kind,
        changes=recorded,
        reason=reason,
        legal_basis=legal_basis,
        decision_reference=decision_reference,
        author=actor,
    )
    locked.amendment_count += 1
    update_fields = ["amendment_count"]
    if kind == Amendment.Kind.DELETION:
        locked.status = Registration.Status.DELETED
        update_fields.append("status")
        if locked.event_type == EventType.DEATH:
            person_changes["died_on"] = None
    locked.save(update_fields=update_fields)
    if person_changes:
        persons.update(
            person,
            person_changes,
            actor=actor,
            reason=_("Entry amended: %(reason)s") % {"reason": reason},
            registration=locked,
        )
    if kind != Amendment.Kind.DELETION and person_changes:
        notify_population(
            "correction",
            person,
            locked,
            {field: _json(value) for field, value in person_changes.items()},
        )
    audit.record(
        actor=actor,
        action="civil_status.registration.amended",
        obj=locked,
        data={
            "kind": kind,
            "number": amendment.number,
            "changes": recorded,
            "decision": decision_reference,
        },
    )
    return amendment


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


# -- the population database's answer ----------------------------------------------------------


@transaction.atomic
def pin_record(*, registration_id: int, pin: str) -> Person | None:
    """Write the PIN the population database issued onto the child's record, as an annotation
    with its own version (TT 01/2022/TT-BTP Art. 11(3)). Idempotent: a repeated answer with the
    same PIN changes nothing. Returns ``None`` when the registration no longer exists."""
    registration = Registration.objects.filter(pk=registration_id).select_related("person").first()
    if registration is None:
        return None
    person = Person.objects.select_for_update().get(pk=registration.person_id)
    if person.pin == pin:
        return person
    if person.pin:
        raise Conflict(_("The person already has another PIN."), fields={"pin": _("Already set.")})
    pins.validate(pin, date_of_birth=person.date_of_birth, sex=person.sex)
    if Person.objects.filter(pin=pin).exclude(pk=person.pk).exists():
        raise Conflict(_("Another record has this PIN."), fields={"pin": _("Already used.")})
    persons.update(
        person,
        {"pin": pin, "pin_issued_at": timezone.now()},
        actor=None,
        reason=_("PIN issued by the population database"),
        registration=registration,
    )
    audit.record(
        actor=None,
        action="civil_status.person.pin_recorded",
        obj=person,
        data={"registration": registration.pk},
    )
    return person
