"""The forms of the state compensation pages. Money is typed in đồng (1.234.567 or 1234567)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.core.money import parse_vnd
from tuphap.oversight.compensation import rules
from tuphap.places.models import AdministrativeUnit

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


def damage_field_name(head: str) -> str:
    return f"damage_{head}"


class ClaimForm(forms.Form):
    """A claim for compensation (Art. 41): the claimant, the basis document and the damages."""

    place = forms.ModelChoiceField(
        label=_("Claimant's place of residence (commune)"),
        queryset=AdministrativeUnit.objects.none(),
    )
    received_on = forms.DateField(label=_("Claim received on"), widget=DATE)
    by_post = forms.BooleanField(label=_("Received by post"), required=False)
    claimant_kind = forms.ChoiceField(label=_("Claimant"), choices=rules.ClaimantKind.choices)
    claimant_name = forms.CharField(label=_("Claimant's name"), max_length=200)
    claimant_pin = forms.CharField(
        label=_("Personal identification number"), max_length=12, required=False
    )
    claimant_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    injured_name = forms.CharField(
        label=_("Injured person (when an heir or representative claims)"),
        max_length=200,
        required=False,
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=rules.Sector.choices)
    basis_kind = forms.ChoiceField(label=_("Basis document"), choices=rules.BasisKind.choices)
    basis_number = forms.CharField(label=_("Number of the basis document"), max_length=60)
    basis_date = forms.DateField(label=_("Date of the basis document"), widget=DATE)
    basis_issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    basis_received_on = forms.DateField(
        label=_("Basis document received by the claimant on"), widget=DATE
    )
    excluded_periods = forms.CharField(
        label=_("Periods not counted in the statute (one a line: first and last day)"),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "2024-01-01 2024-02-15"}),
        required=False,
    )
    unlawful_act = forms.CharField(
        label=_("The unlawful act"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    honour_form = forms.ChoiceField(
        label=_("Honour restoration"), choices=rules.HonourForm.choices, required=False
    )

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            field = self.fields["place"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = places
        for value, label in rules.DamageHead.choices:
            self.fields[damage_field_name(value)] = MoneyField(
                label=_("%(head)s claimed (đồng)") % {"head": label}, required=False
            )

    def damages(self) -> dict[str, int]:
        return {
            head: self.cleaned_data[damage_field_name(head)]
            for head in rules.DamageHead.values
            if self.cleaned_data.get(damage_field_name(head)) is not None
        }

    def clean_excluded_periods(self) -> tuple[Any, ...]:
        try:
            return rules.excluded_from_text(
                self.cleaned_data.get("excluded_periods", "").splitlines()
            )
        except ValueError:
            raise forms.ValidationError(
                _("Write each period as its first and last day, e.g. 2024-01-01 2024-02-15.")
            ) from None


class StepForm(forms.Form):
    """Any step of the resolution; each step reads the fields it needs."""

    transition = forms.ChoiceField(label=_("Step"))
    on = forms.DateField(label=_("Date of the step"), widget=DATE, required=False)
    ground = forms.ChoiceField(label=_("Ground"), required=False)
    reason = forms.CharField(
        label=_("Reason or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    complex = forms.BooleanField(label=_("Complex claim"), required=False)
    resolver = forms.ChoiceField(label=_("Resolver"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    handed_over_on = forms.DateField(
        label=_("Decision handed over on"), widget=DATE, required=False
    )
    agreed = forms.BooleanField(label=_("Agreement reached"), required=False, initial=True)
    ground_arose_on = forms.DateField(label=_("Ground arose on"), widget=DATE, required=False)
    court_name = forms.CharField(label=_("Court"), max_length=255, required=False)
    amount = MoneyField(label=_("Amount paid (đồng)"), required=False)

    def __init__(
        self,
        *args: Any,
        transitions: Any = (),
        resolvers: Any = (),
        heads: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.heads = [str(head) for head in heads]
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions]  # type: ignore[attr-defined]
        grounds: list[tuple[str, Any]] = [("", "—")]
        grounds += list(rules.RefusalGround.choices)
        grounds += list(rules.TerminationGround.choices)
        self.fields["ground"].choices = grounds  # type: ignore[attr-defined]
        self.fields["resolver"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(user.pk), str(user)) for user in resolvers
        ]
        labels = dict(rules.DamageHead.choices)
        for head in self.heads:
            self.fields[damage_field_name(head)] = MoneyField(
                label=_("%(head)s verified or decided (đồng)") % {"head": labels.get(head, head)},
                required=False,
            )

    def amounts(self) -> dict[str, int]:
        return {
            head: self.cleaned_data[damage_field_name(head)]
            for head in self.heads
            if self.cleaned_data.get(damage_field_name(head)) is not None
        }


class AdvanceForm(forms.Form):
    requested_on = forms.DateField(label=_("Advance requested on"), widget=DATE)
    mental = MoneyField(label=_("Mental harm to advance on (đồng)"))
    computable = MoneyField(label=_("Damages computable at once (đồng)"))
    amount = MoneyField(label=_("Advance (đồng)"))


class AdvancePayForm(forms.Form):
    advance = forms.IntegerField(widget=forms.HiddenInput)
    paid_on = forms.DateField(label=_("Advance paid on"), widget=DATE)


class InterruptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=rules.InterruptionKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    ground_arose_on = forms.DateField(label=_("Ground arose on"), widget=DATE)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    until = forms.DateField(label=_("Until"), widget=DATE)


class ResumeForm(forms.Form):
    resumed_on = forms.DateField(label=_("Resumed on"), widget=DATE)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Agreement or reason"), max_length=500)


class HonourForm(forms.Form):
    on = forms.DateField(label=_("Honour restored on"), widget=DATE)


class RecourseForm(forms.Form):
    official_name = forms.CharField(label=_("Official at fault"), max_length=200)
    official_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    decision_number = forms.CharField(label=_("Recourse decision number"), max_length=60)
    decided_on = forms.DateField(label=_("Recourse decided on"), widget=DATE)
    amount = MoneyField(label=_("Amount to repay (đồng)"))


class InstalmentForm(forms.Form):
    paid_on = forms.DateField(label=_("Collected on"), widget=DATE)
    amount = MoneyField(label=_("Amount collected (đồng)"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Only check the file"), required=False)
