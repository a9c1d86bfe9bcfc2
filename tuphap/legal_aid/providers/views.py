"""The performers' roster page: who may be assigned, with the cards and contracts that expire."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.casework import deadlines as case_deadlines
from tuphap.core.errors import DomainError
from tuphap.core.forms import show_errors
from tuphap.legal_aid.providers import forms, permissions, selectors, services


def _roster(
    request: HttpRequest,
    performer_form: forms.PerformerForm | None = None,
    organisation_form: forms.OrganisationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if not permissions.can_read(request.user):
        raise PermissionDenied
    today: datetime.date = case_deadlines.local_date(timezone.now())
    organisations = selectors.organisations_for_user(request.user).order_by("name")
    rows = [
        selectors.roster_status(performer, today)
        for performer in selectors.roster_for_user(request.user).order_by("full_name", "id")
    ]
    counts = {
        name: sum(1 for row in rows if row.status == name) for name in ("expiring", "expired")
    }
    return render(
        request,
        "legal_aid/roster.html",
        {
            "rows": rows,
            "counts": counts,
            "organisations": organisations,
            "can_work": permissions.can_work(request.user),
            "performer_form": performer_form or forms.PerformerForm(organisations=organisations),
            "organisation_form": organisation_form or forms.OrganisationForm(),
        },
        status=status,
    )


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    return _roster(request)


@login_required
@require_POST
def performer_new(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_user(request.user)
    form = forms.PerformerForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.performer_register(
                actor=request.user,
                data=services.PerformerData(
                    full_name=data["full_name"],
                    kind=data["kind"],
                    document_number=data["document_number"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    organisation_id=int(data["organisation"]) if data["organisation"] else None,
                ),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The performer was added to the roster."))
            return redirect("legal_aid:roster")
    return _roster(request, performer_form=form, status=400)


@login_required
@require_POST
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = forms.OrganisationForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_register(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The organisation was registered."))
            return redirect("legal_aid:roster")
    return _roster(request, organisation_form=form, status=400)
