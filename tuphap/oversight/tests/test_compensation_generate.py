"""The state compensation generator and demo: claims played through the services in many
states, reproducible from the seed, the figures balanced."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.casework.models import Case
from tuphap.oversight.compensation import demo, figures, generate
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import CompensationClaim
from tuphap.oversight.tests.test_compensation_services import agencies

VN = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, msg: str = "", /) -> None:
        self.lines.append(msg)


def test_the_generator_plays_claims_through_the_services(world: Any) -> None:
    comp = agencies(world)
    worlds = [generate.world_of(comp.police, comp.officer)]
    ticks: list[int] = []
    result = generate.generate(
        count=40,
        seed=3,
        progress=ticks.append,
        worlds=worlds,
        first_day=datetime.date(2026, 1, 5),
    )
    assert result.claims == 40 == len(ticks)
    assert CompensationClaim.objects.count() == 40
    states = set(
        Case.objects.filter(register=compensation.REGISTER).values_list("state", flat=True)
    )
    assert len(states) >= 4
    assert compensation.PAID in states
    facts = figures.load(until=NOW.date())
    year = figures.totals(figures.compute(facts, datetime.date(2026, 1, 1), NOW.date()))
    assert year["received"] == 40
    assert year["carried_in"] + year["accepted"] == year["done"] + year["carried_out"]
    assert year["done"] == year["resolved"] + year["terminated"] + year["to_court"]
    assert year["amount_paid"] > 0


def test_the_same_seed_gives_the_same_claims(world: Any) -> None:
    comp = agencies(world)
    worlds = [generate.world_of(comp.police, comp.officer)]
    first = generate.generate(count=8, seed=9, worlds=worlds, first_day=datetime.date(2026, 3, 1))
    second = generate.generate(count=8, seed=9, worlds=worlds, first_day=datetime.date(2026, 3, 1))
    rows = list(
        CompensationClaim.objects.order_by("case_id").values_list(
            "claimant_name", "sector", "received_on", "case__state"
        )
    )
    assert first.states == second.states
    assert rows[:8] == rows[8:]


def test_the_demo_step_gives_the_demo_officer_a_year_of_claims(world: Any) -> None:
    comp = agencies(world)
    comp.officer.username = demo.DEMO_OFFICER
    comp.officer.save(update_fields=["username"])
    out = Lines()
    demo.compensation_claims(out, False)  # type: ignore[arg-type]
    assert CompensationClaim.objects.count() == demo.CLAIMS
    assert out.lines == [f"  {demo.CLAIMS} state compensation claims"]
    demo.compensation_claims(out, False)  # type: ignore[arg-type]
    assert CompensationClaim.objects.count() == demo.CLAIMS  # idempotent
