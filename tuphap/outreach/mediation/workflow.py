"""The mediation book declared for the case engine: states, transitions, roles and the 3-day
start limit (docs/domain/outreach.md §5).

One matter = one case, numbered in the commune's book (Sổ theo dõi hoạt động hòa giải ở cơ sở).
The assignment of a mediator starts the clock: the mediation begins within 3 days (Art. 20(2),
calendar days by the Civil Code); a mediator who witnessed the matter may start at once.
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
from tuphap.casework.models import Case
from tuphap.casework.registry import DeadlineRule, Guard, RegisterSpec, RuleSet, State, Transition
from tuphap.outreach.mediation import rules

REGISTER = "outreach.mediation"
STAFF = frozenset({Role.OUTREACH_OFFICER})

RECEIVED = "received"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
SUCCESSFUL = "successful"
UNSUCCESSFUL = "unsuccessful"
ENDED_BY_PARTY = "ended_by_party"
ENDED_BY_MEDIATOR = "ended_by_mediator"
REFUSED = "refused"

STATES = (
    State(RECEIVED, _("Received, no mediator yet")),
    State(ASSIGNED, _("Mediator assigned, not started")),
    State(IN_PROGRESS, pgettext_lazy("mediation", "Being mediated")),
    State(SUCCESSFUL, _("Mediated successfully"), terminal=True),
    State(UNSUCCESSFUL, _("Mediation unsuccessful"), terminal=True),
    State(ENDED_BY_PARTY, _("Ended at a party's request"), terminal=True),
    State(ENDED_BY_MEDIATOR, _("Ended by the mediator"), terminal=True),
    State(REFUSED, _("Refused: outside grassroots mediation"), terminal=True),
)
OPEN_STATES = frozenset(s.code for s in STATES if not s.terminal)
# The ends of a mediation (the "concluded" of the success rate, docs §6); a refusal is not one.
CONCLUDED = frozenset({SUCCESSFUL, UNSUCCESSFUL, ENDED_BY_PARTY, ENDED_BY_MEDIATOR})

ASSIGN = "assign"
START = "start"
REASSIGN = "reassign"
SUCCEED = "succeed"
FAIL = "fail"
END_BY_PARTY = "end_by_party"
END_BY_MEDIATOR = "end_by_mediator"
REFUSE = "refuse"
OUTCOMES = {
    SUCCEED: SUCCESSFUL,
    FAIL: UNSUCCESSFUL,
    END_BY_PARTY: ENDED_BY_PARTY,
    END_BY_MEDIATOR: ENDED_BY_MEDIATOR,
}

START_RULE = DeadlineRule(rules.START[0], rules.START[1], basis=rules.START[2])

# Every step writes the book's detail too, so it is made only through
# ``outreach.mediation.services``, which opens this door for its own call.
_through_services: ContextVar[bool] = ContextVar("mediation_services", default=False)


@contextmanager
def through_services() -> Iterator[None]:
    token = _through_services.set(True)
    try:
        yield
    finally:
        _through_services.reset(token)


def _in_services(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _through_services.get()


SERVICES = Guard(_in_services, _("Record this step in the mediation book."))


def _step(name: str, label: Any, sources: set[str], target: str, **kwargs: Any) -> Transition:
    return Transition(name, label, frozenset(sources), target, STAFF, guard=SERVICES, **kwargs)


TRANSITIONS = (
    _step(ASSIGN, _("Assign a mediator"), {RECEIVED, ASSIGNED}, ASSIGNED, deadline=START_RULE),
    _step(START, _("Start the mediation"), {RECEIVED, ASSIGNED}, IN_PROGRESS),
    _step(REASSIGN, _("Assign another mediator"), {IN_PROGRESS}, IN_PROGRESS),
    _step(SUCCEED, _("Record the agreement (successful)"), {IN_PROGRESS}, SUCCESSFUL),
    _step(FAIL, _("Record that no agreement was reached"), {IN_PROGRESS}, UNSUCCESSFUL),
    _step(END_BY_PARTY, _("End at a party's request"), {ASSIGNED, IN_PROGRESS}, ENDED_BY_PARTY),
    _step(END_BY_MEDIATOR, _("End by the mediator's decision"), {IN_PROGRESS}, ENDED_BY_MEDIATOR),
    _step(
        REFUSE, _("Refuse: outside grassroots mediation (Art. 3)"), {RECEIVED, ASSIGNED}, REFUSED
    ),
)

RULES = RuleSet(
    "hgcs-2013",
    datetime.date(2014, 1, 1),
    None,
    TRANSITIONS,
    basis="Luật Hòa giải ở cơ sở 35/2013/QH13; NĐ 15/2014/NĐ-CP",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Sổ theo dõi hoạt động hòa giải ở cơ sở",
    name_en="Grassroots mediation book",
    states=STATES,
    initial_state=RECEIVED,
    rule_sets=(RULES,),
    open_roles=STAFF,
    assign_roles=STAFF,
    clock_roles=STAFF,
    read_roles=frozenset(
        {Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR}
    ),
)
