"""Law reporters and propagandists, mediators and their trainings (docs/domain/outreach.md §1,
§4). Written only by ``tuphap.outreach.people.services``."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.outreach.people import rules
from tuphap.places.models import AdministrativeUnit


class Disseminator(models.Model):
    """A law reporter (báo cáo viên) or propagandist (tuyên truyền viên) and the decision that
    recognised them. ``place`` is the unit of the list (the province of a provincial reporter,
    the commune of a propagandist; empty for a central reporter)."""

    kind = models.CharField(_("kind"), max_length=12, choices=rules.Kind.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=6, choices=rules.Sex.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency keeping the list"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    degree = models.CharField(_("degree"), max_length=8, choices=rules.Degree.choices)
    experience_years = models.PositiveSmallIntegerField(_("years of work"), default=0)
    recognised_by = models.CharField(
        _("recognised by"), max_length=20, choices=rules.Recogniser.choices
    )
    decision_number = models.CharField(_("recognition decision"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    ended_on = models.DateField(_("recognition withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("law reporter or propagandist")
        verbose_name_plural = _("law reporters and propagandists")
        ordering = ["kind", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "decision_number", "full_name"], name="outreach_disseminator_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.decision_date <= day and (self.ended_on is None or day < self.ended_on)


class Mediator(models.Model):
    """A grassroots mediator recognised by the commune chairman (Luật HGCS 2013 Art. 8(4)), in
    the commune ``place``, living in the village or residential group ``village``."""

    full_name = models.CharField(_("full name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=6, choices=rules.Sex.choices)
    ethnic_minority = models.BooleanField(_("ethnic minority"), default=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
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
    election_share = models.PositiveSmallIntegerField(
        _("households in favour (%)"), null=True, blank=True
    )
    decision_number = models.CharField(_("recognition decision"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    ended_on = models.DateField(_("stopped on"), null=True, blank=True)
    end_ground = models.CharField(
        _("ground of stopping"), max_length=12, choices=rules.MediatorEnd.choices, blank=True
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["place_id", "village", "full_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    def is_active_on(self, day: datetime.date) -> bool:
        return self.decision_date <= day and (self.ended_on is None or day < self.ended_on)


class Training(models.Model):
    """A training a mediator attended (Art. 9(4); Art. 29(1))."""

    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.CASCADE, related_name="trainings"
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("training"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("hours"), default=4)

    class Meta:
        verbose_name = _("mediator training")
        verbose_name_plural = _("mediator trainings")
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on:%d/%m/%Y}"
