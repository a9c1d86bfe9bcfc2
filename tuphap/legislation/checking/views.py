"""Pages of the checking register and the review tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import registry
from tuphap.core.errors import DomainError, NotFound
from tuphap.legislation.checking import forms as checking_forms
from tuphap.legislation.checking import review
from tuphap.legislation.checking import selectors as checking_selectors
from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking import workflow as checking_workflow
from tuphap.legislation.checking.models import DocumentCheck
from tuphap.legislation.documents import permissions
from tuphap.legislation.documents.models import Document
from tuphap.statistics import review as statistics_review

PAGE_SIZE = 50


def _get(request: HttpRequest, case_id: int) -> DocumentCheck:
    try:
        return checking_selectors.check_get_for_user(request.user, case_id)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def check_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    if state not in {item.code for item in checking_workflow.STATES}:
        state = None
    checks = checking_selectors.check_list_for_user(request.user, state=state)
    # A review figure's drill-down (ADR 0018): the checks it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, checking_selectors.DRILL_FIGURES)
    if errors:
        checks = checks.none()
    elif drill is not None:
        checks = checks.filter(checking_selectors.check_drill(drill))
    page = Paginator(checks, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    spec = registry.get(checking_workflow.REGISTER)
    rows = [
        {
            "check": check,
            "state": spec.state_label(check.case.state),
            "due": case_deadlines.local_date(check.case.due_at) if check.case.due_at else None,
            "overdue": check.case.is_overdue(now),
        }
        for check in page
    ]
    return render(
        request,
        "legislation/checks.html",
        {
            "page": page,
            "rows": rows,
            "states": checking_workflow.STATES,
            "state": state,
            "open_form": checking_forms.CheckOpenForm(),
            **statistics_review.drill_context(drill, errors, page.paginator.count),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def check_open(request: HttpRequest) -> HttpResponse:
    form = checking_forms.CheckOpenForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Check the fields: %(fields)s.") % {"fields": ", ".join(form.errors)}
        )
        return redirect("legislation:checks")
    document = (
        Document.objects.select_related("place").filter(pk=form.cleaned_data["document"]).first()
    )
    if document is None:
        messages.error(request, _("No such document."))
        return redirect("legislation:checks")
    try:
        check = checking.check_open(
            actor=request.user,
            document=document,
            received_on=form.cleaned_data["received_on"],
            shortened_procedure=form.cleaned_data["shortened_procedure"],
        )
        checking.check_precheck(actor=request.user, check=check)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("legislation:checks")
    return redirect("legislation:check", case_id=check.case_id)


@login_required
def check_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    check = _get(request, case_id)
    spec = registry.get(checking_workflow.REGISTER)
    may_work = permissions.can_check_document(
        request.user, doc_type=check.document.doc_type, place=check.document.place
    )
    due = check.case.due_at
    return render(
        request,
        "legislation/check_detail.html",
        {
            "check": check,
            "state": check.case.state,
            "state_label": spec.state_label(check.case.state),
            "due": case_deadlines.local_date(due) if due else None,
            "overdue": check.case.is_overdue(timezone.now()),
            "may_work": may_work,
            "findings_formset": checking_forms.FindingFormSet(prefix="findings"),
            "request_form": checking_forms.RequestForm(),
            "outcome_form": checking_forms.OutcomeForm(),
        },
    )


@login_required
@require_POST
def check_step(request: HttpRequest, case_id: int, step: str) -> HttpResponse:
    check = _get(request, case_id)
    try:
        if step == "precheck":
            checking.check_precheck(actor=request.user, check=check)
        elif step == "examine":
            formset = checking_forms.FindingFormSet(request.POST, prefix="findings")
            if not formset.is_valid():
                messages.error(request, _("Record at least one finding with its description."))
                return redirect("legislation:check", case_id=case_id)
            findings = [
                checking.FindingData(**form.cleaned_data)
                for form in formset
                if form.cleaned_data and form.cleaned_data.get("description")
            ]
            checking.check_examine(actor=request.user, check=check, findings=findings)
        elif step == "request":
            form = checking_forms.RequestForm(request.POST)
            text = form.cleaned_data["request_text"] if form.is_valid() else ""
            checking.check_request(actor=request.user, check=check, request_text=text)
        elif step == "outcome":
            outcome = checking_forms.OutcomeForm(request.POST)
            values = outcome.cleaned_data if outcome.is_valid() else {"outcome": "", "note": ""}
            checking.check_record_outcome(
                actor=request.user, check=check, outcome=values["outcome"], note=values["note"]
            )
        elif step == "close":
            checking.check_close(actor=request.user, check=check)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("legislation:check", case_id=case_id)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("all") != "1"
    groups = checking_selectors.review_tasks_by_responsible(request.user, open_only=open_only)
    return render(request, "legislation/reviews.html", {"groups": groups, "open_only": open_only})


@login_required
def review_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        task = checking_selectors.review_task_get_for_user(request.user, task_id)
    except NotFound as error:
        raise Http404(error.message) from error
    if request.method == "POST":
        item = next(
            (row for row in task.items.all() if str(row.pk) == request.POST.get("item")), None
        )
        form = checking_forms.ReviewItemForm(request.POST)
        if item is None or not form.is_valid():
            messages.error(request, _("Choose a document and a review result."))
        else:
            try:
                review.review_item_record(actor=request.user, item=item, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Saved."))
        return redirect("legislation:review", task_id=task_id)
    return render(
        request,
        "legislation/review_detail.html",
        {
            "task": task,
            "form": checking_forms.ReviewItemForm(),
            "may_review": permissions.can_review(request.user, place=task.place),
        },
    )
