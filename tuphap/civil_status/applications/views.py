"""The officer's pages of the application flow: the new application, the commune's queue, one
application with its journal and its actions, and the printable appointment slip. Views parse,
authorise through a selector, call a service, then redirect or render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.casework import registry
from tuphap.casework import selectors as case_selectors
from tuphap.casework import workflow as case_workflow
from tuphap.civil_status.applications import forms, selectors, workflow
from tuphap.civil_status.applications import services as application_services
from tuphap.civil_status.applications.models import Application
from tuphap.civil_status.registration import deadlines, permissions, readable
from tuphap.civil_status.registration import forms as registration_forms
from tuphap.civil_status.registration.models import EventType
from tuphap.civil_status.registration.persons import PossibleDuplicate
from tuphap.core.errors import AccessDenied, DomainError, NotFound
from tuphap.core.forms import show_errors


def _application(request: HttpRequest, application_id: int) -> Application:
    try:
        return selectors.application_get_for_user(request.user, application_id)
    except AccessDenied:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """The commune's open applications, the earliest appointment first; overdue ones marked."""
    if not permissions.can_view_register(request.user):
        raise PermissionDenied
    page = Paginator(selectors.application_queue_for_user(request.user), 50).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [(application, application.case.is_overdue(now)) for application in page]
    return render(
        request,
        "civil_status/application_list.html",
        {
            "page": page,
            "rows": rows,
            "spec": workflow.SPEC,
            "can_register": permissions.can_register(request.user),
        },
    )


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    """Choose the event, then enter the applicant and the event's data (the event's own form)."""
    if not permissions.can_register(request.user):
        raise PermissionDenied
    event_type = request.GET.get("event", EventType.BIRTH)
    if event_type not in registration_forms.EVENT_FORMS:
        event_type = EventType.BIRTH
    post = request.POST or None
    applicant_form = forms.ApplicantForm(post)
    event_form = registration_forms.EVENT_FORMS[event_type](
        post, communes=jurisdiction.communes_for(request.user)
    )
    event_form.fields.pop("different_person_confirmed", None)
    if request.method == "POST" and applicant_form.is_valid() and event_form.is_valid():
        applicant = applicant_form.cleaned_data
        try:
            application = application_services.application_submit(
                actor=request.user,
                commune=event_form.cleaned_data["commune"],
                event_type=event_type,
                applicant=application_services.Applicant(
                    applicant["applicant_name"],
                    applicant["applicant_id_number"],
                    applicant["applicant_relationship"],
                    applicant["applicant_contact"],
                ),
                data=forms.application_data(event_type, event_form.cleaned_data),
                channel=applicant["channel"],
            )
        except DomainError as error:
            show_errors(applicant_form, error)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect("civil_status:application", application_id=application.pk)
    return render(
        request,
        "civil_status/application_new.html",
        {
            "event_type": event_type,
            "event_types": [(value, label) for value, label in EventType.choices],
            "applicant_form": applicant_form,
            "event_form": event_form,
        },
    )


def _detail_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    can_act = permissions.can_register(request.user)
    allowed = []
    if can_act:
        allowed = [
            transition.name
            for transition in case_workflow.allowed_transitions(
                spec=registry.get(workflow.REGISTER),
                case=application.case,
                actor=request.user,
                day=timezone.localdate(),
            )
        ]
    clock = application.case.clock or {}
    can_extend = (
        "register" in allowed and bool(clock.get("extension")) and clock.get("extensions", 0) == 0
    )
    return {
        "application": application,
        "data_sections": readable.sections(application.data),
        "case": application.case,
        "state_label": workflow.SPEC.state_label(application.case.state),
        "time_limit_basis": deadlines.basis_label(application.time_limit_basis),
        "journal": case_selectors.case_journal(application.case, workflow.SPEC),
        "allowed": allowed,
        "can_extend": can_extend,
        "overdue": application.case.is_overdue(timezone.now()),
        "supplement_form": forms.SupplementForm(),
        "reason_form": forms.ReasonForm(),
        "confirm_form": forms.RegisterConfirmForm(),
        "candidates": [],
        "error": None,
    }


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    return render(
        request, "civil_status/application_detail.html", _detail_context(request, application)
    )


def _action_call(
    request: HttpRequest, action: str, application: Application
) -> Callable[[], Any] | django_forms.Form:
    """The service call for ``action``, or the bound form that did not validate."""
    actor = request.user
    if action == "request-supplement":
        form = forms.SupplementForm(request.POST)
        if not form.is_valid():
            return form
        return lambda: application_services.application_request_supplement(
            actor=actor,
            application=application,
            missing=form.items(),
            note=form.cleaned_data["note"],
        )
    reason = forms.ReasonForm(request.POST)
    reason.is_valid()
    text = reason.cleaned_data.get("reason", "")
    confirmed = request.POST.get("different_person_confirmed") in ("on", "true", "1")
    calls: dict[str, Callable[[], Any]] = {
        "resubmit": lambda: application_services.application_resubmit(
            actor=actor, application=application
        ),
        "accept": lambda: application_services.application_accept(
            actor=actor, application=application
        ),
        "extend": lambda: application_services.application_extend(
            actor=actor, application=application, reason=text
        ),
        "register": lambda: application_services.application_register(
            actor=actor, application=application, different_person_confirmed=confirmed
        ),
        "return": lambda: application_services.application_return(
            actor=actor, application=application
        ),
        "refuse": lambda: application_services.application_refuse(
            actor=actor, application=application, reason=text
        ),
        "withdraw": lambda: application_services.application_withdraw(
            actor=actor, application=application, reason=text
        ),
    }
    if action not in calls:
        raise Http404
    return calls[action]


@login_required
@require_POST
def application_action(request: HttpRequest, application_id: int, action: str) -> HttpResponse:
    """One step of the flow; a refusal is shown on the application's page."""
    application = _application(request, application_id)
    if not permissions.can_register(request.user):
        raise PermissionDenied
    call = _action_call(request, action, application)
    context = _detail_context(request, application)
    if isinstance(call, django_forms.Form):
        context["supplement_form"] = call
        return render(request, "civil_status/application_detail.html", context)
    try:
        call()
    except PossibleDuplicate as error:
        context["error"] = error
        context["candidates"] = error.candidates
    except AccessDenied:
        raise PermissionDenied from None
    except DomainError as error:
        context["error"] = error
        form = forms.ReasonForm(request.POST)
        if "reason" in error.fields:
            show_errors(form, error)
        context["reason_form"] = form
    else:
        messages.success(request, _("Done."))
        return redirect("civil_status:application", application_id=application.pk)
    return render(request, "civil_status/application_detail.html", context)


@login_required
def application_slip(request: HttpRequest, application_id: int) -> HttpResponse:
    """The printable appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả)."""
    application = _application(request, application_id)
    if application.receipt_number is None:
        raise Http404
    return render(
        request,
        "civil_status/application_slip.html",
        {
            "application": application,
            "today": timezone.localdate(),
            "time_limit_basis": deadlines.basis_label(application.time_limit_basis),
        },
    )
