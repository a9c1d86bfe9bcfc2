"""The outreach figures from the records, the rollups and a report over them with the flow
identities holding, and the success rate as defined (successful / concluded)."""

from __future__ import annotations

from typing import Any

import pytest

from tuphap.core.periods import parse
from tuphap.outreach.dissemination import figures as dissemination_figures
from tuphap.outreach.dissemination import indicators as dissemination_indicators
from tuphap.outreach.dissemination import services as dissemination
from tuphap.outreach.mediation import figures, selectors, services
from tuphap.outreach.mediation import indicators as mediation_indicators
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.tests.conftest import D, at, matter
from tuphap.statistics import reports
from tuphap.statistics import services as statistics_services
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db


def _book(officer: Any, team: Any) -> None:
    """December 2025: one matter still open at the year's end (carried over). 2026: five
    received — successful twice, unsuccessful, ended by a party, refused — and one open."""
    old = services.case_receive(
        actor=officer, team_id=team.team.pk, data=matter(received_at=at("2025-12-20 08:00"))
    )
    services.case_assign(
        actor=officer, case_id=old.case_id, mediator_id=team.leader.pk, at=at("2025-12-20 09:00")
    )
    services.case_start(actor=officer, case_id=old.case_id, at=at("2025-12-22 09:00"))
    services.case_conclude(
        actor=officer,
        case_id=old.case_id,
        transition=book.SUCCEED,
        agreement="Chia đôi",
        at=at("2026-01-10 09:00"),
    )
    for index, (transition, kwargs) in enumerate(
        (
            (book.SUCCEED, {"agreement": "Trả nợ trong 3 tháng"}),
            (book.FAIL, {}),
            (book.END_BY_PARTY, {"reason": "Bên A rút yêu cầu"}),
        )
    ):
        day = f"2026-0{index + 3}-05"
        detail = services.case_receive(
            actor=officer,
            team_id=team.team.pk,
            data=matter(field="land", received_at=at(f"{day} 08:00")),
        )
        services.case_assign(
            actor=officer, case_id=detail.case_id, mediator_id=team.second.pk, at=at(f"{day} 09:00")
        )
        services.case_start(actor=officer, case_id=detail.case_id, at=at(f"{day} 10:00"))
        services.case_conclude(
            actor=officer,
            case_id=detail.case_id,
            transition=transition,
            at=at(f"{day} 15:00"),
            **kwargs,
        )
    refused = services.case_receive(
        actor=officer, team_id=team.team.pk, data=matter(received_at=at("2026-07-01 08:00"))
    )
    services.case_refuse(
        actor=officer, case_id=refused.case_id, ground="public_interest", at=at("2026-07-01 09:00")
    )
    services.case_receive(
        actor=officer, team_id=team.team.pk, data=matter(received_at=at("2026-11-30 08:00"))
    )


def test_the_year_balances_and_the_success_rates(outreach: Any, team: Any) -> None:
    _book(outreach.officer, team)
    totals = figures.totals(
        figures.compute(figures.load(until=D(2026, 11, 30)), D(2026, 1, 1), D(2026, 11, 30))
    )
    assert totals["carried_in"] == 1
    assert totals["received"] == 5
    assert (totals["successful"], totals["unsuccessful"], totals["ended"], totals["refused"]) == (
        2,
        1,
        1,
        1,
    )
    assert totals["in_progress"] == 1
    assert totals["concluded"] == 4
    assert totals["carried_in"] + totals["received"] == (
        totals["successful"]
        + totals["unsuccessful"]
        + totals["ended"]
        + totals["refused"]
        + totals["in_progress"]
    )
    board = selectors.board(outreach.reader, D(2026, 1, 1), D(2026, 11, 30))
    assert board.success_rate == 50.0  # 2 successful of 4 concluded
    assert board.success_rate_received == 40.0  # 2 of 5 received
    assert list(
        selectors.board(outreach.officer_ha_tinh, D(2026, 1, 1), D(2026, 11, 30)).totals.values()
    ) == [0] * len(totals)


def test_the_rollups_and_a_report_with_the_identities(world: Any, outreach: Any, team: Any) -> None:
    _book(outreach.officer, team)
    for day, form, people, contestants in (
        (D(2026, 3, 8), "direct", 150, 0),
        (D(2026, 11, 9), "contest", 300, 120),
        (D(2026, 11, 9), "mass_media", 5000, 0),
    ):
        dissemination.session_record(
            actor=outreach.officer,
            place=world.vinh,
            data=dissemination.SessionData(
                held_on=day,
                form=form,
                topics="Hiến pháp",
                target_groups=["public", "pupils"],
                participants=people,
                contestants=contestants,
                materials=50,
            ),
        )
    year = dissemination_figures.window(D(2026, 1, 1), D(2026, 12, 31))
    assert (
        year["sessions"],
        year["participants"],
        year["contests"],
        year["contestants"],
        year["materials"],
    ) == (
        3,
        5450,
        1,
        120,
        150,
    )
    # A session for two groups counts in each: the groups do not add up to the total.
    assert year["sessions.group.public"] == 3
    assert year["sessions.group.pupils"] == 3
    assert year["sessions.level.commune"] == 3
    codes = [
        i.code
        for i in (*mediation_indicators.INDICATORS, *dissemination_indicators.INDICATORS)
        if i.is_stored
    ]
    statistics_services.rollup_refresh(
        actor=None, indicators=codes, first_month=D(2025, 12, 1), last_month=D(2026, 12, 1)
    )
    wanted = (
        "outreach.mediation.carried_in",
        "outreach.mediation.received",
        "outreach.mediation.successful",
        "outreach.mediation.unsuccessful",
        "outreach.mediation.ended",
        "outreach.mediation.refused",
        "outreach.mediation.concluded",
        "outreach.mediation.in_progress",
        "outreach.mediation.success_rate",
        "outreach.mediation.success_rate_received",
        *(f"outreach.mediation.received.field.{f}" for f in figures.FIELDS),
        "outreach.sessions",
        "outreach.participants",
        "outreach.contests",
        *(f"outreach.sessions.form.{f}" for f in dissemination_figures.FORMS),
        *(f"outreach.sessions.level.{level}" for level in dissemination_figures.LEVELS),
    )
    report = reports.build(registry, reports.ReportQuery(indicators=wanted, period=parse("2026")))
    assert report.failures == []
    values = {row["indicator"]: row["value"] for row in report.rows}
    assert values["outreach.mediation.carried_in"] == 1
    assert values["outreach.mediation.received"] == 5
    assert values["outreach.mediation.in_progress"] == 1
    assert values["outreach.mediation.success_rate"] == 50.0
    assert values["outreach.mediation.success_rate_received"] == 40.0
    assert values["outreach.sessions"] == 3
    assert values["outreach.contests"] == 1
    assert {i.code for i in registry.identities_for(wanted)} >= {
        "outreach.mediation.balance",
        "outreach.mediation.concluded_parts",
        "outreach.mediation.by_field",
        "outreach.sessions.by_form",
        "outreach.sessions.by_level",
        "outreach.contests.are_contest_sessions",
    }
