"""The data filed with an application (or kept on an entry) as labelled rows for the pages: each
key through gettext, dates as dd/mm/yyyy, yes/no and the sex in words. A nested object (the
child, the mother, ``details``) is a section of its own. Unknown keys keep their name, so that
nothing filed is hidden."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuphap.civil_status.registration.models import Sex

LABELS: dict[str, Any] = {
    # people
    "child": _("Child"),
    "mother": _("Mother"),
    "father": _("Father"),
    "declarant": _("Declarant"),
    "deceased": _("Deceased"),
    "husband": _("Husband"),
    "wife": _("Wife"),
    "ward": _("Ward"),
    "guardian": _("Guardian"),
    "family_name": _("Family name"),
    "middle_name": _("Middle name"),
    "given_name": _("Given name"),
    "full_name": _("Full name"),
    "sex": _("Sex"),
    "date_of_birth": _("Date of birth"),
    "year_of_birth": _("Year of birth"),
    "place_of_birth": _("Place of birth"),
    "native_place": _("Native place"),
    "ethnicity": _("Ethnicity"),
    "nationality": _("Nationality"),
    "residence": _("Residence"),
    "pin": _("Personal identification number"),
    "id_number": _("Identity paper number"),
    "relationship": _("Relationship"),
    # records named by number
    "person_id": _("Record number of the person concerned"),
    "other_person_id": _("Record number of the other party"),
    "husband_id": _("Record number of the husband"),
    "wife_id": _("Record number of the wife"),
    "ward_id": _("Record number of the ward"),
    "guardian_id": _("Record number of the guardian"),
    "registration_id": _("Registration number"),
    # the event
    "birth_certificate_number": _("Birth certificate (giấy chứng sinh) number"),
    "re_registration": _("Re-registration"),
    "foreign_element": _("Foreign element"),
    "died_on": _("Date of death"),
    "place_of_death": _("Place of death"),
    "cause": _("Cause of death"),
    "death_notice_number": _("Death notice number"),
    "husband_previously_married": _("Husband previously married"),
    "wife_previously_married": _("Wife previously married"),
    "kind": _("Kind"),
    "grounds": _("Grounds"),
    "event_date": _("Date of the event"),
    "details": _("Details"),
    "changes": _("Changes"),
    "reason": _("Reason"),
    "legal_basis": _("Legal basis"),
    "marital_status": _("Marital status"),
    "purpose": _("Purpose"),
    "decision_type": _("Type of decision"),
    "authority": _("Deciding authority"),
    "decision_number": _("Decision number"),
    "decision_date": _("Date of the decision"),
    # entries: the flattened parents and declarant
    "mother_name": _("Mother's full name"),
    "mother_year": _("Mother's year of birth"),
    "mother_pin": _("Mother's PIN"),
    "father_name": _("Father's full name"),
    "father_year": _("Father's year of birth"),
    "father_pin": _("Father's PIN"),
    "declarant_name": _("Declarant"),
    "declarant_relationship": _("Relationship to the child"),
}


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def label(key: str) -> str:
    """The key's label; an amended field of the person (``person.<name>``) by its name."""
    return str(LABELS.get(key.removeprefix("person."), key))


def value_text(key: str, value: Any) -> str:
    """One value as the user reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if key == "sex" and value in Sex.values:
        return str(Sex(value).label)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(key, item) for item in value)
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def rows(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Every value as a (label, text) pair; a nested object's labels prefixed with its own."""
    found: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{label(key)}"
        if isinstance(value, Mapping):
            found += rows(value, f"{name} › ")
        else:
            found.append((name, value_text(key, value)))
    return found


def sections(data: Mapping[str, Any]) -> list[Section]:
    """The plain values first (untitled), then one section per nested object."""
    plain = Section("")
    nested: list[Section] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            nested.append(Section(label(key), rows(value)))
        else:
            plain.rows.append((label(key), value_text(key, value)))
    return ([plain] if plain.rows else []) + nested
