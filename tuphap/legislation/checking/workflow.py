"""The ``legislation.check`` register declared for the case engine: a promulgated document
received for checking (kiểm tra), its pre-checks, the officer's findings, the request to the
issuer to handle an unlawful document and the outcome. Every time limit of the procedure is a
named constant here, with its basis; [U] marks the numbers not confirmed in NĐ 79/2025/NĐ-CP
(docs/domain/legislation.md, "Checking").

    received ─precheck→ prechecked ─examine_lawful→ examined ─close→ closed
                                   └examine_unlawful→ examined ─request→ requested
                                                        ─record_outcome→ handled ─close→ closed
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Final

from django.utils.translation import gettext_lazy as _

from tuphap.accounts.roles import Role
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
from tuphap.core.deadlines import Unit

REGISTER: Final = "legislation.check"

SPECIALISTS = frozenset({Role.MINISTRY_SPECIALIST, Role.PROVINCIAL_SPECIALIST})

# -- time limits ----------------------------------------------------------------------------------

# Luật 64/2025/QH15 (with NĐ 79/2025/NĐ-CP, which details its Art. 63–64) took effect on
# 1 April 2025; checks received before then ran under the 2015 law and NĐ 34/2016.
RULES_FROM: Final = datetime.date(2025, 4, 1)
OLD_RULES_UNTIL: Final = RULES_FROM - datetime.timedelta(days=1)
# The older rule set, for checks received from the start of the term (2021) to 31 March 2025:
# Luật Ban hành văn bản quy phạm pháp luật 80/2015/QH13 (amended by 63/2020/QH14), whose
# chapter on supervising, checking and handling documents [U: Art. 164–170] is detailed by
# NĐ 34/2016/NĐ-CP (amended by NĐ 154/2020/NĐ-CP), chapter on checking and handling [U: article
# numbers not retrieved]. docs/domain/legislation.md "Older rule set", docs/domain/rule-sets.md.
OLD_BASIS: Final = (
    "Luật 80/2015/QH13 (sửa đổi 63/2020/QH14); NĐ 34/2016/NĐ-CP (sửa đổi NĐ 154/2020/NĐ-CP)"
)
# From receipt to the officer's findings. NĐ 79/2025 sets no period we could read [U]: 30 days
# is a working hypothesis so that a forgotten check shows as overdue.
EXAMINATION: Final = (30, Unit.DAYS, "NĐ 79/2025/NĐ-CP [U: no period read; hypothesis]")
# From unlawful findings to the conclusion sent to the issuer with the request to handle
# (NĐ 79/2025 Art. 18(2)(c): the conclusion requests the issuer to handle) [U: period].
CONCLUSION: Final = (5, Unit.WORKING_DAYS, "NĐ 79/2025/NĐ-CP Art. 18 [U: period]")
# The issuer's handling and answer, counted from the request. NĐ 79/2025 Art. 23 and 26 set
# the forms and periods of handling [S]; their numbers were not retrieved [U]. The old rules
# (NĐ 34/2016) gave the issuer 30 days [U].
ISSUER_ANSWER: Final = (
    30,
    Unit.DAYS,
    "NĐ 79/2025/NĐ-CP Art. 23, 26 [U: 30 days as under NĐ 34/2016]",
)
# The same steps under the older rules (checks received until 31 Mar 2025). NĐ 34/2016 sets no
# period for the checking body's own examination either [U]: the same 30-day hypothesis.
OLD_EXAMINATION: Final = (30, Unit.DAYS, "NĐ 34/2016/NĐ-CP [U: no period read; hypothesis]")
# The conclusion sent to the issuer after unlawful findings [U: period]: as under the new rules.
OLD_CONCLUSION: Final = (5, Unit.WORKING_DAYS, "NĐ 34/2016/NĐ-CP [U: period]")
# The issuer handles the unlawful document and answers within 30 days of the checking body's
# notice (NĐ 34/2016, handling of unlawful documents [U: article; 30 days from memory]). The
# old rules counted some periods from the signing date [U]; here from the request, as the new.
OLD_ISSUER_ANSWER: Final = (30, Unit.DAYS, "NĐ 34/2016/NĐ-CP [U: 30 days; article not read]")


def _rule(spec: tuple[int, Unit, str]) -> DeadlineRule:
    amount, unit, basis = spec
    return DeadlineRule(amount, unit, basis=basis)


# -- states ---------------------------------------------------------------------------------------

RECEIVED = "received"
PRECHECKED = "prechecked"
EXAMINED = "examined"
REQUESTED = "requested"
HANDLED = "handled"
CLOSED = "closed"

STATES = (
    State(RECEIVED, _("Received for checking")),
    State(PRECHECKED, _("Pre-checked")),
    State(EXAMINED, _("Examined")),
    State(REQUESTED, _("Issuer requested to handle")),
    State(HANDLED, _("Handled")),
    State(CLOSED, _("Check closed"), terminal=True),
)
OPEN_STATES = frozenset(state.code for state in STATES if not state.terminal)

EXAMINE_LAWFUL = "examine_lawful"
EXAMINE_UNLAWFUL = "examine_unlawful"

# -- guards ---------------------------------------------------------------------------------------


def _conclusion(case: Case) -> str:
    from tuphap.legislation.checking.models import DocumentCheck

    return (
        DocumentCheck.objects.filter(case=case).values_list("conclusion", flat=True).first() or ""
    )


def _is_lawful(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _conclusion(case) == "lawful"


def _is_unlawful(*, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool:
    return _conclusion(case) == "unlawful"


LAWFUL = Guard(_is_lawful, _("Only a check that found the document lawful closes here."))
UNLAWFUL = Guard(_is_unlawful, _("Only an unlawful document is sent back to its issuer."))


def _transitions(
    conclusion: tuple[int, Unit, str], issuer_answer: tuple[int, Unit, str]
) -> tuple[Transition, ...]:
    return (
        Transition(
            "precheck",
            _("Run the pre-checks"),
            frozenset({RECEIVED, PRECHECKED}),
            PRECHECKED,
            SPECIALISTS,
            clock=Clock.KEEP,
        ),
        Transition(
            EXAMINE_LAWFUL,
            _("Record the findings: lawful"),
            frozenset({PRECHECKED}),
            EXAMINED,
            SPECIALISTS,
        ),
        Transition(
            EXAMINE_UNLAWFUL,
            _("Record the findings: unlawful"),
            frozenset({PRECHECKED}),
            EXAMINED,
            SPECIALISTS,
            deadline=_rule(conclusion),
        ),
        Transition(
            "request",
            _("Request the issuer to handle"),
            frozenset({EXAMINED}),
            REQUESTED,
            SPECIALISTS,
            guard=UNLAWFUL,
            deadline=_rule(issuer_answer),
        ),
        Transition(
            "record_outcome",
            _("Record the outcome"),
            frozenset({REQUESTED}),
            HANDLED,
            SPECIALISTS,
        ),
        Transition(
            "close",
            _("Close the check"),
            frozenset({EXAMINED}),
            CLOSED,
            SPECIALISTS,
            guard=LAWFUL,
        ),
        Transition(
            "close_handled",
            _("Close the check"),
            frozenset({HANDLED}),
            CLOSED,
            SPECIALISTS,
        ),
    )


TRANSITIONS = _transitions(CONCLUSION, ISSUER_ANSWER)

# The rule set is chosen by the date of receipt (the case's event date): a check received on
# 31 Mar 2025 runs under the 2015 law to its end.
OLD_RULES = RuleSet(
    "nd34-2016",
    None,
    OLD_RULES_UNTIL,
    _transitions(OLD_CONCLUSION, OLD_ISSUER_ANSWER),
    initial_deadline=_rule(OLD_EXAMINATION),
    basis=OLD_BASIS,
)
RULES = RuleSet(
    "nd79-2025",
    RULES_FROM,
    None,
    TRANSITIONS,
    initial_deadline=_rule(EXAMINATION),
    basis="Luật 64/2025/QH15 Art. 63–64; NĐ 79/2025/NĐ-CP",
)

SPEC = RegisterSpec(
    code=REGISTER,
    name_vi="Kiểm tra văn bản quy phạm pháp luật",
    name_en="Checking of legal documents",
    states=STATES,
    initial_state=RECEIVED,
    rule_sets=(OLD_RULES, RULES),
    open_roles=SPECIALISTS,
    assign_roles=SPECIALISTS,
    clock_roles=SPECIALISTS,
    read_roles=frozenset({Role.LEADER, Role.AUDITOR}),
    rule_selection=RuleSelection.EVENT_DATE,
)
