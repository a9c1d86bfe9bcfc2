from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.legislation.documents.models import DocumentType


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Number, title or words"), required=False, max_length=200)
    doc_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *DocumentType.choices]
    )


class DayForm(forms.Form):
    on = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ConfirmForm(forms.Form):
    provisions = forms.CharField(
        label=_("Provisions to detail"),
        max_length=1000,
        help_text=_("Identifiers separated by spaces, e.g. art_12__cl_2 art_13."),
    )
    assignee_text = forms.CharField(label=_("Assignee"), max_length=255)
    expected_type = forms.ChoiceField(
        label=_("Expected document type"), choices=DocumentType.choices
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is not an obligation"), max_length=500)
