"""The forms of the mediation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.outreach.mediation import rules
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.people.forms import DATE, MomentField, PlaceForm
from tuphap.outreach.people.rules import MediatorEnd


class TeamForm(PlaceForm):
    village = forms.CharField(label=_("Village or residential group"), max_length=120)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    decision_number = forms.CharField(
        label=_("Establishing decision"), max_length=60, required=False
    )
    established_on = forms.DateField(label=_("Established on"), widget=DATE)
    minority_area = forms.BooleanField(
        label=_("Area with many ethnic minority people"), required=False
    )


class MemberForm(forms.Form):
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)
    is_leader = forms.BooleanField(label=_("Team leader"), required=False)

    def __init__(self, *args: Any, mediators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"] = forms.ModelChoiceField(label=_("Mediator"), queryset=mediators)
        self.order_fields(["mediator", "joined_on", "is_leader"])


class LeaveForm(forms.Form):
    mediator = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(label=_("Left on"), widget=DATE)


class StopForm(forms.Form):
    mediator = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Stopped on"), widget=DATE)
    ground = forms.ChoiceField(label=_("Ground (Art. 11)"), choices=MediatorEnd.choices)


class MatterForm(forms.Form):
    received_at = MomentField(label=_("Received at"))
    field = forms.ChoiceField(label=_("Kind of matter"), choices=rules.Field.choices)
    origin = forms.ChoiceField(label=_("How it came (Art. 16)"), choices=rules.Origin.choices)
    parties = forms.CharField(label=_("Parties to the dispute"), max_length=500)
    dispute = forms.CharField(label=_("The dispute"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"] = forms.ModelChoiceField(label=_("Mediation team"), queryset=teams)
        self.order_fields(["team", *[n for n in self.fields if n != "team"]])


class AssignForm(forms.Form):
    at = MomentField(label=_("Assigned at"), required=False)

    def __init__(self, *args: Any, mediators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"] = forms.ModelChoiceField(label=_("Mediator"), queryset=mediators)
        self.order_fields(["mediator", "at"])


class StartForm(forms.Form):
    at = MomentField(label=_("Started at"), required=False)

    def __init__(self, *args: Any, mediators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mediators is not None:
            self.fields["mediator"] = forms.ModelChoiceField(
                label=_("Mediator who witnessed it"), queryset=mediators
            )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    note = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 2}))


CONCLUSIONS = [
    (name, label)
    for name, label in ((t.name, t.label) for t in book.TRANSITIONS)
    if name in book.OUTCOMES
]


class ConcludeForm(forms.Form):
    transition = forms.ChoiceField(label=_("Outcome"), choices=CONCLUSIONS)
    agreement = forms.CharField(
        label=_("Agreement reached"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    written_settlement = forms.BooleanField(
        label=_("Written settlement (Art. 24(2))"), required=False
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground (Art. 3)"), choices=rules.Exclusion.choices)
    reason = forms.CharField(label=_("Explanation, where the parties were guided"), required=False)


class FollowUpForm(forms.Form):
    performance = forms.ChoiceField(
        label=_("Performance of the agreement"),
        choices=[c for c in rules.Performance.choices if c[0]],
    )
    on = forms.DateField(label=_("Followed up on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False)
