"""Historic figures of a report form's elements (ADR 0016): loaded through the same workbook
as registers' indicators, they give a unit's first form in tuphap its year-over-year check and
its report figures; the form's own values win once approved."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories
from tuphap.statistics import selectors as report_selectors
from tuphap.statistics.aggregate import facts, selectors, services
from tuphap.statistics.aggregate.testing import GOOD, people, sample_data_set
from tuphap.statistics.tests.test_historic_report import load, workbook

VN = datetime.timezone(datetime.timedelta(hours=7))
MALE, FEMALE = "form.sample.received.male", "form.sample.received.female"


@pytest.fixture(autouse=True)
def july() -> Any:
    with time_machine.travel(datetime.datetime(2026, 7, 5, 9, 0, tzinfo=VN), tick=False):
        yield


def test_last_years_historic_figures_feed_the_jump_warning_and_the_report(world: Any) -> None:
    data_set = sample_data_set()
    facts.provider.invalidate()
    team = people(world)
    world.statistician = team.ministry
    world.approver = factories.user("pheduyet_bo", world.ministry, Role.REPORT_APPROVER)
    # 2025H1 of Phường Lê Mao (16681 before the reorganisation), now part of Trường Vinh
    load(
        world,
        workbook(
            [MALE, FEMALE],
            "2025H1",
            {(MALE, "16681", "2025H1"): 2, (FEMALE, "16681", "2025H1"): 1},
            province="40",
        ),
    )
    report = services.report_open(actor=team.officer, data_set=data_set, period="2026H1")
    services.values_save(actor=team.officer, report=report, cells=GOOD, channel="web")

    findings = {finding.rule: finding for finding in selectors.findings_of(report)}

    jump = findings["received_jump"]  # 5 + 3 this year against 2 + 1
    assert (jump.severity, jump.left, jump.right) == ("warning", 8, 3)

    services.report_submit(actor=team.officer, report=report)
    services.report_approve(actor=team.approver, report=report)
    query = report_selectors.report_query_parse(indicators=MALE, period="2026H1")
    (row,) = report_selectors.report_national(query).rows
    # each element and option is its own indicator: last year's male figure is loaded
    assert (row["value"], row["last_year"], row["historic"]) == (5, 2, ["last_year", "change"])
