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
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tuphap.core.periods import months_between
from tuphap.statistics.models import ProvinceRollup, Rollup, RollupCoverage

COPY_THRESHOLD = 2000  # below this, COPY's set-up costs more than it saves
INSERT_BATCH = 5000
COPY_BLOCK = 10_000  # lines handed to COPY at a time
_NULL = "\\N"  # COPY's text format for a missing value

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


def summarise(
    pairs: Iterable[tuple[str, datetime.date]], *, provinces: Collection[int | None] | None = None
) -> None:
    """Recompute the province totals of these (indicator, month) pairs from the rollups; with
    ``provinces``, only the totals of those provinces (None: the central-level total), the
    others being unchanged (the incremental drain: the provinces of the cells it replaced)."""
    months_of: dict[str, set[datetime.date]] = {}
    for indicator, month in pairs:
        months_of.setdefault(indicator, set()).add(month)
    table = connection.ops.quote_name(ProvinceRollup._meta.db_table)
    source = connection.ops.quote_name(_table())
    only, parameters = "", []
    chosen = Q()
    if provinces is not None:
        if not provinces:
            return
        ids = sorted(province for province in provinces if province is not None)
        clauses = []
        if ids:
            clauses.append(f"province_id IN ({', '.join(['%s'] * len(ids))})")
            parameters = ids
            chosen |= Q(province_id__in=ids)
        if None in provinces:
            clauses.append("province_id IS NULL")
            chosen |= Q(province_id__isnull=True)
        only = f" AND ({' OR '.join(clauses)})"
    statement = (
        f"INSERT INTO {table} (indicator, month, province_id, value) "  # noqa: S608  (names from the models, values bound)
        f"SELECT indicator, month, province_id, SUM(value) FROM {source} "
        f"WHERE indicator = %s AND month >= %s AND month <= %s{only} GROUP BY indicator, "
        "month, province_id"
    )
    with connection.cursor() as cursor:
        for indicator, months in sorted(months_of.items()):
            ProvinceRollup.objects.filter(chosen, indicator=indicator, month__in=months).delete()
            for low, high in _runs(sorted(months)):
                cursor.execute(
                    statement,
                    [
                        indicator,
                        connection.ops.adapt_datefield_value(low),
                        connection.ops.adapt_datefield_value(high),
                        *parameters,
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
    """COPY in its text format, the lines built here a block at a time (psycopg's
    ``write_row`` adapts each value of each row: most of a national refresh's write time)."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
    statement = f"COPY {connection.ops.quote_name(_table())} ({quoted}) FROM STDIN"
    months: dict[datetime.date, str] = {}
    stamps: dict[datetime.datetime, str] = {}
    lines: list[str] = []
    codes: set[str] = set()
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(statement) as copy:
            for indicator, month, place_id, province_id, agency_id, value, computed_at in rows:
                if indicator not in codes:
                    if "\t" in indicator or "\\" in indicator or "\n" in indicator:
                        raise ValueError(f"{indicator!r}: not a code COPY can carry as it is.")
                    codes.add(indicator)
                text = months.get(month)
                if text is None:
                    text = months[month] = month.isoformat()
                stamp = stamps.get(computed_at)
                if stamp is None:
                    stamp = stamps[computed_at] = computed_at.isoformat()
                lines.append(
                    f"{indicator}\t{text}\t{_NULL if place_id is None else place_id}\t"
                    f"{_NULL if province_id is None else province_id}\t"
                    f"{_NULL if agency_id is None else agency_id}\t{int(value)}\t{stamp}\n"
                )
                if len(lines) >= COPY_BLOCK:
                    copy.write("".join(lines))
                    lines.clear()
            if lines:
                copy.write("".join(lines))


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
    # what the cells hold now, by month and province: the coverage counts and the province
    # totals are brought in step for those only, so a drain's work follows its cells, not
    # the size of the register (ADR 0021)
    change: dict[datetime.date, int] = {}
    provinces: set[int | None] = set()
    for query in _cell_queries(indicator, cells, last_month):
        for month, province, count in (
            query.order_by().values_list("month", "province_id").annotate(rows=Count("id"))
        ):
            change[month] = change.get(month, 0) - count
            provinces.add(province)
    deleted = delete_cells(indicator, cells, last_month, summarise_totals=False)
    if rows:
        if connection.vendor == "postgresql" and len(rows) >= COPY_THRESHOLD:
            _copy(rows)
        else:
            _insert(rows)
    for row in rows:
        change[row[1]] = change.get(row[1], 0) + 1
        provinces.add(row[3])
    months = months_between(min(cells.values()), last_month) if cells else []
    _recount(indicator, months, change)
    summarise(((indicator, month) for month in months), provinces=provinces)
    return deleted, len(rows)


def _cell_queries(
    indicator: str, cells: Cells, last_month: datetime.date
) -> Iterator[QuerySet[Rollup]]:
    """The indicator's rows of (place, agency) cells, each from its month to ``last_month``,
    as a few querysets (cells grouped by their month, 200 to a statement)."""
    by_first: dict[datetime.date, list[tuple[int | None, int | None]]] = {}
    for key, first in cells.items():
        by_first.setdefault(first, []).append(key)
    for first, keys in sorted(by_first.items()):
        for offset in range(0, len(keys), 200):
            condition = Q()
            for place_id, agency_id in keys[offset : offset + 200]:
                condition |= Q(place_id=place_id, agency_id=agency_id)
            yield Rollup.objects.filter(
                indicator=indicator, month__gte=first, month__lte=last_month
            ).filter(condition)


def delete_cells(
    indicator: str, cells: Cells, last_month: datetime.date, *, summarise_totals: bool = True
) -> int:
    """Remove an indicator's rows of (place, agency) cells, each from its month to
    ``last_month``; the province totals of the months touched are re-summarised unless the
    caller does it (``replace_cells``)."""
    deleted = 0
    for query in _cell_queries(indicator, cells, last_month):
        count, _ = query.delete()
        deleted += count
    if summarise_totals and cells:
        summarise((indicator, month) for month in months_between(min(cells.values()), last_month))
    return deleted


def _recount(
    indicator: str, months: Sequence[datetime.date], change: dict[datetime.date, int]
) -> None:
    """The coverage of these months with the number of rows they now hold (as a full refresh
    writes it); a month not covered before is covered now. A month covered by computed rows
    moves by ``change`` (rows added less rows removed there); any other is counted."""
    covered = {
        coverage.month: coverage
        for coverage in RollupCoverage.objects.filter(indicator=indicator, month__in=months)
    }
    counts = {
        month: covered[month].rows + change.get(month, 0)
        for month in months
        if month in covered and not covered[month].synthetic
    }
    uncounted = [month for month in months if month not in counts]
    if uncounted:
        counts.update(dict.fromkeys(uncounted, 0))
        for month, rows in (
            Rollup.objects.filter(indicator=indicator, month__in=uncounted)
            .order_by()
            .values_list("month")
            .annotate(rows=Count("id"))
        ):
            counts[month] = rows
    now = timezone.now()
    for month in months:
        rows = counts[month]
        coverage = covered.get(month)
        if coverage is None:
            RollupCoverage.objects.create(
                indicator=indicator, month=month, rows=rows, computed_at=now
            )
        elif coverage.rows != rows or coverage.synthetic:
            coverage.rows, coverage.synthetic = rows, False
            coverage.save(update_fields=["rows", "synthetic"])
