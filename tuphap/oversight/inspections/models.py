"""Inspections: the annual plan and its items, each inspection's detail (one-to-one with
``casework.Case``: decision, kind, team, subjects, scope, period, on-site dates, report,
conclusion), its recommendations followed up, and the sanctioning decisions sampled by an
inter-sectoral inspection of the law on administrative violations with their findings
(docs/domain/inspections.md). Money is integer đồng.

Written only by ``tuphap.oversight.inspections.services``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.oversight.inspections import rules


class InspectionPlan(models.Model):
    """An inspecting agency's plan of a year: approved, and amended."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("inspecting agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    approval_number = models.CharField(_("approval decision number"), max_length=60)
    approved_on = models.DateField(_("approved on"))
    amendment_number = models.CharField(_("amendment decision number"), max_length=60, blank=True)
    amended_on = models.DateField(_("amended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="inspection_plan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"


class PlanItem(models.Model):
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="items"
    )
    subject = models.CharField(_("subject"), max_length=255)
    form = models.CharField(_("form"), max_length=12, choices=rules.Form.choices)
    scope = models.CharField(_("scope"), max_length=500, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    added_by_amendment = models.BooleanField(_("added by the amendment"), default=False)
    dropped = models.BooleanField(_("dropped by the amendment"), default=False)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "quarter", "id"]

    def __str__(self) -> str:
        return self.subject


class Inspection(models.Model):
    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="inspection_detail",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("inspecting agency"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of inspection"), max_length=12, choices=rules.Kind.choices)
    form = models.CharField(_("form"), max_length=12, choices=rules.Form.choices)
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    audited = models.ForeignKey(
        "self",
        verbose_name=_("inspection whose conclusion is audited"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    inter_sectoral = models.BooleanField(_("inter-sectoral team"), default=False)
    violations_law = models.BooleanField(
        _("enforcement of the law on administrative violations"), default=False
    )
    title = models.CharField(_("title"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=255)
    subjects = models.JSONField(_("subjects"), default=list)  # [{"name": …, "kind": …}]
    scope = models.TextField(_("scope"))
    period_from = models.DateField(_("period covered from"))
    period_to = models.DateField(_("period covered to"))
    on_site_from = models.DateField(_("on-site from"), null=True, blank=True)
    on_site_to = models.DateField(_("on-site to"), null=True, blank=True)
    report_on = models.DateField(_("team's report on"), null=True, blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=60, blank=True)
    conclusion_date = models.DateField(_("conclusion date"), null=True, blank=True)
    conclusion_summary = models.TextField(_("conclusion"), blank=True)
    closed_on = models.DateField(_("follow-up closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["agency", "decision_date"], name="inspection_agency_decided")
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} {self.title}"


class TeamMember(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="team"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role in the team"), max_length=8, choices=rules.MemberRole.choices)
    agency_name = models.CharField(_("agency the member comes from"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.full_name


class Recommendation(models.Model):
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    kind = models.CharField(
        _("kind of recommendation"), max_length=12, choices=rules.RecommendationKind.choices
    )
    text = models.TextField(_("recommendation"))
    amount = models.BigIntegerField(_("money to recover"), default=0)
    due_on = models.DateField(_("to implement by"))
    status = models.CharField(
        _("follow-up"),
        max_length=12,
        choices=rules.RecommendationStatus.choices,
        default=rules.RecommendationStatus.OPEN,
    )
    recovered = models.BigIntegerField(_("money recovered"), default=0)
    implemented_on = models.DateField(_("implemented or closed on"), null=True, blank=True)
    note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.text[:40]}"


class SampledDecision(models.Model):
    """A sanctioning decision of the inspected agency, sampled and checked (§7.2)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="samples"
    )
    number = models.CharField(_("decision number"), max_length=60)
    violation_on = models.DateField(_("violation on"))
    record_on = models.DateField(_("violation record on"))
    decision_on = models.DateField(_("decision on"))
    decision_case = models.CharField(_("case"), max_length=12, choices=rules.DecisionCase.choices)
    long_statute = models.BooleanField(_("a field with the 2-year statute"), default=False)
    received_on = models.DateField(_("received by the violator on"), null=True, blank=True)
    complied_on = models.DateField(_("complied with on"), null=True, blank=True)

    class Meta:
        verbose_name = _("sampled decision")
        verbose_name_plural = _("sampled decisions")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.number


class Finding(models.Model):
    sample = models.ForeignKey(
        SampledDecision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    kind = models.CharField(_("finding"), max_length=16, choices=rules.FindingKind.choices)
    article = models.CharField(_("article"), max_length=80)
    detail = models.CharField(_("detail"), max_length=200)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["sample", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.article}"
