"""Whether a transition may be made now: the one check used by the transition service, the
list of allowed transitions (API, pages) and nothing else. Reads only; never writes."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tuphap.casework import permissions
from tuphap.casework.models import Case
from tuphap.casework.registry import Clock, RegisterSpec, RuleSet, Transition
from tuphap.core.errors import Conflict, ValidationFailed


class TransitionNotAllowed(Conflict):
    """A transition refused in the case's current situation (HTTP 409). ``code`` says why:
    ``transition_not_allowed`` (state or rule set), ``role_not_allowed`` or ``guard_failed``."""

    code = "transition_not_allowed"


@dataclass(frozen=True)
class Check:
    spec: RegisterSpec
    rule_set: RuleSet
    transition: Transition


def rule_set_for(spec: RegisterSpec, case: Case, day: datetime.date) -> RuleSet:
    return spec.rule_set_for(event_date=case.event_date, action_date=day)


def check_transition(
    *,
    spec: RegisterSpec,
    case: Case,
    actor: Any,
    name: str,
    payload: Mapping[str, Any],
    day: datetime.date,
) -> Check:
    """The transition ``name`` if ``actor`` may make it on ``case`` on ``day``; raises otherwise.

    Bad input (a name the register does not know) is a ``ValidationFailed`` (400); everything
    else is a ``TransitionNotAllowed`` (409)."""
    if not spec.has_transition(name):
        raise ValidationFailed(
            _("Unknown transition %(name)s.") % {"name": repr(name)},
            fields={"transition": _("This register has no such transition.")},
        )
    rule_set = rule_set_for(spec, case, day)
    transition = rule_set.transition(name)
    state_label = spec.state_label(case.state)
    if transition is None:
        raise TransitionNotAllowed(
            _("The transition %(name)s does not exist under the rules in force (%(rules)s).")
            % {"name": name, "rules": rule_set.code}
        )
    if case.state not in transition.sources:
        raise TransitionNotAllowed(
            _("“%(transition)s” is not allowed from the state “%(state)s”.")
            % {"transition": transition.label, "state": state_label}
        )
    if not permissions.can_make(actor, transition):
        raise TransitionNotAllowed(
            _("Your role may not make the transition “%(transition)s”.")
            % {"transition": transition.label},
            code="role_not_allowed",
        )
    effect = transition.clock_effect
    if effect is Clock.PAUSE and case.paused_at is not None:
        raise TransitionNotAllowed(_("The clock of this case is already paused."))
    if effect is Clock.RESUME and case.paused_at is None:
        raise TransitionNotAllowed(_("The clock of this case is not paused."))
    if transition.guard is not None and not transition.guard.check(
        case=case, actor=actor, payload=payload
    ):
        raise TransitionNotAllowed(str(transition.guard.message), code="guard_failed")
    return Check(spec, rule_set, transition)


def allowed_transitions(
    *, spec: RegisterSpec, case: Case, actor: Any, day: datetime.date
) -> list[Transition]:
    """The transitions ``actor`` may make on ``case`` now (guards evaluated with no payload)."""
    allowed = []
    for transition in rule_set_for(spec, case, day).transitions_from(case.state):
        try:
            check_transition(
                spec=spec, case=case, actor=actor, name=transition.name, payload={}, day=day
            )
        except TransitionNotAllowed:
            continue
        allowed.append(transition)
    return allowed
