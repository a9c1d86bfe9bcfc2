"""Year-to-date indicators: a month's row is the figure from the start of its statistical year
(1 October for enforcement), so only a window that is the start of one such year has a figure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tuphap.statistics import selectors
from tuphap.statistics.indicators import Identity, Indicator, TimeBehaviour, Unit
from tuphap.statistics.registry import registry
from tuphap.statistics.tests.conftest import SOURCE_ROWS, _source, cover, put

ACCEPTED = Indicator(
    code="test.ytd.accepted",
    name_vi="Tổng số thụ lý",
    name_en="Accepted",
    unit=Unit.COUNT,
    time=TimeBehaviour.YEAR_TO_DATE,
    year_start_month=10,
    source=_source,
)
CARRIED_IN = Indicator(
    code="test.ytd.carried_in",
    name_vi="Chuyển sang",
    name_en="Carried in",
    unit=Unit.COUNT,
    time=TimeBehaviour.STOCK_START,
    source=_source,
)
RECEIVED = Indicator(
    code="test.ytd.received",
    name_vi="Thụ lý mới",
    name_en="Received",
    unit=Unit.COUNT,
    source=_source,
)
SUM = Identity("test.ytd.sum", "test.ytd.accepted", ("test.ytd.carried_in", "test.ytd.received"))


@pytest.fixture
def ytd(world: Any) -> Iterator[Any]:
    """THADS2023 (Oct 2022 – Sep 2023): 100 carried in on 1 Oct, 10 received each month, so the
    year-to-date accepted of month m (1 = October) is 100 + 10·m."""
    SOURCE_ROWS.clear()
    with registry.temporary(ACCEPTED, CARRIED_IN, RECEIVED, identities=[SUM]):
        place = world.vinh_old
        for code in ("test.ytd.accepted", "test.ytd.carried_in", "test.ytd.received"):
            cover(code, "2021-01", "2023-12")
        months = [f"{2022 + (9 + step) // 12}-{(9 + step) % 12 + 1:02d}" for step in range(12)]
        for step, day in enumerate(months, start=1):
            put("test.ytd.accepted", day, place, 100 + 10 * step)
            put("test.ytd.received", day, place, 10)
            put("test.ytd.carried_in", day, place, 100 + 10 * (step - 1))
        yield world
    SOURCE_ROWS.clear()


def _row(period: str) -> tuple[dict[str, Any], list[Any]]:
    query = selectors.report_query_parse(
        indicators="test.ytd.accepted,test.ytd.carried_in,test.ytd.received", period=period
    )
    report = selectors.report_national(query)
    return {row["indicator"]: row for row in report.rows}["test.ytd.accepted"], report.failures


@pytest.mark.parametrize(
    ("period", "value", "previous"),
    [("THADS2023", 220, 0), ("THADS2023M06", 160, 150), ("THADS2023M01", 110, 0)],
    ids=["year", "cumulative-6-months", "first-month"],
)
def test_a_window_from_1_october_reads_its_last_month(
    ytd: Any, period: str, value: int, previous: int
) -> None:
    row, failures = _row(period)

    assert (row["value"], row["previous"]) == (value, previous)
    assert failures == []  # accepted = carried in + received, on every window that has figures


def test_a_term_or_a_calendar_year_has_no_year_to_date_figure(ytd: Any) -> None:
    term_row, _ = _row("THADS2023")
    calendar_row, failures = _row("2023")

    assert term_row["term_to_date"] is None
    assert calendar_row["value"] is None
    assert failures == []


def test_year_start_month_is_checked() -> None:
    with pytest.raises(ValueError, match="year_start_month must be 1 to 12"):
        Indicator(
            code="test.ytd.bad",
            name_vi="x",
            name_en="x",
            unit=Unit.COUNT,
            time=TimeBehaviour.YEAR_TO_DATE,
            year_start_month=13,
            source=_source,
        )
