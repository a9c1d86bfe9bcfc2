"""The case engine's two hot paths, against naive versions measured in the same run.

Builds a throw-away SQLite database (a temporary directory) with 50,000 open cases of a bench
register in one agency, 4,000 of them assigned to one officer; 10,000 cases are past due.

1. **Workqueue**: the officer's section counts and the first page of 25 open cases with their
   agency, place, province and assignee, through ``selectors.workqueue_for_user`` (one aggregate
   query + one page query). Baseline: load the officer's open cases, classify and sort them in
   Python, then read the page's relations one by one (what a view without the selector does).
2. **Overdue poller**: mark the 5,000 oldest past-due cases and write a notification for each
   through ``services.overdue_poll`` (claim, one conditional UPDATE, one bulk INSERT). Baseline:
   per case, a conditional UPDATE and a notification INSERT, in one transaction.

Both sides must agree (checked). Run: ``.venv/bin/python bench/bench_workqueue.py``.
Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_directory = tempfile.TemporaryDirectory()
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

CASES = 50_000
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


def workqueue_ours(user: User) -> tuple[dict[str, int], list[str]]:
    queue = selectors.workqueue_for_user(user, now=NOW)
    page = [
        f"{case.display_number}|{case.agency.code}|{case.place.code}|{case.province.code}|{case.assignee_id}"
        for case in queue.section("open")[:25]
    ]
    return {key: queue.counts[key] for key in ("open", "due_soon", "overdue")}, page


def captured_statements(user: User) -> list[str]:
    """The SQL statements the selector sends for the counts and the first page, as executed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        workqueue_ours(user)
    return [query["sql"] for query in captured.captured_queries]


def workqueue_raw(statements: list[str]) -> list[list[tuple[Any, ...]]]:
    """The same statements through a raw cursor: no ORM, no model instances."""
    from django.db import connection

    results = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            results.append(cursor.fetchall())
    return results


def timings(function: Callable[[], Any], runs: int) -> list[float]:
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        measured.append(time.perf_counter() - started)
    return sorted(measured)


def p95(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def workqueue_naive(user: User) -> tuple[dict[str, int], list[str]]:
    soon = selectors.due_soon_limit(NOW, selectors.DEFAULT_DUE_SOON_DAYS)
    cases = list(Case.objects.filter(assignee=user, closed_at__isnull=True))
    counts = {
        "open": len(cases),
        "due_soon": sum(1 for c in cases if c.due_at and NOW <= c.due_at <= soon),
        "overdue": sum(1 for c in cases if c.due_at and c.due_at < NOW),
    }
    cases.sort(key=lambda c: (c.due_at is None, c.due_at, c.pk))
    page = [
        f"{case.display_number}|{case.agency.code}|{case.place.code}|{case.province.code}|{case.assignee_id}"
        for case in cases[:25]
    ]
    return counts, page


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


def main() -> None:
    registry.register(SPEC)
    started = time.perf_counter()
    me, overdue_ids = build()
    print(f"built {CASES:,} cases in {time.perf_counter() - started:.1f} s (SQLite)")

    ours, naive = workqueue_ours(me), workqueue_naive(me)
    assert ours == naive, (ours, naive)
    statements = captured_statements(me)
    assert len(statements) == 2, statements
    ours_runs = timings(lambda: workqueue_ours(me), 50)
    raw_runs = timings(lambda: workqueue_raw(statements), 50)
    t_naive = _median(lambda: workqueue_naive(me))
    print(f"workqueue ({MINE:,} open cases of one officer, counts + first page of 25), 50 runs")
    print(
        f"  ours (selector, 2 queries):   median {statistics.median(ours_runs) * 1000:7.2f} ms"
        f"  p95 {p95(ours_runs) * 1000:7.2f} ms"
    )
    print(
        f"  baseline (same SQL, raw):     median {statistics.median(raw_runs) * 1000:7.2f} ms"
        f"  p95 {p95(raw_runs) * 1000:7.2f} ms"
    )
    print(f"  ratio raw/ours (p95):         {p95(raw_runs) / p95(ours_runs):7.2f}x")
    print(f"  naive view (load all, N+1):   median {t_naive * 1000:7.2f} ms")

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
