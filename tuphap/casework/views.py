"""The case pages: "My work" (the workqueue), a case with its timeline and a form per allowed
action, notifications, and time in state. Views parse, authorise through a selector, call a
service, then redirect or render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tuphap.accounts.models import Agency, User
from tuphap.accounts.roles import READ_ONLY_ROLES
from tuphap.casework import (
    analytics,
    deadlines,
    forms,
    permissions,
    registry,
    selectors,
    services,
    workflow,
)
from tuphap.casework.models import Case
from tuphap.casework.registry import RegisterSpec
from tuphap.core.errors import AccessDenied, DomainError, NotFound

SECTION_LABELS = {
    "open": gettext_lazy("My open cases"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
    "paused": gettext_lazy("Paused"),
}


@dataclass(frozen=True)
class CaseRow:
    case: Case
    register_name: str
    state_label: str
    overdue: bool


def _spec(case: Case) -> RegisterSpec | None:
    return registry.get(case.register) if case.register in registry.REGISTRY else None


def _row(case: Case, now: Any) -> CaseRow:
    spec = _spec(case)
    return CaseRow(
        case,
        spec.name if spec else case.register,
        spec.state_label(case.state) if spec else case.state,
        case.is_overdue(now),
    )


def _get_case(request: HttpRequest, case_id: int) -> Case:
    try:
        return selectors.case_get_for_user(request.user, case_id)
    except NotFound:
        raise Http404(_("No such case.")) from None


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    section = request.GET.get("section", "open")
    if section not in selectors.WORKQUEUE_SECTIONS:
        section = "open"
    queue = selectors.workqueue_for_user(request.user)
    page = Paginator(queue.section(section), 25).get_page(request.GET.get("page"))
    tabs = [
        {"key": key, "label": SECTION_LABELS[key], "count": queue.counts[key]}
        for key in selectors.WORKQUEUE_SECTIONS
    ]
    return render(
        request,
        "casework/workqueue.html",
        {
            "section": section,
            "section_label": SECTION_LABELS[section],
            "tabs": tabs,
            "page": page,
            "rows": [_row(case, queue.now) for case in page.object_list],
            "soon": queue.soon,
            "unread": selectors.unread_notification_count(request.user),
        },
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases the user may see, filtered (what a bottleneck's figure counts)."""
    form = forms.CaseListForm(request.GET or None)
    page = None
    rows: list[CaseRow] = []
    now = timezone.now()
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        cases = selectors.case_list_for_user(
            request.user,
            register=data.get("register") or None,
            state=data.get("state") or None,
            overdue=True if data.get("overdue") else None,
            agency=data.get("agency"),
            opened_before=data.get("opened_before"),
            opened_after=data.get("opened_after"),
            search=data.get("search") or None,
            now=now,
        )
        page = Paginator(cases, 50).get_page(request.GET.get("page"))
        rows = [_row(case, now) for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    agency_name = ""
    if form.is_bound and form.is_valid() and form.cleaned_data.get("agency"):
        agency_name = (
            Agency.objects.filter(pk=form.cleaned_data["agency"])
            .values_list("name", flat=True)
            .first()
            or ""
        )
    return render(
        request,
        "casework/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "agency_name": agency_name,
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _get_case(request, case_id)
    spec = _spec(case)
    now = timezone.now()
    transitions = []
    if spec is not None:
        try:
            transitions = workflow.allowed_transitions(
                spec=spec, case=case, actor=request.user, day=deadlines.local_date(now)
            )
        except registry.NoRuleSet:
            transitions = []
    can_assign = bool(spec and case.is_open and permissions.can_assign(request.user, spec))
    assign_form = None
    if can_assign and spec is not None:
        assignees = (
            User.objects.filter(agency_id=case.agency_id, is_active=True)
            .filter(roles__role__in=spec.working_roles() - READ_ONLY_ROLES)
            .exclude(pk=case.assignee_id or 0)
            .distinct()
            .order_by("username")
        )
        assign_form = forms.AssignForm(assignees=assignees)
    timeline = [
        {
            "action": action,
            "from_label": spec.state_label(action.from_state) if spec else action.from_state,
            "to_label": spec.state_label(action.to_state) if spec else action.to_state,
        }
        for action in selectors.case_timeline(case)
    ]
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "row": _row(case, now),
            "spec": spec,
            "timeline": timeline,
            "transitions": [
                {
                    "transition": transition,
                    "target_label": spec.state_label(transition.target) if spec else "",
                    "form": forms.TransitionForm(initial={"transition": transition.name}),
                }
                for transition in transitions
            ],
            "assign_form": assign_form,
            "can_manage_clock": bool(
                spec and case.is_open and permissions.can_manage_clock(request.user, spec)
            ),
            "extensions_left": deadlines.extensions_left(case.clock or None),
            "reason_form": forms.ReasonForm(),
        },
    )


def _act(
    request: HttpRequest,
    case_id: int,
    form: Any,
    action: Callable[[Case, dict[str, Any]], Case],
    done: str,
) -> HttpResponse:
    case = _get_case(request, case_id)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("casework:case", case_id=case.pk)
    try:
        action(case, form.cleaned_data)
    except AccessDenied as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        reasons = "; ".join(reason for reasons in error.fields.values() for reason in reasons)
        messages.error(request, f"{error.message} {reasons}".strip())
    else:
        messages.success(request, done)
    return redirect("casework:case", case_id=case.pk)


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        forms.TransitionForm(request.POST),
        lambda case, data: services.case_transition(
            actor=request.user, case=case, transition=data["transition"], reason=data["reason"]
        ),
        _("The case has moved on."),
    )


@login_required
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.AssignForm(request.POST, assignees=User.objects.filter(is_active=True))
    return _act(
        request,
        case_id,
        form,
        lambda case, data: services.case_assign(
            actor=request.user, case=case, assignee=data["assignee"], reason=data["reason"]
        ),
        _("The case has been assigned."),
    )


@login_required
@require_POST
def case_pause(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        forms.ReasonForm(request.POST),
        lambda case, data: services.case_pause(
            actor=request.user, case=case, reason=data["reason"]
        ),
        _("The clock is paused."),
    )


@login_required
@require_POST
def case_resume(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        forms.ReasonForm(request.POST),
        lambda case, data: services.case_resume(
            actor=request.user, case=case, reason=data["reason"]
        ),
        _("The clock runs again; the due date has moved by the paused days."),
    )


@login_required
@require_POST
def case_extend(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        forms.ReasonForm(request.POST),
        lambda case, data: services.case_extend(
            actor=request.user, case=case, reason=data["reason"]
        ),
        _("The deadline has been extended."),
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notification_mark_read(actor=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("casework:notifications")
    page = Paginator(selectors.notification_list_for_user(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/notifications.html", {"page": page})


@login_required
def time_in_state(request: HttpRequest) -> HttpResponse:
    form = forms.TimeInStateForm(request.GET or None)
    figures = None
    agencies: dict[int, str] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        figures = analytics.time_in_state(
            request.user,
            register=data["register"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            include_open=data["include_open"],
            by_agency=data["by_agency"],
        )
        ids = {figure.agency_id for figure in figures if figure.agency_id is not None}
        agencies = dict(Agency.objects.filter(id__in=ids).values_list("id", "name"))
    rows = [
        {"figures": figure, "agency": agencies.get(figure.agency_id or 0, "")}
        for figure in figures or []
    ]
    return render(
        request,
        "casework/time_in_state.html",
        {"form": form, "rows": rows, "computed": figures is not None},
    )
