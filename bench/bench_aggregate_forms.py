"""Entering and approving one province's report forms for a year, through the services, against
the same rows inserted in raw SQL in the same run.

Builds a throw-away SQLite database (a temporary directory; ``BENCH_DATABASE_URL`` for another,
e.g. PostgreSQL) with the shipped data sets, one province with ``BENCH_COMMUNES`` communes
(default 40; Nghệ An has 130), their commune committees, the Department of Justice, and their
officers and approvers.

1. **Ours**: for every form the province owes in 2025 (each commune's two half-year commune
   forms, the department's half-year and annual forms): ``report_open``, ``values_save`` of the
   whole grid (the no-JS save; history and audit), ``report_submit`` (the rules rerun),
   ``report_approve`` (the rules rerun, the figures written to the rollup store) — four service
   calls, four transactions per form.
2. **Baseline**: the very rows the services wrote for each form (the form, its values, their
   history, its events, its audit rows, its rollup rows) read back and inserted again with plain
   ``INSERT`` statements under new keys, one transaction per form: the writes alone.

Prints forms per second, cells, the median time per form and the ratio. Asserts nothing about
speed. Run: ``.venv/bin/python bench/bench_aggregate_forms.py``.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_directory = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{_directory.name}/bench_aggregate.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"

import django  # noqa: E402 - after the environment is set

django.setup()

import time_machine  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tuphap.accounts.models import AgencyKind, AgencyLevel  # noqa: E402
from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.accounts.tests import factories as account_factories  # noqa: E402
from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.places.tests import factories as place_factories  # noqa: E402
from tuphap.statistics.aggregate import demo, selectors, services, shipped  # noqa: E402
from tuphap.statistics.aggregate.models import (  # noqa: E402
    AggregateValue,
    DataSet,
    FormReport,
    ReportEvent,
    ValueChange,
)
from tuphap.statistics.models import Rollup  # noqa: E402

COMMUNES = int(os.environ.get("BENCH_COMMUNES", "40"))
VN = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 1, 10, 9, 0, tzinfo=VN)  # after both halves of 2025


def setup() -> list[tuple[Any, Any, Any, Any]]:
    """(data set, period, officer, approver) of every form the province owes for 2025."""
    call_command("migrate", verbosity=0)
    shipped.load()
    province = place_factories.province("40", "Tỉnh Nghệ An")
    ministry = account_factories.agency(
        "BTP", "Bộ Tư pháp", kind=AgencyKind.MINISTRY, level=AgencyLevel.NATIONAL
    )
    doj = account_factories.agency(
        "STP-40", "Sở Tư pháp Nghệ An", units=[province], parent=ministry
    )
    doj_officer = account_factories.user("tk_stp", doj, Role.STATISTICS_OFFICER)
    doj_approver = account_factories.user("pd_stp", doj, Role.REPORT_APPROVER)
    ministry_approver = account_factories.user("pd_bo", ministry, Role.REPORT_APPROVER)
    communes = []
    for number in range(COMMUNES):
        commune = place_factories.commune(f"9{number:04d}", f"Xã Bench {number}", province)
        agency = account_factories.agency(
            f"UBND-9{number:04d}",
            f"UBND xã Bench {number}",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            level=AgencyLevel.COMMUNE,
            units=[commune],
            parent=doj,
        )
        communes.append(account_factories.user(f"tk_xa_{number}", agency, Role.STATISTICS_OFFICER))
    work = []
    for data_set in DataSet.objects.order_by("code"):
        level = data_set.reporting_level
        if level == "national":
            continue
        for period in selectors.periods_of_year(data_set.period_type, 2025):
            if level == "commune":
                work += [(data_set, period, officer, doj_approver) for officer in communes]
            else:
                work.append((data_set, period, doj_officer, ministry_approver))
    return work


def ours(work: list[tuple[Any, Any, Any, Any]]) -> tuple[list[float], int, list[int]]:
    generator = random.Random(15)
    times, cells, ids = [], 0, []
    for data_set, period, officer, approver in work:
        values = demo.values_for(data_set, generator, 40)
        started = time.perf_counter()
        report = services.report_open(actor=officer, data_set=data_set, period=period.code)
        services.values_save(actor=officer, report=report, cells=values)
        services.report_submit(actor=officer, report=report)
        services.report_approve(actor=approver, report=report)
        times.append(time.perf_counter() - started)
        cells += len(values)
        ids.append(report.pk)
    return times, cells, ids


def _rows(table: str, where: str, params: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {where}", params)
        columns = [column[0] for column in cursor.description]
        return columns, list(cursor.fetchall())


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    names = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def baseline(ids: list[int]) -> list[float]:
    """Read each form's rows, then time only their INSERTs (new keys, one transaction)."""
    report_table = FormReport._meta.db_table
    children = [
        AggregateValue._meta.db_table,
        ValueChange._meta.db_table,
        ReportEvent._meta.db_table,
    ]
    times = []
    for number, pk in enumerate(ids):
        columns, rows = _rows(report_table, "id = %s", [pk])
        report = dict(zip(columns, rows[0], strict=True))
        copies = {}
        for table in children:
            copies[table] = _rows(table, "report_id = %s", [pk])
        audit = _rows(
            AuditEvent._meta.db_table,
            "object_type = %s AND object_id = %s",
            ["statistics.formreport", str(pk)],
        )
        form = FormReport.objects.select_related("data_set").get(pk=pk)
        rollup = _rows(
            Rollup._meta.db_table,
            "agency_id = %s AND indicator LIKE %s AND month >= %s AND month <= %s",
            [
                form.agency_id,
                f"form.{form.data_set.code}.%",
                form.period_start.replace(day=1),
                form.period_end,
            ],
        )
        new_id = 10_000_000 + number
        started = time.perf_counter()
        with transaction.atomic():
            report_columns = list(columns)
            values = [
                new_id if c == "id" else (report[c] + "B" if c == "period" else report[c])
                for c in report_columns
            ]
            _insert(report_table, report_columns, [tuple(values)])
            for table, (child_columns, child_rows) in copies.items():
                keep = [c for c in child_columns if c != "id"]
                _insert(
                    table,
                    keep,
                    [
                        tuple(
                            new_id if c == "report_id" else row[child_columns.index(c)]
                            for c in keep
                        )
                        for row in child_rows
                    ],
                )
            audit_columns, audit_rows = audit
            keep = [c for c in audit_columns if c != "id"]
            _insert(
                AuditEvent._meta.db_table,
                keep,
                [tuple(row[audit_columns.index(c)] for c in keep) for row in audit_rows],
            )
            rollup_columns, rollup_rows = rollup
            keep = [c for c in rollup_columns if c != "id"]
            month = rollup_columns.index("month")
            _insert(
                Rollup._meta.db_table,
                keep,
                [
                    tuple(
                        (
                            row[month].replace(year=1990)
                            if isinstance(row[month], datetime.date)
                            else "1990" + str(row[month])[4:]
                        )
                        if c == "month"
                        else row[rollup_columns.index(c)]
                        for c in keep
                    )
                    for row in rollup_rows
                ],
            )
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    with time_machine.travel(NOW, tick=True):
        work = setup()
        ours_times, cells, ids = ours(work)
    base_times = baseline(ids)
    forms = len(ours_times)
    ours_total, base_total = sum(ours_times), sum(base_times)
    print(
        f"database: {connection.vendor}; one province, {COMMUNES} communes, year 2025: "
        f"{forms} forms, {cells} cells"
    )
    print(
        "ours (open, save, submit, approve through the services): "
        f"{forms / ours_total:.1f} forms/s, "
        f"median {statistics.median(ours_times) * 1000:.1f} ms/form, total {ours_total:.2f} s"
    )
    print(
        f"baseline (the same rows, raw SQL INSERTs): {forms / base_total:.1f} forms/s, "
        f"median {statistics.median(base_times) * 1000:.1f} ms/form, total {base_total:.2f} s"
    )
    print(f"ratio ours / baseline: {ours_total / base_total:.1f}x")


if __name__ == "__main__":
    main()
