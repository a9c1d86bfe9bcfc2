"""The denunciation rules as data and pure functions: the time limits of the check, the
transfer and the resolution with its extensions, the grounds of non-acceptance and the
outcomes, each with its legal basis (docs/domain/denunciations.md). No database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.core import deadlines as core_deadlines
from tuphap.core.calendar import WorkingCalendar
from tuphap.core.deadlines import Unit


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit
    basis: str


RULE_SET: Final = "tc-2018"
IN_FORCE_FROM: Final = datetime.date(2019, 1, 1)  # Luật Tố cáo 25/2018/QH14 Art. 66

# The check of a received denunciation (Art. 24(1)): 7 working days, 10 when it must be
# checked at several places.
CHECK: Final = Period(7, Unit.WORKING_DAYS, "Luật Tố cáo 2018 Art. 24(1)")
CHECK_SEVERAL_SITES: Final = Period(10, Unit.WORKING_DAYS, "Luật Tố cáo 2018 Art. 24(1)")
# Outside the receiver's competence: transferred within 5 working days of receipt, and the
# denouncer notified (Art. 24(1)(b)).
TRANSFER: Final = Period(5, Unit.WORKING_DAYS, "Luật Tố cáo 2018 Art. 24(1)(b)")
# Resolution (Art. 30): 30 days from acceptance; a complex case one extension of at most 30
# days, an especially complex case two, each with a written notice.
RESOLUTION: Final = Period(30, Unit.DAYS, "Luật Tố cáo 2018 Art. 30")
EXTENSION_DAYS: Final = 30


def check_period(*, several_sites: bool) -> Period:
    return CHECK_SEVERAL_SITES if several_sites else CHECK


def due(start: datetime.date, period: Period, *, calendar: WorkingCalendar) -> datetime.date:
    return core_deadlines.due_date(start, period.amount, period.unit, calendar=calendar)


# Suspension and termination of the resolution (Art. 34): the suspension's time is not counted
# in the resolution limit (Art. 34(2)); the decisions to suspend or terminate are sent to the
# denouncer and the person denounced within 5 working days (Art. 34(4)).
SUSPENSION_NOTICE: Final = Period(5, Unit.WORKING_DAYS, "Luật Tố cáo 2018 Art. 34(4)")


class SuspensionGround(models.TextChoices):
    """The grounds of a suspension (Art. 34(1))."""

    AWAITING_OTHER = (
        "awaiting_other",
        _("Awaiting the result of another body or of a related case"),
    )
    AWAITING_EXPERTISE = (
        "awaiting_expertise",
        _("Awaiting a supplementary or repeated expert examination"),
    )


class TerminationGround(models.TextChoices):
    """The grounds of a termination (Art. 34(3)); the denouncer's withdrawal of the whole
    denunciation (ground (a)) is recorded by the withdrawal itself (Art. 33)."""

    DENOUNCED_DIED = (
        "denounced_died",
        _("The person denounced died and the denunciation concerns only their responsibility"),
    )
    ALREADY_SETTLED = (
        "already_settled",
        _("Already settled by an effective judgment or decision of a competent body"),
    )


class Complexity(models.TextChoices):
    ORDINARY = "", _("Ordinary")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")


# How many 30-day extensions each complexity allows (Art. 30).
EXTENSIONS_ALLOWED: Final[dict[str, int]] = {
    Complexity.ORDINARY: 0,
    Complexity.COMPLEX: 1,
    Complexity.ESPECIALLY_COMPLEX: 2,
}
MAX_EXTENSIONS: Final = max(EXTENSIONS_ALLOWED.values())


class Field(models.TextChoices):
    """What is denounced (Art. 2): a violation in performing official duties, or in state
    management in a field."""

    OFFICIAL_DUTY = "official_duty", _("Violation in performing official duties")
    STATE_MANAGEMENT = "state_management", _("Violation of state management rules")


class NonAcceptanceGround(models.TextChoices):
    """Denunciations not accepted (Art. 29(2))."""

    ALREADY_RESOLVED = (
        "already_resolved",
        _("Already resolved and the new denunciation raises nothing new"),
    )
    NO_BASIS = "no_basis", _("The content gives no basis to verify a violation")
    NOT_COMPETENT = "not_competent", _("Outside the competence of the receiver")
    INCAPACITY = "incapacity", _("The denouncer lacks capacity and has no representative")


class Outcome(models.TextChoices):
    RIGHT = "right", _("Denunciation found right")
    PARTLY_RIGHT = "partly_right", _("Denunciation found partly right")
    WRONG = "wrong", _("Denunciation found wrong")
