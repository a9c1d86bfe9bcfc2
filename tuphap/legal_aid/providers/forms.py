"""The forms of the roster page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.legal_aid.providers.models import OrganisationKind, PerformerKind

DATE = forms.DateInput(attrs={"type": "date"})


class PerformerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PerformerKind.choices)
    document_number = forms.CharField(label=_("Card or contract number"), max_length=60)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    organisation = forms.ChoiceField(label=_("Participating organisation"), required=False)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "—"), *[(str(o.pk), o.name) for o in organisations]]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    registration_number = forms.CharField(label=_("Registration number"), max_length=60)
    valid_from = forms.DateField(label=_("Registered from"), widget=DATE)
    valid_to = forms.DateField(label=_("Registered until"), widget=DATE, required=False)
