"""The enforcement pages: the office's case list, a "new case" form, a case (its register
detail, classification and money; the state changes are on the case engine's page), and the
office dashboard. Views parse, authorise through a selector, call a service, then redirect or
render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import registry
from tuphap.core import periods
from tuphap.core.errors import AccessDenied, DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.enforcement.cases import (
    balance,
    figures,
    forms,
    permissions,
    selectors,
    services,
    workflow,
)
from tuphap.enforcement.cases.models import ObligationKind, PartyKind, PartyRole


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    if state is not None and state not in {s.code for s in workflow.STATES}:
        state = None
    cases = selectors.case_list_for_user(
        request.user, state=state, search=request.GET.get("q") or None, ordering="-opened_at"
    )
    drill, errors = _figure_filter(request)
    if errors:
        cases = cases.none()
    elif drill is not None:
        cases = cases.filter(pk__in=drill)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    spec = registry.get(workflow.REGISTER)
    rows = [(case, spec.state_label(case.state)) for case in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enforcement/case_list.html",
        {
            "page": page,
            "rows": rows,
            "states": workflow.STATES,
            "state": state,
            "spec": registry.get(workflow.REGISTER),
            "can_open": permissions.can_work(request.user),
            "figure": request.GET.get("figure") if drill is not None else None,
            "filter_errors": errors,
            "query": query.urlencode(),
        },
        status=400 if errors else 200,
    )


def _figure_filter(request: HttpRequest) -> tuple[list[int] | None, dict[str, str]]:
    """The drill-down of a review figure (ADR 0018): ``figure`` (a ``figures.compute`` name such
    as ``cases.done``), ``from``/``to`` (ISO days, the window), optional ``province`` and
    ``agency`` (ids). The cases are those that contribute to the figure in the window, by the
    register's own definition of it, so the list's count is the figure. None: no such filter."""
    name = request.GET.get("figure")
    if not name:
        return None, {}
    errors: dict[str, str] = {}
    known = {f"{unit}.{figure}" for unit in ("cases", "money") for figure in figures.FIGURES}
    if name not in known:
        errors["figure"] = _("Unknown figure %(name)s.") % {"name": name}
    days: dict[str, datetime.date] = {}
    for key in ("from", "to"):
        try:
            days[key] = datetime.date.fromisoformat(request.GET.get(key) or "")
        except ValueError:
            errors[key] = _("Give a day as YYYY-MM-DD.")
    ids: dict[str, int | None] = {}
    for key in ("province", "agency"):
        value = request.GET.get(key) or ""
        if value and not value.isdigit():
            errors[key] = _("Give a number.")
        ids[key] = int(value) if value.isdigit() else None
    if errors:
        return None, errors
    if days["from"] > days["to"]:
        return None, {"to": _("The end comes before the start.")}
    facts = figures.load(until=days["to"], agency_id=ids["agency"])
    if ids["province"] is not None:
        inside = set(_province_units(ids["province"]).values_list("pk", flat=True))
        facts = [fact for fact in facts if fact.place_id in inside]
    chosen = []
    for fact in facts:
        contributed = figures.compute([fact], days["from"], days["to"])
        if any(values.get(name) for values in contributed.values()):
            chosen.append(fact.case_id)
    return chosen, {}


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    form = forms.CaseOpenForm(request.POST or None, places=jurisdiction.communes_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data["obligor_is_organisation"]
        parties = [
            services.PartyData(
                role=PartyRole.OBLIGOR,
                kind=PartyKind.ORGANISATION if organisation else PartyKind.PERSON,
                name=data["obligor_name"],
                identification_number="" if organisation else data["obligor_identification"],
                organisation_code=data["obligor_identification"] if organisation else "",
            )
        ]
        if data["obligee_name"]:
            parties.append(
                services.PartyData(
                    role=PartyRole.OBLIGEE, kind=PartyKind.PERSON, name=data["obligee_name"]
                )
            )
        obligations = []
        if data["amount"]:
            obligations.append(services.ObligationData(ObligationKind.MONEY, data["amount"]))
        if data["non_money"]:
            obligations.append(
                services.ObligationData(ObligationKind.NON_MONEY, None, data["non_money"])
            )
        try:
            detail = services.case_open(
                actor=request.user,
                place=data["place"],
                judgment=services.JudgmentData(
                    court_name=data["court_name"],
                    number=data["judgment_number"],
                    issued_on=data["judgment_date"],
                    kind=data["judgment_kind"],
                    effective_on=data["effective_on"],
                ),
                request=services.RequestData(
                    basis=data["basis"],
                    requested_on=data["requested_on"],
                    requester_name=data["requester_name"],
                ),
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                parties=parties,
                obligations=obligations,
                asset_recovery=data["asset_recovery"],
                credit_institution_debt=data["credit_institution_debt"],
                assignee=request.user,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The case was opened."))
            return redirect("enforcement:case", case_id=detail.case_id)
    return render(request, "enforcement/case_new.html", {"form": form})


def _detail(request: HttpRequest, case_id: int) -> Any:
    try:
        return selectors.case_get_for_user(request.user, case_id)
    except NotFound as error:
        raise Http404(str(error)) from None


@login_required
def case_detail(
    request: HttpRequest,
    case_id: int,
    classify_form: forms.ClassifyForm | None = None,
    money_form: forms.MovementForm | None = None,
) -> HttpResponse:
    detail = _detail(request, case_id)
    spec = registry.get(workflow.REGISTER)
    can_work = permissions.can_work(request.user) and (
        getattr(request.user, "agency_id", None) == detail.agency_id
    )
    return render(
        request,
        "enforcement/case_detail.html",
        {
            "detail": detail,
            "case": detail.case,
            "state_label": spec.state_label(detail.case.state),
            "money": balance.money_of(detail),
            "can_work": can_work and detail.case.is_open,
            "classify_form": classify_form or forms.ClassifyForm(),
            "money_form": money_form
            or forms.MovementForm(initial={"on_date": case_deadlines.local_date(timezone.now())}),
        },
    )


@login_required
@require_POST
def case_classify(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    form = forms.ClassifyForm(request.POST)
    if form.is_valid():
        try:
            services.case_classify(
                actor=request.user,
                case=detail.case,
                with_conditions=form.cleaned_data["with_conditions"],
                ground=form.cleaned_data["ground"],
                decided_on=form.cleaned_data["decided_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The case was classified."))
            return redirect("enforcement:case", case_id=case_id)
    return case_detail(request, case_id, classify_form=form)


@login_required
@require_POST
def movement_record(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    form = forms.MovementForm(request.POST)
    if form.is_valid():
        try:
            services.movement_record(actor=request.user, case=detail.case, **form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The money movement was recorded."))
            return redirect("enforcement:case", case_id=case_id)
    return case_detail(request, case_id, money_form=form)


FIGURE_LABELS = {
    "carried_in": gettext_lazy("Carried in"),
    "received": gettext_lazy("Received"),
    "accepted": gettext_lazy("Accepted"),
    "delegated_out": gettext_lazy("Delegated out"),
    "returned": gettext_lazy("Request returned"),
    "to_enforce": gettext_lazy("To enforce"),
    "with_conditions": gettext_lazy("With conditions"),
    "without_conditions": gettext_lazy("Without conditions"),
    "completed": gettext_lazy("Completed"),
    "terminated": gettext_lazy("Terminated"),
    "done": gettext_lazy("Done (completed + terminated)"),
    "carried_out": gettext_lazy("Carried out"),
}
AGE_LABELS = {
    "under_6_months": gettext_lazy("Under 6 months"),
    "6_to_12_months": gettext_lazy("6 to 12 months"),
    "1_to_2_years": gettext_lazy("1 to 2 years"),
    "over_2_years": gettext_lazy("Over 2 years"),
}


def current_thads_period(today: datetime.date) -> str:
    return f"THADS{today.year + 1 if today.month >= 10 else today.year}"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    offices = list(selectors.offices_for_user(request.user))
    if not offices:
        raise PermissionDenied
    today = case_deadlines.local_date(timezone.now())
    form = forms.DashboardForm(
        request.GET or {"agency": str(offices[0].pk), "period": current_thads_period(today)},
        offices=offices,
    )
    board = None
    if form.is_valid():
        agency = next(o for o in offices if str(o.pk) == form.cleaned_data["agency"])
        try:
            period = periods.parse(form.cleaned_data["period"])
            board = selectors.office_dashboard(request.user, agency, period, today=today)
        except ValueError as error:
            form.add_error("period", str(error))
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from None
    rows = backlog = None
    if board is not None:
        rows = [
            (FIGURE_LABELS[name], board.totals[f"cases.{name}"], board.totals[f"money.{name}"])
            for name in figures.FIGURES
        ]
        backlog = [(band, AGE_LABELS[band], board.backlog[band]) for band in AGE_LABELS]
    return render(
        request,
        "enforcement/dashboard.html",
        {"form": form, "board": board, "rows": rows, "backlog": backlog},
    )


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """Every visible office's rates for a THADS year against its target, from the rollups."""
    today = case_deadlines.local_date(timezone.now())
    current = int(current_thads_period(today).removeprefix("THADS"))
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    year = min(max(year, 2000), current)
    rows, total = selectors.targets_progress_for_user(request.user, year, today=today)
    return render(
        request,
        "enforcement/targets.html",
        {"rows": rows, "total": total, "year": year, "years": range(current, current - 6, -1)},
    )


def _province_units(province: int) -> Any:
    """The province and its units, on both boundary sets (the province it succeeded or that
    succeeded it, as the statistics report counts a province's figures)."""
    from tuphap.places.models import AdministrativeUnit, UnitSuccession

    linked = UnitSuccession.objects.filter(
        Q(predecessor_id=province) | Q(successor_id=province)
    ).values_list("predecessor_id", "successor_id")
    provinces = {province, *(unit for pair in linked for unit in pair)}
    return AdministrativeUnit.objects.filter(Q(pk__in=provinces) | Q(province_id__in=provinces))
