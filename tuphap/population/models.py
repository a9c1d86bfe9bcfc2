"""The outbox of requests to the National Population Database.

A register writes one ``OutboxMessage`` in the same transaction as the registration
(``services.outbox_enqueue``); the relay (``relay.py``) delivers it later with its idempotency
key. See docs/population-protocol.md and docs/domain/population.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    BIRTH = "birth", _("Birth (PIN request)")
    DEATH = "death", _("Death")
    MARRIAGE = "marriage", _("Marriage")
    CORRECTION = "correction", _("Correction")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED_PERMANENTLY = "failed_permanently", _("Failed permanently")
    NEEDS_RECONCILIATION = "needs_reconciliation", _("Needs reconciliation")
    # An officer closed it with a written reason (e.g. the population database already holds
    # the event); it is never sent again.
    RESOLVED = "resolved", _("Resolved")


# The partial index of the rows that can fall due: the relay's claim reads the first of them.
DUE_INDEX = "population_outbox_due"


class OutboxMessage(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    payload = models.JSONField(_("payload"))
    idempotency_key = models.UUIDField(
        _("idempotency key"), unique=True, default=uuid.uuid4, editable=False
    )
    # What the message is about (e.g. a birth registration), as "app_label.model" and its key:
    # generic, so that no register depends on this app's schema and the reverse.
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.CharField(_("subject id"), max_length=64)
    province = models.ForeignKey(
        "places.AdministrativeUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The registration day both sides record; reconciliation compares per day.
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(
        _("status"), max_length=24, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # A relay that claims a row leases it; a row whose lease ran out (the relay died) is
    # claimable again.
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    response = models.JSONField(_("response"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Where the "no answer for too long" clock starts: creation, or an officer's retry.
    clock_started_at = models.DateTimeField(_("retry clock started at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution_reason = models.TextField(_("reason for resolving"), blank=True)

    class Meta:
        verbose_name = _("population database message")
        verbose_name_plural = _("population database messages")
        ordering = ["created_at", "id"]
        indexes = [
            # The relay's claim query: only pending rows are ever due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name=DUE_INDEX,
            ),
            models.Index(fields=["status", "province"], name="population_outbox_status"),
            models.Index(fields=["subject_type", "subject_id"], name="population_outbox_subject"),
            models.Index(fields=["registered_on"], name="population_outbox_day"),
            # "Resolved this month" on the civil status dashboard.
            models.Index(
                fields=["province", "resolved_at"],
                condition=Q(status="resolved"),
                name="population_outbox_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}#{self.subject_id} ({self.status})"
