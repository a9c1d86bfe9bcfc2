"""Writing the administrative units and the crosswalk: one transaction, bulk inserts, idempotent.

Rows are matched on the natural key (level, code, valid_from), never on the code alone. A unit
already present is updated only if a field differs; a unit or succession absent from the source
is left alone (records may point at it). A second run over the same data writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from tqdm import tqdm

from tuphap.core import audit
from tuphap.core.text import fold
from tuphap.places.loaders.sources import Dataset, UnitKey, UnitRecord, read_packages
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level, UnitSuccession

BATCH_SIZE = 1000
_UNIT_FIELDS = ("name", "name_folded", "unit_type", "parent_id", "province_id", "valid_to")

T = TypeVar("T")


@dataclass
class LoadResult:
    counts: dict[str, int]  # what the source holds
    versions: dict[str, str]
    units_created: int = 0
    units_updated: int = 0
    successions_created: int = 0
    successions_updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created
            or self.units_updated
            or self.successions_created
            or self.successions_updated
        )


def _batches(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Progress:
    """A tqdm bar, or nothing when disabled (not a TTY, ``--no-progress``, tests)."""

    def __init__(self, *, enabled: bool, total: int, description: str) -> None:
        self.bar: Any = tqdm(total=total, desc=description, unit="row", disable=not enabled)

    def advance(self, count: int) -> None:
        self.bar.update(count)

    def close(self) -> None:
        self.bar.close()


def _existing_units() -> dict[UnitKey, dict[str, Any]]:
    rows = AdministrativeUnit.objects.values("id", "level", "code", "valid_from", *_UNIT_FIELDS)
    return {(row["level"], row["code"], row["valid_from"]): row for row in rows}


def _write_units(
    records: list[UnitRecord], result: LoadResult, progress: _Progress
) -> dict[UnitKey, int]:
    existing = _existing_units()
    ids: dict[UnitKey, int] = {key: row["id"] for key, row in existing.items()}
    # Provinces first (their own province is set once they have an id), then each level below.
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        wanted = [record for record in records if record.level == level]
        to_create: list[AdministrativeUnit] = []
        to_update: list[AdministrativeUnit] = []
        for record in wanted:
            values: dict[str, Any] = {
                "name": record.name,
                "name_folded": fold(record.name),
                "unit_type": record.unit_type,
                "parent_id": ids[record.parent] if record.parent else None,
                "province_id": ids[record.province] if record.province else None,
                "valid_to": record.valid_to,
            }
            current = existing.get(record.key)
            if current is None:
                to_create.append(
                    AdministrativeUnit(
                        level=record.level,
                        code=record.code,
                        valid_from=record.valid_from,
                        **values,
                    )
                )
                continue
            if record.province is None:
                values["province_id"] = current["id"]
            if any(current[name] != value for name, value in values.items()):
                to_update.append(AdministrativeUnit(id=current["id"], **values))
        for batch in _batches(to_create):
            created = AdministrativeUnit.objects.bulk_create(batch)
            for unit in created:
                ids[(unit.level, unit.code, unit.valid_from)] = unit.pk
            progress.advance(len(batch))
        if level == Level.PROVINCE:
            for unit in to_create:
                unit.province_id = unit.pk
            AdministrativeUnit.objects.bulk_update(to_create, ["province"], batch_size=BATCH_SIZE)
        for batch in _batches(to_update):
            AdministrativeUnit.objects.bulk_update(
                batch, [name.removesuffix("_id") for name in _UNIT_FIELDS]
            )
            progress.advance(len(batch))
        progress.advance(len(wanted) - len(to_create) - len(to_update))
        result.units_created += len(to_create)
        result.units_updated += len(to_update)
    return ids


def _write_successions(
    dataset: Dataset,
    ids: dict[UnitKey, int],
    effective_date: datetime.date,
    result: LoadResult,
    progress: _Progress,
) -> None:
    existing: dict[tuple[int, int], dict[str, Any]] = {
        (row["predecessor_id"], row["successor_id"]): dict(row)
        for row in UnitSuccession.objects.values(
            "id", "predecessor_id", "successor_id", "kind", "note", "effective_date"
        )
    }
    to_create: list[UnitSuccession] = []
    to_update: list[UnitSuccession] = []
    for record in dataset.successions:
        pair = (ids[record.predecessor], ids[record.successor])
        values = {"kind": record.kind, "note": record.note, "effective_date": effective_date}
        current = existing.get(pair)
        if current is None:
            to_create.append(UnitSuccession(predecessor_id=pair[0], successor_id=pair[1], **values))
        elif any(current[name] != value for name, value in values.items()):
            to_update.append(UnitSuccession(id=current["id"], **values))
    for batch in _batches(to_create):
        UnitSuccession.objects.bulk_create(batch)
        progress.advance(len(batch))
    for batch in _batches(to_update):
        UnitSuccession.objects.bulk_update(batch, ["kind", "note", "effective_date"])
        progress.advance(len(batch))
    progress.advance(len(dataset.successions) - len(to_create) - len(to_update))
    result.successions_created = len(to_create)
    result.successions_updated = len(to_update)


@transaction.atomic
def administrative_units_load(
    *, actor: Any = None, dataset: Dataset | None = None, progress: bool = False
) -> LoadResult:
    """Load (or bring up to date) the units before and after 1 July 2025 and the crosswalk.

    All or nothing: any error rolls the whole load back. Writes one audit row when something
    changed; a run that finds everything in place writes nothing.
    """
    dataset = dataset if dataset is not None else read_packages()
    result = LoadResult(counts=dataset.counts(), versions=dataset.versions)
    units_bar = _Progress(
        enabled=progress, total=len(dataset.units), description="Administrative units"
    )
    try:
        ids = _write_units(dataset.units, result, units_bar)
    finally:
        units_bar.close()
    crosswalk_bar = _Progress(
        enabled=progress, total=len(dataset.successions), description="Crosswalk"
    )
    try:
        _write_successions(dataset, ids, REORGANISATION_DATE, result, crosswalk_bar)
    finally:
        crosswalk_bar.close()
    if result.changed:
        audit.record(
            actor=actor,
            action="places.units.loaded",
            data={
                "versions": result.versions,
                "counts": result.counts,
                "units_created": result.units_created,
                "units_updated": result.units_updated,
                "successions_created": result.successions_created,
                "successions_updated": result.successions_updated,
            },
        )
    return result
