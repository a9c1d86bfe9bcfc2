"""The state compensation rules as data and pure functions: who may claim, the sectors, the
damage heads, the grounds, and every time limit with its article (docs/domain/compensation.md).
No database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tuphap.core import deadlines as core_deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import Pause, Unit


class ClaimantKind(models.TextChoices):
    """Who may claim (Luật TNBTCNN 2017 Art. 5)."""

    INJURED = "injured", _("The injured person")
    HEIR = "heir", _("An heir of the injured person")
    REPRESENTATIVE = "representative", _("A representative of the injured person")


class Sector(models.TextChoices):
    """The sectors of State liability (Art. 17–20)."""

    ADMINISTRATIVE = "administrative", _("Administrative management")
    CRIMINAL = "criminal", _("Criminal proceedings")
    CIVIL_ADMINISTRATIVE = "civil_administrative", _("Civil or administrative proceedings")
    ENFORCEMENT = "enforcement", _("Judgment enforcement")


class BasisKind(models.TextChoices):
    """The document establishing the unlawful act (Art. 7(1))."""

    ACQUITTAL = "acquittal", _("Judgment of acquittal or decision not to prosecute")
    ANNULLED = "annulled", _("Decision annulled or withdrawn as unlawful")
    JUDGMENT = "judgment", _("Court judgment finding the act unlawful")
    COMPLAINT = "complaint", _("Decision on a complaint or denunciation finding the act unlawful")
    OTHER = "other", _("Other document establishing the unlawful act")


class DamageHead(models.TextChoices):
    """The heads of damage (Art. 23–28)."""

    PROPERTY = "property", _("Property damage")
    LOST_INCOME = "lost_income", _("Lost or reduced income")
    DEATH = "death", _("Damage from death")
    HEALTH = "health", _("Damage to health")
    MENTAL = "mental", _("Mental harm")
    OTHER_COSTS = "other_costs", _("Other costs")


class RefusalGround(models.TextChoices):
    """The grounds on which a claim is not accepted (Art. 43(2))."""

    NOT_IN_SCOPE = "not_in_scope", _("The claim is not within the State's liability")
    STATUTE_EXPIRED = "statute_expired", _("The statute of limitation has expired")
    NO_STANDING = "no_standing", _("The claimant has no right to claim")
    NOT_COMPETENT = "not_competent", _("The agency is not responsible for the claim")
    ALREADY_RESOLVED = "already_resolved", _("The claim has already been resolved")
    BEFORE_COURT = "before_court", _("The claim is being resolved by a court")


class TerminationGround(models.TextChoices):
    """The grounds of a termination (đình chỉ, Art. 51(1))."""

    WITHDRAWN = "withdrawn", _("The claimant withdrew the claim")
    DIED_NO_HEIR = "died_no_heir", _("The claimant died with no heir")
    DISSOLVED = "dissolved", _("The claimant organisation was dissolved with no successor")
    BASIS_ANNULLED = "basis_annulled", _("The basis document was annulled")
    COURT = "court", _("A court accepted the claim")


class InterruptionKind(models.TextChoices):
    POSTPONEMENT = "postponement", pgettext_lazy("compensation", "Postponement")
    SUSPENSION = "suspension", pgettext_lazy("compensation", "Suspension")


class HonourForm(models.TextChoices):
    """The forms of honour restoration (Art. 56–58)."""

    NONE = "", _("Not requested")
    APOLOGY = "apology", _("Public apology at the claimant's place")
    PUBLICATION = "publication", _("Published correction in the press")


Limit = tuple[int, Unit, str]

# -- time limits (docs §3) -----------------------------------------------------------------------

# The statute: 3 years from the receipt of the basis document (Art. 6(1)); the periods of force
# majeure or without a representative are not counted (Art. 6(2)).
STATUTE: Final[Limit] = (3, Unit.YEARS, "Luật TNBTCNN 2017 Art. 6")
# A file sent by post is acknowledged within 2 working days (Art. 41(3)).
ACKNOWLEDGE: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 41(3)")
# Within 5 working days of receipt the agency asks for the missing papers (Art. 42(1)) …
REVIEW: Final[Limit] = (5, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 42(1)")
# … which the claimant supplies within 5 working days (Art. 42(2)).
SUPPLY: Final[Limit] = (5, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 42(2)")
# Accept within 2 working days of a complete and valid file, or refuse (Art. 43(1)–(2)).
ACCEPT: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 43(1)")
# Assign the resolver within 2 working days of acceptance (Art. 43(3)).
ASSIGN: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 43(3)")
# An advance is paid within 5 working days of the request (Art. 44(2)); at least half of the
# mental harm and the damages that can be computed at once (Art. 44(1)).
ADVANCE: Final[Limit] = (5, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 44")
ADVANCE_SHARE_PERCENT: Final = 50
# Verify the damage within 15 days of acceptance, 30 if complex; once more up to 15 days by
# agreement (Art. 45(1)); the verification report within 3 working days after (Art. 45(5)).
VERIFY: Final[Limit] = (15, Unit.DAYS, "Luật TNBTCNN 2017 Art. 45(1)")
VERIFY_COMPLEX: Final[Limit] = (30, Unit.DAYS, "Luật TNBTCNN 2017 Art. 45(1)")
VERIFY_EXTENSION_DAYS: Final = 15
VERIFY_REPORT: Final[Limit] = (3, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 45(5)")
# Start negotiating within 2 working days of the verification report (Art. 46(1)); finish
# within 10 days, 15 if complex; once more up to 10 days by agreement (Art. 46(1)).
NEGOTIATION_START: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 46(1)")
NEGOTIATE: Final[Limit] = (10, Unit.DAYS, "Luật TNBTCNN 2017 Art. 46(1)")
NEGOTIATE_COMPLEX: Final[Limit] = (15, Unit.DAYS, "Luật TNBTCNN 2017 Art. 46(1)")
NEGOTIATION_EXTENSION_DAYS: Final = 10
# The decision is issued at once after a successful negotiation and handed over; it takes effect
# 15 days after the claimant receives it (Art. 47(1), (4)–(5)) [D: counted as calendar days].
DECISION_EFFECT_DAYS: Final = 15
# The funding request goes to the finance body within 2 working days of the decision taking
# effect (Art. 62(1)); the finance body pays out within 5 working days, 15 when the file needs
# completing (Art. 62(3)–(4)); the claimant is notified within 2 working days of the funds
# (Art. 63(1)) and paid within 2 working days of coming (Art. 63(2)) [U: "coming" read as the
# notice].
FUNDING_REQUEST: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 62(1)")
PAYOUT: Final[Limit] = (5, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 62(3)")
PAYOUT_EXTENSION_WORKING_DAYS: Final = 10  # 5 + 10 = 15 when the file needs completing
NOTIFY: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 63(1)")
PAY: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 63(2)")
# Money not received within 3 years of the notice goes to the State budget (Art. 63(3)).
UNCLAIMED_YEARS: Final = 3
# Postponement: decided within 2 working days of its ground, for at most 30 days (Art. 49).
POSTPONE_DECIDE: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 49(2)")
POSTPONE_MAX_DAYS: Final = 30
# Suspension: decided within 1 working day of its ground (Art. 50(2)); resumed within 30 days
# of the ground ending (Art. 50(4)) [U: read as the longest suspension the register allows].
SUSPEND_DECIDE: Final[Limit] = (1, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 50(2)")
SUSPEND_MAX_DAYS: Final = 30
# Termination: decided within 5 working days of its ground (Art. 51(2)).
TERMINATE_DECIDE: Final[Limit] = (5, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 51(2)")
# Cancellation of a decision: within 2 working days of finding it unlawful (Art. 48(2)); a new
# decision follows a new negotiation [U].
CANCEL_DECIDE: Final[Limit] = (2, Unit.WORKING_DAYS, "Luật TNBTCNN 2017 Art. 48(2)")

INTERRUPTION_LIMITS: Final = {
    InterruptionKind.POSTPONEMENT: (POSTPONE_DECIDE, POSTPONE_MAX_DAYS),
    InterruptionKind.SUSPENSION: (SUSPEND_DECIDE, SUSPEND_MAX_DAYS),
}


def due(start: datetime.date, limit: Limit, *, calendar: WorkingCalendar) -> datetime.date:
    """The last day of ``limit`` counted from ``start`` (not counted), BLDS 2015 Art. 147–148."""
    amount, unit, _basis = limit
    return core_deadlines.due_date(start, amount, unit, calendar=calendar)


def statute_ends(
    basis_received_on: datetime.date,
    excluded: Iterable[tuple[datetime.date, datetime.date]],
    *,
    calendar: WorkingCalendar,
) -> datetime.date:
    """The last day to claim: 3 years from the receipt of the basis document, pushed back by
    the excluded periods (force majeure, no representative; Art. 6(2)), each day counted once."""
    pauses = [Pause(first, last) for first, last in excluded]
    amount, unit, _basis = STATUTE
    return core_deadlines.deadline_with_pauses(
        basis_received_on, amount, unit, core_deadlines.merge_pauses(pauses), calendar=calendar
    ).due


def advance_minimum(mental: int, computable: int) -> int:
    """The least advance: half of the mental harm and of the damages computable at once
    (Art. 44(1)), rounded up to the đồng."""
    base = mental + computable
    return -(-base * ADVANCE_SHARE_PERCENT // 100)


def decision_effective_on(handed_over_on: datetime.date) -> datetime.date:
    """The decision takes effect 15 days after the claimant receives it (Art. 47(5)) [D]."""
    return handed_over_on + datetime.timedelta(days=DECISION_EFFECT_DAYS)


def excluded_from_text(lines: Iterable[str]) -> tuple[tuple[datetime.date, datetime.date], ...]:
    """``"2024-01-01 2024-02-15"`` lines (first and last day) as periods; ``ValueError`` on a
    line that is not two dates."""
    periods = []
    for line in lines:
        parts = line.replace("–", " ").replace(",", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValueError(line)
        periods.append(
            (datetime.date.fromisoformat(parts[0]), datetime.date.fromisoformat(parts[1]))
        )
    return tuple(periods)
