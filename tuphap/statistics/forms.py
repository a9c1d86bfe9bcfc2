from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.places.models import Boundaries
from tuphap.statistics import reports
from tuphap.statistics.registry import registry

LEVEL_CHOICES = [
    (reports.NATION, _("Whole country")),
    (reports.PROVINCE, _("By province")),
    (reports.COMMUNE, _("By commune")),
]


class ReportForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label=_("Indicators"),
        widget=forms.SelectMultiple(attrs={"size": 6, "data-testid": "report-indicators"}),
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("For example 2023, 2023H1, 2023Q4, 2023M11, THADS2023, THADS2023M06, TERM2021"),
        widget=forms.TextInput(
            attrs={"placeholder": "THADS2023M06", "data-testid": "report-period"}
        ),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=LEVEL_CHOICES,
        initial=reports.NATION,
        required=False,
        widget=forms.Select(attrs={"data-testid": "report-level"}),
    )
    place = forms.CharField(
        label=_("Place code"),
        required=False,
        max_length=10,
        help_text=_("Optional: a province or commune code"),
        widget=forms.TextInput(attrs={"placeholder": "40", "data-testid": "report-place"}),
    )
    boundaries = forms.ChoiceField(
        label=_("Boundaries"),
        choices=Boundaries.choices,
        initial=Boundaries.NEW,
        required=False,
        widget=forms.Select(attrs={"data-testid": "report-boundaries"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicators"]
        if isinstance(field, forms.MultipleChoiceField):  # always; narrows the type
            field.choices = [
                (indicator.code, f"{indicator.name} ({indicator.code})")
                for indicator in registry.all()
            ]
