"""The pages of the inspections register: the inspections (the agency's open ones first), a new
inspection, an inspection with its team, steps, recommendations and sampled decisions, the plan
of a year against what was done, and the recommendations tracker (overdue first)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import selectors as case_selectors
from tuphap.casework.workflow import allowed_transitions
from tuphap.core import audit, official_docx
from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.oversight.inspections import (
    conclusion,
    forms,
    permissions,
    rules,
    selectors,
    services,
)
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import Inspection, PlanItem
from tuphap.statistics import review as statistics_review


def _require_reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied


def _require_worker(request: HttpRequest) -> None:
    if not permissions.can_work(request.user):
        raise PermissionDenied


def _inspection(request: HttpRequest, case_id: int) -> Inspection:
    try:
        return selectors.inspection_get_for_user(request.user, case_id)
    except NotFound as error:
        raise Http404(str(error)) from None


def _this_year() -> int:
    return case_deadlines.local_date(timezone.now()).year


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    """The inspector's workqueue: the agency's open inspections, overdue first, with the
    statutory days left and the recommendations past their date."""
    _require_worker(request)
    rows = selectors.queue(request.user)
    return render(
        request,
        "oversight/inspection_workqueue.html",
        {
            "rows": rows,
            "late": sum(1 for row in rows if row.late),
            "follow_ups_overdue": sum(row.recommendations_overdue for row in rows),
        },
    )


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    rows = selectors.visible_inspections(request.user).order_by("-decision_date", "-case_id")
    kind = request.GET.get("kind") or ""
    if kind in rules.Kind.values:
        rows = rows.filter(kind=kind)
    # A review figure's drill-down (ADR 0018): the inspections it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, selectors.DRILL_FIGURES)
    total = None
    if errors:
        rows = rows.none()
    elif drill is not None:
        rows, total = selectors.inspection_drill(drill, rows)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    can_work = permissions.can_work(request.user)
    return render(
        request,
        "oversight/inspection_list.html",
        {
            "page": page,
            "rows": [(i, inspections.SPEC.state_label(i.case.state)) for i in page],
            "mine": list(selectors.workqueue(request.user)) if can_work else [],
            "kinds": rules.Kind.choices,
            "kind": kind,
            "can_work": can_work,
            "now": timezone.now(),
            **statistics_review.drill_context(drill, errors, page.paginator.count, total),
        },
        status=400 if errors else 200,
    )


def _item_choices(request: HttpRequest) -> Any:
    return PlanItem.objects.filter(
        plan__agency_id=getattr(request.user, "agency_id", None) or 0, dropped=False
    ).select_related("plan")


def _concluded(request: HttpRequest) -> Any:
    return selectors.visible_inspections(request.user).filter(conclusion_date__isnull=False)


def _from_plan(items: Any, item_id: str | None) -> dict[str, Any]:
    """The new inspection of a plan item not yet inspected (``?plan_item=``), prefilled."""
    if not item_id or not item_id.isdigit():
        return {}
    item = items.filter(pk=int(item_id), inspections__isnull=True).first()
    if item is None:
        return {}
    return {
        "kind": rules.Kind.PLANNED,
        "plan_item": str(item.pk),
        "form": item.form,
        "subjects": item.subject,
        "scope": item.scope,
    }


@login_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    items = _item_choices(request)
    form = forms.InspectionForm(
        request.POST or None,
        items=items,
        concluded=_concluded(request),
        initial=_from_plan(items, request.GET.get("plan_item")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_open(
                actor=request.user,
                data=services.InspectionData(
                    kind=data["kind"],
                    form=data["form"],
                    title=data["title"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    issuer=data["issuer"],
                    scope=data["scope"],
                    period_from=data["period_from"],
                    period_to=data["period_to"],
                    subjects=form.subject_rows(),
                    team=[services.MemberData(*row) for row in form.team_rows()],
                    plan_item_id=int(data["plan_item"]) if data["plan_item"] else None,
                    audited_id=int(data["audited"]) if data["audited"] else None,
                    inter_sectoral=data["inter_sectoral"],
                    violations_law=data["violations_law"],
                ),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The inspection was recorded."))
            return redirect("oversight:inspection", case_id=inspection.case_id)
    return render(request, "oversight/inspection_new.html", {"form": form})


def _context(request: HttpRequest, case_id: int, **given: Any) -> dict[str, Any]:
    inspection = _inspection(request, case_id)
    case = inspection.case
    now = timezone.now()
    today = case_deadlines.local_date(now)
    works = permissions.works_on(request.user, inspection.agency_id) and case.is_open
    steps = []
    if works:
        with inspections.through_services():
            steps = allowed_transitions(
                spec=inspections.SPEC, case=case, actor=request.user, day=today
            )
    labels = dict(rules.FindingKind.choices)
    return {
        "inspection": inspection,
        "case": case,
        "state_label": inspections.SPEC.state_label(case.state),
        "journal": case_selectors.case_journal(case, inspections.SPEC),
        "overdue": case.is_overdue(now),
        "works": works,
        "today": today,
        "findings": [
            (labels.get(kind, kind), count)
            for kind, count in sorted(services.findings_by_kind(inspection).items())
        ],
        "can_sample": works
        and inspection.violations_law
        and case.state in (inspections.ON_SITE, inspections.REPORTING),
        "can_recommend": works and case.state == inspections.FOLLOWING_UP,
        "extensions_left": case_deadlines.extensions_left(case.clock or None),
        "step_form": given.get("step_form")
        or forms.StepForm(transitions=steps, initial={"on": today}),
        "has_steps": bool(steps),
        "extend_form": given.get("extend_form") or forms.ExtendForm(),
        "recommendation_form": given.get("recommendation_form") or forms.RecommendationForm(),
        "follow_up_form": given.get("follow_up_form") or forms.FollowUpForm(initial={"on": today}),
        "sample_form": given.get("sample_form") or forms.SampleForm(),
    }


@login_required
def inspection_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    _require_reader(request)
    return render(request, "oversight/inspection_detail.html", _context(request, case_id))


def _act(
    request: HttpRequest,
    case_id: int,
    form: Any,
    name: str,
    call: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("oversight:inspection", case_id=case_id)
    return render(
        request,
        "oversight/inspection_detail.html",
        _context(request, case_id, **{name: form}),
        status=400,
    )


@login_required
@require_POST
def inspection_step(request: HttpRequest, case_id: int) -> HttpResponse:
    inspection = _inspection(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.StepForm(request.POST, transitions=inspections.TRANSITIONS),
        "step_form",
        lambda data: services.inspection_step(
            actor=request.user,
            case=inspection.case,
            transition=data["transition"],
            on=data["on"],
            number=data["number"] or "",
            summary=data["summary"] or "",
        ),
        _("The step was recorded."),
    )


@login_required
@require_POST
def inspection_extend(request: HttpRequest, case_id: int) -> HttpResponse:
    inspection = _inspection(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.ExtendForm(request.POST),
        "extend_form",
        lambda data: services.inspection_extend(
            actor=request.user, case=inspection.case, reason=data["reason"]
        ),
        _("The time limit was extended."),
    )


@login_required
@require_POST
def inspection_recommend(request: HttpRequest, case_id: int) -> HttpResponse:
    inspection = _inspection(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.RecommendationForm(request.POST),
        "recommendation_form",
        lambda data: services.recommendation_add(
            actor=request.user,
            case=inspection.case,
            kind=data["kind"],
            text=data["text"],
            due_on=data["due_on"],
            amount=data["amount"] or 0,
        ),
        _("The recommendation was recorded."),
    )


@login_required
@require_POST
def inspection_follow_up(
    request: HttpRequest, case_id: int, recommendation_id: int
) -> HttpResponse:
    _inspection(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.FollowUpForm(request.POST),
        "follow_up_form",
        lambda data: services.recommendation_follow_up(
            actor=request.user,
            recommendation_id=recommendation_id,
            status=data["status"],
            on=data["on"],
            recovered=data["recovered"] or 0,
            note=data["note"] or "",
        ),
        _("The follow-up was recorded."),
    )


@login_required
@require_POST
def inspection_sample(request: HttpRequest, case_id: int) -> HttpResponse:
    inspection = _inspection(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.SampleForm(request.POST),
        "sample_form",
        lambda data: services.sample_add(
            actor=request.user, case=inspection.case, data=services.SampleData(**data)
        ),
        _("The sanctioning decision was checked."),
    )


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """This year's plan (or ``?year=``) against what was done; an inspector approves the plan of
    a year that has none."""
    _require_reader(request)
    try:
        year = int(request.GET.get("year") or _this_year())
    except ValueError:
        year = _this_year()
    form = forms.PlanForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        _require_worker(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_approve(
                    actor=request.user,
                    year=data["year"],
                    approval_number=data["approval_number"],
                    approved_on=data["approved_on"],
                    items=[services.ItemData(s, f, quarter=q) for s, f, q in data["items"]],
                )
            except DomainError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The plan was recorded."))
                return redirect(f"{request.path}?year={data['year']}")
    return render(
        request,
        "oversight/inspection_plan.html",
        {
            "year": year,
            "years": list(range(_this_year() + 1, _this_year() - 5, -1)),
            "rows": selectors.plan_page(request.user, year),
            "form": form,
            "can_work": permissions.can_work(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    open_only = request.GET.get("open") == "1"
    return render(
        request,
        "oversight/inspection_recommendations.html",
        {"rows": selectors.tracker(request.user, open_only=open_only), "open_only": open_only},
    )


@login_required
def conclusion_docx(request: HttpRequest, case_id: int) -> HttpResponse:
    """The conclusion, once issued, as DOCX in the official layout; the download is audited."""
    _require_reader(request)
    inspection = _inspection(request, case_id)
    if inspection.conclusion_date is None:
        raise Http404(_("No conclusion has been issued on this inspection."))
    content = conclusion.build(inspection)
    audit.record_read(
        actor=request.user,
        action="oversight.inspection.conclusion_downloaded",
        obj=inspection.case,
        data={"conclusion_number": inspection.conclusion_number},
    )
    response = HttpResponse(content, content_type=official_docx.CONTENT_TYPE)
    number = re.sub(r"[^0-9A-Za-z]+", "-", inspection.conclusion_number).strip("-") or "kl"
    response["Content-Disposition"] = f'attachment; filename="ket-luan-thanh-tra-{number}.docx"'
    return response
