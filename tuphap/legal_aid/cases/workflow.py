"""The legal aid register declared for the case engine: states, transitions, roles and the
assignment deadline (docs/domain/legal-aid.md §3–§4).

One request = one case, numbered in the centre's book (Mẫu 01). The assignment limit depends on
the person: 12 hours from the moment of acceptance for a person arrested or temporarily
detained, 3 working days otherwise — a ``schedule`` reading the case's detail.
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
    DeadlineRule,
    Guard,
    RegisterSpec,
    RuleSet,
    ScheduledDeadline,
    State,
    Transition,
)
from tuphap.legal_aid.cases import rules

REGISTER = "legal_aid.case"

OFFICER = Role.LEGAL_AID_OFFICER
STAFF = frozenset({OFFICER})

RECEIVED = "received"
NEEDS_DOCUMENTS = "needs_documents"
ACCEPTED = "accepted"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
REFUSED = "refused"
DISCONTINUED = "discontinued"
TERMINATED = "terminated"
TRANSFERRED = "transferred"
WITHDRAWN = "withdrawn"

STATES = (
    State(RECEIVED, _("Request received")),
    State(NEEDS_DOCUMENTS, _("Documents requested")),
    State(ACCEPTED, _("Accepted, performer not yet assigned")),
    State(ASSIGNED, _("Performer assigned")),
    State(IN_PROGRESS, pgettext_lazy("legal aid", "In progress")),
    State(COMPLETED, pgettext_lazy("legal aid", "Completed"), terminal=True),
    State(REFUSED, _("Refused"), terminal=True),
    State(DISCONTINUED, _("Discontinued"), terminal=True),
    State(TERMINATED, pgettext_lazy("legal aid", "Terminated"), terminal=True),
    State(TRANSFERRED, _("Transferred to another centre"), terminal=True),
    State(WITHDRAWN, _("Withdrawn"), terminal=True),
)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)
BEFORE_ACCEPTANCE = frozenset({RECEIVED, NEEDS_DOCUMENTS})
ACCEPTED_STATES = frozenset({ACCEPTED, ASSIGNED, IN_PROGRESS})
WORKING = frozenset({ASSIGNED, IN_PROGRESS})
# The ends of an accepted case: the "done" of the figures (docs §6).
DONE_STATES = frozenset({COMPLETED, DISCONTINUED, TERMINATED})

ACCEPT = "accept"
ACCEPT_IMMEDIATELY = "accept_immediately"
ASSIGN = "assign"
REPLACE = "replace_performer"

ASSIGN_RULE = DeadlineRule(rules.ASSIGN[0], rules.ASSIGN[1], basis=rules.ASSIGN[2])
ASSIGN_CUSTODY_RULE = DeadlineRule(
    rules.ASSIGN_CUSTODY[0], rules.ASSIGN_CUSTODY[1], basis=rules.ASSIGN_CUSTODY[2]
)


def assignment_deadline(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """12 hours from the moment of acceptance for a person in custody, else 3 working days from
    its day (Luật TGPL 2017 Art. 31(2), 33(2))."""
    detail = getattr(case, "legal_aid_detail", None)
    status = payload.get("procedural_status", detail.procedural_status if detail else "")
    if status in rules.IN_CUSTODY:
        return ScheduledDeadline(ASSIGN_CUSTODY_RULE, case_deadlines.local_date(at), start_at=at)
    return ScheduledDeadline(ASSIGN_RULE, case_deadlines.local_date(at))


# Every step writes the register's detail too (acceptance, performer, ground, end), so it is
# made only through ``legal_aid.cases.services``, which opens this door for its own call; the
# generic cases API and page refuse it with the guard's message.
_through_services: ContextVar[bool] = ContextVar("legal_aid_services", default=False)


@contextmanager
def through_services() -> Iterator[None]:
    token = _through_services.set(True)
    try:
        yield
    finally:
        _through_services.reset(token)


def _in_services(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _through_services.get()


SERVICES = Guard(_in_services, _("Record this step on the legal aid case page."))


def _step(name: str, label: Any, sources: frozenset[str], target: str, **kwargs: Any) -> Transition:
    return Transition(name, label, sources, target, STAFF, guard=SERVICES, **kwargs)


TRANSITIONS = (
    _step(
        "request_documents",
        _("Ask for more documents"),
        frozenset({RECEIVED}),
        NEEDS_DOCUMENTS,
    ),
    _step(
        ACCEPT,
        _("Accept the request"),
        BEFORE_ACCEPTANCE,
        ACCEPTED,
        schedule=assignment_deadline,
    ),
    _step(
        ACCEPT_IMMEDIATELY,
        _("Accept immediately"),
        BEFORE_ACCEPTANCE,
        ACCEPTED,
        schedule=assignment_deadline,
    ),
    _step(ASSIGN, _("Assign a performer"), frozenset({ACCEPTED}), ASSIGNED),
    _step("start", _("Start the work"), frozenset({ASSIGNED}), IN_PROGRESS),
    _step(REPLACE, _("Replace the performer"), frozenset({ASSIGNED}), ASSIGNED),
    _step(
        "replace_performer_in_progress",
        _("Replace the performer"),
        frozenset({IN_PROGRESS}),
        IN_PROGRESS,
    ),
    _step("complete", _("Complete the case"), WORKING, COMPLETED),
    _step("refuse", _("Refuse the request"), BEFORE_ACCEPTANCE, REFUSED),
    _step("transfer", _("Transfer to another centre"), BEFORE_ACCEPTANCE, TRANSFERRED),
    _step("withdraw", _("Record the withdrawal"), BEFORE_ACCEPTANCE, WITHDRAWN),
    _step("discontinue", _("Discontinue the case"), ACCEPTED_STATES, DISCONTINUED),
    _step("terminate", _("Terminate the case"), ACCEPTED_STATES, TERMINATED),
)

RULES = RuleSet(
    "tgpl-2017",
    datetime.date(2018, 1, 1),
    None,
    TRANSITIONS,
    basis="Luật Trợ giúp pháp lý 11/2017/QH14; NĐ 144/2017; TT 12/2018 (TT 10/2023); TTLT 10/2018",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Vụ việc trợ giúp pháp lý",
    name_en="Legal aid cases",
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
