from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from tuphap.accounts import jurisdiction, permissions
from tuphap.accounts.models import Agency, User
from tuphap.core.errors import AccessDenied
from tuphap.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str | None = None  # user name
    object_type: str | None = None
    object_id: str | None = None
    action: str | None = None  # exact code, or a prefix ending in "."
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def audit_event_list_for_user(user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The audit trail, for auditors and administrators. A provincial auditor sees the events
    of the agencies in their jurisdiction; a national one sees every event."""
    if not permissions.can_view_audit(user):
        raise AccessDenied("Only auditors may search the audit trail.")
    events = AuditEvent.objects.all()
    if not user.agency or not user.agency.is_national:
        agencies = agency_list_for_user(user).values("id")
        events = events.filter(agency_id__in=agencies)
    if filters.actor:
        events = events.filter(actor_username=filters.actor)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.action:
        if filters.action.endswith("."):
            events = events.filter(action__startswith=filters.action)
        else:
            events = events.filter(action=filters.action)
    if filters.date_from:
        events = events.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(occurred_at__date__lte=filters.date_to)
    return events.order_by("-occurred_at", "-id")


def agency_list_for_user(user: Any) -> QuerySet[Agency]:
    """Agencies whose province lies in the user's jurisdiction (all, for national users)."""
    agencies = Agency.objects.select_related("parent", "province")
    units = jurisdiction.covered_units(user)
    if units is None:
        return agencies
    own = getattr(user, "agency_id", None)
    return agencies.filter(Q(province__in=units.values("id")) | Q(id=own))


def user_list_for_user(user: Any) -> QuerySet[User]:
    return User.objects.filter(agency__in=agency_list_for_user(user).values("id")).select_related(
        "agency"
    )
