"""The THADS register declared for the case engine: states (domain.md §3.4), transitions with
the roles that may make them, and the deadlines of two rule sets split at 1 July 2026 (old law
26/2008 + NĐ 62/2015; new law 106/2025 + NĐ 152/2026). Every number comes from ``rules``.

The rule set is chosen per step (``RuleSelection.ACTION_DATE``): NĐ 152/2026 Art. 115 keeps the
steps validly done under the old law and makes the later steps follow the new decree [V].
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    State,
    Transition,
)
from tuphap.core.deadlines import Unit, add_months
from tuphap.enforcement.cases import balance, history, rules

REGISTER = "enforcement.civil"

OFFICER = Role.ENFORCEMENT_OFFICER
HEAD = Role.ENFORCEMENT_HEAD
STAFF = frozenset({OFFICER, HEAD})
HEAD_ONLY = frozenset({HEAD})

# -- states --------------------------------------------------------------------------------------

ACCEPTED = "accepted"
VOLUNTARY = "voluntary_period"
VERIFYING = "verifying"
WITH_CONDITIONS = "with_conditions"
ENFORCING = "enforcing"
WITHOUT_CONDITIONS = "without_conditions"
SEPARATE_BOOK = "separate_book"
POSTPONED = "postponed"
SUSPENDED = "suspended"
COMPLETED = "completed"
TERMINATED = "terminated"
DELEGATED = "delegated"
RETURNED = "request_returned"

STATES = (
    State(ACCEPTED, _("Accepted (decision issued)")),
    State(VOLUNTARY, _("Voluntary period")),
    State(VERIFYING, _("Verifying conditions")),
    State(WITH_CONDITIONS, _("With conditions")),
    State(ENFORCING, _("Enforcing (coercive measures)")),
    State(WITHOUT_CONDITIONS, _("Without conditions")),
    State(SEPARATE_BOOK, _("Separate tracking book")),
    State(POSTPONED, _("Postponed")),
    State(SUSPENDED, _("Enforcement suspended")),
    State(COMPLETED, _("Completed"), terminal=True),
    State(TERMINATED, _("Terminated"), terminal=True),
    State(DELEGATED, _("Delegated to another office"), terminal=True),
    State(RETURNED, _("Request returned"), terminal=True),
)
TERMINAL_STATES = frozenset(state.code for state in STATES if state.terminal)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)
# The open states that count as "without conditions" at a period end (docs §5.2).
WITHOUT_STATES = frozenset({WITHOUT_CONDITIONS, SEPARATE_BOOK})
# Where collections are possible and a completion may be recorded.
ACTIVE_STATES = frozenset({ACCEPTED, VOLUNTARY, VERIFYING, WITH_CONDITIONS, ENFORCING})
CLASSIFY_WITHOUT_SOURCES = frozenset({VERIFYING, WITH_CONDITIONS, ENFORCING})
CLASSIFY_WITH_SOURCES = frozenset({VERIFYING, WITHOUT_CONDITIONS, SEPARATE_BOOK})
REVERIFY_TRANSITIONS = frozenset({"classify_without", "reverify", "reverify_long"})

# -- guards --------------------------------------------------------------------------------------

GuardFunction = Callable[[Case, Mapping[str, Any]], bool]


def _detail(case: Case) -> Any:
    from tuphap.enforcement.cases.models import EnforcementCase

    return EnforcementCase.objects.filter(case=case).first()


def _decided_on(case: Case, payload: Mapping[str, Any]) -> datetime.date:
    return history.payload_date(payload) or case_deadlines.local_date(timezone.now())


def _dated_well(case: Case, payload: Mapping[str, Any]) -> bool:
    """A ``decided_on`` in the payload is a date, not in the future, not before the last step."""
    if history.DECIDED_ON not in payload:
        return True
    day = history.payload_date(payload)
    if day is None or day > case_deadlines.local_date(timezone.now()):
        return False
    detail = _detail(case)
    if detail is None:
        return True
    steps = history.step_dates(case, detail.decision_date)
    return day >= steps[-1][2]


def _outstanding_is_zero(case: Case, payload: Mapping[str, Any]) -> bool:
    detail = _detail(case)
    return detail is not None and balance.outstanding(detail) == 0


def _ground(grounds: frozenset[str]) -> GuardFunction:
    def check(case: Case, payload: Mapping[str, Any]) -> bool:
        return payload.get("ground") in grounds

    return check


def _long_without_conditions(
    months: int, verifications: int, *, request_only: bool | None
) -> GuardFunction:
    """``months`` since the (last) no-condition decision and ≥ ``verifications`` verifications
    since it (the decision counts as the first); optionally only for request/ex-officio cases."""

    def check(case: Case, payload: Mapping[str, Any]) -> bool:
        from tuphap.enforcement.cases.models import Basis

        detail = _detail(case)
        if detail is None:
            return False
        on_request = detail.request.basis == Basis.ON_REQUEST
        if request_only is not None and on_request != request_only:
            return False
        steps = history.step_dates(case, detail.decision_date)
        since = [index for index, step in enumerate(steps) if step[0] == "classify_without"]
        if not since:
            return False
        start = since[-1]
        count = sum(1 for step in steps[start:] if step[0] in REVERIFY_TRANSITIONS)
        return count >= verifications and _decided_on(case, payload) >= add_months(
            steps[start][2], months
        )

    return check


def _guard(message: Any, *checks: GuardFunction) -> Guard:
    def check(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
        return _dated_well(case, payload) and all(one(case, payload) for one in checks)

    return Guard(check, message)


DATED = _guard(_("The decision date must not be in the future nor before the last step."))
WITH_GROUND = _guard(
    _("Give the ground “has means” and a decision date not before the last step."),
    _ground(frozenset({"has_means"})),
)
WITHOUT_GROUND = _guard(
    _("Give a ground of Art. 44a and a decision date not before the last step."),
    _ground(frozenset({"no_means", "costs_only", "item_gone", "address_unknown"})),
)
PAID_IN_FULL = _guard(
    _("The whole amount must be collected or reduced before completion."), _outstanding_is_zero
)

# -- transitions ---------------------------------------------------------------------------------


def _rule(spec: tuple[int, Unit, str]) -> DeadlineRule:
    amount, unit, basis = spec
    return DeadlineRule(amount, unit, basis=basis)


def _common(
    *,
    voluntary: tuple[int, Unit, str],
    verify: tuple[int, Unit, str],
    reverify: tuple[int, Unit, str],
    reverify_long: tuple[int, Unit, str],
    separate_book: Guard,
) -> list[Transition]:
    open_not_terminal = OPEN_STATES
    return [
        Transition(
            "notify",
            _("Notify the parties"),
            frozenset({ACCEPTED}),
            VOLUNTARY,
            STAFF,
            guard=DATED,
            deadline=_rule(voluntary),
        ),
        Transition(
            "start_verification",
            _("Verify the conditions"),
            frozenset({ACCEPTED, VOLUNTARY}),
            VERIFYING,
            STAFF,
            guard=DATED,
            deadline=_rule(verify),
        ),
        Transition(
            "classify_with",
            _("Classify: with conditions"),
            CLASSIFY_WITH_SOURCES,
            WITH_CONDITIONS,
            STAFF,
            guard=WITH_GROUND,
        ),
        Transition(
            "classify_without",
            _("Classify: without conditions"),
            CLASSIFY_WITHOUT_SOURCES,
            WITHOUT_CONDITIONS,
            STAFF,
            guard=WITHOUT_GROUND,
            deadline=_rule(reverify),
        ),
        Transition(
            "reverify",
            _("Re-verify (still without conditions)"),
            frozenset({WITHOUT_CONDITIONS}),
            WITHOUT_CONDITIONS,
            STAFF,
            guard=DATED,
            deadline=_rule(reverify),
        ),
        Transition(
            "reverify_long",
            _("Re-verify (prisoner or unknown address)"),
            frozenset({WITHOUT_CONDITIONS}),
            WITHOUT_CONDITIONS,
            STAFF,
            guard=DATED,
            deadline=_rule(reverify_long),
        ),
        Transition(
            "move_to_separate_book",
            _("Move to the separate tracking book"),
            frozenset({WITHOUT_CONDITIONS}),
            SEPARATE_BOOK,
            HEAD_ONLY,
            guard=separate_book,
        ),
        Transition(
            "start_coercion",
            _("Apply coercive measures"),
            frozenset({WITH_CONDITIONS}),
            ENFORCING,
            STAFF,
            guard=DATED,
        ),
        Transition(
            "postpone",
            _("Postpone"),
            frozenset({WITH_CONDITIONS, ENFORCING}),
            POSTPONED,
            HEAD_ONLY,
            guard=DATED,
            clock=Clock.PAUSE,
        ),
        Transition(
            "resume_postponed",
            _("Resume after postponement"),
            frozenset({POSTPONED}),
            ENFORCING,
            HEAD_ONLY,
            guard=DATED,
            clock=Clock.RESUME,
        ),
        Transition(
            "suspend",
            _("Suspend"),
            frozenset({WITH_CONDITIONS, ENFORCING}),
            SUSPENDED,
            HEAD_ONLY,
            guard=DATED,
            clock=Clock.PAUSE,
        ),
        Transition(
            "resume_suspended",
            _("Resume after suspension"),
            frozenset({SUSPENDED}),
            ENFORCING,
            HEAD_ONLY,
            guard=DATED,
            clock=Clock.RESUME,
        ),
        Transition(
            "complete",
            _("Complete"),
            ACTIVE_STATES,
            COMPLETED,
            STAFF,
            guard=PAID_IN_FULL,
        ),
        Transition(
            "terminate",
            _("Terminate"),
            open_not_terminal,
            TERMINATED,
            HEAD_ONLY,
            guard=DATED,
        ),
        Transition(
            "delegate",
            _("Delegate to another office"),
            open_not_terminal - frozenset({SEPARATE_BOOK}),
            DELEGATED,
            HEAD_ONLY,
            guard=DATED,
        ),
    ]


OLD_RULES = RuleSet(
    "thads-2008",
    None,
    rules.OLD_LAW_UNTIL,
    tuple(
        _common(
            voluntary=rules.OLD_VOLUNTARY,
            verify=rules.OLD_VERIFY,
            reverify=rules.OLD_REVERIFY,
            reverify_long=rules.OLD_REVERIFY_LONG,
            separate_book=_guard(
                _("Needs 1 year since the no-condition decision and 2 verifications."),
                _long_without_conditions(
                    rules.OLD_SEPARATE_BOOK_AFTER_MONTHS,
                    rules.OLD_SEPARATE_BOOK_MIN_VERIFICATIONS,
                    request_only=None,  # any basis under the old law
                ),
            ),
        )
    ),
    initial_deadline=_rule(rules.OLD_NOTIFY),
    basis="Luật THADS 26/2008/QH12 (amended); NĐ 62/2015/NĐ-CP",
)

NEW_RULES = RuleSet(
    "thads-2025",
    rules.NEW_LAW_FROM,
    None,
    (
        *_common(
            voluntary=rules.NEW_VOLUNTARY,
            verify=rules.NEW_VERIFY,
            reverify=rules.NEW_REVERIFY,
            reverify_long=rules.NEW_REVERIFY_LONG,
            separate_book=_guard(
                _("Only an ex-officio case, 2 years after the no-condition decision."),
                _long_without_conditions(
                    rules.NEW_SEPARATE_BOOK_AFTER_MONTHS,
                    rules.NEW_SEPARATE_BOOK_MIN_VERIFICATIONS,
                    request_only=False,
                ),
            ),
        ),
        Transition(
            "return_request",
            _("Return the request"),
            frozenset({WITHOUT_CONDITIONS}),
            RETURNED,
            HEAD_ONLY,
            guard=_guard(
                _("Only a request case, 2 years after the no-condition decision."),
                _long_without_conditions(
                    rules.NEW_RETURN_REQUEST_AFTER_MONTHS,
                    rules.NEW_SEPARATE_BOOK_MIN_VERIFICATIONS,
                    request_only=True,
                ),
            ),
        ),
    ),
    initial_deadline=_rule(rules.NEW_NOTIFY),
    basis="Luật THADS 106/2025/QH15; NĐ 152/2026/NĐ-CP",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Thi hành án dân sự",
    name_en="Civil judgment enforcement",
    states=STATES,
    initial_state=ACCEPTED,
    rule_sets=(OLD_RULES, NEW_RULES),
    open_roles=STAFF,
    assign_roles=HEAD_ONLY,
    clock_roles=STAFF,
    read_roles=frozenset({Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR}),
    rule_selection=RuleSelection.ACTION_DATE,
)
