"""The legal aid rules as data and pure functions: who is eligible, the grounds, and the time
limits, each with its legal basis (docs/domain/legal-aid.md). No database."""

from __future__ import annotations

import datetime
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.core.deadlines import Unit, hours_due


class Group(models.TextChoices):
    """The eligible persons of Luật TGPL 2017 Art. 7 (docs §2)."""

    MERIT = "merit", _("Person with merit to the revolution")
    POOR_HOUSEHOLD = "poor_household", _("Person of a poor household")
    CHILD = "child", _("Child")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minority in an especially difficult area")
    ACCUSED_16_18 = "accused_16_18", _("Accused person aged 16 to under 18")
    ACCUSED_NEAR_POOR = "accused_near_poor", _("Accused person of a near-poor household")
    MARTYR_RELATIVE = "martyr_relative", _("Relative of a martyr")
    AGENT_ORANGE = "agent_orange", _("Agent Orange victim")
    ELDERLY = "elderly", _("Elderly person")
    DISABLED = "disabled", _("Person with a disability")
    VICTIM_16_18 = "victim_16_18", _("Victim aged 16 to under 18")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Victim of domestic violence")
    TRAFFICKING = "trafficking", _("Victim of human trafficking")
    HIV = "hiv", _("Person living with HIV")


# Art. 7(7): these groups are eligible only in financial difficulty (NĐ 144/2017 Art. 2).
NEEDS_FINANCIAL_DIFFICULTY: Final = frozenset(
    {
        Group.MARTYR_RELATIVE,
        Group.AGENT_ORANGE,
        Group.ELDERLY,
        Group.DISABLED,
        Group.VICTIM_16_18,
        Group.DOMESTIC_VIOLENCE,
        Group.TRAFFICKING,
        Group.HIV,
    }
)


class FinancialDifficulty(models.TextChoices):
    """NĐ 144/2017 Art. 2: a near-poor household, or a monthly social allowance."""

    NONE = "", _("Not stated")
    NEAR_POOR = "near_poor_household", _("Near-poor household")
    SOCIAL_ALLOWANCE = "social_allowance", _("Receives a monthly social allowance")


# Ages (whole years on the request day) of the age-based groups: (at least, under) — a child is
# under 16 (Luật Trẻ em 2016 Art. 1), an elderly person 60 or more (Luật Người cao tuổi 2009
# Art. 2), the accused and victims 16 to under 18 (Art. 7).
AGE_BOUNDS: Final[dict[str, tuple[int | None, int | None]]] = {
    Group.CHILD: (None, 16),
    Group.ACCUSED_16_18: (16, 18),
    Group.VICTIM_16_18: (16, 18),
    Group.ELDERLY: (60, None),
}


class Form(models.TextChoices):
    """The forms of legal aid (Art. 27, 31–33)."""

    PARTICIPATION = "participation", _("Participation in proceedings")
    ADVICE = "advice", _("Legal advice")
    REPRESENTATION = "representation", _("Out-of-court representation")


class Field(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    CIVIL = "civil", _("Civil")
    ADMINISTRATIVE = "administrative", _("Administrative")
    MARRIAGE_FAMILY = "marriage_family", _("Marriage and family")
    LAND = "land", _("Land")
    LABOUR = "labour", _("Labour")
    OTHER = "other", _("Other")


class ProceduralStatus(models.TextChoices):
    """The person's status in criminal proceedings."""

    NONE = "", _("Not in criminal proceedings")
    ARRESTED = "arrested", _("Arrested")
    DETAINED = "detained", _("Temporarily detained")
    ACCUSED = "accused", _("Accused")
    DEFENDANT = "defendant", _("Defendant")
    VICTIM = "victim", _("Victim")
    OTHER = "other", _("Other party")


class Stage(models.TextChoices):
    NONE = "", _("Not in proceedings")
    INVESTIGATION = "investigation", _("Investigation")
    PROSECUTION = "prosecution", _("Prosecution")
    TRIAL = "trial", _("Trial")


class Acceptance(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary acceptance")
    IMMEDIATE = "immediate", _("Immediate acceptance")


class ImmediateGround(models.TextChoices):
    """Art. 30(4); TT 12/2018 Art. 6."""

    LIMITATION = "limitation", _("Less than 5 working days of the limitation period left")
    HEARING = "hearing", _("A hearing less than 5 working days away")
    APPOINTED = "appointed", _("Court-appointed defence under the Criminal Procedure Code")
    NOTIFIED = "notified", _("Notified by a procedural body")
    PREVENT_HARM = "prevent_harm", _("To prevent harm to the person")


class RefusalGround(models.TextChoices):
    """Art. 30(3)."""

    NOT_ELIGIBLE = "not_eligible", _("The person is not eligible for legal aid")
    NO_MATTER = "no_matter", _("There is no concrete matter")
    UNLAWFUL = "unlawful", _("The request has unlawful content")
    DIED = "died", _("The person has died")
    HANDLED_ELSEWHERE = "handled_elsewhere", _("The matter is or was handled elsewhere")


class DiscontinueGround(models.TextChoices):
    """Art. 37(1) [U: the four common grounds]."""

    NOT_ELIGIBLE = "not_eligible", _("No longer eligible, or the proof was false")
    WITHDREW = "withdrew", _("The person withdrew the request")
    OBSTRUCTS = "obstructs", _("The person does not cooperate or obstructs the performer")
    DIED = "died", _("The person has died")
    PAPERS_MISSING = "papers_missing", _("Eligibility papers not provided in time")


class BodyKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation agency")
    PROCURACY = "procuracy", _("Procuracy")
    COURT = "court", _("Court")


class Satisfaction(models.TextChoices):
    """The satisfaction survey (Mẫu 11)."""

    NONE = "", _("Not surveyed")
    VERY = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NOT = "not_satisfied", _("Not satisfied")


class Criterion(models.TextChoices):
    """The "complex, typical" case criteria of TT 09/2018 Art. 3–7."""

    MEDIA = "media", _("Attracted media or public attention")
    DEFENCE_ACCEPTED = "defence_accepted", _("Defence position accepted against the charge")
    APPEALED = "appealed", _("Appealed or reviewed")
    MULTI_PROVINCE = "multi_province", _("Spans several provinces")
    PARTY_ABROAD = "party_abroad", _("A party abroad")
    MULTIPLE_CHARGES = "multiple_charges", _("Several charges")
    PRISON_2_YEARS = "prison_2_years", _("Prosecution seeks two years' prison or more")
    APPOINTED = "appointed", _("Court-appointed defence")
    REINVESTIGATION = "reinvestigation", _("Returned for further investigation")


# -- time limits (docs §4) -----------------------------------------------------------------------

# Assign a performer within 3 working days of acceptance (Art. 31(2), 33(2); for advice too [D]).
ASSIGN: Final = (3, Unit.WORKING_DAYS, "Luật TGPL 2017 Art. 31(2), 33(2)")
# …within 12 hours when the person is arrested or temporarily detained (Art. 31(2)).
ASSIGN_CUSTODY: Final = (12, Unit.HOURS, "Luật TGPL 2017 Art. 31(2)")
# Eligibility papers within 5 working days of an immediate acceptance, 10 in an especially
# difficult area or by force majeure (Art. 30(4); TT 12/2018 Art. 6).
PAPERS_WORKING_DAYS: Final = 5
PAPERS_WORKING_DAYS_DIFFICULT: Final = 10
# A procedural body notifies the centre within 12 hours of the request of an arrested or
# detained person, 24 hours for an accused person, defendant or victim (TTLT 10/2018 Art. 3).
NOTICE_HOURS: Final[dict[str, int]] = {
    ProceduralStatus.ARRESTED: 12,
    ProceduralStatus.DETAINED: 12,
    ProceduralStatus.ACCUSED: 24,
    ProceduralStatus.DEFENDANT: 24,
    ProceduralStatus.VICTIM: 24,
}
IN_CUSTODY: Final = frozenset({ProceduralStatus.ARRESTED, ProceduralStatus.DETAINED})


def needs_financial_difficulty(group: str) -> bool:
    return group in NEEDS_FINANCIAL_DIFFICULTY


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_fits(group: str, born: datetime.date, day: datetime.date) -> bool | None:
    """Whether a person born on ``born`` is of the age of ``group`` on ``day``; None for a
    group with no age condition."""
    bounds = AGE_BOUNDS.get(group)
    if bounds is None:
        return None
    lowest, under = bounds
    age = age_on(born, day)
    return (lowest is None or age >= lowest) and (under is None or age < under)


def notice_limit_hours(status: str) -> int | None:
    """Hours a procedural body has to notify the centre, by the person's status; None when
    TTLT 10/2018 sets none."""
    return NOTICE_HOURS.get(status)


def notice_due(status: str, requested_at: datetime.datetime) -> datetime.datetime | None:
    hours = notice_limit_hours(status)
    if hours is None:
        return None
    return hours_due(requested_at, hours)
