"""State compensation claims: the register detail of each claim (the claimant, the basis
document, the sector, the agency responsible, each step's date and the decision), its damage
heads claimed, verified and decided, the advance, the postponements and suspensions, and the
recourse against the official at fault (docs/domain/compensation.md). The case itself (number,
state, clock, journal) is ``casework.Case``. Money is integer đồng.

Written only by ``tuphap.oversight.compensation.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.oversight.compensation import rules


class CompensationClaim(models.Model):
    """One claim for state compensation and the case it becomes."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="compensation_detail",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency responsible for compensation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The claimant (Art. 5) and the injured person when another claims for them.
    claimant_kind = models.CharField(
        _("claimant"), max_length=16, choices=rules.ClaimantKind.choices
    )
    claimant_name = models.CharField(_("claimant's name"), max_length=200)
    claimant_pin = models.CharField(_("personal identification number"), max_length=12, blank=True)
    claimant_address = models.CharField(_("address"), max_length=255, blank=True)
    injured_name = models.CharField(_("injured person"), max_length=200, blank=True)
    # The basis document (Art. 7) and the statute (Art. 6).
    basis_kind = models.CharField(
        _("basis document"), max_length=16, choices=rules.BasisKind.choices
    )
    basis_number = models.CharField(_("number of the basis document"), max_length=60)
    basis_date = models.DateField(_("date of the basis document"))
    basis_issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    basis_received_on = models.DateField(_("basis document received by the claimant on"))
    excluded_periods = models.JSONField(_("periods not counted in the statute"), default=list)
    statute_ends_on = models.DateField(_("statute ends on"))
    sector = models.CharField(_("sector"), max_length=24, choices=rules.Sector.choices)
    unlawful_act = models.TextField(_("the unlawful act"))
    # The file.
    received_on = models.DateField(_("claim received on"))
    by_post = models.BooleanField(_("received by post"), default=False)
    acknowledge_due_on = models.DateField(_("acknowledgement due on"), null=True, blank=True)
    papers_requested_on = models.DateField(_("missing papers requested on"), null=True, blank=True)
    papers_due_on = models.DateField(_("missing papers due on"), null=True, blank=True)
    file_complete_on = models.DateField(_("file complete on"), null=True, blank=True)
    accept_due_on = models.DateField(_("acceptance due on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_on_time = models.BooleanField(_("accepted on time"), null=True, blank=True)
    refusal_ground = models.CharField(
        _("ground of refusal"), max_length=20, choices=rules.RefusalGround.choices, blank=True
    )
    # Resolution.
    resolver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolver_assigned_on = models.DateField(_("resolver assigned on"), null=True, blank=True)
    complex = models.BooleanField(_("complex claim"), default=False)
    verified_on = models.DateField(_("damage verified on"), null=True, blank=True)
    negotiation_started_on = models.DateField(_("negotiation started on"), null=True, blank=True)
    negotiation_agreed = models.BooleanField(_("agreement reached"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True)
    decided_on_time = models.BooleanField(_("decided on time"), null=True, blank=True)
    handed_over_on = models.DateField(_("decision handed over on"), null=True, blank=True)
    effective_on = models.DateField(_("decision effective on"), null=True, blank=True)
    decision_cancelled_on = models.DateField(_("decision cancelled on"), null=True, blank=True)
    honour_form = models.CharField(
        _("honour restoration"),
        max_length=16,
        choices=rules.HonourForm.choices,
        blank=True,
        default="",
    )
    honour_restored_on = models.DateField(_("honour restored on"), null=True, blank=True)
    # Payment.
    funding_requested_on = models.DateField(_("funding requested on"), null=True, blank=True)
    funds_received_on = models.DateField(_("funds received on"), null=True, blank=True)
    notified_on = models.DateField(_("claimant notified on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.BigIntegerField(_("amount paid"), default=0)
    # The court route (Art. 52–55) and the other ends.
    court_name = models.CharField(_("court"), max_length=255, blank=True)
    court_filed_on = models.DateField(_("claim filed at the court on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_ground = models.CharField(_("ground"), max_length=20, blank=True)
    ground_arose_on = models.DateField(_("ground arose on"), null=True, blank=True)
    end_late = models.BooleanField(_("decided after its time limit"), default=False)

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        indexes = [
            models.Index(fields=["agency", "accepted_on"], name="compensation_agency_accepted"),
            models.Index(fields=["claimant_pin"], name="compensation_pin"),
        ]

    def __str__(self) -> str:
        return f"{self.claimant_name} ({self.case_id})"


class DamageItem(models.Model):
    """One head of damage of a claim: the amount claimed, verified and decided (Art. 23–28)."""

    claim = models.ForeignKey(
        CompensationClaim,
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="damages",
    )
    head = models.CharField(_("head of damage"), max_length=16, choices=rules.DamageHead.choices)
    claimed = models.BigIntegerField(_("claimed"))
    verified = models.BigIntegerField(_("verified"), null=True, blank=True)
    decided = models.BigIntegerField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("head of damage")
        verbose_name_plural = _("heads of damage")
        ordering = ["claim", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "head"], name="compensation_damage_head"),
            models.CheckConstraint(
                condition=models.Q(claimed__gte=0), name="compensation_damage_claimed_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head} {self.claimed}"


class Advance(models.Model):
    """An advance on the compensation (Art. 44): at least half of the mental harm and the
    damages computable at once, paid within 5 working days of the request."""

    claim = models.ForeignKey(
        CompensationClaim,
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        related_name="advances",
    )
    requested_on = models.DateField(_("advance requested on"))
    mental = models.BigIntegerField(_("mental harm to advance on"))
    computable = models.BigIntegerField(_("damages computable at once"))
    minimum = models.BigIntegerField(_("least advance"))
    amount = models.BigIntegerField(_("advance"))
    due_on = models.DateField(_("advance due on"))
    paid_on = models.DateField(_("advance paid on"), null=True, blank=True)
    paid_on_time = models.BooleanField(_("paid on time"), null=True, blank=True)

    class Meta:
        verbose_name = _("advance")
        verbose_name_plural = _("advances")
        ordering = ["claim", "requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.amount}"


class Interruption(models.Model):
    """A postponement (Art. 49) or suspension (Art. 50): the case's clock stands still."""

    claim = models.ForeignKey(
        CompensationClaim,
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        related_name="interruptions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=rules.InterruptionKind.choices)
    reason = models.TextField(_("reason"))
    ground_arose_on = models.DateField(_("ground arose on"))
    decided_on = models.DateField(_("decided on"))
    decide_due_on = models.DateField(_("decision due on"))
    late = models.BooleanField(_("decided after its time limit"), default=False)
    until = models.DateField(_("until"))
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("postponement or suspension")
        verbose_name_plural = _("postponements and suspensions")
        ordering = ["claim", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind} {self.decided_on}"


class Recourse(models.Model):
    """The recourse (hoàn trả) against the official at fault (Art. 65–66): the amount decided and
    the instalments collected."""

    claim = models.OneToOneField(
        CompensationClaim,
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        related_name="recourse",
    )
    official_name = models.CharField(_("official at fault"), max_length=200)
    official_position = models.CharField(_("position"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("recourse decided on"))
    amount = models.BigIntegerField(_("amount to repay"))

    class Meta:
        verbose_name = _("recourse")
        verbose_name_plural = _("recourses")

    def __str__(self) -> str:
        return f"{self.official_name} {self.amount}"


class RecourseInstalment(models.Model):
    recourse = models.ForeignKey(
        Recourse,
        verbose_name=_("recourse"),
        on_delete=models.PROTECT,
        related_name="instalments",
    )
    paid_on = models.DateField(_("collected on"))
    amount = models.BigIntegerField(_("amount collected"))

    class Meta:
        verbose_name = _("recourse instalment")
        verbose_name_plural = _("recourse instalments")
        ordering = ["recourse", "paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.recourse_id} {self.paid_on} {self.amount}"
