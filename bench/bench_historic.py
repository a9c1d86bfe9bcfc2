"""The statistics report with historic figures of past periods (ADR 0016), against the same
report without them.

Builds the report benchmark's world (``bench_report.py``: 3 indicators × 60 months × 3,321
synthetic communes ≈ 600k rollup rows), then plays a ministry that started using tuphap in
January 2024: the records of 2021–2023 are removed, and the figures of those years are loaded
as historic half-year figures of every commune (3 × 6 × 3,321 ≈ 60k figures); five provinces
started only in July 2024, so their records of 2024H1 are removed and their half-year loaded
too; 2024H2 is loaded as well although every province has its records (all shadowed: the
records win). It times the report for 2025 and for 2024 at nation and province level with the
uploads approved and with them withdrawn (the records alone), and checks that the term to date
of the approved case equals the synthetic total.

Run: ``.venv/bin/python bench/bench_historic.py`` (SQLite; PostgreSQL too when ``DATABASE_URL``
names it). Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_report as base

LATE_PROVINCES = 5


def run() -> None:
    from django.db import connection, transaction
    from django.db.models import Sum

    from tuphap.accounts.models import AgencyKind, AgencyLevel
    from tuphap.accounts.roles import Role
    from tuphap.accounts.tests import factories
    from tuphap.core import periods
    from tuphap.statistics import selectors, services
    from tuphap.statistics.aggregate import historic
    from tuphap.statistics.aggregate.models import HistoricBatch, HistoricStatus
    from tuphap.statistics.models import Rollup

    base._register()
    started = time.perf_counter()
    services.rollup_generate(
        actor=None,
        indicators=list(base.CODES),
        communes=base.COMMUNES,
        years=base.YEARS,
        seed=6,
        last_month=base.LAST_MONTH,
    )
    print(f"engine: {connection.vendor}; rollups written in {time.perf_counter() - started:.1f} s")
    expected = {
        code: int(Rollup.objects.filter(indicator=code).aggregate(total=Sum("value"))["total"])
        for code in base.CODES
    }
    provinces = sorted(
        {p for p in Rollup.objects.values_list("province_id", flat=True).distinct() if p}
    )
    late = set(provinces[:LATE_PROVINCES])
    halves = [
        periods.Period(periods.PeriodKind.HALF, y, h) for y in (2021, 2022, 2023) for h in (1, 2)
    ]
    early_half = periods.Period(periods.PeriodKind.HALF, 2024, 1)
    figures: list[historic.ParsedFigure] = []
    grouped: dict[tuple[str, int, int, str], int] = {}

    def collect(period: periods.Period, only: set[int] | None, *, keep: bool = False) -> None:
        months = period.months()
        rows = Rollup.objects.filter(
            indicator__in=base.CODES, month__gte=months[0], month__lte=months[-1]
        )
        if only is not None:
            rows = rows.filter(province_id__in=only)
        for code, place, province, total in rows.values_list(
            "indicator", "place_id", "province_id"
        ).annotate(t=Sum("value")):
            grouped[(code, place, province, period.code)] = int(total)
        if not keep:
            rows.delete()

    started = time.perf_counter()
    for half in halves:
        collect(half, None)
    collect(early_half, late)
    # 2024H2 loaded too although every province has its records: all shadowed, never counted
    late_half = periods.Period(periods.PeriodKind.HALF, 2024, 2)
    collect(late_half, None, keep=True)
    by_code = {period.code: period for period in [*halves, early_half, late_half]}
    for (code, place, province, period_code), total in grouped.items():
        period = by_code[period_code]
        months = period.months()
        figures.append(
            historic.ParsedFigure(
                code, period_code, months[-1], months[0], months[-1], place, province, None, total
            )
        )
    ministry = factories.agency(
        "BTP-B", "Bộ Tư pháp", kind=AgencyKind.MINISTRY, level=AgencyLevel.NATIONAL
    )
    statistician = factories.user("bench_thongke", ministry, Role.STATISTICS_OFFICER)
    approver = factories.user("bench_pheduyet", ministry, Role.REPORT_APPROVER)
    with transaction.atomic():
        batch = historic.batch_upload(actor=statistician, title="bench", figures=figures)
    print(f"{len(figures):,} historic figures uploaded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    historic.batch_approve(actor=approver, batch=batch)
    print(f"approved (overlap check) in {time.perf_counter() - started:.2f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def report(period: str, level: str) -> Any:
        query = selectors.report_query_parse(
            indicators=",".join([*base.CODES, base.RATIO]), period=period, level=level
        )
        return lambda: selectors.report_national(query)

    results: dict[tuple[str, str, str], float] = {}
    for state in ("approved", "withdrawn"):
        HistoricBatch.objects.filter(pk=batch.pk).update(
            status=HistoricStatus.APPROVED if state == "approved" else HistoricStatus.WITHDRAWN
        )
        for period in ("2025", "2024"):
            for level in ("nation", "province"):
                seconds, result = base._median(report(period, level))
                results[(state, period, level)] = seconds
                if state == "approved" and period == "2025" and level == "nation":
                    for row in result.rows:
                        if row["indicator"] in expected:
                            assert row["term_to_date"] == expected[row["indicator"]], row
                            assert "term_to_date" in row["historic"], row
    for period in ("2025", "2024"):
        for level in ("nation", "province"):
            with_history = results[("approved", period, level)]
            records = results[("withdrawn", period, level)]
            print(
                f"report {period} {level:8}: with historic {with_history * 1000:7.1f} ms, "
                f"records alone {records * 1000:7.1f} ms ({with_history / records:4.2f}×)"
            )
    print("term to date (2025, nation) with historic figures = the synthetic total: checked")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        base._setup(sys.argv[2])
        run()
        return
    configured = os.environ.get("DATABASE_URL", "")
    base.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = base.BENCH_DIR / "bench_historic.sqlite3"
    for path in base.BENCH_DIR.glob("bench_historic.sqlite3*"):
        path.unlink()
    started = time.perf_counter()
    subprocess.run(  # noqa: S603  (this script, with a throw-away SQLite file)
        [sys.executable, __file__, "--inner", f"sqlite:///{database}"], check=True
    )
    for path in base.BENCH_DIR.glob("bench_historic.sqlite3*"):
        path.unlink()
    if configured.startswith(("postgres://", "postgresql://")):
        print()
        _postgres(configured)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


def _postgres(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    root, _, _name = database_url.rpartition("/")
    admin = f"{root}/postgres"
    name = sql.Identifier("tuphap_bench_historic")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        subprocess.run(  # noqa: S603  (this script, with a URL we built)
            [sys.executable, __file__, "--inner", f"{root}/tuphap_bench_historic"], check=True
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))


if __name__ == "__main__":
    main()
