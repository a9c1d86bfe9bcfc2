"""The THAHC register: the follow-up of administrative judgments (theo dõi thi hành án hành
chính) declared for the case engine — states, transitions, roles and deadlines, with their legal
constants. One administrative judgment followed up by an enforcement office = one case = one
"việc THAHC" (TT 08/2015 annex 2 [S], domain.md §3.5).

The losing administrative body complies itself (Luật TTHC 93/2015 Art. 311); the enforcement
office at the level of the first-instance court registers the judgment, has an officer follow it
up, sends a notice to comply, meets the body after a court's compulsion decision, keeps the file
and proposes discipline / reports up (NĐ 71/2016 Art. 14). It does not enforce by coercion.
Legal basis and the [U] hypotheses: docs/domain/enforcement.md §8.
"""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext_lazy as _

from tuphap.accounts.roles import Role
from tuphap.casework.registry import (
    DeadlineRule,
    RegisterSpec,
    RuleSelection,
    RuleSet,
    State,
    Transition,
)
from tuphap.core.deadlines import Unit
from tuphap.enforcement.cases.workflow import DATED

REGISTER = "enforcement.administrative"

OFFICER = Role.ENFORCEMENT_OFFICER
HEAD = Role.ENFORCEMENT_HEAD
STAFF = frozenset({OFFICER, HEAD})
HEAD_ONLY = frozenset({HEAD})

# -- legal constants -----------------------------------------------------------------------------

# The office sends the body a notice to comply voluntarily within 5 working days of registering
# the judgment (immediately for urgent items) (NĐ 71/2016 Art. 14) [V domain.md §3.6].
NOTICE: Final = (5, Unit.WORKING_DAYS, "NĐ 71/2016 Art. 14")
# The body complies within 30 days of receiving the judgment (Luật TTHC 2015 Art. 311) [V]. The
# law counts from the body's receipt of the judgment; we count from the office's notice, the
# date the register knows [U: the start of the period as counted here].
COMPLIANCE: Final = (30, Unit.DAYS, "Luật TTHC 2015 Art. 311 [U: counted from the notice]")
# After the court's compulsion decision the office meets the body within 3 working days
# (NĐ 71/2016 Art. 14) [V].
MEETING: Final = (3, Unit.WORKING_DAYS, "NĐ 71/2016 Art. 14")
# The obligee may ask the first-instance court for a compulsion decision within 1 year after the
# compliance period; the court decides within 5 working days (Luật TTHC 2015 Art. 311–312) [V].
# Recorded on the case, not a deadline of the office.
COMPULSION_REQUEST_YEARS: Final = 1
COMPULSION_DECISION_WORKING_DAYS: Final = 5
# How long the office waits after urging before it reports up / proposes discipline: no text
# read [U]; 30 days, a hypothesis.
URGING: Final = (30, Unit.DAYS, "NĐ 71/2016 Art. 14 [U: no period read]")

# -- states --------------------------------------------------------------------------------------

REGISTERED = "registered"
NOTIFIED = "notified"
URGED = "urged"
COMPELLED = "compelled"
MET = "met"
REPORTED = "reported"
COMPLETED = "completed"
CLOSED_OTHER = "closed_other"

STATES = (
    State(REGISTERED, _("Registered (officer following up)")),
    State(NOTIFIED, _("Notice to comply sent")),
    State(URGED, _("Urged to comply")),
    State(COMPELLED, _("Compulsion decision of the court")),
    State(MET, _("Met the administrative body")),
    State(REPORTED, _("Reported up, discipline proposed")),
    State(COMPLETED, _("Completed (the body complied)"), terminal=True),
    State(CLOSED_OTHER, _("Closed for another reason"), terminal=True),
)
TERMINAL_STATES = frozenset(state.code for state in STATES if state.terminal)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)
# The transition that records the court's compulsion decision (counted in the figures).
COMPEL = "record_compulsion"


def _rule(spec: tuple[int, Unit, str]) -> DeadlineRule:
    amount, unit, basis = spec
    return DeadlineRule(amount, unit, basis=basis)


TRANSITIONS = (
    Transition(
        "notify",
        _("Send the notice to comply"),
        frozenset({REGISTERED}),
        NOTIFIED,
        STAFF,
        guard=DATED,
        deadline=_rule(COMPLIANCE),
    ),
    Transition(
        "urge",
        _("Urge the body to comply"),
        frozenset({NOTIFIED, URGED, MET, REPORTED}),
        URGED,
        STAFF,
        guard=DATED,
        deadline=_rule(URGING),
    ),
    Transition(
        COMPEL,
        _("Record the court's compulsion decision"),
        frozenset({NOTIFIED, URGED, MET, REPORTED}),
        COMPELLED,
        STAFF,
        guard=DATED,
        deadline=_rule(MEETING),
    ),
    Transition(
        "meet",
        _("Meet the administrative body"),
        frozenset({COMPELLED}),
        MET,
        STAFF,
        guard=DATED,
        deadline=_rule(URGING),
    ),
    Transition(
        "report",
        _("Report up and propose discipline"),
        frozenset({URGED, COMPELLED, MET}),
        REPORTED,
        HEAD_ONLY,
        guard=DATED,
    ),
    Transition(
        "complete",
        _("Record that the body complied"),
        OPEN_STATES,
        COMPLETED,
        STAFF,
        guard=DATED,
    ),
    Transition(
        "close_other",
        _("Close for another reason"),
        OPEN_STATES,
        CLOSED_OTHER,
        HEAD_ONLY,
        guard=DATED,
    ),
)

RULES = RuleSet(
    "thahc-2015",
    None,
    None,
    TRANSITIONS,
    initial_deadline=_rule(NOTICE),
    basis="Luật Tố tụng hành chính 93/2015/QH13 Art. 311–312; NĐ 71/2016/NĐ-CP",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Theo dõi thi hành án hành chính",
    name_en="Follow-up of administrative judgments",
    states=STATES,
    initial_state=REGISTERED,
    rule_sets=(RULES,),
    open_roles=STAFF,
    assign_roles=HEAD_ONLY,
    clock_roles=STAFF,
    read_roles=frozenset({Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR}),
    rule_selection=RuleSelection.EVENT_DATE,
)
