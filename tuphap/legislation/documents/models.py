"""The register of legal normative documents (văn bản quy phạm pháp luật) and the detailing
obligations their delegations create.

A ``Document`` is the work (the law as enacted, whatever its later versions); a
``DocumentVersion`` is one dated expression of it with its text; ``Provision`` rows are that
version's parsed tree. Validity is a history of ``ValidityEvent`` rows (the status on a date is
the last event on or before it), and ``Relation`` rows say which document amends, replaces,
repeals, details, guides or consolidates which. Written only through ``services``.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.places.models import AdministrativeUnit


class DocumentType(models.TextChoices):
    """Luật Ban hành VBQPPL 64/2025/QH15 Art. 4 (list partly unconfirmed: see the domain doc)."""

    LAW = "law", _("Law")
    NA_RESOLUTION = "na_resolution", _("National Assembly resolution")
    ORDINANCE = "ordinance", _("Ordinance")
    STANDING_COMMITTEE_RESOLUTION = (
        "standing_committee_resolution",
        _("National Assembly Standing Committee resolution"),
    )
    DECREE = "decree", _("Decree")
    GOVERNMENT_RESOLUTION = "government_resolution", _("Government resolution")
    PM_DECISION = "pm_decision", _("Prime Minister decision")
    CIRCULAR = "circular", _("Circular")
    JOINT_CIRCULAR = "joint_circular", _("Joint circular")
    PROVINCIAL_COUNCIL_RESOLUTION = (
        "provincial_council_resolution",
        _("Provincial People's Council resolution"),
    )
    PROVINCIAL_COMMITTEE_DECISION = (
        "provincial_committee_decision",
        _("Provincial People's Committee decision"),
    )
    COMMUNE_COUNCIL_RESOLUTION = (
        "commune_council_resolution",
        _("Commune People's Council resolution"),
    )
    COMMUNE_COMMITTEE_DECISION = (
        "commune_committee_decision",
        _("Commune People's Committee decision"),
    )


LOCAL_TYPES = frozenset(
    {
        DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
        DocumentType.PROVINCIAL_COMMITTEE_DECISION,
        DocumentType.COMMUNE_COUNCIL_RESOLUTION,
        DocumentType.COMMUNE_COMMITTEE_DECISION,
    }
)
# Documents whose provisions may delegate detailing (Luật 64/2025 Art. 53(2), see the doc).
DELEGATING_TYPES = frozenset(
    {
        DocumentType.LAW,
        DocumentType.NA_RESOLUTION,
        DocumentType.ORDINANCE,
        DocumentType.STANDING_COMMITTEE_RESOLUTION,
        DocumentType.DECREE,
        DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
    }
)


class IssuerLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    LOCAL = "local", _("Local")


class ValidityStatus(models.TextChoices):
    """The statuses of the national legal database (vbpl)."""

    NOT_YET_IN_FORCE = "not_yet_in_force", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    PARTLY_EXPIRED = "partly_expired", _("Partly expired")
    WHOLLY_EXPIRED = "wholly_expired", _("Wholly expired")
    SUSPENDED = "suspended", _("Suspended")


class Document(models.Model):
    doc_type = models.CharField(_("type"), max_length=40, choices=DocumentType.choices)
    number = models.CharField(_("number and symbol"), max_length=60)
    number_value = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    issuer = models.CharField(_("issuing body"), max_length=255)
    issuer_level = models.CharField(_("issuer level"), max_length=10, choices=IssuerLevel.choices)
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province or commune of a local document; empty for central ones."),
    )
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    signed_on = models.DateField(_("signing date"))
    effective_on = models.DateField(_("effective date"))
    title = models.CharField(_("title"), max_length=500)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # On PostgreSQL a trigger keeps it (number and title weighted A, the words of ``search_text``
    # without positions, in the accent-folding 'tuphap_vi' configuration) whatever writes the
    # row; always empty on SQLite.
    # Migration 0004 creates the configuration, the trigger and the GIN index; docs §6.
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number", "issuer"], name="legislation_number_issuer")
        ]
        indexes = [
            models.Index(fields=["doc_type", "-signed_on"], name="legislation_type_signed"),
            models.Index(fields=["effective_on"], name="legislation_effective"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class DocumentVersion(models.Model):
    """One expression of a document as at ``version_date`` (the original is dated on its
    effective date; a consolidated one on the date the amendment took effect)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    version_date = models.DateField(_("version date"))
    text = models.TextField(_("text"))
    preamble = models.TextField(_("preamble"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-version_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version_date"], name="legislation_version_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.number} @ {self.version_date.isoformat()}"


class Provision(models.Model):
    class Kind(models.TextChoices):
        PART = "part", _("part")
        CHAPTER = "chapter", _("chapter")
        SECTION = "section", _("section")
        ARTICLE = "article", _("article")
        CLAUSE = "clause", _("clause")
        POINT = "point", _("point")

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="provisions",
    )
    eid = models.CharField(_("identifier"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=20)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"))
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    effective_on = models.DateField(
        _("own effective date"),
        null=True,
        blank=True,
        help_text=_("Only when it differs from the document's effective date."),
    )

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "eid"], name="legislation_provision_eid")
        ]

    def __str__(self) -> str:
        return self.eid


class ValidityEvent(models.Model):
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="validity_events",
    )
    occurred_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=ValidityStatus.choices)
    source_document = models.ForeignKey(
        Document,
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("validity event")
        verbose_name_plural = _("validity events")
        ordering = ["document", "occurred_on", "id"]
        indexes = [
            models.Index(fields=["document", "occurred_on"], name="legislation_validity_date")
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on.isoformat()} {self.status}"


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")
    REPEALS = "repeals", _("repeals")
    DETAILS = "details", _("details")
    GUIDES = "guides", _("guides")
    CONSOLIDATES = "consolidates", _("consolidates")


class Relation(models.Model):
    """``source`` <kind> ``target``: NĐ 120/2025 *details* Luật 64/2025 Art. 12 cl. 2."""

    source = models.ForeignKey(
        Document,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="relations_out",
    )
    target = models.ForeignKey(
        Document, verbose_name=_("to"), on_delete=models.CASCADE, related_name="relations_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    target_provisions = models.JSONField(_("target provisions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="legislation_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="legislation_relation_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class ObligationStatus(models.TextChoices):
    NOT_YET_DUE = "not_yet_due", _("not yet due")
    FULFILLED_ON_TIME = "fulfilled_on_time", _("fulfilled on time")
    FULFILLED_LATE = "fulfilled_late", _("fulfilled late")
    OVERDUE = "overdue", _("overdue and outstanding")
    NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")


class DetailingObligation(models.Model):
    """One assignment to detail or guide: (delegating document, provisions, assignee, expected
    instrument, due date). Its status on a date is computed (``obligations.status_on``)."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("delegating document"),
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    provisions = models.JSONField(_("provisions to detail"), default=list)
    source_provision = models.CharField(_("delegating provision"), max_length=120)
    text = models.TextField(_("delegating sentence"))
    assignee_text = models.CharField(_("assignee as written"), max_length=255)
    assignee_agency = models.ForeignKey(
        Agency,
        verbose_name=_("assignee agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_type = models.CharField(
        _("expected document type"), max_length=40, choices=DocumentType.choices
    )
    due_on = models.DateField(_("due date"), db_index=True)
    proposal_status = models.CharField(
        _("proposal status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    not_needed_from = models.DateField(_("no longer needed from"), null=True, blank=True)
    not_needed_reason = models.CharField(_("why no longer needed"), max_length=500, blank=True)
    fulfilled_by = models.ManyToManyField(
        Document,
        verbose_name=_("detailing documents"),
        blank=True,
        related_name="fulfilled_obligations",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("detailing obligation")
        verbose_name_plural = _("detailing obligations")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["proposal_status", "due_on"], name="legislation_obligation_due")
        ]

    def __str__(self) -> str:
        return f"{self.document.number} {self.source_provision}: {self.assignee_text}"
