"""Aggregate report forms (DHIS2-like data sets), declared as data and edited in the admin.

A *data set* (a report form of TT 03/2019/TT-BTP or one we designed) has *data elements*, each
optionally broken down by a *category combo* (by sex, by kind); the reporting agencies fill one
*form report* per period, one integer *value* per (element, option). Every change of a value is
kept (``ValueChange``) and audited; the report moves draft → submitted → approved → accepted
(or back to returned) and its approved values become rollup facts (ADR 0015,
docs/domain/aggregate-forms.md).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency, AgencyKind
from tuphap.places.models import AdministrativeUnit

CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def validate_code(value: str) -> None:
    if not CODE.match(value):
        raise ValidationError(
            _("Use lower-case letters, digits and underscores, starting with a letter.")
        )


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


class ReportingLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("Central level")


class ElementTime(models.TextChoices):
    FLOW = "flow", _("Flow: added over periods (received, done)")
    STOCK = "stock", _("Stock: as at the period's end (in post, carried forward)")
    OPENING = "opening", _("Opening stock: as at the period's start (carried in)")


class CategoryCombo(models.Model):
    """A breakdown of a data element: "by sex" (male, female), "by kind of organisation"."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CategoryOption(models.Model):
    combo = models.ForeignKey(
        CategoryCombo,
        verbose_name=_("disaggregation"),
        on_delete=models.CASCADE,
        related_name="options",
    )
    code = models.CharField(_("code"), max_length=40, validators=[validate_code])
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("disaggregation option")
        verbose_name_plural = _("disaggregation options")
        ordering = ["combo", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["combo", "code"], name="aggregate_option_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class DataSet(models.Model):
    """A report form: what is reported, by whom, for which periods, by when."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    form_number = models.CharField(
        _("form number"),
        max_length=60,
        blank=True,
        help_text=_("The official form's number, e.g. in TT 03/2019/TT-BTP, when known."),
    )
    source = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("Where the form and its elements come from; [D] when designed by us."),
    )
    period_type = models.CharField(_("period type"), max_length=10, choices=PeriodType.choices)
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days after the period's end)"), default=15
    )
    reporting_level = models.CharField(
        _("reporting level"), max_length=10, choices=ReportingLevel.choices
    )
    reporter_kind = models.CharField(
        _("reporting agencies (kind)"),
        max_length=40,
        choices=AgencyKind.choices,
        help_text=_("Every agency of this kind reports, unless reporters are listed below."),
    )
    reporters = models.ManyToManyField(
        Agency,
        verbose_name=_("reporting agencies"),
        blank=True,
        related_name="+",
        help_text=_("Only these agencies report (empty: every agency of the kind)."),
    )
    active = models.BooleanField(_("in use"), default=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class DataElement(models.Model):
    data_set = models.ForeignKey(
        DataSet, verbose_name=_("report form"), on_delete=models.CASCADE, related_name="elements"
    )
    code = models.CharField(_("code"), max_length=40, validators=[validate_code])
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    section = models.CharField(_("section"), max_length=120, blank=True)
    combo = models.ForeignKey(
        CategoryCombo,
        verbose_name=_("disaggregation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    time = models.CharField(
        _("time behaviour"), max_length=8, choices=ElementTime.choices, default=ElementTime.FLOW
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    designed = models.BooleanField(
        _("designed by us"),
        default=False,
        help_text=_("Not read from an official form: [D] in docs/domain/aggregate-forms.md."),
    )

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["data_set", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "code"], name="aggregate_element_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class RuleKind(models.TextChoices):
    EQUAL = "equal", _("Left equals right (error)")
    AT_MOST = "at_most", _("Left is not above right (error)")
    JUMP = "jump", _("Left changes by more than the threshold from last year (warning)")


class ValidationRule(models.Model):
    """A check of a form's values. ``left`` and ``right`` are sums of terms ``element`` or
    ``element.option`` joined by ``+`` and ``-``: an element alone is its total."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("report form"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField(_("code"), max_length=40, validators=[validate_code])
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices)
    left = models.CharField(_("left side"), max_length=500)
    right = models.CharField(_("right side"), max_length=500, blank=True)
    threshold = models.PositiveSmallIntegerField(
        _("threshold (%)"),
        null=True,
        blank=True,
        help_text=_("For a jump: the change from the same period last year that is flagged."),
    )
    message = models.CharField(_("message"), max_length=255)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["data_set", "id"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "code"], name="aggregate_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.left} {self.kind} {self.right}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Being entered")
    SUBMITTED = "submitted", _("Submitted, awaiting approval")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved by the level above")
    ACCEPTED = "accepted", _("Accepted by the ministry")


# The statuses whose values are facts in the rollup store (ADR 0015).
FACT_STATUSES = (ReportStatus.APPROVED, ReportStatus.ACCEPTED)
# The statuses in which the reporting unit may change values.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class FormReport(models.Model):
    """One agency's form for one period."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("report form"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("reporting agency"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for central level."),
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("submitted late"), default=False)
    comment = models.CharField(_("comment of the level above"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("form report")
        verbose_name_plural = _("form reports")
        ordering = ["-period_end", "data_set", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "agency", "period"], name="aggregate_report_unique"
            ),
        ]
        indexes = [models.Index(fields=["data_set", "period", "status"], name="aggregate_ds_per")]

    def __str__(self) -> str:
        return f"{self.data_set.code} {self.period} {self.agency.code}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class AggregateValue(models.Model):
    """One cell: (report = data set, agency, place, period) × element × option."""

    report = models.ForeignKey(
        FormReport, verbose_name=_("form report"), on_delete=models.CASCADE, related_name="values"
    )
    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.PROTECT, related_name="+"
    )
    option = models.ForeignKey(
        CategoryOption,
        verbose_name=_("disaggregation option"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.BigIntegerField(_("value"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("form value")
        verbose_name_plural = _("form values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "element", "option"],
                condition=Q(option__isnull=False),
                name="aggregate_value_unique",
            ),
            models.UniqueConstraint(
                fields=["report", "element"],
                condition=Q(option__isnull=True),
                name="aggregate_value_unique_total",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="aggregate_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.element_id}/{self.option_id}: {self.value}"


class ValueChange(models.Model):
    """The history of a cell: every change, who, when, old → new (empty = no value)."""

    report = models.ForeignKey(
        FormReport, verbose_name=_("form report"), on_delete=models.CASCADE, related_name="changes"
    )
    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.PROTECT, related_name="+"
    )
    option = models.ForeignKey(
        CategoryOption,
        verbose_name=_("disaggregation option"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    old = models.BigIntegerField(_("old value"), null=True, blank=True)
    new = models.BigIntegerField(_("new value"), null=True, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"))
    channel = models.CharField(_("channel"), max_length=10, default="web")

    class Meta:
        verbose_name = _("change of a form value")
        verbose_name_plural = _("changes of form values")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.element_id}/{self.option_id}: {self.old} → {self.new}"


class ReportAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted to the level above")
    RETURN = "return", _("Returned")
    APPROVE = "approve", _("Approved")
    ACCEPT = "accept", _("Accepted by the ministry")
    UNLOCK = "unlock", _("Unlocked for correction")


class ReportEvent(models.Model):
    """The workflow history of a form report, with the comment given."""

    report = models.ForeignKey(
        FormReport, verbose_name=_("form report"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=ReportAction.choices)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("form report event")
        verbose_name_plural = _("form report events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class VersionAction(models.TextChoices):
    APPROVE = "approve", _("Approved by the unit's leader")
    ACCEPT = "accept", _("Accepted by the level above")


class VersionDecision(models.Model):
    """An issued report's approval chain (issued = prepared → approved by the issuing unit's
    leader → accepted by the ministry for a local unit's report). The figures of the version
    never change; the decisions are kept beside them."""

    version = models.ForeignKey(
        "statistics.ReportVersion",
        verbose_name=_("issued report"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    action = models.CharField(_("action"), max_length=10, choices=VersionAction.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("decision on an issued report")
        verbose_name_plural = _("decisions on issued reports")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "action"], name="version_decision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.action}"


# -- historic figures of past periods (ADR 0016) ------------------------------------------------


class HistoricStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting approval")
    APPROVED = "approved", _("Approved: used by reports")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn: no longer used")


class HistoricBatch(models.Model):
    """One uploaded workbook of past periods' figures (a ministry that starts using tuphap in
    the middle of a term loads what it reported before). Its figures count in reports only
    while it is approved, and only where no records exist (ADR 0016)."""

    title = models.CharField(_("title"), max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("loading agency"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HistoricStatus.choices,
        default=HistoricStatus.SUBMITTED,
    )
    figure_count = models.PositiveIntegerField(_("figures"), default=0)
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("historic figures upload")
        verbose_name_plural = _("historic figures uploads")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"


class HistoricFigure(models.Model):
    """One past figure: an indicator's value for one period, unit (as at the period) and
    agency. It lies on the month its period closes (an opening stock on the month it opens),
    like a form's value; ``first_month``–``last_month`` is its whole period, over which any
    record of the same indicator and province makes the records win."""

    batch = models.ForeignKey(
        HistoricBatch,
        verbose_name=_("historic figures upload"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    indicator = models.CharField(_("indicator"), max_length=100)
    period = models.CharField(_("period"), max_length=10)
    month = models.DateField(_("month"))
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for central level."),
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("historic figure")
        verbose_name_plural = _("historic figures")
        ordering = ["batch", "indicator", "month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="historic_value_not_negative"),
            models.CheckConstraint(
                condition=Q(place__isnull=True, province__isnull=True)
                | Q(place__isnull=False, province__isnull=False),
                name="historic_central_has_no_province",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "month"], name="historic_ind_month")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.place_id or 'central'}: {self.value}"


class HistoricAction(models.TextChoices):
    UPLOAD = "upload", _("Uploaded")
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    WITHDRAW = "withdraw", _("Withdrawn")


class HistoricEvent(models.Model):
    batch = models.ForeignKey(
        HistoricBatch,
        verbose_name=_("historic figures upload"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=10, choices=HistoricAction.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("historic upload event")
        verbose_name_plural = _("historic upload events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.action}"
