"""The reads of the inspections register, for a user: the inspections (the case engine's
jurisdiction and need to know by role), the plan of a year against what was done, and the
recommendations tracker (overdue follow-ups first)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case
from tuphap.core.errors import NotFound
from tuphap.oversight.inspections import figures, permissions, rules
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import Inspection, InspectionPlan, Recommendation

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill


def visible_inspections(user: Any) -> QuerySet[Inspection]:
    cases = case_permissions.visible_cases(Case.objects.filter(register=inspections.REGISTER), user)
    return Inspection.objects.filter(case__in=cases).select_related("case", "agency", "plan_item")


def inspection_get_for_user(user: Any, case_id: int) -> Inspection:
    case = case_selectors.case_get_for_user(user, case_id)
    if case.register != inspections.REGISTER:
        raise NotFound(_("No such inspection."))
    inspection = (
        Inspection.objects.select_related("agency", "plan_item", "audited")
        .prefetch_related("team", "recommendations", "samples__findings")
        .filter(case=case)
        .first()
    )
    if inspection is None:
        raise NotFound(_("No such inspection."))
    inspection.case = case
    return inspection


def _plan_visible(user: Any, plan: InspectionPlan) -> bool:
    agency = getattr(user, "agency", None)
    if not permissions.can_read(user) or agency is None:
        return False
    if agency.pk == plan.agency_id or agency.is_national:
        return True
    return plan.agency.province is not None and jurisdiction.covers(user, plan.agency.province)


def plans_for_user(user: Any, year: int) -> list[InspectionPlan]:
    plans = InspectionPlan.objects.filter(year=year).select_related("agency", "agency__province")
    return [
        plan
        for plan in plans.prefetch_related("items__inspections__case")
        if _plan_visible(user, plan)
    ]


@dataclass(frozen=True)
class PlanRow:
    plan: InspectionPlan
    items: list[tuple[Any, Inspection | None, str]]  # item, its inspection, state label
    planned: int
    started: int
    concluded: int
    outside: int  # inspections of the year not in the plan (unannounced, on signs, audits)


def plan_page(user: Any, year: int) -> list[PlanRow]:
    rows = []
    visible = visible_inspections(user)
    for plan in plans_for_user(user, year):
        items = []
        started = concluded = 0
        for item in plan.items.all():
            if item.dropped:
                continue
            done = next(iter(item.inspections.all()), None)
            label = inspections.SPEC.state_label(done.case.state) if done else ""
            if done:
                started += 1
                concluded += int(done.conclusion_date is not None)
            items.append((item, done, label))
        outside = (
            visible.filter(agency_id=plan.agency_id, decision_date__year=year)
            .exclude(kind=rules.Kind.PLANNED)
            .count()
        )
        rows.append(PlanRow(plan, items, len(items), started, concluded, outside))
    return rows


@dataclass(frozen=True)
class TrackerRow:
    recommendation: Recommendation
    overdue: bool


def tracker(
    user: Any, *, now: datetime.datetime | None = None, open_only: bool = False
) -> list[TrackerRow]:
    today = case_deadlines.local_date(now or timezone.now())
    rows = Recommendation.objects.filter(inspection__in=visible_inspections(user)).select_related(
        "inspection", "inspection__case"
    )
    if open_only:
        rows = rows.filter(status=rules.RecommendationStatus.OPEN)
    result = [
        TrackerRow(r, r.status == rules.RecommendationStatus.OPEN and r.due_on < today)
        for r in rows.order_by("due_on", "id")
    ]
    result.sort(key=lambda row: (not row.overdue, row.recommendation.status != "open"))
    return result


def workqueue(user: Any) -> QuerySet[Inspection]:
    """The agency's inspections not closed, by due day."""
    return (
        visible_inspections(user)
        .filter(agency_id=getattr(user, "agency_id", None) or 0)
        .filter(Q(case__closed_at__isnull=True))
        .order_by(F("case__due_at").asc(nulls_last=True), "case_id")
    )


DUE_SOON_DAYS = 5  # working days, as the other registers' workqueues


@dataclass(frozen=True)
class QueueRow:
    """An open inspection of the agency: what is to be done next, by when (the statutory limit
    of the running clock, in calendar days [U]) and how many days are left; in the follow-up,
    the recommendations past their date."""

    inspection: Inspection
    state_label: str
    to_do: str
    due_on: datetime.date | None
    days_left: int | None
    overdue: bool
    due_soon: bool
    recommendations_open: int
    recommendations_overdue: int

    @property
    def late(self) -> bool:
        return self.overdue or self.recommendations_overdue > 0


def _to_do(state: str) -> str:
    if state == inspections.FOLLOWING_UP:
        return str(_("Follow up the recommendations"))
    step = next((t for t in inspections.TRANSITIONS if state in t.sources), None)
    return str(step.label) if step else ""


def queue(user: Any, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The inspector's workqueue: the agency's open inspections with the statutory days left,
    overdue first (a running limit passed, or a recommendation past its date), then by the
    limit; those in the follow-up with nothing overdue last, by their next recommendation."""
    now = now or timezone.now()
    today = case_deadlines.local_date(now)
    soon = case_selectors.due_soon_limit(now, DUE_SOON_DAYS)
    rows = workqueue(user).annotate(
        open_recommendations=Count(
            "recommendations", filter=Q(recommendations__status=rules.RecommendationStatus.OPEN)
        ),
        overdue_recommendations=Count(
            "recommendations",
            filter=Q(
                recommendations__status=rules.RecommendationStatus.OPEN,
                recommendations__due_on__lt=today,
            ),
        ),
        next_recommendation=Min(
            "recommendations__due_on",
            filter=Q(recommendations__status=rules.RecommendationStatus.OPEN),
        ),
    )
    result = []
    for inspection in rows:
        case = inspection.case
        running = case.paused_at is None and case.due_at is not None
        due_on = case_deadlines.local_date(case.due_at) if case.due_at else None
        if due_on is None and case.state == inspections.FOLLOWING_UP:
            due_on = inspection.next_recommendation
        result.append(
            QueueRow(
                inspection=inspection,
                state_label=str(inspections.SPEC.state_label(case.state)),
                to_do=_to_do(case.state),
                due_on=due_on,
                days_left=(due_on - today).days if due_on else None,
                overdue=running and case.due_at is not None and case.due_at < now,
                due_soon=running and case.due_at is not None and now <= case.due_at <= soon,
                recommendations_open=inspection.open_recommendations,
                recommendations_overdue=inspection.overdue_recommendations,
            )
        )
    result.sort(
        key=lambda row: (
            not row.late,
            row.due_on is None,
            row.due_on or datetime.date.max,
            row.inspection.case_id,
        )
    )
    return result


def my_card(user: Any, *, now: datetime.datetime | None = None) -> dict[str, int]:
    """The home card's figures: the agency's open inspections, those past a running limit, and
    the recommendations whose follow-up is overdue."""
    rows = queue(user, now=now)
    return {
        "open": len(rows),
        "overdue": sum(1 for row in rows if row.overdue),
        "due_soon": sum(1 for row in rows if row.due_soon),
        "follow_ups_overdue": sum(row.recommendations_overdue for row in rows),
    }


# The review figures (ADR 0018) the inspections list drills to: every figure of
# ``figures.compute`` but the splits by kind.
DRILL_FIGURES = (
    "decided",
    "inter_sectoral",
    "concluded",
    "recommendations",
    "implemented",
    "money_recommended",
    "money_recovered",
    "decisions_checked",
    "violations",
)


def inspection_drill(drill: Drill, rows: QuerySet[Inspection]) -> tuple[QuerySet[Inspection], int]:
    """The inspections of ``rows`` that make ``drill.figure`` by ``figures.compute`` (each run
    on the inspection's own facts: it, its recommendations, samples and findings), and the
    figure they make."""
    from tuphap.statistics import review as statistics_review

    loaded = figures.load(until=drill.end, inspections=rows.values("case_id"))
    own: dict[int, dict[str, list[tuple[Any, ...]]]] = {
        row[0]: {"inspections": [row], "recommendations": [], "samples": [], "findings": []}
        for row in loaded["inspections"]
    }
    for part in ("recommendations", "samples", "findings"):
        for row in loaded[part]:
            own[row[0]][part].append(row)
    added = statistics_review.contributions(
        drill,
        own.items(),
        record=lambda item: item[0],
        place=lambda item: item[1]["inspections"][0][1],
        agency=lambda item: item[1]["inspections"][0][2],
        compute=lambda items, start, end: figures.compute(items[0][1], start, end),
    )
    chosen = rows.filter(pk__in=list(added))
    return chosen, sum(added[pk] for pk in chosen.values_list("pk", flat=True))
