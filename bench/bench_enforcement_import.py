"""B1 for THADS: the bulk import of enforcement cases against the engine's bulk path.

Builds a throw-away database (SQLite under ``var/bench/``, or a PostgreSQL database
``tuphap_bench_thads`` created and dropped here when ``DATABASE_URL`` names PostgreSQL) with 63
old and 34 new synthetic provinces of 20 communes each and the THADS offices of both periods,
generates a CSV of ``--cases`` cases (default 20,000; the national figure is 190,000 — run
``--cases 190000`` for it, ≈10× longer) and times:

* ours: ``imports.import_file`` — read the two CSV files (cases, money movements), validate
  every row against the database (and every movement against its case's running balance), and
  load judgments, requests, cases (numbered from locked counters), details, obligors,
  obligations, one journal row per case, the movements and the audit row in one transaction;
* the baseline, same run, same tables and indexes, after truncating them: the very rows ours
  wrote, put back with ``COPY … FROM STDIN`` (PostgreSQL) or ``executemany`` in one transaction
  (SQLite) — no reading, no validation, no numbering.

Prints rows/s for both and the ratio (ours ÷ baseline throughput). Asserts nothing about speed.
Run: ``.venv/bin/python bench/bench_enforcement_import.py [--cases N] [--database-name NAME]
[--profile FILE]`` (the throw-away PostgreSQL database's name, by default
``tuphap_bench_thads``; ``--profile``: after the measured runs, our import once more under
cProfile, its statistics dumped to FILE). Prints the load average at the start and the end.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django_setup import setup as _setup

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_NAME = "tuphap_bench_thads"
TODAY = datetime.date(2026, 11, 23)


def synthetic_places(communes: int = 20) -> None:
    """63 old provinces and 34 new ones, each with ``communes`` communes."""
    from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

    old_end = REORGANISATION_DATE - datetime.timedelta(days=1)
    for old in (True, False):
        count = 63 if old else 34
        valid = (
            {"valid_from": None, "valid_to": old_end}
            if old
            else {
                "valid_from": REORGANISATION_DATE,
                "valid_to": None,
            }
        )
        provinces = AdministrativeUnit.objects.bulk_create(
            [
                AdministrativeUnit(
                    code=f"{index:02d}",
                    name=f"Tỉnh {index}",
                    name_folded=f"tinh {index}",
                    level=Level.PROVINCE,
                    **valid,
                )
                for index in range(1, count + 1)
            ]
        )
        for province in provinces:
            province.province = province
        AdministrativeUnit.objects.bulk_update(provinces, ["province"])
        AdministrativeUnit.objects.bulk_create(
            [
                AdministrativeUnit(
                    code=f"{province.code}{index:03d}",
                    name=f"Xã {province.code}-{index}",
                    name_folded=f"xa {province.code}-{index}",
                    level=Level.COMMUNE,
                    parent=province,
                    province=province,
                    **valid,
                )
                for province in provinces
                for index in range(1, communes + 1)
            ]
        )


def write_csv(path: Path, money: Path, cases: int) -> tuple[int, int]:
    from tuphap.accounts.models import Agency
    from tuphap.enforcement.cases import generate, imports

    offices = generate.ensure_offices()
    rows = generate.build_rows(cases=cases, seed=1, years=5, today=TODAY, offices=offices)
    codes = dict(Agency.objects.values_list("pk", "code"))
    movements = 0
    with money.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(imports.MOVEMENT_COLUMN_NAMES)
        for row in rows:
            for kind, amount, day, note in row.movements:
                writer.writerow(
                    [
                        codes[row.agency_id],
                        row.decision_number,
                        "",
                        kind,
                        str(amount),
                        day.isoformat(),
                        note,
                    ]
                )
                movements += 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(imports.COLUMN_NAMES)
        for row in rows:
            values = {
                "agency_code": codes[row.agency_id],
                "judgment_court": row.court_name,
                "judgment_number": row.judgment_number,
                "judgment_date": row.judgment_date.isoformat(),
                "judgment_type": row.judgment_kind,
                "judgment_effective_date": row.effective_on.isoformat(),
                "request_basis": row.basis,
                "request_date": row.requested_on.isoformat(),
                "requester_name": row.requester_name,
                "decision_number": row.decision_number,
                "decision_date": row.decision_date.isoformat(),
                "place_id": str(row.place_id),
                "place_code": "",
                "place_boundaries": "",
                "amount": str(row.amount),
                "obligation": row.obligation,
                "obligor_name": row.obligor_name,
                "obligor_kind": row.obligor_kind,
                "obligor_identification": "",
                "asset_recovery": "1" if row.asset_recovery else "0",
                "credit_institution_debt": "1" if row.credit_institution_debt else "0",
                "state": row.state,
                "state_date": row.steps[-1][3].isoformat(),
                "condition_ground": row.condition_ground,
            }
            writer.writerow([values[name] for name in imports.COLUMN_NAMES])
    return len(rows), movements


def _tables() -> list[Any]:
    from tuphap.casework.models import Case, CaseAction
    from tuphap.enforcement.cases.models import (
        EnforcementCase,
        EnforcementRequest,
        Judgment,
        Movement,
        Obligation,
        Party,
    )

    return [
        Judgment,
        EnforcementRequest,
        Case,
        EnforcementCase,
        Party,
        Obligation,
        CaseAction,
        Movement,
    ]


def _columns(model: Any) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def dump() -> dict[Any, list[tuple[Any, ...]]]:
    from django.db import connection

    result = {}
    with connection.cursor() as cursor:
        for model in _tables():
            columns = ", ".join(f'"{c}"' for c in _columns(model))
            cursor.execute(f'SELECT {columns} FROM "{model._meta.db_table}"')
            result[model] = list(cursor.fetchall())
    return result


def truncate() -> None:
    from django.db import connection, transaction

    tables = [model._meta.db_table for model in reversed(_tables())]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(f'"{t}"' for t in tables)
            cursor.execute(f"TRUNCATE {names}, casework_casecounter CASCADE")
        else:
            for table in [*tables, "casework_casecounter"]:
                cursor.execute(f'DELETE FROM "{table}"')
        cursor.execute("DELETE FROM core_auditevent")


def baseline(rows: dict[Any, list[tuple[Any, ...]]]) -> float:
    """The same rows back into the same tables, thinnest path, one transaction."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, values in rows.items():
            columns = _columns(model)
            names = ", ".join(f'"{c}"' for c in columns)
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                raw: Any = cursor.cursor
                with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in values:
                        copy.write_row(
                            [json.dumps(v) if isinstance(v, dict | list) else v for v in row]
                        )
            else:
                marks = ", ".join("?" for _ in columns)
                connection.connection.executemany(
                    f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                    values,
                )
    return time.perf_counter() - started


def _load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _profiled(path: Path, money: Path, user: Any, target: str) -> None:
    """Our import once more under cProfile (after the measured runs, on truncated tables), the
    statistics dumped to ``target`` (read them with ``python -m pstats``)."""
    import cProfile

    from tuphap.enforcement.cases import imports

    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    imports.import_file(path, actor=user, movements=money)
    profile.disable()
    print(f"profiled import (not a figure): {time.perf_counter() - started:.2f} s -> {target}")
    profile.dump_stats(target)


def run(cases: int, profile: str = "") -> None:
    from django.db import connection

    from tuphap.enforcement.cases import generate, imports

    print(f"load average at start: {_load_average()}")
    synthetic_places()
    path = BENCH_DIR / "thads_import.csv"
    money = BENCH_DIR / "thads_import_movements.csv"
    started = time.perf_counter()
    count, movements = write_csv(path, money, cases)
    print(
        f"generated {count:,} cases and {movements:,} movements into {path.name}, {money.name} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    user = generate.generator_user()

    started = time.perf_counter()
    raws, _errors = imports.read_rows(path)
    rows, errors = imports.validate(raws)
    money_raws, _errors = imports.read_rows(money, movements=True)
    _batch, money_errors = imports.validate_movements(money_raws, cases=rows)
    checked = time.perf_counter() - started
    if errors or money_errors:
        raise SystemExit(f"unexpected errors: {(errors + money_errors)[:5]}")
    del rows, raws, money_raws
    truncate()
    started = time.perf_counter()
    result, _rows = imports.import_file(path, actor=user, movements=money)
    ours = time.perf_counter() - started
    del _rows
    assert result is not None
    written = dump()
    total = sum(len(values) for values in written.values())
    truncate()
    base = baseline(written)
    again = dump()
    if sum(len(values) for values in again.values()) != total:
        raise SystemExit("baseline wrote a different number of rows")
    truncate()
    engine = connection.vendor
    print(
        f"engine: {engine}; cases: {count:,}; movements: {result.movements:,}; "
        f"rows written per run: {total:,}"
    )
    print(
        f"ours   (read + validate + numbered load + journal + audit): {ours:7.2f} s "
        f"= {total / ours:10,.0f} rows/s = {count / ours:9,.0f} cases/s"
    )
    print(f"         of which read + validate alone: {checked:.2f} s")
    name = "COPY" if engine == "postgresql" else "executemany, one transaction"
    print(
        f"baseline ({name}, same rows, same tables): {base:7.2f} s = {total / base:10,.0f} rows/s"
    )
    print(f"ratio ours/baseline throughput: {base / ours:.2f}")
    print(f"load average at end: {_load_average()}")
    if profile:
        _profiled(path, money, user, profile)
        truncate()
    path.unlink()
    money.unlink()


def _postgres(database_url: str, cases: int, name: str = DB_NAME, profile: str = "") -> None:
    import psycopg
    from psycopg import sql

    base, _, _name = database_url.rpartition("/")
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        subprocess.run(  # noqa: S603 - this script, with a URL we built
            [
                sys.executable,
                __file__,
                "--inner",
                f"{base}/{name}",
                "--cases",
                str(cases),
                *(["--profile", profile] if profile else []),
            ],
            check=True,
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--inner", default="")
    parser.add_argument(
        "--database-name",
        default=DB_NAME,
        help="the throw-away PostgreSQL database (created and dropped here)",
    )
    parser.add_argument(
        "--profile",
        default="",
        metavar="FILE",
        help="after the measured runs, import once more under cProfile and dump it to FILE",
    )
    arguments = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if arguments.inner:
        _setup(arguments.inner)
        run(arguments.cases, arguments.profile)
        return
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        _postgres(url, arguments.cases, arguments.database_name, arguments.profile)
        return
    database = BENCH_DIR / "bench_enforcement_import.sqlite3"
    for old in BENCH_DIR.glob("bench_enforcement_import.sqlite3*"):
        old.unlink()
    try:
        subprocess.run(  # noqa: S603 - this script, with a throw-away SQLite file
            [
                sys.executable,
                __file__,
                "--inner",
                f"sqlite:///{database}",
                "--cases",
                str(arguments.cases),
                *(["--profile", arguments.profile] if arguments.profile else []),
            ],
            check=True,
        )
    finally:
        for old in BENCH_DIR.glob("bench_enforcement_import.sqlite3*"):
            old.unlink()


if __name__ == "__main__":
    main()
