"""The pages of the THAHC register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework import registry
from tuphap.core.errors import DomainError
from tuphap.core.forms import show_errors
from tuphap.enforcement.administrative import forms, selectors, services
from tuphap.enforcement.administrative import workflow as administrative
from tuphap.enforcement.cases import permissions

# -- THAHC: follow-up of administrative judgments ------------------------------------------------


@login_required
def administrative_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    if state is not None and state not in {s.code for s in administrative.STATES}:
        state = None
    cases = selectors.administrative_list_for_user(
        request.user, state=state, search=request.GET.get("q") or None, ordering="-opened_at"
    )
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    spec = registry.get(administrative.REGISTER)
    rows = [(case, spec.state_label(case.state)) for case in page]
    return render(
        request,
        "enforcement/administrative_list.html",
        {
            "page": page,
            "rows": rows,
            "states": administrative.STATES,
            "state": state,
            "can_open": permissions.can_work(request.user),
        },
    )


@login_required
def administrative_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    form = forms.AdministrativeOpenForm(
        request.POST or None, places=jurisdiction.communes_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        place = data.pop("place")
        try:
            detail = services.administrative_open(
                actor=request.user,
                place=place,
                data=services.AdministrativeData(**data),
                assignee=request.user,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The judgment was registered for follow-up."))
            return redirect("casework:case", case_id=detail.case_id)
    return render(request, "enforcement/administrative_new.html", {"form": form})
