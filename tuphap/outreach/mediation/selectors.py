"""The reads of grassroots mediation, for a user: teams in the user's jurisdiction, the book
through the case engine's visibility (need to know by role)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.errors import NotFound
from tuphap.outreach.mediation import figures
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.mediation.models import MediationCase, Team
from tuphap.outreach.people import permissions

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill


def teams_for(user: Any) -> QuerySet[Team]:
    if not permissions.can_read(user):
        return Team.objects.none()
    return jurisdiction.scope(Team.objects.select_related("place"), user)


def team_get(user: Any, team_id: int) -> Team:
    team = teams_for(user).filter(pk=team_id).first()
    if team is None:
        raise NotFound(_("No such mediation team."))
    return team


def visible_details(user: Any) -> QuerySet[MediationCase]:
    cases = case_permissions.visible_cases(Case.objects.filter(register=book.REGISTER), user)
    return MediationCase.objects.filter(case__in=cases).select_related(
        "case", "case__place", "team", "mediator"
    )


def case_get(user: Any, case_id: int) -> MediationCase:
    detail = visible_details(user).filter(case_id=case_id).first()
    if detail is None:
        raise NotFound(_("No such mediation case."))
    return detail


def case_read(user: Any, case_id: int) -> MediationCase:
    """One case for its page: the parties are personal data, so the read is audited."""
    detail = case_get(user, case_id)
    with transaction.atomic():
        audit.record_read(actor=user, action="outreach.mediation.viewed", obj=detail.case)
    return detail


@dataclass(frozen=True)
class QueueRow:
    detail: MediationCase
    # "late" (not started, past the 3 days), "start" (assigned, not started), "assign",
    # "follow_up"
    kind: str
    due_on: datetime.date | None
    days_left: int | None


def workqueue(user: Any, *, today: datetime.date | None = None) -> list[QueueRow]:
    """The book's work, most urgent first: assigned cases not started within the 3 days, then
    those still within them (fewest days left first), matters with no mediator yet, and
    successful agreements not yet followed up."""
    today = today or case_deadlines.local_date(timezone.now())
    details = visible_details(user)
    rows: list[QueueRow] = []
    for detail in details.filter(case__state=book.ASSIGNED).order_by(
        F("start_due_on").asc(nulls_last=True), "case_id"
    ):
        due = detail.start_due_on
        left = (due - today).days if due else None
        rows.append(
            QueueRow(detail, "late" if left is not None and left < 0 else "start", due, left)
        )
    for detail in details.filter(case__state=book.RECEIVED).order_by("received_on", "case_id"):
        rows.append(QueueRow(detail, "assign", None, None))
    for detail in details.filter(case__state=book.SUCCESSFUL, performance="").order_by("ended_on"):
        rows.append(QueueRow(detail, "follow_up", None, None))
    return rows


@dataclass(frozen=True)
class Board:
    totals: dict[str, int]
    success_rate: float | None
    success_rate_received: float | None
    teams: int
    incomplete_teams: int


def board(user: Any, start: datetime.date, end: datetime.date) -> Board:
    agencies = set(visible_details(user).values_list("case__agency_id", flat=True).distinct())
    totals = figures.totals(figures.compute(figures.load(until=end, agencies=agencies), start, end))
    teams = teams_for(user)
    return Board(
        totals,
        figures.rate(totals["successful"], totals["concluded"]),
        figures.rate(totals["successful"], totals["received"]),
        teams.count(),
        teams.filter(complete=False).count(),
    )


# The review figures of grassroots mediation (ADR 0018) and the matters behind each, as
# ``mediation.figures.compute`` counts them: ``received`` by the day received, an outcome
# (``successful``, ``unsuccessful``, ``ended``, ``refused``) by the day the mediation ended in
# it; at the matter's place, for the commune's agency.
DRILL_FIGURES = ("received", *sorted(set(figures.EXITS.values())))


def case_drill(drill: Drill) -> Q:
    if drill.figure == "received":
        chosen = Q(**drill.days("received_on"))
    else:
        states = [state for state, name in figures.EXITS.items() if name == drill.figure]
        chosen = Q(case__state__in=states, **drill.days("ended_on"))
    return chosen & drill.within("case__place", "case__agency_id")
