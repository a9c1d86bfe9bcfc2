"""The reads of the people area, for a user (jurisdiction through ``accounts.jurisdiction``:
the central lists are seen by the ministry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tuphap.accounts import jurisdiction
from tuphap.outreach.people import permissions
from tuphap.outreach.people.models import Disseminator, Mediator


def disseminators_for(user: Any) -> QuerySet[Disseminator]:
    if not permissions.can_read(user):
        return Disseminator.objects.none()
    rows = Disseminator.objects.select_related("place", "agency")
    units = jurisdiction.covered_units(user)
    if units is None:
        return rows
    return rows.filter(Q(place__in=units.values("id")) | Q(agency_id=user.agency_id))


def mediators_for(user: Any) -> QuerySet[Mediator]:
    if not permissions.can_read(user):
        return Mediator.objects.none()
    return jurisdiction.scope(Mediator.objects.select_related("place"), user)
