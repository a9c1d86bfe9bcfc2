from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuphap.accounts import selectors
from tuphap.core.errors import AccessDenied, error_body


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What a locked-out client sees (django-axes calls this)."""
    message = _("Too many failed sign-in attempts. Try again later or ask your administrator.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("locked_out", message), status=429)
    return render(request, "accounts/login.html", {"locked_out": message, "form": None}, status=429)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("User name"), required=False)
    action = forms.CharField(
        label=gettext_lazy("Action"),
        required=False,
        help_text=gettext_lazy("An exact code, or a prefix ending in '.'"),
    )
    object_type = forms.CharField(label=gettext_lazy("Object type"), required=False)
    object_id = forms.CharField(label=gettext_lazy("Object id"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: datetime.date | None = data.get("date_from")
        end: datetime.date | None = data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.AuditFilters(**{k: v or None for k, v in form.cleaned_data.items()})
    try:
        events = selectors.audit_event_list_for_user(request.user, filters)
    except AccessDenied:
        return render(
            request,
            "web/error.html",
            {
                "status": 403,
                "title": _("Access denied"),
                "text": _("Only auditors may search the audit trail."),
            },
            status=403,
        )
    page = Paginator(events.select_related("actor"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
