"""The complaint rules as data and pure functions: the rule sets by date of receipt, the time
limits of each stage (ordinary, complex, remote area), the grounds of non-acceptance, the
criteria of a complex case and the outcomes of a decision, each with its legal basis
(docs/domain/complaints.md). No database.

Days are calendar days unless the text says working days; a period counts from the day after
its start and ends at 24:00 of its last day, rolled forward to the next working day when that
day is not one (BLDS 2015 Art. 147–148) — the core calendar does the counting.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.core import deadlines as core_deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import Unit
from tuphap.core.text import fold

# -- rule sets by date of receipt (docs §2) ----------------------------------------------------

NEW_RULES_FROM: Final = datetime.date(2026, 7, 1)  # NĐ 155/2026 Art. 3 (in force 1 Jul 2026)
OLD_RULES_UNTIL: Final = NEW_RULES_FROM - datetime.timedelta(days=1)
OLD_RULE_SET: Final = "kn-2011-nd124"
NEW_RULE_SET: Final = "kn-2011-nd155"


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit
    basis: str


# Acceptance (thụ lý) of a first or second complaint, counted from its receipt.
ACCEPT_OLD: Final = Period(10, Unit.DAYS, "Luật Khiếu nại 2011 Art. 27, 36")
ACCEPT_NEW: Final = Period(
    7, Unit.WORKING_DAYS, "NĐ 124/2020 Art. 10 as amended by NĐ 155/2026 Art. 1"
)


def rule_set_code(received_on: datetime.date) -> str:
    """The rule set a complaint runs under: decided by the date it was received (a complaint
    received on 30 Jun 2026 keeps the old acceptance limit)."""
    return NEW_RULE_SET if received_on >= NEW_RULES_FROM else OLD_RULE_SET


def acceptance_period(received_on: datetime.date) -> Period:
    return ACCEPT_NEW if received_on >= NEW_RULES_FROM else ACCEPT_OLD


# -- the 90-day statute (Art. 9) -----------------------------------------------------------------

STATUTE: Final = Period(90, Unit.DAYS, "Luật Khiếu nại 2011 Art. 9")


def statute_end(
    known_on: datetime.date,
    *,
    calendar: WorkingCalendar,
    regime: str = "general",
    thads_act: str = "",
) -> datetime.date:
    """The last day a first complaint may be made: 90 days from the day the complainant
    received or knew the decision or act (rolled forward past a day off, BLDS Art. 148(5)); a
    complaint about civil judgment enforcement has its own statute (``THADS_STATUTE``)."""
    period = statute_period(regime, thads_act)
    return core_deadlines.due_date(known_on, period.amount, period.unit, calendar=calendar)


def statute_expired(
    known_on: datetime.date, received_on: datetime.date, *, calendar: WorkingCalendar
) -> bool:
    return received_on > statute_end(known_on, calendar=calendar)


# -- resolution limits (Art. 28, 37) and the windows after a decision (Art. 33, 44) -------------

FIRST_BASIS: Final = "Luật Khiếu nại 2011 Art. 28"
SECOND_BASIS: Final = "Luật Khiếu nại 2011 Art. 37"

# (complex, remote) -> days from acceptance.
FIRST_INSTANCE_DAYS: Final[dict[tuple[bool, bool], int]] = {
    (False, False): 30,
    (True, False): 45,
    (False, True): 45,
    (True, True): 60,
}
SECOND_INSTANCE_DAYS: Final[dict[tuple[bool, bool], int]] = {
    (False, False): 45,
    (True, False): 60,
    (False, True): 60,
    (True, True): 70,
}


def first_instance(*, complex_case: bool, remote: bool) -> Period:
    return Period(FIRST_INSTANCE_DAYS[(complex_case, remote)], Unit.DAYS, FIRST_BASIS)


def second_instance(*, complex_case: bool, remote: bool) -> Period:
    return Period(SECOND_INSTANCE_DAYS[(complex_case, remote)], Unit.DAYS, SECOND_BASIS)


def second_complaint_window(*, remote: bool) -> Period:
    """A second complaint, or a lawsuit, within 30 days (45 in a remote area) of receiving the
    first-instance decision or of the end of the first-instance limit without one (Art. 33)."""
    return Period(45 if remote else 30, Unit.DAYS, "Luật Khiếu nại 2011 Art. 33")


def effect_window(*, remote: bool) -> Period:
    """A second-instance decision takes legal effect 30 days (45 in a remote area) after it is
    issued unless a lawsuit is brought (Art. 44) [U: article text not read]."""
    return Period(45 if remote else 30, Unit.DAYS, "Luật Khiếu nại 2011 Art. 44 [U]")


# Suspension and termination exist from 1 Jul 2026 (law Art. 11a; NĐ 155/2026 Art. 12); the
# decision is sent within 3 working days; the resolution clock restarts in full from the
# continuation decision.
SUSPENSION_NOTICE: Final = Period(3, Unit.WORKING_DAYS, "NĐ 155/2026 Art. 12")
DIALOGUE_NOTICE_DAYS: Final = 5  # NĐ 155/2026 Art. 11: the parties are told ≥ 5 days ahead


def due(start: datetime.date, period: Period, *, calendar: WorkingCalendar) -> datetime.date:
    """The day ``period`` counted from ``start`` ends (the core calendar's counting)."""
    return core_deadlines.due_date(start, period.amount, period.unit, calendar=calendar)


# -- remote areas (Art. 28(2), 37(2): "vùng sâu, vùng xa đi lại khó khăn") -----------------------

# A place is remote, as at the day of receipt, when (1) it is a special zone (đặc khu, the island
# units of the 2025 reorganisation), remote by its type; or (2) a decision recorded in the places
# register lists it as a remote area on that day (``places.RemoteAreaListing``, read by the
# services and passed here as ``listing``); or (3) as a fallback kept for installations that
# configured it before the listings existed, its code is in the setting
# OVERSIGHT_REMOTE_UNIT_CODES (docs §4) [U: no official list after the 2025 reorganisation was
# found; the province decides in practice].
REMOTE_UNIT_TYPES: Final = frozenset({"dac khu"})
SPECIAL_ZONE: Final = "special_zone"
SETTING: Final = "setting"


def remote_codes() -> frozenset[str]:
    return frozenset(str(code) for code in getattr(settings, "OVERSIGHT_REMOTE_UNIT_CODES", ()))


def remote_basis(place: Any, *, listing: str = "") -> str:
    """Why ``place`` (an administrative unit, or None for a central case) is a remote area for
    the time limits of Art. 28 and 37: ``"special_zone"``, the decision that lists it
    (``listing``, found by the caller as at the day of receipt), ``"setting"``; ``""`` when it is
    not."""
    if place is None:
        return ""
    if fold(getattr(place, "unit_type", "") or "") in REMOTE_UNIT_TYPES:
        return SPECIAL_ZONE
    if fold(getattr(place, "name", "") or "").startswith("dac khu "):
        return SPECIAL_ZONE
    if listing:
        return listing
    if str(getattr(place, "code", "")) in remote_codes():
        return SETTING
    return ""


def is_remote(place: Any, *, listing: str = "") -> bool:
    return bool(remote_basis(place, listing=listing))


# -- grounds, criteria, outcomes -----------------------------------------------------------------


class NonAcceptanceGround(models.TextChoices):
    """The complaints not accepted (Luật Khiếu nại 2011 Art. 11)."""

    INTERNAL_ACT = "internal_act", _("Internal, normative or secret act, or an internal order")
    NO_DIRECT_INTEREST = (
        "no_direct_interest",
        _("The act does not directly affect the complainant's rights or interests"),
    )
    INCAPACITY = "incapacity", _("The complainant lacks capacity and has no legal representative")
    INVALID_REPRESENTATIVE = "invalid_representative", _("The representative is not lawful")
    UNSIGNED = "unsigned", _("The letter is not signed or fingerprinted")
    STATUTE_EXPIRED = "statute_expired", _("The time limit for complaining has passed")
    ALREADY_DECIDED = "already_decided", _("A second-instance decision has already been issued")
    AFTER_TERMINATION = (
        "after_termination",
        _("More than 30 days after a termination notice without a new complaint"),
    )
    COURT_SEIZED = "court_seized", _("A court has already accepted a lawsuit")


class ComplexCriterion(models.TextChoices):
    """The criteria of a complex case (NĐ 124/2020 Art. 3a, added by NĐ 155/2026 Art. 2); the
    determination is recorded in writing with the criteria it meets."""

    SEVERAL_SITES = "several_sites", _("Verification at two or more places")
    SEVERAL_CONTENTS = "several_contents", _("Two or more contents complained of")
    MANY_COMPLAINANTS = "many_complainants", _("Many complainants")
    FOREIGN_ELEMENT = "foreign_element", _("A foreign element")
    SEVERAL_AGENCIES = "several_agencies", _("Several agencies involved")
    DISAGREEING_AGENCIES = "disagreeing_agencies", _("The agencies consulted disagree")
    CONTRADICTORY_EVIDENCE = "contradictory_evidence", _("Contradictory evidence")


def unknown_criteria(criteria: Iterable[str]) -> list[str]:
    return sorted({c for c in criteria if c not in ComplexCriterion.values})


class Outcome(models.TextChoices):
    """What a decision found the complaint to be (TT 02/2016 form, "đúng / đúng một phần /
    sai") [S]."""

    RIGHT = "right", _("Complaint found right")
    PARTLY_RIGHT = "partly_right", _("Complaint found partly right")
    WRONG = "wrong", _("Complaint found wrong")


class Instance(models.TextChoices):
    FIRST = "first", _("First instance")
    SECOND = "second", _("Second instance")


# -- complaints about civil judgment enforcement (their own limits) -----------------------------


class Regime(models.TextChoices):
    """Which law's limits a complaint runs under: the Law on Complaints, or the civil judgment
    enforcement law for a complaint against a decision or act of an enforcement office's head or
    an enforcement officer (Luật THADS 2008 Art. 140–146; Luật 106/2025 from 1 Jul 2026)."""

    GENERAL = "general", _("Law on Complaints")
    THADS = "thads", _("Civil judgment enforcement law")


class ThadsAct(models.TextChoices):
    """The enforcement acts whose statutes differ (Luật THADS 2008 Art. 140(1)) [S]."""

    BEFORE_MEASURES = "before_measures", _("Before security or coercive measures")
    ACCOUNT_FREEZE = "account_freeze", _("Freezing of an account")
    SECURITY = "security", _("Another security measure")
    COERCION = "coercion", _("A coercive measure")


THADS_BASIS: Final = "Luật THADS 2008 (sđ 2014) Art. 140 [S]"
THADS_STATUTE: Final[dict[str, Period]] = {
    ThadsAct.BEFORE_MEASURES: Period(15, Unit.DAYS, THADS_BASIS),
    ThadsAct.ACCOUNT_FREEZE: Period(3, Unit.WORKING_DAYS, THADS_BASIS),
    ThadsAct.SECURITY: Period(10, Unit.DAYS, THADS_BASIS),
    ThadsAct.COERCION: Period(30, Unit.DAYS, THADS_BASIS),
}
# Resolution (Art. 142): first instance 15 days (5 working days for an account freeze), second
# instance 30 days [S]; counted here from the acceptance like the general regime [D; U: the
# text may count from receipt]. The same numbers are kept for Luật 106/2025 [U: its text was not
# read]; complexity and remote areas do not change them.
THADS_FIRST: Final = Period(15, Unit.DAYS, "Luật THADS 2008 (sđ 2014) Art. 142(1) [S]")
THADS_FIRST_FREEZE: Final = Period(
    5, Unit.WORKING_DAYS, "Luật THADS 2008 (sđ 2014) Art. 142(1) [S]"
)
THADS_SECOND: Final = Period(30, Unit.DAYS, "Luật THADS 2008 (sđ 2014) Art. 142(2) [S]")


def statute_period(regime: str, thads_act: str = "") -> Period:
    if regime == Regime.THADS:
        return THADS_STATUTE[thads_act]
    return STATUTE


def resolution_period(
    *, regime: str, thads_act: str, second: bool, complex_case: bool, remote: bool
) -> Period:
    """The resolution limit of an instance under its regime."""
    if regime == Regime.THADS:
        if second:
            return THADS_SECOND
        return THADS_FIRST_FREEZE if thads_act == ThadsAct.ACCOUNT_FREEZE else THADS_FIRST
    if second:
        return second_instance(complex_case=complex_case, remote=remote)
    return first_instance(complex_case=complex_case, remote=remote)


class ActKind(models.TextChoices):
    DECISION = "decision", _("Administrative decision")
    ACT = "act", _("Administrative act")
    DISCIPLINE = "discipline", _("Disciplinary decision against an official")
