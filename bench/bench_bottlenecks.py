"""The bottlenecks page's national view against the same figures in raw SQL, same run.

Builds its own data (a throw-away SQLite file, or the PostgreSQL database named by
``--database-url``, created and dropped here): 34 provinces with an enforcement office each,
``--cases`` open cases (default 100,000) and half as many closed, opened over six years, in four
states, a fifth of the open ones past due. Measures ``core.bottlenecks.findings_for(None, now)``
(every source: the case engine's overdue, slowest-state and carried-over measures and the
detailing debt), median of ``--runs``. Baseline: the same three case measures as hand-written
SQL through the DB cursor (``percentile_cont`` on PostgreSQL; on SQLite, which has none, the
rows of the open cases and Python percentiles), with the slowest state's figures a year ago from
the journal (each case has one: opened, one or two changes of state, an assignment now and then),
under the same planner settings. Both sides must give the same figures (checked).

Before the timed runs, the setup does what production does: the daily job builds the wait
snapshots (``casework.snapshots``: today's, the day a year ago and the next), then ``LATE``
steps are recorded late and dated back before them, so the reads must correct the snapshots;
the snapshots' figures a year ago are checked against the journal recomputed (every state and
agency). After them: each source alone, and the cold read (no snapshot: the read builds them),
median of 3. ``BENCH_DB_NAME`` names the database (default below).

Run: ``.venv/bin/python bench/bench_bottlenecks.py [--cases N] [--database-url URL] [--keep]``
(``--keep`` leaves the PostgreSQL database ``tuphap_bench_bottlenecks`` for EXPLAIN; drop it
after).
Prints figures; asserts nothing about speed (the issue's target: under a second for the nation).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VN = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 9, 7, 10, 0, tzinfo=VN)
STATES = ("accepted", "verifying", "enforcing", "without_conditions")
DB_NAME = os.environ.get("BENCH_DB_NAME", "tuphap_bench_bottlenecks")
LATE = 500  # steps recorded after the snapshot, dated back before it


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database (for EXPLAIN)"
    )
    parser.add_argument("--inner", default="", help=argparse.SUPPRESS)
    return parser.parse_args()


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _case(index: int, cases: int) -> dict[str, Any]:
    """The deterministic figures of case ``index`` (the first ``cases`` stay open)."""
    opened = NOW - datetime.timedelta(days=(index * 7919) % (6 * 365), hours=index % 24)
    since = opened + datetime.timedelta(days=((NOW - opened).days * (index % 7)) // 8)
    offset = -((index % 200) + 1) if index % 5 == 0 else (index % 90) + 1
    closed = None
    if index >= cases:  # the closed ones, closed between their opening and now
        closed = opened + (NOW - opened) * ((index % 9) + 1) / 10
    state = "completed" if closed else STATES[index % len(STATES)]
    return {
        "opened": opened,
        "since": closed or since,
        "closed": closed,
        "state": state,
        "due": NOW + datetime.timedelta(days=offset),
    }


def _journal(index: int, case: dict[str, Any]) -> list[tuple[str, str, str, datetime.datetime]]:
    """(kind, from state, to state, at) rows that put the case in its state since its time:
    opened in "accepted", through "verifying" (or "enforcing" for a closed one), an assignment
    row now and then (no change of state: the measure must skip it)."""
    opened, since, state = case["opened"], case["since"], case["state"]
    if since == opened:
        rows = [("opened", "", state, opened)]
    else:
        middle = opened + (since - opened) / 2
        rows = [("opened", "", "accepted", opened)]
        via = "enforcing" if case["closed"] else "verifying"
        if state != via:
            rows.append(("transitioned", "accepted", via, middle))
            rows.append(("transitioned", via, state, since))
        else:
            rows.append(("transitioned", "accepted", state, since))
    if index % 3 == 0:
        rows.append(("assigned", state, state, since + (NOW - since) / 2))
    return rows


def build(cases: int) -> None:
    """The offices, ``cases`` open cases and half as many closed, each with its journal (COPY
    on PostgreSQL, bulk inserts on SQLite)."""
    from django.db import connection

    from tuphap.accounts.models import Agency
    from tuphap.casework.models import Case, CaseAction
    from tuphap.places.models import AdministrativeUnit

    offices = []
    for number in range(34):
        province = AdministrativeUnit.objects.create(
            code=f"{number + 1:02d}",
            name=f"Tỉnh {number + 1}",
            name_folded=f"tinh {number + 1}",
            level="province",
        )
        province.province = province
        province.save(update_fields=["province"])
        agency = Agency.objects.create(
            code=f"THADS-{number + 1:02d}",
            name=f"THADS tỉnh {number + 1}",
            kind="enforcement_provincial",
            level="province",
            province=province,
        )
        agency.jurisdiction.set([province])
        offices.append((agency.pk, province.pk))
    total = cases + cases // 2
    figures = [_case(index, cases) for index in range(total)]
    journals = [_journal(index, case) for index, case in enumerate(figures)]
    stamp = NOW
    if connection.vendor == "postgresql":
        case_columns = (
            "register, number, year, agency_id, place_id, province_id, event_date, rule_set,"
            " state, state_since, opened_at, closed_at, due_at, clock, last_sequence, updated_at"
        )
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY casework_case ({case_columns}) FROM STDIN") as copy:
                for index, case in enumerate(figures):
                    agency_id, province_id = offices[index % len(offices)]
                    copy.write_row(
                        (
                            "enforcement.civil",
                            index + 1,
                            case["opened"].year,
                            agency_id,
                            province_id,
                            province_id,
                            case["opened"].date(),
                            "bench",
                            case["state"],
                            case["since"],
                            case["opened"],
                            case["closed"],
                            case["due"],
                            "{}",
                            len(journals[index]),
                            stamp,
                        )
                    )
            cursor.execute("SELECT number, id, province_id FROM casework_case")
            ids = {number: (pk, province) for number, pk, province in cursor.fetchall()}
            action_columns = (
                "case_id, sequence, province_id, kind, transition, at, recorded_at, from_state,"
                " to_state, payload, reason"
            )
            with cursor.cursor.copy(
                f"COPY casework_caseaction ({action_columns}) FROM STDIN"
            ) as copy:
                for index, rows in enumerate(journals):
                    pk, province = ids[index + 1]
                    for sequence, (kind, source, target, moment) in enumerate(rows, start=1):
                        copy.write_row(
                            (
                                pk,
                                sequence,
                                province,
                                kind,
                                "",
                                moment,
                                stamp,
                                source,
                                target,
                                "{}",
                                "",
                            )
                        )
            # As autovacuum leaves a table that has settled: statistics and the visibility map
            # (an index-only scan reads no table page for the rows it marks).
            cursor.execute("VACUUM ANALYZE casework_case")
            cursor.execute("VACUUM ANALYZE casework_caseaction")
        return
    for first in range(0, total, 5000):
        batch = []
        for index in range(first, min(first + 5000, total)):
            case = figures[index]
            agency_id, province_id = offices[index % len(offices)]
            batch.append(
                Case(
                    register="enforcement.civil",
                    number=index + 1,
                    year=case["opened"].year,
                    agency_id=agency_id,
                    place_id=province_id,
                    province_id=province_id,
                    event_date=case["opened"].date(),
                    rule_set="bench",
                    state=case["state"],
                    state_since=case["since"],
                    opened_at=case["opened"],
                    closed_at=case["closed"],
                    due_at=case["due"],
                    last_sequence=len(journals[index]),
                )
            )
        created = Case.objects.bulk_create(batch)
        CaseAction.objects.bulk_create(
            [
                CaseAction(
                    case_id=row.pk,
                    sequence=sequence,
                    province_id=row.province_id,
                    kind=kind,
                    at=moment,
                    from_state=source,
                    to_state=target,
                )
                for row, index in zip(created, range(first, total), strict=False)
                for sequence, (kind, source, target, moment) in enumerate(journals[index], 1)
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        # Recorded when the data was, as the COPY above writes it (not now, as bulk_create
        # stamps it: the snapshots would take every row for a late one to correct).
        cursor.execute(
            "UPDATE casework_caseaction SET recorded_at = %s",
            [stamp.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")],
        )
        cursor.execute("ANALYZE")


def snapshot_setup() -> tuple[float, int]:
    """As production does: the daily job builds the wait snapshots of NOW's day, of the day a
    year before and the next (``casework.snapshots.refresh``); then ``LATE`` steps are
    recorded, dated back before the snapshots' moments (two days before a year ago) on open
    cases whose journal ends before that, so the reads must correct the snapshots with them
    (correction (b)). Returns the build's time and the number of late steps."""
    from django.db.models import Max

    from tuphap.casework import snapshots
    from tuphap.casework.models import Case, CaseAction
    from tuphap.core.bottlenecks import YEAR

    started = time.perf_counter()
    snapshots.refresh(NOW.date())
    built = time.perf_counter() - started
    late = NOW - YEAR - datetime.timedelta(days=2)
    picked = list(
        Case.objects.filter(closed_at__isnull=True, register="enforcement.civil")
        .annotate(last=Max("actions__at"))
        .filter(last__lt=late)
        .order_by("pk")[:LATE]
    )
    steps = []
    for case in picked:
        target = "enforcing" if case.state == "verifying" else "verifying"
        case.last_sequence += 1
        steps.append(
            CaseAction(
                case_id=case.pk,
                sequence=case.last_sequence,
                province_id=case.province_id,
                kind="transitioned",
                transition="bench_late",
                at=late,
                from_state=case.state,
                to_state=target,
            )
        )
        case.state, case.state_since = target, late
    CaseAction.objects.bulk_create(steps)  # recorded now, after the snapshot's cutoff
    Case.objects.bulk_update(picked, ["state", "state_since", "last_sequence"])
    return built, len(steps)


def cold() -> dict[str, Any]:
    """The national view with no snapshot at all (the job has never run): the reader builds
    today's and the one of the day a year ago."""
    from tuphap.casework.models import WaitSnapshot

    WaitSnapshot.objects.all().delete()
    return ours()


def same_as_recomputed() -> None:
    """The snapshot's figures a year ago against the journal recomputed (every state and
    agency), to the last floating-point digits."""
    from tuphap.casework import bottlenecks, snapshots
    from tuphap.casework.models import Case
    from tuphap.core.bottlenecks import YEAR

    _now, (stats, agencies) = bottlenecks.state_waits(Case.objects.all(), NOW)
    snapshot_stats, snapshot_agencies = snapshots.waits_at(None, NOW - YEAR)
    assert set(stats) == set(snapshot_stats), (stats, snapshot_stats)
    for key, (count, median, p90) in stats.items():
        other = snapshot_stats[key]
        assert other[0] == count, (key, other, count)
        assert abs(other[1] - median) < 1e-9, (key, other, median)
        assert abs(other[2] - p90) < 1e-9, (key, other, p90)
        mine = {row[0]: row[1:] for row in agencies[key]}
        theirs = {row[0]: row[1:] for row in snapshot_agencies[key]}
        assert set(mine) == set(theirs), key
        for agency, (agency_count, agency_p90) in mine.items():
            assert theirs[agency][0] == agency_count, (key, agency)
            assert abs(theirs[agency][1] - agency_p90) < 1e-9, (key, agency)


def per_source(runs: int) -> str:
    from tuphap.core import bottlenecks

    parts = []
    for source in sorted(bottlenecks.SOURCES, key=lambda item: (item.order, item.key)):
        took, _found = _median(lambda source=source: list(source.measure(None, NOW)), runs)
        parts.append(f"{source.key} {took * 1000:.0f} ms")
    return ", ".join(parts)


def ours() -> dict[str, Any]:
    from tuphap.core import bottlenecks

    found = bottlenecks.findings_for(None, NOW)
    return {
        finding.key: (finding.count, finding.last_year, finding.days, finding.days_last_year)
        for finding in found
        if finding.key.endswith("enforcement.civil")
    }


def raw() -> dict[str, Any]:
    from django.db import connection

    from tuphap.casework.analytics import percentile
    from tuphap.casework.bottlenecks import planned
    from tuphap.core.bottlenecks import YEAR

    then = NOW - YEAR
    year_ago = NOW.replace(year=NOW.year - 1)
    two_years = then.replace(year=then.year - 1)
    reg = "enforcement.civil"
    out: dict[str, Any] = {}
    sqlite = connection.vendor == "sqlite"

    def p(moment: datetime.datetime) -> Any:  # SQLite keeps naive UTC text, as Django writes it
        if not sqlite:
            return moment
        return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")

    def read(value: Any) -> datetime.datetime:
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value  # type: ignore[no-any-return]

    # The same planner settings as ours (no JIT, sorts in memory): the same ground.
    with planned(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), MIN(due_at) FROM casework_case WHERE register = %s AND closed_at IS"
            " NULL AND paused_at IS NULL AND due_at < %s",
            [reg, p(NOW)],
        )
        count, worst = cursor.fetchone()
        worst = read(worst)
        cursor.execute(
            "SELECT COUNT(*) FROM casework_case WHERE register = %s AND opened_at <= %s AND"
            " due_at < %s AND paused_at IS NULL AND (closed_at IS NULL OR closed_at > %s)",
            [reg, p(then), p(then), p(then)],
        )
        (last,) = cursor.fetchone()
        out[f"casework.overdue.{reg}"] = (
            count,
            last,
            round((NOW - worst).total_seconds() / 86_400, 1),
            None,
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT state, COUNT(*), percentile_cont(0.9) WITHIN GROUP (ORDER BY"
                " EXTRACT(EPOCH FROM (%s - state_since)) / 86400) FROM casework_case WHERE"
                " register = %s AND closed_at IS NULL GROUP BY state ORDER BY 3 DESC, 1 LIMIT 1",
                [NOW, reg],
            )
            state, stuck, p90 = cursor.fetchone()
            # A year ago, that state: the cases open then whose journal's last change of state
            # by then put them in it, for how long they had been in it then.
            cursor.execute(
                "SELECT COUNT(*), percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM"
                " (%s - s.at)) / 86400) FROM casework_case c CROSS JOIN LATERAL (SELECT"
                " a.to_state, a.at FROM casework_caseaction a WHERE a.case_id = c.id AND a.at <= %s"
                " AND a.kind IN ('opened', 'transitioned') AND a.from_state <> a.to_state ORDER BY"
                " a.sequence DESC LIMIT 1) s WHERE c.register = %s AND c.opened_at <= %s AND"
                " (c.closed_at IS NULL OR c.closed_at > %s) AND s.to_state = %s",
                [then, then, reg, then, then, state],
            )
            stuck_then, p90_then = cursor.fetchone()
        else:
            cursor.execute(
                "SELECT state, state_since FROM casework_case WHERE register = %s AND closed_at"
                " IS NULL",
                [reg],
            )
            waits: dict[str, list[float]] = {}
            for state, since in cursor.fetchall():
                moment = read(since)
                waits.setdefault(state, []).append((NOW - moment).total_seconds() / 86_400)
            best = max(
                ((percentile(sorted(v), 0.9) or 0.0, s, len(v)) for s, v in waits.items()),
                key=lambda item: (item[0], item[1]),
            )
            p90, state, stuck = best
            cursor.execute(
                "SELECT a.case_id, a.to_state, a.at FROM casework_caseaction a JOIN"
                " casework_case c ON c.id = a.case_id WHERE c.register = %s AND c.opened_at <= %s"
                " AND (c.closed_at IS NULL OR c.closed_at > %s) AND a.at <= %s AND a.kind IN"
                " ('opened', 'transitioned') AND a.from_state <> a.to_state ORDER BY a.case_id,"
                " a.sequence",
                [reg, p(then), p(then), p(then)],
            )
            latest: dict[int, tuple[str, datetime.datetime]] = {}
            for case_id, to_state, moment in cursor.fetchall():
                latest[case_id] = (to_state, read(moment))
            then_waits = sorted(
                (then - moment).total_seconds() / 86_400
                for to_state, moment in latest.values()
                if to_state == state
            )
            stuck_then, p90_then = len(then_waits), percentile(then_waits, 0.9)
        out[f"casework.slowest_state.{reg}"] = (
            stuck,
            stuck_then,
            round(float(p90), 1),
            None if p90_then is None else round(float(p90_then), 1),
        )
        cursor.execute(
            "SELECT COUNT(*) FROM casework_case WHERE register = %s AND closed_at IS NULL AND"
            " opened_at <= %s",
            [reg, p(year_ago)],
        )
        (backlog,) = cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*) FROM casework_case WHERE register = %s AND opened_at <= %s AND"
            " (closed_at IS NULL OR closed_at > %s)",
            [reg, p(two_years), p(then)],
        )
        (backlog_then,) = cursor.fetchone()
        out[f"casework.backlog.{reg}"] = (backlog, backlog_then, None, None)
    return out


def _median(function: Any, runs: int) -> tuple[float, Any]:
    """Median time of ``runs`` calls after one untimed call (a page served by a running server
    has its translations, URL resolvers and connection warm)."""
    result = function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def inner(arguments: argparse.Namespace) -> None:
    _django(arguments.inner)
    from django.db import connection

    from tuphap.casework import registry
    from tuphap.enforcement.cases import workflow  # noqa: F401 - the register's spec

    assert "enforcement.civil" in registry.REGISTRY
    started = time.perf_counter()
    build(arguments.cases)
    print(
        f"B-bottlenecks: {connection.vendor}, {arguments.cases:,} open cases and "
        f"{arguments.cases // 2:,} closed over 34 provinces (built in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    build_time, late = snapshot_setup()
    print(
        f"  wait snapshots (today, a year ago and the next day) built in {build_time * 1000:.0f} ms"
        f" (load {os.getloadavg()[0]:.1f}); then {late} steps recorded late, dated before them"
    )
    same_as_recomputed()
    print("  snapshot and journal recomputed: the same figures a year ago (every state, agency)")
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        ours()
        profile.runcall(ours)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    ours_time, ours_figures = _median(ours, arguments.runs)
    raw_time, raw_figures = _median(raw, arguments.runs)
    if ours_figures != raw_figures:
        raise SystemExit(f"the two sides disagree:\n ours {ours_figures}\n raw  {raw_figures}")
    sources = per_source(arguments.runs)
    cold_times = []
    for _run in range(3):
        started = time.perf_counter()
        cold_figures = cold()
        cold_times.append(time.perf_counter() - started)
        if cold_figures != raw_figures:
            raise SystemExit(f"cold read disagrees:\n ours {cold_figures}\n raw  {raw_figures}")
    cold_load = os.getloadavg()[0]
    for key, figures in sorted(ours_figures.items()):
        print(f"  {key}: now, a year ago, days, days a year ago = {figures}")
    print(
        f"  ours (every source, national):   {ours_time * 1000:8.1f} ms"
        f" (median of {arguments.runs})"
    )
    print(f"  baseline (the same in raw SQL):  {raw_time * 1000:8.1f} ms")
    print(f"  per source (median of {arguments.runs}): {sources}")
    print(
        f"  cold (no snapshot: today's and a year ago's built by the read): "
        f"{statistics.median(cold_times) * 1000:8.1f} ms (median of 3; load {cold_load:.1f})"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  load average (1, 5, 15 min) after the runs: {load} on {os.cpu_count()} CPUs")
    print(
        f"  ratio ours/baseline time: {ours_time / raw_time:.2f}x; target under 1 s: "
        f"{'met' if ours_time < 1 else 'NOT met'}"
    )


def main() -> None:
    arguments = _arguments()
    if arguments.inner:
        inner(arguments)
        return
    if arguments.database_url.startswith("postgres"):
        import psycopg
        from psycopg import sql

        base = arguments.database_url.rpartition("/")[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
        try:
            subprocess.run(  # noqa: S603 - this script, with a URL we built
                [sys.executable, __file__, *sys.argv[1:], "--inner", f"{base}/{DB_NAME}"],
                check=True,
            )
        finally:
            if arguments.keep:
                print(f"  kept the database {DB_NAME}")
            else:
                with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                    conn.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(DB_NAME)
                        )
                    )
        return
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run(  # noqa: S603 - this script, with a throw-away SQLite file
            [
                sys.executable,
                __file__,
                *sys.argv[1:],
                "--inner",
                f"sqlite:///{directory}/b.sqlite3",
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
