"""The forms of the reconciliation queue: correct a refused message, resolve one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.population import rules
from tuphap.population.models import OutboxMessage

LABELS = {
    "full_name": _("Full name"),
    "sex": _("Sex (male or female)"),
    "date_of_birth": _("Date of birth (YYYY-MM-DD)"),
    "birth_province_code": _("Province code of birth registration (3 digits)"),
    "father_pin": _("Father's personal identification number"),
    "mother_pin": _("Mother's personal identification number"),
    "pin": _("Personal identification number"),
    "occurred_on": _("Date of the event (YYYY-MM-DD)"),
    "data.spouse_pin": _("Spouse's personal identification number"),
}


class CorrectForm(forms.Form):
    """One text field per correctable field of the message's kind, filled with what was sent;
    the service validates the values (so the page and the API refuse the same things)."""

    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, message: OutboxMessage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = rules.CORRECTABLE.get(message.kind, ())
        for name in self.names:
            current = rules.current_value(message.payload, name)
            self.fields[f"changes.{name}"] = forms.CharField(
                label=LABELS.get(name, name),
                required=False,
                initial="" if current is None else str(current),
            )
        self.order_fields([*[f"changes.{name}" for name in self.names], "reason"])

    def changes(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"changes.{name}") or "" for name in self.names}


class ResolveForm(forms.Form):
    reason = forms.CharField(label=_("How was it resolved?"), widget=forms.Textarea, required=False)
