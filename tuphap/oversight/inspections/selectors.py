"""The reads of the inspections register, for a user: the inspections (the case engine's
jurisdiction and need to know by role), the plan of a year against what was done, and the
recommendations tracker (overdue follow-ups first)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case
from tuphap.core.errors import NotFound
from tuphap.oversight.inspections import permissions, rules
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import Inspection, InspectionPlan, Recommendation


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
        .order_by("case__due_at", "case_id")
    )
