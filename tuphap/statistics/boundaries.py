"""Showing rollups on either set of administrative boundaries (ADR 0005).

A rollup keeps the place as at its month: rows before 1 July 2025 are on old units, later rows
on new ones. A report on the *new* boundaries moves each old unit's figures to its successor(s)
through ``UnitSuccession``; a report on the *old* boundaries moves each new unit's figures to its
predecessor(s). A move is exact when every link of the unit leads into one and the same target
unit (at the report's level: one province for a province report, one commune for a commune
report). When the links lead into several targets the figures cannot be split, so they all go to
the *primary* one (the link whose unit keeps the same code, else one recorded as a whole merge,
else the lowest id) and the figure is marked approximate. A unit with no link at all stays
where it is and is marked approximate.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tuphap.places.models import (
    REORGANISATION_DATE,
    AdministrativeUnit,
    Boundaries,
    Level,
    UnitSuccession,
)


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    level: str
    province_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @classmethod
    def of(cls, unit: AdministrativeUnit) -> UnitInfo:
        return cls(*(getattr(unit, name) for name in _FIELDS))

    def in_boundaries(self, boundaries: str) -> bool:
        """Whether the unit exists on that set (an unchanged unit exists on both)."""
        if boundaries == Boundaries.NEW:
            return self.valid_to is None or self.valid_to >= REORGANISATION_DATE
        return self.valid_from is None or self.valid_from < REORGANISATION_DATE

    @property
    def own_province_id(self) -> int:
        if self.level == Level.PROVINCE or self.province_id is None:
            return self.id
        return self.province_id


@dataclass(frozen=True)
class Link:
    other: int
    kind: str


@dataclass(frozen=True)
class Target:
    unit_id: int
    approximate: bool


_FIELDS = ("id", "code", "name", "level", "province_id", "valid_from", "valid_to")


class BoundaryMap:
    """Maps source units (as recorded) to units of one boundary set. Loads what it needs in a
    few queries and caches it; build one per report."""

    def __init__(self, boundaries: str) -> None:
        if boundaries not in (Boundaries.NEW, Boundaries.OLD):
            raise ValueError(f"Unknown boundaries {boundaries!r}.")
        self.boundaries = boundaries
        self.units: dict[int, UnitInfo] = {}
        self._links: dict[int, list[Link]] = {}

    # -- loading --------------------------------------------------------------------------------

    def load(self, unit_ids: Iterable[int]) -> None:
        """Load the units, their links in this direction and the units at the other end."""
        missing = {unit_id for unit_id in unit_ids if unit_id not in self._links}
        if not missing:
            return
        self._load_units(missing)
        if self.boundaries == Boundaries.NEW:
            pairs = UnitSuccession.objects.filter(predecessor_id__in=missing).values_list(
                "predecessor_id", "successor_id", "kind"
            )
        else:
            pairs = UnitSuccession.objects.filter(successor_id__in=missing).values_list(
                "successor_id", "predecessor_id", "kind"
            )
        links: dict[int, list[Link]] = defaultdict(list)
        for source, other, kind in pairs:
            links[source].append(Link(other, kind))
        for unit_id in missing:
            self._links[unit_id] = sorted(links.get(unit_id, []), key=lambda link: link.other)
        others = {link.other for unit_links in links.values() for link in unit_links}
        self._load_units(others)
        # The provinces of these units, with their own links (the fallback of province_target).
        self.load({self.units[unit_id].own_province_id for unit_id in missing})

    def _load_units(self, unit_ids: set[int]) -> None:
        wanted = unit_ids - self.units.keys()
        if not wanted:
            return
        for row in AdministrativeUnit.objects.filter(id__in=wanted).values_list(*_FIELDS):
            self.units[row[0]] = UnitInfo(*row)

    def links(self, unit_id: int) -> list[Link]:
        return self._links.get(unit_id, [])

    # -- mapping --------------------------------------------------------------------------------

    def _primary(self, unit: UnitInfo, links: list[Link]) -> int:
        for link in links:
            other = self.units.get(link.other)
            if other is not None and other.code == unit.code:
                return link.other
        for link in links:
            if link.kind == UnitSuccession.Kind.WHOLE:
                return link.other
        return links[0].other

    def unit_target(self, unit_id: int) -> Target:
        """The unit of the same level on this boundary set that receives ``unit_id``'s figures."""
        self.load([unit_id])
        unit = self.units[unit_id]
        if unit.in_boundaries(self.boundaries):
            return Target(unit_id, False)
        links = self.links(unit_id)
        if not links:
            return Target(unit_id, True)
        others = {link.other for link in links}
        if len(others) == 1:
            return Target(next(iter(others)), False)
        return Target(self._primary(unit, links), True)

    def province_is_ambiguous(self, province_id: int) -> bool:
        """Whether a province's figures go to more than one province of this boundary set; its
        rows are then mapped one place at a time through the commune-level crosswalk."""
        self.load([province_id])
        unit = self.units[province_id]
        return not unit.in_boundaries(self.boundaries) and len(self._link_provinces(unit)) > 1

    def _link_provinces(self, unit: UnitInfo) -> set[int]:
        provinces = set()
        for link in self.links(unit.id):
            other = self.units.get(link.other)
            if other is not None:
                provinces.add(other.own_province_id)
        return provinces

    def province_target(self, unit_id: int) -> Target:
        """The province on this boundary set that receives ``unit_id``'s figures (any level)."""
        self.load([unit_id])
        unit = self.units[unit_id]
        if unit.level == Level.PROVINCE:
            return self.unit_target(unit_id)
        province = self.units.get(unit.own_province_id)
        if unit.in_boundaries(self.boundaries) and (
            province is None or province.in_boundaries(self.boundaries)
        ):
            return Target(unit.own_province_id, False)
        links = self.links(unit_id)
        if links:
            provinces = self._link_provinces(unit)
            if len(provinces) == 1:
                return Target(next(iter(provinces)), False)
            primary = self.units[self._primary(unit, links)]
            return Target(primary.own_province_id, True)
        # No commune-level link recorded: fall back to the province's own crosswalk.
        return self.unit_target(unit.own_province_id)
