"""The data of an application, per event type: read from the JSON filed with it into the call of
the event's service. ``prepare`` checks that the file is complete (every problem named
``data.<field>``) without writing anything; ``Prepared.register`` makes the entry.

The shape of ``data`` follows the event APIs (``apis.py``): e.g. a birth is
``{"child": {...}, "mother": {...}, "father": {...}, "declarant": {...}, ...}``; a person already
on the register is named by id (``person_id``, ``ward_id``, ``husband_id``, …).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tuphap.civil_status.registration import persons, selectors
from tuphap.civil_status.registration.models import EventType, Person, Registration
from tuphap.civil_status.registration.persons import PersonData
from tuphap.civil_status.registration.services import amendments, common, events, guardianship
from tuphap.core.errors import AccessDenied, DomainError, NotFound, ValidationFailed

PERSON_KEYS = (
    "family_name",
    "middle_name",
    "given_name",
    "sex",
    "place_of_birth",
    "native_place",
    "ethnicity",
    "nationality",
    "residence",
    "pin",
)
PARENT_KEYS = ("full_name", "year_of_birth", "ethnicity", "nationality", "residence", "pin")


def _required() -> str:
    return _("This field is required.")


class _Problems:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, reason: str) -> None:
        self.fields.setdefault(f"data.{name}", []).append(reason)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _date(value: Any, name: str, problems: _Problems, *, required: bool) -> datetime.date | None:
    if value in (None, ""):
        if required:
            problems.add(name, _required())
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.add(name, _("Enter a valid date (YYYY-MM-DD)."))
        return None


def _person_data(raw: Any, name: str, problems: _Problems) -> PersonData | None:
    if not isinstance(raw, Mapping):
        problems.add(name, _required())
        return None
    values = {key: str(raw[key]) for key in PERSON_KEYS if raw.get(key) not in (None, "")}
    born = _date(raw.get("date_of_birth"), f"{name}.date_of_birth", problems, required=False)
    for key in ("family_name", "given_name", "sex"):
        if key not in values:
            problems.add(f"{name}.{key}", _required())
    if problems.fields:
        return None
    data = PersonData(date_of_birth=born, **values)
    try:
        persons.check_data(data, prefix=name)
    except ValidationFailed as error:
        for key, reasons in error.fields.items():
            for reason in reasons:
                problems.add(key, reason)
        return None
    return data


def _known_person(actor: Any, raw: Any, name: str, problems: _Problems) -> Person | None:
    try:
        return selectors.person_get_for_user(actor, int(raw))
    except (TypeError, ValueError):
        problems.add(name, _("Enter a record number."))
    except (NotFound, AccessDenied):
        problems.add(name, _("No such person in your jurisdiction."))
    return None


def _party(
    actor: Any, data: Mapping[str, Any], name: str, problems: _Problems
) -> Person | PersonData | None:
    """A known record (``<name>_id``) or a person entered (``<name>``): exactly one."""
    if data.get(f"{name}_id") not in (None, ""):
        return _known_person(actor, data[f"{name}_id"], f"{name}_id", problems)
    if data.get(name) in (None, ""):
        problems.add(name, _("Give the record number or the person's details."))
        return None
    return _person_data(data.get(name), name, problems)


def _declarant(data: Mapping[str, Any], applicant: common.Declarant) -> common.Declarant:
    raw = data.get("declarant")
    if isinstance(raw, Mapping) and _text(raw, "full_name"):
        return common.Declarant(
            _text(raw, "full_name"), _text(raw, "relationship"), _text(raw, "id_number")
        )
    return applicant


def _parent(raw: Any) -> common.ParentData | None:
    if not isinstance(raw, Mapping) or not _text(raw, "full_name"):
        return None
    values = {key: raw[key] for key in PARENT_KEYS if raw.get(key) not in (None, "")}
    if "year_of_birth" in values:
        try:
            values["year_of_birth"] = int(values["year_of_birth"])
        except (TypeError, ValueError):
            values.pop("year_of_birth")
    return common.ParentData(**values)


@dataclass
class Prepared:
    """The event service and its arguments, without the commune, actor and time of receipt."""

    service: Callable[..., Any]
    arguments: dict[str, Any] = field(default_factory=dict)
    new_entry: bool = True  # writes an entry: takes the commune, time of receipt, confirmation

    def register(
        self,
        *,
        actor: Any,
        commune: Any,
        received_at: datetime.datetime,
        different_person_confirmed: bool = False,
    ) -> Registration:
        arguments = dict(self.arguments)
        if self.new_entry:
            arguments["different_person_confirmed"] = different_person_confirmed
            arguments["received_at"] = received_at
            arguments["commune"] = commune
        result = self.service(actor=actor, **arguments)
        return result if isinstance(result, Registration) else result.registration


def _birth(actor: Any, data: Mapping[str, Any], applicant: Any, problems: _Problems) -> Prepared:
    child = _person_data(data.get("child"), "child", problems)
    if child is not None and child.date_of_birth is None:
        problems.add("child.date_of_birth", _required())
    return Prepared(
        events.birth_register,
        {
            "child": child,
            "mother": _parent(data.get("mother")),
            "father": _parent(data.get("father")),
            "declarant": _declarant(data, applicant),
            "birth_certificate_number": _text(data, "birth_certificate_number"),
            "re_registration": bool(data.get("re_registration")),
            "foreign_element": bool(data.get("foreign_element")),
        },
    )


def _death(actor: Any, data: Mapping[str, Any], applicant: Any, problems: _Problems) -> Prepared:
    deceased = _party(actor, data, "deceased", problems) if not data.get("person_id") else None
    person = (
        _known_person(actor, data["person_id"], "person_id", problems)
        if data.get("person_id")
        else None
    )
    return Prepared(
        events.death_register,
        {
            "person": person,
            "deceased": deceased,
            "died_on": _date(data.get("died_on"), "died_on", problems, required=True),
            "place_of_death": _text(data, "place_of_death"),
            "cause": _text(data, "cause"),
            "death_notice_number": _text(data, "death_notice_number"),
            "declarant": _declarant(data, applicant),
            "re_registration": bool(data.get("re_registration")),
            "foreign_element": bool(data.get("foreign_element")),
        },
    )


def _marriage(actor: Any, data: Mapping[str, Any], applicant: Any, problems: _Problems) -> Prepared:
    return Prepared(
        events.marriage_register,
        {
            "husband": _party(actor, data, "husband", problems),
            "wife": _party(actor, data, "wife", problems),
            "husband_previously_married": bool(data.get("husband_previously_married")),
            "wife_previously_married": bool(data.get("wife_previously_married")),
            "foreign_element": bool(data.get("foreign_element")),
            "re_registration": bool(data.get("re_registration")),
        },
    )


def _recorded(event_type: str) -> Callable[[Any, Mapping[str, Any], Any, _Problems], Prepared]:
    def prepare_recorded(
        actor: Any, data: Mapping[str, Any], applicant: Any, problems: _Problems
    ) -> Prepared:
        details = data.get("details")
        details = dict(details) if isinstance(details, Mapping) else {}
        for key in amendments.REQUIRED_DETAILS[event_type]:
            if details.get(key) in (None, ""):
                problems.add(f"details.{key}", _required())
        for key, allowed in amendments.ALLOWED_VALUES.get(event_type, {}).items():
            if details.get(key) not in (None, "") and details[key] not in allowed:
                problems.add(
                    f"details.{key}",
                    _("Choose one of: %(values)s.") % {"values": ", ".join(sorted(allowed))},
                )
        other = data.get("other_person_id")
        return Prepared(
            _without_confirmation(amendments.registration_record),
            {
                "event_type": event_type,
                "person": _known_person(actor, data.get("person_id"), "person_id", problems),
                "other_person": _known_person(actor, other, "other_person_id", problems)
                if other not in (None, "")
                else None,
                "event_date": _date(data.get("event_date"), "event_date", problems, required=False),
                "details": details,
                "foreign_element": bool(data.get("foreign_element")),
            },
        )

    return prepare_recorded


def _without_confirmation(service: Callable[..., Any]) -> Callable[..., Any]:
    """The services that take only known records have no duplicate confirmation."""

    def call(*, different_person_confirmed: bool = False, **arguments: Any) -> Any:
        return service(**arguments)

    return call


def _change(actor: Any, data: Mapping[str, Any], applicant: Any, problems: _Problems) -> Prepared:
    registration = None
    try:
        registration = selectors.registration_get_for_user(actor, int(data["registration_id"]))
    except (KeyError, TypeError, ValueError):
        problems.add("registration_id", _required())
    except (NotFound, AccessDenied):
        problems.add("registration_id", _("No such registration in your jurisdiction."))
    kind = _text(data, "kind")
    if kind not in ("correction", "change", "supplement"):
        problems.add("kind", _("Choose correction, change or supplement."))
    changes = data.get("changes")
    if not isinstance(changes, Mapping) or not changes:
        problems.add("changes", _("Name at least one field to change."))
    for key in ("reason", "legal_basis"):
        if not _text(data, key):
            problems.add(key, _required())
    return Prepared(
        amendments.registration_amend,
        {
            "registration": registration,
            "kind": kind,
            "changes": dict(changes) if isinstance(changes, Mapping) else {},
            "reason": _text(data, "reason"),
            "legal_basis": _text(data, "legal_basis"),
        },
        new_entry=False,
    )


def _guardianship(
    actor: Any, data: Mapping[str, Any], applicant: Any, problems: _Problems
) -> Prepared:
    kind = _text(data, "kind")
    if kind not in guardianship.KINDS:
        problems.add("kind", _("Choose by_law or appointed."))
    return Prepared(
        guardianship.guardianship_register,
        {
            "ward": _party(actor, data, "ward", problems),
            "guardian": _party(actor, data, "guardian", problems),
            "kind": kind,
            "relationship": _text(data, "relationship"),
            "grounds": _text(data, "grounds"),
            "foreign_element": bool(data.get("foreign_element")),
        },
    )


PREPARERS: dict[str, Callable[[Any, Mapping[str, Any], Any, _Problems], Prepared]] = {
    EventType.BIRTH: _birth,
    EventType.DEATH: _death,
    EventType.MARRIAGE: _marriage,
    EventType.RECOGNITION: _recorded(EventType.RECOGNITION),
    EventType.MARITAL_STATUS: _recorded(EventType.MARITAL_STATUS),
    EventType.COURT_DECISION: _recorded(EventType.COURT_DECISION),
    EventType.CHANGE: _change,
    EventType.GUARDIANSHIP: _guardianship,
}


def prepare(
    event_type: str, data: Mapping[str, Any], *, actor: Any, applicant: common.Declarant
) -> Prepared:
    """The event service call for the application, or ``ValidationFailed`` naming every field
    of ``data`` that is missing or wrong."""
    if not isinstance(data, Mapping):
        raise ValidationFailed(
            _("The data of the application must be an object."),
            fields={"data": _("Send a JSON object.")},
        )
    problems = _Problems()
    prepared = PREPARERS[EventType(event_type)](actor, data, applicant, problems)
    if problems.fields:
        raise ValidationFailed(_("The file is incomplete."), fields=problems.fields)
    return prepared


def prefixed(error: DomainError) -> dict[str, list[str]]:
    """The fields of an event service's refusal, as fields of ``data``."""
    return {
        name if name.startswith("data.") else f"data.{name}": reasons
        for name, reasons in error.fields.items()
    }
