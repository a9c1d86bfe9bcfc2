"""Targets: the figure the ministry assigns an indicator for a period, for the nation or a
province (ADR 0018). ``target_set`` is the only writer (one transaction, one audit row);
``targets_for`` reads them for a report or the review."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.accounts.roles import Role
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, FieldErrors
from tuphap.core.periods import parse
from tuphap.places.models import AdministrativeUnit, Level
from tuphap.statistics.indicators import Unit
from tuphap.statistics.models import Target
from tuphap.statistics.registry import registry

SETTERS = frozenset({Role.MINISTRY_SPECIALIST, Role.LEADER})


def can_set_targets(user: Any) -> bool:
    """The ministry assigns targets: its specialists and leaders."""
    agency = getattr(user, "agency", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and agency is not None
        and agency.is_national
        and user.role_set() & SETTERS
    )


@transaction.atomic
def target_set(
    *,
    actor: Any,
    indicator: str,
    period: str,
    place: AdministrativeUnit | None,
    value: Any,
    basis: str,
) -> Target:
    """Assign (or change) the target of ``indicator`` for ``period`` (a period code), for the
    nation (``place`` None) or a province."""
    if not can_set_targets(actor):
        raise AccessDenied(_("Only the ministry assigns targets."))
    errors = FieldErrors()
    if indicator not in registry:
        errors.add("indicator", _("No such indicator."))
    try:
        code = parse(str(period)).code
    except ValueError:
        code = ""
        errors.add("period", _("Not a period: use for example 2026 or THADS2026."))
    if place is not None and place.level != Level.PROVINCE:
        errors.add("place", _("A target is for the nation or a province."))
    try:
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        amount = Decimal(-1)
        errors.add("value", _("Enter a number."))
    if amount < 0:
        errors.add("value", _("A target cannot be negative."))
    elif indicator in registry:
        rate = registry.get(indicator).unit is Unit.PERCENT
        if rate and amount > 100:
            errors.add("value", _("A rate is at most one hundred per cent."))
        elif not rate and amount != amount.to_integral_value():
            errors.add("value", _("This indicator counts whole units: no decimals."))
    if not str(basis or "").strip():
        errors.add("basis", _("Name the decision that assigns the target."))
    errors.raise_if_any()
    target, created = Target.objects.update_or_create(
        indicator=indicator,
        period=code,
        place=place,
        defaults={"value": amount, "basis": basis.strip(), "set_by": actor},
    )
    audit.record(
        actor=actor,
        action="statistics.target.set",
        obj=target,
        data={
            "indicator": indicator,
            "period": code,
            "place": place.code if place else None,
            "value": str(amount),
            "created": created,
        },
    )
    return target


def targets_for(
    indicators: Iterable[str], period: str, place: AdministrativeUnit | None
) -> dict[str, Decimal]:
    """The targets of ``indicators`` for ``period`` at ``place`` (None: the nation)."""
    rows = Target.objects.filter(indicator__in=list(indicators), period=period)
    rows = rows.filter(place=place) if place is not None else rows.filter(place__isnull=True)
    return dict(rows.values_list("indicator", "value"))
