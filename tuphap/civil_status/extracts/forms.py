"""The forms of the extracts and copies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.civil_status.extracts.models import Extract
from tuphap.places.models import AdministrativeUnit


class ExtractIssueForm(forms.Form):
    """Issue the original or copies from the registration page. ``can_issue_original``: the
    officer is in the registering commune (a copy can be issued anywhere)."""

    kind = forms.ChoiceField(label=_("Paper"), choices=Extract.Kind.choices)
    copies = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=20, initial=1)
    issuing_commune = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), label=_("Issuing commune"), required=False
    )
    signer_name = forms.CharField(label=_("Signer"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)

    def __init__(
        self, *args: Any, communes: Any, can_issue_original: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - narrows the type
        if not can_issue_original:
            kind.choices = [(Extract.Kind.COPY.value, Extract.Kind.COPY.label)]
            kind.initial = Extract.Kind.COPY.value
        commune = self.fields["issuing_commune"]
        assert isinstance(commune, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        commune.queryset = communes
        if communes.count() == 1:
            commune.initial = communes.first()


class CopyLookupForm(forms.Form):
    """The numbers printed on the citizen's paper: any entry in the country."""

    commune_code = forms.RegexField(
        label=_("Code of the registering commune"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("Enter the five-digit commune code.")},
    )
    volume_number = forms.CharField(label=_("Volume number"), max_length=40)
    entry_number = forms.IntegerField(label=_("Entry number"), min_value=1)
