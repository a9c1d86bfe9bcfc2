from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tuphap.core import validity


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Boundaries(models.TextChoices):
    """The two sets of administrative boundaries the sector reports on."""

    OLD = "old", _("Before 1 July 2025 (63 provinces)")
    NEW = "new", _("From 1 July 2025 (34 provinces)")


# The two-tier local government and the 34 provinces took effect on this day (NQ 202/2025/QH15,
# Law 72/2025/QH15); see docs/domain/places.md.
REORGANISATION_DATE = datetime.date(2025, 7, 1)


class AdministrativeUnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def valid_on(self, day: datetime.date) -> AdministrativeUnitQuerySet:
        return self.filter(validity.valid_on(day))


class AdministrativeUnit(models.Model):
    """A province, district or commune for the interval it existed.

    A code alone never identifies a unit: the 2025 list re-uses old commune codes for different
    new communes. A unit is (code, level, valid_from). ``valid_from``/``valid_to`` are the first
    and last day of validity, inclusive; empty means unbounded.
    """

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(_("name without diacritics"), max_length=200, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    unit_type = models.CharField(_("type"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The province the unit belongs to (itself for a province): the distribution key that every
    # large table carries, and the cheap filter for provincial jurisdiction.
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code"]
        constraints = [
            # A code is unique per level and start of validity. Units with no known start (the
            # pre-2025 list) get their own partial index, since NULLs are distinct in a plain one;
            # both kinds work on SQLite and PostgreSQL.
            models.UniqueConstraint(
                fields=["code", "level", "valid_from"], name="unit_code_level_valid_from"
            ),
            models.UniqueConstraint(
                fields=["code", "level"],
                condition=Q(valid_from__isnull=True),
                name="unit_code_level_unbounded_start",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "code"], name="unit_level_code"),
            models.Index(fields=["province", "level"], name="unit_province_level"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def boundaries(self) -> str:
        """Which boundary set the unit belongs to."""
        if self.valid_from is not None and self.valid_from >= REORGANISATION_DATE:
            return Boundaries.NEW
        return Boundaries.OLD

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitSuccession(models.Model):
    """One row of the old → new crosswalk: ``predecessor`` became (part of) ``successor``."""

    class Kind(models.TextChoices):
        WHOLE = "whole", _("Merged whole")
        PARTIAL = "partial", _("Merged in part")

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.kind})"


class RemoteAreaListing(models.Model):
    """A unit listed as a remote or disadvantaged area ("vùng sâu, vùng xa", "đặc biệt khó
    khăn") by a decision, from a date (and until one, when a later list drops it). Other
    registers read it as at the date of their event (e.g. a complaint's receipt, for the longer
    limits of Luật Khiếu nại 2011 Art. 28(2), 37(2)) [U: which official list applies after the
    2025 reorganisation was not found; each province records the decision it follows]."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.CASCADE,
        related_name="remote_listings",
    )
    decision = models.CharField(
        _("decision listing it"),
        max_length=120,
        help_text=_("Number and issuer of the decision, e.g. 861/QĐ-TTg."),
    )
    decided_on = models.DateField(_("decision dated"), null=True, blank=True)
    valid_from = models.DateField(_("applies from"))
    valid_to = models.DateField(_("applies until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("remote area listing")
        verbose_name_plural = _("remote area listings")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="remote_listing_interval",
            ),
        ]
        indexes = [models.Index(fields=["unit", "valid_from"], name="remote_listing_unit_from")]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.decision}"

    def applies_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
