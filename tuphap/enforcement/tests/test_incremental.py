"""The incremental refresh of THADS (ADR 0021): a change through a case service marks its
(place, office) cell; one drain brings the rollups, the province totals and the report to what
a full refresh and ``figures.compute`` give."""

from __future__ import annotations

from typing import Any

import pytest

from tuphap.casework.models import Case
from tuphap.core.models import AuditEvent
from tuphap.core.periods import add_months, parse
from tuphap.enforcement.cases import balance, figures, indicators, services
from tuphap.enforcement.tests.conftest import D, Staff, at
from tuphap.enforcement.tests.test_statistics import generated  # noqa: F401  (fixture)
from tuphap.statistics import reports, rollups
from tuphap.statistics import services as statistics_services
from tuphap.statistics.models import ProvinceRollup, Rollup, RollupCoverage, RollupMark
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db

TODAY = D(2026, 11, 21)
STORED = [indicator.code for indicator in indicators.INDICATORS if indicator.is_stored]


def _full_refresh() -> None:
    first = add_months(TODAY.replace(day=1), -12)
    statistics_services.rollup_refresh(
        actor=None, indicators=STORED, first_month=first, last_month=TODAY.replace(day=1)
    )


def _snapshot() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    rows = sorted(
        Rollup.objects.values_list(
            "indicator", "month", "place_id", "province_id", "agency_id", "value"
        )
    )
    totals = sorted(
        ProvinceRollup.objects.values_list("indicator", "month", "province_id", "value")
    )
    coverage = sorted(RollupCoverage.objects.values_list("indicator", "month", "rows"))
    return rows, totals, coverage


def _change_one_case(staff: Staff) -> Case:
    for case in Case.objects.filter(register="enforcement.civil", closed_at__isnull=True):
        detail = case.enforcement_detail
        if balance.outstanding(detail) > 0:
            services.movement_record(
                actor=staff.head, case=case, kind="collected", amount=1, on_date=TODAY
            )
            return case
    raise AssertionError("the generated register has no open case with money owed")


@pytest.fixture
def refreshed(generated: int, time_machine: Any) -> None:  # noqa: F811
    time_machine.move_to(at("2026-11-21 02:00"), tick=False)
    _full_refresh()
    RollupMark.objects.all().delete()  # the generation's own marks: covered by the refresh


def test_one_change_and_one_drain_equal_a_full_refresh(
    refreshed: None, staff: Staff, time_machine: Any
) -> None:
    # given a full refresh, then one case's money collected through the service
    before = _snapshot()
    case = _change_one_case(staff)
    mark = RollupMark.objects.get()
    assert (mark.prefix, mark.place_id, mark.from_month) == ("thads", case.place_id, D(2026, 11, 1))

    # when the job drains the queue once
    result = statistics_services.rollup_drain(actor=None, today=TODAY)

    # then the marks are gone, an audit row tells what was done, and the rows changed
    assert result.marks == 1
    assert result.indicators == len(STORED)
    assert result.fallback == 0
    assert not RollupMark.objects.exists()
    assert AuditEvent.objects.filter(action="statistics.rollups.drained").count() == 1
    drained = _snapshot()
    assert drained != before
    # and they equal a full refresh of the same months, rows, province totals and coverage
    _full_refresh()
    assert _snapshot() == drained

    # and the report shows the register's own figures for the window of the change
    period = parse("THADS2027M02")
    report = reports.build(registry, reports.ReportQuery(indicators=tuple(STORED), period=period))
    values = {row["indicator"]: row["value"] for row in report.rows}
    totals = figures.totals(
        figures.compute(figures.load(until=period.end), period.start, period.end)
    )
    for name in ("received", "completed", "terminated"):
        for unit in ("cases", "money"):
            assert values[f"thads.{unit}.{name}"] == totals[f"{unit}.{name}"], (unit, name)


def test_a_mark_made_during_a_drain_survives_it(
    refreshed: None, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given one marked change
    case = _change_one_case(staff)
    original = rollups.replace_cells
    made: list[int] = []

    def replace_and_mark(*args: Any, **kwargs: Any) -> tuple[int, int]:
        if not made:  # another clerk's change lands while the drain is running
            statistics_services.mark_changed(
                "thads", place_id=case.place_id, agency_id=case.agency_id, from_month=TODAY
            )
            made.append(RollupMark.objects.order_by("-id").values_list("id", flat=True)[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(rollups, "replace_cells", replace_and_mark)

    # when the job drains
    result = statistics_services.rollup_drain(actor=None, today=TODAY)

    # then the mark it handled is gone and the one made meanwhile is still queued
    assert result.marks == 1
    assert list(RollupMark.objects.values_list("id", flat=True)) == made
