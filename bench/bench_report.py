"""B6: the statistics report over five years of monthly rollups, against DuckDB.

Builds a throw-away SQLite database under ``var/bench/`` with 34 synthetic provinces and 3,321
synthetic communes, writes 3 indicators × 60 months (2021-01..2025-12, the whole TERM2021) ×
3,321 communes ≈ 600k rollup rows through the same adapter the refresh job uses, then times the
report for 2025 (value, previous year, same period last year, term to date; three stored
indicators and one ratio) at nation and province level through our engine. Baselines measured in
the same run over the same rows:

* DuckDB (2 threads) doing the same aggregation (four windowed sums per indicator and group);
* the same aggregation as one hand-written SQL statement on SQLite (what the engine's SQL costs
  without the ORM, mapping and row assembly).

If ``DATABASE_URL`` names PostgreSQL, the script runs itself again against a throw-away
database ``tuphap_bench`` on that server (created and dropped here).

Run: ``.venv/bin/python bench/bench_report.py``. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import csv
import datetime
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django_setup import setup as _setup

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
COMMUNES = 3321
YEARS = 5
LAST_MONTH = datetime.date(2025, 12, 1)
PERIOD = "2025"
RUNS = 5
CODES = ("bench.cases.received", "bench.cases.done", "bench.money.collected")
RATIO = "bench.cases.done_rate"


def _median(function: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    function()  # warm caches
    timings = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def _register() -> None:
    from tuphap.statistics.indicators import Aggregation, Indicator, Unit
    from tuphap.statistics.registry import registry

    def nothing(start: datetime.date, end: datetime.date) -> list[Any]:
        return []

    for code in CODES:
        unit = Unit.VND if "money" in code else Unit.COUNT
        registry.register(Indicator(code, code, code, unit, source=nothing))
    registry.register(
        Indicator(
            RATIO,
            RATIO,
            RATIO,
            Unit.PERCENT,
            aggregation=Aggregation.RATIO,
            numerator=CODES[1],
            denominator=CODES[0],
        )
    )


def _duckdb_baseline(
    rows_csv: Path, windows: dict[str, tuple[datetime.date, datetime.date]]
) -> Any:
    import duckdb

    database = duckdb.connect()
    database.execute("SET threads = 2")
    started = time.perf_counter()
    database.execute(
        "CREATE TABLE rollup AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'indicator': 'VARCHAR', 'month': 'DATE', 'place_id': 'BIGINT', "
        "'province_id': 'BIGINT', 'value': 'BIGINT'})",
        [str(rows_csv)],
    )
    load = time.perf_counter() - started
    low = min(start for start, _ in windows.values())
    high = max(end for _, end in windows.values())
    sums = ", ".join(
        f"SUM(value) FILTER (WHERE month BETWEEN DATE '{start}' AND DATE '{end}') AS {name}"
        for name, (start, end) in windows.items()
    )

    def query(group: str) -> Callable[[], Any]:
        keys = "indicator" + (f", {group}" if group else "")
        sql = (
            f"SELECT {keys}, {sums} FROM rollup WHERE indicator IN {tuple(CODES)!r} "
            f"AND month BETWEEN DATE '{low}' AND DATE '{high}' GROUP BY {keys}"
        )
        return lambda: database.execute(sql).fetchall()

    return database, load, query


def run() -> None:
    from django.db import connection

    from tuphap.core import periods
    from tuphap.statistics import selectors, services
    from tuphap.statistics.models import Rollup

    _register()
    print(f"engine: {connection.vendor}; {COMMUNES} communes × {YEARS * 12} months × {len(CODES)}")
    started = time.perf_counter()
    result = services.rollup_generate(
        actor=None,
        indicators=list(CODES),
        communes=COMMUNES,
        years=YEARS,
        seed=6,
        last_month=LAST_MONTH,
    )
    print(f"wrote {result.written:,} rollup rows in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Rollup._meta.db_table}")

    period = periods.parse(PERIOD)
    windows = {
        "w_value": (period.start, period.end),
        "w_previous": (period.previous().start, period.previous().end),
        "w_last_year": (
            period.same_period_last_year().start,
            period.same_period_last_year().end,
        ),
        "w_term_to_date": (period.term_start(), period.end),
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    rows_csv = BENCH_DIR / f"rollups-{connection.vendor}.csv"
    with connection.cursor() as cursor, rows_csv.open("w", newline="") as handle:
        cursor.execute(
            f"SELECT indicator, month, place_id, province_id, value FROM {Rollup._meta.db_table}"
        )
        writer = csv.writer(handle)
        writer.writerow(["indicator", "month", "place_id", "province_id", "value"])
        while batch := cursor.fetchmany(50_000):
            writer.writerows(batch)
    duck, load, duck_query = _duckdb_baseline(rows_csv, windows)
    print(f"DuckDB load of the same rows: {load:.2f} s")

    low = min(start for start, _ in windows.values())
    high = max(end for _, end in windows.values())
    sums = ", ".join(
        f"SUM(CASE WHEN month BETWEEN %s AND %s THEN value END) AS {name}" for name in windows
    )
    params: list[Any] = [day for pair in windows.values() for day in pair]

    def raw(group: str) -> Callable[[], Any]:
        keys = "indicator" + (f", {group}" if group else "")
        sql = (
            f"SELECT {keys}, {sums} FROM {Rollup._meta.db_table} WHERE indicator IN "
            f"(%s, %s, %s) AND month BETWEEN %s AND %s GROUP BY {keys}"
        )

        def execute() -> Any:
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, *CODES, low, high])
                return cursor.fetchall()

        return execute

    print(f"report {PERIOD}: {', '.join(CODES)}, {RATIO}; median of {RUNS} runs")
    for level, group in (("nation", ""), ("province", "province_id")):
        query = selectors.report_query_parse(indicators=[*CODES, RATIO], period=PERIOD, level=level)
        ours, report = _median(lambda query=query: selectors.report_national(query))
        duck_time, duck_rows = _median(duck_query(group))
        raw_time, _rows = _median(raw(group))
        total = sum(row["value"] for row in report.rows if row["indicator"] == CODES[0])
        check = sum(row[-4] for row in duck_rows if row[0] == CODES[0])
        assert total == check, (total, check)  # the same figures, not a speed assertion
        print(
            f"  {level:8s} ours {ours * 1000:8.1f} ms ({len(report.rows)} rows) | "
            f"DuckDB {duck_time * 1000:7.1f} ms → ratio {ours / duck_time:6.1f}× | "
            f"naive SQL on {connection.vendor} {raw_time * 1000:7.1f} ms → ratio "
            f"{ours / raw_time:4.2f}×"
        )
    duck.close()
    rows_csv.unlink()


def _postgres_run(database_url: str) -> None:
    """Run this script again against a throw-away database on the same PostgreSQL server."""
    import psycopg
    from psycopg import sql

    base, _, _name = database_url.rpartition("/")
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier("tuphap_bench")))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier("tuphap_bench")))
    try:
        subprocess.run(  # noqa: S603  (this script, with a URL we built)
            [sys.executable, __file__, "--inner", f"{base}/tuphap_bench"], check=True
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier("tuphap_bench"))
            )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        _setup(sys.argv[2])
        run()
        return
    configured = os.environ.get("DATABASE_URL", "")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "bench_report.sqlite3"
    for path in BENCH_DIR.glob("bench_report.sqlite3*"):
        path.unlink()
    started = time.perf_counter()
    subprocess.run(  # noqa: S603  (this script, with a throw-away SQLite file)
        [sys.executable, __file__, "--inner", f"sqlite:///{database}"], check=True
    )
    for path in BENCH_DIR.glob("bench_report.sqlite3*"):
        path.unlink()
    if configured.startswith(("postgres://", "postgresql://")):
        print()
        _postgres_run(configured)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
