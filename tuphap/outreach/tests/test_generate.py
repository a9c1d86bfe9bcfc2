"""The generator: sessions and mediation cases through the services for every commune
committee and Department of Justice, whose figures balance and which the command rolls up."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from tuphap.outreach import generate
from tuphap.outreach.dissemination.models import Session
from tuphap.outreach.mediation import figures
from tuphap.outreach.mediation.models import MediationCase, Team
from tuphap.outreach.tests.conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_generator_plays_sessions_and_cases_through_the_services(world: Any) -> None:
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        worlds = generate.ensure_worlds(seed=1)
        result = generate.generate(
            worlds, sessions=120, seed=7, first_day=D(2025, 7, 1), last_day=D(2026, 11, 20)
        )
        again = generate.ensure_worlds(seed=1)  # idempotent: no second team
    assert len(again) == len(worlds) == 3  # Trường Vinh's committee and the two Departments
    assert Team.objects.count() == 1
    assert Team.objects.get().complete is True
    assert result.sessions == Session.objects.count() == 120
    assert result.cases == MediationCase.objects.count() == 24
    assert result.states["successful"] > result.states["unsuccessful"]
    facts = figures.load(until=D(2026, 12, 31))
    for start, end in ((D(2025, 7, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 11, 20))):
        total = figures.totals(figures.compute(facts, start, end))
        assert total["carried_in"] + total["received"] == (
            total["successful"]
            + total["unsuccessful"]
            + total["ended"]
            + total["refused"]
            + total["in_progress"]
        )


def test_the_command_refreshes_the_rollups_the_report_reads(world: Any, capsys: Any) -> None:
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        call_command("generate_outreach", sessions=30, seed=3, years=1, no_progress=True)
        call_command(
            "report",
            indicators="outreach.sessions,outreach.participants,outreach.mediation.received",
            period="2026",
            level="nation",
        )
    printed = capsys.readouterr().out
    assert "Wrote 30 sessions and 6 mediation cases" in printed
    assert "outreach.sessions" in printed


def test_planned_years_write_exactly_their_direct_sessions_and_participants(world: Any) -> None:
    # when two calendar years are written in bulk
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        written = generate.write_sessions(plan={2021: (30, 2_001), 2023: (12, 12)}, seed=4)

    # then each year holds exactly its sessions and participants, direct, at a place valid then
    assert written == 42
    for year, (sessions, participants) in {2021: (30, 2_001), 2023: (12, 12)}.items():
        rows = Session.objects.filter(held_on__year=year).select_related("place")
        assert rows.count() == sessions
        assert sum(row.participants for row in rows) == participants
        assert {row.form for row in rows} == {"direct"}
        assert all(row.place.is_valid_on(row.held_on) for row in rows)
        # by a Department of Justice in force on the day
        assert all(
            (row.organiser.valid_from is None or row.organiser.valid_from <= row.held_on)
            and (row.organiser.valid_to is None or row.held_on <= row.organiser.valid_to)
            for row in rows.select_related("organiser")
        )


def test_a_department_in_force_only_after_2025_does_not_organise_2021(world: Any) -> None:
    # given the Departments of Justice created on 1 Jul 2025 (the new provinces')
    from tuphap.accounts.models import Agency

    Agency.objects.filter(kind="department_of_justice").update(valid_from=D(2025, 7, 1))

    # when sessions of 2021 are written
    generate.write_sessions(plan={2021: (10, 100)}, seed=1)

    # then they are organised by the old provinces' departments, created in force until 2025
    organisers = {row.organiser for row in Session.objects.select_related("organiser")}
    assert {(o.code, o.valid_to) for o in organisers} <= {
        ("STP-CU-40", D(2025, 6, 30)),
        ("STP-CU-42", D(2025, 6, 30)),
    }
    assert organisers
