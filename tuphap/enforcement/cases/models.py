"""The civil judgment enforcement (THADS) register: judgments received, requests, the case
detail of each enforcement decision (one decision = one case = one "việc", domain.md §3.2),
its parties and obligations, the money collected, paid out or reduced, and the offices' yearly
targets. The case itself (number, state, clock, journal) is ``casework.Case``.

Written only by ``tuphap.enforcement.cases.services``. See docs/domain/enforcement.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.places.models import AdministrativeUnit


class JudgmentKind(models.TextChoices):
    """Judgment types of the THADS statistics break-down (TT 10/2017 Mục 19, domain.md §3.5)."""

    CIVIL = "civil", _("Civil")
    CRIMINAL = "criminal", _("Criminal (civil part)")
    ADMINISTRATIVE = "administrative", _("Administrative (property part)")
    MARRIAGE_FAMILY = "marriage_family", _("Marriage and family")
    BUSINESS = "business", _("Business and commerce")
    LABOUR = "labour", _("Labour")
    BANKRUPTCY = "bankruptcy", _("Bankruptcy")
    ARBITRATION = "arbitration", _("Arbitration")
    OTHER = "other", _("Other")


class Judgment(models.Model):
    """A judgment or decision received by an enforcement office (sổ nhận bản án)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    court_name = models.CharField(_("court"), max_length=200)
    number = models.CharField(_("judgment number"), max_length=60)
    issued_on = models.DateField(_("judgment date"))
    kind = models.CharField(_("judgment type"), max_length=20, choices=JudgmentKind.choices)
    effective_on = models.DateField(_("legally effective on"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("judgment")
        verbose_name_plural = _("judgments")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "court_name", "number", "issued_on"],
                name="enforcement_judgment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.court_name}, {self.issued_on:%d/%m/%Y})"


class Basis(models.TextChoices):
    """Chủ động (ex officio) vs theo yêu cầu (on request) — Luật THADS 2008 Art. 36 [V]."""

    EX_OFFICIO = "ex_officio", _("Ex officio")
    ON_REQUEST = "on_request", _("On request")


class EnforcementRequest(models.Model):
    """Why the office acts: a request of a party, or its own duty (then ``requested_on`` is the
    date the judgment was received)."""

    judgment = models.ForeignKey(
        Judgment, verbose_name=_("judgment"), on_delete=models.PROTECT, related_name="requests"
    )
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    requested_on = models.DateField(_("request date"))
    requester_name = models.CharField(_("requester"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("enforcement request")
        verbose_name_plural = _("enforcement requests")

    def __str__(self) -> str:
        return f"{self.get_basis_display()} {self.requested_on:%d/%m/%Y}"


class ConditionGround(models.TextChoices):
    """Grounds of a classification (Luật THADS 2008 Art. 44a [V]; ``has_means`` for "with
    conditions")."""

    HAS_MEANS = "has_means", _("The obligor has income or assets")
    NO_MEANS = "no_means", _("No income or assets, or only exempt ones")
    COSTS_ONLY = "costs_only", _("Assets only cover the enforcement costs")
    ITEM_GONE = "item_gone", _("The specific item no longer exists")
    ADDRESS_UNKNOWN = "address_unknown", _("The obligor's address is unknown")


WITHOUT_CONDITION_GROUNDS = frozenset(
    {
        ConditionGround.NO_MEANS,
        ConditionGround.COSTS_ONLY,
        ConditionGround.ITEM_GONE,
        ConditionGround.ADDRESS_UNKNOWN,
    }
)


class EnforcementCase(models.Model):
    """The register detail of one enforcement decision (quyết định thi hành án)."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="enforcement_detail",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    judgment = models.ForeignKey(
        Judgment, verbose_name=_("judgment"), on_delete=models.PROTECT, related_name="cases"
    )
    request = models.ForeignKey(
        EnforcementRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    decision_year = models.PositiveSmallIntegerField(_("decision year"))
    law_version = models.CharField(_("law version"), max_length=4)
    condition_ground = models.CharField(
        _("ground of the classification"),
        max_length=20,
        choices=ConditionGround.choices,
        blank=True,
    )
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    asset_recovery = models.BooleanField(
        _("asset recovery (corruption or economic case)"), default=False
    )
    credit_institution_debt = models.BooleanField(_("debt of a credit institution"), default=False)
    amount_to_enforce = models.BigIntegerField(_("amount to enforce (đồng)"), default=0)

    class Meta:
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "decision_year", "decision_number"],
                name="enforcement_decision_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount_to_enforce__gte=0), name="enforcement_amount_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["decision_date"], name="enforcement_decision_date")]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"


class PartyRole(models.TextChoices):
    OBLIGOR = "obligor", _("Obligor")
    OBLIGEE = "obligee", _("Obligee")
    INTERESTED = "interested", _("Interested party")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Party(models.Model):
    """A party of the decision (Luật THADS 2008 Art. 3 [V]). A person carries the 12-digit
    identification number (no check digit exists, domain.md §1.1); an organisation its code
    (enterprise code or agency identifier, NĐ 152/2026 Art. 9(2)(a))."""

    enforcement_case = models.ForeignKey(
        EnforcementCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    identification_number = models.CharField(_("identification number"), max_length=12, blank=True)
    organisation_code = models.CharField(_("organisation code"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [
            # A registered death finds the person's open cases by PIN (core.people, ADR 0019).
            models.Index(
                fields=["identification_number"],
                name="enforcement_party_pin",
                condition=~Q(identification_number=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class ObligationKind(models.TextChoices):
    MONEY = "money", _("Money")
    NON_MONEY = "non_money", _("Non-money")


class Obligation(models.Model):
    """What the decision orders: an amount of money (integer đồng) or something else."""

    enforcement_case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ObligationKind.choices)
    amount = models.BigIntegerField(_("amount (đồng)"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="money", amount__gt=0) | Q(kind="non_money", amount__isnull=True)
                ),
                name="enforcement_obligation_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.description or str(self.amount)


class MovementKind(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    REDUCED = "reduced", _("Exempted or reduced")
    PAID_OUT = "paid_out", _("Paid out")


# Kinds that reduce what remains to be enforced.
DONE_KINDS = frozenset({MovementKind.COLLECTED, MovementKind.REDUCED})


class Movement(models.Model):
    """Money collected from the obligor, exempted/reduced, or paid out to the obligee. Rows are
    only added (``services.movement_record``); a mistake is corrected by a new row."""

    enforcement_case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    province = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    amount = models.BigIntegerField(_("amount (đồng)"))
    on_date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("money movement")
        verbose_name_plural = _("money movements")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="enforcement_movement_positive")
        ]
        indexes = [models.Index(fields=["enforcement_case", "on_date"], name="enforcement_mv_case")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.on_date}"


class Target(models.Model):
    """The rates an office must reach in a THADS statistical year (1 Oct – 30 Sep), set by the
    ministry (domain.md §3.5 "Targets")."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("statistical year"))
    case_rate = models.DecimalField(_("case rate target (%)"), max_digits=5, decimal_places=2)
    money_rate = models.DecimalField(_("money rate target (%)"), max_digits=5, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="enforcement_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} THADS{self.year}"
