"""The forms of the application flow."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.civil_status.applications.models import Channel
from tuphap.civil_status.registration.models import EventType


class ApplicantForm(forms.Form):
    """Who filed the application and how; the event's own form comes beside it."""

    applicant_name = forms.CharField(label=_("Applicant"), max_length=200)
    applicant_id_number = forms.CharField(
        label=_("Applicant's identity paper number"), max_length=20, required=False
    )
    applicant_relationship = forms.CharField(
        label=_("Relationship to the person concerned"), max_length=100, required=False
    )
    applicant_contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _person_json(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    keys: tuple[str, ...] = ("family_name", "middle_name", "given_name", "sex", "date_of_birth")
    keys += ("pin",)
    keys += ("ethnicity", "nationality", "residence", "place_of_birth", "native_place")
    return {
        key: _iso(data[f"{prefix}{key}"])
        for key in keys
        if data.get(f"{prefix}{key}") not in (None, "")
    }


def application_data(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """The JSON the application keeps, from the event form's cleaned data (the shape read by
    ``tuphap.civil_status.applications.data``)."""
    if event_type == EventType.BIRTH:
        parents = {
            role: {
                "full_name": data[f"{role}_name"],
                "year_of_birth": data[f"{role}_year"],
                "pin": data[f"{role}_pin"],
            }
            for role in ("mother", "father")
            if data.get(f"{role}_name")
        }
        return {
            "child": _person_json(data),
            **parents,
            "declarant": {
                "full_name": data["declarant_name"],
                "relationship": data["declarant_relationship"],
            },
            "birth_certificate_number": data["birth_certificate_number"],
            "re_registration": data["re_registration"],
        }
    if event_type == EventType.DEATH:
        result: dict[str, Any] = {
            key: _iso(data[key])
            for key in ("died_on", "place_of_death", "cause", "death_notice_number")
        }
        result["declarant"] = {
            "full_name": data["declarant_name"],
            "relationship": data["declarant_relationship"],
        }
        if data.get("person_id"):
            result["person_id"] = data["person_id"]
        else:
            result["deceased"] = _person_json(data)
        return result
    if event_type == EventType.MARRIAGE:
        return {
            "husband": {**_person_json(data, "husband_"), "sex": "male"},
            "wife": {**_person_json(data, "wife_"), "sex": "female"},
            "husband_previously_married": data["husband_previously_married"],
            "wife_previously_married": data["wife_previously_married"],
            "foreign_element": data["foreign_element"],
        }
    if event_type == EventType.GUARDIANSHIP:
        return {
            key: data[key] for key in ("ward_id", "guardian_id", "kind", "relationship", "grounds")
        }
    if event_type == EventType.CHANGE:
        return {
            "registration_id": data["registration_id"],
            "kind": data["kind"],
            "changes": {data["field"]: data["new_value"]},
            "reason": data["reason"],
            "legal_basis": data["legal_basis"],
        }
    detail_keys = {
        EventType.RECOGNITION: ("relationship",),
        EventType.MARITAL_STATUS: ("marital_status", "purpose"),
        EventType.COURT_DECISION: (
            "decision_type",
            "authority",
            "decision_number",
            "decision_date",
        ),
    }[EventType(event_type)]
    return {
        "person_id": data["person_id"],
        "other_person_id": data.get("other_person_id"),
        "details": {key: _iso(data[key]) for key in detail_keys if data.get(key)},
    }


class SupplementForm(forms.Form):
    missing = forms.CharField(
        label=_("What is missing (one item a line)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RegisterConfirmForm(forms.Form):
    different_person_confirmed = forms.BooleanField(
        label=_("I have checked: this is a different person"), required=False
    )
