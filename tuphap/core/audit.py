"""Writing the audit trail. Every service calls ``record`` inside its transaction; a read of
personal data calls ``record_read``. Neither commits on its own: if the change rolls back, so
does its audit row, and a change cannot commit without one."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from tuphap.core import context, inserts
from tuphap.core.models import AuditEvent


def _reference(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:255]


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. Must run inside the service's transaction."""
    # Every write records one: the INSERT is built once (tuphap.core.inserts), not compiled.
    return inserts.insert(event(actor=actor, action=action, obj=obj, data=data))


def event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """The audit row ``record`` appends, not yet written: for a service that writes it with its
    other new rows in one statement (``inserts.insert_all``), in its transaction."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError(f"audit row {action!r}: it must be written inside a transaction.")
    return _event(actor, action, obj, data, context.current())


def _event(
    actor: Any,
    action: str,
    obj: models.Model | None,
    data: dict[str, Any] | None,
    request: Any,
) -> AuditEvent:
    """The audit row of one action by ``actor`` on ``obj`` in the current request's context."""
    object_type, object_id, object_label = _reference(obj)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        agency_id=getattr(actor, "agency_id", None) if authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        data=data or {},
        request_id=request.request_id,
        client_address=request.client_address,
        channel=request.channel,
    )


def record_many(
    *, actor: Any, entries: list[tuple[str, models.Model | None, dict[str, Any] | None]]
) -> list[AuditEvent]:
    """Append one audit row per ``(action, obj, data)`` in one INSERT: what a batch writer (the
    population relay) records, the same rows ``record`` would write one by one. Must run inside
    the caller's transaction."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside a transaction.")
    if not entries:
        return []
    request = context.current()
    return AuditEvent.objects.bulk_create(
        [_event(actor, action, obj, data, request) for action, obj, data in entries]
    )


@transaction.atomic
def record_read(
    *, actor: Any, action: str, obj: models.Model, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Record that ``actor`` viewed personal data (a person's record, an identification number)."""
    return record(actor=actor, action=action, obj=obj, data=data)
