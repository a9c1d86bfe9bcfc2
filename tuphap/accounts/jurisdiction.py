"""Jurisdiction scoping: the one function every selector uses to limit what a user sees.

A user sees the records whose place lies within their agency's jurisdiction. A unit covers
itself, everything below it, and the units it succeeded in the 2025 reorganisation (so a new
province's staff keep seeing the records their predecessors kept). A national agency sees all;
a user with no agency sees nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from tuphap.places.models import AdministrativeUnit, Level

M = TypeVar("M", bound=Model)


def covered_units(user: Any) -> QuerySet[AdministrativeUnit] | None:
    """The administrative units the user may see, or ``None`` for the whole country."""
    agency = getattr(user, "agency", None)
    if not getattr(user, "is_authenticated", False) or agency is None:
        return AdministrativeUnit.objects.none()
    if agency.is_national:
        return None
    direct = AdministrativeUnit.objects.filter(agencies=agency)
    roots = AdministrativeUnit.objects.filter(
        Q(id__in=direct.values("id")) | Q(successions__successor__in=direct.values("id"))
    ).values("id")
    return AdministrativeUnit.objects.filter(
        Q(id__in=roots) | Q(parent__in=roots) | Q(parent__parent__in=roots) | Q(province__in=roots)
    )


def scope(queryset: QuerySet[M], user: Any, *, place_field: str = "place") -> QuerySet[M]:
    """Limit ``queryset`` to the rows whose ``place_field`` lies in the user's jurisdiction."""
    units = covered_units(user)
    if units is None:
        return queryset
    return queryset.filter(**{f"{place_field}__in": units.values("id")})


def covers(user: Any, unit: AdministrativeUnit | None) -> bool:
    """Whether ``unit`` lies in the user's jurisdiction (for checks on a single object)."""
    if unit is None:
        return False
    agency_id = getattr(user, "agency_id", None)
    if getattr(user, "is_authenticated", False) and agency_id is not None:
        # The common case, a unit of the agency's own jurisdiction or directly below one (an
        # officer registering in their commune, a provincial centre's commune), is one indexed
        # lookup; the rest needs the whole covered set.
        near = sorted(u for u in {unit.pk, unit.parent_id, unit.province_id} if u is not None)
        if near and _covers_directly(agency_id, near):
            return True
    units = covered_units(user)
    return units is None or units.filter(pk=unit.pk).exists()


def _covers_directly(agency_id: int, units: list[int]) -> bool:
    """Whether one of ``units`` is in the agency's own jurisdiction: ``Agency.jurisdiction``'s
    table filtered on both indexed columns, written out (every registration asks it)."""
    through = AdministrativeUnit.agencies.through
    meta = through._meta
    quote = connection.ops.quote_name
    unit_column = quote(meta.get_field("administrativeunit").column)
    agency_column = quote(meta.get_field("agency").column)
    marks = ", ".join(["%s"] * len(units))
    # Only quoted names from the model's meta go into the text; the ids are parameters.
    sql = (
        f"SELECT 1 FROM {quote(meta.db_table)} WHERE {agency_column} = %s "  # noqa: S608
        f"AND {unit_column} IN ({marks}) LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency_id, *units])
        return cursor.fetchone() is not None


def communes_for(user: Any) -> QuerySet[AdministrativeUnit]:
    """The communes in force today that ``user`` may record work in: the place menu of every
    register's entry form."""
    base = AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(level=Level.COMMUNE)
    units = covered_units(user)
    if units is not None:
        base = base.filter(pk__in=units.values("id"))
    return base.order_by("name")
