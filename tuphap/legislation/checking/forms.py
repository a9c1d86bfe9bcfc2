from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.legislation.checking.models import CheckOutcome, FindingGround, ReviewStatus


class CheckOpenForm(forms.Form):
    document = forms.IntegerField(label=_("Document (id)"), min_value=1)
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    shortened_procedure = forms.BooleanField(
        label=_("Adopted under the shortened or special procedure"), required=False
    )


class FindingForm(forms.Form):
    ground = forms.ChoiceField(label=_("Finding"), choices=FindingGround.choices)
    provision = forms.CharField(label=_("Provision"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("Rule contravened"), max_length=500, required=False)


FindingFormSet = forms.formset_factory(FindingForm, extra=2, min_num=1, validate_min=True)


class RequestForm(forms.Form):
    request_text = forms.CharField(
        label=_("Request to the issuer"), widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CheckOutcome.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewItemForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result"),
        choices=[row for row in ReviewStatus.choices if row[0] != ReviewStatus.TO_REVIEW],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
