"""The reconciliation queue's pages: the list, a message with what to do, and the actions
(resend, correct and resend, resolve). Views parse, authorise through a selector, call a
service, then redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.core.errors import AccessDenied, DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.population import forms, rules, selectors, services
from tuphap.population.models import OutboxMessage


def _denied(request: HttpRequest, error: AccessDenied) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 403, "title": _("Access denied"), "text": error.message},
        status=403,
    )


def _not_found(request: HttpRequest, error: NotFound) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 404, "title": _("Not found"), "text": error.message},
        status=404,
    )


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    try:
        queue = selectors.reconciliation_list_for_user(request.user, status=status)
    except AccessDenied as error:
        return _denied(request, error)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "population/reconciliation.html",
        {
            "page": page,
            "status": status,
            "statuses": selectors.QUEUE_STATUSES,
            "counts": selectors.reconciliation_counts_for_user(request.user),
        },
    )


def _detail(
    request: HttpRequest,
    message: OutboxMessage,
    *,
    correct_form: forms.CorrectForm | None = None,
    resolve_form: forms.ResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = rules.actions_for(message.status)
    context: dict[str, Any] = {
        "message": message,
        "actions": actions,
        "correct_form": correct_form or forms.CorrectForm(message=message),
        "resolve_form": resolve_form or forms.ResolveForm(),
    }
    return render(request, "population/message_detail.html", context, status=status)


@login_required
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        message = selectors.message_get_for_user(request.user, message_id)
    except AccessDenied as error:
        return _denied(request, error)
    except NotFound as error:
        return _not_found(request, error)
    return _detail(request, message)


@login_required
@require_POST
def message_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        services.message_retry(actor=request.user, message_id=message_id)
    except AccessDenied as error:
        return _denied(request, error)
    except NotFound as error:
        return _not_found(request, error)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The message is queued again."))
    return redirect("population:reconciliation")


@login_required
@require_POST
def message_correct(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        message = selectors.message_get_for_user(request.user, message_id)
    except AccessDenied as error:
        return _denied(request, error)
    except NotFound as error:
        return _not_found(request, error)
    form = forms.CorrectForm(request.POST, message=message)
    if form.is_valid():
        try:
            services.message_correct(
                actor=request.user,
                message_id=message.pk,
                changes=form.changes(),
                reason=form.cleaned_data["reason"] or "",
            )
        except AccessDenied as error:
            return _denied(request, error)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The message is corrected and queued again."))
            return redirect("population:reconciliation")
    return _detail(request, message, correct_form=form, status=400)


@login_required
@require_POST
def message_resolve(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        message = selectors.message_get_for_user(request.user, message_id)
    except AccessDenied as error:
        return _denied(request, error)
    except NotFound as error:
        return _not_found(request, error)
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.message_resolve(
                actor=request.user, message_id=message.pk, reason=form.cleaned_data["reason"]
            )
        except AccessDenied as error:
            return _denied(request, error)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The message is marked resolved."))
            return redirect("population:reconciliation")
    return _detail(request, message, resolve_form=form, status=400)
