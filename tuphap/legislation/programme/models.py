"""The law-making programme and the appraisal of proposals and drafts.

``Programme`` is one year's Law and Ordinance Building Programme (chương trình xây dựng luật,
pháp lệnh; "chương trình lập pháp hằng năm" under Luật 64/2025), ``ProgrammeItem`` one law,
ordinance or National Assembly resolution in it, and ``ProgrammeItemEvent`` the append-only
history of the item's status. Policy proposals (đề nghị xây dựng) and drafts (dự thảo) are cases
of the case engine (``programme_workflow``); ``LegislativeProposal`` and ``LegislativeDraft`` are
their register details. Written only by ``services_programme`` and ``services_appraisal``.
See docs/domain/legislation.md, "Law-making programme and appraisal".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case
from tuphap.legislation.documents.models import Document, DocumentType


class Programme(models.Model):
    """One year's programme, adopted by a resolution (e.g. ``Nghị quyết 129/2024/QH15``)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    resolution = models.CharField(_("adopting resolution"), max_length=120)
    adopted_on = models.DateField(_("adopted on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("law-making programme")
        verbose_name_plural = _("law-making programmes")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.resolution})"


class ItemKind(models.TextChoices):
    LAW = "law", _("Law")
    ORDINANCE = "ordinance", _("Ordinance")
    NA_RESOLUTION = "na_resolution", _("National Assembly resolution")


# The document type an item becomes when adopted.
ITEM_DOCUMENT_TYPE = {
    ItemKind.LAW: DocumentType.LAW,
    ItemKind.ORDINANCE: DocumentType.ORDINANCE,
    ItemKind.NA_RESOLUTION: DocumentType.NA_RESOLUTION,
}


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    ADOPTED = "adopted", _("Adopted")
    POSTPONED = "postponed", _("Postponed to a later session")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ROMAN = (
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    text = ""
    for value, letters in ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    # The planned session: "Kỳ họp thứ 10, Quốc hội khóa XV", in a month of the programme year.
    legislature = models.PositiveSmallIntegerField(_("legislature (term)"))
    session = models.PositiveSmallIntegerField(_("session number"))
    planned_month = models.PositiveSmallIntegerField(_("planned month"))
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("adopted document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["programme", "planned_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_month__gte=1, planned_month__lte=12),
                name="legislation_item_month",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def session_label(self) -> str:
        return _("Session %(session)s, National Assembly term %(term)s (%(month)s/%(year)s)") % {
            "session": self.session,
            "term": roman(self.legislature),
            "month": self.planned_month,
            "year": self.programme.year,
        }


class ProgrammeItemEvent(models.Model):
    """One status change of an item, with its reason and decision (postponement, withdrawal)."""

    item = models.ForeignKey(
        ProgrammeItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=ItemStatus.choices)
    occurred_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme item event")
        verbose_name_plural = _("programme item events")
        ordering = ["item", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.from_status}→{self.to_status} {self.occurred_on}"


class Conclusion(models.TextChoices):
    """The appraisal report's conclusion on the dossier."""

    ELIGIBLE = "eligible", _("Eligible for submission")
    NOT_ELIGIBLE = "not_eligible", _("Not yet eligible for submission")


class AppraisalDetail(models.Model):
    """What a proposal and a draft both record: the dossier, its appraisal and its outcome."""

    title = models.CharField(_("title"), max_length=500)
    doc_type = models.CharField(_("document type"), max_length=40, choices=DocumentType.choices)
    drafting_agency = models.ForeignKey(
        Agency, verbose_name=_("drafting agency"), on_delete=models.PROTECT, related_name="+"
    )
    appraising_unit = models.ForeignKey(
        Agency, verbose_name=_("appraising unit"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        ProgrammeItem,
        verbose_name=_("programme item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("opened on"))
    appraisal_requested_on = models.DateField(_("appraisal requested on"), null=True, blank=True)
    report_reference = models.CharField(_("appraisal report"), max_length=120, blank=True)
    report_on = models.DateField(_("appraisal report date"), null=True, blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=Conclusion.choices, blank=True
    )
    appraised_on_time = models.BooleanField(_("appraised on time"), null=True, blank=True)
    submission_reference = models.CharField(_("submission"), max_length=120, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("withdrawal reason"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class LegislativeProposal(AppraisalDetail):
    """A policy proposal to build a document (đề nghị xây dựng văn bản)."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="legislation_proposal",
    )

    class Meta:
        verbose_name = _("legislative proposal")
        verbose_name_plural = _("legislative proposals")


class LegislativeDraft(AppraisalDetail):
    """A draft document (dự thảo) through appraisal, adoption or promulgation, publication."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="legislation_draft",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("promulgated document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    publication = models.CharField(_("published in"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("legislative draft")
        verbose_name_plural = _("legislative drafts")


def any_detail(case: Case) -> Any:
    """The register detail of a proposal or draft case (``None`` for other registers)."""
    for name in ("legislation_proposal", "legislation_draft"):
        try:
            return getattr(case, name)
        except (LegislativeProposal.DoesNotExist, LegislativeDraft.DoesNotExist):
            continue
    return None
