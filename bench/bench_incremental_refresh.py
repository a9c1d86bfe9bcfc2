"""How fast one changed enforcement case reaches the report (issue 17: within 5 seconds).

Builds the data set of ``bench_enforcement_report.py`` (real places, ``--cases`` generated cases
over five THADS years, the full rollup refresh) in its own database, then, for ``--changes``
open cases spread over the country, one at a time:

* ours: the cell of the case marked as a case service marks it (``statistics.services
  .mark_changed``, the case's place and office, from the current month), then the drain the
  worker runs every 2 seconds (``rollup_drain``: the marked cell recomputed from its month to
  the current one, rows replaced, province totals re-summed, one audit row), then the national
  report of the current THADS year by province (``selectors.report_national``): the time from
  the change's commit to the report that shows it, less the worker's wait of up to 2 s;
* baseline, same run: what there was before the queue: a full refresh of the stored THADS
  indicators over the last twelve months and the current one (the scheduled job), then the
  same report.

The drain recomputes the marked cell whatever changed in it, so the bench marks cells without
changing a case: the work is the same as after a change. Prints the median and the worst
change, the baseline, the ratio and the load average; asserts nothing about speed.

Run: ``DATABASE_URL=postgres://…/tuphap .venv/bin/python bench/bench_incremental_refresh.py
[--cases N] [--changes K] [--years Y]`` (SQLite without ``DATABASE_URL``); on a dataset kept by
the report bench: ``--database NAME --reuse --no-refresh --cases N --years Y``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import bench_enforcement_report as base  # noqa: E402 - the same data set

DB_NAME = "tuphap_bench_incremental"


def run(
    cases: int, changes: int, years: int = base.YEARS, *, reuse: bool = False, refresh: bool = True
) -> None:
    from django.utils import timezone

    from tuphap.core.periods import add_months
    from tuphap.enforcement.cases import generate
    from tuphap.enforcement.cases.models import EnforcementCase
    from tuphap.statistics import reports, selectors, services
    from tuphap.statistics.models import RollupMark

    base.build(cases, years, reuse=reuse, refresh=refresh)
    RollupMark.objects.all().delete()  # the generation's own marks: the refresh covered them
    today = timezone.localdate()
    current = today.replace(day=1)
    year = today.year + 1 if today.month >= 10 else today.year
    query = selectors.report_query_parse(
        indicators=[*generate.rollup_codes(), "thads.cases.rate", "thads.money.rate"],
        period=f"THADS{year}",
        level=reports.PROVINCE,
    )
    open_cases = list(
        EnforcementCase.objects.filter(case__closed_at__isnull=True)
        .order_by("case__province_id", "pk")
        .values_list("case__place_id", "agency_id")
        .distinct()
    )
    step = max(1, len(open_cases) // changes)
    cells = open_cases[::step][:changes]
    timings = []
    for place_id, agency_id in cells:
        started = time.perf_counter()
        services.mark_changed("thads", place_id=place_id, agency_id=agency_id, from_month=current)
        result = services.rollup_drain(actor=None)
        selectors.report_national(query)
        timings.append(time.perf_counter() - started)
        if result.marks != 1 or result.fallback:
            raise SystemExit(f"the drain did not handle the one mark by its cell: {result}")

    started = time.perf_counter()
    services.rollup_refresh(
        actor=None,
        indicators=generate.rollup_codes(),
        first_month=add_months(current, -12),
        last_month=current,
    )
    selectors.report_national(query)
    full = time.perf_counter() - started

    ours = statistics.median(timings)
    print(
        f"{cases:,} cases; {len(timings)} changed cells, each: mark, drain, national report "
        f"THADS{year} by province"
    )
    worst = max(timings)
    print(f"ours (mark → drain → report): median {ours * 1000:.0f} ms, worst {worst * 1000:.0f} ms")
    print(f"baseline (full refresh of 13 months → report): {full * 1000:.0f} ms")
    print(f"ratio baseline/ours: {full / ours:.1f}×; load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=3_000)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--years", type=int, default=base.YEARS, help="THADS years generated")
    parser.add_argument("--inner", default="")
    base.dataset_options(parser)
    options = parser.parse_args()
    if options.inner:
        base._setup(options.inner)
        run(
            options.cases,
            options.changes,
            options.years,
            reuse=options.reuse,
            refresh=not options.no_refresh,
        )
        return
    url = os.environ.get("DATABASE_URL", "")
    forwarded = ["--cases", str(options.cases), "--changes", str(options.changes)]
    forwarded += ["--years", str(options.years)]
    forwarded += [
        flag
        for flag, on in (("--reuse", options.reuse), ("--no-refresh", options.no_refresh))
        if on
    ]
    if url.startswith(("postgres://", "postgresql://")):
        base._postgres(
            url,
            forwarded,
            name=options.database or DB_NAME,
            script=__file__,
            keep=options.keep,
            reuse=options.reuse,
        )
    else:
        base.BENCH_DIR.mkdir(parents=True, exist_ok=True)
        database = base.BENCH_DIR / "bench_incremental.sqlite3"
        for old in base.BENCH_DIR.glob("bench_incremental.sqlite3*"):
            old.unlink()
        try:
            subprocess.run(  # noqa: S603 - this script, with a throw-away SQLite file
                [sys.executable, __file__, "--inner", f"sqlite:///{database}", *forwarded],
                check=True,
            )
        finally:
            for old in base.BENCH_DIR.glob("bench_incremental.sqlite3*"):
                old.unlink()


if __name__ == "__main__":
    main()
