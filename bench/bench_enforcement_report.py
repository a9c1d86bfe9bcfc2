"""B6 for THADS: the national annual enforcement report by province against DuckDB.

Builds a throw-away database (SQLite under ``var/bench/``, or a PostgreSQL database
``tuphap_bench_thads_report`` created and dropped here when ``DATABASE_URL`` names PostgreSQL),
loads the real administrative units of both periods and the old → new crosswalk
(``load_places``), generates ``--cases`` enforcement cases over five THADS years with their
journals and money movements (``generate.generate``, the import's bulk path), and refreshes the
monthly rollups of the stored ``thads.cases.*`` and ``thads.money.*`` indicators
(``statistics.services.rollup_refresh``, which computes the register's figures). The default
size (3,000 cases, ≈520k rollup rows) keeps the run under about three minutes; the national
yearly intake (``--cases 190000``) makes several million rollup rows and does not (the
refresh is dominated by writing them; see docs/domain/enforcement-import.md §3).

Then times, median of ``--runs`` runs after a warm-up:

* ours: ``statistics.selectors.report_national`` for ``THADS2025`` at province level (new
  boundaries), all ``thads.cases.*`` and ``thads.money.*`` indicators (the two rates included)
  — four windows each (the year, the previous year, the same period last year, the term to
  date), the identities checked, old provinces mapped onto the new ones;
* DuckDB (threads = 2) over the same rollup rows: the same windowed sums per indicator and new
  province, given the windows of each indicator (by its time behaviour) and the place → new
  province map as two small tables built before timing (the crosswalk is data, not work).

Prints both, the ratio, and checks that both give the same national totals. Asserts nothing
about speed. Run: ``.venv/bin/python bench/bench_enforcement_report.py [--cases N] [--runs R]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_NAME = "tuphap_bench_thads_report"
SQLITE = "bench_enforcement_report.sqlite3"
TODAY = datetime.date(2026, 11, 23)
PERIOD = "THADS2025"
YEARS = 5


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "true"
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _median(function: Callable[[], Any], runs: int) -> tuple[float, Any]:
    result = function()  # warm caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def _step(label: str, function: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def build(cases: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from tuphap.enforcement.cases import generate
    from tuphap.statistics import services
    from tuphap.statistics.models import ProvinceRollup, Rollup

    _step(
        "load_places (real units, both periods, crosswalk)",
        lambda: call_command("load_places", no_progress=True, verbosity=0),
    )
    result = _step(
        f"generate {cases:,} cases (offices, journals, movements; bulk load)",
        lambda: generate.generate(cases=cases, seed=1, years=YEARS, today=TODAY),
    )
    print(
        f"  {result.cases:,} cases, {result.actions:,} journal rows, {result.movements:,} movements"
    )
    first, last = generate.year_range(YEARS, TODAY)
    codes = generate.rollup_codes()
    _step(
        f"rollup_refresh of {len(codes)} indicators × {YEARS * 12} months",
        lambda: services.rollup_refresh(
            actor=None, indicators=codes, first_month=first, last_month=last
        ),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Rollup._meta.db_table}")
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {ProvinceRollup._meta.db_table}")
    print(
        f"  {Rollup.objects.count():,} rollup rows, "
        f"{ProvinceRollup.objects.count():,} province totals (ADR 0020)"
    )


def _inputs(
    query: Any, path: Path
) -> tuple[list[tuple[str, str, str, datetime.date, datetime.date]], dict[int, int]]:
    """The windows of each indicator, the place → new province map, and the rollup rows
    written to ``path`` (CSV) for DuckDB."""
    from django.db import connection

    from tuphap.core.periods import add_months
    from tuphap.statistics import reports
    from tuphap.statistics.boundaries import BoundaryMap
    from tuphap.statistics.models import Rollup
    from tuphap.statistics.registry import registry

    stored = registry.components(dict.fromkeys(query.indicators))
    windows = reports._Windows.of(query.period)
    spans = []
    for indicator in stored:
        for window in reports.WINDOWS:
            months = windows.needed(indicator, window)
            if months:
                spans.append((indicator.code, indicator.code, window, months[0], months[-1]))
    # the opening stocks the derived figures read: the month before each window (ADR 0020)
    for indicator in registry.openings(dict.fromkeys(query.indicators)):
        for window in reports.WINDOWS:
            before = add_months(windows.months[window][0], -1)
            spans.append((indicator.code, f"{indicator.code}@opening", window, before, before))
    codes = [indicator.code for indicator in stored]
    first = add_months(windows.first, -1)
    rows = Rollup.objects.filter(indicator__in=codes, month__gte=first, month__lte=windows.last)
    pairs = set(rows.values_list("place_id", "province_id").distinct())
    boundary = BoundaryMap(query.boundaries)
    boundary.load({province for _place, province in pairs})
    ambiguous = {p for _pl, p in pairs if boundary.province_is_ambiguous(p)}
    boundary.load({place for place, province in pairs if province in ambiguous})
    target = {
        place: (
            boundary.province_target(place).unit_id
            if province in ambiguous
            else boundary.unit_target(province).unit_id
        )
        for place, province in pairs
    }
    with connection.cursor() as cursor, path.open("w", newline="") as handle:
        cursor.execute(
            f"SELECT indicator, month, place_id, province_id, value FROM "
            f"{Rollup._meta.db_table} WHERE month BETWEEN %s AND %s",
            [first, windows.last],
        )
        writer = csv.writer(handle)
        writer.writerow(["indicator", "month", "place_id", "province_id", "value"])
        while batch := cursor.fetchmany(50_000):
            writer.writerows(batch)
    return spans, target


def _duckdb(
    path: Path,
    spans: list[tuple[str, str, str, datetime.date, datetime.date]],
    target: dict[int, int],
) -> tuple[Any, Callable[[], Any]]:
    import duckdb

    database = duckdb.connect()
    database.execute("SET threads = 2")
    database.execute(
        "CREATE TABLE rollup AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'indicator': 'VARCHAR', 'month': 'DATE', 'place_id': 'BIGINT', "
        "'province_id': 'BIGINT', 'value': 'BIGINT'})",
        [str(path)],
    )
    database.execute(
        "CREATE TABLE win (indicator VARCHAR, figure VARCHAR, w VARCHAR, low DATE, high DATE)"
    )
    database.executemany("INSERT INTO win VALUES (?, ?, ?, ?, ?)", spans)
    database.execute("CREATE TABLE map (place_id BIGINT, target BIGINT)")
    database.executemany("INSERT INTO map VALUES (?, ?)", sorted(target.items()))
    sql = (
        "SELECT win.figure, m.target, win.w, SUM(r.value) FROM rollup r "
        "JOIN win ON win.indicator = r.indicator AND r.month BETWEEN win.low AND win.high "
        "JOIN map m ON m.place_id = r.place_id GROUP BY ALL"
    )
    return database, lambda: database.execute(sql).fetchall()


def run(cases: int, runs: int) -> None:
    from django.db import connection

    from tuphap.enforcement.cases import generate, indicators
    from tuphap.statistics import reports, selectors

    build(cases)
    codes = generate.rollup_codes()  # stored: flows and month-end stocks
    derived = [i.code for i in indicators.INDICATORS if i.aggregation == "derived"]
    rates = ["thads.cases.rate", "thads.money.rate"]
    query = selectors.report_query_parse(
        indicators=[*codes, *derived, *rates], period=PERIOD, level=reports.PROVINCE
    )
    path = BENCH_DIR / f"thads-rollups-{connection.vendor}.csv"
    spans, target = _inputs(query, path)
    duck, duck_query = _duckdb(path, spans, target)
    path.unlink()

    ours, report = _median(lambda: selectors.report_national(query), runs)
    theirs, duck_rows = _median(duck_query, runs)

    # The same figures, not a speed assertion: national totals of every stored indicator.
    national: dict[tuple[str, str], int] = defaultdict(int)
    # an opening stock is the report's carried-in figure (derived as carried_out@opening)
    openings = {
        i.terms[0]: i.code
        for i in indicators.INDICATORS
        if i.aggregation == "derived" and len(i.terms) == 1 and i.terms[0].endswith("@opening")
    }
    compared = {*codes, *openings.values()}
    for code, _target, window, total in duck_rows:
        national[(openings.get(code, code), window)] += int(total)
    for row in report.rows:
        if row["indicator"] not in compared:
            continue  # rates and derived figures are computed from the stored ones
        for window in reports.WINDOWS:
            if row[window] is not None:
                national[(row["indicator"], window)] -= int(row[window])
    wrong = {key: value for key, value in national.items() if value}
    if wrong:
        raise SystemExit(f"ours and DuckDB differ: {sorted(wrong.items())[:5]}")
    provinces = len({row["place"] for row in report.rows})
    print(
        f"engine: {connection.vendor}; report {PERIOD} by province (new boundaries): "
        f"{len(codes)} stored + {len(derived)} derived indicators + {len(rates)} rates × "
        f"{provinces} provinces × 4 windows"
        f" = {len(report.rows):,} rows, {len(report.failures)} identity failure(s); "
        f"median of {runs} runs"
    )
    print(f"ours   (selectors.report_national): {ours * 1000:8.1f} ms")
    print(f"DuckDB (threads = 2, same rollup rows): {theirs * 1000:8.1f} ms")
    print(f"ratio ours/DuckDB time: {ours / theirs:.1f}×")
    duck.close()


def _postgres(database_url: str, arguments: list[str]) -> None:
    import psycopg
    from psycopg import sql

    base, _, _name = database_url.rpartition("/")
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    try:
        subprocess.run(  # noqa: S603 - this script, with a URL we built
            [sys.executable, __file__, "--inner", f"{base}/{DB_NAME}", *arguments], check=True
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DB_NAME)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--inner", default="")
    options = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if options.inner:
        _setup(options.inner)
        run(options.cases, options.runs)
        return
    forwarded = ["--cases", str(options.cases), "--runs", str(options.runs)]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        _postgres(url, forwarded)
    else:
        database = BENCH_DIR / SQLITE
        for old in BENCH_DIR.glob(f"{SQLITE}*"):
            old.unlink()
        try:
            subprocess.run(  # noqa: S603 - this script, with a throw-away SQLite file
                [sys.executable, __file__, "--inner", f"sqlite:///{database}", *forwarded],
                check=True,
            )
        finally:
            for old in BENCH_DIR.glob(f"{SQLITE}*"):
                old.unlink()
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
