"""Legal aid cases: the register detail of each case (the person helped, eligibility, form,
field, criminal status and stage, acceptance, performer, result, evaluation, survey) and the
notices of the procedural bodies (docs/domain/legal-aid.md). The case itself (number = the
number in the centre's book, Mẫu 01; state; clock; journal) is ``casework.Case``.

Written only by ``tuphap.legal_aid.cases.services``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.legal_aid.cases import rules
from tuphap.legal_aid.providers.models import ParticipatingOrganisation, Performer


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class LegalAidCase(models.Model):
    """One request for legal aid and the case it becomes (Mẫu 02 request, Mẫu 01 book)."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="legal_aid_detail",
    )
    centre = models.ForeignKey(
        Agency, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    # The person helped.
    full_name = models.CharField(_("person helped"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    pin = models.CharField(_("personal identification number"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Eligibility (Art. 7; NĐ 144/2017 Art. 2).
    group = models.CharField(_("eligibility group"), max_length=24, choices=rules.Group.choices)
    proof = models.CharField(_("proof of eligibility"), max_length=300, blank=True)
    financial_difficulty = models.CharField(
        _("financial difficulty"),
        max_length=24,
        choices=rules.FinancialDifficulty.choices,
        blank=True,
        default="",
    )
    especially_difficult_area = models.BooleanField(
        _("lives in an especially difficult area"), default=False
    )
    # The check of an age-based group against the civil status register: "" (not checked),
    # "match", "mismatch" or "not_found"; ``registered_birth_date`` what the register says.
    age_check = models.CharField(_("age check"), max_length=12, blank=True, default="")
    registered_birth_date = models.DateField(
        _("date of birth in the civil status register"), null=True, blank=True
    )
    # The matter.
    matter = models.TextField(_("matter"))
    form = models.CharField(_("form of legal aid"), max_length=16, choices=rules.Form.choices)
    field = models.CharField(_("field"), max_length=16, choices=rules.Field.choices)
    procedural_status = models.CharField(
        _("status in criminal proceedings"),
        max_length=12,
        choices=rules.ProceduralStatus.choices,
        blank=True,
        default="",
    )
    stage = models.CharField(
        _("stage of proceedings"), max_length=16, choices=rules.Stage.choices, blank=True
    )
    requested_at = models.DateTimeField(_("requested at"))
    # Acceptance.
    acceptance = models.CharField(
        _("acceptance"), max_length=10, choices=rules.Acceptance.choices, blank=True
    )
    immediate_ground = models.CharField(
        _("ground of immediate acceptance"),
        max_length=16,
        choices=rules.ImmediateGround.choices,
        blank=True,
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    papers_due_on = models.DateField(_("eligibility papers due on"), null=True, blank=True)
    papers_received_on = models.DateField(
        _("eligibility papers received on"), null=True, blank=True
    )
    # Assignment.
    performer = models.ForeignKey(
        Performer,
        verbose_name=_("performer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    organisation = models.ForeignKey(
        ParticipatingOrganisation,
        verbose_name=_("participating organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    assign_due_at = models.DateTimeField(_("assignment due at"), null=True, blank=True)
    assigned_on_time = models.BooleanField(_("assigned on time"), null=True, blank=True)
    # The end.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ground = models.CharField(_("ground"), max_length=24, blank=True)
    transferred_to = models.ForeignKey(
        Agency,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.TextField(_("result"), blank=True)
    # Quality (TT 09/2018) and the survey (Mẫu 11).
    complex_typical = models.BooleanField(_("complex, typical case"), default=False)
    criteria = models.JSONField(_("criteria met"), default=list, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=rules.Satisfaction.choices, blank=True
    )

    class Meta:
        verbose_name = _("legal aid case")
        verbose_name_plural = _("legal aid cases")
        indexes = [
            models.Index(fields=["centre", "accepted_at"], name="legal_aid_centre_accepted"),
            models.Index(fields=["pin"], name="legal_aid_pin"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.case_id})"


class ProceduralNotice(models.Model):
    """A procedural body's notice to the centre of a person's request for legal aid (TTLT
    10/2018 Art. 3): when the person asked, when the body notified, and whether that was within
    the 12-hour (arrested, detained) or 24-hour (accused, defendant, victim) limit."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="legal_aid_notice",
    )
    centre = models.ForeignKey(
        Agency, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    body_kind = models.CharField(
        _("procedural body"), max_length=16, choices=rules.BodyKind.choices
    )
    body_name = models.CharField(_("name of the body"), max_length=255)
    officer_name = models.CharField(_("officer who notified"), max_length=200, blank=True)
    procedural_status = models.CharField(
        _("status in criminal proceedings"),
        max_length=12,
        choices=rules.ProceduralStatus.choices,
    )
    person_requested_at = models.DateTimeField(_("the person asked at"))
    notified_at = models.DateTimeField(_("the body notified the centre at"))
    due_at = models.DateTimeField(_("notice due at"), null=True, blank=True)
    late = models.BooleanField(_("late notice"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedural body's notice")
        verbose_name_plural = _("procedural bodies' notices")
        ordering = ["-notified_at"]
        indexes = [models.Index(fields=["centre", "notified_at"], name="legal_aid_notice_centre")]

    def __str__(self) -> str:
        return f"{self.body_name} {self.notified_at:%d/%m/%Y %H:%M}"
