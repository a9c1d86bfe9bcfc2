"""Writes of the gateway that registers and officers call: enqueue a request; and for a message
that could not be delivered, resend it, correct and resend it, or mark it resolved (the
reconciliation queue, docs/domain/population.md §3.1). The relay's own writes (claim, answer,
back-off) are in ``relay.py``."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Final

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit, inserts
from tuphap.core.errors import AccessDenied, Conflict, FieldErrors, ValidationFailed
from tuphap.places.models import AdministrativeUnit
from tuphap.population import permissions, pins, rules, selectors
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
    # Every registration queues one: the INSERT is built once (tuphap.core.inserts).
    return inserts.insert(
        outbox_message(kind=kind, payload=payload, subject=subject, province=province)
    )


def outbox_message(
    *,
    kind: str,
    payload: dict[str, Any],
    subject: models.Model,
    province: AdministrativeUnit | None = None,
) -> OutboxMessage:
    """The request ``outbox_enqueue`` queues, checked but not yet written: for a service that
    writes it with its other new rows in one statement (``inserts.insert_all``), in its own
    transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An outbox message must be queued inside the caller's transaction.")
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
    return OutboxMessage(
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


def _locked(actor: Any, message_id: int, action: str) -> OutboxMessage:
    """The message, visible to ``actor`` and locked, if ``action`` applies to it now."""
    visible = selectors.message_get_for_user(actor, message_id)
    message = OutboxMessage.objects.select_for_update().get(pk=visible.pk)
    if action not in rules.actions_for(message.status):
        if message.status == MessageStatus.FAILED_PERMANENTLY:
            text = _(
                "The population database refused this message: sent again unchanged it would "
                "be refused again. Correct it and resend, or mark it resolved."
            )
        elif message.status == MessageStatus.NEEDS_RECONCILIATION:
            text = _(
                "This message got no answer, so the population database may have applied it: "
                "resend it unchanged (its key cannot apply it twice), or mark it resolved."
            )
        else:
            text = _("Only a message that needs reconciliation or was refused can be acted on.")
        raise Conflict(text)
    return message


def _requeue(message: OutboxMessage, now: datetime.datetime) -> list[str]:
    message.status = MessageStatus.PENDING
    message.next_attempt_at = now
    message.clock_started_at = now
    message.claimed_by = ""
    message.lease_expires_at = None
    return ["status", "next_attempt_at", "clock_started_at", "claimed_by", "lease_expires_at"]


@transaction.atomic
def message_retry(*, actor: Any, message_id: int) -> OutboxMessage:
    """Send a message that got no answer again, now, unchanged and with the same key (the
    population database answers a key it applied with its first answer)."""
    if not permissions.can_retry(actor):
        raise AccessDenied(_("You may not act on the population database queue."))
    message = _locked(actor, message_id, rules.RESEND)
    previous = message.status
    message.save(update_fields=_requeue(message, timezone.now()))
    audit.record(
        actor=actor,
        action="population.message.retried",
        obj=message,
        data={"previous_status": previous, "kind": message.kind},
    )
    return message


@transaction.atomic
def message_correct(
    *, actor: Any, message_id: int, changes: dict[str, Any], reason: str
) -> OutboxMessage:
    """Correct the fields of a refused message and send it again under a new idempotency key
    (the old key holds the refusal, and the population database refuses a key reused for a
    different request). ``changes`` maps field names of ``rules.CORRECTABLE`` (``data.x`` for
    the event's data) to their new values; "" clears an optional one.

    This corrects what is sent, not the register's record: when the record is wrong too, it is
    amended through the register's own procedure."""
    if not permissions.can_correct(actor):
        raise AccessDenied(_("You may not act on the population database queue."))
    message = _locked(actor, message_id, rules.CORRECT)
    errors = FieldErrors()
    allowed = rules.CORRECTABLE.get(message.kind, ())
    if not reason.strip():
        errors.add("reason", _("Say why the message is corrected."))
    payload = dict(message.payload)
    recorded: dict[str, dict[str, Any]] = {}
    for name, value in changes.items():
        if name not in allowed:
            errors.add(f"changes.{name}", _("This field cannot be corrected."))
            continue
        problem = rules.field_error(name, value)
        if problem:
            errors.add(f"changes.{name}", problem)
            continue
        new = value.strip() or None
        old = rules.current_value(payload, name)
        if (old or None) != new:
            recorded[name] = {"old": old, "new": new}
            payload = rules.with_value(payload, name, new)
    if not changes:
        errors.add("changes", _("Name at least one field to correct."))
    elif not recorded and not errors.fields:
        errors.add("changes", _("Nothing was changed: the message would be refused again."))
    errors.raise_if_any()
    previous_key, previous_error = str(message.idempotency_key), message.last_error
    fields = _requeue(message, timezone.now())
    message.payload = payload
    message.idempotency_key = uuid.uuid4()
    message.last_error = ""
    message.response = None
    message.save(update_fields=[*fields, "payload", "idempotency_key", "last_error", "response"])
    audit.record(
        actor=actor,
        action="population.message.corrected",
        obj=message,
        data={
            "kind": message.kind,
            "changes": recorded,
            "reason": reason.strip(),
            "previous_idempotency_key": previous_key,
            "previous_error": previous_error,
        },
    )
    return message


@transaction.atomic
def message_resolve(*, actor: Any, message_id: int, reason: str) -> OutboxMessage:
    """Close a message that could not be delivered, with the written reason (e.g. the
    population database already holds the event, checked with its operator); it is never sent
    again."""
    if not permissions.can_resolve(actor):
        raise AccessDenied(_("You may not act on the population database queue."))
    message = _locked(actor, message_id, rules.RESOLVE)
    if not reason.strip():
        raise ValidationFailed(
            _("A message is resolved only with the reason."),
            fields={"reason": _("Say how the message was resolved.")},
        )
    previous = message.status
    message.status = MessageStatus.RESOLVED
    message.resolved_at = timezone.now()
    message.resolved_by = actor
    message.resolution_reason = reason.strip()
    message.claimed_by = ""
    message.lease_expires_at = None
    message.save(
        update_fields=[
            "status",
            "resolved_at",
            "resolved_by",
            "resolution_reason",
            "claimed_by",
            "lease_expires_at",
        ]
    )
    audit.record(
        actor=actor,
        action="population.message.resolved",
        obj=message,
        data={"previous_status": previous, "kind": message.kind, "reason": reason.strip()},
    )
    return message
