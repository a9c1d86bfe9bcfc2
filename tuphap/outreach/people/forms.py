"""The forms of the rosters (reporters, propagandists, mediators); ``DATE`` and ``MomentField``
are shared with the other areas' forms."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.outreach.people import rules
from tuphap.places.models import AdministrativeUnit

DATE = forms.DateInput(attrs={"type": "date"})
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class MomentField(forms.DateTimeField):
    """A time typed in Việt Nam's time."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=MOMENT_FORMATS, **kwargs)

    def to_python(self, value: Any) -> datetime.datetime | None:
        result = super().to_python(value)
        return result.replace(tzinfo=LOCAL_TIME_ZONE) if result else None


class PlaceForm(forms.Form):
    def __init__(
        self, *args: Any, places: Any = None, place_required: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"] = forms.ModelChoiceField(
            label=_("Place"),
            queryset=places if places is not None else AdministrativeUnit.objects.none(),
            required=place_required,
        )
        self.order_fields(["place", *[n for n in self.fields if n != "place"]])


class DisseminatorForm(PlaceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=rules.Kind.choices)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=rules.Sex.choices)
    workplace = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    degree = forms.ChoiceField(label=_("Degree"), choices=rules.Degree.choices)
    experience_years = forms.IntegerField(
        label=_("Years of work"), min_value=0, max_value=60, initial=0
    )
    good_standing = forms.BooleanField(
        label=_("Firm political stance, good moral qualities"), required=False, initial=True
    )
    can_communicate = forms.BooleanField(
        label=_("Able to disseminate the law"), required=False, initial=True
    )
    recognised_by = forms.ChoiceField(label=_("Recognised by"), choices=rules.Recogniser.choices)
    decision_number = forms.CharField(label=_("Recognition decision"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, place_required=False, **kwargs)


class MediatorForm(PlaceForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=rules.Sex.choices)
    ethnic_minority = forms.BooleanField(label=_("Ethnic minority"), required=False)
    village = forms.CharField(label=_("Village or residential group"), max_length=120)
    election_share = forms.IntegerField(
        label=_("Households in favour (%)"), min_value=0, max_value=100, required=False
    )
    decision_number = forms.CharField(label=_("Recognition decision"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Training"), max_length=255)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=200, initial=4)
