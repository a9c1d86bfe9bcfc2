"""Register declarations: validation of the spec, rule sets by date, the registry."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework import registry
from tuphap.casework.registry import (
    Clock,
    DeadlineRule,
    RegisterSpec,
    RuleSelection,
    RuleSet,
    ScheduledDeadline,
    State,
    Transition,
)
from tuphap.casework.tests.testregister import NEW_RULES, OLD_RULES, SPEC
from tuphap.core.deadlines import Unit

D = datetime.date


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (D(2020, 1, 1), "test-2008"),
        (D(2026, 6, 30), "test-2008"),
        (D(2026, 7, 1), "test-2025"),
        (D(2030, 1, 1), "test-2025"),
    ],
    ids=["long-ago", "last-day-of-old-law", "first-day-of-new-law", "later"],
)
def test_rule_set_in_force_on_a_day(day: D, code: str) -> None:
    assert SPEC.rule_set_on(day).code == code


def test_action_date_selection_follows_the_step_not_the_event() -> None:
    spec = RegisterSpec(
        **{**_spec_arguments(), "code": "test.by-step", "rule_selection": RuleSelection.ACTION_DATE}
    )
    assert spec.rule_set_for(event_date=D(2026, 6, 1), action_date=D(2026, 7, 2)).code == (
        "test-2025"
    )
    assert SPEC.rule_set_for(event_date=D(2026, 6, 1), action_date=D(2026, 7, 2)).code == (
        "test-2008"
    )


def test_no_rule_set_in_force_names_the_event_date() -> None:
    spec = RegisterSpec(**{**_spec_arguments(), "rule_sets": (NEW_RULES,)})
    with pytest.raises(registry.NoRuleSet) as error:
        spec.rule_set_on(D(2026, 6, 30))
    assert list(error.value.fields) == ["event_date"]


def _spec_arguments() -> dict[str, object]:
    return {
        "code": "test.copy",
        "name_vi": "v",
        "name_en": "e",
        "states": SPEC.states,
        "initial_state": "received",
        "rule_sets": (OLD_RULES, NEW_RULES),
        "open_roles": {"x"},
        "assign_roles": {"x"},
        "clock_roles": {"x"},
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"initial_state": "done"}, "initial state must not be terminal"),
        ({"initial_state": "nowhere"}, "initial state must not be terminal"),
        ({"rule_sets": ()}, "has no rule set"),
        (
            {"rule_sets": (OLD_RULES, RuleSet("overlap", D(2026, 6, 1), None, ()))},
            "overlap",
        ),
        (
            {
                "rule_sets": (
                    RuleSet("x", None, None, (Transition("t", "T", {"received"}, "mars", {"r"}),)),
                )
            },
            "unknown states",
        ),
        ({"states": (*SPEC.states, State("done", "Again"))}, "declares a state twice"),
    ],
    ids=[
        "terminal-initial",
        "unknown-initial",
        "no-rules",
        "overlapping-rules",
        "unknown-target",
        "duplicate-state",
    ],
)
def test_spec_validation(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RegisterSpec(**{**_spec_arguments(), **change})


def _schedule(*, case: Any, payload: Any, at: datetime.datetime) -> ScheduledDeadline:
    return ScheduledDeadline(DeadlineRule(2, Unit.WORKING_DAYS), at.date())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"clock": Clock.START}, "starts the clock but has no deadline"),
        ({"deadline": DeadlineRule(1, Unit.DAYS), "clock": Clock.PAUSE}, "has a deadline"),
        ({"roles": set()}, "needs a name"),
        (
            {"deadline": DeadlineRule(1, Unit.DAYS), "schedule": _schedule},
            "both a deadline and a schedule",
        ),
        ({"schedule": _schedule, "clock": Clock.STOP}, "has a deadline"),
    ],
    ids=[
        "start-without-deadline",
        "pause-with-deadline",
        "no-roles",
        "deadline-and-schedule",
        "schedule-that-stops",
    ],
)
def test_transition_validation(arguments: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "name": "t",
        "label": "T",
        "sources": {"a"},
        "target": "b",
        "roles": {"r"},
    }
    with pytest.raises(ValueError, match=message):
        Transition(**{**base, **arguments})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "unit"),
    [(0, Unit.DAYS), (1.5, Unit.DAYS), (True, Unit.DAYS), (25_001, Unit.WORKING_DAYS)],
    ids=["zero", "float", "bool", "too-many"],
)
def test_deadline_rule_validation(amount: object, unit: Unit) -> None:
    with pytest.raises(ValueError, match="whole number"):
        DeadlineRule(amount, unit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("transition", "effect"),
    [
        (Transition("a", "A", {"x"}, "y", {"r"}, deadline=DeadlineRule(1, Unit.DAYS)), Clock.START),
        (Transition("b", "B", {"x"}, "x", {"r"}), Clock.KEEP),
        (Transition("c", "C", {"x"}, "y", {"r"}), Clock.STOP),
        (Transition("d", "D", {"x"}, "y", {"r"}, clock=Clock.PAUSE), Clock.PAUSE),
        (Transition("e", "E", {"x"}, "y", {"r"}, schedule=_schedule), Clock.START),
    ],
    ids=["deadline-starts", "self-loop-keeps", "other-state-stops", "explicit", "schedule-starts"],
)
def test_default_clock_effect(transition: Transition, effect: Clock) -> None:
    assert transition.clock_effect is effect


def test_registry_refuses_a_second_register_with_the_same_code() -> None:
    clash = RegisterSpec(**{**_spec_arguments(), "code": SPEC.code})
    with pytest.raises(ValueError, match="already registered"):
        registry.register(clash)
    assert registry.get(SPEC.code) is SPEC


def test_unknown_register_names_the_field() -> None:
    with pytest.raises(registry.UnknownRegister) as error:
        registry.get("enforcement.nope")
    assert (error.value.code, error.value.fields) == (
        "unknown_register",
        {"register": ["Unknown register 'enforcement.nope'."]},
    )


def test_register_name_follows_the_language() -> None:
    from django.utils import translation

    with translation.override("vi"):
        assert SPEC.name == "Sổ thử"
    with translation.override("en"):
        assert SPEC.name == "Test register"
