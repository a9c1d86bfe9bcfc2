from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tuphap.core.errors import AccessDenied, ValidationFailed
from tuphap.places.models import Boundaries
from tuphap.statistics import formats, reports, selectors
from tuphap.statistics.forms import LEVEL_CHOICES, ReportForm
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
            for field, reasons in error.fields.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
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
            }
        )
    return render(request, "statistics/report.html", context)
