"""The generator: a dataset through the services over old and new centres, every state, notices
on time and late, whose figures balance and which the report answers."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.core.management import call_command

from tuphap.casework.models import Case
from tuphap.legal_aid.cases import figures, generate
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice
from tuphap.legal_aid.tests.conftest import at

D = datetime.date


def test_the_generator_plays_cases_through_the_services(world: Any) -> None:
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        worlds = generate.ensure_centres()
        result = generate.generate(
            worlds, cases=80, seed=7, first_day=D(2024, 1, 1), last_day=D(2026, 11, 20)
        )
        again = generate.ensure_centres()  # idempotent: no second centre
    assert len(again) == len(worlds) == 4
    assert result.cases == LegalAidCase.objects.count() > 60
    assert {"completed", "discontinued", "in_progress"} <= set(result.states)
    notices = ProceduralNotice.objects.all()
    assert notices.filter(late=True).exists()
    assert notices.filter(late=False).exists()
    # Centres before and after the reorganisation both worked.
    centres = set(LegalAidCase.objects.values_list("centre__code", flat=True))
    assert any(code.endswith("-CU") for code in centres)
    assert any(not code.endswith("-CU") for code in centres)
    # Every year balances: carried in + accepted = done + carried out.
    facts = figures.load(until=D(2026, 12, 31))
    for year in (2024, 2025, 2026):
        total = figures.totals(figures.compute(facts, D(year, 1, 1), D(year, 12, 31)))
        assert total["carried_in"] + total["accepted"] == total["done"] + total["carried_out"]
    assert Case.objects.filter(register="legal_aid.case", closed_at__isnull=True).exists()


def test_the_command_refreshes_the_rollups_the_report_reads(world: Any, capsys: Any) -> None:
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        call_command("generate_legal_aid", cases=40, seed=3, years=2, no_progress=True)
        call_command(
            "report",
            indicators="legal_aid.cases.accepted,legal_aid.cases.done,legal_aid.cases.carried_out",
            period="2025",
            level="nation",
        )
    printed = capsys.readouterr().out
    assert "Wrote " in printed
    assert "legal_aid.cases.accepted" in printed
