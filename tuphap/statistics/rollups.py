"""Writing rollup rows fast: the one adapter between the refresh job and the database.

On PostgreSQL a large batch goes through COPY (psycopg ``cursor.copy``), roughly ten times the
speed of ``bulk_create``; everywhere else, and for small batches, a parameterised
``executemany`` INSERT. Both write the same rows into the same table (ADR 0005).

Every write and delete here also brings the province totals (``ProvinceRollup``, ADR 0020) of
the (indicator, month) pairs it touched back in step, in the caller's transaction, with one
set-based ``INSERT … SELECT … GROUP BY`` per indicator. Anything that changes ``Rollup`` rows
another way calls ``summarise`` for the pairs it changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from tuphap.core.periods import months_between
from tuphap.statistics.models import ProvinceRollup, Rollup, RollupCoverage

COPY_THRESHOLD = 2000  # below this, COPY's set-up costs more than it saves
INSERT_BATCH = 5000

# (indicator, month, place_id, province_id, agency_id, value, computed_at); place and province
# are both None on a central-level row (ADR 0010)
RollupRow = tuple[str, datetime.date, int | None, int | None, int | None, int, datetime.datetime]

_COLUMNS = ("indicator", "month", "place_id", "province_id", "agency_id", "value", "computed_at")


def _table() -> str:
    return Rollup._meta.db_table


def write_rows(rows: Sequence[RollupRow]) -> int:
    """Insert ``rows`` into the rollup table in the caller's transaction; returns the count."""
    if not rows:
        return 0
    if connection.vendor == "postgresql" and len(rows) >= COPY_THRESHOLD:
        _copy(rows)
    else:
        _insert(rows)
    summarise({(row[0], row[1]) for row in rows})
    return len(rows)


def summarise(pairs: Iterable[tuple[str, datetime.date]]) -> None:
    """Recompute the province totals of these (indicator, month) pairs from the rollups."""
    months_of: dict[str, set[datetime.date]] = {}
    for indicator, month in pairs:
        months_of.setdefault(indicator, set()).add(month)
    table = connection.ops.quote_name(ProvinceRollup._meta.db_table)
    source = connection.ops.quote_name(_table())
    statement = (
        f"INSERT INTO {table} (indicator, month, province_id, value) "  # noqa: S608  (names from the models, values bound)
        f"SELECT indicator, month, province_id, SUM(value) FROM {source} "
        "WHERE indicator = %s AND month >= %s AND month <= %s GROUP BY indicator, month, "
        "province_id"
    )
    with connection.cursor() as cursor:
        for indicator, months in sorted(months_of.items()):
            ProvinceRollup.objects.filter(indicator=indicator, month__in=months).delete()
            for low, high in _runs(sorted(months)):
                cursor.execute(
                    statement,
                    [
                        indicator,
                        connection.ops.adapt_datefield_value(low),
                        connection.ops.adapt_datefield_value(high),
                    ],
                )


def _runs(months: list[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Sorted months → (first, last) of each run of consecutive months."""
    runs: list[tuple[datetime.date, datetime.date]] = []
    for month in months:
        if runs:
            low, high = runs[-1]
            following = (high.year * 12 + high.month) + 1 == month.year * 12 + month.month
            if following:
                runs[-1] = (low, month)
                continue
        runs.append((month, month))
    return runs


def _copy(rows: Iterable[RollupRow]) -> None:
    quoted = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
    statement = f"COPY {connection.ops.quote_name(_table())} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


def _insert(rows: Sequence[RollupRow]) -> None:
    quoted = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    statement = (
        f"INSERT INTO {connection.ops.quote_name(_table())} ({quoted}) VALUES ({placeholders})"  # noqa: S608  (names from the model, values bound)
    )
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), INSERT_BATCH):
            batch = rows[offset : offset + INSERT_BATCH]
            cursor.executemany(statement, _adapted(batch))


def _adapted(rows: Sequence[RollupRow]) -> list[tuple[Any, ...]]:
    """Rows with their dates in the database's form. A refresh repeats a handful of months and
    one timestamp over many rows, so each distinct value is converted once."""
    months: dict[datetime.date, Any] = {}
    stamps: dict[datetime.datetime, Any] = {}
    adapted = []
    for indicator, month, place_id, province_id, agency_id, value, computed_at in rows:
        if month not in months:
            months[month] = connection.ops.adapt_datefield_value(month)
        if computed_at not in stamps:
            stamps[computed_at] = connection.ops.adapt_datetimefield_value(computed_at)
        adapted.append(
            (indicator, months[month], place_id, province_id, agency_id, value, stamps[computed_at])
        )
    return adapted


def delete_months(indicator: str, months: Sequence[datetime.date]) -> int:
    """Remove an indicator's rows and coverage for ``months``; returns the rows removed."""
    deleted, _ = Rollup.objects.filter(indicator=indicator, month__in=months).delete()
    ProvinceRollup.objects.filter(indicator=indicator, month__in=months).delete()
    RollupCoverage.objects.filter(indicator=indicator, month__in=months).delete()
    return deleted


def mark_covered(
    indicator: str,
    counts: dict[datetime.date, int],
    computed_at: datetime.datetime,
    *,
    synthetic: bool = False,
) -> None:
    RollupCoverage.objects.bulk_create(
        [
            RollupCoverage(
                indicator=indicator,
                month=month,
                rows=rows,
                computed_at=computed_at,
                synthetic=synthetic,
            )
            for month, rows in sorted(counts.items())
        ]
    )


# (place_id, agency_id) → the first month whose rows are replaced (ADR 0021)
Cells = dict[tuple[int | None, int | None], datetime.date]


def replace_cells(
    indicator: str, cells: Cells, last_month: datetime.date, rows: Sequence[RollupRow]
) -> tuple[int, int]:
    """The incremental refresh's write (ADR 0021): remove the indicator's rows of each cell
    from its month to ``last_month``, insert ``rows`` (which must lie in those cells), bring
    the coverage counts and the province totals of the months touched back in step, all in the
    caller's transaction. Returns (deleted, written)."""
    for row in rows:
        first = cells.get((row[2], row[4]))
        if row[0] != indicator or first is None or not first <= row[1] <= last_month:
            raise ValueError(f"{indicator}: row {row[:5]} lies outside the replaced cells.")
    deleted = delete_cells(indicator, cells, last_month, summarise_totals=False)
    if rows:
        if connection.vendor == "postgresql" and len(rows) >= COPY_THRESHOLD:
            _copy(rows)
        else:
            _insert(rows)
    months = months_between(min(cells.values()), last_month) if cells else []
    _recount(indicator, months)
    summarise((indicator, month) for month in months)
    return deleted, len(rows)


def delete_cells(
    indicator: str, cells: Cells, last_month: datetime.date, *, summarise_totals: bool = True
) -> int:
    """Remove an indicator's rows of (place, agency) cells, each from its month to
    ``last_month``; the province totals of the months touched are re-summarised unless the
    caller does it (``replace_cells``)."""
    deleted = 0
    by_first: dict[datetime.date, list[tuple[int | None, int | None]]] = {}
    for key, first in cells.items():
        by_first.setdefault(first, []).append(key)
    for first, keys in sorted(by_first.items()):
        for offset in range(0, len(keys), 200):
            condition = Q()
            for place_id, agency_id in keys[offset : offset + 200]:
                condition |= Q(place_id=place_id, agency_id=agency_id)
            count, _ = (
                Rollup.objects.filter(indicator=indicator, month__gte=first, month__lte=last_month)
                .filter(condition)
                .delete()
            )
            deleted += count
    if summarise_totals and cells:
        summarise((indicator, month) for month in months_between(min(cells.values()), last_month))
    return deleted


def _recount(indicator: str, months: Sequence[datetime.date]) -> None:
    """The coverage of these months with the number of rows they now hold (as a full refresh
    writes it); a month not covered before is covered now."""
    counts = dict.fromkeys(months, 0)
    for month, rows in (
        Rollup.objects.filter(indicator=indicator, month__in=months)
        .order_by()
        .values_list("month")
        .annotate(rows=Count("id"))
    ):
        counts[month] = rows
    covered = {
        coverage.month: coverage
        for coverage in RollupCoverage.objects.filter(indicator=indicator, month__in=months)
    }
    now = timezone.now()
    for month, rows in counts.items():
        coverage = covered.get(month)
        if coverage is None:
            RollupCoverage.objects.create(
                indicator=indicator, month=month, rows=rows, computed_at=now
            )
        elif coverage.rows != rows or coverage.synthetic:
            coverage.rows, coverage.synthetic = rows, False
            coverage.save(update_fields=["rows", "synthetic"])
