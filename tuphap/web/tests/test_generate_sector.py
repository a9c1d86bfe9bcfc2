"""The replay of the sector's published 2023 figures at a small scale: the command's records,
read back through the report engine, give every calibrated figure to the unit, for 2023 and for
the term to date."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuphap.statistics import review, selectors
from tuphap.web import sector

pytestmark = pytest.mark.django_db(transaction=False)

SCALE = Decimal("0.001")


def test_the_calibration_scales_each_published_figure_and_keeps_the_term_exact() -> None:
    # given the calibration at scale 1 and at 0.001
    full = sector.calibrate(2023, 1)
    small = sector.calibrate(2023, SCALE)

    # then at scale 1 the years add up to the published term figures
    assert sum(plan.done for plan in full.thads) == 1_609_462
    assert sum(plan.money for plan in full.thads) == 211_073_100_000_000
    assert sum(plan.recovery_money for plan in full.thads) == 40_488_100_000_000
    by_year = {plan.year: plan for plan in full.thads}
    assert (by_year[2023].done, by_year[2023].money) == (574_819, 89_412_100_000_000)
    assert by_year[2023].recovery_money - by_year[2022].recovery_money == 4_415 * sector.BILLION
    assert sum(sessions for sessions, _ in full.sessions.values()) == 1_464_569
    assert sum(people for _, people in full.sessions.values()) == 100_100_000
    assert (full.documents[2023], sum(full.documents.values())) == (515, 2_198)
    assert full.inspections[2023] == (53, 10)
    # and at 0.001 each figure is the published one scaled, rounded half up
    expected = {(p.code, p.window): p.value for p in small.expected}
    assert expected[("thads.cases.done", "term_to_date")] == 1_609
    assert expected[("thads.cases.done", "value")] == 575
    assert expected[("thads.money.done", "term_to_date")] == 211_073_100_000
    assert expected[("outreach.sessions", "term_to_date")] == 1_465
    assert expected[("legislation.central_documents.developed", "value")] == 1
    assert expected[("legislation.central_documents.developed", "term_to_date")] == 2
    assert expected[("oversight.inspections.decided", "value")] == 53
    assert sum(plan.done for plan in small.thads) == 1_609


@pytest.mark.parametrize(
    ("year", "scale"),
    [(2022, "1"), (2023, "0.0001"), (2023, "2")],
    ids=["other-year", "too-small", "too-large"],
)
def test_the_calibration_refuses_what_was_not_published(year: int, scale: str) -> None:
    with pytest.raises(ValueError, match=r"2023|scale"):
        sector.calibrate(year, Decimal(scale))


def test_the_command_replays_every_figure_through_the_report_engine(
    world: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC), tick=False)
    out = StringIO()

    # when the sector is generated at scale 0.001
    call_command("generate_sector", year=2023, seed=3, scale=str(SCALE), stdout=out)

    # then every calibrated figure comes back from the report engine, for 2023 and the term
    calibration = sector.calibrate(2023, SCALE)
    checked = sector.check(calibration)
    assert [(c.expected.code, c.expected.window, c.got) for c in checked] == [
        (c.expected.code, c.expected.window, c.expected.value) for c in checked
    ]
    assert "DIFFERS" not in out.getvalue()
    # and the report command's own engine gives the same for the enforcement year
    query = selectors.report_query_parse(
        indicators="thads.cases.done,thads.money.done,thads.recovery.money.done",
        period="THADS2023",
    )
    rows = {row["indicator"]: row for row in selectors.report_national(query).rows}
    assert rows["thads.cases.done"]["value"] == 575
    assert rows["thads.cases.done"]["term_to_date"] == 1_609
    assert rows["thads.money.done"]["value"] == 89_412_100_000
    assert rows["thads.recovery.money.done"]["value"] == 20_405_100_000
    assert rows["thads.recovery.money.done"]["last_year"] == 15_990_100_000

    # and the annual review of 2023 built on those records prints them, with their drill-downs
    built = review.build(None, year=2023, today=datetime.date(2026, 12, 7))
    figures = {f.code: f for s in built.sections for f in s.figures}
    assert figures["legislation.central_documents.developed"].value == 1
    assert figures["legislation.central_documents.developed"].term_to_date == 2
    assert figures["legislation.central_documents.developed"].link is not None
    assert figures["outreach.sessions"].term_to_date == 1_465
    assert figures["outreach.participants"].term_to_date == 100_100
    assert figures["thads.cases.done"].value == 575
    assert figures["oversight.inspections.decided"].value == 53
    assert figures["oversight.inspections.inter_sectoral"].value == 10
    assert figures["thads.cases.done"].link is not None
    assert not built.estimated

    # and the same seed twice is refused
    with pytest.raises(CommandError, match="already generated"):
        call_command("generate_sector", year=2023, seed=3, scale=str(SCALE), stdout=StringIO())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": 2022, "seed": 1}, "2023"),
        ({"seed": 1, "scale": "abc"}, "--scale: not a number"),
        ({"seed": 1, "scale": "0.00001"}, "between 0.001 and 1"),
        ({"seed": -1, "scale": "0.5"}, "--seed must be 0 to 9"),
        ({"seed": 10, "scale": "0.5"}, "--seed must be 0 to 9"),
    ],
    ids=["year", "scale-not-a-number", "scale-too-small", "seed-negative", "seed-too-large"],
)
def test_the_command_names_a_bad_option(options: dict[str, Any], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("generate_sector", stdout=StringIO(), **options)
