"""Pages of the law-making programme and appraisal: the year's programme, an item, the list of
proposals and drafts, opening one, its detail with the journal and a form per allowed step, and
the appraisals due in the user's unit. Views parse, read through selectors, call a service."""

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

from tuphap.casework import registry
from tuphap.casework import selectors as case_selectors
from tuphap.casework import workflow as case_workflow
from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.legislation.documents.models import Document
from tuphap.legislation.programme import forms, permissions, selectors, workflow
from tuphap.legislation.programme.models import ProgrammeItem
from tuphap.legislation.programme.services import appraisal as services_appraisal
from tuphap.legislation.programme.services import items as services_programme
from tuphap.statistics import review as statistics_review

PAGE_SIZE = 50
REGISTERS = {"proposal": workflow.PROPOSAL, "draft": workflow.DRAFT}


def _not_found(error: NotFound) -> Http404:
    return Http404(error.message)


# -- the programme -------------------------------------------------------------------------------


@login_required
def programme_current(request: HttpRequest) -> HttpResponse:
    programme = selectors.programme_current(request.user)
    if programme is not None:
        return redirect("legislation:programme", year=programme.year)
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services_programme.programme_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            return redirect("legislation:programme", year=created.year)
    return render(
        request,
        "legislation/programme/empty.html",
        {"form": form, "can_manage": permissions.can_manage_programme(request.user)},
    )


@login_required
def programme_detail(request: HttpRequest, year: int) -> HttpResponse:
    try:
        programme = selectors.programme_get(request.user, year=year)
    except NotFound as error:
        raise _not_found(error) from error
    can_manage = permissions.can_manage_programme(request.user)
    form = forms.ItemForm(request.POST or None)
    if request.method == "POST" and can_manage and form.is_valid():
        try:
            services_programme.item_add(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The item was added to the programme."))
            return redirect("legislation:programme", year=year)
    return render(
        request,
        "legislation/programme/programme.html",
        {
            "programme": programme,
            "items": selectors.item_list(programme),
            "overdue": selectors.items_with_overdue_appraisal(programme),
            "years": selectors.programme_list(request.user).values_list("year", flat=True),
            "form": form,
            "can_manage": can_manage,
        },
    )


def _item_page(
    request: HttpRequest, item: ProgrammeItem, reason_forms: dict[str, Any] | None = None
) -> HttpResponse:
    reason_forms = reason_forms or {}
    return render(
        request,
        "legislation/programme/item.html",
        {
            "item": item,
            "dossiers": selectors.dossiers_of_item(request.user, item),
            "overdue": item.pk in selectors.items_with_overdue_appraisal(item.programme),
            "can_manage": permissions.can_manage_programme(request.user)
            and item.status in ("planned", "in_progress", "submitted"),
            "postpone_form": reason_forms.get("postpone")
            or forms.ReasonForm(prefix="postpone", initial={"on": timezone.localdate()}),
            "withdraw_form": reason_forms.get("withdraw")
            or forms.ReasonForm(prefix="withdraw", initial={"on": timezone.localdate()}),
        },
    )


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = selectors.item_get(request.user, item_id=item_id)
    except NotFound as error:
        raise _not_found(error) from error
    return _item_page(request, item)


@login_required
@require_POST
def item_status(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    services = {
        "postpone": services_programme.item_postpone,
        "withdraw": services_programme.item_withdraw,
    }
    if action not in services:
        raise Http404(action)
    try:
        item = selectors.item_get(request.user, item_id=item_id)
    except NotFound as error:
        raise _not_found(error) from error
    form = forms.ReasonForm(request.POST, prefix=action)
    if form.is_valid():
        try:
            services[action](actor=request.user, item=item, **form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The item's status was changed."))
            return redirect("legislation:programme_item", item_id=item.pk)
    return _item_page(request, item, {action: form})


# -- proposals and drafts ------------------------------------------------------------------------


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or ""
    state = request.GET.get("state") or ""
    try:
        cases = selectors.dossier_list_for_user(
            request.user, register=REGISTERS.get(kind), state=state or None
        )
    except DomainError:
        cases = selectors.dossier_list_for_user(request.user)
        state = ""
    # A review figure's drill-down (ADR 0018): the dossiers whose appraisal reports it counts.
    drill, errors = statistics_review.read_drill(request.GET, selectors.DRILL_FIGURES)
    total = None
    if errors:
        cases = cases.none()
    elif drill is not None:
        cases, total = selectors.dossier_drill(drill, cases)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        (case, selectors.detail_of(case), registry.get(case.register).state_label(case.state))
        for case in page
    ]
    return render(
        request,
        "legislation/programme/dossier_list.html",
        {
            "page": page,
            "rows": rows,
            "now": now,
            "kind": kind,
            "state": state,
            "states": workflow.DRAFT_SPEC.states,
            "can_open": permissions.can_work_on_dossiers(request.user),
            **statistics_review.drill_context(drill, errors, page.paginator.count, total),
        },
        status=400 if errors else 200,
    )


@login_required
def dossier_new(request: HttpRequest) -> HttpResponse:
    # The form is for the appraising unit's specialists only, as its link on the list.
    if not permissions.can_work_on_dossiers(request.user):
        raise PermissionDenied
    form = forms.DossierForm(
        request.POST or None,
        initial={"received_on": timezone.localdate(), "item": request.GET.get("item")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = ProgrammeItem.objects.filter(pk=data["item"]).first() if data["item"] else None
        if data["item"] and item is None:
            form.add_error("item", _("No such programme item."))
        else:
            try:
                detail = services_appraisal.dossier_open(
                    actor=request.user,
                    register=REGISTERS[data["kind"]],
                    title=data["title"],
                    doc_type=data["doc_type"],
                    drafting_agency=data["drafting_agency"],
                    received_on=data["received_on"],
                    item=item,
                )
            except DomainError as error:
                show_errors(form, error)
            else:
                return redirect("legislation:dossier", case_id=detail.pk)
    return render(request, "legislation/programme/dossier_new.html", {"form": form})


def _adopt(actor: Any, detail: Any, data: dict[str, Any]) -> Any:
    document = None
    if data["document_number"]:
        document = Document.objects.filter(number=data["document_number"].strip()).first()
        if document is None:
            raise NotFound(_("No registered document has this number."))
    return services_appraisal.dossier_adopt(
        actor=actor, detail=detail, adopted_on=data["adopted_on"], document=document
    )


Call = Callable[[Any, Any, dict[str, Any]], Any]
# transition → (form, service call); the resume transitions share one form.
STEPS: dict[str, tuple[type[django_forms.Form], Call]] = {
    "request_appraisal": (
        forms.RequestAppraisalForm,
        lambda actor, detail, data: services_appraisal.dossier_request_appraisal(
            actor=actor, detail=detail, **data
        ),
    ),
    "return_for_completion": (
        forms.ReturnForm,
        lambda actor, detail, data: services_appraisal.dossier_return(
            actor=actor, detail=detail, **data
        ),
    ),
    "record_appraisal": (
        forms.AppraisalForm,
        lambda actor, detail, data: services_appraisal.dossier_record_appraisal(
            actor=actor, detail=detail, **data
        ),
    ),
    "submit": (
        forms.SubmitForm,
        lambda actor, detail, data: services_appraisal.dossier_submit(
            actor=actor, detail=detail, **data
        ),
    ),
    "adopt": (forms.AdoptForm, _adopt),
    "publish": (
        forms.PublishForm,
        lambda actor, detail, data: services_appraisal.draft_publish(
            actor=actor, draft=detail, **data
        ),
    ),
    "postpone": (
        forms.PostponeForm,
        lambda actor, detail, data: services_appraisal.dossier_postpone(
            actor=actor, detail=detail, **data
        ),
    ),
    "withdraw": (
        forms.WithdrawForm,
        lambda actor, detail, data: services_appraisal.dossier_withdraw(
            actor=actor, detail=detail, **data
        ),
    ),
}
RESUME = (
    forms.ResumeForm,
    lambda actor, detail, data: services_appraisal.dossier_resume(
        actor=actor, detail=detail, **data
    ),
)
for _name in workflow.RESUMES.values():
    STEPS[_name] = RESUME


def _dossier_page(
    request: HttpRequest, detail: Any, bound: tuple[str, django_forms.Form] | None = None
) -> HttpResponse:
    case = detail.case
    spec = registry.get(case.register)
    allowed = case_workflow.allowed_transitions(
        spec=spec, case=case, actor=request.user, day=timezone.localdate()
    )
    step_forms = []
    for transition in allowed:
        form_class = STEPS[transition.name][0]
        if bound is not None and bound[0] == transition.name:
            form = bound[1]
        else:
            form = form_class(prefix=transition.name, initial=_today_initial(form_class))
        step_forms.append((transition, form))
    return render(
        request,
        "legislation/programme/dossier.html",
        {
            "detail": detail,
            "case": case,
            "spec": spec,
            "state_label": spec.state_label(case.state),
            "overdue": case.is_overdue(timezone.now()),
            "timeline": case_selectors.case_journal(case, spec),
            "step_forms": step_forms,
            "is_draft": case.register == workflow.DRAFT,
        },
        status=400 if bound is not None else 200,
    )


def _today_initial(form_class: type[django_forms.Form]) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        name: today
        for name, field in form_class.base_fields.items()
        if isinstance(field, django_forms.DateField)
    }


@login_required
def dossier_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        detail = selectors.dossier_get_for_user(request.user, case_id=case_id)
    except NotFound as error:
        raise _not_found(error) from error
    return _dossier_page(request, detail)


@login_required
@require_POST
def dossier_step(request: HttpRequest, case_id: int, transition: str) -> HttpResponse:
    if transition not in STEPS:
        raise Http404(transition)
    try:
        detail = selectors.dossier_get_for_user(request.user, case_id=case_id)
    except NotFound as error:
        raise _not_found(error) from error
    form_class, call = STEPS[transition]
    form = form_class(request.POST, prefix=transition)
    if form.is_valid():
        try:
            call(request.user, detail, dict(form.cleaned_data))
        except DomainError as error:
            if error.fields:
                show_errors(form, error)
            else:
                messages.error(request, error.message)
                return redirect("legislation:dossier", case_id=case_id)
        else:
            messages.success(request, _("The step was recorded."))
            return redirect("legislation:dossier", case_id=case_id)
    return _dossier_page(request, detail, (transition, form))


@login_required
def appraisals_due(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "legislation/programme/appraisals_due.html",
        {"rows": selectors.appraisals_due_for_user(request.user)},
    )
