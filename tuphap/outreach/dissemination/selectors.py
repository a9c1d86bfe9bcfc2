"""The reads of dissemination, for a user: the sessions held in the units of the user's
jurisdiction (the ministry sees all)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tuphap.accounts import jurisdiction
from tuphap.core.errors import NotFound
from tuphap.outreach.dissemination.models import Campaign, Session
from tuphap.outreach.people import permissions


def sessions_for(user: Any) -> QuerySet[Session]:
    if not permissions.can_read(user):
        return Session.objects.none()
    return jurisdiction.scope(Session.objects.select_related("place", "organiser"), user)


def session_get(user: Any, session_id: int) -> Session:
    session = (
        sessions_for(user).filter(pk=session_id).prefetch_related("leaders", "documents").first()
    )
    if session is None:
        raise NotFound("No such session.")
    return session


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    agency = getattr(user, "agency", None)
    if agency is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(agency=agency)
