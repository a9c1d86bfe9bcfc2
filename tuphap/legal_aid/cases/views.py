"""The pages of the legal aid register: the centre's workqueue, the cases, a request, a
procedural body's notice, a case with its timeline and actions, the notices, the book."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
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
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import registry
from tuphap.casework import selectors as case_selectors
from tuphap.casework.workflow import allowed_transitions
from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.legal_aid.cases import book, figures, forms, imports, selectors, services
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.providers import permissions
from tuphap.legal_aid.providers import selectors as provider_selectors

# The steps made with their own forms on the case page.
OWN_FORMS = frozenset(
    {
        legal_aid.ACCEPT,
        legal_aid.ACCEPT_IMMEDIATELY,
        legal_aid.ASSIGN,
        legal_aid.REPLACE,
        "replace_performer_in_progress",
    }
)


def _detail(request: HttpRequest, case_id: int) -> Any:
    try:
        return selectors.case_get_for_user(request.user, case_id)
    except NotFound as error:
        raise Http404(str(error)) from None


def _require_reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    rows = selectors.workqueue(request.user)
    return render(request, "legal_aid/workqueue.html", {"rows": rows})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    state = request.GET.get("state") or None
    if state is not None and state not in {s.code for s in legal_aid.STATES}:
        state = None
    cases = selectors.case_list_for_user(
        request.user, state=state, search=request.GET.get("q") or None, ordering="-opened_at"
    )
    drill, errors = _figure_filter(request)
    if errors:
        cases = cases.none()
    elif drill is not None:
        cases = cases.filter(drill)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    spec = registry.get(legal_aid.REGISTER)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "legal_aid/case_list.html",
        {
            "page": page,
            "rows": [(case, spec.state_label(case.state)) for case in page],
            "states": legal_aid.STATES,
            "state": state,
            "can_work": permissions.can_work(request.user),
            "years": _years(),
            "figure": request.GET.get("figure") if drill is not None else None,
            "filter_errors": errors,
            "query": query.urlencode(),
        },
        status=400 if errors else 200,
    )


# The figures a review links to (ADR 0018), as ``figures.compute`` counts them: ``accepted``,
# the cases accepted in the window; ``completed`` (and the other ends), those that ended so.
_DRILL_FIGURES = ("accepted", "completed", "discontinued", "terminated")


def _figure_filter(request: HttpRequest) -> tuple[Q | None, dict[str, str]]:
    """The drill-down of a review figure: ``figure`` (one of ``_DRILL_FIGURES``), ``from``/``to``
    (ISO days), optional ``province`` and ``agency`` (the centre) ids. None: no such filter."""
    name = request.GET.get("figure")
    if not name:
        return None, {}
    errors: dict[str, str] = {}
    if name not in _DRILL_FIGURES:
        errors["figure"] = _("Unknown figure %(name)s.") % {"name": name}
    days: dict[str, datetime.date] = {}
    for key in ("from", "to"):
        try:
            days[key] = datetime.date.fromisoformat(request.GET.get(key) or "")
        except ValueError:
            errors[key] = _("Give a day as YYYY-MM-DD.")
    for key in ("province", "agency"):
        value = request.GET.get(key) or ""
        if value and not value.isdigit():
            errors[key] = _("Give a number.")
    if errors:
        return None, errors
    if days["from"] > days["to"]:
        return None, {"to": _("The end comes before the start.")}
    after = case_deadlines.end_of_day(days["from"] - datetime.timedelta(days=1))
    until = case_deadlines.end_of_day(days["to"])
    if name == "accepted":
        chosen = Q(
            legal_aid_detail__accepted_at__gt=after, legal_aid_detail__accepted_at__lte=until
        )
    else:
        chosen = Q(
            state=next(state for state, label in figures.EXITS.items() if label == name),
            legal_aid_detail__accepted_at__isnull=False,
            legal_aid_detail__ended_at__gt=after,
            legal_aid_detail__ended_at__lte=until,
        )
    province = request.GET.get("province")
    if province:
        chosen &= Q(place__in=_province_units(int(province)).values("pk"))
    agency = request.GET.get("agency")
    if agency:
        chosen &= Q(legal_aid_detail__centre_id=int(agency))
    return chosen, {}


def _years() -> list[int]:
    this = case_deadlines.local_date(timezone.now()).year
    return list(range(this, this - 6, -1))


def _request_data(form: forms.RequestForm) -> services.RequestData:
    values = form.request_values()
    for name in ("pin", "address", "proof", "financial_difficulty", "procedural_status", "stage"):
        values[name] = values.get(name) or ""
    return services.RequestData(**values)


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    form = forms.RequestForm(request.POST or None, places=jurisdiction.communes_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            detail = services.request_open(
                actor=request.user, place=form.cleaned_data["place"], data=_request_data(form)
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The request was received and entered in the book."))
            return redirect("legal_aid:case", case_id=detail.case_id)
    return render(request, "legal_aid/request_new.html", {"form": form, "notice": False})


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None, places=jurisdiction.communes_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_record(
                actor=request.user,
                place=data["place"],
                data=_request_data(form),
                notice=services.NoticeData(
                    body_kind=data["body_kind"],
                    body_name=data["body_name"],
                    officer_name=data.get("officer_name") or "",
                    person_requested_at=data["requested_at"],
                    notified_at=data["notified_at"],
                ),
            )
        except DomainError as error:
            if "person_requested_at" in (error.fields or {}):
                error.fields["requested_at"] = error.fields.pop("person_requested_at")
            show_errors(form, error)
        else:
            if notice.late:
                messages.warning(request, _("The notice came after its time limit."))
            messages.success(request, _("The notice was recorded and the case accepted."))
            return redirect("legal_aid:case", case_id=notice.case_id)
    return render(request, "legal_aid/request_new.html", {"form": form, "notice": True})


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    notices = selectors.notices_for_user(request.user).order_by("-notified_at")
    if request.GET.get("late") == "1":
        notices = notices.filter(late=True)
    page = Paginator(notices, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "legal_aid/notice_list.html",
        {"page": page, "late_only": request.GET.get("late") == "1"},
    )


def _case_context(request: HttpRequest, case_id: int, **forms_given: Any) -> dict[str, Any]:
    detail = _detail(request, case_id)
    case = detail.case
    spec = registry.get(legal_aid.REGISTER)
    now = timezone.now()
    agency = getattr(request.user, "agency", None)
    can_work = (
        permissions.can_work(request.user)
        and agency is not None
        and permissions.centre_of(agency).pk == permissions.centre_of(detail.centre).pk
        and case.is_open
    )
    steps = []
    if can_work:
        with legal_aid.through_services():
            steps = allowed_transitions(
                spec=spec, case=case, actor=request.user, day=case_deadlines.local_date(now)
            )
    names = {step.name for step in steps}
    today = case_deadlines.local_date(now)
    performers = [
        p
        for p in provider_selectors.assignable_performers(request.user).filter(active=True)
        if p.is_valid_on(today) and p.pk != detail.performer_id
    ]
    centres = Agency.objects.filter(kind__in=permissions.CENTRE_KINDS).exclude(pk=detail.centre_id)
    other_steps = [step for step in steps if step.name not in OWN_FORMS]
    return {
        "detail": detail,
        "case": case,
        "state_label": spec.state_label(case.state),
        "journal": case_selectors.case_journal(case, spec),
        "notice": getattr(case, "legal_aid_notice", None),
        "hours_left": (case.due_at - now).total_seconds() / 3600 if case.due_at else None,
        "can_work": can_work,
        "can_accept": bool(names & {legal_aid.ACCEPT, legal_aid.ACCEPT_IMMEDIATELY}),
        "can_assign": bool(names & OWN_FORMS - {legal_aid.ACCEPT, legal_aid.ACCEPT_IMMEDIATELY}),
        "can_evaluate": permissions.can_work(request.user) and case.state == legal_aid.COMPLETED,
        "accept_form": forms_given.get("accept_form") or forms.AcceptForm(),
        "assign_form": forms_given.get("assign_form") or forms.AssignForm(performers=performers),
        "step_form": forms_given.get("step_form")
        or forms.StepForm(transitions=other_steps, centres=centres),
        "has_steps": bool(other_steps),
        "evaluate_form": forms_given.get("evaluate_form")
        or forms.EvaluateForm(
            initial={
                "complex_typical": detail.complex_typical,
                "criteria": detail.criteria,
                "evaluation": detail.evaluation,
                "satisfaction": detail.satisfaction,
            }
        ),
        "papers_form": forms_given.get("papers_form")
        or forms.PapersForm(initial={"papers_received_on": today}),
        "papers_waiting": detail.papers_due_on is not None and detail.papers_received_on is None,
    }


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    _require_reader(request)
    return render(request, "legal_aid/case_detail.html", _case_context(request, case_id))


def _act(
    request: HttpRequest, case_id: int, form: Any, name: str, call: Any, done: str
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("legal_aid:case", case_id=case_id)
    context = _case_context(request, case_id, **{name: form})
    return render(request, "legal_aid/case_detail.html", context, status=400)


@login_required
@require_POST
def case_accept(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        case_id,
        forms.AcceptForm(request.POST),
        "accept_form",
        lambda data: services.case_accept(
            actor=request.user,
            case=detail.case,
            immediate=data["immediate"],
            ground=data["ground"] or "",
        ),
        _("The request was accepted."),
    )


@login_required
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    performers = provider_selectors.assignable_performers(request.user)
    return _act(
        request,
        case_id,
        forms.AssignForm(request.POST, performers=performers),
        "assign_form",
        lambda data: services.case_assign_performer(
            actor=request.user, case=detail.case, performer_id=int(data["performer"])
        ),
        _("The performer was assigned."),
    )


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    spec = registry.get(legal_aid.REGISTER)
    transitions = [t for t in spec.rule_sets[-1].transitions if t.name not in OWN_FORMS]
    centres = Agency.objects.filter(kind__in=permissions.CENTRE_KINDS)
    return _act(
        request,
        case_id,
        forms.StepForm(request.POST, transitions=transitions, centres=centres),
        "step_form",
        lambda data: services.case_step(
            actor=request.user,
            case=detail.case,
            transition=data["transition"],
            data=services.StepData(
                ground=data["ground"] or "",
                reason=data["reason"] or "",
                result=data["result"] or "",
                transferred_to=int(data["transferred_to"]) if data["transferred_to"] else None,
            ),
        ),
        _("The step was recorded."),
    )


@login_required
@require_POST
def case_evaluate(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        case_id,
        forms.EvaluateForm(request.POST),
        "evaluate_form",
        lambda data: services.case_evaluate(
            actor=request.user,
            case=detail.case,
            complex_typical=data["complex_typical"],
            criteria=list(data["criteria"]),
            evaluation=data["evaluation"],
            satisfaction=data["satisfaction"] or "",
        ),
        _("The evaluation was recorded."),
    )


@login_required
@require_POST
def case_papers(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        case_id,
        forms.PapersForm(request.POST),
        "papers_form",
        lambda data: services.papers_received(
            actor=request.user, case=detail.case, on=data["papers_received_on"]
        ),
        _("The papers were recorded."),
    )


@login_required
def book_xlsx(request: HttpRequest) -> HttpResponse:
    """The centre's book (Mẫu 01) for ``?year=`` (this year by default)."""
    if not permissions.can_work(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or case_deadlines.local_date(timezone.now()).year)
    except ValueError:
        year = case_deadlines.local_date(timezone.now()).year
    centre = getattr(request.user, "agency", None)
    assert centre is not None  # noqa: S101 - can_work checked it
    first = case_deadlines.end_of_day(datetime.date(year, 1, 1)) - datetime.timedelta(days=1)
    last = case_deadlines.end_of_day(datetime.date(year, 12, 31))
    details = (
        selectors.visible_details(request.user)
        .filter(centre=centre, accepted_at__gt=first, accepted_at__lte=last)
        .order_by("case__year", "case__number")
    )
    content = book.workbook(details, centre_name=centre.name, year=year)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="so-thu-ly-tgpl-{year}.xlsx"'
    return response


CHART_HEIGHT = 140
BAR = 14


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The register's dashboard: the year's figures of the centres the user sees, the balance,
    direct legal aid (notices, assignments) and a chart of each month's accepted and done."""
    _require_reader(request)
    this_year = case_deadlines.local_date(timezone.now()).year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, 2018), this_year)
    board = selectors.dashboard(request.user, year)
    bars = []
    for index, (month, accepted, done) in enumerate(board.months):
        x = 40 + index * (2 * BAR + 12)
        high_a = round(CHART_HEIGHT * accepted / board.peak)
        high_d = round(CHART_HEIGHT * done / board.peak)
        bars.append(
            {
                "month": month,
                "accepted": accepted,
                "done": done,
                "x": x,
                "x2": x + BAR,
                "ya": 10 + CHART_HEIGHT - high_a,
                "ha": high_a,
                "yd": 10 + CHART_HEIGHT - high_d,
                "hd": high_d,
                "label_x": x + BAR,
            }
        )
    return render(
        request,
        "legal_aid/dashboard.html",
        {
            "board": board,
            "bars": bars,
            "years": _years(),
            "chart_width": 60 + 12 * (2 * BAR + 12),
            "chart_base": 10 + CHART_HEIGHT,
            "label_y": 10 + CHART_HEIGHT + 16,
            "late_share": (
                round(100 * board.totals["notices_late"] / board.totals["notices_received"], 1)
                if board.totals["notices_received"]
                else None
            ),
        },
    )


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX of cases (the book's rows); a report of every bad row, or the
    number imported. Nothing is written when one row is bad."""
    if not permissions.can_work(request.user):
        raise PermissionDenied
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
                if result.dry_run:
                    messages.success(
                        request,
                        _("The file is valid: %(count)d cases would be imported.")
                        % {"count": result.cases},
                    )
                else:
                    messages.success(
                        request, _("%(count)d cases were imported.") % {"count": result.cases}
                    )
                return redirect("legal_aid:import")
    return render(request, "legal_aid/import.html", {"form": form, "errors": errors}, status=status)


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if not permissions.can_work(request.user):
        raise PermissionDenied
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"tgpl-mau-nhap.{kind}"
        imports.write_template(path)
        content = path.read_bytes()
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if kind == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tgpl-mau-nhap.{kind}"'
    return response


def _province_units(province: int) -> Any:
    """The province and its units, on both boundary sets (the province it succeeded or that
    succeeded it, as the statistics report counts a province's figures)."""
    from tuphap.places.models import AdministrativeUnit, UnitSuccession

    linked = UnitSuccession.objects.filter(
        Q(predecessor_id=province) | Q(successor_id=province)
    ).values_list("predecessor_id", "successor_id")
    provinces = {province, *(unit for pair in linked for unit in pair)}
    return AdministrativeUnit.objects.filter(Q(pk__in=provinces) | Q(province_id__in=provinces))
