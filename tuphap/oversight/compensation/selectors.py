"""The reads of the state compensation register, for a user (the case engine's jurisdiction and
need to know by role)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case
from tuphap.core.errors import NotFound
from tuphap.core.periods import month_end, months_between
from tuphap.oversight.compensation import figures
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import CompensationClaim, DamageItem

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill

DUE_SOON_WORKING_DAYS = 2


def visible_claims(user: Any) -> QuerySet[CompensationClaim]:
    """The claims ``user`` may see, with their case and damage heads."""
    cases = case_permissions.visible_cases(
        Case.objects.filter(register=compensation.REGISTER), user
    )
    return (
        CompensationClaim.objects.filter(case__in=cases)
        .select_related("case", "case__place", "agency", "resolver")
        .prefetch_related(Prefetch("damages", queryset=DamageItem.objects.order_by("id")))
    )


def claim_get_for_user(user: Any, case_id: int) -> CompensationClaim:
    """One claim, if ``user`` may see it; 404 otherwise (also outside the jurisdiction)."""
    case = case_selectors.case_get_for_user(user, case_id)
    if case.register != compensation.REGISTER:
        raise NotFound(_("No such compensation claim."))
    claim = (
        CompensationClaim.objects.select_related("agency", "resolver")
        .prefetch_related("damages", "advances", "interruptions")
        .filter(case=case)
        .first()
    )
    if claim is None:
        raise NotFound(_("No such compensation claim."))
    claim.case = case
    return claim


@dataclass(frozen=True)
class QueueRow:
    claim: CompensationClaim
    state_label: str
    due_at: datetime.datetime | None
    overdue: bool
    due_soon: bool


def workqueue(user: Any, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The open claims of the user's agency, overdue first, then by due day; paused ones last."""
    now = now or timezone.now()
    soon = case_selectors.due_soon_limit(now, DUE_SOON_WORKING_DAYS)
    claims = (
        visible_claims(user)
        .filter(agency_id=getattr(user, "agency_id", None) or 0, case__closed_at__isnull=True)
        .order_by(F("case__due_at").asc(nulls_last=True), "case_id")
    )
    rows = []
    for claim in claims:
        case = claim.case
        running = case.paused_at is None and case.due_at is not None
        rows.append(
            QueueRow(
                claim,
                compensation.SPEC.state_label(case.state),
                case.due_at,
                running and case.due_at is not None and case.due_at < now,
                running and case.due_at is not None and now <= case.due_at <= soon,
            )
        )
    rows.sort(key=lambda row: (not row.overdue, row.claim.case.paused_at is not None))
    return rows


def my_card(user: Any) -> dict[str, int]:
    rows = workqueue(user)
    return {
        "open": len(rows),
        "overdue": sum(1 for row in rows if row.overdue),
        "due_soon": sum(1 for row in rows if row.due_soon),
    }


@dataclass(frozen=True)
class Dashboard:
    year: int
    until: datetime.date
    totals: dict[str, int]
    months: list[tuple[datetime.date, int, int]]  # (month, accepted, resolved)
    peak: int
    late: list[CompensationClaim]


def dashboard(user: Any, year: int, *, now: datetime.datetime | None = None) -> Dashboard:
    """The year's figures of the claims ``user`` may see, to today for the current year."""
    now = now or timezone.now()
    until = min(datetime.date(year, 12, 31), case_deadlines.local_date(now))
    visible = visible_claims(user)
    facts = figures.load(until=until, claims=visible.values("case_id"))
    first = datetime.date(year, 1, 1)
    totals = figures.totals(figures.compute(facts, first, until))
    months = []
    for month in months_between(first, until):
        values = figures.totals(figures.compute(facts, month, min(month_end(month), until)))
        months.append((month, values["accepted"], values["resolved"]))
    late = list(
        visible.filter(
            decided_on_time=False, decided_on__gte=first, decided_on__lte=until
        ).order_by("-decided_on")[:20]
    )
    return Dashboard(
        year, until, totals, months, max([1, *(max(a, r) for _m, a, r in months)]), late
    )


# The review figures (ADR 0018) the claims list drills to: the flows, counts and money of
# ``figures.compute`` (not the stocks carried in or out).
DRILL_FIGURES = tuple(
    name
    for name in (*figures.FLOW, *figures.OTHER, *figures.MONEY)
    if name not in ("carried_in", "carried_out")
)


def claim_drill(
    drill: Drill, claims: QuerySet[CompensationClaim]
) -> tuple[QuerySet[CompensationClaim], int]:
    """The claims of ``claims`` that make ``drill.figure`` by ``figures.compute`` (each run on
    the claim's own facts), and the figure they make (a count, or đồng)."""
    from tuphap.statistics import review as statistics_review

    added = statistics_review.contributions(
        drill,
        figures.load(until=drill.end, claims=claims.values("case_id")),
        record=lambda fact: fact.case_id,
        place=lambda fact: fact.place_id,
        agency=lambda fact: fact.agency_id,
        compute=figures.compute,
    )
    chosen = claims.filter(pk__in=list(added))
    return chosen, sum(added[pk] for pk in chosen.values_list("pk", flat=True))
