"""What the pages of the complaint and denunciation registers share: the detail or 404, the
list with its state filter and search, the actions a user may take on a case now (one form per
action), posting an action, and the dashboard's year. Denunciations call these (the lower layer
is complaints, see ``steps``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.registry import RegisterSpec, State
from tuphap.casework.workflow import allowed_transitions
from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.core.tabular import ImportRefused
from tuphap.oversight.complaints import figures
from tuphap.oversight.reception.forms import ImportForm
from tuphap.statistics import review as statistics_review


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def detail_or_404(get: Callable[[Any, int], Any], request: HttpRequest, case_id: int) -> Any:
    try:
        return get(request.user, case_id)
    except NotFound as error:
        raise Http404(str(error)) from None


# The review figures (ADR 0018) a list of matters drills to: the flows of ``figures.compute``.
DRILL_FIGURES = tuple(name for name in figures.FLOW if name not in ("carried_in", "carried_out"))


def list_context(
    request: HttpRequest,
    *,
    states: Iterable[State],
    search: Callable[[Any, str, str], Any],
    can_work: bool,
    matters: Callable[[Any], list[figures.Matter]] | None = None,
) -> dict[str, Any]:
    """The list page: the rows found by ``q`` and the chosen state, 25 a page; or, for a review
    figure's drill-down (``figure`` one of :data:`DRILL_FIGURES`, ``from``/``to``,
    ``province``, ``agency``), the rows whose matters (``matters`` of a queryset of the rows)
    make that figure by ``figures.compute``, with the number of matters (a complaint accepted
    again at the second instance is two matters). Bad filters: ``filter_errors``, no rows."""
    states = tuple(states)
    state = request.GET.get("state") or ""
    if state not in {s.code for s in states}:
        state = ""
    rows = search(request.user, request.GET.get("q", ""), state)
    drill, errors = statistics_review.read_drill(
        request.GET, DRILL_FIGURES if matters is not None else ()
    )
    total = None
    if errors:
        rows = rows.none()
    elif drill is not None and matters is not None:
        added = statistics_review.contributions(
            drill,
            matters(rows.filter(received_on__lte=drill.end)),
            record=lambda matter: matter.record,
            place=lambda matter: matter.place_id,
            agency=lambda matter: matter.agency_id,
            compute=figures.compute,
        )
        rows = rows.filter(pk__in=list(added))
        total = sum(added.values())
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return {
        "page": page,
        "states": [(s.code, s.label) for s in states],
        "state": state,
        "q": request.GET.get("q", ""),
        "can_work": can_work,
        **statistics_review.drill_context(drill, errors, page.paginator.count, total),
    }


def allowed_actions(
    request: HttpRequest,
    case: Any,
    *,
    spec: RegisterSpec,
    through_services: Callable[[], AbstractContextManager[None]],
    action_of: Callable[[str], str],
    skip: Iterable[str] = (),
) -> tuple[list[str], dict[str, str]]:
    """The actions ``request.user`` may take on ``case`` today, in the workflow's order, each
    with the label of its first step (one action may make several steps)."""
    names: list[str] = []
    labels: dict[str, str] = {}
    skipped = frozenset(skip)
    today = case_deadlines.local_date(timezone.now())
    with through_services():
        for step in allowed_transitions(spec=spec, case=case, actor=request.user, day=today):
            name = action_of(step.name)
            if name in skipped or name in labels:
                continue
            names.append(name)
            labels[name] = str(step.label)
    return names, labels


def days_left(case: Any) -> tuple[Any, int | None]:
    """The day the running clock ends and the days left until it (negative when overdue);
    none while the clock stands still (a suspension)."""
    if getattr(case, "paused_at", None) is not None:
        return None, None
    today = case_deadlines.local_date(timezone.now())
    due = case_deadlines.local_date(case.due_at) if case.due_at else None
    return due, (due - today).days if due else None


def post_action(
    request: HttpRequest,
    case_id: int,
    action: str,
    *,
    form: Any,
    values_of: Callable[[Any], dict[str, Any]],
    run: Callable[[Any, int, dict[str, Any]], Any],
    page: str,
    template: str,
    context: Callable[..., dict[str, Any]],
) -> HttpResponse:
    """Record one action from its form: back to the case page, or the page again with the
    form's errors (400)."""
    if form.is_valid():
        values = values_of(form)
        values["action"] = action
        try:
            run(request.user, case_id, values)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The step was recorded."))
            return redirect(page, case_id=case_id)
    return render(request, template, context(request, case_id, **{action: form}), status=400)


def dashboard_year(request: HttpRequest) -> int:
    """The year asked for (2000–2100), else this year."""
    year = case_deadlines.local_date(timezone.now()).year
    asked = request.GET.get("year", "")
    if asked.isdigit() and 2000 <= int(asked) <= 2100:
        year = int(asked)
    return year


def import_upload(
    request: HttpRequest,
    *,
    import_file: Callable[..., Any],
    columns: Any,
    template: str,
    page: str,
    checked: str,
    done: str,
) -> HttpResponse:
    """Upload a CSV or XLSX; a report of every bad row (line, column, reason — never a cell's
    value), or the number received. Nothing is written when one row is bad. ``checked`` and
    ``done`` are the messages, with ``%(count)d``."""
    form = ImportForm(request.POST or None, request.FILES or None)
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
                result = import_file(path, actor=request.user, dry_run=form.cleaned_data["dry_run"])
            except ImportRefused as refused:
                errors = refused.errors
                status = 400
            else:
                text = checked if result.dry_run else done
                messages.success(request, text % {"count": result.count})
                return redirect(page)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        template,
        {"form": form, "errors": errors, "columns": columns},
        status=status,
    )
