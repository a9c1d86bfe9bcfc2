from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.core.errors import DomainError, NotFound
from tuphap.legislation.documents import forms, permissions, selectors, services
from tuphap.legislation.documents.models import IssuerLevel, ProposalStatus
from tuphap.statistics import review as statistics_review

PAGE_SIZE = 50


def _day(request: HttpRequest) -> datetime.date:
    form = forms.DayForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("on"):
        day: datetime.date = form.cleaned_data["on"]
        return day
    return timezone.localdate()


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    query, doc_type = "", ""
    if form.is_bound and form.is_valid():
        query, doc_type = form.cleaned_data["q"], form.cleaned_data["doc_type"]
    documents = selectors.document_search(query, doc_type=doc_type or None)
    # A review figure's drill-down (ADR 0018): the documents it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, selectors.DRILL_FIGURES)
    if errors:
        documents = documents.none()
    elif drill is not None:
        documents = documents.filter(selectors.document_drill(drill, request.user))
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "legislation/document_list.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            **statistics_review.drill_context(drill, errors, page.paginator.count),
        },
        status=400 if errors else 200,
    )


@login_required
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        document = selectors.document_get(document_id=document_id)
    except NotFound as error:
        raise Http404(error.message) from error
    version = selectors.version_on(document)
    day = timezone.localdate()
    obligations = [
        (row, selectors.obligation_status(row, day))
        for row in selectors.obligation_list(document_id=document.pk)
    ]
    return render(
        request,
        "legislation/document_detail.html",
        {
            "document": document,
            "version": version,
            "tree": selectors.provision_tree(version) if version else [],
            "obligations": obligations,
            "can_manage": permissions.can_manage_obligations(
                request.user,
                local=document.issuer_level == IssuerLevel.LOCAL,
                place=document.place,
            ),
        },
    )


@login_required
def document_akn(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        document = selectors.document_get(document_id=document_id)
        xml = selectors.document_akn(document)
    except NotFound as error:
        raise Http404(error.message) from error
    response = HttpResponse(xml, content_type="application/akn+xml; charset=utf-8")
    name = document.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.xml"'
    return response


@login_required
@require_POST
def obligations_propose(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        document = selectors.document_get(document_id=document_id)
        created = services.obligations_propose(actor=request.user, document=document)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)d new proposals.") % {"count": len(created)})
    return redirect("legislation:proposals")


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """The obligations overdue on a day, by assignee; or, for the review's detailing debt
    (ADR 0018: ``figure=outstanding``, ``from``/``to``, ``province``, ``agency``), those that
    make the figure: overdue on the window's last day, within the reader's jurisdiction."""
    day = _day(request)
    drill, errors = statistics_review.read_drill(request.GET, selectors.OBLIGATION_DRILL_FIGURES)
    condition = None
    if drill is not None:
        day = drill.end
        condition = selectors.obligation_drill(drill, request.user)
    groups = [] if errors else selectors.overdue_by_assignee(day, condition)
    return render(
        request,
        "legislation/overdue.html",
        {
            "form": forms.DayForm(initial={"on": day}),
            "day": day,
            "groups": groups,
            **statistics_review.drill_context(drill, errors, sum(group.count for group in groups)),
        },
        status=400 if errors else 200,
    )


@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    rows = selectors.obligation_list(proposal_status=ProposalStatus.PROPOSED)
    items = [
        (
            row,
            forms.ConfirmForm(
                initial={
                    "provisions": " ".join(row.provisions),
                    "assignee_text": row.assignee_text,
                    "expected_type": row.expected_type,
                    "due_on": row.due_on,
                },
                prefix=f"o{row.pk}",
            ),
            forms.RejectForm(prefix=f"r{row.pk}"),
        )
        for row in rows
    ]
    return render(request, "legislation/proposals.html", {"items": items})


@login_required
@require_POST
def obligation_decide(request: HttpRequest, obligation_id: int) -> HttpResponse:
    try:
        obligation = selectors.obligation_get(obligation_id=obligation_id)
    except NotFound as error:
        raise Http404(error.message) from error
    try:
        if request.POST.get("decision") == "reject":
            reject = forms.RejectForm(request.POST, prefix=f"r{obligation.pk}")
            if not reject.is_valid():
                messages.error(request, _("Say why the proposal is rejected."))
                return redirect("legislation:proposals")
            services.obligation_reject(
                actor=request.user, obligation=obligation, reason=reject.cleaned_data["reason"]
            )
            messages.success(request, _("The proposal was rejected."))
        else:
            confirm = forms.ConfirmForm(request.POST, prefix=f"o{obligation.pk}")
            if not confirm.is_valid():
                messages.error(request, _("Check the fields of the proposal."))
                return redirect("legislation:proposals")
            data = confirm.cleaned_data
            services.obligation_confirm(
                actor=request.user,
                obligation=obligation,
                provisions=data["provisions"].split(),
                assignee_text=data["assignee_text"],
                expected_type=data["expected_type"],
                due_on=data["due_on"],
            )
            messages.success(request, _("The obligation was confirmed."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("legislation:proposals")
