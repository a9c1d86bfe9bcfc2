"""The legal aid figures: computed from the register through the services, stored as rollups,
reported for a year with their identities holding."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine

from tuphap.casework.models import Case
from tuphap.core.periods import parse
from tuphap.legal_aid.cases import figures, indicators, services
from tuphap.legal_aid.cases.models import LegalAidCase
from tuphap.legal_aid.tests.conftest import Centres, at, notice_data, request_data
from tuphap.statistics import reports
from tuphap.statistics import services as statistics_services
from tuphap.statistics.models import Rollup
from tuphap.statistics.registry import registry

D = datetime.date


def _world_of_cases(world: Any, centres: Centres) -> None:
    officer = centres.officer
    place = world.vinh
    # Accepted in 2025, completed in 2026: carried in.
    with time_machine.travel(at("2025-11-03 10:00"), tick=False):
        old = services.request_open(
            actor=officer,
            place=place,
            data=request_data(
                full_name="Cũ",
                requested_at=at("2025-11-03 09:00"),
                form="representation",
                field="land",
                procedural_status="",
                stage="",
            ),
        )
        services.case_accept(actor=officer, case=old.case)
    with time_machine.travel(at("2026-01-05 10:00"), tick=False):
        services.case_assign_performer(actor=officer, case=old.case, performer_id=centres.lawyer.pk)
    with time_machine.travel(at("2026-03-02 10:00"), tick=False):
        services.case_step(
            actor=officer,
            case=old.case,
            transition="complete",
            data=services.StepData(result="Hòa giải thành"),
        )
    # A police notice in 2026, late, assigned on time, still in progress at the year's end.
    with time_machine.travel(at("2026-05-04 12:00"), tick=False):
        notice = services.notice_record(
            actor=officer,
            place=place,
            data=request_data(full_name="Mới"),
            notice=notice_data(
                person_requested_at=at("2026-05-03 08:00"), notified_at=at("2026-05-04 09:00")
            ),
        )
        services.case_assign_performer(
            actor=officer, case=notice.case, performer_id=centres.lawyer.pk
        )
    # Accepted and discontinued in 2026.
    with time_machine.travel(at("2026-06-01 10:00"), tick=False):
        third = services.request_open(
            actor=officer,
            place=place,
            data=request_data(
                full_name="Ba",
                requested_at=at("2026-06-01 09:00"),
                form="advice",
                field="marriage_family",
                procedural_status="",
                stage="",
            ),
        )
        services.case_accept(actor=officer, case=third.case)
        services.case_step(
            actor=officer,
            case=third.case,
            transition="discontinue",
            data=services.StepData(ground="withdrew"),
        )
    # Refused before acceptance: never counted.
    with time_machine.travel(at("2026-07-01 10:00"), tick=False):
        refused = services.request_open(
            actor=officer,
            place=place,
            data=request_data(full_name="Bốn", requested_at=at("2026-07-01 09:00")),
        )
        services.case_step(
            actor=officer,
            case=refused.case,
            transition="refuse",
            data=services.StepData(ground="not_eligible"),
        )


def test_the_year_balances_and_the_rollups_answer_it(world: Any, centres: Centres) -> None:
    _world_of_cases(world, centres)
    with time_machine.travel(at("2026-12-20 10:00"), tick=False):
        totals = figures.totals(
            figures.compute(figures.load(until=D(2026, 12, 31)), D(2026, 1, 1), D(2026, 12, 31))
        )
        assert totals["carried_in"] == 1
        assert totals["accepted"] == 2
        assert totals["done"] == 2
        assert totals["completed"] == 1
        assert totals["discontinued"] == 1
        assert totals["carried_out"] == 1
        assert totals["notices_received"] == 1
        assert totals["notices_late"] == 1
        # The police notice's performer came within 12 hours; the old case's 3 working days
        # from 3 Nov 2025 had run out by its assignment on 5 Jan 2026.
        assert totals["assigned_on_time"] == 1
        assert totals["assigned_late"] == 1
        codes = [i.code for i in indicators.INDICATORS if i.is_stored]
        statistics_services.rollup_refresh(
            actor=None, indicators=codes, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
        )
        wanted = (
            "legal_aid.cases.carried_in",
            "legal_aid.cases.accepted",
            "legal_aid.cases.done",
            "legal_aid.cases.completed",
            "legal_aid.cases.discontinued",
            "legal_aid.cases.terminated",
            "legal_aid.cases.carried_out",
            "legal_aid.cases.form.participation",
            "legal_aid.cases.form.advice",
            "legal_aid.cases.form.representation",
            "legal_aid.notices.received",
            "legal_aid.notices.late",
            "legal_aid.participation.investigation",
        )
        report = reports.build(
            registry, reports.ReportQuery(indicators=wanted, period=parse("2026"))
        )
    assert report.failures == []
    values = {row["indicator"]: row["value"] for row in report.rows}
    assert values["legal_aid.cases.carried_in"] == 1
    assert values["legal_aid.cases.accepted"] == 2
    assert values["legal_aid.cases.done"] == 2
    assert values["legal_aid.cases.carried_out"] == 1
    assert values["legal_aid.cases.form.participation"] == 1
    assert values["legal_aid.notices.late"] == 1
    assert values["legal_aid.participation.investigation"] == 1
    assert {i.code for i in registry.identities_for(wanted)} >= {
        "legal_aid.cases.balance",
        "legal_aid.cases.done_parts",
        "legal_aid.cases.by_form",
    }


def test_a_refresh_loads_the_register_once_and_the_next_one_sees_every_change(
    world: Any, centres: Centres, monkeypatch: Any
) -> None:
    _world_of_cases(world, centres)
    loads: list[datetime.date] = []
    real_load = figures.load

    def counted(*, until: datetime.date) -> Any:
        loads.append(until)
        return real_load(until=until)

    monkeypatch.setattr(figures, "load", counted)
    codes = [i.code for i in indicators.INDICATORS if i.is_stored]
    months = {"first_month": D(2026, 1, 1), "last_month": D(2026, 12, 1)}
    with time_machine.travel(at("2026-12-20 10:00"), tick=False):
        statistics_services.rollup_refresh(actor=None, indicators=codes, **months)
        # one load for the flows and one for the stocks from the month before: not one per
        # indicator (the pass is shared within the refresh, statistics.scope)
        assert len(loads) == 2 < len(codes)
        # a case moved to another place (the counts and the last change time may stay the
        # same): the next refresh reads the register again and sees it
        moved = LegalAidCase.objects.filter(case__state="completed").values_list("case", flat=True)
        Case.objects.filter(pk__in=list(moved)).update(place=world.ha_tinh_ward)
        statistics_services.rollup_refresh(actor=None, indicators=codes, **months)
        assert len(loads) == 4
    stored = Rollup.objects.filter(indicator="legal_aid.cases.completed", month__year=2026)
    assert set(stored.values_list("place", flat=True)) == {world.ha_tinh_ward.pk}
