"""Complaints: the register detail of each complaint case, its complainants and the recorded
determinations that the case is complex (docs/domain/complaints.md). The case itself (number,
state, clock, journal) is ``casework.Case``; a complaint may come from a letter registered at
the reception desk (``reception.Letter``).

Written only by ``tuphap.oversight.complaints.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.oversight.complaints import rules
from tuphap.oversight.reception.models import Letter


class Complaint(models.Model):
    """One complaint against an administrative decision or act, through both instances."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="complaint_detail",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("resolving agency"), on_delete=models.PROTECT, related_name="+"
    )
    letter = models.OneToOneField(
        Letter,
        verbose_name=_("letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint",
    )
    subject = models.CharField(_("subject"), max_length=255)
    content = models.TextField(_("content of the complaint"))
    act_kind = models.CharField(_("kind of act"), max_length=12, choices=rules.ActKind.choices)
    regime = models.CharField(
        _("limits of"),
        max_length=8,
        choices=rules.Regime.choices,
        default=rules.Regime.GENERAL,
    )
    thads_act = models.CharField(
        _("enforcement act"), max_length=16, choices=rules.ThadsAct.choices, blank=True
    )
    act_description = models.CharField(_("decision or act complained of"), max_length=300)
    respondent = models.CharField(_("person or body complained against"), max_length=255)
    known_on = models.DateField(_("complainant knew of the act on"))
    received_on = models.DateField(_("received on"))
    statute_ends_on = models.DateField(_("time limit for complaining ends on"))
    remote = models.BooleanField(_("remote area"), default=False)
    instance = models.CharField(
        _("instance"), max_length=8, choices=rules.Instance.choices, default=rules.Instance.FIRST
    )
    # Acceptance (first instance, then again for a second complaint).
    accept_due_on = models.DateField(_("acceptance due on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_on_time = models.BooleanField(_("accepted on time"), null=True, blank=True)
    not_accepted_ground = models.CharField(
        _("ground of non-acceptance"),
        max_length=24,
        choices=rules.NonAcceptanceGround.choices,
        blank=True,
    )
    # The day the running instance's resolution period counts from (the acceptance, or the
    # continuation decision after a suspension).
    stage_started_on = models.DateField(_("resolution period counts from"), null=True, blank=True)
    complex_first = models.BooleanField(_("complex at first instance"), default=False)
    complex_second = models.BooleanField(_("complex at second instance"), default=False)
    # First instance.
    first_due_on = models.DateField(_("first-instance decision due on"), null=True, blank=True)
    first_decided_on = models.DateField(_("first-instance decision on"), null=True, blank=True)
    first_decision_number = models.CharField(
        _("first-instance decision number"), max_length=60, blank=True
    )
    first_outcome = models.CharField(
        _("first-instance finding"), max_length=14, choices=rules.Outcome.choices, blank=True
    )
    first_on_time = models.BooleanField(_("first instance on time"), null=True, blank=True)
    window_ends_on = models.DateField(
        _("second complaint or lawsuit possible until"), null=True, blank=True
    )
    # Second instance.
    second_received_on = models.DateField(_("second complaint received on"), null=True, blank=True)
    second_accepted_on = models.DateField(_("second complaint accepted on"), null=True, blank=True)
    second_due_on = models.DateField(_("second-instance decision due on"), null=True, blank=True)
    second_decided_on = models.DateField(_("second-instance decision on"), null=True, blank=True)
    second_decision_number = models.CharField(
        _("second-instance decision number"), max_length=60, blank=True
    )
    second_outcome = models.CharField(
        _("second-instance finding"), max_length=14, choices=rules.Outcome.choices, blank=True
    )
    second_on_time = models.BooleanField(_("second instance on time"), null=True, blank=True)
    # The end.
    effective_on = models.DateField(_("legally effective on"), null=True, blank=True)
    enforced_on = models.DateField(_("decision enforced on"), null=True, blank=True)
    lawsuit_on = models.DateField(_("lawsuit brought on"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    continued_on = models.DateField(_("continued on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    money_restored = models.BigIntegerField(_("money restored (đồng)"), default=0)
    rights_restored = models.PositiveIntegerField(
        _("persons whose rights were restored"), default=0
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["agency", "received_on"], name="complaint_agency_received"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.case_id})"

    @property
    def complex_now(self) -> bool:
        return self.complex_second if self.instance == rules.Instance.SECOND else self.complex_first


class Complainant(models.Model):
    """A person who signed the complaint; several sign one complaint and may withdraw one by one
    (NĐ 155/2026 Art. 5)."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="complainants",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    full_name = models.CharField(_("complainant"), max_length=200)
    pin = models.CharField(_("personal identification number"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    representative = models.BooleanField(_("representative of the complainants"), default=False)
    withdrawn_on = models.DateField(_("withdrew on"), null=True, blank=True)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")
        ordering = ["complaint", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "position"], name="complainant_position_unique"
            )
        ]
        indexes = [
            # A registered death finds the person's complaints by PIN (ADR 0019).
            models.Index(fields=["pin"], name="complainant_pin", condition=~models.Q(pin=""))
        ]

    def __str__(self) -> str:
        return self.full_name


class ComplexityDetermination(models.Model):
    """The written determination that a complaint is complex, with the criteria it meets
    (NĐ 124/2020 Art. 3a): it lengthens the running instance's limit."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="determinations",
    )
    instance = models.CharField(_("instance"), max_length=8, choices=rules.Instance.choices)
    criteria = models.JSONField(_("criteria met"), default=list)
    reasoning = models.TextField(_("reasoning"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_before = models.DateField(_("due before"), null=True, blank=True)
    due_after = models.DateField(_("due after"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("determination of a complex complaint")
        verbose_name_plural = _("determinations of complex complaints")
        ordering = ["complaint", "decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "instance"], name="complaint_complex_once_per_instance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.instance} {self.decided_on}"
