"""Figures the Vietnamese way: 1.234.567 (counts), 1.234.567 đ (money), 46,78 % (percent)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

from tuphap.core.money import format_vnd, group_thousands

register = template.Library()


def _decimal(value: float) -> str:
    number = Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    sign = "-" if number < 0 else ""
    return f"{sign}{group_thousands(int(whole))},{fraction or '00'}"


@register.filter
def figure(value: int | float | None, unit: str) -> str:
    """A report figure in its unit; an em dash when there is none."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{_decimal(float(value))} %"
    if unit == "vnd":
        return format_vnd(int(value))
    return group_thousands(int(value))


@register.filter
def signed_change(value: float | None, unit: str) -> str:
    """A change against last year: % for counts and money, percentage points for percentages."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    suffix = _("pp") if unit == "percent" else "%"
    return f"{sign}{_decimal(value)} {suffix}"
