"""The mediation rules as data and pure functions (docs/domain/outreach.md §4–§5). No
database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.core.deadlines import Unit
from tuphap.outreach.people.rules import Sex

# Art. 12(1): a team has 3 mediators or more, among them a woman; in an area with many ethnic
# minority people, an ethnic minority mediator.
MIN_MEMBERS: Final = 3

# Art. 20(2): "Trong thời hạn 03 ngày, kể từ ngày được phân công, hòa giải viên bắt đầu tiến
# hành hòa giải" — days, not working days (the law says "ngày", not "ngày làm việc"), counted by
# the Civil Code (BLDS 2015 Art. 147–148): from the day after the assignment, a last day on a
# weekend or holiday moving to the next working day.
START: Final = (3, Unit.DAYS, "Luật Hòa giải ở cơ sở 2013 Art. 20(2)")


class Field(models.TextChoices):
    """The kind of matter (the book's column; TT 03/2019's breakdown [U])."""

    MARRIAGE_FAMILY = "marriage_family", _("Marriage and family")
    LAND = "land", _("Land")
    CIVIL = "civil", _("Civil (contracts, property, debts)")
    NEIGHBOURS = "neighbours", _("Neighbourhood, living together")
    MINOR_VIOLATION = "minor_violation", _("Minor violation not sanctioned")
    OTHER = "other", _("Other")


class Origin(models.TextChoices):
    """Art. 16: the grounds on which mediation is conducted."""

    REQUEST = "request", _("Requested by a party or the parties")
    WITNESSED = "witnessed", _("A mediator witnessed or learnt of it")
    REFERRAL = "referral", _("Assigned by the team leader or proposed by a body or person")


class Exclusion(models.TextChoices):
    """Art. 3(1)(a)–(d) (NĐ 15/2014 Art. 5): matters grassroots mediation does not take."""

    PUBLIC_INTEREST = (
        "public_interest",
        _("Harms the interest of the State or the public (Art. 3(1)(a))"),
    )
    NOT_MEDIABLE = (
        "not_mediable",
        _(
            "Marriage, family or civil matter the civil procedure law does not allow to "
            "mediate (Art. 3(1)(b))"
        ),
    )
    CRIME_OR_SANCTION = (
        "crime_or_sanction",
        _("Must be prosecuted or sanctioned administratively (Art. 3(1)(c))"),
    )
    OTHER_LAW = "other_law", _("Another law does not allow grassroots mediation (Art. 3(1)(d))")


class Performance(models.TextChoices):
    """Art. 26: the mediator follows up and urges the performance of the agreement."""

    PENDING = "", _("Not yet followed up")
    PERFORMED = "performed", _("Agreement performed")
    PARTLY = "partly", _("Partly performed")
    NOT_PERFORMED = "not_performed", _("Not performed")


def composition_problems(members: Iterable[tuple[str, bool]], *, minority_area: bool) -> list[str]:
    """What a team's active members (sex, ethnic minority) lack under Art. 12(1); empty when
    the team is complete."""
    rows = list(members)
    problems = []
    if len(rows) < MIN_MEMBERS:
        problems.append(str(_("A mediation team has at least 3 mediators (Art. 12(1)).")))
    if not any(sex == Sex.FEMALE for sex, _minority in rows):
        problems.append(str(_("A mediation team has a woman mediator (Art. 12(1)).")))
    if minority_area and not any(minority for _sex, minority in rows):
        problems.append(
            str(
                _(
                    "In an area with many ethnic minority people the team has an ethnic "
                    "minority mediator (Art. 12(1))."
                )
            )
        )
    return problems
