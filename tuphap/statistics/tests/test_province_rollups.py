"""The province totals (ADR 0020): kept in step with the rollups by every write path, and a
report read from them gives the figures a report read from the rollups gives."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import ProtectedError, Q, Sum
from django.utils import timezone

from tuphap.places.models import AdministrativeUnit
from tuphap.statistics import reports, rollups, selectors, services
from tuphap.statistics.models import ProvinceRollup, Rollup, RollupCoverage
from tuphap.statistics.registry import registry
from tuphap.statistics.tests.conftest import SOURCE_ROWS, month

CODES = ["test.cases.received", "test.cases.done", "test.cases.pending"]


def _totals() -> dict[tuple[str, datetime.date, int | None], int]:
    return {
        (row["indicator"], row["month"], row["province"]): int(row["total"])
        for row in Rollup.objects.values("indicator", "month", "province")
        .annotate(total=Sum("value"))
        .order_by()
    }


def _summary() -> dict[tuple[str, datetime.date, int | None], int]:
    return {
        (indicator, first, province): value
        for indicator, first, province, value in ProvinceRollup.objects.values_list(
            "indicator", "month", "province", "value"
        )
    }


def test_every_write_path_keeps_the_province_totals_in_step(world: Any, indicators: None) -> None:
    # a refresh from a register's source, central rows included
    SOURCE_ROWS.clear()
    SOURCE_ROWS.extend(
        [
            (month("2025-03"), world.vinh.pk, None, 4),
            (month("2025-03"), world.ha_tinh_ward.pk, None, 2),
            (month("2025-04"), world.vinh.pk, None, 1),
            (month("2025-04"), None, world.ministry.pk, 9),
        ]
    )
    services.rollup_refresh(
        actor=None, indicators=CODES, first_month=month("2025-01"), last_month=month("2025-06")
    )
    assert _summary() == _totals()
    assert len(_summary()) > 3

    # a second refresh of fewer months after the register changed
    SOURCE_ROWS[:] = [(month("2025-04"), world.vinh.pk, None, 5)]
    services.rollup_refresh(
        actor=None, indicators=CODES, first_month=month("2025-04"), last_month=month("2025-04")
    )
    assert _summary() == _totals()
    assert _summary()[("test.cases.received", month("2025-04"), world.nghe_an.pk)] == 5

    # synthetic rows for a demo
    services.rollup_generate(
        actor=None,
        indicators=["test.cases.received"],
        communes=3,
        years=1,
        seed=7,
        last_month=month("2024-12"),
    )
    assert _summary() == _totals()
    SOURCE_ROWS.clear()


def test_replacing_cells_re_sums_their_provinces_only_and_keeps_the_coverage_counts(
    world: Any, indicators: None
) -> None:
    # given rollups in two provinces and at central level, refreshed for March and April
    code = "test.cases.received"
    SOURCE_ROWS[:] = [
        (month("2025-03"), world.vinh.pk, None, 4),
        (month("2025-03"), world.ha_tinh_ward.pk, None, 2),
        (month("2025-04"), world.vinh.pk, None, 1),
        (month("2025-04"), None, world.ministry.pk, 9),
    ]
    services.rollup_refresh(
        actor=None, indicators=[code], first_month=month("2025-03"), last_month=month("2025-04")
    )
    untouched = list(
        ProvinceRollup.objects.exclude(province=world.nghe_an).values_list("pk", "value")
    )

    # when the incremental drain replaces Vinh's cell from March to May: 7 in March, 3 in May
    now = timezone.now()
    rollups.replace_cells(
        code,
        {(world.vinh.pk, None): month("2025-03")},
        month("2025-05"),
        [
            (code, month("2025-03"), world.vinh.pk, world.nghe_an.pk, None, 7, now),
            (code, month("2025-05"), world.vinh.pk, world.nghe_an.pk, None, 3, now),
        ],
    )

    # then the province totals equal the rollups again
    assert _summary() == _totals()
    assert _summary()[(code, month("2025-03"), world.nghe_an.pk)] == 7
    assert (code, month("2025-04"), world.nghe_an.pk) not in _summary()
    # and those of the other province and of the central level were not rewritten (ADR 0021:
    # a drain's work follows its cells)
    assert sorted(
        ProvinceRollup.objects.exclude(province=world.nghe_an).values_list("pk", "value")
    ) == sorted(untouched)
    # and each month's coverage counts the rows it holds, May (never computed) included
    coverage = dict(RollupCoverage.objects.filter(indicator=code).values_list("month", "rows"))
    assert coverage == {
        month("2025-03"): Rollup.objects.filter(indicator=code, month=month("2025-03")).count(),
        month("2025-04"): 1,
        month("2025-05"): 1,
    }
    assert coverage[month("2025-03")] == 2
    SOURCE_ROWS.clear()


def test_a_report_from_the_province_totals_equals_one_from_the_rollups(
    world: Any, indicators: None
) -> None:
    services.rollup_generate(
        actor=None, indicators=CODES, communes=12, years=2, seed=3, last_month=month("2024-12")
    )
    query = selectors.report_query_parse(
        indicators=",".join(CODES), period="2024", level=reports.PROVINCE
    )
    every_place = Q(place__in=AdministrativeUnit.objects.values("pk")) | Q(place__isnull=True)

    from_totals = reports.build(registry, query)  # no limit: the province totals
    from_rollups = reports.build(registry, query, every_place)  # a limit: the rollups

    assert from_totals.rows == from_rollups.rows
    assert any(row["value"] for row in from_totals.rows)


def test_a_unit_or_agency_with_rollup_rows_still_cannot_be_deleted(
    world: Any, indicators: None
) -> None:
    # the rollup tables hold no key constraints in the database (ADR 0020: derived rows are
    # not checked one by one at commit), but the models still protect what they point to
    SOURCE_ROWS.clear()
    SOURCE_ROWS.extend([(month("2025-03"), world.vinh.pk, world.ministry.pk, 4)])
    services.rollup_refresh(
        actor=None, indicators=CODES, first_month=month("2025-03"), last_month=month("2025-03")
    )
    assert Rollup.objects.filter(place=world.vinh, agency=world.ministry).exists()
    for target in (world.ministry, AdministrativeUnit.objects.get(pk=world.vinh.pk)):
        with pytest.raises(ProtectedError) as refused:
            target.delete()
        assert any(isinstance(row, Rollup) for row in refused.value.protected_objects), target
