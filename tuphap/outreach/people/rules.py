"""The conditions of recognition as data and pure functions (docs/domain/outreach.md §1, §4).
No database."""

from __future__ import annotations

from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    MALE = "male", pgettext_lazy("outreach", "Male")
    FEMALE = "female", pgettext_lazy("outreach", "Female")


class Kind(models.TextChoices):
    """Luật PBGDPL 2012 Art. 35 (báo cáo viên pháp luật) and Art. 37 (tuyên truyền viên)."""

    REPORTER = "reporter", _("Law reporter")
    PROPAGANDIST = "propagandist", _("Law propagandist")


class Recogniser(models.TextChoices):
    """Who recognises: a reporter the minister (central) or the provincial chairman (local),
    Art. 36; a propagandist the commune chairman, Art. 37(2)."""

    MINISTER = "minister", _("Minister or head of a central body")
    PROVINCIAL_CHAIRMAN = "provincial_chairman", _("Chairman of the provincial People's Committee")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chairman of the commune People's Committee")


RECOGNISERS: Final[dict[str, frozenset[str]]] = {
    Kind.REPORTER: frozenset({Recogniser.MINISTER, Recogniser.PROVINCIAL_CHAIRMAN}),
    Kind.PROPAGANDIST: frozenset({Recogniser.COMMUNE_CHAIRMAN}),
}


class Degree(models.TextChoices):
    LAW = "law", _("University degree in law")
    OTHER = "other", _("Other university degree")
    NONE = "none", _("No university degree")


# Art. 35(1)(c): a law degree and 2 years of legal work, or another degree and 3 years of work
# in a field related to the post.
REPORTER_YEARS: Final[dict[str, int]] = {Degree.LAW: 2, Degree.OTHER: 3}


def reporter_failures(
    *, degree: str, years: int, good_standing: bool, can_communicate: bool
) -> dict[str, str]:
    """The Art. 35(1) conditions a candidate reporter does not meet, by field."""
    failures: dict[str, str] = {}
    if not good_standing:
        failures["good_standing"] = str(
            _(
                "A law reporter has a firm political stance and good moral qualities "
                "(Art. 35(1)(a))."
            )
        )
    needed = REPORTER_YEARS.get(degree)
    if needed is None:
        failures["degree"] = str(_("A law reporter holds a university degree (Art. 35(1)(c))."))
    elif years < needed:
        failures["experience_years"] = str(
            _(
                "With this degree a law reporter needs at least %(years)d years of work "
                "(Art. 35(1)(c))."
            )
            % {"years": needed}
        )
    if not can_communicate:
        failures["can_communicate"] = str(
            _("A law reporter is able to disseminate the law (Art. 35(1)(b)).")
        )
    return failures


def propagandist_failures(*, good_standing: bool, can_communicate: bool) -> dict[str, str]:
    """The Art. 37(1) conditions a candidate propagandist does not meet, by field."""
    failures: dict[str, str] = {}
    if not good_standing:
        failures["good_standing"] = str(
            _("A propagandist has good moral qualities and standing in the community (Art. 37(1)).")
        )
    if not can_communicate:
        failures["can_communicate"] = str(
            _("A propagandist has knowledge of the law and is able to propagate it (Art. 37(1)).")
        )
    return failures


# Luật HGCS 2013 Art. 8(3)(a): a mediator is proposed with more than half of the households.
ELECTION_SHARE: Final = 50


class MediatorEnd(models.TextChoices):
    """Luật HGCS 2013 Art. 11(1): the grounds on which a mediator stops."""

    WISH = "wish", _("At the mediator's wish")
    STANDARDS = "standards", _("No longer meets the standards of Art. 7")
    VIOLATION = "violation", _("Breached the principles of Art. 4 or was sanctioned")
