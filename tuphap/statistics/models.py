from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.places.models import AdministrativeUnit


class Rollup(models.Model):
    """One indicator's value for one month, place and agency: derived from the registers by
    the refresh job, rebuildable, and the only table reports read.

    ``place`` is the finest unit the register records (usually a commune; a province for
    province-level agencies), as at the event date: rows before 1 July 2025 are on old units.
    ``province`` is the place's province, the distribution key. Both are empty on a
    *central-level* row: work done at central level with no administrative place (laws and
    decrees promulgated, the ministry's appraisals), usually with its agency (ADR 0010).
    """

    indicator = models.CharField(_("indicator"), max_length=100)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # derived rows: no key check per row at commit (ADR 0020)
        help_text=_("Empty for central level."),
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # derived rows: no key check per row at commit (ADR 0020)
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # derived rows: no key check per row at commit (ADR 0020)
    )
    value = models.BigIntegerField(_("value"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("rollup")
        verbose_name_plural = _("rollups")
        constraints = [
            # Partial constraints instead of nulls_distinct=False, which SQLite lacks: one row
            # per (indicator, month, place, agency), an empty place (central level) and an
            # empty agency each counting as a value. A NULL never equals another in a unique
            # index, so the first two leave central rows alone and the last two cover them.
            models.UniqueConstraint(
                fields=["indicator", "month", "place", "agency"],
                condition=Q(agency__isnull=False),
                name="rollup_unique_with_agency",
            ),
            models.UniqueConstraint(
                fields=["indicator", "month", "place"],
                condition=Q(agency__isnull=True),
                name="rollup_unique_without_agency",
            ),
            models.UniqueConstraint(
                fields=["indicator", "month", "agency"],
                condition=Q(place__isnull=True, agency__isnull=False),
                name="rollup_unique_central_with_agency",
            ),
            models.UniqueConstraint(
                fields=["indicator", "month"],
                condition=Q(place__isnull=True, agency__isnull=True),
                name="rollup_unique_central_without_agency",
            ),
            # A place always has its province; central level has neither.
            models.CheckConstraint(
                condition=Q(place__isnull=True, province__isnull=True)
                | Q(place__isnull=False, province__isnull=False),
                name="rollup_central_has_no_province",
            ),
        ]
        indexes = [
            # The report: one indicator, a range of months, grouped or filtered by province.
            # ``value`` last so that both engines can answer from the index alone.
            models.Index(
                fields=["indicator", "month", "province", "value"], name="rollup_ind_month_prov"
            ),
        ]

    def __str__(self) -> str:
        where = self.place_id if self.place_id is not None else "central"
        return f"{self.indicator} {self.month:%Y-%m} {where}: {self.value}"


class ProvinceRollup(models.Model):
    """The rollups added up by (indicator, month, province): what a national or provincial
    report of a user with national access reads (ADR 0020). Derived from ``Rollup`` by the one
    write adapter (``rollups.write_rows`` / ``delete_months`` / ``summarise``) in the same
    transaction, so it is never out of step with it; ``province`` empty is central level."""

    indicator = models.CharField(_("indicator"), max_length=100)
    month = models.DateField(_("month"))
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # derived rows: no key check per row at commit (ADR 0020)
    )
    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("province rollup")
        verbose_name_plural = _("province rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "month", "province"],
                condition=Q(province__isnull=False),
                name="provincerollup_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "month"],
                condition=Q(province__isnull=True),
                name="provincerollup_unique_central",
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "month", "province", "value"], name="provrollup_ind_month"
            ),
        ]

    def __str__(self) -> str:
        where = self.province_id if self.province_id is not None else "central"
        return f"{self.indicator} {self.month:%Y-%m} {where}: {self.value}"


class RollupCoverage(models.Model):
    """That an indicator's month has been computed (even when it produced no rows).

    A report tells "nothing recorded" (0) from "not computed" (empty) with it."""

    indicator = models.CharField(_("indicator"), max_length=100)
    month = models.DateField(_("month"))
    rows = models.PositiveIntegerField(_("rows"))
    computed_at = models.DateTimeField(_("computed at"))
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("computed month")
        verbose_name_plural = _("computed months")
        ordering = ["indicator", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="rollup_coverage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.month:%Y-%m}"


class ReportStage(models.TextChoices):
    """Figures exist as estimates, then preliminary, then official (domain reference §0.2)."""

    ESTIMATE = "estimate", _("Estimate")
    PRELIMINARY = "preliminary", _("Preliminary")
    OFFICIAL = "official", _("Official")


STAGE_ORDER = {ReportStage.ESTIMATE: 0, ReportStage.PRELIMINARY: 1, ReportStage.OFFICIAL: 2}


class ReportVersion(models.Model):
    """An issued report: the figures as they stood when it was issued, never changed after.

    A later version of the same report (same key: period, level, place, boundaries and
    indicators) supersedes it but does not overwrite it."""

    key = models.CharField(_("report"), max_length=255, db_index=True)
    number = models.PositiveIntegerField(_("version"))
    stage = models.CharField(_("stage"), max_length=12, choices=ReportStage.choices)
    period = models.CharField(_("period"), max_length=20)
    level = models.CharField(_("level"), max_length=10)
    boundaries = models.CharField(_("boundaries"), max_length=3)
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicators = models.JSONField(_("indicators"))
    rows = models.JSONField(_("figures"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        "accounts.User", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "number"], name="report_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.number} ({self.stage})"

    def save(self, *args: object, **kwargs: object) -> None:
        # An issued report is immutable: a correction is a new version.
        if self.pk is not None:
            raise ValueError("An issued report is never changed; issue a new version instead.")
        super().save(*args, **kwargs)


class Target(models.Model):
    """The figure an indicator must reach in a period, for the nation (no place) or a province,
    as the ministry assigns it (ADR 0018): e.g. the enforcement completion rates of the
    enforcement year. The review shows the progress against it."""

    indicator = models.CharField(_("indicator"), max_length=100)
    period = models.CharField(_("period"), max_length=20, help_text=_("e.g. THADS2026, 2026"))
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the nation."),
    )
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=2)
    basis = models.CharField(
        _("assigned by"), max_length=255, help_text=_("The decision that assigns the target.")
    )
    set_by = models.ForeignKey(
        "accounts.User", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "place"],
                name="statistics_target_unique",
                condition=Q(place__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="statistics_target_national_unique",
                condition=Q(place__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.place_id or 'VN'}"


class ReviewVersion(models.Model):
    """An issued annual review (ADR 0018): its sections (texts and figures) as they stood when
    it was issued, never changed after. Written before the year ends, it is an *estimate* (the
    figures actual to ``cut_off``, TT 03/2019/TT-BTP Art. 6); the *official* version, issued
    once the year has closed, supersedes it without overwriting it."""

    key = models.CharField(_("annual review"), max_length=100, db_index=True)
    number = models.PositiveIntegerField(_("version"))
    stage = models.CharField(_("stage"), max_length=12, choices=ReportStage.choices)
    year = models.PositiveIntegerField(_("year"))
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    boundaries = models.CharField(_("boundaries"), max_length=3)
    cut_off = models.DateField(
        _("actual to"), null=True, blank=True, help_text=_("Empty when every figure is actual.")
    )
    sections = models.JSONField(_("sections"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        "accounts.User", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("issued review")
        verbose_name_plural = _("issued reviews")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "number"], name="review_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.number} ({self.stage})"

    def save(self, *args: object, **kwargs: object) -> None:
        # An issued review is immutable: a correction is a new version.
        if self.pk is not None:
            raise ValueError("An issued review is never changed; issue a new version instead.")
        super().save(*args, **kwargs)


class RollupMark(models.Model):
    """That a register changed one (place, agency) cell of its indicators from one month on
    (ADR 0021): written by the register's service in the change's own transaction, drained by
    the incremental refresh job, which deletes the marks it handled by id."""

    # an indicator code or a prefix of codes ("thads" marks every thads.* indicator)
    prefix = models.CharField(_("indicator prefix"), max_length=100)
    place_id = models.IntegerField(_("place"), null=True, blank=True)
    agency_id = models.IntegerField(_("agency"), null=True, blank=True)
    from_month = models.DateField(_("from month"))
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("changed rollup cell")
        verbose_name_plural = _("changed rollup cells")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.prefix} {self.place_id}/{self.agency_id} from {self.from_month:%Y-%m}"
