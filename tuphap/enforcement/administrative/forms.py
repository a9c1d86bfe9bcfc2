"""The forms of the THAHC register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.enforcement.cases.forms import DATE
from tuphap.places.models import AdministrativeUnit


class AdministrativeOpenForm(forms.Form):
    """Register an administrative judgment for follow-up (THAHC)."""

    place = forms.ModelChoiceField(
        label=_("Place of the administrative body (commune)"),
        queryset=AdministrativeUnit.objects.none(),
    )
    court_name = forms.CharField(label=_("Court"), max_length=200)
    number = forms.CharField(label=_("Judgment number"), max_length=60)
    issued_on = forms.DateField(label=_("Judgment date"), widget=DATE)
    effective_on = forms.DateField(label=_("Legally effective on"), widget=DATE)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    body_name = forms.CharField(label=_("Administrative body that must comply"), max_length=300)
    body_code = forms.CharField(label=_("Code of the body"), max_length=40, required=False)
    obligee_name = forms.CharField(label=_("Obligee"), max_length=200, required=False)
    obligation = forms.CharField(
        label=_("Obligation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            field = self.fields["place"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = places
