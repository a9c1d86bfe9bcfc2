"""The forms of the complaint pages: a complaint received, and one form per action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.oversight.complaints import rules
from tuphap.oversight.complaints.models import Complaint
from tuphap.places.models import AdministrativeUnit

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


def parse_people(text: str) -> list[dict[str, Any]]:
    """One person a line: ``name; PIN; address``, a trailing ``*`` marks the representative."""
    people = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        representative = line.endswith("*")
        parts = [part.strip() for part in line.rstrip("*").split(";")]
        people.append(
            {
                "full_name": parts[0],
                "pin": parts[1] if len(parts) > 1 else "",
                "address": parts[2] if len(parts) > 2 else "",
                "representative": representative,
            }
        )
    return people


class ComplaintForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Place (commune or ward)"), queryset=AdministrativeUnit.objects.none()
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(label=_("Content of the complaint"), widget=TEXT)
    act_kind = forms.ChoiceField(label=_("Kind of act"), choices=rules.ActKind.choices)
    regime = forms.ChoiceField(
        label=_("Limits of"), choices=rules.Regime.choices, initial=rules.Regime.GENERAL
    )
    thads_act = forms.ChoiceField(
        label=_("Enforcement act (a complaint about enforcement)"),
        choices=[("", "—"), *rules.ThadsAct.choices],
        required=False,
    )
    act_description = forms.CharField(label=_("Decision or act complained of"), max_length=300)
    respondent = forms.CharField(label=_("Person or body complained against"), max_length=255)
    known_on = forms.DateField(label=_("Complainant knew of the act on"), widget=DATE)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    complainants = forms.CharField(
        label=_("Complainants"),
        widget=TEXT,
        required=False,
        help_text=_(
            "One a line: name; identification number; address. End the representative's "
            "line with *. Empty when opened from a letter: its senders are taken."
        ),
    )
    letter = forms.IntegerField(label=_("From letter (id)"), required=False, min_value=1)

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            self.fields["place"].queryset = places  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    on = forms.DateField(label=_("Date of the step"), widget=DATE, required=False)


class AcceptForm(ActionForm):
    statute_excuse = forms.CharField(
        label=_("Excuse for a complaint after its time limit"), widget=TEXT, required=False
    )


class NotAcceptForm(ActionForm):
    ground = forms.ChoiceField(
        label=_("Ground of non-acceptance"), choices=rules.NonAcceptanceGround.choices
    )
    reason = forms.CharField(label=_("Reasoning"), widget=TEXT, required=False)


class ComplexForm(ActionForm):
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"),
        choices=rules.ComplexCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(label=_("Reasoning of the determination"), widget=TEXT, required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)


class DecideForm(ActionForm):
    number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    outcome = forms.ChoiceField(
        label=_("Finding"), choices=[("", "—"), *rules.Outcome.choices], required=False
    )
    money_restored = forms.IntegerField(
        label=_("Money restored (đồng)"), min_value=0, required=False, initial=0
    )
    rights_restored = forms.IntegerField(
        label=_("Persons whose rights were restored"), min_value=0, required=False, initial=0
    )


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=TEXT, required=False)


class WithdrawForm(ActionForm):
    complainant_ids = forms.MultipleChoiceField(
        label=_("Complainants who withdraw"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: all the remaining complainants withdraw."),
    )
    reason = forms.CharField(label=_("Reason"), widget=TEXT, required=False)

    def __init__(self, *args: Any, detail: Complaint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if detail is not None:
            self.fields["complainant_ids"].choices = [  # type: ignore[attr-defined]
                (str(p.pk), p.full_name)
                for p in detail.complainants.filter(withdrawn_on__isnull=True)
            ]


FORMS: dict[str, type[ActionForm]] = {
    "accept": AcceptForm,
    "not_accept": NotAcceptForm,
    "determine_complex": ComplexForm,
    "decide": DecideForm,
    "suspend": ReasonForm,
    "terminate": ReasonForm,
    "withdraw": WithdrawForm,
}


def form_for(action: str, data: Any = None, detail: Complaint | None = None) -> ActionForm:
    cls = FORMS.get(
        action, ReasonForm if action not in ("second_complaint", "continue") else ActionForm
    )
    kwargs: dict[str, Any] = {"detail": detail} if cls is WithdrawForm else {}
    return cls(data, prefix=action, **kwargs)


def values_of(form: ActionForm) -> dict[str, Any]:
    """The form's cleaned data as the action's values (empty numbers are zero)."""
    values = dict(form.cleaned_data)
    for name in ("money_restored", "rights_restored"):
        if name in values and values[name] is None:
            values[name] = 0
    if "complainant_ids" in values:
        values["complainant_ids"] = [int(pk) for pk in values["complainant_ids"]] or None
    for name in ("ground", "outcome", "number", "reason", "statute_excuse", "document_number"):
        if name in values and values[name] is None:
            values[name] = ""
    return values
