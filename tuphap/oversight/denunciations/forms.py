"""The forms of the denunciation pages: a denunciation received, and one form per action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.oversight.denunciations import rules
from tuphap.places.models import AdministrativeUnit

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class DenunciationForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Place (commune or ward)"), queryset=AdministrativeUnit.objects.none()
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(label=_("Content of the denunciation"), widget=TEXT)
    field = forms.ChoiceField(label=_("What is denounced"), choices=rules.Field.choices)
    denounced_name = forms.CharField(label=_("Person or body denounced"), max_length=255)
    denounced_position = forms.CharField(
        label=_("Position of the person denounced"), max_length=255, required=False
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    several_sites = forms.BooleanField(label=_("To be checked at several places"), required=False)
    denouncer_name = forms.CharField(label=_("Denouncer"), max_length=200, required=False)
    denouncer_pin = forms.CharField(
        label=_("Denouncer's identification number"), max_length=12, required=False
    )
    denouncer_address = forms.CharField(
        label=_("Denouncer's address"), max_length=255, required=False
    )
    denouncer_phone = forms.CharField(label=_("Denouncer's phone"), max_length=20, required=False)
    letter = forms.IntegerField(label=_("From letter (id)"), required=False, min_value=1)

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            self.fields["place"].queryset = places  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    on = forms.DateField(label=_("Date of the step"), widget=DATE, required=False)


class NoteForm(ActionForm):
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)


class TransferForm(ActionForm):
    to_agency = forms.ModelChoiceField(
        label=_("Competent agency"), queryset=Agency.objects.order_by("name"), required=False
    )
    to_name = forms.CharField(
        label=_("Or the competent body's name"), max_length=255, required=False
    )
    notified_on = forms.DateField(label=_("Denouncer notified on"), widget=DATE, required=False)


class NotAcceptForm(ActionForm):
    ground = forms.ChoiceField(
        label=_("Ground of non-acceptance"), choices=rules.NonAcceptanceGround.choices
    )
    note = forms.CharField(label=_("Reasoning"), widget=TEXT, required=False)


class ExtendForm(ActionForm):
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=[c for c in rules.Complexity.choices if c[0]],
    )
    note = forms.CharField(label=_("Reason of the extension"), widget=TEXT, required=False)


class ConcludeForm(ActionForm):
    number = forms.CharField(label=_("Conclusion number"), max_length=60, required=False)
    outcome = forms.ChoiceField(
        label=_("Finding"), choices=[("", "—"), *rules.Outcome.choices], required=False
    )
    money_recovered = forms.IntegerField(
        label=_("Money to recover (đồng)"), min_value=0, required=False, initial=0
    )


class WithdrawForm(NoteForm):
    violation_suspected = forms.BooleanField(
        label=_("A violation is suspected: the resolution goes on"), required=False
    )


class SuspendForm(ActionForm):
    ground = forms.ChoiceField(
        label=_("Ground of suspension"), choices=rules.SuspensionGround.choices
    )
    note = forms.CharField(label=_("Reason"), widget=TEXT, required=False)


class TerminateForm(ActionForm):
    ground = forms.ChoiceField(
        label=_("Ground of termination"), choices=rules.TerminationGround.choices
    )
    note = forms.CharField(label=_("Reasoning"), widget=TEXT, required=False)


class GrantForm(NoteForm):
    user = forms.IntegerField(
        label=_("User (id) given the right to read the identity"), min_value=1
    )


FORMS: dict[str, type[ActionForm]] = {
    "check": NoteForm,
    "transfer": TransferForm,
    "not_accept": NotAcceptForm,
    "extend": ExtendForm,
    "conclude": ConcludeForm,
    "handle": NoteForm,
    "withdraw": WithdrawForm,
    "suspend": SuspendForm,
    "terminate": TerminateForm,
    "grant_identity": GrantForm,
}


def form_for(action: str, data: Any = None) -> ActionForm:
    return FORMS.get(action, ActionForm)(data, prefix=action)


def values_of(form: ActionForm) -> dict[str, Any]:
    values = dict(form.cleaned_data)
    if "to_agency" in values:
        values["to_agency"] = values["to_agency"].pk if values["to_agency"] else None
    if "money_recovered" in values and values["money_recovered"] is None:
        values["money_recovered"] = 0
    return values
