"""Writes of the gateway that registers and officers call: enqueue a request, retry a message.
The relay's own writes (claim, answer, back-off) are in ``relay.py``."""

from __future__ import annotations

import datetime
from typing import Any, Final

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.places.models import AdministrativeUnit
from tuphap.population import permissions, pins, selectors
from tuphap.population.models import MessageKind, MessageStatus, OutboxMessage

BIRTH_REQUIRED: Final = ("full_name", "sex", "date_of_birth", "birth_province_code")


def _check_payload(kind: str, payload: dict[str, Any]) -> None:
    fields: dict[str, str] = {}
    if kind not in MessageKind.values:
        raise ValidationFailed(_("Unknown message kind."), fields={"kind": _("Unknown kind.")})
    if kind == MessageKind.BIRTH:
        for name in BIRTH_REQUIRED:
            if payload.get(name) in (None, ""):
                fields[f"payload.{name}"] = _("This field is required.")
        if payload.get("sex") not in (None, "", "male", "female"):
            fields["payload.sex"] = _("Sex must be male or female.")
        code = payload.get("birth_province_code")
        if code and not pins.PROVINCE_CODE_PATTERN.match(str(code)):
            fields["payload.birth_province_code"] = _("A province code has 3 digits.")
    elif not pins.is_well_formed(str(payload.get("pin") or "")):
        fields["payload.pin"] = _("A personal identification number has 12 digits.")
    if fields:
        raise ValidationFailed(_("The message cannot be sent as it is."), fields=fields)


def outbox_enqueue(
    *,
    kind: str,
    payload: dict[str, Any],
    subject: models.Model,
    province: AdministrativeUnit | None = None,
) -> OutboxMessage:
    """Queue one request to the population database, in the caller's transaction.

    Call it inside the registration's own ``transaction.atomic``: the request then commits or
    rolls back with the registration, and the registration never waits for the population
    database. ``payload`` for a birth: ``full_name``, ``sex``, ``date_of_birth``,
    ``birth_province_code`` and optionally ``father_pin``, ``mother_pin``; for a death, marriage
    or correction: ``pin``, ``occurred_on`` and ``data``. ``registered_on`` defaults to today.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_enqueue must be called inside the caller's transaction.")
    _check_payload(kind, payload)
    now = timezone.now()
    registered_on = payload.get("registered_on") or timezone.localdate(now).isoformat()
    try:
        day = datetime.date.fromisoformat(str(registered_on))
    except ValueError as error:
        raise ValidationFailed(
            _("The message cannot be sent as it is."),
            fields={"payload.registered_on": _("Enter a valid date.")},
        ) from error
    return OutboxMessage.objects.create(
        kind=kind,
        payload={**payload, "registered_on": day.isoformat()},
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        province=province,
        registered_on=day,
        next_attempt_at=now,
        created_at=now,
        clock_started_at=now,
    )


@transaction.atomic
def message_retry(*, actor: Any, message_id: int) -> OutboxMessage:
    """Put a message that needs reconciliation (or was refused) back in the queue, now."""
    if not permissions.can_retry(actor):
        raise AccessDenied(_("Only specialists and administrators may retry a message."))
    visible = selectors.message_get_for_user(actor, message_id)
    message = OutboxMessage.objects.select_for_update().get(pk=visible.pk)
    if message.status not in selectors.QUEUE_STATUSES:
        raise Conflict(_("Only a message that needs reconciliation or was refused can be retried."))
    previous = message.status
    now = timezone.now()
    message.status = MessageStatus.PENDING
    message.next_attempt_at = now
    message.clock_started_at = now
    message.claimed_by = ""
    message.lease_expires_at = None
    message.save(
        update_fields=[
            "status",
            "next_attempt_at",
            "clock_started_at",
            "claimed_by",
            "lease_expires_at",
        ]
    )
    audit.record(
        actor=actor,
        action="population.message.retried",
        obj=message,
        data={"previous_status": previous, "kind": message.kind},
    )
    return message
