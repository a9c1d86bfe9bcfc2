"""The writes of the inspections register: the annual plan and its amendment, an inspection
decided (with its team and subjects), each step to the conclusion, the recommendations and
their follow-up, the sanctioning decisions sampled and checked, the close of the follow-up.
Each call is one transaction with an audit row; steps go through the case engine
(docs/domain/inspections.md)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import services as case_services
from tuphap.casework import workflow as case_workflow
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, FieldErrors, NotFound, ValidationFailed
from tuphap.oversight.inspections import permissions, rules
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import (
    Finding,
    Inspection,
    InspectionPlan,
    PlanItem,
    Recommendation,
    SampledDecision,
    TeamMember,
)
from tuphap.places import crosswalk

PAST_STEP_HOUR = datetime.time(16, 0)


def _today() -> datetime.date:
    return case_deadlines.local_date(timezone.now())


def _moment(on: datetime.date) -> datetime.datetime:
    if on >= _today():
        return timezone.now()
    return datetime.datetime.combine(on, PAST_STEP_HOUR, tzinfo=LOCAL_TIME_ZONE)


def _day(errors: FieldErrors, name: str, day: Any, *, after: Any = None) -> bool:
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        errors.add(name, _("This field is required."))
        return False
    if day > _today():
        errors.add(name, _("The date must not be in the future."))
        return False
    if after is not None and day < after:
        errors.add(
            name, _("The date must not be before %(day)s.") % {"day": after.strftime("%d/%m/%Y")}
        )
        return False
    return True


def _ensure_worker(actor: Any) -> None:
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an inspector records inspections."))


# -- the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    subject: str
    form: str = rules.Form.INSPECTION
    scope: str = ""
    quarter: int | None = None


def _check_items(errors: FieldErrors, items: Sequence[ItemData]) -> None:
    for index, item in enumerate(items):
        if not item.subject.strip():
            errors.add(f"items.{index}.subject", _("This field is required."))
        if item.form not in rules.Form.values:
            errors.add(f"items.{index}.form", _("Choose an inspection or a check."))
        if item.quarter is not None and not 1 <= item.quarter <= 4:
            errors.add(f"items.{index}.quarter", _("A quarter is 1 to 4."))


@transaction.atomic
def plan_approve(
    *,
    actor: Any,
    year: int,
    approval_number: str,
    approved_on: datetime.date,
    items: Sequence[ItemData],
) -> InspectionPlan:
    """The agency's plan of ``year``, approved with its items (one plan per agency and year)."""
    _ensure_worker(actor)
    errors = FieldErrors()
    if not approval_number.strip():
        errors.add("approval_number", _("This field is required."))
    _day(errors, "approved_on", approved_on)
    if InspectionPlan.objects.filter(agency_id=actor.agency_id, year=year).exists():
        errors.add("year", _("The plan of this year is already approved: amend it."))
    if not items:
        errors.add("items", _("A plan has at least one inspection."))
    _check_items(errors, items)
    errors.raise_if_any()
    plan = InspectionPlan.objects.create(
        agency_id=actor.agency_id,
        year=year,
        approval_number=approval_number.strip(),
        approved_on=approved_on,
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            subject=item.subject.strip(),
            form=item.form,
            scope=item.scope.strip(),
            quarter=item.quarter,
        )
        for item in items
    )
    audit.record(
        actor=actor,
        action="oversight.inspection.plan_approved",
        obj=plan,
        data={"year": year, "items": len(items)},
    )
    return plan


@transaction.atomic
def plan_amend(
    *,
    actor: Any,
    plan: InspectionPlan,
    amendment_number: str,
    amended_on: datetime.date,
    add: Sequence[ItemData] = (),
    drop: Sequence[int] = (),
) -> InspectionPlan:
    """Amend the plan: items added, items dropped (an item already inspected stays)."""
    _ensure_worker(actor)
    if plan.agency_id != actor.agency_id:
        raise NotFound(_("No such plan."))
    errors = FieldErrors()
    if not amendment_number.strip():
        errors.add("amendment_number", _("This field is required."))
    _day(errors, "amended_on", amended_on, after=plan.approved_on)
    _check_items(errors, add)
    dropped = list(PlanItem.objects.filter(plan=plan, pk__in=drop))
    if len(dropped) != len(set(drop)):
        errors.add("drop", _("Not an item of this plan."))
    if any(item.inspections.exists() for item in dropped):
        errors.add("drop", _("An item already inspected cannot be dropped."))
    errors.raise_if_any()
    plan.amendment_number = amendment_number.strip()
    plan.amended_on = amended_on
    plan.save(update_fields=["amendment_number", "amended_on"])
    PlanItem.objects.filter(pk__in=[item.pk for item in dropped]).update(dropped=True)
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            subject=item.subject.strip(),
            form=item.form,
            scope=item.scope.strip(),
            quarter=item.quarter,
            added_by_amendment=True,
        )
        for item in add
    )
    audit.record(
        actor=actor,
        action="oversight.inspection.plan_amended",
        obj=plan,
        data={"added": len(add), "dropped": len(dropped)},
    )
    return plan


# -- an inspection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberData:
    full_name: str
    role: str = rules.MemberRole.MEMBER
    agency_name: str = ""


@dataclass(frozen=True)
class InspectionData:
    kind: str
    form: str
    title: str
    decision_number: str
    decision_date: datetime.date
    issuer: str
    scope: str
    period_from: datetime.date
    period_to: datetime.date
    subjects: Sequence[tuple[str, str]]  # (name, SubjectKind)
    team: Sequence[MemberData]
    plan_item_id: int | None = None
    audited_id: int | None = None
    inter_sectoral: bool = False
    violations_law: bool = False


def _province_on(province: Any, day: datetime.date) -> Any:
    """The agency's province as it was on ``day``: itself, or for an inspection decided before
    the 2025 reorganisation the unit it succeeded (the one with its code when several merged),
    so that the term's earlier inspections are placed on the boundaries of their day."""
    if province is None or province.is_valid_on(day):
        return province
    earlier = [unit for unit, _kind in crosswalk.predecessors(province, day)]
    same_code = [unit for unit in earlier if unit.code == province.code]
    return (same_code or earlier or [province])[0]


@transaction.atomic
def inspection_open(*, actor: Any, data: InspectionData) -> Inspection:
    """An inspection decided by the actor's agency: its team (one head; each member's agency for
    an inter-sectoral team), subjects, scope and period. A planned inspection names its plan
    item; a post-inspection audit names the concluded inspection it audits. The case is placed
    at the agency's province (a national agency's is central) and its clock runs for the
    announcement and the start of the on-site work."""
    _ensure_worker(actor)
    errors = FieldErrors()
    for name in ("title", "decision_number", "issuer", "scope"):
        if not str(getattr(data, name)).strip():
            errors.add(name, _("This field is required."))
    if data.kind not in rules.Kind.values:
        errors.add("kind", _("Choose the kind of inspection."))
    if data.form not in rules.Form.values:
        errors.add("form", _("Choose an inspection or a check."))
    _day(errors, "decision_date", data.decision_date)
    if data.period_to < data.period_from:
        errors.add("period_to", _("The period ends before it starts."))
    if not data.subjects:
        errors.add("subjects", _("Name at least one subject."))
    for name, kind in data.subjects:
        if not name.strip() or kind not in rules.SubjectKind.values:
            errors.add("subjects", _("Each subject has a name and a kind."))
    heads = [m for m in data.team if m.role == rules.MemberRole.HEAD]
    if len(heads) != 1:
        errors.add("team", _("The team has one head."))
    for member in data.team:
        if not member.full_name.strip() or member.role not in rules.MemberRole.values:
            errors.add("team", _("Each member has a name and a role."))
        if data.inter_sectoral and not member.agency_name.strip():
            errors.add("team", _("In an inter-sectoral team each member names their agency."))
    item = None
    if data.kind == rules.Kind.PLANNED:
        item = PlanItem.objects.filter(
            pk=data.plan_item_id or 0, plan__agency_id=actor.agency_id, dropped=False
        ).first()
        if item is None:
            errors.add("plan_item", _("A planned inspection names an item of the agency's plan."))
    audited = None
    if data.kind == rules.Kind.POST_AUDIT:
        audited = Inspection.objects.filter(
            pk=data.audited_id or 0, conclusion_date__isnull=False
        ).first()
        if audited is None:
            errors.add("audited", _("A post-inspection audit names a concluded inspection."))
    errors.raise_if_any()
    agency = actor.agency
    place = None if agency.is_national else _province_on(agency.province, data.decision_date)
    case = case_services.case_open(
        actor=actor,
        register=inspections.REGISTER,
        agency=agency,
        place=place,
        event_date=data.decision_date,
        assignee=actor,
        payload={"kind": data.kind, "decision_number": data.decision_number},
        at=_moment(data.decision_date),
    )
    inspection = Inspection.objects.create(
        case=case,
        agency=agency,
        kind=data.kind,
        form=data.form,
        plan_item=item,
        audited=audited,
        inter_sectoral=data.inter_sectoral,
        violations_law=data.violations_law,
        title=data.title.strip(),
        decision_number=data.decision_number.strip(),
        decision_date=data.decision_date,
        issuer=data.issuer.strip(),
        subjects=[{"name": n.strip(), "kind": k} for n, k in data.subjects],
        scope=data.scope.strip(),
        period_from=data.period_from,
        period_to=data.period_to,
    )
    TeamMember.objects.bulk_create(
        TeamMember(
            inspection=inspection,
            full_name=m.full_name.strip(),
            role=m.role,
            agency_name=m.agency_name.strip(),
        )
        for m in data.team
    )
    audit.record(
        actor=actor,
        action="oversight.inspection.decided",
        obj=case,
        data={"kind": data.kind, "inter_sectoral": data.inter_sectoral},
    )
    return inspection


def _inspection_for(actor: Any, case: Case) -> Inspection:
    if (
        case.register != inspections.REGISTER
        or not case_permissions.can_view_case(actor, case)
        or not permissions.works_on(actor, case.agency_id)
    ):
        raise NotFound(_("No such inspection."))
    inspection = Inspection.objects.select_for_update().filter(case=case).first()
    if inspection is None:
        raise NotFound(_("No such inspection."))
    inspection.case = Case.objects.select_for_update().get(pk=case.pk)
    return inspection


@transaction.atomic
def inspection_step(
    *,
    actor: Any,
    case: Case,
    transition: str,
    on: datetime.date,
    number: str = "",
    summary: str = "",
) -> Inspection:
    """A step: the on-site work started or ended, the team's report, the conclusion (number,
    date, summary; with the findings of the sampled decisions by kind), the close of the
    follow-up (every recommendation implemented or closed)."""
    _ensure_worker(actor)
    inspection = _inspection_for(actor, case)
    with inspections.through_services():
        case_workflow.check_transition(
            spec=inspections.SPEC,
            case=inspection.case,
            actor=actor,
            name=transition,
            payload={},
            day=on,
        )
    errors = FieldErrors()
    _day(errors, "on", on, after=inspection.decision_date)
    updates: dict[str, Any] = {}
    if transition == "start_on_site":
        updates = {"on_site_from": on}
    elif transition == "end_on_site":
        updates = {"on_site_to": on}
    elif transition == "report":
        updates = {"report_on": on}
    elif transition == "conclude":
        if not number.strip():
            errors.add("number", _("This field is required."))
        counts = findings_by_kind(inspection)
        text = summary.strip()
        if counts:
            labels = dict(rules.FindingKind.choices)
            text += "\n" + "; ".join(f"{labels[k]}: {n}" for k, n in sorted(counts.items()))
        updates = {
            "conclusion_number": number.strip(),
            "conclusion_date": on,
            "conclusion_summary": text.strip(),
        }
    elif transition == "close":
        if inspection.recommendations.filter(status=rules.RecommendationStatus.OPEN).exists():
            errors.add("on", _("Some recommendations are still being followed up."))
        updates = {"closed_on": on}
    errors.raise_if_any()
    try:
        with inspections.through_services():
            inspection.case = case_services.case_transition(
                actor=actor, case=inspection.case, transition=transition, at=_moment(on)
            )
    except ValidationFailed as error:
        if "at" in error.fields:
            error.fields["on"] = error.fields.pop("at")
        raise
    for name, value in updates.items():
        setattr(inspection, name, value)
    inspection.save()
    audit.record(
        actor=actor,
        action="oversight.inspection.step",
        obj=inspection.case,
        data={"transition": transition, "on": on.isoformat()},
    )
    return inspection


@transaction.atomic
def inspection_extend(*, actor: Any, case: Case, reason: str) -> Inspection:
    """Extend the on-site work or the conclusion once, as the law allows [U]."""
    _ensure_worker(actor)
    inspection = _inspection_for(actor, case)
    inspection.case = case_services.case_extend(actor=actor, case=inspection.case, reason=reason)
    audit.record(actor=actor, action="oversight.inspection.extended", obj=inspection.case, data={})
    return inspection


# -- recommendations -----------------------------------------------------------------------------


@transaction.atomic
def recommendation_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    text: str,
    due_on: datetime.date,
    amount: int = 0,
) -> Recommendation:
    """A recommendation of the conclusion: money to recover (đồng), a disciplinary measure, a
    rule to amend, a referral to investigation; followed up until implemented or closed."""
    _ensure_worker(actor)
    inspection = _inspection_for(actor, case)
    errors = FieldErrors()
    if inspection.case.state != inspections.FOLLOWING_UP:
        errors.add("kind", _("Recommendations come with the conclusion."))
    if kind not in rules.RecommendationKind.values:
        errors.add("kind", _("Choose the kind of recommendation."))
    if not text.strip():
        errors.add("text", _("This field is required."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        errors.add("amount", _("Give a whole number of đồng."))
    elif kind == rules.RecommendationKind.MONEY and amount == 0:
        errors.add("amount", _("Give the money to recover."))
    if not isinstance(due_on, datetime.date) or (
        inspection.conclusion_date and due_on < inspection.conclusion_date
    ):
        errors.add("due_on", _("The date is after the conclusion."))
    errors.raise_if_any()
    row = Recommendation.objects.create(
        inspection=inspection,
        kind=kind,
        text=text.strip(),
        amount=amount if kind == rules.RecommendationKind.MONEY else 0,
        due_on=due_on,
    )
    audit.record(
        actor=actor,
        action="oversight.inspection.recommended",
        obj=inspection.case,
        data={"kind": kind, "amount": row.amount},
    )
    return row


@transaction.atomic
def recommendation_follow_up(
    *,
    actor: Any,
    recommendation_id: int,
    status: str,
    on: datetime.date,
    recovered: int = 0,
    note: str = "",
) -> Recommendation:
    """The follow-up of a recommendation: money recovered so far, implemented, or closed with
    its reason; an implemented or closed one is final."""
    _ensure_worker(actor)
    row = (
        Recommendation.objects.select_for_update()
        .select_related("inspection__case")
        .filter(pk=recommendation_id)
        .first()
    )
    if row is None:
        raise NotFound(_("No such recommendation."))
    _inspection_for(actor, row.inspection.case)
    errors = FieldErrors()
    if row.status != rules.RecommendationStatus.OPEN:
        errors.add("status", _("This recommendation is already implemented or closed."))
    if status not in rules.RecommendationStatus.values:
        errors.add("status", _("Choose the follow-up."))
    _day(errors, "on", on, after=row.inspection.conclusion_date)
    if isinstance(recovered, bool) or not isinstance(recovered, int) or recovered < 0:
        errors.add("recovered", _("Give a whole number of đồng."))
    elif recovered > row.amount:
        errors.add("recovered", _("More than the money to recover."))
    if status == rules.RecommendationStatus.CLOSED and not note.strip():
        errors.add("note", _("Give the reason it is closed."))
    errors.raise_if_any()
    row.status = status
    row.recovered = recovered
    row.note = note.strip()
    if status != rules.RecommendationStatus.OPEN:
        row.implemented_on = on
    row.save()
    audit.record(
        actor=actor,
        action="oversight.inspection.followed_up",
        obj=row.inspection.case,
        data={"recommendation": row.pk, "status": status, "recovered": recovered},
    )
    return row


# -- sampled sanctioning decisions (§7.2) --------------------------------------------------------


@dataclass(frozen=True)
class SampleData:
    number: str
    violation_on: datetime.date
    record_on: datetime.date
    decision_on: datetime.date
    decision_case: str = rules.DecisionCase.ORDINARY
    long_statute: bool = False
    received_on: datetime.date | None = None
    complied_on: datetime.date | None = None


@transaction.atomic
def sample_add(*, actor: Any, case: Case, data: SampleData) -> SampledDecision:
    """A sanctioning decision of the inspected agency, entered and checked at once: each finding
    names its article (decision after the record's limit, sanction after its statute,
    compliance after 10 days, execution statute run out)."""
    _ensure_worker(actor)
    inspection = _inspection_for(actor, case)
    errors = FieldErrors()
    if not inspection.violations_law:
        errors.add(
            "number",
            _("Only an inspection of administrative-violation enforcement samples decisions."),
        )
    if inspection.case.state not in (inspections.ON_SITE, inspections.REPORTING):
        errors.add("number", _("Decisions are sampled during the on-site work or the report."))
    if not data.number.strip():
        errors.add("number", _("This field is required."))
    if data.decision_case not in rules.DecisionCase.values:
        errors.add("decision_case", _("Choose the case."))
    if _day(errors, "violation_on", data.violation_on) and _day(
        errors, "record_on", data.record_on, after=data.violation_on
    ):
        _day(errors, "decision_on", data.decision_on, after=data.record_on)
    if data.received_on is not None:
        _day(errors, "received_on", data.received_on, after=data.decision_on)
    if data.complied_on is not None:
        _day(errors, "complied_on", data.complied_on, after=data.decision_on)
    errors.raise_if_any()
    row = SampledDecision.objects.create(
        inspection=inspection,
        number=data.number.strip(),
        violation_on=data.violation_on,
        record_on=data.record_on,
        decision_on=data.decision_on,
        decision_case=data.decision_case,
        long_statute=data.long_statute,
        received_on=data.received_on,
        complied_on=data.complied_on,
    )
    found = rules.check(
        rules.Sample(
            violation_on=data.violation_on,
            record_on=data.record_on,
            decision_on=data.decision_on,
            case=data.decision_case,
            long_statute=data.long_statute,
            received_on=data.received_on,
            complied_on=data.complied_on,
        ),
        today=_today(),
    )
    Finding.objects.bulk_create(
        Finding(sample=row, kind=f.kind, article=f.article, detail=f.detail) for f in found
    )
    audit.record(
        actor=actor,
        action="oversight.inspection.sampled",
        obj=inspection.case,
        data={"number": row.number, "findings": [f.kind for f in found]},
    )
    return row


def findings_by_kind(inspection: Inspection) -> Counter[str]:
    return Counter(
        Finding.objects.filter(sample__inspection=inspection).values_list("kind", flat=True)
    )
