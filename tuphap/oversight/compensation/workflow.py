"""The state compensation register declared for the case engine: states, transitions, roles
and every time limit of the procedure (docs/domain/compensation.md §3).

One claim = one case of the agency responsible for compensation. The verification limit counts
from the acceptance and is 30 days instead of 15 for a complex claim, and the negotiation 15
instead of 10: ``schedule`` functions read the claim's detail. The funding request counts from
the day the decision takes effect (15 days after its handover)."""

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
    Extension,
    Guard,
    RegisterSpec,
    RuleSet,
    ScheduledDeadline,
    State,
    Transition,
)
from tuphap.core.deadlines import Unit
from tuphap.oversight.compensation import rules

REGISTER = "oversight.compensation"

OFFICER = Role.COMPENSATION_OFFICER
STAFF = frozenset({OFFICER})
READERS = frozenset(
    {Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR}
)

RECEIVED = "received"
NEEDS_PAPERS = "needs_papers"
COMPLETE = "complete"
ACCEPTED = "accepted"
VERIFYING = "verifying"
VERIFIED = "verified"
NEGOTIATING = "negotiating"
DECIDED = "decided"
FUNDING = "funding"
PAYABLE = "payable"
NOTIFIED = "notified"
PAID = "paid"
REFUSED = "refused"
TERMINATED = "terminated"
COURT = "court"

STATES = (
    State(RECEIVED, _("Claim received")),
    State(NEEDS_PAPERS, _("Missing papers requested")),
    State(COMPLETE, _("File complete, to accept")),
    State(ACCEPTED, _("Accepted, resolver to assign")),
    State(VERIFYING, _("Verifying the damage")),
    State(VERIFIED, _("Damage verified, to negotiate")),
    State(NEGOTIATING, _("Negotiating")),
    State(DECIDED, _("Compensation decided")),
    State(FUNDING, _("Funding requested")),
    State(PAYABLE, _("Funds received, claimant to notify")),
    State(NOTIFIED, _("Claimant notified, to pay")),
    State(PAID, _("Compensation paid"), terminal=True),
    State(REFUSED, _("Claim refused"), terminal=True),
    State(TERMINATED, pgettext_lazy("compensation", "Terminated"), terminal=True),
    State(COURT, _("Taken to court"), terminal=True),
)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)
BEFORE_ACCEPTANCE = frozenset({RECEIVED, NEEDS_PAPERS, COMPLETE})
# Accepted, before the decision: where an advance, a postponement, a suspension or a termination
# may come.
RESOLVING = frozenset({ACCEPTED, VERIFYING, VERIFIED, NEGOTIATING})
AFTER_DECISION = frozenset({DECIDED, FUNDING, PAYABLE, NOTIFIED, PAID})

ACCEPT = "accept"
ASSIGN = "assign_resolver"
DECIDE = "decide"


def _rule(limit: rules.Limit, extension: Extension | None = None) -> DeadlineRule:
    amount, unit, basis = limit
    return DeadlineRule(amount, unit, basis=basis, extension=extension)


REVIEW_RULE = _rule(rules.REVIEW)
SUPPLY_RULE = _rule(rules.SUPPLY)
ACCEPT_RULE = _rule(rules.ACCEPT)
ASSIGN_RULE = _rule(rules.ASSIGN)
VERIFY_EXTENSION = Extension(rules.VERIFY_EXTENSION_DAYS, Unit.DAYS, 1)
NEGOTIATION_EXTENSION = Extension(rules.NEGOTIATION_EXTENSION_DAYS, Unit.DAYS, 1)
NEGOTIATION_START_RULE = _rule(rules.NEGOTIATION_START)
FUNDING_RULE = _rule(rules.FUNDING_REQUEST)
PAYOUT_RULE = _rule(
    rules.PAYOUT, Extension(rules.PAYOUT_EXTENSION_WORKING_DAYS, Unit.WORKING_DAYS, 1)
)
NOTIFY_RULE = _rule(rules.NOTIFY)
PAY_RULE = _rule(rules.PAY)


# The claim a service is stepping (locked, as the database holds it): the deadline rules read
# it rather than load the case's detail again.
_stepping: ContextVar[Any] = ContextVar("compensation_stepping", default=None)


@contextmanager
def stepping(claim: Any) -> Iterator[None]:
    token = _stepping.set(claim)
    try:
        yield
    finally:
        _stepping.reset(token)


def _detail(case: Case) -> Any:
    claim = _stepping.get()
    if claim is not None and claim.case_id == case.pk:
        return claim
    return getattr(case, "compensation_detail", None)


def _complex(case: Case, payload: Mapping[str, Any]) -> bool:
    detail = _detail(case)
    return bool(payload.get("complex", detail.complex if detail else False))


def verification_deadline(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """15 days from the acceptance, 30 if complex, once up to 15 more (Art. 45(1))."""
    detail = _detail(case)
    start = (detail.accepted_on if detail else None) or case_deadlines.local_date(at)
    limit = rules.VERIFY_COMPLEX if _complex(case, payload) else rules.VERIFY
    return ScheduledDeadline(_rule(limit, VERIFY_EXTENSION), start)


def negotiation_deadline(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """10 days from the start of the negotiation, 15 if complex, once up to 10 more
    (Art. 46(1))."""
    limit = rules.NEGOTIATE_COMPLEX if _complex(case, payload) else rules.NEGOTIATE
    return ScheduledDeadline(_rule(limit, NEGOTIATION_EXTENSION), case_deadlines.local_date(at))


def funding_deadline(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """The funding request within 2 working days of the decision taking effect (Art. 62(1))."""
    effective = payload.get("effective_on")
    start = (
        datetime.date.fromisoformat(effective)
        if isinstance(effective, str)
        else case_deadlines.local_date(at)
    )
    return ScheduledDeadline(FUNDING_RULE, start)


# Every step writes the claim's detail too, so it is made only through
# ``oversight.compensation.services``; the generic cases API and page refuse it.
_through_services: ContextVar[bool] = ContextVar("compensation_services", default=False)


@contextmanager
def through_services() -> Iterator[None]:
    token = _through_services.set(True)
    try:
        yield
    finally:
        _through_services.reset(token)


def _in_services(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _through_services.get()


SERVICES = Guard(_in_services, _("Record this step on the compensation claim page."))


def _step(name: str, label: Any, sources: frozenset[str], target: str, **kwargs: Any) -> Transition:
    return Transition(name, label, sources, target, STAFF, guard=SERVICES, **kwargs)


TRANSITIONS = (
    _step(
        "request_papers",
        _("Ask for the missing papers"),
        frozenset({RECEIVED}),
        NEEDS_PAPERS,
        deadline=SUPPLY_RULE,
    ),
    _step(
        "file_complete",
        _("Record the file as complete"),
        frozenset({RECEIVED, NEEDS_PAPERS}),
        COMPLETE,
        deadline=ACCEPT_RULE,
    ),
    _step(
        ACCEPT,
        _("Accept the claim"),
        frozenset({RECEIVED, COMPLETE}),
        ACCEPTED,
        deadline=ASSIGN_RULE,
    ),
    _step("refuse", _("Refuse the claim"), BEFORE_ACCEPTANCE, REFUSED),
    _step(
        ASSIGN,
        _("Assign the resolver"),
        frozenset({ACCEPTED}),
        VERIFYING,
        schedule=verification_deadline,
    ),
    _step(
        "verify",
        _("Record the verification report"),
        frozenset({VERIFYING}),
        VERIFIED,
        deadline=NEGOTIATION_START_RULE,
    ),
    _step(
        "start_negotiation",
        _("Start the negotiation"),
        frozenset({VERIFIED}),
        NEGOTIATING,
        schedule=negotiation_deadline,
    ),
    _step(
        DECIDE,
        _("Issue the compensation decision"),
        frozenset({NEGOTIATING}),
        DECIDED,
        schedule=funding_deadline,
    ),
    _step(
        "cancel_decision",
        _("Cancel the decision"),
        frozenset({DECIDED}),
        VERIFIED,
        deadline=NEGOTIATION_START_RULE,
    ),
    _step(
        "request_funding",
        _("Request the funding"),
        frozenset({DECIDED}),
        FUNDING,
        deadline=PAYOUT_RULE,
    ),
    _step(
        "funds_received",
        _("Record the funds received"),
        frozenset({FUNDING}),
        PAYABLE,
        deadline=NOTIFY_RULE,
    ),
    _step(
        "notify",
        _("Notify the claimant"),
        frozenset({PAYABLE}),
        NOTIFIED,
        deadline=PAY_RULE,
    ),
    _step("pay", _("Record the payment"), frozenset({NOTIFIED}), PAID),
    _step("terminate", _("Terminate the resolution"), RESOLVING, TERMINATED),
    _step(
        "to_court",
        _("Record the claim taken to court"),
        frozenset({VERIFYING, VERIFIED, NEGOTIATING, DECIDED}),
        COURT,
    ),
)

RULES = RuleSet(
    "tnbtcnn-2017",
    datetime.date(2018, 7, 1),
    None,
    TRANSITIONS,
    initial_deadline=REVIEW_RULE,
    basis="Luật Trách nhiệm bồi thường của Nhà nước 10/2017/QH14; NĐ 68/2018/NĐ-CP",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Yêu cầu bồi thường nhà nước",
    name_en="State compensation claims",
    states=STATES,
    initial_state=RECEIVED,
    rule_sets=(RULES,),
    open_roles=STAFF,
    assign_roles=STAFF,
    clock_roles=STAFF,
    read_roles=READERS,
)
