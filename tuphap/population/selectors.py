"""Reads of the outbox for people: the reconciliation queue, limited by role and jurisdiction.

Jurisdiction is the message's province: a user sees the messages of every province their
agency's jurisdiction covers or lies in, so a commune's civil status officer sees their
province's queue, a Department of Justice its province's (and its 2025 predecessors'), the
ministry all."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.population import permissions
from tuphap.population.models import MessageStatus, OutboxMessage

QUEUE_STATUSES = (MessageStatus.NEEDS_RECONCILIATION, MessageStatus.FAILED_PERMANENTLY)


def _in_provinces_of(queryset: QuerySet[OutboxMessage], user: Any) -> QuerySet[OutboxMessage]:
    units = jurisdiction.covered_units(user)
    if units is None:
        return queryset
    return queryset.filter(
        Q(province__in=units.values("id")) | Q(province__in=units.values("province_id"))
    )


def _visible(user: Any) -> QuerySet[OutboxMessage]:
    if not permissions.can_view_queue(user):
        raise AccessDenied(_("You may not see the population database reconciliation queue."))
    return _in_provinces_of(OutboxMessage.objects.all(), user)


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
    message = _visible(user).select_related("province", "resolved_by").filter(pk=message_id).first()
    if message is None:
        raise NotFound(_("No such message."))
    return message


def month_start(today: datetime.date) -> datetime.datetime:
    """Midnight of the first day of ``today``'s month, Việt Nam time."""
    return datetime.datetime(today.year, today.month, 1, tzinfo=LOCAL_TIME_ZONE)


def reconciliation_counts_for_user(user: Any) -> dict[str, int] | None:
    """The dashboard's counts: messages needing reconciliation now, and resolved this month
    (Việt Nam time); None when the user may not see the queue. One query."""
    if not permissions.can_view_queue(user):
        return None
    since = month_start(timezone.localdate())
    counts = _in_provinces_of(OutboxMessage.objects.all(), user).aggregate(
        needing=Count("id", filter=Q(status__in=QUEUE_STATUSES)),
        resolved_this_month=Count(
            "id", filter=Q(status=MessageStatus.RESOLVED, resolved_at__gte=since)
        ),
    )
    return {name: int(value or 0) for name, value in counts.items()}
