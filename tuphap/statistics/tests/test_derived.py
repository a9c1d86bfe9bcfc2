"""Derived indicators (ADR 0020): flows and month-end stocks are stored; the opening stock, the
year-to-date figures and sums of flows are added up from them at report time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import F

from tuphap.core.errors import ValidationFailed
from tuphap.statistics import rollups, selectors, services
from tuphap.statistics.indicators import Aggregation, Identity, Indicator, TimeBehaviour, Unit
from tuphap.statistics.models import Rollup
from tuphap.statistics.registry import registry
from tuphap.statistics.tests.conftest import SOURCE_ROWS, _source, cover, month, put


def _stored(code: str, time: TimeBehaviour = TimeBehaviour.FLOW) -> Indicator:
    return Indicator(
        code=code,
        name_vi=f"VI {code}",
        name_en=f"EN {code}",
        unit=Unit.COUNT,
        time=time,
        year_start_month=10,
        source=_source,
    )


def _derived(code: str, time: TimeBehaviour, *terms: str) -> Indicator:
    return Indicator(
        code=code,
        name_vi=f"VI {code}",
        name_en=f"EN {code}",
        unit=Unit.COUNT,
        aggregation=Aggregation.DERIVED,
        time=time,
        year_start_month=10,
        terms=terms,
    )


IN = _stored("test.d.received")
OUT = _stored("test.d.done")
STOCK = _stored("test.d.carried_out", TimeBehaviour.STOCK_END)
OPENING = _derived("test.d.carried_in", TimeBehaviour.STOCK_START, "test.d.carried_out@opening")
NET = _derived("test.d.net", TimeBehaviour.FLOW, "test.d.received", "-test.d.done")
ACCEPTED = _derived(
    "test.d.accepted", TimeBehaviour.YEAR_TO_DATE, "test.d.carried_in", "test.d.received"
)
RATE = Indicator(
    code="test.d.rate",
    name_vi="Tỷ lệ",
    name_en="Rate",
    unit=Unit.PERCENT,
    aggregation=Aggregation.RATIO,
    numerator="test.d.done",
    denominator="test.d.accepted",
)
BALANCE = Identity(
    "test.d.balance",
    "test.d.carried_out",
    ("test.d.carried_in", "test.d.received", "-test.d.done"),
)
CODES = "test.d.received,test.d.done,test.d.carried_out,test.d.carried_in,test.d.net,"
CODES += "test.d.accepted,test.d.rate"


@pytest.fixture
def book(world: Any) -> Iterator[Any]:
    """50 received in September 2022 and open on the 30th, then from October each month 10
    received and 4 done, so the stock at the end of month m (1 = October) is 50 + 6·m."""
    SOURCE_ROWS.clear()
    with registry.temporary(IN, OUT, STOCK, OPENING, NET, ACCEPTED, RATE, identities=[BALANCE]):
        place = world.vinh_old
        for code in ("test.d.received", "test.d.done", "test.d.carried_out"):
            cover(code, "2021-01", "2023-12")
        put("test.d.received", "2022-09", place, 50)
        put("test.d.carried_out", "2022-09", place, 50)
        for step in range(1, 13):
            index = 8 + step  # September 2022 is month index 8 from January 2022
            day = f"{2022 + index // 12}-{index % 12 + 1:02d}"
            put("test.d.received", day, place, 10)
            put("test.d.done", day, place, 4)
            put("test.d.carried_out", day, place, 50 + 6 * step)
        yield world
    SOURCE_ROWS.clear()


def _rows(period: str, codes: str = CODES) -> tuple[dict[str, Any], list[Any]]:
    query = selectors.report_query_parse(indicators=codes, period=period)
    report = selectors.report_national(query)
    return {row["indicator"]: row for row in report.rows}, report.failures


def test_the_opening_stock_is_the_stock_at_the_end_of_the_month_before(book: Any) -> None:
    rows, failures = _rows("THADS2023")

    assert rows["test.d.carried_in"]["value"] == 50  # 30 Sep 2022
    assert rows["test.d.carried_out"]["value"] == 50 + 6 * 12
    assert rows["test.d.net"]["value"] == 6 * 12
    assert rows["test.d.accepted"]["value"] == 50 + 120
    assert rows["test.d.rate"]["value"] == round(48 * 100 / 170, 2)
    assert failures == []  # the stored stock agrees with the stored flows
    # a calendar quarter: the opening of January is the end of December (month 3)
    quarter, _ = _rows("2023Q1")
    assert quarter["test.d.carried_in"]["value"] == 50 + 6 * 3
    assert quarter["test.d.net"]["value"] == 18


def test_a_year_to_date_figure_exists_only_on_a_window_from_the_year_start(book: Any) -> None:
    cumulative, _ = _rows("THADS2023M06")
    calendar, _ = _rows("2023")

    assert cumulative["test.d.accepted"]["value"] == 50 + 60
    assert calendar["test.d.accepted"]["value"] is None  # 2023 does not start on 1 October
    assert calendar["test.d.rate"]["value"] is None
    assert calendar["test.d.net"]["value"] is not None  # a derived flow adds any window


def test_an_opening_month_never_computed_leaves_the_derived_figure_empty(book: Any) -> None:
    rows, _ = _rows("THADS2023")

    # the previous THADS year opens on 30 Sep 2021, covered but with nothing recorded: 0
    assert rows["test.d.carried_in"]["previous"] == 0
    # the year before was never computed: the opening of THADS2021 is unknown, not 0
    earlier, _ = _rows("THADS2021")
    assert earlier["test.d.carried_in"]["value"] is None
    assert earlier["test.d.accepted"]["value"] is None


def test_a_stock_that_disagrees_with_its_flows_is_reported(book: Any) -> None:
    # September's stock one more than its flows make it
    Rollup.objects.filter(indicator="test.d.carried_out", month=month("2023-09")).update(
        value=F("value") + 1
    )
    rollups.summarise([("test.d.carried_out", month("2023-09"))])

    _shown, failures = _rows("THADS2023")

    assert [(f.identity, f.window, f.left, f.right) for f in failures] == [
        (str(BALANCE), "value", 50 + 6 * 12 + 1, 50 + 6 * 12)
    ]


def test_the_refresh_also_computes_the_opening_month_of_a_stock(world: Any) -> None:
    SOURCE_ROWS.clear()
    SOURCE_ROWS.append((month("2024-02"), world.vinh_old.pk, None, 7))
    with registry.temporary(STOCK, IN):
        results = services.rollup_refresh(
            actor=None,
            indicators=["test.d.carried_out", "test.d.received"],
            first_month=month("2024-03"),
            last_month=month("2024-04"),
        )
    SOURCE_ROWS.clear()

    spans = {result.indicator: (result.first_month, result.last_month) for result in results}
    assert spans == {
        "test.d.carried_out": (month("2024-02"), month("2024-04")),
        "test.d.received": (month("2024-03"), month("2024-04")),
    }
    assert [result.written for result in results] == [1, 0]


def test_a_derived_indicator_is_not_stored_and_names_its_inputs() -> None:
    with registry.temporary(IN, OUT, STOCK, OPENING, NET, ACCEPTED):
        with pytest.raises(ValidationFailed, match="computed in reports"):
            services.rollup_refresh(
                actor=None,
                indicators=["test.d.net"],
                first_month=month("2024-01"),
                last_month=month("2024-01"),
            )
        assert ACCEPTED.inputs == ["test.d.carried_in", "test.d.received"]
        assert {i.code for i in registry.components(["test.d.accepted"])} == {
            "test.d.carried_out",
            "test.d.received",
        }
        assert [i.code for i in registry.openings(["test.d.accepted"])] == ["test.d.carried_out"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"terms": ()}, "needs its terms"),
        ({"terms": ("Not A Code",)}, "bad term"),
        ({"source": _source}, "computed from its terms only"),
    ],
    ids=["no-terms", "bad-term", "with-source"],
)
def test_a_derived_indicator_is_declared_with_terms_only(
    changes: dict[str, Any], message: str
) -> None:
    declaration: dict[str, Any] = {
        "code": "test.d.bad",
        "name_vi": "x",
        "name_en": "x",
        "unit": Unit.COUNT,
        "aggregation": Aggregation.DERIVED,
        "terms": ("test.d.received",),
        **changes,
    }
    with pytest.raises(ValueError, match=message):
        Indicator(**declaration)
