"""The two appraisal registers declared for the case engine: policy proposals
(``legislation.proposal``, đề nghị xây dựng văn bản) and drafts (``legislation.draft``, dự
thảo). Both run drafting → appraisal requested → appraised → submitted → adopted; a draft then
goes on to published. A dossier may be returned for completion, postponed (the clock stands
still) and withdrawn. Every number comes from ``programme_rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from tuphap.accounts.roles import Role
from tuphap.casework.models import Case, CaseAction
from tuphap.casework.registry import (
    Clock,
    DeadlineRule,
    Guard,
    RegisterSpec,
    RuleSet,
    State,
    Transition,
)
from tuphap.core.deadlines import Unit
from tuphap.legislation.programme import rules

PROPOSAL = "legislation.proposal"
DRAFT = "legislation.draft"

SPECIALIST = frozenset({Role.MINISTRY_SPECIALIST})

DRAFTING = "drafting"
APPRAISAL_REQUESTED = "appraisal_requested"
RETURNED = "returned"
APPRAISED = "appraised"
SUBMITTED = "submitted"
ADOPTED = "adopted"
PUBLISHED = "published"
POSTPONED = "postponed"
WITHDRAWN = "withdrawn"

# States from which a dossier may be postponed, and the resume transition back to each.
RESUMES = {
    DRAFTING: "resume",
    RETURNED: "resume_returned",
    APPRAISAL_REQUESTED: "resume_appraisal",
    APPRAISED: "resume_appraised",
}


def _states(*, published: bool) -> tuple[State, ...]:
    return (
        State(DRAFTING, _("Drafting")),
        State(APPRAISAL_REQUESTED, _("Appraisal requested")),
        State(RETURNED, _("Returned for completion")),
        State(APPRAISED, _("Appraised (report issued)")),
        State(SUBMITTED, _("Submitted")),
        State(ADOPTED, _("Adopted or promulgated"), terminal=not published),
        *((State(PUBLISHED, _("Published"), terminal=True),) if published else ()),
        State(POSTPONED, _("Postponed (clock paused)")),
        State(WITHDRAWN, _("Withdrawn"), terminal=True),
    )


def postponed_from(case: Case) -> str:
    """The state the case was in when it was last postponed ("" if never)."""
    action = (
        CaseAction.objects.filter(case=case, to_state=POSTPONED)
        .exclude(from_state=POSTPONED)
        .order_by("-sequence")
        .values_list("from_state", flat=True)
        .first()
    )
    return action or ""


def _back_to(state: str) -> Guard:
    def check(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
        return postponed_from(case) == state

    return Guard(check, _("The dossier was postponed from another state."))


def _eligible(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    from tuphap.legislation.programme.models import Conclusion, any_detail

    detail = any_detail(case)
    return detail is not None and detail.conclusion == Conclusion.ELIGIBLE


ELIGIBLE = Guard(
    _eligible, _("Only a dossier the appraisal found eligible for submission is submitted.")
)


def _rule(spec: tuple[int, Unit, str]) -> DeadlineRule:
    amount, unit, basis = spec
    return DeadlineRule(amount, unit, basis=basis)


def _postponement() -> tuple[Transition, ...]:
    """Postpone from a working state; resume back into the state it came from."""
    return (
        Transition(
            "postpone",
            _("Postpone the work"),
            frozenset(RESUMES),
            POSTPONED,
            SPECIALIST,
            clock=Clock.PAUSE,
        ),
        *(
            Transition(
                name,
                _("Resume"),
                frozenset({POSTPONED}),
                state,
                SPECIALIST,
                guard=_back_to(state),
                clock=Clock.RESUME,
            )
            for state, name in RESUMES.items()
        ),
    )


def _transitions(appraisal: tuple[int, Unit, str], *, published: bool) -> tuple[Transition, ...]:
    open_states = frozenset(
        state.code for state in _states(published=published) if not state.terminal
    )
    steps = [
        Transition(
            "request_appraisal",
            _("Request appraisal"),
            frozenset({DRAFTING, RETURNED, APPRAISED}),
            APPRAISAL_REQUESTED,
            SPECIALIST,
            deadline=_rule(appraisal),
        ),
        Transition(
            "return_for_completion",
            _("Return the dossier for completion"),
            frozenset({APPRAISAL_REQUESTED}),
            RETURNED,
            SPECIALIST,
        ),
        Transition(
            "record_appraisal",
            _("Record the appraisal report"),
            frozenset({APPRAISAL_REQUESTED}),
            APPRAISED,
            SPECIALIST,
        ),
        Transition(
            "submit", _("Submit"), frozenset({APPRAISED}), SUBMITTED, SPECIALIST, guard=ELIGIBLE
        ),
        Transition("adopt", _("Record adoption"), frozenset({SUBMITTED}), ADOPTED, SPECIALIST),
        *_postponement(),
        Transition(
            "withdraw",
            _("Withdraw"),
            open_states - ({ADOPTED} if published else set()),
            WITHDRAWN,
            SPECIALIST,
        ),
    ]
    if published:
        steps.append(
            Transition(
                "publish", _("Record publication"), frozenset({ADOPTED}), PUBLISHED, SPECIALIST
            )
        )
    return tuple(steps)


def _spec(
    code: str,
    name_vi: str,
    name_en: str,
    *,
    old: tuple[int, Unit, str],
    new: tuple[int, Unit, str],
    published: bool,
) -> RegisterSpec:
    return RegisterSpec(
        code=code,
        name_vi=name_vi,
        name_en=name_en,
        states=_states(published=published),
        initial_state=DRAFTING,
        rule_sets=(
            RuleSet(
                f"{code}-2015",
                None,
                rules.OLD_LAW_UNTIL,
                _transitions(old, published=published),
                basis=rules.OLD_BASIS,
            ),
            RuleSet(
                f"{code}-2025",
                rules.NEW_LAW_FROM,
                None,
                _transitions(new, published=published),
                basis=rules.NEW_BASIS,
            ),
        ),
        open_roles=SPECIALIST,
        assign_roles=SPECIALIST,
        clock_roles=SPECIALIST,
        read_roles=frozenset(
            {Role.PROVINCIAL_SPECIALIST, Role.LEADER, Role.AUDITOR, Role.ADMINISTRATOR}
        ),
    )


PROPOSAL_SPEC = _spec(
    PROPOSAL,
    "Đề nghị xây dựng văn bản",
    "Policy proposals",
    old=rules.OLD_PROPOSAL_APPRAISAL,
    new=rules.NEW_PROPOSAL_APPRAISAL,
    published=False,
)
DRAFT_SPEC = _spec(
    DRAFT,
    "Dự thảo văn bản",
    "Drafts",
    old=rules.OLD_DRAFT_APPRAISAL,
    new=rules.NEW_DRAFT_APPRAISAL,
    published=True,
)
SPECS = {PROPOSAL: PROPOSAL_SPEC, DRAFT: DRAFT_SPEC}
