"""The replay of the sector's published 2023 figures (``manage.py generate_sector``) on
PostgreSQL, timed, checked and compared with the COPY of the same rows.

Creates a database ``tuphap_sector_bench`` on the server of ``DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/``), migrates it, loads the real administrative units of
both periods (``load_places``), creates the ministry and a Department of Justice per province
(the agencies the replay's registers need; no demo data, whose records would add to the
figures), then times:

* ours: ``generate_sector --year 2023 --seed 1 --scale F --no-rollups`` (the records), then the
  rollups of October 2020 – December 2023 (``sector.refresh``), then the check of every
  calibrated figure through the report engine (``sector.check``, the engine of ``manage.py
  report``);
* the baseline, in the same run: every table the replay wrote to, copied out (not timed) and
  COPYed back into an empty table of the same definition with its indexes
  (``CREATE TABLE … (LIKE … INCLUDING ALL)``, no foreign keys): the cost of putting the same
  rows into PostgreSQL with nothing computed.

Prints each time, the ratio of the records' time to the baseline, every figure (``ok`` when it
equals the calibration) and the load average; drops the database. Asserts nothing about speed.
Run: ``.venv/bin/python bench/bench_generate_sector.py --scale 0.01``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

from django_setup import setup as _setup

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "tuphap_sector_bench"
SKIPPED = ("django_migrations", "django_content_type", "auth_permission")


def _load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"


def _agencies() -> None:
    """The ministry and a Department of Justice for each province in force today."""
    from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel
    from tuphap.oversight.reception import generate as reception

    Agency.objects.get_or_create(
        code="BTP",
        defaults={"name": "Bộ Tư pháp", "kind": AgencyKind.MINISTRY, "level": AgencyLevel.NATIONAL},
    )
    reception.ensure_receivers()


def _counts(cursor: Any) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [name for (name,) in cursor.fetchall() if name not in SKIPPED]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _copy_baseline(cursor: Any, tables: list[str]) -> tuple[float, int]:
    """Seconds to COPY the rows of ``tables`` into empty tables of the same definition (the
    rows first copied out to a file, not timed), and the rows copied."""
    raw = cursor.cursor
    seconds, rows = 0.0, 0
    for table in tables:
        copy_name = f"bench_copy_{table}"[:63]
        raw.execute(f'DROP TABLE IF EXISTS "{copy_name}"')
        raw.execute(f'CREATE TABLE "{copy_name}" (LIKE "{table}" INCLUDING ALL)')
        with tempfile.TemporaryFile() as buffer:
            with raw.copy(f'COPY "{table}" TO STDOUT') as copy:
                for data in copy:
                    buffer.write(data)
            buffer.seek(0)
            started = time.perf_counter()
            with raw.copy(f'COPY "{copy_name}" FROM STDIN') as copy:
                while chunk := buffer.read(1 << 20):
                    copy.write(chunk)
            raw.connection.commit()
            seconds += time.perf_counter() - started
        raw.execute(f'SELECT count(*) FROM "{copy_name}"')
        rows += raw.fetchone()[0]
        raw.execute(f'DROP TABLE "{copy_name}"')
        raw.connection.commit()
    return seconds, rows


def run(scale: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from tuphap.web import sector

    started = time.perf_counter()
    call_command("load_places", no_progress=True, verbosity=0)
    _agencies()
    print(f"load_places and agencies: {time.perf_counter() - started:.1f} s; {_load()}", flush=True)
    with connection.cursor() as cursor:
        before = _counts(cursor)
    calibration = sector.calibrate(2023, Decimal(scale))
    out = StringIO()
    started = time.perf_counter()
    call_command(
        "generate_sector",
        year=2023,
        seed=1,
        scale=scale,
        no_rollups=True,
        no_progress=True,
        stdout=out,
    )
    records = time.perf_counter() - started
    print(out.getvalue().strip(), flush=True)
    print(f"ours, records (generate_sector --scale {scale}): {records:.1f} s; {_load()}")
    started = time.perf_counter()
    sector.refresh()
    refreshed = time.perf_counter() - started
    print(f"ours, rollups Oct 2020 – Dec 2023 (sector.refresh): {refreshed:.1f} s; {_load()}")
    started = time.perf_counter()
    checked = sector.check(calibration)
    print(f"ours, check through the report engine: {time.perf_counter() - started:.2f} s")
    for item in checked:
        expected = item.expected
        print(
            f"  {'ok' if item.ok else 'DIFFERS':7} {expected.code} {expected.period} "
            f"{expected.window}: {item.got} (calibrated {expected.value})"
        )
    with connection.cursor() as cursor:
        after = _counts(cursor)
        written = sorted(table for table, n in after.items() if n > before.get(table, 0))
        rows = sum(after[table] - before.get(table, 0) for table in written)
        baseline, copied = _copy_baseline(cursor, written)
    print(
        f"baseline, COPY of the same tables ({len(written)} tables, {copied:,} rows; "
        f"{rows:,} rows written by the replay): {baseline:.1f} s"
    )
    print(
        f"ratio records / COPY: {records / baseline:.1f}x; records + rollups / COPY: "
        f"{(records + refreshed) / baseline:.1f}x; {_load()}"
    )
    print(f"figures: {sum(i.ok for i in checked)}/{len(checked)} equal to the calibration")


def _postgres(database_url: str, arguments: list[str], name: str = DB_NAME) -> None:
    import psycopg
    from psycopg import sql

    base = database_url.rpartition("/")[0]
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        subprocess.run(  # noqa: S603 - a bench script, with a URL we built
            [sys.executable, __file__, "--inner", f"{base}/{name}", *arguments], check=True
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="0.01")
    parser.add_argument("--database", default=DB_NAME, help="the database created and dropped")
    parser.add_argument("--inner", default="")
    options = parser.parse_args()
    if options.inner:
        _setup(options.inner)
        run(options.scale)
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    started = time.perf_counter()
    _postgres(url, ["--scale", options.scale], options.database)
    print(f"total: {time.perf_counter() - started:.1f} s; {_load()}")


if __name__ == "__main__":
    main()
