"""Forms of the enforcement pages. They validate shapes; the services validate the law."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.enforcement.cases.models import Basis, ConditionGround, JudgmentKind, MovementKind
from tuphap.places.models import AdministrativeUnit

DATE = forms.DateInput(attrs={"type": "date"})


class CaseOpenForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Place (commune)"), queryset=AdministrativeUnit.objects.none()
    )
    court_name = forms.CharField(label=_("Court"), max_length=200)
    judgment_number = forms.CharField(label=_("Judgment number"), max_length=60)
    judgment_date = forms.DateField(label=_("Judgment date"), widget=DATE)
    judgment_kind = forms.ChoiceField(label=_("Judgment type"), choices=JudgmentKind.choices)
    effective_on = forms.DateField(label=_("Legally effective on"), widget=DATE)
    basis = forms.ChoiceField(label=_("Basis"), choices=Basis.choices)
    requested_on = forms.DateField(label=_("Request date"), widget=DATE)
    requester_name = forms.CharField(label=_("Requester"), max_length=200, required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    obligor_name = forms.CharField(label=_("Obligor"), max_length=200)
    obligor_is_organisation = forms.BooleanField(
        label=_("The obligor is an organisation"), required=False
    )
    obligor_identification = forms.CharField(
        label=_("Identification number or organisation code"), max_length=40, required=False
    )
    obligee_name = forms.CharField(label=_("Obligee"), max_length=200, required=False)
    amount = forms.IntegerField(label=_("Amount to enforce (đồng)"), min_value=1, required=False)
    non_money = forms.CharField(label=_("Non-money obligation"), max_length=500, required=False)
    asset_recovery = forms.BooleanField(
        label=_("Asset recovery (corruption or economic case)"), required=False
    )
    credit_institution_debt = forms.BooleanField(
        label=_("Debt of a credit institution"), required=False
    )

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            field = self.fields["place"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = places


class ClassifyForm(forms.Form):
    with_conditions = forms.TypedChoiceField(
        label=_("Classification"),
        choices=[("1", _("With conditions")), ("0", _("Without conditions"))],
        coerce=lambda value: value == "1",
    )
    ground = forms.ChoiceField(label=_("Ground"), choices=ConditionGround.choices)
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE, required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MovementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MovementKind.choices)
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1)
    on_date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DashboardForm(forms.Form):
    agency = forms.ChoiceField(label=_("Office"), choices=[])
    period = forms.CharField(label=_("Period"), max_length=20)

    def __init__(self, *args: Any, offices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(str(office.pk), f"{office.code} – {office.name}") for office in offices]
