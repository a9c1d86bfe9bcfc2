from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.core.errors import AccessDenied, DomainError
from tuphap.population import selectors, services


def _denied(request: HttpRequest, error: AccessDenied) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 403, "title": _("Access denied"), "text": error.message},
        status=403,
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
        {"page": page, "status": status, "statuses": selectors.QUEUE_STATUSES},
    )


@login_required
@require_POST
def message_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        services.message_retry(actor=request.user, message_id=message_id)
    except AccessDenied as error:
        return _denied(request, error)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The message is queued again."))
    return redirect("population:reconciliation")
