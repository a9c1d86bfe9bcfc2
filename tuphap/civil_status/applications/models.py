"""Applications for a civil status registration, on the case engine
(docs/domain/civil_status.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.civil_status.registration.models import EventType, Registration
from tuphap.places.models import AdministrativeUnit


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class ApplicationReceiptCounter(models.Model):
    """The last receipt number (số tiếp nhận) a commune gave in a year: gapless, from
    ``tuphap.core.counters``."""

    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="receipt_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.year}: {self.last_number}"


class Application(models.Model):
    """A civil status application (hồ sơ) handled through the case engine (register
    ``civil_status.application``). ``data`` holds the event's fields as filed; it is checked
    per event type when the file is accepted and again when it is registered. Written only by
    ``services.applications``."""

    case = models.OneToOneField(
        "casework.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="civil_status_application",
    )
    event_type = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = models.CharField(
        _("applicant's identity paper"), max_length=20, blank=True
    )
    applicant_relationship = models.CharField(
        _("relationship to the person concerned"), max_length=100, blank=True
    )
    applicant_contact = models.CharField(_("contact"), max_length=200, blank=True)
    data = models.JSONField(_("data filed"), default=dict, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON
    )
    received_at = models.DateTimeField(_("received at"))
    receipt_year = models.PositiveSmallIntegerField(_("receipt year"), null=True, blank=True)
    receipt_number = models.PositiveIntegerField(_("receipt number"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    time_limit_basis = models.CharField(_("time limit basis"), max_length=255, blank=True)
    supplement_requests = models.JSONField(_("supplement requests"), default=list, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    on_time = models.BooleanField(_("handled on time"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving officer"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_at", "-case_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "receipt_year", "receipt_number"],
                name="application_receipt_unique",
            )
        ]
        indexes = [
            models.Index(fields=["commune", "received_at"], name="application_commune_received"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.case_id}"

    @property
    def receipt_label(self) -> str:
        """``0012/2026``: the receipt number shown on the appointment slip."""
        if self.receipt_number is None:
            return ""
        return f"{self.receipt_number:04d}/{self.receipt_year}"
