"""Deadlines per second through the engine, against the plain algorithm measured in the same run.

Workload: a realistic mix of periods (calendar days, working days, months, years) from start
dates spread over 2021–2026, on the calendar built from the shipped table (no database).
Baseline: the naive correct algorithm, a Python loop stepping one day at a time over a
precomputed set of non-working dates (weekends, holidays, day swaps), with plain month
arithmetic. Both must give the same due dates; the script checks that, and never asserts speed.

Run: .venv/bin/python bench/bench_deadlines.py
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tuphap.core import deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import Unit

CASES = 60_000
SEED = 20240504
MIX: list[tuple[Unit, float, tuple[int, ...]]] = [
    (Unit.DAYS, 0.40, (3, 5, 7, 10, 15, 30, 45, 60, 90)),
    (Unit.WORKING_DAYS, 0.35, (1, 2, 3, 5, 7, 10, 15, 20, 30, 45)),
    (Unit.MONTHS, 0.20, (1, 2, 3, 6, 12)),
    (Unit.YEARS, 0.05, (1, 2, 3, 5)),
]

Case = tuple[datetime.date, int, Unit]


def workload() -> list[Case]:
    rng = random.Random(SEED)
    first = datetime.date(2021, 1, 1).toordinal()
    last = datetime.date(2026, 12, 31).toordinal()
    units = [unit for unit, _, _ in MIX]
    weights = [weight for _, weight, _ in MIX]
    amounts = {unit: choices for unit, _, choices in MIX}
    cases: list[Case] = []
    for _ in range(CASES):
        unit = rng.choices(units, weights)[0]
        start = datetime.date.fromordinal(rng.randint(first, last))
        cases.append((start, rng.choice(amounts[unit]), unit))
    return cases


def naive_engine(calendar: WorkingCalendar) -> Callable[[Case], datetime.date]:
    one = datetime.timedelta(days=1)
    day = datetime.date(2020, 12, 1)
    off: set[datetime.date] = set()
    while day <= datetime.date(2033, 12, 31):
        if not calendar.is_working_day(day):
            off.add(day)
        day += one

    def due(case: Case) -> datetime.date:
        start, amount, unit = case
        if unit is Unit.WORKING_DAYS:
            day, counted = start, 0
            while counted < amount:
                day += one
                if day not in off:
                    counted += 1
            return day
        if unit is Unit.DAYS:
            day = start + datetime.timedelta(days=amount)
        else:
            day = deadlines.add_months(start, amount if unit is Unit.MONTHS else 12 * amount)
        while day in off:
            day += one
        return day

    return due


def measure(
    first: Callable[[Case], datetime.date],
    second: Callable[[Case], datetime.date],
    cases: list[Case],
    rounds: int = 5,
) -> tuple[float, float, int]:
    """Best-of-``rounds`` rates of both, run alternately so that load on the machine hits both
    alike; and the number of cases where they disagree."""
    best = [float("inf"), float("inf")]
    results: list[list[datetime.date]] = [[], []]
    for _ in range(rounds):
        for slot, function in enumerate((first, second)):
            began = time.perf_counter()
            results[slot] = [function(case) for case in cases]
            best[slot] = min(best[slot], time.perf_counter() - began)
    mismatches = sum(a != b for a, b in zip(results[0], results[1], strict=True))
    return len(cases) / best[0], len(cases) / best[1], mismatches


def main() -> None:
    calendar = WorkingCalendar.from_file()
    cases = workload()

    def ours(case: Case) -> datetime.date:
        return deadlines.due_date(case[0], case[1], case[2], calendar=calendar)

    baseline = naive_engine(calendar)
    ours(cases[0])  # build the calendar's index once, as the application does

    print(
        f"{CASES} deadlines, start dates 2021–2026, mix: "
        + ", ".join(f"{unit.value} {weight:.0%}" for unit, weight, _ in MIX)
    )
    our_rate, base_rate, mismatches = measure(ours, baseline, cases)
    print(f"ours:     {our_rate:12,.0f} deadlines/s")
    print(f"baseline: {base_rate:12,.0f} deadlines/s  (day-by-day loop over a precomputed set)")
    print(f"ratio:    {our_rate / base_rate:12.2f}x")
    for unit, _, _ in MIX:
        subset = [case for case in cases if case[2] is unit]
        unit_ours, unit_base, _ = measure(ours, baseline, subset)
        print(
            f"  {unit.value:<13} ours {unit_ours:10,.0f}/s  baseline {unit_base:10,.0f}/s  "
            f"ratio {unit_ours / unit_base:5.2f}x"
        )
    print(f"due dates that differ from the baseline: {mismatches}")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
