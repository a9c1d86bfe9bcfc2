"""The checking (kiểm tra) and review (rà soát) of promulgated documents.

``DocumentCheck`` is the register detail of one case of the ``legislation.check`` register (the
case engine keeps its state, journal and deadlines); ``CheckFinding`` rows are the officer's
findings. ``ReviewTask`` lists, for one change to a document (amended, replaced, repealed,
suspended, expired) and one responsible issuing body, the documents of that body that cite,
detail or guide the changed one, each a ``ReviewItem`` with its own status. Imported by
``models`` so that Django sees them; written only through ``checking`` and ``review``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.legislation.documents.models import Document
from tuphap.places.models import AdministrativeUnit


class CheckConclusion(models.TextChoices):
    LAWFUL = "lawful", _("Lawful")
    UNLAWFUL = "unlawful", _("Unlawful")


class FindingGround(models.TextChoices):
    LAWFUL = "lawful", _("Lawful")
    CONTENT = "unlawful_content", _("Unlawful in content")
    COMPETENCE = "unlawful_competence", _("Unlawful in competence")
    FORM = "unlawful_form", _("Unlawful in form or procedure")


class CheckOutcome(models.TextChoices):
    AMENDED = "amended", _("Amended by the issuer")
    REPEALED = "repealed", _("Repealed by the issuer")
    SUSPENDED = "suspended", _("Suspended")
    REPORTED = "reported", _("Issuer disagrees: reported to the competent body")


class DocumentCheck(models.Model):
    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="legislation_check",
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="checks"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("checking agency"), on_delete=models.PROTECT, related_name="+"
    )
    # The province of a local document; empty for a central one (the statistics place).
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"))
    shortened_procedure = models.BooleanField(
        _("adopted under the shortened or special procedure"), default=False
    )
    prechecks = models.JSONField(_("pre-check findings"), default=list, blank=True)
    prechecked_at = models.DateTimeField(_("pre-checked at"), null=True, blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=CheckConclusion.choices, blank=True
    )
    examined_on = models.DateField(_("examined on"), null=True, blank=True, db_index=True)
    request_text = models.TextField(_("request to the issuer"), blank=True)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=CheckOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("handled on"), null=True, blank=True, db_index=True)
    outcome_document = models.ForeignKey(
        Document,
        verbose_name=_("handling document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)

    class Meta:
        verbose_name = _("document check")
        verbose_name_plural = _("document checks")

    def __str__(self) -> str:
        return f"{self.case_id} {self.document_id}"


class CheckFinding(models.Model):
    document_check = models.ForeignKey(
        DocumentCheck, verbose_name=_("check"), on_delete=models.CASCADE, related_name="findings"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    ground = models.CharField(_("finding"), max_length=20, choices=FindingGround.choices)
    provision = models.CharField(_("provision"), max_length=120, blank=True)
    description = models.TextField(_("description"))
    legal_basis = models.CharField(_("rule contravened"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("check finding")
        verbose_name_plural = _("check findings")
        ordering = ["document_check", "order"]

    def __str__(self) -> str:
        return f"{self.document_check_id}#{self.order} {self.ground}"


class ReviewTrigger(models.TextChoices):
    AMENDED = "amended", _("Amended")
    REPLACED = "replaced", _("Replaced")
    REPEALED = "repealed", _("Repealed")
    SUSPENDED = "suspended", _("Suspended")
    WHOLLY_EXPIRED = "wholly_expired", _("Wholly expired")
    PARTLY_EXPIRED = "partly_expired", _("Partly expired")


class ReviewStatus(models.TextChoices):
    TO_REVIEW = "to_review", _("To review")
    CONSISTENT = "consistent", _("Reviewed: still consistent")
    NEEDS_AMENDMENT = "needs_amendment", _("Reviewed: needs amendment")
    TO_REPEAL = "to_repeal", _("Reviewed: to be repealed")


class ReviewTask(models.Model):
    # The cause (changed document + source document or kind and date) and the responsible
    # body: the same cause recorded twice finds the task it created (see ``review.task_key``).
    key = models.CharField(_("key"), max_length=300, unique=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("changed document"),
        on_delete=models.CASCADE,
        related_name="review_tasks",
    )
    trigger = models.CharField(_("change"), max_length=20, choices=ReviewTrigger.choices)
    triggered_on = models.DateField(_("date of the change"))
    source_document = models.ForeignKey(
        Document,
        verbose_name=_("changing document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible = models.CharField(_("responsible body"), max_length=255)
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The place of the responsible local body; empty for a central body."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
        ordering = ["-triggered_on", "-id"]
        indexes = [models.Index(fields=["responsible", "completed_at"], name="legislation_review")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.trigger} → {self.responsible}"


class ReviewItem(models.Model):
    task = models.ForeignKey(
        ReviewTask, verbose_name=_("review task"), on_delete=models.CASCADE, related_name="items"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document to review"), on_delete=models.CASCADE, related_name="+"
    )
    reasons = models.JSONField(_("why it is listed"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.TO_REVIEW
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ["task", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "document"], name="legislation_review_item")
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.document_id} {self.status}"
