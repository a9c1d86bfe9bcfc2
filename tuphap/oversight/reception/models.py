"""The register of letters (đơn) and of reception sessions (docs/domain/oversight.md).

A ``Letter`` is registered once by the receiving agency, in the administrative unit of that
agency (``place``: what jurisdiction is scoped by), with one or more ``LetterSender`` rows, its
classification, competence and handling; each step is a ``LetterAction``. The complaint and
denunciation registers build on ``Letter`` (they import it; this area never imports them).

Written only by ``tuphap.oversight.reception.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.oversight.reception import rules
from tuphap.places.models import AdministrativeUnit


class LetterCounter(models.Model):
    """The last number of the agency's letter book in a year (gapless, ``core.counters``)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="oversight_letter_counter")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last_number}"


class Letter(models.Model):
    """One letter (đơn) received by an agency, registered once (TT 05/2021 Art. 4–6)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("receiving agency"), on_delete=models.PROTECT, related_name="+"
    )
    # The receiving agency's unit (none for a national agency: only national agencies and the
    # agency itself see the letter).
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number in the letter book"))
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=16, choices=rules.Channel.choices)
    subject = models.CharField(_("subject of the letter"), max_length=255, blank=True)
    content = models.TextField(_("content"))
    # Folded significant words of the content, space-separated (duplicate detection).
    content_words = models.TextField(_("content words"), blank=True, editable=False)
    # Sender identities (``rules.sender_key``), space-free, separated by newlines.
    sender_keys = models.TextField(_("sender identities"), blank=True, editable=False)
    sender_count = models.PositiveSmallIntegerField(_("number of senders"), default=1)
    # Classification (TT 05/2021 Art. 6).
    classification = models.CharField(
        _("classification"),
        max_length=16,
        choices=rules.Classification.choices,
        blank=True,
        default="",
    )
    field = models.CharField(
        _("field"), max_length=24, choices=rules.Field.choices, blank=True, default=""
    )
    ineligible_reason = models.CharField(
        _("reason not eligible"),
        max_length=16,
        choices=rules.IneligibleReason.choices,
        blank=True,
        default="",
    )
    ineligible_note = models.CharField(_("note on the reason"), max_length=255, blank=True)
    competence = models.CharField(
        _("competence"), max_length=8, choices=rules.Competence.choices, blank=True, default=""
    )
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    # Handling (Biểu 01/XLD results); empty while not yet handled.
    handling = models.CharField(
        _("handling"), max_length=12, choices=rules.Handling.choices, blank=True, default=""
    )
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    transferred_to = models.ForeignKey(
        Agency,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_to_name = models.CharField(_("competent body"), max_length=255, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    guidance = models.TextField(_("guidance given"), blank=True)
    urged_count = models.PositiveSmallIntegerField(_("times urged"), default=0)
    last_urged_on = models.DateField(_("last urged on"), null=True, blank=True)
    # The same sender sending the same content again: linked, not counted twice.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # Other senders' letters on the same matter (vụ việc): counted as letters, one matter.
    matter_of = models.ForeignKey(
        "self",
        verbose_name=_("same matter as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="same_matter",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-received_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="oversight_letter_number"
            ),
            models.CheckConstraint(
                condition=~Q(classification="not_eligible") | ~Q(ineligible_reason=""),
                name="oversight_letter_ineligible_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(handling="transferred", transferred_on__isnull=False)
                | ~Q(handling="transferred"),
                name="oversight_letter_transfer_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="oversight_letter_received"),
            models.Index(fields=["place", "received_on"], name="oversight_letter_place"),
            models.Index(fields=["agency", "handled_on"], name="oversight_letter_handled"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None


class LetterSender(models.Model):
    """One of the people who signed a letter (several sign one letter; one represents them)."""

    letter = models.ForeignKey(
        Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="senders"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    full_name = models.CharField(_("sender"), max_length=200)
    pin = models.CharField(_("personal identification number"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    representative = models.BooleanField(_("representative of the senders"), default=False)
    key = models.CharField(_("sender identity"), max_length=300, editable=False)

    class Meta:
        verbose_name = _("sender of a letter")
        verbose_name_plural = _("senders of letters")
        ordering = ["letter", "position"]
        indexes = [models.Index(fields=["key"], name="oversight_sender_key")]

    def __str__(self) -> str:
        return self.full_name


class LetterAction(models.Model):
    """One step in the handling of a letter: what, when, to whom, by whom. A letter is
    transferred at most once (TT 05/2021 Art. 14), enforced by the database as well."""

    letter = models.ForeignKey(
        Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("action"), max_length=12, choices=rules.ActionKind.choices)
    on = models.DateField(_("date"))
    to_agency = models.ForeignKey(
        Agency,
        verbose_name=_("sent to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_name = models.CharField(_("name of the body sent to"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter action")
        verbose_name_plural = _("letter actions")
        ordering = ["letter", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter"],
                condition=Q(kind="transferred"),
                name="oversight_letter_transferred_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.kind} {self.on}"


class ReceptionSession(models.Model):
    """One reception of citizens: by the reception office, or by a leader on the periodic
    reception day or unscheduled (Luật Tiếp công dân Art. 12–18); in person or online (NĐ
    154/2026). Who received whom and what was raised; a person may be received without a
    letter, or the letter registered from it is linked."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        _("kind of reception"), max_length=20, choices=rules.SessionKind.choices
    )
    mode = models.CharField(_("mode"), max_length=10, choices=rules.SessionMode.choices)
    held_on = models.DateField(_("held on"))
    received_by = models.CharField(_("received by"), max_length=200)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    citizen_name = models.CharField(_("citizen received"), max_length=200)
    citizen_pin = models.CharField(_("personal identification number"), max_length=12, blank=True)
    citizen_address = models.CharField(_("address"), max_length=255, blank=True)
    headcount = models.PositiveSmallIntegerField(_("number of people received"), default=1)
    delegation = models.BooleanField(_("a crowd (đoàn đông người)"), default=False)
    raised = models.TextField(_("what was raised"))
    classification = models.CharField(
        _("classification"),
        max_length=16,
        choices=rules.Classification.choices,
        blank=True,
        default="",
    )
    letter = models.ForeignKey(
        Letter,
        verbose_name=_("letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "held_on"], name="oversight_reception_held"),
            models.Index(fields=["place", "held_on"], name="oversight_reception_place"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_name} {self.held_on:%d/%m/%Y}"
