"""The case engine's two hot paths, against baselines measured in the same run.

Builds a database with 50,000 open cases of a bench register in one agency, 4,000 of them
assigned to one officer; 10,000 cases are past due. By default a throw-away SQLite database (a
temporary directory); ``--database-url postgres://.../<name>bench`` (or ``BENCH_DATABASE_URL``)
runs on PostgreSQL: the database is dropped and created afresh, so its name must end in
``bench``.

1. **Workqueue**: the officer's section counts and the first page of 25 open cases with their
   agency, place, province and assignee, through ``selectors.workqueue_for_user`` (one aggregate
   query + one page query, model instances). Baseline: the same counts and the same page in
   hand-written SQL through the DB cursor (two statements: one ``COUNT(*) FILTER`` per section,
   one page with its four joins, the same visibility rule: readable registers, the agency's
   jurisdiction or its own cases), rows as tuples. Prints median and p95 of each over ``--runs``
   repetitions (default 50) and the ratio raw/ours (1.0 = as fast as raw SQL).
   Also the naive version (load every open case, classify and sort in Python, N+1 relations).
2. **Overdue poller**: mark the 5,000 oldest past-due cases and write a notification for each
   through ``services.overdue_poll`` (claim, one conditional UPDATE, one bulk INSERT). Baseline:
   per case, a conditional UPDATE and a notification INSERT, in one transaction.

All sides must agree (checked). Run: ``.venv/bin/python bench/bench_workqueue.py
[--database-url URL] [--runs N] [--cases N] [--explain]``. Prints figures; asserts nothing
about speed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="postgres://.../<name>bench (dropped and created afresh); default: temporary SQLite",
    )
    parser.add_argument("--runs", type=int, default=50, help="repetitions of each workqueue read")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE (PostgreSQL)")
    parser.add_argument("--skip-poller", action="store_true", help="only the workqueue")
    parser.add_argument(
        "--cases",
        type=int,
        default=50_000,
        help="open cases in all (default 50,000; the national enforcement backlog is ~350,000)",
    )
    arguments = parser.parse_args()
    if arguments.runs < 30:
        parser.error("--runs: at least 30 repetitions, for a meaningful p95")
    if arguments.cases < 10_000:
        parser.error("--cases: at least 10,000 (the officer's 4,000 and the 5,000 past due)")
    return arguments


def _fresh_postgres(url: str) -> None:
    """Drop and create the bench database named in ``url`` (its name must end in "bench")."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("bench"):
        raise SystemExit(f"--database-url: the database name must end in 'bench' (got {name!r})")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


ARGUMENTS = _arguments()
_directory = tempfile.TemporaryDirectory()
if ARGUMENTS.database_url.startswith(("postgres://", "postgresql://")):
    _fresh_postgres(ARGUMENTS.database_url)
    os.environ["DATABASE_URL"] = ARGUMENTS.database_url
elif ARGUMENTS.database_url:
    raise SystemExit("--database-url: a postgres:// URL (SQLite is the default)")
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{_directory.name}/bench_workqueue.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"

import django  # noqa: E402 - after the environment is set

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tuphap.accounts.models import Agency, User, UserRole  # noqa: E402
from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.casework import registry, selectors, services  # noqa: E402
from tuphap.casework.models import Case, Notification  # noqa: E402
from tuphap.casework.registry import RegisterSpec, RuleSet, State, Transition  # noqa: E402
from tuphap.places.models import AdministrativeUnit  # noqa: E402

CASES = ARGUMENTS.cases
MINE = 4_000
OVERDUE = 5_000
RUNS = 5
VN = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 9, 7, 10, 0, tzinfo=VN)

SPEC = RegisterSpec(
    code="bench.cases",
    name_vi="Sổ đo",
    name_en="Bench register",
    states=(State("open", "Open"), State("closed", "Closed", terminal=True)),
    initial_state="open",
    rule_sets=(
        RuleSet("bench", None, None, (Transition("close", "Close", {"open"}, "closed", {"x"}),)),
    ),
    open_roles={Role.ENFORCEMENT_OFFICER},
    assign_roles={Role.ENFORCEMENT_HEAD},
    clock_roles={Role.ENFORCEMENT_OFFICER},
)


def _median(
    function: Callable[[], Any], *, before: Callable[[], None] | None = None, runs: int = RUNS
) -> float:
    timings = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def build() -> tuple[User, list[int]]:
    call_command("migrate", verbosity=0)
    province = AdministrativeUnit.objects.create(
        code="40", name="Tỉnh Nghệ An", name_folded="tinh nghe an", level="province"
    )
    province.province = province
    province.save(update_fields=["province"])
    commune = AdministrativeUnit.objects.create(
        code="16681",
        name="Phường Vinh",
        name_folded="phuong vinh",
        level="commune",
        parent=province,
        province=province,
    )
    agency = Agency.objects.create(
        code="THADS-40",
        name="THADS Nghệ An",
        kind="enforcement_provincial",
        level="province",
        province=province,
    )
    agency.jurisdiction.set([province])
    users = [User.objects.create_user(username=f"chv{index}", agency=agency) for index in range(40)]
    UserRole.objects.bulk_create(
        UserRole(user=user, role=Role.ENFORCEMENT_OFFICER) for user in users
    )
    me = users[0]
    rows = []
    for index in range(CASES):
        # due dates spread from 40 days before NOW to 60 days after; every 5th case past due
        offset = -(index % 40) - 1 if index % 5 == 0 else (index % 60)
        due = datetime.datetime.combine(
            NOW.date() + datetime.timedelta(days=offset), datetime.time.max, tzinfo=VN
        )
        rows.append(
            Case(
                register=SPEC.code,
                number=index + 1,
                year=2026,
                agency=agency,
                place=commune,
                province=province,
                event_date=datetime.date(2026, 7, 1),
                rule_set="bench",
                state="open",
                state_since=NOW,
                opened_at=NOW,
                due_at=due,
                assignee=me if index < MINE else users[1 + index % 39],
                last_sequence=1,
            )
        )
    Case.objects.bulk_create(rows, batch_size=2000)
    overdue = list(Case.objects.filter(due_at__lt=NOW).values_list("id", flat=True))
    return me, overdue


def workqueue_ours(user: User) -> tuple[dict[str, int], list[Case]]:
    queue = selectors.workqueue_for_user(user, now=NOW)
    page = list(queue.section("open")[:25])
    return {key: queue.counts[key] for key in ("open", "due_soon", "overdue", "paused")}, page


def shown_ours(result: tuple[dict[str, int], list[Case]]) -> tuple[dict[str, int], list[str]]:
    counts, page = result
    return counts, [
        f"{case.display_number}|{case.agency.code}|{case.place.code}|{case.province.code}"
        f"|{case.assignee_id}|{case.assignee.username}|{case.due_at:%Y-%m-%d}"
        for case in page
    ]


def captured_statements(user: User) -> list[str]:
    """The SQL statements the selector sends for the counts and the first page, as executed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        workqueue_ours(user)
    return [query["sql"] for query in captured.captured_queries]


# The same visibility rule as ``permissions.visible_cases`` for a user of a provincial agency: a
# readable register, and the place within the agency's jurisdiction (its units, the units they
# succeeded, and everything below them) or the case of the user's own agency.
_VISIBLE = """
WITH direct AS (
    SELECT administrativeunit_id AS id FROM accounts_agency_jurisdiction
    WHERE agency_id = %(agency)s
), roots AS (
    SELECT id FROM direct
    UNION SELECT predecessor_id FROM places_unitsuccession
    WHERE successor_id IN (SELECT id FROM direct)
), covered AS (
    SELECT u.id FROM places_administrativeunit u
    LEFT JOIN places_administrativeunit up ON up.id = u.parent_id
    WHERE u.id IN (SELECT id FROM roots) OR u.parent_id IN (SELECT id FROM roots)
       OR up.parent_id IN (SELECT id FROM roots) OR u.province_id IN (SELECT id FROM roots)
)
"""
_MINE = """
FROM casework_case c
WHERE c.assignee_id = %(user)s AND c.closed_at IS NULL AND c.register IN ({registers})
  AND (c.place_id IN (SELECT id FROM covered) OR c.agency_id = %(agency)s)
"""
RAW_COUNTS = (
    _VISIBLE
    + """
SELECT COUNT(*),
       COUNT(*) FILTER (WHERE c.paused_at IS NULL AND c.due_at >= %(now)s AND c.due_at <= %(soon)s),
       COUNT(*) FILTER (WHERE c.paused_at IS NULL AND c.due_at < %(now)s),
       COUNT(*) FILTER (WHERE c.paused_at IS NOT NULL)
"""
    + _MINE
)
# The page: the case's columns the page and the API show, and the four relations' shown columns.
RAW_PAGE = (
    _VISIBLE
    + """
SELECT c.id, c.register, c.number, c.year, c.event_date, c.rule_set, c.state, c.state_since,
       c.opened_at, c.closed_at, c.due_at, c.overdue_since, c.paused_at, c.clock,
       c.agency_id, a.code, a.name, c.place_id, p.code, p.name, c.province_id, pr.code,
       c.assignee_id, u.username, u.first_name, u.last_name
"""
    + _MINE.replace(
        "FROM casework_case c",
        """FROM casework_case c
JOIN accounts_agency a ON a.id = c.agency_id
LEFT JOIN places_administrativeunit p ON p.id = c.place_id
LEFT JOIN places_administrativeunit pr ON pr.id = c.province_id
LEFT JOIN accounts_user u ON u.id = c.assignee_id""",
    )
    + "ORDER BY c.due_at ASC NULLS LAST, c.id ASC LIMIT 25"
)


def raw_statements(user: User) -> list[tuple[str, dict[str, Any]]]:
    """The hand-written statements and their parameters (readable registers from the registry,
    the same section bounds as the selector)."""
    from django.db import connection

    readable = sorted(
        spec.code for spec in registry.all_registers() if user.role_set() & spec.reader_roles()
    )
    soon = selectors.due_soon_limit(NOW, selectors.DEFAULT_DUE_SOON_DAYS)
    parameters: dict[str, Any] = {
        "user": user.pk,
        "agency": user.agency_id,
        "now": connection.ops.adapt_datetimefield_value(NOW),
        "soon": connection.ops.adapt_datetimefield_value(soon),
    }
    names = []
    for index, code in enumerate(readable):
        parameters[f"register{index}"] = code
        names.append(f"%(register{index})s")
    registers = ", ".join(names)
    return [
        (RAW_COUNTS.format(registers=registers), parameters),
        (RAW_PAGE.format(registers=registers), parameters),
    ]


def workqueue_raw(statements: list[tuple[str, dict[str, Any]]]) -> list[list[tuple[Any, ...]]]:
    """The hand-written statements through the DB cursor: rows as tuples, no ORM."""
    from django.db import connection

    results = []
    with connection.cursor() as cursor:
        for sql, parameters in statements:
            cursor.execute(sql, parameters)
            results.append(cursor.fetchall())
    return results


def shown_raw(result: list[list[tuple[Any, ...]]]) -> tuple[dict[str, int], list[str]]:
    from django.db import connection

    (counts,), page = result
    shown = []
    for row in page:
        due = row[10]
        if isinstance(due, str):  # SQLite hands back text; Django's converter makes it aware
            due = connection.ops.convert_datetimefield_value(due, None, connection)
        shown.append(
            f"{row[2]}/{row[3]}|{row[15]}|{row[18]}|{row[21]}|{row[22]}|{row[23]}"
            f"|{due.astimezone(VN):%Y-%m-%d}"
        )
    return dict(zip(("open", "due_soon", "overdue", "paused"), counts, strict=True)), shown


def timings(function: Callable[[], Any], runs: int) -> list[float]:
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        measured.append(time.perf_counter() - started)
    return sorted(measured)


def p95(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def explain(user: User, raw: list[tuple[str, dict[str, Any]]]) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        print("  (--explain: PostgreSQL only)")
        return
    with connection.cursor() as cursor:
        for label, sql, parameters in [
            *(("ours", sql, None) for sql in captured_statements(user)),
            *(("raw", sql, parameters) for sql, parameters in raw),
        ]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters)
            print(f"-- {label}")
            print("\n".join(row[0] for row in cursor.fetchall()))


def workqueue_naive(user: User) -> tuple[dict[str, int], list[str]]:
    soon = selectors.due_soon_limit(NOW, selectors.DEFAULT_DUE_SOON_DAYS)
    cases = list(Case.objects.filter(assignee=user, closed_at__isnull=True))
    running = [c for c in cases if c.paused_at is None]
    counts = {
        "open": len(cases),
        "due_soon": sum(1 for c in running if c.due_at and NOW <= c.due_at <= soon),
        "overdue": sum(1 for c in running if c.due_at and c.due_at < NOW),
        "paused": len(cases) - len(running),
    }
    cases.sort(key=lambda c: (c.due_at is None, c.due_at, c.pk))
    return shown_ours((counts, cases[:25]))


def reset_marks(ids: list[int]) -> None:
    Notification.objects.all().delete()
    Case.objects.filter(id__in=ids).update(overdue_since=None)


def poll_ours() -> int:
    return services.overdue_poll(now=NOW, limit=OVERDUE).marked


def poll_naive(ids: list[int]) -> Callable[[], int]:
    def run() -> int:
        marked = 0
        with transaction.atomic():
            for case_id, assignee_id in Case.objects.filter(id__in=ids).values_list(
                "id", "assignee_id"
            ):
                if Case.objects.filter(id=case_id, overdue_since__isnull=True).update(
                    overdue_since=NOW
                ):
                    marked += 1
                    Notification.objects.create(
                        recipient_id=assignee_id,
                        case_id=case_id,
                        kind="overdue",
                        text=f"Case {case_id} is overdue.",
                        created_at=timezone.now(),
                    )
        return marked

    return run


def _line(label: str, runs: list[float]) -> str:
    return (
        f"  {label:<34} p50 {statistics.median(runs) * 1000:7.2f} ms"
        f"  p95 {p95(runs) * 1000:7.2f} ms"
    )


def main() -> None:
    from django.db import connection

    registry.register(SPEC)
    started = time.perf_counter()
    me, overdue_ids = build()
    database = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(
        f"built {CASES:,} cases in {time.perf_counter() - started:.1f} s ({database});"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    raw = raw_statements(me)
    ours = shown_ours(workqueue_ours(me))
    assert ours == shown_raw(workqueue_raw(raw)), (ours, shown_raw(workqueue_raw(raw)))
    assert ours == workqueue_naive(me), (ours, workqueue_naive(me))
    statements = captured_statements(me)
    assert len(statements) == 2, statements
    if ARGUMENTS.explain:
        explain(me, raw)
    runs = ARGUMENTS.runs
    # Interleaved, so that a burst of load on the shared machine hits both sides alike.
    ours_runs: list[float] = []
    raw_runs: list[float] = []
    for _ in range(runs):
        ours_runs += timings(lambda: workqueue_ours(me), 1)
        raw_runs += timings(lambda: workqueue_raw(raw_statements(me)), 1)
    ours_runs.sort()
    raw_runs.sort()
    t_naive = _median(lambda: workqueue_naive(me))
    print(
        f"workqueue ({MINE:,} open cases of one officer among {CASES:,}, 4 section counts"
        f" + first page of 25 with relations), {runs} runs each"
    )
    print(_line("ours (selector, 2 queries, models):", ours_runs))
    print(_line("raw SQL (2 statements, cursor):", raw_runs))
    ratio = statistics.median(raw_runs) / statistics.median(ours_runs)
    print(
        f"  ratio raw/ours:                    p50 {ratio:7.2f}x"
        f"     p95 {p95(raw_runs) / p95(ours_runs):7.2f}x"
    )
    print(f"  naive view (load all, N+1):        p50 {t_naive * 1000:7.2f} ms")
    print(f"  load average (1 min) after the runs: {os.getloadavg()[0]:.1f}")
    if ARGUMENTS.skip_poller:
        return

    # The poller claims the oldest past-due cases first: the same set the baseline marks.
    reset_marks(overdue_ids)
    assert poll_ours() == OVERDUE
    claimed = sorted(Case.objects.filter(overdue_since=NOW).values_list("id", flat=True))
    reset_marks(overdue_ids)
    assert poll_naive(claimed)() == OVERDUE
    t_poll = _median(poll_ours, before=lambda: reset_marks(overdue_ids), runs=3)
    t_poll_naive = _median(poll_naive(claimed), before=lambda: reset_marks(overdue_ids), runs=3)
    print(f"overdue poller ({OVERDUE:,} cases marked and notified, one transaction)")
    print(f"  ours (claim + 1 UPDATE + bulk INSERT): {t_poll * 1000:8.1f} ms")
    print(f"  baseline (per-case UPDATE + INSERT):   {t_poll_naive * 1000:8.1f} ms")
    print(f"  ratio baseline/ours:                   {t_poll_naive / t_poll:8.1f}x")


if __name__ == "__main__":
    main()
