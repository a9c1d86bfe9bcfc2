"""The civil status application declared for the case engine (register
``civil_status.application``): the states of domain.md §2.4, the transitions the commune's civil
status officer makes, and the handling time, decided per application from ``deadlines``.

The clock does not run while the file is incomplete: it starts only when the complete file is
officially accepted (NĐ 87/2020/NĐ-CP Art. 12(3)), which is when the appointment slip is issued.
See docs/domain/civil_status.md §9.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from tuphap.accounts.roles import Role
from tuphap.casework.models import Case
from tuphap.casework.registry import (
    Clock,
    RegisterSpec,
    RuleSet,
    ScheduledDeadline,
    State,
    Transition,
)
from tuphap.civil_status.registration import deadlines
from tuphap.core.calendar import default_calendar

REGISTER = "civil_status.application"

SUBMITTED = "submitted"
NEEDS_SUPPLEMENT = "needs_supplement"
ACCEPTED = "accepted"
REGISTERED = "registered"
RETURNED = "returned"
REFUSED = "refused"
WITHDRAWN = "withdrawn"

STATES = (
    State(SUBMITTED, _("Filed, awaiting acceptance")),
    State(NEEDS_SUPPLEMENT, _("Needs supplement")),
    State(ACCEPTED, _("Accepted, appointment given")),
    State(REGISTERED, _("Registered")),
    State(RETURNED, _("Result handed over"), terminal=True),
    State(REFUSED, _("Refused"), terminal=True),
    State(WITHDRAWN, _("Withdrawn"), terminal=True),
)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)
# Before registration: the states from which an application may be refused or withdrawn.
PENDING_STATES = frozenset({SUBMITTED, NEEDS_SUPPLEMENT, ACCEPTED})

OFFICER = frozenset({Role.CIVIL_STATUS_OFFICER})


def handling_deadline(
    *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
) -> ScheduledDeadline:
    """The handling time of the application accepted at ``at`` (its event type and data come
    from the detail row, written before the case is moved)."""
    from tuphap.civil_status.applications.models import Application

    application = Application.objects.get(case=case)
    limit = deadlines.time_limit(application.event_type, application.data)
    start, rule = deadlines.handling_clock(limit, at, calendar=default_calendar())
    return ScheduledDeadline(rule=rule, start=start)


TRANSITIONS = (
    Transition(
        "request_supplement",
        _("Ask for a supplement"),
        frozenset({SUBMITTED}),
        NEEDS_SUPPLEMENT,
        OFFICER,
    ),
    Transition(
        "resubmit",
        _("Record the supplemented file"),
        frozenset({NEEDS_SUPPLEMENT}),
        SUBMITTED,
        OFFICER,
    ),
    Transition(
        "accept",
        _("Accept and issue the appointment slip"),
        frozenset({SUBMITTED}),
        ACCEPTED,
        OFFICER,
        schedule=handling_deadline,
    ),
    Transition(
        "register",
        _("Register the event"),
        frozenset({ACCEPTED}),
        REGISTERED,
        OFFICER,
        clock=Clock.STOP,
    ),
    Transition(
        "return_result",
        _("Hand over the result"),
        frozenset({REGISTERED}),
        RETURNED,
        OFFICER,
    ),
    Transition("refuse", _("Refuse"), PENDING_STATES, REFUSED, OFFICER),
    Transition("withdraw", _("Record the withdrawal"), PENDING_STATES, WITHDRAWN, OFFICER),
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Hồ sơ đăng ký hộ tịch",
    name_en="Civil status applications",
    states=STATES,
    initial_state=SUBMITTED,
    rule_sets=(
        RuleSet(
            code="hotich-2016",
            valid_from=datetime.date(2016, 1, 1),
            valid_to=None,
            transitions=TRANSITIONS,
            basis="Luật Hộ tịch 60/2014/QH13; NĐ 123/2015/NĐ-CP; NĐ 87/2020/NĐ-CP",
        ),
    ),
    open_roles=OFFICER,
    assign_roles=OFFICER,
    clock_roles=OFFICER,
    read_roles=frozenset({Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST, Role.AUDITOR}),
)
