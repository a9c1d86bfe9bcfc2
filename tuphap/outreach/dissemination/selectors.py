"""The reads of dissemination, for a user: the sessions held in the units of the user's
jurisdiction (the ministry sees all)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet, Sum

from tuphap.accounts import jurisdiction
from tuphap.core.errors import NotFound
from tuphap.outreach.dissemination import rules
from tuphap.outreach.dissemination.models import Campaign, Session
from tuphap.outreach.people import permissions

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill


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


# The review figures of dissemination (ADR 0018) and the sessions behind each, as
# ``dissemination.figures.compute`` counts them: held in the window, at their place, by their
# organiser; contests are the sessions of the form "contest". ``participants`` and
# ``contestants`` are the sums of those sessions' figures (:func:`session_drill_total`).
DRILL_FIGURES = ("sessions", "participants", "contests", "contestants")


def session_drill(drill: Drill) -> Q:
    chosen = Q(**drill.days("held_on"))
    if drill.figure in ("contests", "contestants"):
        chosen &= Q(form=rules.Form.CONTEST)
    return chosen & drill.within("place", "organiser_id")


def session_drill_total(drill: Drill, sessions: QuerySet[Session]) -> int | None:
    """The sum the figure adds up over its sessions (None for a count of sessions)."""
    field_name = {"participants": "participants", "contestants": "contestants"}.get(drill.figure)
    if field_name is None:
        return None
    return int(sessions.aggregate(total=Sum(field_name))["total"] or 0)
