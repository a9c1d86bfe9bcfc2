"""Loading the administrative units: the bulk loader against a row-by-row insert of the same
records, on a fresh SQLite database in a temporary directory. Prints both and the ratio."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"
_directory = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = f"sqlite:///{_directory.name}/bench_places.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from tuphap.core.text import fold  # noqa: E402
from tuphap.places.loaders import administrative_units_load, sources  # noqa: E402
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, UnitSuccession  # noqa: E402


def row_by_row(dataset: sources.Dataset) -> None:
    """The obvious way: one INSERT per unit and per crosswalk row, in one transaction."""
    ids: dict[sources.UnitKey, int] = {}
    for record in dataset.units:
        unit = AdministrativeUnit.objects.create(
            level=record.level,
            code=record.code,
            name=record.name,
            name_folded=fold(record.name),
            unit_type=record.unit_type,
            valid_from=record.valid_from,
            valid_to=record.valid_to,
            parent_id=ids[record.parent] if record.parent else None,
            province_id=ids[record.province] if record.province else None,
        )
        if record.province is None:
            unit.province_id = unit.pk
            unit.save(update_fields=["province"])
        ids[record.key] = unit.pk
    for row in dataset.successions:
        UnitSuccession.objects.create(
            predecessor_id=ids[row.predecessor],
            successor_id=ids[row.successor],
            kind=row.kind,
            note=row.note,
            effective_date=REORGANISATION_DATE,
        )


def timed_and_rolled_back(work: Callable[[], object]) -> float:
    with transaction.atomic():
        started = time.perf_counter()
        work()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    dataset = sources.read_packages()
    parse = time.perf_counter() - started
    rows = len(dataset.units) + len(dataset.successions)
    print(f"parsing the package data: {parse:.2f} s ({rows} rows)")

    ours = timed_and_rolled_back(lambda: administrative_units_load(dataset=dataset))

    second_run: list[float] = []

    def load_twice() -> None:
        administrative_units_load(dataset=dataset)
        started = time.perf_counter()
        administrative_units_load(dataset=dataset)
        second_run.append(time.perf_counter() - started)

    timed_and_rolled_back(load_twice)
    baseline = timed_and_rolled_back(lambda: row_by_row(dataset))

    print(f"bulk loader (ours):       {ours:.2f} s  ({rows / ours:,.0f} rows/s)")
    print(f"row-by-row (baseline):    {baseline:.2f} s  ({rows / baseline:,.0f} rows/s)")
    print(f"ratio baseline / ours:    {baseline / ours:.1f}x")
    print(f"second run (no changes):  {second_run[0]:.2f} s")


if __name__ == "__main__":
    main()
