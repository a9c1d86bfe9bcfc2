"""The forms of the inspection pages. Team, subjects and plan items are typed one a line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.core.money import parse_vnd
from tuphap.oversight.inspections import rules

DATE = forms.DateInput(attrs={"type": "date"})


class MoneyField(forms.CharField):
    """A whole number of đồng; dots may group the thousands."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_vnd(text)
        except ValueError:
            raise forms.ValidationError(_("Give a whole number of đồng.")) from None


def _lines(text: str) -> list[list[str]]:
    return [
        [part.strip() for part in line.split("|")] for line in text.splitlines() if line.strip()
    ]


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)
    approval_number = forms.CharField(label=_("Approval decision number"), max_length=60)
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)
    items = forms.CharField(
        label=_("Inspections planned (one a line: subject | inspection or check | quarter)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_items(self) -> list[tuple[str, str, int | None]]:
        result = []
        for parts in _lines(self.cleaned_data["items"]):
            form = parts[1] if len(parts) > 1 and parts[1] else rules.Form.INSPECTION
            try:
                quarter = int(parts[2]) if len(parts) > 2 and parts[2] else None
            except ValueError:
                raise forms.ValidationError(_("A quarter is 1 to 4.")) from None
            result.append((parts[0], form, quarter))
        return result


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of inspection"), choices=rules.Kind.choices)
    form = forms.ChoiceField(label=_("Form"), choices=rules.Form.choices)
    plan_item = forms.ChoiceField(label=_("Plan item"), required=False)
    audited = forms.ChoiceField(label=_("Inspection whose conclusion is audited"), required=False)
    inter_sectoral = forms.BooleanField(label=_("Inter-sectoral team"), required=False)
    violations_law = forms.BooleanField(
        label=_("Enforcement of the law on administrative violations"), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    issuer = forms.CharField(label=_("Issued by"), max_length=255)
    subjects = forms.CharField(
        label=_("Subjects (one a line: name | kind)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.CharField(
        label=_("Team (one a line: name | head, deputy or member | agency)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 2}))
    period_from = forms.DateField(label=_("Period covered from"), widget=DATE)
    period_to = forms.DateField(label=_("Period covered to"), widget=DATE)

    def __init__(self, *args: Any, items: Any = (), concluded: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(item.pk), f"{item.plan.year}: {item.subject}") for item in items
        ]
        self.fields["audited"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(i.pk), f"{i.conclusion_number} {i.title}") for i in concluded
        ]

    def subject_rows(self) -> list[tuple[str, str]]:
        return [
            (parts[0], parts[1] if len(parts) > 1 and parts[1] else rules.SubjectKind.AGENCY)
            for parts in _lines(self.cleaned_data["subjects"])
        ]

    def team_rows(self) -> list[tuple[str, str, str]]:
        return [
            (
                parts[0],
                parts[1] if len(parts) > 1 and parts[1] else rules.MemberRole.MEMBER,
                parts[2] if len(parts) > 2 else "",
            )
            for parts in _lines(self.cleaned_data["team"])
        ]


class StepForm(forms.Form):
    transition = forms.ChoiceField(label=_("Step"))
    on = forms.DateField(label=_("Date of the step"), widget=DATE)
    number = forms.CharField(label=_("Conclusion number"), max_length=60, required=False)
    summary = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, transitions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions]  # type: ignore[attr-defined]


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RecommendationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of recommendation"), choices=rules.RecommendationKind.choices
    )
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = MoneyField(label=_("Money to recover (đồng)"), required=False)
    due_on = forms.DateField(label=_("To implement by"), widget=DATE)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up"), choices=rules.RecommendationStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    recovered = MoneyField(label=_("Money recovered (đồng)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class SampleForm(forms.Form):
    number = forms.CharField(label=_("Sanctioning decision number"), max_length=60)
    violation_on = forms.DateField(label=_("Violation on"), widget=DATE)
    record_on = forms.DateField(label=_("Violation record on"), widget=DATE)
    decision_on = forms.DateField(label=_("Decision on"), widget=DATE)
    decision_case = forms.ChoiceField(label=_("Case"), choices=rules.DecisionCase.choices)
    long_statute = forms.BooleanField(label=_("A field with the 2-year statute"), required=False)
    received_on = forms.DateField(
        label=_("Received by the violator on"), widget=DATE, required=False
    )
    complied_on = forms.DateField(label=_("Complied with on"), widget=DATE, required=False)
