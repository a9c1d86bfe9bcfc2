"""The complaint register declared for the case engine: states, transitions, roles and the
clocks of each stage (docs/domain/complaints.md §3–§5).

Two rule sets: the old one (received until 30 Jun 2026: acceptance within 10 days) and the
new one (from 1 Jul 2026: 7 working days; suspension and termination). The acceptance clock is
the rule set's initial deadline, chosen by the date of receipt (the case's event date); the
later steps are checked against the rules in force on the day of the step (RuleSelection
ACTION_DATE), so a complaint received on 30 Jun 2026 may be suspended in August 2026 [U: the
transition clause of NĐ 155/2026 was not read]. Every resolution limit is a ``schedule``: it
reads the detail (complex, remote) and counts from the stage's start (the acceptance, or the
continuation decision after a suspension).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tuphap.accounts.roles import Role
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.casework.registry import (
    Clock,
    DeadlineRule,
    Guard,
    RegisterSpec,
    RuleSelection,
    RuleSet,
    ScheduledDeadline,
    State,
    Transition,
)
from tuphap.oversight.complaints import rules
from tuphap.places import selectors as places_selectors

REGISTER = "oversight.complaint"

INSPECTOR = Role.INSPECTOR
STAFF = frozenset({INSPECTOR})
READERS = frozenset(
    {Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR}
)

RECEIVED = "received"
ACCEPTED = "accepted"
VERIFYING = "verifying"
DIALOGUE = "dialogue"
FIRST_DECIDED = "first_decided"
SECOND_RECEIVED = "second_received"
SECOND_ACCEPTED = "second_accepted"
SECOND_DIALOGUE = "second_dialogue"
SECOND_DECIDED = "second_decided"
EFFECTIVE = "effective"
ENFORCED = "enforced"
NOT_ACCEPTED = "not_accepted"
LAWSUIT = "lawsuit"
WITHDRAWN = "withdrawn"
SUSPENDED = "suspended"
TERMINATED = "terminated"

STATES = (
    State(RECEIVED, _("Complaint received")),
    State(ACCEPTED, _("Accepted for first-instance resolution")),
    State(VERIFYING, _("Verifying the complaint")),
    State(DIALOGUE, _("Dialogue with the parties")),
    State(FIRST_DECIDED, _("First-instance decision issued")),
    State(SECOND_RECEIVED, _("Second complaint received")),
    State(SECOND_ACCEPTED, _("Accepted for second-instance resolution")),
    State(SECOND_DIALOGUE, _("Second-instance dialogue held")),
    State(SECOND_DECIDED, _("Second-instance decision issued")),
    State(EFFECTIVE, _("Decision legally effective")),
    State(ENFORCED, _("Decision enforced"), terminal=True),
    State(NOT_ACCEPTED, _("Complaint not accepted"), terminal=True),
    State(LAWSUIT, _("Lawsuit brought at the court"), terminal=True),
    State(WITHDRAWN, pgettext_lazy("complaint", "Withdrawn"), terminal=True),
    State(SUSPENDED, pgettext_lazy("complaint", "Suspended")),
    State(TERMINATED, pgettext_lazy("complaint", "Resolution terminated"), terminal=True),
)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)
FIRST_RESOLVING = frozenset({ACCEPTED, VERIFYING, DIALOGUE})
SECOND_RESOLVING = frozenset({SECOND_ACCEPTED, SECOND_DIALOGUE})
RESOLVING = FIRST_RESOLVING | SECOND_RESOLVING
BEFORE_DECISION = frozenset({RECEIVED, SECOND_RECEIVED}) | RESOLVING | {SUSPENDED}

ACCEPT = "accept"
NOT_ACCEPT = "not_accept"
DECIDE_FIRST = "decide_first"
SECOND_COMPLAINT = "second_complaint"
ACCEPT_SECOND = "accept_second"
NOT_ACCEPT_SECOND = "not_accept_second"
DECIDE_SECOND = "decide_second"
SUSPEND = "suspend"
CONTINUE_FIRST = "continue_first"
CONTINUE_SECOND = "continue_second"
TERMINATE = "terminate"
WITHDRAW = "withdraw"
# One "determine complex" step per state it may be taken in (a step has one target).
DETERMINE_COMPLEX = {state: f"determine_complex_{state}" for state in sorted(RESOLVING)}

ACCEPT_OLD_RULE = DeadlineRule(
    rules.ACCEPT_OLD.amount, rules.ACCEPT_OLD.unit, basis=rules.ACCEPT_OLD.basis
)
ACCEPT_NEW_RULE = DeadlineRule(
    rules.ACCEPT_NEW.amount, rules.ACCEPT_NEW.unit, basis=rules.ACCEPT_NEW.basis
)


def _rule(period: rules.Period) -> DeadlineRule:
    return DeadlineRule(period.amount, period.unit, basis=period.basis)


def _detail(case: Case) -> Any:
    return getattr(case, "complaint_detail", None)


def _day(at: datetime.datetime) -> datetime.date:
    return case_deadlines.local_date(at)


def _remote(case: Case) -> bool:
    """Fixed on the complaint at receipt; before the detail exists, read as at the case's date."""
    detail = _detail(case)
    if detail is not None:
        return bool(detail.remote)
    listing = places_selectors.remote_listing_on(case.place, case.event_date)
    return rules.is_remote(case.place, listing=listing.decision if listing else "")


def first_resolution(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """30 days from acceptance (45 complex; remote 45 and 60), Art. 28. A determination of
    complexity, or a continuation after a suspension, schedules it again from the stage's
    start (the acceptance, or the continuation decision)."""
    detail = _detail(case)
    complex_case = bool(payload.get("complex", detail.complex_first if detail else False))
    start = payload.get("start")
    start_day = datetime.date.fromisoformat(start) if start else _day(at)
    period = rules.resolution_period(
        regime=detail.regime if detail else rules.Regime.GENERAL,
        thads_act=detail.thads_act if detail else "",
        second=False,
        complex_case=complex_case,
        remote=_remote(case),
    )
    return ScheduledDeadline(_rule(period), start_day)


def second_resolution(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """45 days from acceptance of the second complaint (60 complex; remote 60 and 70), Art. 37."""
    detail = _detail(case)
    complex_case = bool(payload.get("complex", detail.complex_second if detail else False))
    start = payload.get("start")
    start_day = datetime.date.fromisoformat(start) if start else _day(at)
    period = rules.resolution_period(
        regime=detail.regime if detail else rules.Regime.GENERAL,
        thads_act=detail.thads_act if detail else "",
        second=True,
        complex_case=complex_case,
        remote=_remote(case),
    )
    return ScheduledDeadline(_rule(period), start_day)


def second_window(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """The second complaint or lawsuit within 30 days (remote 45) of the decision, Art. 33."""
    return ScheduledDeadline(_rule(rules.second_complaint_window(remote=_remote(case))), _day(at))


def second_acceptance(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """The second complaint is accepted within the limit of the rules in force on the day it
    was received (10 days; 7 working days from 1 Jul 2026)."""
    received = payload.get("received_on")
    day = datetime.date.fromisoformat(received) if received else _day(at)
    return ScheduledDeadline(_rule(rules.acceptance_period(day)), day)


def effect_window(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """A second-instance decision takes effect 30 days (remote 45) after it is issued (Art. 44)."""
    return ScheduledDeadline(_rule(rules.effect_window(remote=_remote(case))), _day(at))


# Every step writes the register's detail too, so it is made only through
# ``oversight.complaints.services``; the generic case pages and API refuse it.
_through_services: ContextVar[bool] = ContextVar("complaint_services", default=False)


@contextmanager
def through_services() -> Iterator[None]:
    token = _through_services.set(True)
    try:
        yield
    finally:
        _through_services.reset(token)


def _in_services(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _through_services.get()


SERVICES = Guard(_in_services, _("Record this step on the complaint's page."))


def _step(name: str, label: Any, sources: frozenset[str], target: str, **kwargs: Any) -> Transition:
    return Transition(name, label, sources, target, STAFF, guard=SERVICES, **kwargs)


def _common() -> tuple[Transition, ...]:
    complex_steps = tuple(
        _step(
            name,
            _("Determine that the complaint is complex"),
            frozenset({state}),
            state,
            schedule=second_resolution if state in SECOND_RESOLVING else first_resolution,
        )
        for state, name in DETERMINE_COMPLEX.items()
    )
    return (
        _step(
            ACCEPT,
            _("Accept the complaint"),
            frozenset({RECEIVED}),
            ACCEPTED,
            schedule=first_resolution,
        ),
        _step(NOT_ACCEPT, _("Refuse to accept the complaint"), frozenset({RECEIVED}), NOT_ACCEPTED),
        _step(
            "verify",
            _("Start the verification"),
            frozenset({ACCEPTED}),
            VERIFYING,
            clock=Clock.KEEP,
        ),
        _step(
            "dialogue",
            _("Record the dialogue"),
            frozenset({ACCEPTED, VERIFYING}),
            DIALOGUE,
            clock=Clock.KEEP,
        ),
        *complex_steps,
        _step(
            DECIDE_FIRST,
            _("Record the first-instance decision"),
            FIRST_RESOLVING,
            FIRST_DECIDED,
            schedule=second_window,
        ),
        _step(
            SECOND_COMPLAINT,
            _("Record a second complaint"),
            frozenset({FIRST_DECIDED}),
            SECOND_RECEIVED,
            schedule=second_acceptance,
        ),
        _step(
            "lawsuit_first", _("Record a lawsuit at the court"), frozenset({FIRST_DECIDED}), LAWSUIT
        ),
        _step(
            "first_effective",
            _("Record that the decision took effect"),
            frozenset({FIRST_DECIDED}),
            EFFECTIVE,
        ),
        _step(
            ACCEPT_SECOND,
            _("Accept the second complaint"),
            frozenset({SECOND_RECEIVED}),
            SECOND_ACCEPTED,
            schedule=second_resolution,
        ),
        _step(
            NOT_ACCEPT_SECOND,
            _("Refuse to accept the second complaint"),
            frozenset({SECOND_RECEIVED}),
            NOT_ACCEPTED,
        ),
        _step(
            "dialogue_second",
            _("Record the second-instance dialogue"),
            frozenset({SECOND_ACCEPTED}),
            SECOND_DIALOGUE,
            clock=Clock.KEEP,
        ),
        # Dialogue is mandatory at second instance (Art. 39): the decision follows it.
        _step(
            DECIDE_SECOND,
            _("Record the second-instance decision"),
            frozenset({SECOND_DIALOGUE}),
            SECOND_DECIDED,
            schedule=effect_window,
        ),
        _step(
            "lawsuit_second",
            _("Record a lawsuit at the court"),
            frozenset({SECOND_DECIDED}),
            LAWSUIT,
        ),
        _step(
            "second_effective",
            _("Record that the decision took effect"),
            frozenset({SECOND_DECIDED}),
            EFFECTIVE,
        ),
        _step(
            "enforce", _("Record the enforcement of the decision"), frozenset({EFFECTIVE}), ENFORCED
        ),
        _step(WITHDRAW, _("Record the withdrawal of the complaint"), BEFORE_DECISION, WITHDRAWN),
    )


def _new_only() -> tuple[Transition, ...]:
    return (
        _step(SUSPEND, _("Suspend the resolution"), RESOLVING, SUSPENDED),
        _step(
            CONTINUE_FIRST,
            _("Continue the resolution"),
            frozenset({SUSPENDED}),
            VERIFYING,
            schedule=first_resolution,
        ),
        _step(
            CONTINUE_SECOND,
            _("Continue the resolution"),
            frozenset({SUSPENDED}),
            SECOND_ACCEPTED,
            schedule=second_resolution,
        ),
        _step(TERMINATE, _("Terminate the resolution"), RESOLVING | {SUSPENDED}, TERMINATED),
    )


OLD_RULES = RuleSet(
    rules.OLD_RULE_SET,
    None,
    rules.OLD_RULES_UNTIL,
    _common(),
    initial_deadline=ACCEPT_OLD_RULE,
    basis="Luật Khiếu nại 02/2011/QH13; NĐ 124/2020",
)
NEW_RULES = RuleSet(
    rules.NEW_RULE_SET,
    rules.NEW_RULES_FROM,
    None,
    (*_common(), *_new_only()),
    initial_deadline=ACCEPT_NEW_RULE,
    basis="Luật Khiếu nại 02/2011/QH13 (Luật 136/2025/QH15); NĐ 124/2020 amended by NĐ 155/2026",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Giải quyết khiếu nại",
    name_en="Complaints",
    states=STATES,
    initial_state=RECEIVED,
    rule_sets=(OLD_RULES, NEW_RULES),
    open_roles=STAFF,
    assign_roles=STAFF,
    # The clocks change only through the services' steps (complex, suspension, continuation):
    # no role gets the engine's generic pause, resume or extend.
    clock_roles=frozenset(),
    rule_selection=RuleSelection.ACTION_DATE,
    read_roles=READERS,
)
