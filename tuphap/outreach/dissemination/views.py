"""The dissemination pages: the sessions, a new session, a session, a Law Day campaign."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.outreach.dissemination import forms, imports, rules, selectors, services
from tuphap.outreach.people import permissions
from tuphap.outreach.people import selectors as people_selectors
from tuphap.outreach.people.views import places_for, require_reader, require_worker
from tuphap.statistics import review as statistics_review


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    sessions = selectors.sessions_for(request.user)
    form = request.GET.get("form") or ""
    if form in rules.Form.values:
        sessions = sessions.filter(form=form)
    # A review figure's drill-down (ADR 0018): the sessions it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, selectors.DRILL_FIGURES)
    total = None
    if errors:
        sessions = sessions.none()
    elif drill is not None:
        sessions = sessions.filter(selectors.session_drill(drill))
        total = selectors.session_drill_total(drill, sessions)
    page = Paginator(sessions.order_by("-held_on", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/session_list.html",
        {
            "page": page,
            "forms": rules.Form.choices,
            "form": form,
            "can_work": permissions.can_work(request.user),
            **statistics_review.drill_context(drill, errors, page.paginator.count, total),
        },
        status=400 if errors else 200,
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


@login_required
def session_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX of sessions; a report of every bad row, or the number imported.
    Nothing is written when one row is bad."""
    require_worker(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                result = imports.import_file(
                    path, actor=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except imports.ImportRefused as refused:
                errors = refused.errors
                status = 400
            else:
                text = (
                    _("The file is valid: %(count)d sessions would be imported.")
                    if result.dry_run
                    else _("%(count)d sessions were imported.")
                )
                messages.success(request, text % {"count": result.sessions})
                return redirect("outreach:session_import")
    return render(request, "outreach/import.html", {"form": form, "errors": errors}, status=status)


@login_required
def session_import_template(request: HttpRequest, kind: str) -> HttpResponse:
    require_worker(request)
    if kind not in ("csv", "xlsx"):
        raise Http404
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"pbgdpl-mau-nhap.{kind}"
        imports.write_template(path)
        content = path.read_bytes()
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if kind == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pbgdpl-mau-nhap.{kind}"'
    return response
