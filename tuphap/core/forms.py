"""What every web form does with a service's refusal."""

from __future__ import annotations

from django import forms

from tuphap.core.errors import DomainError


def show_errors(form: forms.BaseForm, error: DomainError) -> None:
    """Put a service's refusal on the form: each reason on the field it names; a reason about a
    field the form does not show goes above the form with the field's name; a refusal that names
    no field goes above the form as its message."""
    placed = False
    for name, reasons in error.fields.items():
        target = name if name in form.fields else None
        for reason in reasons:
            form.add_error(target, reason if target else f"{name}: {reason}")
            placed = True
    if not placed:
        form.add_error(None, error.message)
