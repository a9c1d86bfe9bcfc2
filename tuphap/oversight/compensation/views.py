"""The pages of the state compensation register: the agency's workqueue, the claims, a new
claim, a claim with its timeline, money and a form per allowed action, the decision as DOCX,
and the dashboard."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import User
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import selectors as case_selectors
from tuphap.casework.workflow import allowed_transitions
from tuphap.core import audit
from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.oversight.compensation import (
    decision,
    forms,
    imports,
    permissions,
    selectors,
    services,
)
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import CompensationClaim, Recourse
from tuphap.statistics import review as statistics_review

CHART_HEIGHT = 120
BAR = 12


def _claim(request: HttpRequest, case_id: int) -> CompensationClaim:
    try:
        return selectors.claim_get_for_user(request.user, case_id)
    except NotFound as error:
        raise Http404(str(error)) from None


def _require_reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied


def _require_worker(request: HttpRequest) -> None:
    if not permissions.can_work(request.user):
        raise PermissionDenied


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    return render(
        request,
        "oversight/compensation_workqueue.html",
        {"rows": selectors.workqueue(request.user)},
    )


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    claims = selectors.visible_claims(request.user).order_by("-case__opened_at", "-case_id")
    state = request.GET.get("state") or ""
    if state in {s.code for s in compensation.STATES}:
        claims = claims.filter(case__state=state)
    else:
        state = ""
    query = (request.GET.get("q") or "").strip()
    if query:
        claims = claims.filter(claimant_name__icontains=query)
    # A review figure's drill-down (ADR 0018): the claims it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, selectors.DRILL_FIGURES)
    total = None
    if errors:
        claims = claims.none()
    elif drill is not None:
        claims, total = selectors.claim_drill(drill, claims)
    page = Paginator(claims, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/compensation_list.html",
        {
            "page": page,
            "rows": [(claim, compensation.SPEC.state_label(claim.case.state)) for claim in page],
            "states": compensation.STATES,
            "state": state,
            "can_work": permissions.can_work(request.user),
            **statistics_review.drill_context(drill, errors, page.paginator.count, total),
        },
        status=400 if errors else 200,
    )


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    form = forms.ClaimForm(request.POST or None, places=jurisdiction.communes_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_open(
                actor=request.user,
                place=data["place"],
                data=services.ClaimData(
                    claimant_kind=data["claimant_kind"],
                    claimant_name=data["claimant_name"],
                    claimant_pin=data["claimant_pin"] or "",
                    claimant_address=data["claimant_address"] or "",
                    injured_name=data["injured_name"] or "",
                    basis_kind=data["basis_kind"],
                    basis_number=data["basis_number"],
                    basis_date=data["basis_date"],
                    basis_issuer=data["basis_issuer"] or "",
                    basis_received_on=data["basis_received_on"],
                    excluded_periods=data["excluded_periods"],
                    sector=data["sector"],
                    unlawful_act=data["unlawful_act"],
                    received_on=data["received_on"],
                    by_post=data["by_post"],
                    honour_form=data["honour_form"] or "",
                    damages=form.damages(),
                ),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The claim was received and entered in the book."))
            return redirect("oversight:compensation_claim", case_id=claim.case_id)
    return render(request, "oversight/compensation_new.html", {"form": form})


@login_required
def claim_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX of claims; a report of every bad row, or the number received.
    Nothing is written when one row is bad."""
    _require_worker(request)
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
                    _("The file is valid: %(count)d claims would be received.")
                    if result.dry_run
                    else _("%(count)d claims were received and entered in the book.")
                )
                messages.success(request, text % {"count": result.claims})
                return redirect("oversight:compensation_import")
    return render(
        request,
        "oversight/compensation_import.html",
        {"form": form, "errors": errors, "columns": imports.COLUMNS},
        status=status,
    )


def _resolvers(claim: CompensationClaim) -> list[User]:
    return list(
        permissions.workers(User.objects.filter(agency_id=claim.agency_id)).order_by("username")
    )


def _context(request: HttpRequest, case_id: int, **given: Any) -> dict[str, Any]:
    claim = _claim(request, case_id)
    case = claim.case
    now = timezone.now()
    today = case_deadlines.local_date(now)
    can_work = permissions.works_on(request.user, claim.agency_id) and case.is_open
    steps = []
    if can_work:
        with compensation.through_services():
            steps = allowed_transitions(
                spec=compensation.SPEC, case=case, actor=request.user, day=today
            )
    heads = [item.head for item in claim.damages.all()]
    money = services.totals(claim)
    recourse = Recourse.objects.filter(claim=claim).first()
    collected = services.recourse_collected(recourse) if recourse else 0
    interrupted = next((row for row in claim.interruptions.all() if row.resumed_on is None), None)
    return {
        "claim": claim,
        "case": case,
        "state_label": compensation.SPEC.state_label(case.state),
        "journal": case_selectors.case_journal(case, compensation.SPEC),
        "money": money,
        "overdue": case.is_overdue(now),
        "can_work": can_work,
        "works_here": permissions.works_on(request.user, claim.agency_id),
        "resolving": case.state in compensation.RESOLVING,
        "interrupted": interrupted,
        "extensions_left": case_deadlines.extensions_left(case.clock or None),
        "recourse": recourse,
        "recourse_collected": collected,
        "recourse_outstanding": (recourse.amount - collected) if recourse else 0,
        "step_form": given.get("step_form")
        or forms.StepForm(
            transitions=steps,
            resolvers=_resolvers(claim),
            heads=heads,
            initial={"on": today},
        ),
        "has_steps": bool(steps),
        "advance_form": given.get("advance_form")
        or forms.AdvanceForm(initial={"requested_on": today}),
        "pay_form": given.get("pay_form") or forms.AdvancePayForm(initial={"paid_on": today}),
        "interruption_form": given.get("interruption_form")
        or forms.InterruptionForm(initial={"decided_on": today, "ground_arose_on": today}),
        "resume_form": given.get("resume_form") or forms.ResumeForm(initial={"resumed_on": today}),
        "extend_form": given.get("extend_form") or forms.ExtendForm(),
        "honour_form": given.get("honour_form") or forms.HonourForm(initial={"on": today}),
        "recourse_form": given.get("recourse_form")
        or forms.RecourseForm(initial={"decided_on": today}),
        "instalment_form": given.get("instalment_form")
        or forms.InstalmentForm(initial={"paid_on": today}),
    }


@login_required
def claim_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    _require_reader(request)
    context = _context(request, case_id)
    with transaction.atomic():
        audit.record_read(
            actor=request.user, action="oversight.compensation.viewed", obj=context["case"]
        )
    return render(request, "oversight/compensation_detail.html", context)


def _act(
    request: HttpRequest,
    case_id: int,
    form: Any,
    name: str,
    call: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("oversight:compensation_claim", case_id=case_id)
    context = _context(request, case_id, **{name: form})
    return render(request, "oversight/compensation_detail.html", context, status=400)


@login_required
@require_POST
def claim_step(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    form = forms.StepForm(
        request.POST,
        transitions=compensation.RULES.transitions,
        resolvers=_resolvers(claim),
        heads=[item.head for item in claim.damages.all()],
    )

    def call(data: dict[str, Any]) -> Any:
        return services.claim_step(
            actor=request.user,
            case=claim.case,
            transition=data["transition"],
            data=services.StepData(
                on=data["on"],
                ground=data["ground"] or "",
                reason=data["reason"] or "",
                complex=data["complex"],
                resolver_id=int(data["resolver"]) if data["resolver"] else None,
                amounts=form.amounts(),
                decision_number=data["decision_number"] or "",
                handed_over_on=data["handed_over_on"],
                agreed=data["agreed"],
                ground_arose_on=data["ground_arose_on"],
                court_name=data["court_name"] or "",
                amount=data["amount"],
            ),
        )

    return _act(request, case_id, form, "step_form", call, _("The step was recorded."))


@login_required
@require_POST
def claim_advance(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.AdvanceForm(request.POST),
        "advance_form",
        lambda data: services.advance_request(
            actor=request.user,
            case=claim.case,
            requested_on=data["requested_on"],
            mental=data["mental"],
            computable=data["computable"],
            amount=data["amount"],
        ),
        _("The advance was recorded."),
    )


@login_required
@require_POST
def advance_pay(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.AdvancePayForm(request.POST),
        "pay_form",
        lambda data: services.advance_pay(
            actor=request.user, case=claim.case, advance_id=data["advance"], paid_on=data["paid_on"]
        ),
        _("The advance payment was recorded."),
    )


@login_required
@require_POST
def claim_interrupt(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.InterruptionForm(request.POST),
        "interruption_form",
        lambda data: services.interruption_start(actor=request.user, case=claim.case, **data),
        _("The resolution was postponed or suspended."),
    )


@login_required
@require_POST
def claim_resume(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.ResumeForm(request.POST),
        "resume_form",
        lambda data: services.interruption_end(
            actor=request.user, case=claim.case, resumed_on=data["resumed_on"]
        ),
        _("The resolution was resumed."),
    )


@login_required
@require_POST
def claim_extend(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.ExtendForm(request.POST),
        "extend_form",
        lambda data: services.claim_extend(
            actor=request.user, case=claim.case, reason=data["reason"]
        ),
        _("The time limit was extended."),
    )


@login_required
@require_POST
def claim_honour(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.HonourForm(request.POST),
        "honour_form",
        lambda data: services.honour_restored(actor=request.user, case=claim.case, on=data["on"]),
        _("The honour restoration was recorded."),
    )


@login_required
@require_POST
def claim_recourse(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.RecourseForm(request.POST),
        "recourse_form",
        lambda data: services.recourse_decide(
            actor=request.user,
            case=claim.case,
            official_name=data["official_name"],
            official_position=data["official_position"] or "",
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            amount=data["amount"],
        ),
        _("The recourse was decided."),
    )


@login_required
@require_POST
def recourse_collect(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = _claim(request, case_id)
    _require_worker(request)
    return _act(
        request,
        case_id,
        forms.InstalmentForm(request.POST),
        "instalment_form",
        lambda data: services.recourse_collect(
            actor=request.user, case=claim.case, paid_on=data["paid_on"], amount=data["amount"]
        ),
        _("The instalment was recorded."),
    )


@login_required
def decision_docx(request: HttpRequest, case_id: int) -> HttpResponse:
    """The compensation decision, once issued, as DOCX in the official layout."""
    _require_reader(request)
    claim = _claim(request, case_id)
    if not claim.decided_on:
        raise Http404(_("No decision has been issued on this claim."))
    content = decision.build(claim, totals=services.totals(claim))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    number = claim.decision_number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="qd-boi-thuong-{number}.docx"'
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The year's figures, the claims resolved late and a chart of each month's accepted and
    resolved claims."""
    _require_reader(request)
    this_year = case_deadlines.local_date(timezone.now()).year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, 2018), this_year)
    board = selectors.dashboard(request.user, year)
    bars = []
    for index, (month, accepted, resolved) in enumerate(board.months):
        x = 40 + index * (2 * BAR + 10)
        high_a = round(CHART_HEIGHT * accepted / board.peak)
        high_r = round(CHART_HEIGHT * resolved / board.peak)
        bars.append(
            {
                "month": month,
                "accepted": accepted,
                "resolved": resolved,
                "x": x,
                "x2": x + BAR,
                "ya": 10 + CHART_HEIGHT - high_a,
                "ha": high_a,
                "yr": 10 + CHART_HEIGHT - high_r,
                "hr": high_r,
            }
        )
    return render(
        request,
        "oversight/compensation_dashboard.html",
        {
            "board": board,
            "bars": bars,
            "years": list(range(this_year, max(2017, this_year - 6), -1)),
            "chart_width": 60 + 12 * (2 * BAR + 10),
            "chart_base": 10 + CHART_HEIGHT,
            "label_y": 10 + CHART_HEIGHT + 16,
        },
    )
