from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.core.forms import show_errors
from tuphap.places.models import Boundaries
from tuphap.statistics import formats, permissions, reports, selectors, services
from tuphap.statistics.forms import LEVEL_CHOICES, ReportForm
from tuphap.statistics.models import ReportStage
from tuphap.statistics.registry import registry

DOWNLOADS = {
    "csv": (formats.to_csv, "text/csv; charset=utf-8"),
    "json": (formats.to_json, "application/json"),
}


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The report page: a form, the table, and CSV/JSON downloads of the same figures."""
    form = ReportForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "report": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            query = selectors.report_query_parse(
                indicators=data["indicators"],
                period=data["period"],
                level=data["level"] or reports.NATION,
                place=data["place"] or None,
                boundaries=data["boundaries"] or Boundaries.NEW,
            )
            result = selectors.report_for_user(request.user, query)
        except ValidationFailed as error:
            show_errors(form, error)
            return render(request, "statistics/report.html", context)
        except AccessDenied as error:
            return render(
                request,
                "web/error.html",
                {"status": 403, "title": _("Access denied"), "text": error.message},
                status=403,
            )
        download = request.GET.get("download")
        if download in DOWNLOADS:
            write, content_type = DOWNLOADS[download]
            response = HttpResponse(write(result), content_type=content_type)
            name = f"report-{result.period.code}-{result.level}.{download}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        query_string = request.GET.copy()
        query_string.pop("download", None)
        context.update(
            {
                "report": result,
                "period_label": result.period.label(get_language() or "vi"),
                "rows": [
                    {**row, "name": registry.get(row["indicator"]).name} for row in result.rows
                ],
                "query": query_string.urlencode(),
                "level_label": dict(LEVEL_CHOICES)[result.level],
                "boundaries_label": Boundaries(result.boundaries).label,
                "any_approximate": any(row["approximate"] for row in result.rows),
                "any_historic": any(row["historic"] for row in result.rows),
                "can_issue": permissions.can_issue_reports(request.user),
                "stages": ReportStage.choices,
            }
        )
    return render(request, "statistics/report.html", context)


def _query_from(data: Any) -> reports.ReportQuery:
    return selectors.report_query_parse(
        indicators=data.getlist("indicators"),
        period=data.get("period", ""),
        level=data.get("level") or reports.NATION,
        place=data.get("place") or None,
        boundaries=data.get("boundaries") or Boundaries.NEW,
    )


@login_required
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    """Issue the report shown on the report page (its request is in the query string)."""
    try:
        version = services.report_issue(
            actor=request.user,
            query=_query_from(request.GET),
            stage=request.POST.get("stage", ""),
            note=request.POST.get("note", "")[:500],
        )
    except (ValidationFailed, Conflict, AccessDenied) as error:
        details = "; ".join(reason for reasons in error.fields.values() for reason in reasons)
        messages.error(request, f"{error.message} {details}".strip())
        return redirect(f"{reverse('statistics:report')}?{request.GET.urlencode()}")
    messages.success(
        request, _("The report was issued as version %(number)s.") % {"number": version.number}
    )
    return redirect("statistics:version", version_id=version.pk)


@login_required
def versions(request: HttpRequest) -> HttpResponse:
    try:
        issued = selectors.report_version_list_for_user(request.user)
    except AccessDenied as error:
        return render(
            request,
            "web/error.html",
            {"status": 403, "title": _("Access denied"), "text": error.message},
            status=403,
        )
    page = Paginator(issued, 50).get_page(request.GET.get("page"))
    return render(request, "statistics/versions.html", {"page": page})


@login_required
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    try:
        issued = selectors.report_version_get_for_user(request.user, version_id)
    except (NotFound, AccessDenied) as error:
        raise Http404(error.message) from error
    rows = [
        {
            **row,
            "name": registry.get(row["indicator"]).name
            if row["indicator"] in registry
            else row["indicator"],
        }
        for row in issued.rows
    ]
    return render(
        request,
        "statistics/version.html",
        {
            "version": issued,
            "rows": rows,
            "any_historic": any(row.get("historic") for row in rows),
        },
    )


# -- the approval chain of issued reports (statistics.aggregate.versions) ----------------------


def _version_step(request: HttpRequest, version_id: int, step: str) -> HttpResponse:
    from tuphap.statistics.aggregate import versions

    try:
        version = selectors.report_version_get_for_user(request.user, version_id)
    except (NotFound, AccessDenied) as error:
        raise Http404(error.message) from error
    comment = request.POST.get("comment", "")
    try:
        if step == "approve":
            versions.version_approve(actor=request.user, version=version, comment=comment)
            messages.success(request, _("The issued report was approved."))
        else:
            versions.version_accept(actor=request.user, version=version, comment=comment)
            messages.success(request, _("The issued report was accepted."))
    except AccessDenied as error:
        return render(
            request,
            "web/error.html",
            {"status": 403, "title": _("Access denied"), "text": error.message},
            status=403,
        )
    except Conflict as error:
        messages.error(request, error.message)
    return redirect("statistics:version", version_id=version.pk)


@login_required
@require_POST
def version_approve(request: HttpRequest, version_id: int) -> HttpResponse:
    return _version_step(request, version_id, "approve")


@login_required
@require_POST
def version_accept(request: HttpRequest, version_id: int) -> HttpResponse:
    return _version_step(request, version_id, "accept")
