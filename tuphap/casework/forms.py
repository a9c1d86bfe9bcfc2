"""Input validation for the case pages; no saving here (views call the services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import User
from tuphap.casework import registry


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransitionForm(ReasonForm):
    transition = forms.CharField(widget=forms.HiddenInput, max_length=60)


class AssignForm(ReasonForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args: Any, assignees: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if assignees is not None:
            cast("forms.ModelChoiceField[User]", self.fields["assignee"]).queryset = assignees


class TimeInStateForm(forms.Form):
    register = forms.ChoiceField(label=_("Case register"))
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    include_open = forms.BooleanField(label=_("Include open stays"), required=False, initial=True)
    by_agency = forms.BooleanField(label=_("By agency"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["register"]).choices = [
            (spec.code, spec.name) for spec in registry.all_registers()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class CaseListForm(forms.Form):
    """The filters of the list of cases a reader may see (the bottlenecks link here)."""

    register = forms.ChoiceField(label=_("Case register"), required=False)
    state = forms.CharField(label=_("State"), required=False, max_length=40)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    agency = forms.IntegerField(
        label=_("Agency"), required=False, min_value=1, widget=forms.HiddenInput
    )
    opened_before = forms.DateField(
        label=_("Opened on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    opened_after = forms.DateField(
        label=_("Opened after"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    search = forms.CharField(label=_("Number or place"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["register"]).choices = [
            ("", _("All registers")),
            *((spec.code, spec.name) for spec in registry.all_registers()),
        ]
