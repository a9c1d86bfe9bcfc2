"""Mediation teams and their members, and the mediation book: each matter a case of the case
engine (``casework.Case``: number in the book, state, the 3-day clock, journal) with its detail
here (docs/domain/outreach.md §4–§6). Written only by ``tuphap.outreach.mediation.services``."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.outreach.mediation import rules
from tuphap.outreach.people.models import Mediator
from tuphap.places.models import AdministrativeUnit


class Team(models.Model):
    """A mediation team (tổ hòa giải) of a village or residential group of the commune
    ``place`` (Art. 12). ``complete`` and ``problems`` are the Art. 12(1) check, kept by every
    change of its members."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("commune People's Committee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.CharField(_("village or residential group"), max_length=120)
    name = models.CharField(_("name"), max_length=200)
    decision_number = models.CharField(_("establishing decision"), max_length=60, blank=True)
    established_on = models.DateField(_("established on"))
    minority_area = models.BooleanField(_("area with many ethnic minority people"), default=False)
    complete = models.BooleanField(_("composition complete"), default=False)
    problems = models.JSONField(_("what the composition lacks"), default=list, blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("mediation team")
        verbose_name_plural = _("mediation teams")
        ordering = ["place_id", "village", "id"]
        constraints = [
            models.UniqueConstraint(fields=["place", "village"], name="outreach_team_per_village")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A mediator in a team from ``joined_on`` until ``left_on`` (excluded); one leader
    (tổ trưởng, Art. 14)."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="memberships"
    )
    is_leader = models.BooleanField(_("team leader"), default=False)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_leader", "mediator__full_name", "id"]

    def __str__(self) -> str:
        return f"{self.mediator} – {self.team}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class MediationCase(models.Model):
    """One matter in the mediation book: the dispute, how it came (Art. 16), the mediator
    assigned (Art. 18) and the start due within 3 days (Art. 20(2)), the outcome (Art. 23–27)
    with the agreement, the follow-up of its performance (Art. 26), or the Art. 3 ground on
    which it was refused."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="mediation_detail",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases"
    )
    field = models.CharField(_("kind of matter"), max_length=16, choices=rules.Field.choices)
    origin = models.CharField(_("how it came"), max_length=10, choices=rules.Origin.choices)
    parties = models.CharField(_("parties to the dispute"), max_length=500)
    dispute = models.TextField(_("the dispute"))
    received_on = models.DateField(_("received on"))
    mediator = models.ForeignKey(
        Mediator,
        verbose_name=_("mediator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    start_due_on = models.DateField(_("start due on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    started_on_time = models.BooleanField(_("started on time"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    agreement = models.TextField(_("agreement reached"), blank=True)
    written_settlement = models.BooleanField(_("written settlement (Art. 24(2))"), default=False)
    end_reason = models.TextField(_("reason"), blank=True)
    exclusion = models.CharField(
        _("ground of refusal"), max_length=20, choices=rules.Exclusion.choices, blank=True
    )
    performance = models.CharField(
        _("performance of the agreement"),
        max_length=16,
        choices=rules.Performance.choices,
        blank=True,
        default="",
    )
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        indexes = [models.Index(fields=["team", "received_on"], name="outreach_mediation_team")]

    def __str__(self) -> str:
        return f"{self.parties} ({self.case_id})"


class Meeting(models.Model):
    """A mediation session of a case (Art. 21): when, where, who took part, what happened."""

    case = models.ForeignKey(
        MediationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    note = models.TextField(_("what happened"))

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y}"
