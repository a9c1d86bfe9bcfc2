from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One row per state change, and per read of personal data. Append-only: written by
    services in the same transaction as the change (``tuphap.core.audit``), never updated.

    ``agency_id`` and the object reference are plain values rather than foreign keys, so the
    trail outlives what it describes and ``core`` depends on no other app.
    """

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Indexed first in audit_actor_time (its own index would be one more write per event).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor_username = models.CharField(_("actor user name"), max_length=150, blank=True)
    agency_id = models.BigIntegerField(_("agency"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time"),
            models.Index(
                fields=["object_type", "object_id", "-occurred_at"], name="audit_object_time"
            ),
            models.Index(fields=["action", "-occurred_at"], name="audit_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"


class CalendarOverride(models.Model):
    """A government decision that changes the working calendar on one date: a weekday made a
    day off, or a Saturday/Sunday made a make-up working day. Seeded from
    ``core/data/calendar_overrides.csv``; read by ``tuphap.core.calendar.default_calendar``.
    Written only through ``calendar.calendar_override_save``/``calendar_override_delete``."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off")
        WORKING_DAY = "working_day", _("make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("The government notice that decided it, e.g. Công văn 2450/VPCP-KGVX."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.kind}"


class IdempotentRequest(models.Model):
    """A write of the API answered once for a client's ``Idempotency-Key``: a retry with the
    same key and the same request gets the stored answer; with another request, 409. Written in
    the same transaction as the write itself, so an answer exists exactly when the write does."""

    client = models.CharField(_("client"), max_length=64)  # SHA-256 of the credentials used
    key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"), null=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    body = models.BinaryField(_("body"), default=b"")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotent_request_unique")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class JobState(models.Model):
    """One row per scheduled background job (``tuphap.core.jobs``): who holds its lock, until
    when, and how its last run went. The lock is claimed by one conditional UPDATE
    (``tuphap.core.worker.claim``), so two workers never run the same job at once, on SQLite as
    on PostgreSQL; a worker that dies leaves the lock to expire at ``locked_until``."""

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    name = models.CharField(_("job"), max_length=100, unique=True)
    locked_by = models.CharField(_("locked by"), max_length=100, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_duration = models.DurationField(_("last duration"), null=True, blank=True)
    last_outcome = models.CharField(
        _("last outcome"), max_length=16, choices=Outcome.choices, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    last_result = models.JSONField(
        _("last result"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    last_succeeded_at = models.DateTimeField(_("last succeeded"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
