"""Forms of the officer's pages. They parse and validate input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.civil_status.registration.models import Amendment, EventType, Person, Registration, Sex
from tuphap.civil_status.registration.services import Declarant, ParentData, PersonData
from tuphap.civil_status.registration.services.amendments import (
    ALLOWED_VALUES,
    AMENDABLE_PERSON_FIELDS,
)
from tuphap.places.models import AdministrativeUnit

DATE = forms.DateInput(attrs={"type": "date"})
DECISION_TYPES = ALLOWED_VALUES[EventType.COURT_DECISION]["decision_type"]


class _RegistrationForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Commune"))
    different_person_confirmed = forms.BooleanField(
        label=_("I have checked: this is a different person"), required=False
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = communes
        if communes.count() == 1:
            field.initial = communes.first()


def _person_fields(prefix: str, *, with_birth_place: bool) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {
        f"{prefix}family_name": forms.CharField(label=_("Family name"), max_length=50),
        f"{prefix}middle_name": forms.CharField(
            label=_("Middle name"), max_length=80, required=False
        ),
        f"{prefix}given_name": forms.CharField(label=_("Given name"), max_length=50),
        f"{prefix}sex": forms.ChoiceField(label=_("Sex"), choices=Sex.choices),
        f"{prefix}date_of_birth": forms.DateField(label=_("Date of birth"), widget=DATE),
        f"{prefix}pin": forms.CharField(
            label=_("Personal identification number"), max_length=12, required=False
        ),
        f"{prefix}ethnicity": forms.CharField(label=_("Ethnicity"), initial="Kinh", max_length=50),
        f"{prefix}nationality": forms.CharField(
            label=_("Nationality"), initial="Việt Nam", max_length=50
        ),
        f"{prefix}residence": forms.CharField(label=_("Residence"), max_length=255, required=False),
    }
    if with_birth_place:
        fields[f"{prefix}place_of_birth"] = forms.CharField(
            label=_("Place of birth"), max_length=255
        )
        fields[f"{prefix}native_place"] = forms.CharField(
            label=_("Native place"), max_length=255, required=False
        )
    return fields


def person_data(data: dict[str, Any], prefix: str = "", **extra: Any) -> PersonData:
    return PersonData(
        family_name=data[f"{prefix}family_name"],
        middle_name=data.get(f"{prefix}middle_name", ""),
        given_name=data[f"{prefix}given_name"],
        sex=data[f"{prefix}sex"],
        date_of_birth=data[f"{prefix}date_of_birth"],
        pin=data.get(f"{prefix}pin", ""),
        ethnicity=data.get(f"{prefix}ethnicity", "Kinh"),
        nationality=data.get(f"{prefix}nationality", "Việt Nam"),
        residence=data.get(f"{prefix}residence", ""),
        place_of_birth=data.get(f"{prefix}place_of_birth", ""),
        native_place=data.get(f"{prefix}native_place", ""),
        **extra,
    )


class BirthForm(_RegistrationForm):
    mother_name = forms.CharField(label=_("Mother's full name"), max_length=200, required=False)
    mother_year = forms.IntegerField(label=_("Mother's year of birth"), required=False)
    mother_pin = forms.CharField(label=_("Mother's PIN"), max_length=12, required=False)
    father_name = forms.CharField(label=_("Father's full name"), max_length=200, required=False)
    father_year = forms.IntegerField(label=_("Father's year of birth"), required=False)
    father_pin = forms.CharField(label=_("Father's PIN"), max_length=12, required=False)
    declarant_name = forms.CharField(label=_("Declarant"), max_length=200)
    declarant_relationship = forms.CharField(
        label=_("Relationship to the child"), max_length=50, required=False
    )
    birth_certificate_number = forms.CharField(
        label=_("Birth certificate (giấy chứng sinh) number"), max_length=50, required=False
    )
    re_registration = forms.BooleanField(label=_("Re-registration"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in _person_fields("", with_birth_place=True).items():
            if name != "residence":
                self.fields[name] = field
        # The child first, then the parents and the declarant.
        self.order_fields(
            [
                "commune",
                "family_name",
                "middle_name",
                "given_name",
                "sex",
                "date_of_birth",
                "pin",
                "ethnicity",
                "nationality",
                "place_of_birth",
                "native_place",
            ]
        )

    def parents(self) -> tuple[ParentData | None, ParentData | None]:
        data = self.cleaned_data
        mother = (
            ParentData(data["mother_name"], data["mother_year"], pin=data["mother_pin"])
            if data["mother_name"]
            else None
        )
        father = (
            ParentData(data["father_name"], data["father_year"], pin=data["father_pin"])
            if data["father_name"]
            else None
        )
        return mother, father

    def declarant(self) -> Declarant:
        return Declarant(
            self.cleaned_data["declarant_name"], self.cleaned_data["declarant_relationship"]
        )


class DeathForm(_RegistrationForm):
    person_id = forms.IntegerField(
        label=_("Record number of the deceased (if known)"), required=False
    )
    died_on = forms.DateField(label=_("Date of death"), widget=DATE)
    place_of_death = forms.CharField(label=_("Place of death"), max_length=255)
    cause = forms.CharField(label=_("Cause of death"), max_length=255, required=False)
    death_notice_number = forms.CharField(
        label=_("Death notice number"), max_length=50, required=False
    )
    declarant_name = forms.CharField(label=_("Declarant"), max_length=200)
    declarant_relationship = forms.CharField(
        label=_("Relationship to the deceased"), max_length=50, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in _person_fields("", with_birth_place=False).items():
            field.required = False
            self.fields[name] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person_id") and not (data.get("family_name") and data.get("given_name")):
            raise forms.ValidationError(_("Give the record number or the deceased's name."))
        return data


class MarriageForm(_RegistrationForm):
    husband_previously_married = forms.BooleanField(
        label=_("The husband was married before"), required=False
    )
    wife_previously_married = forms.BooleanField(
        label=_("The wife was married before"), required=False
    )
    foreign_element = forms.BooleanField(label=_("With a foreign element"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prefix in ("husband_", "wife_"):
            for name, field in _person_fields(prefix, with_birth_place=False).items():
                if not name.endswith("sex"):
                    self.fields[name] = field


class SearchForm(forms.Form):
    q = forms.CharField(label=_("PIN or name"), required=False)
    year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1850)
    volume_number = forms.CharField(label=_("Volume number"), required=False)
    entry_number = forms.IntegerField(label=_("Entry number"), required=False, min_value=1)


class AmendForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Amendment.Kind.choices)
    field = forms.ChoiceField(label=_("Information to change"), required=False)
    new_value = forms.CharField(label=_("New value"), max_length=255, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500)
    decision_reference = forms.CharField(
        label=_("Decision (required for a deletion)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, registration: Registration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_fields = [
            (f"person.{name}", getattr(Person._meta.get_field(name), "verbose_name", name))
            for name in sorted(AMENDABLE_PERSON_FIELDS)
        ]
        detail_fields = [
            (name, name)
            for name, value in registration.current_details().items()
            if not isinstance(value, dict)
        ]
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [("", "—"), *person_fields, *detail_fields]

    def changes(self) -> dict[str, Any]:
        name = self.cleaned_data.get("field")
        return {name: self.cleaned_data["new_value"]} if name else {}


# -- applications ---------------------------------------------------------------------------------


class RecordedEventForm(_RegistrationForm):
    """Recognition, confirmation of marital status, recording of a decision: about records."""

    person_id = forms.IntegerField(label=_("Record number of the person concerned"))
    other_person_id = forms.IntegerField(
        label=_("Record number of the other party (parent, child)"), required=False
    )
    relationship = forms.ChoiceField(
        label=_("Recognised as"),
        choices=[
            ("", "—"),
            ("father", _("Father")),
            ("mother", _("Mother")),
            ("child", _("Child")),
        ],
        required=False,
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"),
        choices=[
            ("", "—"),
            ("single", _("Single")),
            ("married", _("Married")),
            ("divorced", _("Divorced")),
            ("widowed", _("Widowed")),
        ],
        required=False,
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=255, required=False)
    decision_type = forms.ChoiceField(
        label=_("Kind of decision"),
        choices=[("", "—"), *[(value, value) for value in sorted(DECISION_TYPES)]],
        required=False,
    )
    authority = forms.CharField(label=_("Issuing authority"), max_length=255, required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE, required=False)


class GuardianshipForm(_RegistrationForm):
    ward_id = forms.IntegerField(label=_("Record number of the ward"))
    guardian_id = forms.IntegerField(label=_("Record number of the guardian"))
    kind = forms.ChoiceField(
        label=_("Kind of guardianship"),
        choices=[("appointed", _("Appointed guardian")), ("by_law", _("Guardian by law"))],
    )
    relationship = forms.CharField(
        label=_("Guardian's relationship to the ward"), max_length=100, required=False
    )
    grounds = forms.CharField(label=_("Grounds"), max_length=500, required=False)


class GuardianshipRegisterForm(GuardianshipForm):
    """The counter form: both parties are records already (search them first)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("different_person_confirmed", None)


class ChangeForm(_RegistrationForm):
    registration_id = forms.IntegerField(label=_("Registration number (record) to change"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("correction", _("Correction")),
            ("change", _("Change")),
            ("supplement", _("Supplement")),
        ],
    )
    field = forms.CharField(label=_("Information to change"), max_length=100)
    new_value = forms.CharField(label=_("New value"), max_length=255)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500)


EVENT_FORMS: dict[str, type[_RegistrationForm]] = {
    EventType.BIRTH: BirthForm,
    EventType.DEATH: DeathForm,
    EventType.MARRIAGE: MarriageForm,
    EventType.RECOGNITION: RecordedEventForm,
    EventType.MARITAL_STATUS: RecordedEventForm,
    EventType.COURT_DECISION: RecordedEventForm,
    EventType.GUARDIANSHIP: GuardianshipForm,
    EventType.CHANGE: ChangeForm,
}
