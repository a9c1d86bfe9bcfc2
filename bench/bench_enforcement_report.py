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

* DuckDB, the same report, over the same rollup rows and again over the province totals our
  report reads (the pre-aggregation of ADR 0020, so that this last ratio isolates the engine):
  the sums above, then in the same statement every derived figure
  (the signed stored leaves of its terms, openings included), the two rates and the identities,
  pivoted to one row per (indicator, province) with its four windows and fetched into Python —
  the work our report does, so the ratio against it compares like with like. The derived terms
  are flattened to stored leaves before timing (they are definitions, not work).

Prints ours, both DuckDB figures and both ratios, and checks that DuckDB's report gives every
figure of ours (1,224 rows × 4 windows at province level) and no identity failure. Asserts
nothing about speed.
Run: ``.venv/bin/python bench/bench_enforcement_report.py [--cases N] [--runs R] [--years Y]``
(one national year: ``--cases 920000 --years 1``). A national dataset is built once and kept:
``--database NAME --keep --build-only --no-refresh`` (PostgreSQL), then benched with
``--database NAME --reuse`` (refresh and report; ``--no-refresh`` for the report alone); the
incremental bench takes the same options. Prints the refresh's time and the process's peak RSS.
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

from django_setup import setup as _setup

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_NAME = "tuphap_bench_thads_report"
SQLITE = "bench_enforcement_report.sqlite3"
TODAY = datetime.date(2026, 11, 23)
PERIOD = "THADS2025"
YEARS = 5  # default; --years 1 --cases 920000 is one national year


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


def build(cases: int, years: int = YEARS, *, reuse: bool = False, refresh: bool = True) -> None:
    """Places, ``cases`` generated cases and the full refresh; with ``reuse`` the database
    already holds the places and cases (a ``--keep`` run's) and only the refresh is run (none
    when not ``refresh``)."""
    from django.core.management import call_command
    from django.db import connection

    from tuphap.enforcement.cases import generate
    from tuphap.enforcement.cases.models import EnforcementCase
    from tuphap.statistics import services
    from tuphap.statistics.models import ProvinceRollup, Rollup

    if reuse:
        print(f"reused: {EnforcementCase.objects.count():,} cases already generated", flush=True)
    else:
        _step(
            "load_places (real units, both periods, crosswalk)",
            lambda: call_command("load_places", no_progress=True, verbosity=0),
        )
        result = _step(
            f"generate {cases:,} cases (offices, journals, movements; bulk load)",
            lambda: generate.generate(cases=cases, seed=1, years=years, today=TODAY),
        )
        print(
            f"  {result.cases:,} cases, {result.actions:,} journal rows, "
            f"{result.movements:,} movements; load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    first, last = generate.year_range(years, TODAY)
    codes = generate.rollup_codes()
    if refresh:
        _step(
            f"rollup_refresh of {len(codes)} indicators × {years * 12} months",
            lambda: services.rollup_refresh(
                actor=None, indicators=codes, first_month=first, last_month=last
            ),
        )
        print(
            f"  peak RSS {_peak_rss_mb():,.0f} MB; load average {os.getloadavg()[0]:.1f}",
            flush=True,
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


def _peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB (Linux: ru_maxrss in kB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _inputs(
    query: Any, path: Path
) -> tuple[list[tuple[str, str, str, datetime.date, datetime.date]], dict[int, int]]:
    """The windows of each indicator, the place → new province map, and the rollup rows
    written to ``path`` (CSV) for DuckDB."""
    from django.db import connection

    from tuphap.core.periods import add_months
    from tuphap.statistics import reports
    from tuphap.statistics.boundaries import BoundaryMap
    from tuphap.statistics.models import ProvinceRollup, Rollup
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
        writer.writerow(["source", "indicator", "month", "place_id", "province_id", "value"])
        while batch := cursor.fetchmany(50_000):
            writer.writerows(("rollup", *row) for row in batch)
        # The province totals ours reads (ADR 0020), as rows of the same shape with the
        # province as the place; only when no province is split between new ones (the real
        # crosswalk merges provinces whole), else that comparison is not made.
        if not ambiguous:
            cursor.execute(
                f"SELECT indicator, month, province_id, province_id, value FROM "
                f"{ProvinceRollup._meta.db_table} WHERE month BETWEEN %s AND %s",
                [first, windows.last],
            )
            while batch := cursor.fetchmany(50_000):
                writer.writerows(("totals", *row) for row in batch)
            target.update(
                {province: boundary.unit_target(province).unit_id for _pl, province in pairs}
            )
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
        "CREATE TABLE facts AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'source': 'VARCHAR', 'indicator': 'VARCHAR', 'month': 'DATE', "
        "'place_id': 'BIGINT', 'province_id': 'BIGINT', 'value': 'BIGINT'})",
        [str(path)],
    )
    for table in ("rollup", "totals"):
        database.execute(
            f"CREATE TABLE {table} AS SELECT indicator, month, place_id, province_id, value "
            f"FROM facts WHERE source = '{table}'"
        )
    database.execute("DROP TABLE facts")
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


def _flatten(registry: Any, code: str, opening: bool = False) -> list[tuple[int, str]]:
    """The signed stored figures a derived one adds up (``code@opening`` for an opening)."""
    from tuphap.statistics.indicators import OPENING

    indicator = registry.get(code)
    if indicator.is_stored:
        return [(1, code + OPENING if opening else code)]
    return [
        (sign * inner, leaf)
        for sign, part, part_opening in indicator.signed_terms
        for inner, leaf in _flatten(registry, part, part_opening)
    ]


def _available(spans: list[tuple[str, str, str, datetime.date, datetime.date]]) -> list[Any]:
    """The (figure, window) pairs whose months were computed (``RollupCoverage``): a figure
    whose window was never computed is empty in the report, not zero, and so is a derived
    figure with such a term."""
    from tuphap.statistics.models import RollupCoverage

    covered = set(RollupCoverage.objects.values_list("indicator", "month"))
    return [
        (figure, window)
        for code, figure, window, low, high in spans
        if any(c == code and low <= month <= high for c, month in covered)
    ]


def _duckdb_report(
    database: Any, query: Any, identities: list[Any], available: list[Any]
) -> tuple[Callable[[str], Callable[[], Any]], int]:
    """DuckDB computing the whole report over the tables ``_duckdb`` made: stored sums,
    derived figures, rates and identities, one row per (indicator, target) with its windows.
    Returns the query over a table of facts (``rollup``, or ``totals``: the province totals)
    and the number of identities checked."""
    from tuphap.statistics import reports
    from tuphap.statistics.indicators import Aggregation
    from tuphap.statistics.registry import registry

    windows = reports._Windows.of(query.period)
    terms, allowed, rates = [], [], []
    for code in query.indicators:
        indicator = registry.get(code)
        if indicator.aggregation is Aggregation.DERIVED:
            terms += [(code, leaf, sign) for sign, leaf in _flatten(registry, code)]
            # a year-to-date figure has no term-to-date window (its time behaviour)
            allowed += [(code, w) for w in reports.WINDOWS if windows.needed(indicator, w)]
        elif indicator.aggregation is Aggregation.RATIO:
            rates.append((code, *indicator.parts))
    checks = [
        (str(identity.code), identity.left, sign, term)
        for identity in identities
        for sign, term in identity.terms
    ]
    database.execute("CREATE TABLE term (code VARCHAR, leaf VARCHAR, sign INTEGER)")
    database.executemany("INSERT INTO term VALUES (?, ?, ?)", terms)
    database.execute("CREATE TABLE rate (code VARCHAR, num VARCHAR, den VARCHAR)")
    database.executemany("INSERT INTO rate VALUES (?, ?, ?)", rates)
    database.execute("CREATE TABLE dwin (code VARCHAR, w VARCHAR)")
    database.executemany("INSERT INTO dwin VALUES (?, ?)", allowed)
    database.execute("CREATE TABLE avail (code VARCHAR, w VARCHAR)")
    database.executemany("INSERT INTO avail VALUES (?, ?)", available)
    database.execute("CREATE TABLE ident (code VARCHAR, lhs VARCHAR, sign INTEGER, term VARCHAR)")
    database.executemany("INSERT INTO ident VALUES (?, ?, ?, ?)", checks)
    sql = """
        WITH base AS (
            SELECT win.figure AS code, m.target, win.w, SUM(r.value) AS v FROM {facts} r
            JOIN win ON win.indicator = r.indicator AND r.month BETWEEN win.low AND win.high
            JOIN map m ON m.place_id = r.place_id GROUP BY ALL
        ), targets AS (SELECT DISTINCT target, w FROM base),
        derived AS (
            SELECT t.code, g.target, g.w,
                   CASE WHEN COUNT(a.code) < COUNT(*) THEN NULL
                        ELSE COALESCE(SUM(t.sign * b.v), 0) END AS v
            FROM term t JOIN dwin d ON d.code = t.code JOIN targets g ON g.w = d.w
            LEFT JOIN avail a ON a.code = t.leaf AND a.w = g.w
            LEFT JOIN base b ON b.code = t.leaf AND b.target = g.target AND b.w = g.w
            GROUP BY t.code, g.target, g.w
        ), figures AS (SELECT * FROM base UNION ALL SELECT * FROM derived),
        rates AS (
            SELECT r.code, n.target, n.w,
                   CASE WHEN d.v = 0 THEN NULL ELSE ROUND(n.v * 100.0 / d.v, 2) END AS v
            FROM rate r JOIN figures n ON n.code = r.num
            JOIN figures d ON d.code = r.den AND d.target = n.target AND d.w = n.w
        ), failures AS (
            SELECT i.code, l.target, l.w FROM ident i
            JOIN figures l ON l.code = i.lhs
            LEFT JOIN figures t ON t.code = i.term AND t.target = l.target AND t.w = l.w
            GROUP BY i.code, l.target, l.w, l.v
            HAVING l.v IS NOT NULL AND COUNT(t.v) = COUNT(*)
               AND l.v <> SUM(i.sign * t.v)
        ), every AS (
            SELECT code, target, w, v::DOUBLE AS v FROM figures UNION ALL SELECT * FROM rates
        )
        SELECT 'row' AS kind, code, target,
               MAX(v) FILTER (WHERE w = 'value'), MAX(v) FILTER (WHERE w = 'previous'),
               MAX(v) FILTER (WHERE w = 'last_year'), MAX(v) FILTER (WHERE w = 'term_to_date')
        FROM every WHERE code NOT LIKE '%@opening' GROUP BY code, target
        UNION ALL SELECT 'failure', code, target, NULL, NULL, NULL, NULL FROM failures
    """

    def report(facts: str) -> Callable[[], Any]:
        statement = sql.replace("{facts}", facts)
        return lambda: database.execute(statement).fetchall()

    return report, len(identities)


def _compare_report(report: Any, rows: list[Any], names: dict[int, str | None]) -> int:
    """Every figure of our report equals DuckDB's; returns the figures compared."""
    from tuphap.statistics import reports

    theirs = {}
    for kind, code, target, *values in rows:
        if kind == "failure":
            raise SystemExit(f"DuckDB found identity {code} failing at {target}")
        theirs[(code, names[target])] = values
    compared = 0
    for row in report.rows:
        values = theirs.get((row["indicator"], row["place"]), [None] * 4)
        for window, value in zip(reports.WINDOWS, values, strict=True):
            ours = row[window]
            expected = 0 if value is None and ours == 0 else value
            if (ours is None) != (expected is None) or (
                ours is not None and abs(float(ours) - float(expected)) > 0.005
            ):
                raise SystemExit(f"{row['indicator']} {row['place']} {window}: {ours} ≠ {value}")
            compared += 1
    return compared


def run(
    cases: int,
    runs: int,
    years: int = YEARS,
    *,
    reuse: bool = False,
    refresh: bool = True,
    build_only: bool = False,
) -> None:
    from django.db import connection

    from tuphap.enforcement.cases import generate, indicators
    from tuphap.statistics import reports, selectors

    build(cases, years, reuse=reuse, refresh=refresh)
    if build_only:
        return
    # one generated year is the last whole THADS year: report that one
    period = PERIOD if years > 1 else f"THADS{generate.year_range(1, TODAY)[1].year}"
    codes = generate.rollup_codes()  # stored: flows and month-end stocks
    derived = [i.code for i in indicators.INDICATORS if i.aggregation == "derived"]
    rates = ["thads.cases.rate", "thads.money.rate"]
    query = selectors.report_query_parse(
        indicators=[*codes, *derived, *rates], period=period, level=reports.PROVINCE
    )
    path = BENCH_DIR / f"thads-rollups-{connection.vendor}.csv"
    spans, target = _inputs(query, path)
    duck, duck_query = _duckdb(path, spans, target)
    path.unlink()
    from tuphap.places.models import AdministrativeUnit
    from tuphap.statistics.registry import registry

    identities = registry.identities_for(query.indicators)
    duck_report, checked = _duckdb_report(duck, query, identities, _available(spans))
    names: dict[int, str | None] = dict(AdministrativeUnit.objects.values_list("id", "code"))

    ours, report = _median(lambda: selectors.report_national(query), runs)
    theirs, duck_rows = _median(duck_query, runs)
    whole, duck_report_rows = _median(duck_report("rollup"), runs)
    equal = _compare_report(report, duck_report_rows, names)
    has_totals = duck.execute("SELECT COUNT(*) FROM totals").fetchone()[0] > 0
    if has_totals:
        over_totals, rows_over_totals = _median(duck_report("totals"), runs)
        _compare_report(report, rows_over_totals, names)

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
        f"engine: {connection.vendor}; report {period} by province (new boundaries): "
        f"{len(codes)} stored + {len(derived)} derived indicators + {len(rates)} rates × "
        f"{provinces} provinces × 4 windows"
        f" = {len(report.rows):,} rows, {len(report.failures)} identity failure(s); "
        f"median of {runs} runs"
    )
    print(f"ours   (selectors.report_national): {ours * 1000:8.1f} ms")
    print(f"DuckDB (threads = 2, same rollup rows), stored sums only: {theirs * 1000:8.1f} ms")
    print(
        f"DuckDB, the same report (sums, derived, rates, {checked} identities, rows into "
        f"Python): {whole * 1000:8.1f} ms; all {equal:,} figures equal ours"
    )
    print(f"ratio ours/DuckDB sums: {ours / theirs:.1f}×; ours/DuckDB report: {ours / whole:.1f}×")
    if has_totals:
        print(
            f"DuckDB, the same report over the province totals ours reads: "
            f"{over_totals * 1000:8.1f} ms (ratio ours/that: {ours / over_totals:.1f}×)"
        )
    print(f"load average: {os.getloadavg()[0]:.1f}")
    duck.close()


def _postgres(
    database_url: str,
    arguments: list[str],
    *,
    name: str = DB_NAME,
    script: str = __file__,
    keep: bool = False,
    reuse: bool = False,
) -> None:
    """Run ``script --inner`` on a database ``name`` created on the server of
    ``database_url`` and dropped afterwards (the incremental refresh bench uses it too);
    with ``reuse`` the database exists already (not created), with ``keep`` it is not
    dropped, so that a national dataset is built once and every bench runs on it."""
    import psycopg
    from psycopg import sql

    base, _, _name = database_url.rpartition("/")
    admin = f"{base}/postgres"
    if not reuse:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        subprocess.run(  # noqa: S603 - a bench script, with a URL we built
            [sys.executable, script, "--inner", f"{base}/{name}", *arguments], check=True
        )
    finally:
        if not keep and not reuse:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def dataset_options(parser: argparse.ArgumentParser) -> None:
    """The options that let a national dataset be built once and benched many times."""
    parser.add_argument("--database", default="", help="PostgreSQL database name to use")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse", action="store_true", help="the database holds the cases (a --keep run's)"
    )
    parser.add_argument("--no-refresh", action="store_true", help="keep the stored rollups")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=YEARS, help="THADS years generated")
    parser.add_argument("--build-only", action="store_true", help="build, do not time")
    parser.add_argument("--inner", default="")
    dataset_options(parser)
    options = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if options.inner:
        _setup(options.inner)
        run(
            options.cases,
            options.runs,
            options.years,
            reuse=options.reuse,
            refresh=not options.no_refresh,
            build_only=options.build_only,
        )
        return
    forwarded = ["--cases", str(options.cases), "--runs", str(options.runs)]
    forwarded += ["--years", str(options.years)]
    forwarded += [
        flag
        for flag, on in (
            ("--reuse", options.reuse),
            ("--no-refresh", options.no_refresh),
            ("--build-only", options.build_only),
        )
        if on
    ]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        _postgres(
            url,
            forwarded,
            name=options.database or DB_NAME,
            keep=options.keep,
            reuse=options.reuse,
        )
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
