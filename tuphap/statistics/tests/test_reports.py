"""The report engine on hand-computed data (national access; access is in test_access)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tuphap.core.errors import ValidationFailed
from tuphap.statistics import reports, selectors
from tuphap.statistics.registry import registry
from tuphap.statistics.tests.conftest import BALANCE, cover, put

pytestmark = pytest.mark.usefixtures("indicators")

CODES = (
    "test.cases.received",
    "test.cases.done",
    "test.cases.carried_in",
    "test.cases.pending",
    "test.money.collected",
    "test.notaries",
)


@pytest.fixture
def data(world: Any) -> Any:
    """Figures of one old commune (Lê Mao, Nghệ An) from 2021 to 2023, every month computed."""
    place = world.vinh_old
    for code in CODES:
        cover(code, "2020-01", "2023-12")
    for day, value in [("2021-05", 7), ("2022-01", 10), ("2022-06", 5)]:
        put("test.cases.received", day, place, value)
    for day, value in [("2023-01", 20), ("2023-03", 4), ("2023-12", 6)]:
        put("test.cases.received", day, place, value)
    for day, value in [("2021-05", 1), ("2022-02", 6), ("2023-02", 12)]:
        put("test.cases.done", day, place, value)
    for day, value in [("2021-01", 30), ("2022-01", 40), ("2023-01", 50)]:
        put("test.cases.carried_in", day, place, value)
    for day, value in [("2022-12", 100), ("2023-11", 80), ("2023-12", 90)]:
        put("test.cases.pending", day, place, value)
    put("test.money.collected", "2022-04", place, 1_000_000_000_000)
    put("test.money.collected", "2023-04", place, 1_234_567_890_123)
    for day, value in [("2022-05", 9), ("2023-03", 12), ("2023-07", 13)]:
        put("test.notaries", day, place, value)
    return world


def _report(codes: str, period: str, **kwargs: Any) -> list[dict[str, Any]]:
    query = selectors.report_query_parse(indicators=codes, period=period, **kwargs)
    return selectors.report_national(query).rows


def _figures(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["value"],
        row["previous"],
        row["last_year"],
        row["change"],
        row["term_to_date"],
    )


@pytest.mark.parametrize(
    ("code", "period", "expected"),
    [
        # flow: 2023 = 20+4+6; 2022 = 10+5; term 2021-01..2023-12 = 7+15+30
        ("test.cases.received", "2023", (30, 15, 15, 100.0, 52)),
        # 2023Q1 = 24; 2022Q4 = 0 (computed, nothing recorded); 2022Q1 = 10
        ("test.cases.received", "2023Q1", (24, 0, 10, 140.0, 46)),
        ("test.cases.received", "2023H2", (6, 24, 0, None, 52)),
        ("test.cases.received", "2023M12", (6, 0, 0, None, 52)),
        # THADS2023M06 = Oct 2022..Mar 2023; M05 ends Feb; THADS2022M06 = Oct 2021..Mar 2022;
        # the term's THADS years are THADS2021-THADS2025, from 1 Oct 2020
        # (docs/domain/term-to-date.md): 2021-05 counts, 7+10+5+20+4 = 46 to Mar 2023, and
        # still 46 to Sep 2023 (the 2023-12 figure belongs to THADS2024)
        ("test.cases.received", "THADS2023M06", (24, 20, 10, 140.0, 46)),
        ("test.cases.received", "THADS2023", (24, 15, 15, 60.0, 46)),
        # stock_start: the first month of each window; term-to-date: January 2021
        ("test.cases.carried_in", "2023", (50, 40, 40, 25.0, 30)),
        # stock_end: the last month of each window
        ("test.cases.pending", "2023", (90, 100, 100, -10.0, 90)),
        ("test.cases.pending", "2023M11", (80, 0, 0, None, 80)),
        # latest: the last month that has a value within each window
        ("test.notaries", "2023", (13, 9, 9, 44.44, 13)),
        ("test.notaries", "2023H1", (12, 0, 9, 33.33, 12)),  # nothing in 2022H2
        ("test.notaries", "2021", (0, 0, 0, None, 0)),
        # money: integer đồng past 10^12
        (
            "test.money.collected",
            "2023",
            (1_234_567_890_123, 1_000_000_000_000, 1_000_000_000_000, 23.46, 2_234_567_890_123),
        ),
        # ratio done / received: 12/30; 6/15; term (1+6+12)/52 = 36.538…
        ("test.cases.done_rate", "2023", (40.0, 40.0, 40.0, 0.0, 36.54)),
        # 2023Q1: 12/24 = 50 %; 2022Q4: 0/0 has no rate; 2022Q1: 6/10 = 60 % → -10 points
        ("test.cases.done_rate", "2023Q1", (50.0, None, 60.0, -10.0, 41.3)),
    ],
    ids=lambda value: str(value)[:24],
)
def test_figures_at_nation_level(
    data: Any, code: str, period: str, expected: tuple[Any, ...]
) -> None:
    rows = _report(code, period)

    assert len(rows) == 1
    assert (rows[0]["place"], rows[0]["approximate"]) == (None, False)
    assert _figures(rows[0]) == expected


def test_a_row_has_exactly_the_documented_keys(data: Any) -> None:
    with translation.override("en"):
        rows = _report("test.money.collected,test.cases.done_rate", "2023")

    assert [list(row) for row in rows] == [list(reports.ROW_KEYS)] * 2
    assert [(row["indicator"], row["unit"], row["place_name"]) for row in rows] == [
        ("test.money.collected", "vnd", "Whole country"),
        ("test.cases.done_rate", "percent", "Whole country"),
    ]
    assert isinstance(rows[0]["value"], int)


def test_months_never_computed_give_empty_figures_not_zero(data: Any) -> None:
    # 2019 and TERM2016's start are before the computed months (2020-01 onwards)
    rows = _report("test.cases.received,test.cases.done_rate", "2020")

    assert [_figures(row) for row in rows] == [
        (0, None, None, None, 0),
        (None, None, None, None, None),
    ]


def test_flow_figures_with_partly_computed_windows_add_what_was_computed(data: Any) -> None:
    put("test.cases.received", "2024-01", data.vinh, 3)  # only January 2024 computed

    rows = _report("test.cases.received", "2024")

    assert _figures(rows[0]) == (3, 30, 30, -90.0, 55)


def test_province_and_commune_levels_list_each_place(data: Any) -> None:
    cover("test.cases.received", "2024-01", "2025-12")
    put("test.cases.received", "2025-09", data.vinh, 2)
    put("test.cases.received", "2025-09", data.ha_tinh_ward, 5)
    put("test.cases.received", "2024-09", data.vinh_old, 1)

    provinces = _report("test.cases.received", "2025", level="province")
    communes = _report("test.cases.received", "2025", level="commune")

    assert [(row["place"], row["place_name"], *_figures(row)) for row in provinces] == [
        ("40", "Tỉnh Nghệ An", 2, 1, 1, 100.0, 55),
        ("42", "Tỉnh Hà Tĩnh", 5, 0, 0, None, 5),
    ]
    assert [(row["place"], row["place_name"], row["value"]) for row in communes] == [
        ("16681", "Phường Trường Vinh", 2),
        ("18070", "Phường Thành Sen", 5),
    ]


def test_a_place_restricts_the_rows(data: Any) -> None:
    cover("test.cases.received", "2024-01", "2025-12")
    put("test.cases.received", "2025-09", data.vinh, 2)
    put("test.cases.received", "2025-09", data.ha_tinh_ward, 5)

    province = _report("test.cases.received", "2025", level="province", place="42")
    communes = _report("test.cases.received", "2025", level="commune", place="40")
    commune = _report("test.cases.received", "2025", level="commune", place_id=data.ha_tinh_ward.pk)

    assert [(row["place"], row["value"]) for row in province] == [("42", 5)]
    assert [(row["place"], row["value"]) for row in communes] == [("16681", 2)]
    assert [(row["place"], row["value"]) for row in commune] == [("18070", 5)]


def test_an_identity_lists_the_rows_that_do_not_balance(data: Any) -> None:
    # pending = carried_in + received - done; for 2023: 90 ≠ 50 + 30 - 12 = 68
    with registry.temporary(identities=[BALANCE]):
        query = selectors.report_query_parse(indicators="test.cases.received", period="2023")
        report = selectors.report_national(query)

    assert [row["indicator"] for row in report.rows] == ["test.cases.received"]
    assert [(f.identity, f.place, f.window, f.left, f.right) for f in report.failures] == [
        (
            "test.cases.pending = test.cases.carried_in + test.cases.received - test.cases.done",
            None,
            "value",
            90,
            68,
        ),
        (
            "test.cases.pending = test.cases.carried_in + test.cases.received - test.cases.done",
            None,
            "previous",
            100,
            49,
        ),
        (
            "test.cases.pending = test.cases.carried_in + test.cases.received - test.cases.done",
            None,
            "last_year",
            100,
            49,
        ),
        (
            "test.cases.pending = test.cases.carried_in + test.cases.received - test.cases.done",
            None,
            "term_to_date",
            90,
            63,
        ),
    ]


def test_a_balanced_identity_reports_nothing(world: Any) -> None:
    for code in CODES:
        cover(code, "2023-01", "2023-12")
    put("test.cases.carried_in", "2023-01", world.vinh_old, 10)
    put("test.cases.received", "2023-05", world.vinh_old, 5)
    put("test.cases.done", "2023-06", world.vinh_old, 3)
    put("test.cases.pending", "2023-12", world.vinh_old, 12)

    with registry.temporary(identities=[BALANCE]):
        query = selectors.report_query_parse(indicators="test.cases.pending", period="2023")
        report = selectors.report_national(query)

    assert report.failures == []
    assert report.rows[0]["value"] == 12


@pytest.mark.parametrize(
    ("arguments", "fields"),
    [
        (
            {"indicators": "test.nope", "period": "2023"},
            {"indicators": ["Unknown indicator: test.nope."]},
        ),
        (
            {"indicators": " , ", "period": "2023"},
            {"indicators": ["Choose at least one indicator."]},
        ),
        (
            {"indicators": "test.cases.received", "period": "2023M13"},
            {"period": ["'2023M13': the month must be 01…12."]},
        ),
        ({"indicators": "test.cases.received", "period": "ADM2023"}, {"period": "monthly rollups"}),
        (
            {"indicators": "test.cases.received", "period": "2023", "level": "district"},
            {"level": ["The level must be one of: nation, province, commune."]},
        ),
        (
            {"indicators": "test.cases.received", "period": "2023", "boundaries": "1990"},
            {"boundaries": ["The boundaries must be 'new' or 'old'."]},
        ),
        (
            {
                "indicators": "test.cases.received",
                "period": "2023",
                "level": "province",
                "place": "99",
            },
            {"place": ["No province or commune has code 99 on these boundaries."]},
        ),
        (
            {
                "indicators": "test.cases.received",
                "period": "2023",
                "level": "province",
                "place_id": 10**9,
            },
            {"place": ["No administrative unit has this id."]},
        ),
        (
            {"indicators": "test.cases.received", "period": "2023", "place": "40"},
            {"place": ["A place restricts a province or commune report, not a national one."]},
        ),
        (
            {
                "indicators": "test.cases.received",
                "period": "2023",
                "level": "province",
                "place": "16681",
            },
            {"place": ["A province report can only be restricted to a province."]},
        ),
    ],
    ids=[
        "unknown-indicator",
        "no-indicator",
        "month-13",
        "adm-year",
        "bad-level",
        "bad-boundaries",
        "unknown-place",
        "unknown-place-id",
        "place-at-nation-level",
        "commune-at-province-level",
    ],
)
def test_bad_requests_name_the_field(
    world: Any, arguments: dict[str, Any], fields: dict[str, Any]
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        selectors.report_query_parse(**arguments)

    if isinstance(fields.get("period"), str):
        assert list(caught.value.fields) == ["period"]
        assert fields["period"] in caught.value.fields["period"][0]
    else:
        assert caught.value.fields == fields


def test_a_code_is_looked_up_on_the_chosen_boundaries(world: Any) -> None:
    new = selectors.report_query_parse(
        indicators="test.cases.received", period="2023", level="commune", place="16681"
    )
    old = selectors.report_query_parse(
        indicators="test.cases.received",
        period="2023",
        level="commune",
        place="16681",
        boundaries="old",
    )

    assert (new.place, old.place) == (world.vinh, world.vinh_old)


@pytest.mark.parametrize(
    ("value", "last_year", "unit", "expected"),
    [
        (30, 15, "count", 100.0),
        (1, 3, "count", -66.67),
        (2, 3, "count", -33.33),
        (5, 0, "count", None),
        (None, 3, "count", None),
        (3, None, "count", None),
        (46.78, 44.5, "percent", 2.28),
        (40.0, 40.0, "percent", 0.0),
        (0, 0, "percent", 0.0),
    ],
    ids=[
        "double",
        "two-thirds-less",
        "third-less",
        "from-zero",
        "no-value",
        "no-last-year",
        "points",
        "same",
        "zero-points",
    ],
)
def test_change(value: Any, last_year: Any, unit: str, expected: float | None) -> None:
    from tuphap.statistics.indicators import Unit

    assert reports.change(value, last_year, Unit(unit)) == expected
