"""The pages of the complaint register: the workqueue with the statutory days left, the list,
a complaint received, a complaint with its timeline and a form per allowed action, the printed
notices and the dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.casework import selectors as case_selectors
from tuphap.core import official_docx
from tuphap.core.errors import DomainError
from tuphap.core.forms import show_errors
from tuphap.oversight.complaints import (
    actions,
    figures,
    forms,
    imports,
    notices,
    pages,
    permissions,
    selectors,
    services,
)
from tuphap.oversight.complaints import workflow as flow


def _require_reader(request: HttpRequest) -> None:
    pages.require(permissions.can_read(request.user))


def _detail(request: HttpRequest, case_id: int) -> Any:
    return pages.detail_or_404(selectors.detail_get_for_user, request, case_id)


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    rows = selectors.workqueue(request.user)
    return render(request, "oversight/complaint_workqueue.html", {"rows": rows})


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    context = pages.list_context(
        request,
        states=flow.STATES,
        search=selectors.search,
        can_work=permissions.can_work(request.user),
        matters=figures.complaint_matters,
    )
    return render(
        request,
        "oversight/complaint_list.html",
        context,
        status=400 if context["filter_errors"] else 200,
    )


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    places = jurisdiction.communes_for(request.user)
    form = forms.ComplaintForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            detail = services.complaint_open(
                actor=request.user,
                place=data["place"],
                data=services.ComplaintData(
                    subject=data["subject"],
                    content=data["content"],
                    act_kind=data["act_kind"],
                    regime=data["regime"],
                    thads_act=data["thads_act"] or "",
                    act_description=data["act_description"],
                    respondent=data["respondent"],
                    known_on=data["known_on"],
                    received_on=data["received_on"],
                    letter_id=data["letter"],
                    complainants=tuple(
                        services.ComplainantData(**p)
                        for p in forms.parse_people(data["complainants"] or "")
                    ),
                ),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The complaint was received."))
            return redirect("oversight:complaint", case_id=detail.case_id)
    return render(
        request,
        "oversight/complaint_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def journal(case: Any) -> list[case_selectors.JournalRow]:
    """The case's timeline, each step labelled by whichever rule set declares it (a complaint
    received under the old rules may be suspended under the new ones)."""
    labels = {t.name: str(t.label) for rs in flow.SPEC.rule_sets for t in rs.transitions}
    return [
        case_selectors.JournalRow(
            row.action, labels.get(row.action.transition, row.step), row.state
        )
        for row in case_selectors.case_journal(case, flow.SPEC)
    ]


def _context(request: HttpRequest, case_id: int, **given: Any) -> dict[str, Any]:
    detail = _detail(request, case_id)
    case = detail.case
    can_work = permissions.can_change(request.user, case) and case.is_open
    names: list[str] = []
    labels: dict[str, str] = {}
    if can_work:
        names, labels = pages.allowed_actions(
            request,
            case,
            spec=flow.SPEC,
            through_services=flow.through_services,
            action_of=actions.action_of,
        )
    action_forms = [
        (name, labels[name], given.get(name) or forms.form_for(name, detail=detail))
        for name in names
    ]
    due, left = pages.days_left(case)
    return {
        "detail": detail,
        "case": case,
        "state_label": flow.SPEC.state_label(case.state),
        "journal": journal(case),
        "complainants": list(detail.complainants.order_by("position")),
        "determinations": list(detail.determinations.all()),
        "due_on": due,
        "days_left": left,
        "can_work": can_work,
        "action_forms": action_forms,
        "notices": [
            kind
            for kind, present in (
                ("acceptance", detail.accepted_on or detail.second_accepted_on),
                ("non_acceptance", detail.not_accepted_ground),
                ("complex", detail.complex_first or detail.complex_second),
            )
            if present
        ],
    }


@login_required
def complaint_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    _require_reader(request)
    return render(request, "oversight/complaint_detail.html", _context(request, case_id))


@login_required
@require_POST
def complaint_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    detail = _detail(request, case_id)
    if not permissions.can_change(request.user, detail.case):
        raise PermissionDenied
    if action not in actions.ACTIONS:
        raise Http404
    return pages.post_action(
        request,
        case_id,
        action,
        form=forms.form_for(action, request.POST, detail=detail),
        values_of=forms.values_of,
        run=actions.run,
        page="oversight:complaint",
        template="oversight/complaint_detail.html",
        context=_context,
    )


@login_required
def notice_docx(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """A printed notice (acceptance, non-acceptance, complex) as DOCX."""
    _require_reader(request)
    detail = _detail(request, case_id)
    if kind not in notices.KINDS:
        raise Http404
    try:
        data = notices.notice_docx(detail, kind)
    except DomainError as error:
        raise Http404(str(error)) from None
    response = HttpResponse(data, content_type=official_docx.CONTENT_TYPE)
    name = f"thong-bao-{kind}-{detail.case.number}-{detail.case.year}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    year = pages.dashboard_year(request)
    board = figures.dashboard(selectors.visible_details(request.user), year, now=timezone.now())
    return render(request, "oversight/complaint_dashboard.html", {"board": board})


@login_required
def complaint_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX of complaints: every bad row reported, nothing written when one is
    bad."""
    pages.require(permissions.can_work(request.user))
    return pages.import_upload(
        request,
        import_file=imports.import_file,
        columns=imports.COLUMNS,
        template="oversight/complaint_import.html",
        page="oversight:complaint_import",
        checked=_("The file is valid: %(count)d complaints would be received."),
        done=_("%(count)d complaints were received."),
    )
