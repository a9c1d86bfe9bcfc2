"""Reading administrative units. They are reference data: every signed-in user may read all of
them, so these selectors apply no jurisdiction (records *about* places do, through
``tuphap.accounts.jurisdiction``)."""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from tuphap.core.errors import NotFound
from tuphap.core.text import fold
from tuphap.places.models import AdministrativeUnit, Level, RemoteAreaListing, UnitSuccession

# The type words names start with, folded: "Tỉnh Nghệ An" is an exact match for "nghe an".
_NAME_PREFIXES = (
    "tinh",
    "thanh pho",
    "quan",
    "huyen",
    "thi xa",
    "xa",
    "phuong",
    "thi tran",
    "dac khu",
)


# Provinces before districts before communes (the codes sort within a level).
_LEVEL_ORDER = Case(
    When(level=Level.PROVINCE, then=Value(0)),
    When(level=Level.DISTRICT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _search(queryset: QuerySet[AdministrativeUnit], text: str) -> QuerySet[AdministrativeUnit]:
    """Units whose name contains ``text`` with or without diacritics, exact names first, then
    names starting with it, then the rest. A code matches too."""
    folded = fold(text)
    if not folded:
        return queryset
    exact = [folded, *(f"{prefix} {folded}" for prefix in _NAME_PREFIXES)]
    starts = Q(name_folded__startswith=folded)
    for prefix in _NAME_PREFIXES:
        starts |= Q(name_folded__startswith=f"{prefix} {folded}")
    return (
        queryset.filter(Q(name_folded__contains=folded) | Q(code=text.strip()))
        .annotate(
            rank=Case(
                When(Q(code=text.strip()) | Q(name_folded__in=exact), then=Value(0)),
                When(starts, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", _LEVEL_ORDER, "name_folded", "code", "pk")
    )


def unit_list(
    *,
    at: datetime.date,
    level: str | None = None,
    parent_id: int | None = None,
    query: str | None = None,
) -> QuerySet[AdministrativeUnit]:
    """Units valid on ``at``, optionally of one level, under one parent, matching a search."""
    units = AdministrativeUnit.objects.valid_on(at).select_related("province")
    if level:
        units = units.filter(level=level)
    if parent_id is not None:
        units = units.filter(parent_id=parent_id)
    if query and query.strip():
        return _search(units, query)
    return units.order_by(_LEVEL_ORDER, "code", "pk")


def unit_get(*, unit_id: int) -> AdministrativeUnit:
    """One unit with its parent, province and its crosswalk rows in both directions."""
    unit = (
        AdministrativeUnit.objects.select_related("parent", "province")
        .prefetch_related(
            Prefetch(
                "successions",
                queryset=UnitSuccession.objects.select_related("successor").order_by(
                    "successor__code", "successor_id"
                ),
            ),
            Prefetch(
                "predecessions",
                queryset=UnitSuccession.objects.select_related("predecessor").order_by(
                    "predecessor__code", "predecessor_id"
                ),
            ),
        )
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        raise NotFound(_("No such administrative unit."))
    return unit


def remote_listing_on(
    unit: AdministrativeUnit | None, day: datetime.date
) -> RemoteAreaListing | None:
    """The decision that lists ``unit`` as a remote area on ``day`` (the latest one in force),
    or None."""
    if unit is None or unit.pk is None:
        return None
    return (
        RemoteAreaListing.objects.filter(unit=unit, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-pk")
        .first()
    )
