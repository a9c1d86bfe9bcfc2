"""The letter generator: letters through the services in every handling, duplicates linked,
receptions, figures that balance; the command refreshes the rollups the report reads."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.core.management import call_command

from tuphap.oversight.reception import figures, generate
from tuphap.oversight.reception.models import Letter, LetterAction, ReceptionSession
from tuphap.oversight.tests.conftest import at

D = datetime.date


def test_the_generator_plays_letters_through_the_services(world: Any) -> None:
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        receivers = generate.ensure_receivers()
        result = generate.generate(count=150, seed=5, receivers=receivers)
        again = generate.ensure_receivers()  # idempotent
    assert (
        {r.agency.code for r in again}
        == {r.agency.code for r in receivers}
        == {
            "STP-40",
            "STP-42",
        }
    )
    assert result.letters == Letter.objects.count() == 150
    assert result.duplicates == Letter.objects.filter(duplicate_of__isnull=False).count() > 0
    assert {"accepted", "guided", "transferred", "filed", "open"} <= set(result.handling)
    assert ReceptionSession.objects.count() == result.receptions > 0
    # transferred at most once per letter, and never twice for the same content
    assert (
        LetterAction.objects.filter(kind="transferred").count()
        == Letter.objects.filter(handling="transferred").count()
    )
    facts = figures.load(until=D(2026, 11, 30))
    for start, end in ((D(2025, 11, 21), D(2026, 11, 20)), (D(2026, 1, 1), D(2026, 6, 30))):
        values = figures.totals(figures.compute(facts, start, end))
        assert figures.check(values) == []
    # a pure function of the seed
    first = list(Letter.objects.order_by("pk").values_list("content", "received_on")[:20])
    Letter.objects.update(duplicate_of=None, matter_of=None)
    Letter.objects.all().delete()
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        generate.generate(count=150, seed=5, receivers=receivers)
    assert list(Letter.objects.order_by("pk").values_list("content", "received_on")[:20]) == first


def test_the_command_refreshes_the_rollups_the_report_reads(world: Any, capsys: Any) -> None:
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        call_command("generate_oversight", letters=40, seed=3, no_progress=True)
        call_command(
            "report",
            indicators="oversight.letters.received,oversight.letters.handled",
            period="2026",
            level="nation",
        )
    printed = capsys.readouterr().out
    assert "Wrote 40 letters" in printed
    assert "oversight.letters.received" in printed
