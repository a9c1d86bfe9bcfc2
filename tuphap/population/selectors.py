"""Reads of the outbox for people: the reconciliation queue, limited by role and jurisdiction."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.population import permissions
from tuphap.population.models import MessageStatus, OutboxMessage

QUEUE_STATUSES = (MessageStatus.NEEDS_RECONCILIATION, MessageStatus.FAILED_PERMANENTLY)


def _visible(user: Any) -> QuerySet[OutboxMessage]:
    if not permissions.can_view_queue(user):
        raise AccessDenied(_("Only specialists and administrators may see this queue."))
    return jurisdiction.scope(OutboxMessage.objects.all(), user, place_field="province")


def reconciliation_list_for_user(
    user: Any, *, status: str | None = None
) -> QuerySet[OutboxMessage]:
    """Messages that need an officer (no answer for too long, or refused), oldest first."""
    statuses = [status] if status in QUEUE_STATUSES else list(QUEUE_STATUSES)
    return (
        _visible(user)
        .filter(status__in=statuses)
        .select_related("province")
        .order_by("created_at", "id")
    )


def message_get_for_user(user: Any, message_id: int) -> OutboxMessage:
    message = _visible(user).select_related("province").filter(pk=message_id).first()
    if message is None:
        raise NotFound(_("No such message."))
    return message
