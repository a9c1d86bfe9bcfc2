"""The national data generator on the test world: exact counts, the same data for the same
seed, offices of both periods, and every case's journal consistent with the register's
transitions, its state and its money."""

from __future__ import annotations

import datetime
import itertools
import random
from collections import defaultdict
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case, CaseAction
from tuphap.core.models import AuditEvent
from tuphap.enforcement.cases import figures, generate, workflow
from tuphap.enforcement.cases.models import DONE_KINDS, EnforcementCase, Movement, MovementKind
from tuphap.places.models import REORGANISATION_DATE
from tuphap.statistics.models import Rollup

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
N = 120


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        EnforcementCase.objects.order_by("decision_number").values_list(
            "decision_number",
            "decision_date",
            "amount_to_enforce",
            "agency__code",
            "case__place_id",
            "case__state",
            "case__last_sequence",
        )
    )


def test_the_generator_writes_n_cases_with_their_journals_and_offices(world: Any) -> None:
    # when 120 cases are generated over 5 THADS years
    result = generate.generate(cases=N, seed=7, years=5, today=TODAY)

    # then there are exactly 120 cases, journals and movements as counted, one audit row
    assert EnforcementCase.objects.count() == N
    assert Case.objects.filter(register=workflow.REGISTER).count() == N
    assert CaseAction.objects.count() == result.actions
    assert Movement.objects.count() == result.movements
    assert AuditEvent.objects.filter(action="enforcement.cases.imported").count() == 1
    # and the offices of both periods exist for both provinces
    codes = set(Agency.objects.values_list("code", flat=True))
    assert {"CTHADS-40", "CTHADS-42", "THADS-40", "THADS-42", "THADS-40-KV1"} <= codes
    # and every decision lies in 1 Oct 2021 – 30 Sep 2026 at a place valid on it
    for detail in EnforcementCase.objects.select_related("case__place", "agency"):
        assert datetime.date(2021, 10, 1) <= detail.decision_date <= datetime.date(2026, 9, 30)
        assert detail.case.place.is_valid_on(detail.decision_date)
        new_office = detail.agency.valid_from == REORGANISATION_DATE
        assert new_office == (detail.decision_date >= REORGANISATION_DATE)


def test_the_same_seed_gives_the_same_data(world: Any) -> None:
    offices = generate.ensure_offices()

    first = generate.build_rows(cases=50, seed=3, years=5, today=TODAY, offices=offices)
    second = generate.build_rows(cases=50, seed=3, years=5, today=TODAY, offices=offices)
    other = generate.build_rows(cases=50, seed=4, years=5, today=TODAY, offices=offices)

    assert first == second
    assert first != other


def test_every_journal_follows_the_register_and_the_money_adds_up(world: Any) -> None:
    generate.generate(cases=N, seed=11, years=5, today=TODAY)
    actions: dict[int, list[CaseAction]] = defaultdict(list)
    for action in CaseAction.objects.order_by("case_id", "sequence"):
        actions[action.case_id].append(action)
    money: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for movement in Movement.objects.all():
        money[movement.enforcement_case_id][movement.kind] += movement.amount
    states = set()
    for detail in EnforcementCase.objects.select_related("case"):
        case, journal = detail.case, actions[detail.pk]
        # opened in "accepted" on the decision date, then one allowed transition per row
        assert [a.sequence for a in journal] == list(range(1, len(journal) + 1))
        assert (journal[0].kind, journal[0].to_state) == ("opened", workflow.ACCEPTED)
        day = detail.decision_date
        for previous, action in itertools.pairwise(journal):
            decided = datetime.date.fromisoformat(action.payload["decided_on"])
            rule_set = workflow.SPEC.rule_set_on(decided)
            transition = rule_set.transition(action.transition)
            assert transition is not None, action.transition
            assert action.from_state == previous.to_state
            assert action.from_state in transition.sources
            assert action.to_state == transition.target
            assert day <= decided <= TODAY
            assert previous.at <= action.at
            day = decided
        assert case.state == journal[-1].to_state
        assert case.last_sequence == len(journal)
        assert (case.closed_at is not None) == workflow.SPEC.is_terminal(case.state)
        states.add(case.state)
        # the money: never more than the amount; all of it when completed
        sums = money[detail.pk]
        done = sum(sums[kind] for kind in DONE_KINDS)
        assert done <= detail.amount_to_enforce
        assert sums[MovementKind.PAID_OUT] <= sums[MovementKind.COLLECTED]
        if case.state == workflow.COMPLETED:
            assert done == detail.amount_to_enforce
    assert {workflow.COMPLETED, workflow.WITH_CONDITIONS, workflow.WITHOUT_CONDITIONS} <= states


def test_the_command_generates_refreshes_the_rollups_and_refuses_a_seed_twice(
    world: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.UTC), tick=False)
    call_command("generate_enforcement", cases=40, seed=5, years=2, stdout=_Null())

    assert EnforcementCase.objects.count() == 40
    assert Rollup.objects.filter(indicator="thads.cases.received").exists()
    with pytest.raises(CommandError, match="already generated"):
        call_command("generate_enforcement", cases=40, seed=5, stdout=_Null())


class _Null:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_blocks_write_the_same_cases_numbered_in_decision_order(
    world: Any, monkeypatch: Any
) -> None:
    # when the same seed is generated in blocks of 50 (three blocks for 120 cases)
    monkeypatch.setattr(generate, "BLOCK", 50)
    result = generate.generate(cases=N, seed=9, years=5, today=TODAY)

    # then the rows are those of the single pass, one import audit row per block
    offices = generate.ensure_offices()
    rows = generate.build_rows(cases=N, seed=9, years=5, today=TODAY, offices=offices)
    assert result.cases == N == EnforcementCase.objects.count()
    written = EnforcementCase.objects.values_list(
        "decision_number", "decision_date", "amount_to_enforce", "case__place_id", "case__state"
    )
    assert sorted(written) == sorted(
        (r.decision_number, r.decision_date, r.amount, r.place_id, r.state) for r in rows
    )
    assert AuditEvent.objects.filter(action="enforcement.cases.imported").count() == 3
    # and within each office and year the case numbers follow the decision dates across blocks
    books: dict[tuple[int, int], list[tuple[datetime.date, int]]] = defaultdict(list)
    for detail in EnforcementCase.objects.select_related("case"):
        key = (detail.agency_id, detail.case.year)
        books[key].append((detail.decision_date, detail.case.number))
    for entries in books.values():
        numbers = [number for _day, number in sorted(entries)]
        assert numbers == sorted(numbers)


def test_planned_years_give_exactly_their_cases_and_money_done(world: Any) -> None:
    # given two THADS years, the first from 1 Oct 2020, with asset recovery and open cases
    plans = [
        generate.YearPlan(2021, 30, 4_000_000_000, 2, 1_500_000_000, open_cases=5),
        generate.YearPlan(2022, 40, 7_000_000_001, 3, 2_000_000_000, open_cases=6),
    ]

    # when they are generated
    result = generate.generate_planned(plans=plans, seed=21)

    # then every case is there, decided in its year, and each year's figures are the plan's
    assert result.cases == 81 == EnforcementCase.objects.count()
    facts = figures.load(until=datetime.date(2022, 9, 30))
    assert min(fact.decision_date for fact in facts) >= datetime.date(2020, 10, 1)
    for plan in plans:
        start, end = datetime.date(plan.year - 1, 10, 1), datetime.date(plan.year, 9, 30)
        totals = figures.totals(figures.compute(facts, start, end))
        recovery = figures.totals(
            figures.compute([f for f in facts if f.asset_recovery], start, end)
        )
        assert (totals["cases.done"], totals["money.done"]) == (plan.done, plan.money)
        assert (recovery["cases.done"], recovery["money.done"]) == (
            plan.recovery_done,
            plan.recovery_money,
        )
        assert totals["cases.received"] == plan.cases


@pytest.mark.parametrize(
    ("total", "parts"), [(10, 10), (1_000_003, 7), (89_412_100_000_000, 575)], ids=str
)
def test_split_gives_positive_parts_adding_up_exactly(total: int, parts: int) -> None:
    shares = generate.split(total, parts, random.Random(1))
    assert (len(shares), sum(shares), min(shares) >= 1) == (parts, total, True)


@pytest.mark.parametrize(
    "plan",
    [
        {"done": 2, "money": 10, "recovery_done": 3, "recovery_money": 5},
        {"done": 5, "money": 3},
        {"done": 5, "money": 100, "recovery_done": 0, "recovery_money": 50},
    ],
    ids=["recovery-above-done", "under-1-dong-a-case", "recovery-money-without-cases"],
)
def test_a_year_plan_that_cannot_be_built_is_refused(plan: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="THADS2023"):
        generate.YearPlan(2023, **plan)


def test_a_bulk_load_analyses_the_tables_it_filled_once_it_commits(
    world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import connection

    from tuphap.enforcement.cases.imports import loading

    # given a load large enough to be analysed (the threshold lowered for the test)
    monkeypatch.setattr(loading, "ANALYZE_AFTER", 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        generate.generate(cases=N, seed=7, years=5, today=TODAY)

    # then on PostgreSQL (COPY) each table written is analysed after the commit; SQLite's
    # bulk_create path has no planner statistics to refresh
    if connection.vendor == "postgresql":
        assert len(callbacks) >= 5  # judgments, requests, cases, details, journal, movements…
    else:
        assert callbacks == []
