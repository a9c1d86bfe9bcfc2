"""Moving between the boundary sets: which units a unit became, and which it was made from.

A crosswalk row says that (part of) ``predecessor`` became (part of) ``successor``; ``whole``
means the whole predecessor went into that one successor. Following several rows, a path is
``whole`` only if every row on it is whole; a unit reached by several paths is ``whole`` only
if all of them are. See docs/domain/places.md for what statistics do with partial rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, UnitSuccession

WHOLE = UnitSuccession.Kind.WHOLE.value
PARTIAL = UnitSuccession.Kind.PARTIAL.value
MAX_STEPS = 20  # the crosswalk is acyclic; this only guards against bad data


def _combine(first: str, second: str) -> str:
    return WHOLE if first == WHOLE and second == WHOLE else PARTIAL


def _walk(
    unit: AdministrativeUnit, at: datetime.date, *, forwards: bool
) -> list[tuple[AdministrativeUnit, str]]:
    if unit.is_valid_on(at):
        return [(unit, WHOLE)]
    found: dict[int, tuple[AdministrativeUnit, str]] = {}
    frontier: dict[int, str] = {unit.pk: WHOLE}
    seen = {unit.pk}
    for _step in range(MAX_STEPS):
        if not frontier:
            break
        if forwards:
            rows = UnitSuccession.objects.filter(predecessor_id__in=frontier).select_related(
                "successor"
            )
        else:
            rows = UnitSuccession.objects.filter(successor_id__in=frontier).select_related(
                "predecessor"
            )
        following: dict[int, str] = {}
        for row in rows:
            origin = row.predecessor_id if forwards else row.successor_id
            other = row.successor if forwards else row.predecessor
            kind = _combine(frontier[origin], row.kind)
            if other.is_valid_on(at):
                previous = found.get(other.pk)
                merged = kind if previous is None else _combine(previous[1], kind)
                found[other.pk] = (other, merged)
            elif (forwards and other.valid_to is not None and other.valid_to < at) or (
                not forwards and other.valid_from is not None and other.valid_from > at
            ):
                # Still on the wrong side of ``at``: keep walking.
                earlier = following.get(other.pk)
                following[other.pk] = kind if earlier is None else _combine(earlier, kind)
        frontier = {pk: kind for pk, kind in following.items() if pk not in seen}
        seen.update(frontier)
    return sorted(found.values(), key=lambda item: (item[0].level, item[0].code, item[0].pk))


def successors(unit: AdministrativeUnit, at: datetime.date) -> list[tuple[AdministrativeUnit, str]]:
    """The units valid on ``at`` that ``unit`` became, each with ``whole`` or ``partial``.

    ``[(unit, "whole")]`` if ``unit`` itself is still valid on ``at``; empty if ``at`` lies
    before the unit existed or the crosswalk has no row for it.
    """
    return _walk(unit, at, forwards=True)


def predecessors(
    unit: AdministrativeUnit, at: datetime.date
) -> list[tuple[AdministrativeUnit, str]]:
    """The units valid on ``at`` that ``unit`` was made from; ``partial`` means only part of
    that predecessor went into ``unit``. ``[(unit, "whole")]`` if ``unit`` was valid on ``at``."""
    return _walk(unit, at, forwards=False)


def old_to_new_map(
    level: str, *, effective_date: datetime.date = REORGANISATION_DATE
) -> dict[int, list[tuple[int, str]]]:
    """For bulk use (statistics): every crosswalk row of one reorganisation whose successor is at
    ``level``, as ``{old_unit_id: [(new_unit_id, kind), …]}``, in one query.

    At commune level this includes the five island districts that had no communes and became
    special zones (đặc khu).
    """
    mapping: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        UnitSuccession.objects.filter(successor__level=level, effective_date=effective_date)
        .order_by("predecessor_id", "successor_id")
        .values_list("predecessor_id", "successor_id", "kind")
    )
    for old_id, new_id, kind in rows:
        mapping[old_id].append((new_id, kind))
    return dict(mapping)


def new_to_old_map(
    level: str, *, effective_date: datetime.date = REORGANISATION_DATE
) -> dict[int, list[tuple[int, str]]]:
    """The reverse of :func:`old_to_new_map`: ``{new_unit_id: [(old_unit_id, kind), …]}``."""
    mapping: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        UnitSuccession.objects.filter(successor__level=level, effective_date=effective_date)
        .order_by("successor_id", "predecessor_id")
        .values_list("predecessor_id", "successor_id", "kind")
    )
    for old_id, new_id, kind in rows:
        mapping[new_id].append((old_id, kind))
    return dict(mapping)
