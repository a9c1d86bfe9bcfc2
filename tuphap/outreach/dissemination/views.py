"""The dissemination pages: the sessions, a new session, a session, a Law Day campaign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.outreach.dissemination import forms, rules, selectors, services
from tuphap.outreach.people import permissions
from tuphap.outreach.people import selectors as people_selectors
from tuphap.outreach.people.views import places_for, require_reader, require_worker


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    sessions = selectors.sessions_for(request.user)
    form = request.GET.get("form") or ""
    if form in rules.Form.values:
        sessions = sessions.filter(form=form)
    page = Paginator(sessions.order_by("-held_on", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/session_list.html",
        {
            "page": page,
            "forms": rules.Form.choices,
            "form": form,
            "can_work": permissions.can_work(request.user),
        },
    )


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    require_worker(request)
    form = forms.SessionForm(
        request.POST or None,
        places=places_for(request),
        leaders=people_selectors.disseminators_for(request.user).filter(ended_on__isnull=True),
        campaigns=selectors.campaigns_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_record(
                actor=request.user, place=form.cleaned_data["place"], data=form.session_data()
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The session was recorded."))
            return redirect("outreach:session", session_id=session.pk)
    return render(
        request, "outreach/form.html", {"form": form, "title": _("New dissemination session")}
    )


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    require_reader(request)
    try:
        session = selectors.session_get(request.user, session_id)
    except NotFound as error:
        raise Http404(str(error)) from None
    groups = dict(rules.TargetGroup.choices)
    return render(
        request,
        "outreach/session_detail.html",
        {"session": session, "groups": [groups.get(g, g) for g in session.target_groups]},
    )


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    require_worker(request)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The Law Day campaign was created."))
            return redirect("outreach:session_list")
    return render(request, "outreach/form.html", {"form": form, "title": _("New Law Day campaign")})
