"""THADS statistics: the figures of a window on a hand-made register (exact), and on a register
generated through the services over two consecutive THADS years: the rollups, the report
identities, the year-to-date identities and the carry-over from one year to the next."""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tuphap.casework.models import Case
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.core.periods import parse
from tuphap.enforcement.cases import balance, figures, indicators, services, workflow
from tuphap.enforcement.cases.figures import CaseFacts
from tuphap.enforcement.tests.conftest import D, OpenCase, Staff, at, judgment, request
from tuphap.places.tests.factories import REORGANISATION_DATE
from tuphap.statistics import reports
from tuphap.statistics import services as statistics_services
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db


def fact(
    case_id: int,
    decided: datetime.date,
    amount: int,
    steps: list[tuple[str, datetime.date]],
    movements: list[tuple[datetime.date, int]] = (),  # type: ignore[assignment]
    *,
    agency: int = 1,
) -> CaseFacts:
    all_steps = [("", "accepted", decided), *[("t", state, day) for state, day in steps]]
    exit_state = exit_date = None
    for _name, state, day in all_steps:
        if state in workflow.TERMINAL_STATES:
            exit_state, exit_date = state, day
            break
    return CaseFacts(
        case_id,
        10,
        agency,
        decided,
        amount,
        False,
        all_steps,
        exit_state,
        exit_date,
        list(movements),
    )


def test_the_figures_of_a_window_on_a_hand_made_register() -> None:
    # given the THADS year 1 Oct 2025 – 30 Sep 2026 and five cases
    start, end = D(2025, 10, 1), D(2026, 9, 30)
    facts = [
        # carried in with 100 owed (20 collected before), 30 collected inside, still open, with
        fact(
            1,
            D(2025, 3, 1),
            120,
            [("with_conditions", D(2025, 4, 1))],
            [(D(2025, 5, 1), 20), (D(2026, 1, 10), 30)],
        ),
        # received, collected in full, completed
        fact(
            2,
            D(2025, 11, 1),
            50,
            [("with_conditions", D(2025, 11, 5)), ("completed", D(2026, 2, 1))],
            [(D(2026, 1, 20), 50)],
        ),
        # received, 10 collected, then delegated: 10 done, 70 delegated
        fact(3, D(2025, 12, 1), 80, [("delegated", D(2026, 3, 1))], [(D(2026, 2, 1), 10)]),
        # received, without conditions at the end
        fact(4, D(2026, 1, 1), 40, [("without_conditions", D(2026, 2, 1))]),
        # received, terminated with 15 written off after 5 collected
        fact(5, D(2026, 4, 1), 20, [("terminated", D(2026, 5, 1))], [(D(2026, 4, 15), 5)]),
        # ended before the window: not counted
        fact(6, D(2025, 1, 1), 99, [("completed", D(2025, 9, 30))]),
        # decided after the window: not counted
        fact(7, D(2026, 10, 1), 99, []),
    ]

    # when
    result = figures.totals(figures.compute(facts, start, end))

    # then
    expected_cases = {
        "carried_in": 1,
        "received": 4,
        "accepted": 5,
        "delegated_out": 1,
        "returned": 0,
        "to_enforce": 4,
        "with_conditions": 3,
        "without_conditions": 1,
        "completed": 1,
        "terminated": 1,
        "done": 2,
        "carried_out": 2,
    }
    expected_money = {
        "carried_in": 100,
        "received": 190,
        "accepted": 290,
        "delegated_out": 70,
        "returned": 0,
        "to_enforce": 220,
        "with_conditions": 180,
        "without_conditions": 40,
        "completed": 30 + 50 + 10 + 5,
        "terminated": 15,
        "done": 110,
        "carried_out": 110,
    }
    assert {k[6:]: v for k, v in result.items() if k.startswith("cases.")} == expected_cases
    assert {k[6:]: v for k, v in result.items() if k.startswith("money.")} == expected_money


def test_the_state_at_a_period_end_decides_the_classification() -> None:
    case = fact(
        1,
        D(2025, 11, 1),
        10,
        [("without_conditions", D(2026, 1, 5)), ("with_conditions", D(2026, 10, 2))],
    )
    september = figures.totals(figures.compute([case], D(2025, 10, 1), D(2026, 9, 30)))
    october = figures.totals(figures.compute([case], D(2026, 10, 1), D(2026, 10, 31)))
    assert (september["cases.without_conditions"], september["cases.with_conditions"]) == (1, 0)
    assert (october["cases.without_conditions"], october["cases.with_conditions"]) == (0, 1)


# -- a generated register over two THADS years ---------------------------------------------------

OPTIONS: dict[str, tuple[str, ...]] = {
    "accepted": ("notify", "start_verification", "collect", "notify", "delegate"),
    "voluntary_period": ("start_verification", "collect", "complete"),
    "verifying": ("classify_with", "classify_without", "classify_with", "collect"),
    "with_conditions": (
        "start_coercion",
        "collect",
        "complete",
        "complete",
        "postpone",
        "suspend",
        "terminate",
        "classify_without",
    ),
    "enforcing": ("collect", "complete", "complete", "postpone", "terminate", "classify_without"),
    "postponed": ("resume_postponed",),
    "suspended": ("resume_suspended",),
    "without_conditions": (
        "reverify",
        "classify_with",
        "return_request",
        "move_to_separate_book",
        "delegate",
    ),
    "separate_book": ("classify_with", "terminate"),
}
LAST_DAY = D(2026, 9, 30)


def _walk(rng: random.Random, head: Any, detail: Any) -> None:
    day = detail.decision_date
    case = detail.case
    for _step in range(12):
        day = day + datetime.timedelta(days=rng.randint(5, 75))
        if day > LAST_DAY:
            return
        case = Case.objects.get(pk=case.pk)
        if case.closed_at is not None:
            return
        choice = rng.choice(OPTIONS[case.state])
        owed = balance.outstanding(detail)
        try:
            if choice == "collect":
                if owed:
                    amount = owed if rng.random() < 0.4 else rng.randint(1, owed)
                    services.movement_record(
                        actor=head,
                        case=case,
                        kind=rng.choice(["collected", "collected", "reduced"]),
                        amount=amount,
                        on_date=day,
                    )
            elif choice in ("classify_with", "classify_without"):
                with_conditions = choice == "classify_with"
                services.case_classify(
                    actor=head,
                    case=case,
                    with_conditions=with_conditions,
                    ground="has_means" if with_conditions else "no_means",
                    decided_on=day,
                )
            else:
                if choice == "complete" and owed:
                    services.movement_record(
                        actor=head, case=case, kind="collected", amount=owed, on_date=day
                    )
                services.case_transition(actor=head, case=case, transition=choice, decided_on=day)
        except TransitionNotAllowed:
            continue


@pytest.fixture
def generated(world: Any, staff: Staff, open_case: OpenCase, time_machine: Any) -> int:
    rng = random.Random(20261123)
    count = 30
    for index in range(count):
        decided = D(2024, 6, 1) + datetime.timedelta(days=rng.randint(0, 850))
        old = decided < REORGANISATION_DATE
        effective = decided - datetime.timedelta(days=rng.randint(10, 300))
        detail = open_case(
            "2026-11-20 08:00",
            decision_date=decided,
            decision_number=f"{index + 1}/QĐ",
            amount=rng.choice([None, rng.randint(1, 900) * 1_000_000, rng.randint(1, 10**6)]),
            place=world.vinh_old if old else world.vinh,
            judgment=judgment(
                number=f"{index}/DS",
                issued_on=effective - datetime.timedelta(days=30),
                effective_on=effective,
            ),
            request=request(requested_on=decided)
            if rng.random() < 0.6
            else services.RequestData("ex_officio", decided),
            asset_recovery=rng.random() < 0.3,
        )
        _walk(rng, staff.head, detail)
    return count


def _report(codes: list[str], period: str) -> reports.Report:
    return reports.build(
        registry, reports.ReportQuery(indicators=tuple(codes), period=parse(period))
    )


def _values(report: reports.Report, window: str) -> dict[str, Any]:
    return {row["indicator"]: row[window] for row in report.rows}


def test_identities_hold_on_two_consecutive_years_of_generated_work(
    generated: int, staff: Staff, time_machine: Any
) -> None:
    # given the rollups of October 2024 – September 2026
    time_machine.move_to(at("2026-11-21 02:00"), tick=False)
    codes = [indicator.code for indicator in indicators.INDICATORS]
    stored = [indicator.code for indicator in indicators.INDICATORS if indicator.is_stored]
    statistics_services.rollup_refresh(
        actor=None, indicators=stored, first_month=D(2024, 10, 1), last_month=D(2026, 9, 1)
    )

    for period in ("THADS2025", "THADS2026", "THADS2026M06"):
        report = _report(codes, period)
        # then the registered identities hold in every window
        assert report.failures == [], period
        for window in ("value", "previous", "last_year"):
            values = _values(report, window)
            for base in (
                "thads.cases",
                "thads.money",
                "thads.recovery.cases",
                "thads.recovery.money",
            ):
                if values[f"{base}.accepted"] is None:
                    continue  # a window before the computed months
                v = {
                    key.removeprefix(base + "."): value
                    for key, value in values.items()
                    if key.startswith(base + ".") and key.count(".") == base.count(".") + 1
                }
                assert v["accepted"] == v["carried_in"] + v["received"], (period, window, base)
                assert v["to_enforce"] == v["accepted"] - v["delegated_out"] - v["returned"]
                assert v["to_enforce"] == v["with_conditions"] + v["without_conditions"]
                assert v["carried_out"] == v["to_enforce"] - v["done"]
                assert v["done"] == v["completed"] + v["terminated"]

    # and every figure of a THADS window, stored or derived at report time (ADR 0020), is the
    # register's own figure of that window (``figures.compute``, the definition in code)
    windows = {
        "THADS2025": (D(2024, 10, 1), D(2025, 9, 30)),
        "THADS2026": (D(2025, 10, 1), D(2026, 9, 30)),
        "THADS2026M06": (D(2025, 10, 1), D(2026, 3, 31)),  # six months
    }
    for period, (start, end) in windows.items():
        shown = _values(_report(codes, period), "value")
        for prefix, subset in indicators.SUBSETS.items():
            facts = figures.load(until=end, asset_recovery=subset)
            register = figures.totals(figures.compute(facts, start, end))
            for name, value in register.items():
                assert shown[f"{prefix}.{name}"] == value, (period, prefix, name)

    # the next year's carried in is this year's carried out
    first, second = (
        _values(_report(codes, "THADS2025"), "value"),
        _values(_report(codes, "THADS2026"), "value"),
    )
    for base in ("thads.cases", "thads.money", "thads.recovery.cases", "thads.recovery.money"):
        assert second[f"{base}.carried_in"] == first[f"{base}.carried_out"]

    # and the stock at the end agrees with the register itself (nothing happened after 30 Sep)
    open_cases = Case.objects.filter(register=workflow.REGISTER, closed_at__isnull=True)
    owed = sum(balance.outstanding(case.enforcement_detail) for case in open_cases)
    assert (second["thads.cases.carried_out"], second["thads.money.carried_out"]) == (
        open_cases.count(),
        owed,
    )
    # the data exercised every outcome
    assert first["thads.cases.carried_in"] > 0
    for name in ("completed", "terminated", "delegated_out", "without_conditions"):
        assert first[f"thads.cases.{name}"] + second[f"thads.cases.{name}"] > 0, name
    done, with_conditions = second["thads.cases.done"], second["thads.cases.with_conditions"]
    expected = (Decimal(done * 100) / Decimal(with_conditions)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    assert second["thads.cases.rate"] == float(expected)


# -- the one-pass computation of every month --------------------------------------------------


def _full(values: figures.Figures) -> figures.Figures:
    """``compute``'s figures with the ones it leaves out when nothing touched them."""
    names = [f"{unit}.{name}" for unit in ("cases", "money") for name in figures.FIGURES]
    return {key: {name: row.get(name, 0) for name in names} for key, row in values.items()}


# One generated register (about 8 s to build) serves both window ranges.
RANGES = ((D(2024, 10, 1), D(2026, 9, 30)), (D(2025, 3, 1), D(2026, 2, 28)))


def test_the_one_pass_months_equal_the_reference_figures_window_by_window(
    generated: int,
) -> None:
    for first, last in RANGES:
        _check_one_pass(first, last)


def _check_one_pass(first: datetime.date, last: datetime.date) -> None:
    # given the facts of the generated register, whole and the asset-recovery subset
    everything = figures.load(until=last)
    for facts in (everything, [fact for fact in everything if fact.asset_recovery]):
        # when every month is computed in one pass
        months = figures.compute_months(facts, first, last)

        # then each month's own and year-to-date figures equal the reference definition
        expected_months = []
        month = first
        while month <= last:
            expected_months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        assert list(months) == expected_months
        for month, (own, year) in months.items():
            end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            assert own == _full(figures.compute(facts, month, end)), month
            year_start = figures.thads_year_start(month)
            assert year == _full(figures.compute(facts, year_start, end)), month
    # and the data is not trivial: the last year to date has cases carried in, done and open
    final = figures.compute_months(everything, first, last)[last.replace(day=1)]
    totals = figures.totals(final[1])
    assert totals["cases.carried_in"] > 0
    assert totals["cases.done"] > 0
    assert totals["cases.carried_out"] > 0


def test_the_one_pass_months_of_a_hand_made_register() -> None:
    # given a case carried in with money collected across months, exiting by delegation,
    # and one received, classified without conditions, then completed the next year
    facts = [
        fact(
            1,
            D(2025, 8, 20),
            1_000,
            [("delegated", D(2025, 12, 5))],
            [(D(2025, 9, 1), 100), (D(2025, 11, 3), 50), (D(2025, 12, 5), 25)],
        ),
        fact(
            2,
            D(2025, 10, 2),
            400,
            [("without_conditions", D(2025, 10, 30)), ("completed", D(2026, 10, 3))],
            [(D(2026, 10, 3), 400)],
        ),
    ]

    # when October 2025 – October 2026 is computed in one pass
    months = figures.compute_months(facts, D(2025, 10, 1), D(2026, 10, 31))

    # then every window equals the reference, and a few figures are as expected by hand
    for month, (own, year) in months.items():
        end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        assert own == _full(figures.compute(facts, month, end))
        assert year == _full(figures.compute(facts, figures.thads_year_start(month), end))
    december = months[D(2025, 12, 1)][0][(10, 1)]
    assert (december["cases.delegated_out"], december["money.delegated_out"]) == (1, 825)
    assert december["money.completed"] == 25
    september = months[D(2026, 9, 1)][1][(10, 1)]
    assert (september["cases.accepted"], september["money.accepted"]) == (2, 1_300)
    assert (september["cases.without_conditions"], september["money.carried_out"]) == (1, 400)
    october = months[D(2026, 10, 1)][1][(10, 1)]
    assert (october["cases.carried_in"], october["cases.completed"]) == (1, 1)
