"""The report forms' pages: the list (what is due, what waits for me), the grid that saves cell
by cell with htmx (and as a whole form without JavaScript), the workflow buttons, the workbook
download and upload, and completeness and timeliness."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.core import periods
from tuphap.core.errors import AccessDenied, Conflict, DomainError, NotFound, ValidationFailed
from tuphap.statistics.aggregate import permissions, rules, selectors, services, xlsx
from tuphap.statistics.aggregate.models import DataSet, FormReport, ReportStatus, ValueChange


def _forbidden(request: HttpRequest, text: str) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 403, "title": _("Access denied"), "text": text},
        status=403,
    )


def _report(request: HttpRequest, report_id: int) -> FormReport:
    try:
        return selectors.report_get_for_user(request.user, report_id)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_use(request.user):
        return _forbidden(request, _("Your role does not use the report forms."))
    reports = selectors.report_list_for_user(request.user).order_by(
        "-period_end", "data_set__code", "agency__code"
    )
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "statistics/aggregate_list.html",
        {
            "due": selectors.due_for_user(request.user),
            "waiting": selectors.awaiting_for_user(request.user),
            "page": page,
            "statuses": ReportStatus.choices,
            "status": status,
            "language": get_language() or "vi",
            "can_historic": permissions.can_read_historic(request.user),
        },
    )


@login_required
@require_POST
def form_open(request: HttpRequest) -> HttpResponse:
    data_set = DataSet.objects.filter(code=request.POST.get("data_set", ""), active=True).first()
    if data_set is None:
        raise Http404("No such report form.")
    try:
        report = services.report_open(
            actor=request.user, data_set=data_set, period=request.POST.get("period", "")
        )
    except AccessDenied as error:
        return _forbidden(request, error.message)
    except ValidationFailed as error:
        messages.error(request, error.message)
        return redirect("statistics:forms")
    return redirect("statistics:form", report_id=report.pk)


def _grid_context(
    report: FormReport,
    user: Any,
    *,
    posted: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    grid = selectors.grid_of(report.data_set)
    cells = selectors.cells_of(report)
    findings = selectors.findings_of(report)
    flagged: dict[str, str] = {}
    for finding in findings:
        for element, option in finding.cells:
            flagged.setdefault(services.cell_name(element, option), finding.severity)
    errors = errors or {}
    rows = []
    section = None
    for row in grid.rows:
        line = []
        total = 0
        for column in grid.columns:
            code = column.code
            if code is None:
                if row.options:
                    line.append(
                        {
                            "kind": "total",
                            "value": sum(cells.get((row.element.code, o), 0) for o in row.options),
                        }
                    )
                    continue
                name = row.element.code
            elif code in row.options:
                name = f"{row.element.code}.{code}"
            else:
                line.append({"kind": "none"})
                continue
            key = (row.element.code, code)
            value = posted[name] if posted is not None and name in posted else cells.get(key)
            total += cells.get(key, 0)
            line.append(
                {
                    "kind": "input",
                    "name": name,
                    "value": "" if value is None else value,
                    "error": " ".join(errors.get(name, [])),
                    "flag": flagged.get(name, ""),
                    "label": f"{row.element.name} {column.name}".strip(),
                }
            )
        rows.append(
            {
                "element": row.element,
                "cells": line,
                "new_section": row.element.section if row.element.section != section else None,
            }
        )
        section = row.element.section
    period = periods.parse(report.period)
    return {
        "report": report,
        "columns": grid.columns,
        "rows": rows,
        "findings": findings,
        "errors_count": sum(1 for f in findings if f.severity == rules.ERROR),
        "warnings_count": sum(1 for f in findings if f.severity == rules.WARNING),
        "period_label": period.label(get_language() or "vi"),
        "can_enter": permissions.can_enter(user, report) and report.editable,
        "can_approve": permissions.can_approve(user, report)
        and report.status == ReportStatus.SUBMITTED,
        "can_accept": permissions.can_accept(user, report)
        and report.status == ReportStatus.APPROVED,
        "can_unlock": report.status in (ReportStatus.APPROVED, ReportStatus.ACCEPTED)
        and permissions.can_unlock(user, report),
        "overdue": services.is_overdue(report, timezone.localdate()),
        "events": report.events.select_related("actor").all(),
        "history": ValueChange.objects.filter(report=report).select_related(
            "element", "option", "changed_by"
        )[:30],
        "cell_errors": errors,
    }


@login_required
def form_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """The grid. A POST saves every cell at once (the page without JavaScript)."""
    report = _report(request, report_id)
    if request.method == "POST":
        cells = {
            name: value
            for name, value in request.POST.items()
            if name not in ("csrfmiddlewaretoken", "action")
        }
        try:
            services.values_save(actor=request.user, report=report, cells=cells)
        except ValidationFailed as error:
            report.refresh_from_db()
            context = _grid_context(report, request.user, posted=cells, errors=error.fields)
            messages.error(request, error.message)
            # 200 like any re-shown form: the page carries each cell's reason
            return render(request, "statistics/aggregate_form.html", context)
        except (AccessDenied, Conflict) as error:
            messages.error(request, error.message)
            return redirect("statistics:form", report_id=report.pk)
        if request.POST.get("action") == "submit":
            return _submit(request, report)
        messages.success(request, _("The figures were saved."))
        return redirect("statistics:form", report_id=report.pk)
    return render(request, "statistics/aggregate_form.html", _grid_context(report, request.user))


@login_required
@require_POST
def form_cell(request: HttpRequest, report_id: int) -> HttpResponse:
    """Save one cell (htmx): answers the cell and, out of band, the checks and the totals."""
    report = _report(request, report_id)
    cells = {name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"}
    error: DomainError | None = None
    try:
        services.values_save(actor=request.user, report=report, cells=cells)
    except (ValidationFailed, AccessDenied, Conflict) as refused:
        error = refused
    if not getattr(request, "htmx", False):
        if error is not None:
            messages.error(request, error.message)
        return redirect("statistics:form", report_id=report.pk)
    report.refresh_from_db()
    errors = error.fields if isinstance(error, ValidationFailed) else {}
    context = _grid_context(report, request.user, posted=cells, errors=errors)
    context["only"] = set(cells)
    context["message"] = error.message if error is not None and not errors else ""
    # A refused figure answers 200 so that htmx swaps the cell in with its reason (htmx leaves
    # 4xx answers unswapped); a locked form or a foreign user gets the message, nothing saved.
    status = 200 if error is None or errors else error.status_code
    return render(request, "statistics/aggregate_cell.html", context, status=status)


def _submit(request: HttpRequest, report: FormReport) -> HttpResponse:
    try:
        warnings = services.report_submit(actor=request.user, report=report)
    except ValidationFailed as error:
        details = " ".join(reason for reasons in error.fields.values() for reason in reasons)
        messages.error(request, f"{error.message} {details}")
        return redirect("statistics:form", report_id=report.pk)
    except (AccessDenied, Conflict) as error:
        messages.error(request, error.message)
        return redirect("statistics:form", report_id=report.pk)
    if warnings:
        messages.warning(
            request,
            _("Submitted with warnings: %(warnings)s")
            % {"warnings": " ".join(w.message for w in warnings)},
        )
    else:
        messages.success(request, _("The form was submitted to the level above."))
    return redirect("statistics:form", report_id=report.pk)


@login_required
@require_POST
def form_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    return _submit(request, _report(request, report_id))


def _step(request: HttpRequest, report_id: int, step: str) -> HttpResponse:
    report = _report(request, report_id)
    comment = request.POST.get("comment", "")
    try:
        if step == "return":
            services.report_return(actor=request.user, report=report, comment=comment)
            text = _("The form was returned to the reporting unit.")
        elif step == "approve":
            services.report_approve(actor=request.user, report=report, comment=comment)
            text = _("The form was approved; its figures are locked and counted in reports.")
        elif step == "accept":
            services.report_accept(actor=request.user, report=report)
            text = _("The form was accepted by the ministry.")
        else:
            services.report_unlock(actor=request.user, report=report, reason=comment)
            text = _("The form was unlocked for correction.")
    except ValidationFailed as error:
        details = " ".join(reason for reasons in error.fields.values() for reason in reasons)
        messages.error(request, f"{error.message} {details}")
        return redirect("statistics:form", report_id=report.pk)
    except AccessDenied as error:
        return _forbidden(request, error.message)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect("statistics:form", report_id=report.pk)
    messages.success(request, text)
    return redirect("statistics:form", report_id=report.pk)


@login_required
@require_POST
def form_return(request: HttpRequest, report_id: int) -> HttpResponse:
    return _step(request, report_id, "return")


@login_required
@require_POST
def form_approve(request: HttpRequest, report_id: int) -> HttpResponse:
    return _step(request, report_id, "approve")


@login_required
@require_POST
def form_accept(request: HttpRequest, report_id: int) -> HttpResponse:
    return _step(request, report_id, "accept")


@login_required
@require_POST
def form_unlock(request: HttpRequest, report_id: int) -> HttpResponse:
    return _step(request, report_id, "unlock")


@login_required
def form_xlsx(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    response = HttpResponse(
        xlsx.workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{report.data_set.code}-{report.period}-{report.agency.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def form_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the filled workbook to upload."))
        return redirect("statistics:form", report_id=report.pk)
    try:
        result = xlsx.upload(actor=request.user, report=report, handle=upload)
    except xlsx.UploadRefused as refused:
        context = _grid_context(report, request.user)
        context["upload_errors"] = refused.errors
        messages.error(
            request,
            _("Nothing was saved: %(count)s cells of the workbook are not valid.")
            % {"count": len(refused.errors)},
        )
        return render(request, "statistics/aggregate_form.html", context)
    except (AccessDenied, Conflict, ValidationFailed) as error:
        messages.error(request, error.message)
        return redirect("statistics:form", report_id=report.pk)
    messages.success(
        request, _("The workbook was read: %(count)s figures changed.") % {"count": result.changed}
    )
    return redirect("statistics:form", report_id=report.pk)


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    """Who has not reported and who reported late, for one form and period."""
    user: Any = request.user
    if not (permissions.can_use(user) and user.role_set() & permissions.READER_ROLES):
        return _forbidden(request, _("Your role does not follow the units' reporting."))
    data_sets = list(DataSet.objects.filter(active=True).order_by("code"))
    chosen = next((d for d in data_sets if d.code == request.GET.get("data_set")), None)
    chosen = chosen or (data_sets[0] if data_sets else None)
    context: dict[str, Any] = {"data_sets": data_sets, "chosen": chosen, "table": None}
    if chosen is not None:
        recent = selectors.recent_periods(chosen, timezone.localdate(), count=6)
        period = next((p for p in recent if p.code == request.GET.get("period")), None)
        if period is None and request.GET.get("period"):
            try:
                period = selectors.parse_period(chosen, request.GET["period"])
            except ValueError as error:
                messages.error(request, str(error))
        period = period or (recent[1] if len(recent) > 1 else recent[0])
        context.update(
            {
                "periods": recent,
                "period": period,
                "period_label": period.label(get_language() or "vi"),
                "table": selectors.completeness_for_user(user, chosen, period),
            }
        )
    return render(request, "statistics/aggregate_completeness.html", context)
