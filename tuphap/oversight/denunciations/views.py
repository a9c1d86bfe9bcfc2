"""The pages of the denunciation register: the workqueue with the statutory days left, the
list, a denunciation received, a denunciation with its timeline and a form per allowed action,
the printed notices and the dashboard. The denouncer's identity is shown only on the case page
and only to the resolver and the users given the right (each showing audited); no list, search,
dashboard or export shows it."""

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
from tuphap.oversight.complaints import pages
from tuphap.oversight.denunciations import (
    actions,
    figures,
    forms,
    imports,
    notices,
    permissions,
    selectors,
    services,
)
from tuphap.oversight.denunciations import workflow as flow


def _require_reader(request: HttpRequest) -> None:
    pages.require(permissions.can_read(request.user))


def _detail(request: HttpRequest, case_id: int) -> Any:
    return pages.detail_or_404(selectors.detail_get_for_user, request, case_id)


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    rows = selectors.workqueue(request.user)
    return render(request, "oversight/denunciation_workqueue.html", {"rows": rows})


@login_required
def denunciation_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    context = pages.list_context(
        request,
        states=flow.STATES,
        search=selectors.search,
        can_work=permissions.can_work(request.user),
        matters=figures.matters,
    )
    return render(
        request,
        "oversight/denunciation_list.html",
        context,
        status=400 if context["filter_errors"] else 200,
    )


@login_required
def denunciation_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    form = forms.DenunciationForm(
        request.POST or None, places=jurisdiction.communes_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = (
            (
                services.DenouncerData(
                    data["denouncer_name"],
                    data["denouncer_pin"],
                    data["denouncer_address"],
                    data["denouncer_phone"],
                ),
            )
            if data["denouncer_name"]
            else ()
        )
        try:
            detail = services.denunciation_open(
                actor=request.user,
                place=data["place"],
                data=services.DenunciationData(
                    subject=data["subject"],
                    content=data["content"],
                    field=data["field"],
                    denounced_name=data["denounced_name"],
                    denounced_position=data["denounced_position"],
                    received_on=data["received_on"],
                    several_sites=data["several_sites"],
                    denouncers=people,
                    letter_id=data["letter"],
                ),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The denunciation was received."))
            return redirect("oversight:denunciation", case_id=detail.case_id)
    return render(
        request,
        "oversight/denunciation_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


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
            skip=(flow.SEVERAL_SITES,),
        )
        if case.assignee_id == request.user.pk:
            names.append("grant_identity")
            labels["grant_identity"] = _("Give the right to read the denouncer's identity")
    sees_identity = permissions.can_see_identity(request.user, case)
    due, left = pages.days_left(case)
    return {
        "detail": detail,
        "case": case,
        "state_label": flow.SPEC.state_label(case.state),
        "journal": case_selectors.case_journal(case, flow.SPEC),
        "denouncers": selectors.denouncers_for(request.user, detail) if sees_identity else None,
        "extensions": list(detail.extensions.all()),
        "suspensions": list(detail.suspensions.all()),
        "due_on": due,
        "days_left": left,
        "can_work": can_work,
        "action_forms": [
            (name, labels[name], given.get(name) or forms.form_for(name)) for name in names
        ],
        "notices": [
            kind
            for kind, present in (
                ("acceptance", detail.accepted_on),
                ("transfer", detail.transferred_on),
                ("extension", detail.extensions.exists()),
            )
            if present and sees_identity
        ],
    }


@login_required
def denunciation_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    _require_reader(request)
    return render(request, "oversight/denunciation_detail.html", _context(request, case_id))


@login_required
@require_POST
def denunciation_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    detail = _detail(request, case_id)
    if not permissions.can_change(request.user, detail.case):
        raise PermissionDenied
    if action not in actions.ACTIONS:
        raise Http404
    return pages.post_action(
        request,
        case_id,
        action,
        form=forms.form_for(action, request.POST),
        values_of=forms.values_of,
        run=actions.run,
        page="oversight:denunciation",
        template="oversight/denunciation_detail.html",
        context=_context,
    )


@login_required
def notice_docx(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """A notice to the denouncer (acceptance, transfer, extension) as DOCX: it names the
    denouncer, so only the resolver and the users given the right print it (audited)."""
    _require_reader(request)
    detail = _detail(request, case_id)
    if kind not in notices.KINDS:
        raise Http404
    if not permissions.can_see_identity(request.user, detail.case):
        raise PermissionDenied
    try:
        data = notices.notice_docx(detail, kind, selectors.denouncers_for(request.user, detail))
    except DomainError as error:
        raise Http404(str(error)) from None
    response = HttpResponse(data, content_type=official_docx.CONTENT_TYPE)
    name = f"thong-bao-to-cao-{kind}-{detail.case.number}-{detail.case.year}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    year = pages.dashboard_year(request)
    board = figures.dashboard(selectors.visible_details(request.user), year, now=timezone.now())
    return render(request, "oversight/denunciation_dashboard.html", {"board": board})


@login_required
def denunciation_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX of denunciations: every bad row reported, nothing written when one is
    bad."""
    pages.require(permissions.can_work(request.user))
    return pages.import_upload(
        request,
        import_file=imports.import_file,
        columns=imports.COLUMNS,
        template="oversight/denunciation_import.html",
        page="oversight:denunciation_import",
        checked=_("The file is valid: %(count)d denunciations would be received."),
        done=_("%(count)d denunciations were received."),
    )
