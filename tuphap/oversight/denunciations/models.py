"""Denunciations: the register detail of each denunciation case, the protected identity of its
denouncers, the explicit grants to read it, and the written extension notices
(docs/domain/denunciations.md). The case is ``casework.Case``.

The denouncer's identity is kept in ``Denouncer`` only, never on the detail, the case, its
journal or an audit row: the lists, the API, the exports and the reports read ``Denunciation``
and never join ``Denouncer``. It is read only through ``selectors.denouncers_for`` (audited),
by the resolver (the case's assignee) or a user granted the right on that case.

Written only by ``tuphap.oversight.denunciations.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.oversight.denunciations import rules
from tuphap.oversight.reception.models import Letter


class Denunciation(models.Model):
    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="denunciation_detail",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("receiving agency"), on_delete=models.PROTECT, related_name="+"
    )
    letter = models.OneToOneField(
        Letter,
        verbose_name=_("letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="denunciation",
    )
    subject = models.CharField(_("subject"), max_length=255)
    content = models.TextField(_("content of the denunciation"))
    field = models.CharField(_("field"), max_length=20, choices=rules.Field.choices)
    denounced_name = models.CharField(_("person or body denounced"), max_length=255)
    denounced_position = models.CharField(_("position of the person denounced"), max_length=255)
    received_on = models.DateField(_("received on"))
    several_sites = models.BooleanField(_("to be checked at several places"), default=False)
    check_due_on = models.DateField(_("check due on"))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    check_note = models.TextField(_("result of the check"), blank=True)
    # Outside competence: the transfer.
    transfer_due_on = models.DateField(_("transfer due on"))
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    transferred_to = models.ForeignKey(
        Agency,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_to_name = models.CharField(_("competent body"), max_length=255, blank=True)
    denouncer_notified_on = models.DateField(_("denouncer notified on"), null=True, blank=True)
    transferred_on_time = models.BooleanField(_("transferred on time"), null=True, blank=True)
    # Acceptance and resolution.
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_on_time = models.BooleanField(_("accepted on time"), null=True, blank=True)
    not_accepted_ground = models.CharField(
        _("ground of non-acceptance"),
        max_length=20,
        choices=rules.NonAcceptanceGround.choices,
        blank=True,
    )
    complexity = models.CharField(
        _("complexity"), max_length=20, choices=rules.Complexity.choices, blank=True, default=""
    )
    complexity_reason = models.TextField(_("why the case is complex"), blank=True)
    resolution_due_on = models.DateField(_("resolution due on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=60, blank=True)
    outcome = models.CharField(
        _("finding"), max_length=14, choices=rules.Outcome.choices, blank=True
    )
    concluded_on_time = models.BooleanField(_("concluded on time"), null=True, blank=True)
    handled_on = models.DateField(_("conclusion handled on"), null=True, blank=True)
    handling = models.TextField(_("handling of the conclusion"), blank=True)
    money_recovered = models.BigIntegerField(_("money to recover (đồng)"), default=0)
    # Withdrawal (Art. 33): ends the case only when no violation is suspected.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    violation_suspected = models.BooleanField(_("violation suspected"), default=False)
    end_reason = models.TextField(_("reason"), blank=True)
    # Termination of the resolution (Art. 34(3)).
    terminated_on = models.DateField(_("resolution terminated on"), null=True, blank=True)
    termination_ground = models.CharField(
        _("ground of termination"),
        max_length=20,
        choices=rules.TerminationGround.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("denunciation")
        verbose_name_plural = _("denunciations")
        indexes = [
            models.Index(fields=["agency", "received_on"], name="denunciation_agency_received"),
        ]

    def __str__(self) -> str:
        # Never the denouncer: the subject and the case only.
        return f"{self.subject} ({self.case_id})"


class Denouncer(models.Model):
    """Who denounced: protected (Luật Tố cáo 2018 Art. 47–48). Read through the selectors
    only."""

    denunciation = models.ForeignKey(
        Denunciation,
        verbose_name=_("denunciation"),
        on_delete=models.CASCADE,
        related_name="denouncers",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    full_name = models.CharField(_("denouncer"), max_length=200)
    pin = models.CharField(_("personal identification number"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("denouncer")
        verbose_name_plural = _("denouncers")
        ordering = ["denunciation", "position"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class IdentityGrant(models.Model):
    """An explicit right, given by the resolver, for one more user to read the denouncer's
    identity on one case (e.g. the head of the inspectorate who signs the conclusion)."""

    denunciation = models.ForeignKey(
        Denunciation,
        verbose_name=_("denunciation"),
        on_delete=models.CASCADE,
        related_name="identity_grants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("right to read a denouncer's identity")
        verbose_name_plural = _("rights to read a denouncer's identity")
        constraints = [
            models.UniqueConstraint(
                fields=["denunciation", "user"], name="denunciation_identity_grant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.denunciation_id} → {self.user_id}"


class ExtensionNotice(models.Model):
    """The written notice of an extension of the resolution (Art. 30)."""

    denunciation = models.ForeignKey(
        Denunciation,
        verbose_name=_("denunciation"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    number = models.PositiveSmallIntegerField(_("extension"))
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))
    due_before = models.DateField(_("due before"))
    due_after = models.DateField(_("due after"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("extension notice")
        verbose_name_plural = _("extension notices")
        ordering = ["denunciation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["denunciation", "number"], name="denunciation_extension_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.denunciation_id} #{self.number}"


class Suspension(models.Model):
    """A suspension of the resolution (Art. 34(1)–(2)) with its ground, and its continuation:
    the suspended days are not counted in the resolution limit."""

    denunciation = models.ForeignKey(
        Denunciation,
        verbose_name=_("denunciation"),
        on_delete=models.CASCADE,
        related_name="suspensions",
    )
    ground = models.CharField(
        _("ground of suspension"), max_length=20, choices=rules.SuspensionGround.choices
    )
    reason = models.TextField(_("reason"))
    suspended_on = models.DateField(_("suspended on"))
    notice_due_on = models.DateField(_("decision to be sent by"))
    due_before = models.DateField(_("resolution due before"), null=True, blank=True)
    continued_on = models.DateField(_("continued on"), null=True, blank=True)
    due_after = models.DateField(_("resolution due after"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("suspension of a denunciation")
        verbose_name_plural = _("suspensions of denunciations")
        ordering = ["denunciation", "suspended_on", "pk"]

    def __str__(self) -> str:
        return f"{self.denunciation_id} {self.suspended_on:%d/%m/%Y}"
