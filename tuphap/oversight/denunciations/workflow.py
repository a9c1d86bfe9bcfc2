"""The denunciation register declared for the case engine: states, transitions, roles and the
clocks (docs/domain/denunciations.md §3–§4).

The check runs from receipt (7 working days; 10 when at several places: a same-state step
reschedules it at opening); a denunciation outside competence is transferred (5 working days
from receipt); an accepted one is resolved within 30 days, extended by 30 days once (complex)
or twice (especially complex) through the engine's extension, the service allowing only as many
as the recorded complexity permits. A denunciation being resolved may be suspended (the clock
stands still) and continued (the clock runs again from the continuation decision, its end pushed
back by the suspended days), or its resolution terminated (Art. 34).
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
    RuleSet,
    ScheduledDeadline,
    State,
    Transition,
)
from tuphap.core.deadlines import Unit
from tuphap.oversight.denunciations import rules

REGISTER = "oversight.denunciation"

STAFF = frozenset({Role.INSPECTOR})
READERS = frozenset(
    {Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR}
)

RECEIVED = "received"
CHECKED = "checked"
ACCEPTED = "accepted"
VERIFYING = "verifying"
CONCLUDED = "concluded"
HANDLED = "handled"
TRANSFERRED = "transferred"
NOT_ACCEPTED = "not_accepted"
WITHDRAWN = "withdrawn"
SUSPENDED = "suspended"
TERMINATED = "terminated"

STATES = (
    State(RECEIVED, _("Denunciation received")),
    State(CHECKED, _("Checked, awaiting the decision")),
    State(ACCEPTED, _("Denunciation accepted")),
    State(VERIFYING, _("Verifying the denunciation")),
    State(CONCLUDED, _("Conclusion issued")),
    State(HANDLED, _("Conclusion handled"), terminal=True),
    State(TRANSFERRED, _("Transferred to the competent body"), terminal=True),
    State(NOT_ACCEPTED, _("Denunciation not accepted"), terminal=True),
    State(WITHDRAWN, pgettext_lazy("denunciation", "Withdrawn"), terminal=True),
    State(SUSPENDED, pgettext_lazy("denunciation", "Resolution suspended")),
    State(TERMINATED, pgettext_lazy("denunciation", "Resolution terminated"), terminal=True),
)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)
BEFORE_ACCEPTANCE = frozenset({RECEIVED, CHECKED})
RESOLVING = frozenset({ACCEPTED, VERIFYING})

SEVERAL_SITES = "check_several_sites"
CHECK = "check"
TRANSFER = "transfer"
ACCEPT = "accept"
NOT_ACCEPT = "not_accept"
CONCLUDE = "conclude"
HANDLE = "handle"
WITHDRAW = "withdraw"
SUSPEND = "suspend"
CONTINUE = "continue"
TERMINATE = "terminate"

CHECK_RULE = DeadlineRule(rules.CHECK.amount, rules.CHECK.unit, basis=rules.CHECK.basis)
RESOLUTION_RULE = DeadlineRule(
    rules.RESOLUTION.amount, rules.RESOLUTION.unit, basis=rules.RESOLUTION.basis
)
EXTENSION_RULE = DeadlineRule(rules.EXTENSION_DAYS, Unit.DAYS, basis="Luật Tố cáo 2018 Art. 30")
# One "extend" step per state it may be taken in (a step has one target). The engine's own
# extension is not used: only the service, which checks the recorded complexity and writes the
# notice, extends (the register gives no role the generic pause, resume or extend).
EXTEND = {state: f"extend_{state}" for state in sorted(RESOLVING)}


def several_sites_check(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """10 working days from receipt when the check is at several places (Art. 24(1))."""
    received = datetime.date.fromisoformat(str(payload.get("received_on") or case.event_date))
    period = rules.CHECK_SEVERAL_SITES
    return ScheduledDeadline(DeadlineRule(period.amount, period.unit, basis=period.basis), received)


def resolution(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """30 days from acceptance, extensible (Art. 30)."""
    return ScheduledDeadline(RESOLUTION_RULE, case_deadlines.local_date(at))


def extended(*, case: Case, payload: Mapping[str, Any], at: datetime.datetime) -> ScheduledDeadline:
    """30 more days counted from the day the resolution was due (Art. 30)."""
    return ScheduledDeadline(EXTENSION_RULE, datetime.date.fromisoformat(str(payload["from"])))


_through_services: ContextVar[bool] = ContextVar("denunciation_services", default=False)


@contextmanager
def through_services() -> Iterator[None]:
    token = _through_services.set(True)
    try:
        yield
    finally:
        _through_services.reset(token)


def _in_services(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _through_services.get()


SERVICES = Guard(_in_services, _("Record this step on the denunciation's page."))


def _step(name: str, label: Any, sources: frozenset[str], target: str, **kwargs: Any) -> Transition:
    return Transition(name, label, sources, target, STAFF, guard=SERVICES, **kwargs)


TRANSITIONS = (
    _step(
        SEVERAL_SITES,
        _("Check at several places"),
        frozenset({RECEIVED}),
        RECEIVED,
        schedule=several_sites_check,
    ),
    _step(CHECK, _("Record the check"), frozenset({RECEIVED}), CHECKED, clock=Clock.KEEP),
    _step(TRANSFER, _("Transfer to the competent body"), BEFORE_ACCEPTANCE, TRANSFERRED),
    _step(ACCEPT, _("Accept the denunciation"), BEFORE_ACCEPTANCE, ACCEPTED, schedule=resolution),
    _step(NOT_ACCEPT, _("Refuse to accept the denunciation"), BEFORE_ACCEPTANCE, NOT_ACCEPTED),
    _step(
        "verify", _("Start the verification"), frozenset({ACCEPTED}), VERIFYING, clock=Clock.KEEP
    ),
    *(
        _step(name, _("Extend the resolution"), frozenset({state}), state, schedule=extended)
        for state, name in EXTEND.items()
    ),
    _step(CONCLUDE, _("Record the conclusion"), RESOLVING, CONCLUDED),
    _step(HANDLE, _("Record the handling of the conclusion"), frozenset({CONCLUDED}), HANDLED),
    _step(
        WITHDRAW,
        _("Record the withdrawal"),
        BEFORE_ACCEPTANCE | RESOLVING | {SUSPENDED},
        WITHDRAWN,
    ),
    # Suspension (Art. 34(1)-(2)): the time it lasts is not counted in the resolution limit,
    # so the clock stands still and runs again, pushed back by the suspended days, from the
    # continuation decision (the engine's pause and resume).
    _step(
        SUSPEND,
        _("Suspend the resolution of the denunciation"),
        RESOLVING,
        SUSPENDED,
        clock=Clock.PAUSE,
    ),
    _step(
        CONTINUE,
        _("Continue the resolution of the denunciation"),
        frozenset({SUSPENDED}),
        VERIFYING,
        clock=Clock.RESUME,
    ),
    _step(
        TERMINATE,
        _("Terminate the resolution of the denunciation"),
        RESOLVING | {SUSPENDED},
        TERMINATED,
    ),
)

RULES = RuleSet(
    rules.RULE_SET,
    rules.IN_FORCE_FROM,
    None,
    TRANSITIONS,
    initial_deadline=CHECK_RULE,
    basis="Luật Tố cáo 25/2018/QH14; NĐ 31/2019",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Giải quyết tố cáo",
    name_en="Denunciations",
    states=STATES,
    initial_state=RECEIVED,
    rule_sets=(RULES,),
    open_roles=STAFF,
    assign_roles=STAFF,
    clock_roles=frozenset(),
    read_roles=READERS,
)
