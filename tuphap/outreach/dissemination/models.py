"""Dissemination sessions, the documents they disseminated, who led them, and Law Day
campaigns (docs/domain/outreach.md §2–§3). Written only by
``tuphap.outreach.dissemination.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.outreach.dissemination import rules
from tuphap.outreach.people.models import Disseminator
from tuphap.places.models import AdministrativeUnit


class Campaign(models.Model):
    """A Law Day campaign (Ngày Pháp luật, 9 November, Luật PBGDPL Art. 8): the window of the
    year's response activities of one agency; the window contains 9 November."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("campaign title"), max_length=255)
    starts_on = models.DateField(_("campaign starts on"))
    ends_on = models.DateField(_("campaign ends on"))

    class Meta:
        verbose_name = _("Law Day campaign")
        verbose_name_plural = _("Law Day campaigns")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="outreach_campaign_once")
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One dissemination activity (cuộc): a session, a counselling day, a broadcast, a contest.
    ``place`` is the administrative unit where it was held, valid on ``held_on``; ``level`` is
    the organiser's level at the time."""

    held_on = models.DateField(_("date"))
    place = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    organiser = models.ForeignKey(
        Agency, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=rules.Level.choices)
    form = models.CharField(_("form"), max_length=16, choices=rules.Form.choices)
    topics = models.TextField(_("topics"))
    target_groups = models.JSONField(_("target groups"), default=list)
    participants = models.PositiveIntegerField(_("participants (lượt người)"), default=0)
    contestants = models.PositiveIntegerField(_("contestants"), default=0)
    materials = models.PositiveIntegerField(_("materials distributed (copies)"), default=0)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("Law Day campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    leaders = models.ManyToManyField(
        Disseminator, verbose_name=_("led by"), blank=True, related_name="sessions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("dissemination session")
        verbose_name_plural = _("dissemination sessions")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["held_on"], name="outreach_session_day"),
            models.Index(fields=["place", "held_on"], name="outreach_session_place"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.held_on:%d/%m/%Y}"


class SessionDocument(models.Model):
    """A legal document disseminated at a session, by its number and symbol (số, ký hiệu, e.g.
    ``35/2013/QH13``): data, not a link into the legislation register (a register does not
    import another; the page links to the legislation search by that number)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="documents"
    )
    number = models.CharField(_("number and symbol"), max_length=60)
    title = models.CharField(_("title"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("document disseminated")
        verbose_name_plural = _("documents disseminated")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number
