"""A register declared for the tests, the way a register app declares its own: states, two rule
sets split at 1 July 2026, roles, a guard reading the register's detail model, deadlines.

``SimpleDetail`` shows where a register keeps its own fields: a model in the register's app with a
one-to-one to ``Case``. (Here its table is created by the tests' ``django_db_setup``; a real
register ships a migration.)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from tuphap.accounts.roles import Role
from tuphap.casework.models import Case
from tuphap.casework.registry import (
    Clock,
    DeadlineRule,
    Extension,
    Guard,
    RegisterSpec,
    RuleSet,
    State,
    Transition,
)
from tuphap.core.deadlines import Unit

OFFICER = Role.ENFORCEMENT_OFFICER
HEAD = Role.ENFORCEMENT_HEAD
NEW_LAW = datetime.date(2026, 7, 1)


class SimpleDetail(models.Model):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.PROTECT, related_name="test_detail"
    )
    verified = models.BooleanField(default=False)

    class Meta:
        app_label = "casework"
        db_table = "casework_test_detail"

    def __str__(self) -> str:
        return f"detail of {self.case_id}"


def _verified(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    detail = SimpleDetail.objects.filter(case=case).first()
    return bool(detail and detail.verified)


VERIFIED = Guard(_verified, "The conditions have not been verified yet.")


def _transitions(verification: DeadlineRule) -> list[Transition]:
    return [
        Transition(
            "start_verification",
            "Start verification",
            {"received"},
            "verifying",
            {OFFICER, HEAD},
            deadline=verification,
        ),
        Transition(
            "start_enforcing",
            "Start enforcing",
            {"verifying"},
            "enforcing",
            {OFFICER},
            guard=VERIFIED,
            deadline=DeadlineRule(30, Unit.DAYS),
        ),
        Transition("note", "Add a note", {"enforcing"}, "enforcing", {OFFICER}),
        Transition("postpone", "Postpone", {"enforcing"}, "postponed", {HEAD}, clock=Clock.PAUSE),
        Transition(
            "resume_enforcing", "Resume", {"postponed"}, "enforcing", {HEAD}, clock=Clock.RESUME
        ),
        Transition("complete", "Complete", {"enforcing"}, "done", {OFFICER}),
        Transition(
            "terminate",
            "Terminate",
            {"received", "verifying", "enforcing", "postponed"},
            "terminated",
            {HEAD},
        ),
    ]


OLD_RULES = RuleSet(
    "test-2008",
    None,
    NEW_LAW - datetime.timedelta(days=1),
    tuple(_transitions(DeadlineRule(10, Unit.DAYS, basis="old law"))),
    initial_deadline=DeadlineRule(5, Unit.WORKING_DAYS),
)
NEW_RULES = RuleSet(
    "test-2025",
    NEW_LAW,
    None,
    (
        *_transitions(
            DeadlineRule(
                5,
                Unit.WORKING_DAYS,
                basis="new law",
                extension=Extension(5, Unit.WORKING_DAYS, max_count=2),
            )
        ),
        # Only under the new law: the request is returned and the case ends.
        Transition("return_request", "Return the request", {"verifying"}, "returned", {HEAD}),
    ),
    initial_deadline=DeadlineRule(5, Unit.WORKING_DAYS),
)

SPEC = RegisterSpec(
    code="test.simple",
    name_vi="Sổ thử",
    name_en="Test register",
    states=(
        State("received", "Received"),
        State("verifying", "Verifying"),
        State("enforcing", "Enforcing"),
        State("postponed", "Postponed"),
        State("done", "Done", terminal=True),
        State("terminated", "Terminated", terminal=True),
        State("returned", "Returned", terminal=True),
    ),
    initial_state="received",
    rule_sets=(OLD_RULES, NEW_RULES),
    open_roles={OFFICER, HEAD},
    assign_roles={HEAD},
    clock_roles={OFFICER, HEAD},
    # The engine's tests scope by jurisdiction alone: every other role reads this register.
    read_roles=frozenset(Role) - {OFFICER, HEAD},
)

OTHER_SPEC = RegisterSpec(
    code="test.other",
    name_vi="Sổ khác",
    name_en="Other register",
    states=(State("open", "Open"), State("closed", "Closed", terminal=True)),
    initial_state="open",
    rule_sets=(
        RuleSet(
            "other",
            None,
            None,
            (Transition("close", "Close", {"open"}, "closed", {OFFICER}),),
        ),
    ),
    open_roles={OFFICER},
    assign_roles={HEAD},
    clock_roles={HEAD},
)
