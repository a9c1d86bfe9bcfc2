"""The dissemination rules as data (docs/domain/outreach.md §2). No database."""

from __future__ import annotations

import datetime
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class Form(models.TextChoices):
    """The forms of dissemination of Luật PBGDPL 2012 Art. 11(1)(a)–(h)."""

    PRESS = "press", _("Press conference, press release")
    DIRECT = "direct", _("Direct dissemination session")
    COUNSELLING = "counselling", _("Counselling, guidance, answering questions")
    MATERIALS = "materials", _("Providing legal information and materials")
    MASS_MEDIA = "mass_media", _("Mass media, loudspeakers, internet, posters, notice boards")
    CONTEST = "contest", _("Legal-knowledge contest")
    THROUGH_WORK = (
        "through_work",
        _("Through adjudication, sanctions, reception, legal aid, mediation"),
    )
    CULTURAL = "cultural", _("Cultural activities, clubs")
    BOOKCASE = "bookcase", _("Law bookcase")
    SCHOOL = "school", _("Legal education in schools")
    OTHER = "other", _("Other form")


class TargetGroup(models.TextChoices):
    """The groups the session was for (Art. 13–22 name the groups of particular attention)."""

    PUBLIC = "public", _("General public")
    OFFICIALS = "officials", _("Officials, civil servants, public employees")
    PUPILS = "pupils", _("Pupils and students")
    WORKERS = "workers", _("Workers and employees")
    FARMERS = "farmers", _("Farmers")
    ETHNIC_MINORITIES = "ethnic_minorities", _("Ethnic minorities, border and island areas")
    DISABLED = "disabled", _("Persons with disabilities")
    DETAINEES = "detainees", _("Detainees, prisoners, persons under education measures")
    BUSINESSES = "businesses", _("Businesses")
    VICTIMS = "victims", _("Victims of domestic violence")


class Level(models.TextChoices):
    """The level of the organiser (the figures by level)."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


# Art. 8: 9 November every year is the Law Day of Việt Nam.
LAW_DAY: Final = (11, 9)


def law_day(year: int) -> datetime.date:
    return datetime.date(year, *LAW_DAY)


def in_law_day_window(day: datetime.date, start: datetime.date, end: datetime.date) -> bool:
    return start <= day <= end


# The largest figures accepted on one session (a typo guard, not a law): a mass-media broadcast
# reaches many; a direct session does not.
MAX_PARTICIPANTS: Final = 10_000_000
MAX_DIRECT_PARTICIPANTS: Final = 20_000
