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

from tuphap.core import rows
from tuphap.places.models import AdministrativeUnit, Level

M = TypeVar("M", bound=Model)

# The largest id a BIGINT holds: a larger one names no record (and is no SQL parameter).
_MAX_ID = 2**63 - 1


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
        if unit.__dict__.get(_DIRECT) == agency_id:
            return True  # read with the unit by unit_for, in this request
        # The common case, a unit of the agency's own jurisdiction or directly below one (an
        # officer registering in their commune, a provincial centre's commune), is one indexed
        # lookup; the rest needs the whole covered set.
        near = sorted(u for u in {unit.pk, unit.parent_id, unit.province_id} if u is not None)
        if near and _covers_directly(agency_id, near):
            return True
    units = covered_units(user)
    return units is None or units.filter(pk=unit.pk).exists()


# The attribute unit_for sets on a unit the agency (its id) covers directly.
_DIRECT = "_jurisdiction_covered_by"
_UNIT_SQL: dict[str, str] = {}  # per database alias
_PROVINCE = AdministrativeUnit._meta.get_field("province")


def _unit_sql() -> str:
    sql = _UNIT_SQL.get(connection.alias)
    if sql is None:
        meta = AdministrativeUnit._meta
        through = AdministrativeUnit.agencies.through._meta
        quote = connection.ops.quote_name
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        parent, province = quote(meta.get_field("parent").column), quote(_PROVINCE.column)
        agency = quote(through.get_field("agency").column)
        covered = quote(through.get_field("administrativeunit").column)
        # Only quoted names from the models' meta go into the text; the ids are parameters.
        sql = _UNIT_SQL[connection.alias] = (
            f"SELECT {rows.columns(AdministrativeUnit, 'u')}, EXISTS (SELECT 1 FROM "  # noqa: S608
            f"{quote(through.db_table)} j WHERE j.{agency} = %s AND j.{covered} IN "
            f"(u.{pk}, u.{parent}, u.{province})) FROM {table} u WHERE u.{pk} IN "
            f"(%s, (SELECT {province} FROM {table} WHERE {pk} = %s))"
        )
    return sql


def unit_for(user: Any, unit_id: int) -> AdministrativeUnit | None:
    """The unit ``unit_id`` with its province cached on it, read in one statement with whether
    the user's agency covers it directly (``covers``'s common case, which then asks nothing
    more): what a write names its place by (a commune's registration, every request). ``None``
    when there is no such unit. The answer holds for the request that read it."""
    if not 0 < unit_id <= _MAX_ID:
        return None
    agency_id = (
        getattr(user, "agency_id", None) if getattr(user, "is_authenticated", False) else None
    )
    with connection.cursor() as cursor:
        cursor.execute(_unit_sql(), [agency_id, unit_id, unit_id])
        found = cursor.fetchall()
    units = {}
    for row in found:
        read = rows.read(AdministrativeUnit, row)
        if row[-1] and agency_id is not None:
            read.__dict__[_DIRECT] = agency_id
        units[read.pk] = read
    unit = units.get(unit_id)
    if unit is not None and unit.province_id is not None and unit.province_id in units:
        _PROVINCE.set_cached_value(unit, units[unit.province_id])
    return unit


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
