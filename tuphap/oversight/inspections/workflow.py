"""The inspections register declared for the case engine: one inspection = one case of the
inspecting agency, from its decision to the close of the follow-up of its conclusion
(docs/domain/inspections.md §3). The limits are the inspection law's [U], read from
``rules.limits()`` (configurable)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils.translation import gettext_lazy as _

from tuphap.accounts.roles import Role
from tuphap.casework.models import Case
from tuphap.casework.registry import (
    DeadlineRule,
    Extension,
    Guard,
    RegisterSpec,
    RuleSet,
    State,
    Transition,
)
from tuphap.core.deadlines import Unit
from tuphap.oversight.inspections import rules

REGISTER = "oversight.inspection"

INSPECTOR = Role.INSPECTOR
STAFF = frozenset({INSPECTOR})
READERS = frozenset(
    {Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR}
)

DECIDED = "decided"
ON_SITE = "on_site"
REPORTING = "reporting"
CONCLUDING = "concluding"
FOLLOWING_UP = "following_up"
CLOSED = "closed"

STATES = (
    State(DECIDED, _("Decided, on-site work to start")),
    State(ON_SITE, _("On-site work")),
    State(REPORTING, _("Team's report due")),
    State(CONCLUDING, _("Conclusion due")),
    State(FOLLOWING_UP, _("Concluded, recommendations followed up")),
    State(CLOSED, _("Follow-up closed"), terminal=True),
)

LIMITS = rules.limits()
OLD_LIMITS = rules.old_limits()


def _rule(
    name: str,
    extension: str | None = None,
    *,
    limits: dict[str, int] = LIMITS,
    basis: str = rules.LIMIT_BASIS,
) -> DeadlineRule:
    more = Extension(limits[extension], Unit.DAYS, 1) if extension else None
    return DeadlineRule(limits[name], Unit.DAYS, basis=basis, extension=more)


_through_services: ContextVar[bool] = ContextVar("inspection_services", default=False)


@contextmanager
def through_services() -> Iterator[None]:
    token = _through_services.set(True)
    try:
        yield
    finally:
        _through_services.reset(token)


def _in_services(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _through_services.get()


SERVICES = Guard(_in_services, _("Record this step on the inspection page."))


def _step(name: str, label: Any, source: str, target: str, **kwargs: Any) -> Transition:
    return Transition(name, label, frozenset({source}), target, STAFF, guard=SERVICES, **kwargs)


def _transitions(
    limits: dict[str, int], basis: str, *, conclusion_extension: bool
) -> tuple[Transition, ...]:
    return (
        _step(
            "start_on_site",
            _("Start the on-site work"),
            DECIDED,
            ON_SITE,
            deadline=_rule("on_site", "on_site_extension", limits=limits, basis=basis),
        ),
        _step(
            "end_on_site",
            _("End the on-site work"),
            ON_SITE,
            REPORTING,
            deadline=_rule("report", limits=limits, basis=basis),
        ),
        _step(
            "report",
            _("Record the team's report"),
            REPORTING,
            CONCLUDING,
            deadline=_rule(
                "conclusion",
                "conclusion_extension" if conclusion_extension else None,
                limits=limits,
                basis=basis,
            ),
        ),
        _step("conclude", _("Issue the conclusion"), CONCLUDING, FOLLOWING_UP),
        _step("close", _("Close the follow-up"), FOLLOWING_UP, CLOSED),
    )


TRANSITIONS = _transitions(LIMITS, rules.LIMIT_BASIS, conclusion_extension=True)

# Chosen by the date of the inspection decision (the case's event date): an inspection decided
# on 30 Jun 2023 keeps the 2010 law's limits to its end (docs/domain/inspections.md §3.1).
OLD_RULES = RuleSet(
    "thanh-tra-2010",
    rules.OLD_LAW_FROM,
    rules.OLD_LAW_UNTIL,
    _transitions(OLD_LIMITS, rules.OLD_LIMIT_BASIS, conclusion_extension=False),
    initial_deadline=_rule("announce", limits=OLD_LIMITS, basis=rules.OLD_LIMIT_BASIS),
    basis="Luật Thanh tra 56/2010/QH12; NĐ 86/2011/NĐ-CP [U: article numbers]",
)
RULES = RuleSet(
    "thanh-tra-2022",
    rules.NEW_LAW_FROM,
    None,
    TRANSITIONS,
    initial_deadline=_rule("announce"),
    basis="Luật Thanh tra 11/2022/QH15 [U: Luật Thanh tra 84/2025/QH15]",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Cuộc thanh tra, kiểm tra",
    name_en="Inspections",
    states=STATES,
    initial_state=DECIDED,
    rule_sets=(OLD_RULES, RULES),
    open_roles=STAFF,
    assign_roles=STAFF,
    clock_roles=STAFF,
    read_roles=READERS,
)
