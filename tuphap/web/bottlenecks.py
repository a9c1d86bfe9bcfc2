"""The bottlenecks page and its JSON: what the registers' sources find for the reader, ranked,
with a chart of now against a year ago (ADR 0017). No measuring here: see ``core.bottlenecks``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import bottlenecks, charts


def _findings(request: HttpRequest) -> list[bottlenecks.Finding]:
    return bottlenecks.findings_for(request.user, timezone.now())


@login_required
def page(request: HttpRequest) -> HttpResponse:
    findings = _findings(request)
    stuck = [finding for finding in findings if finding.count or finding.last_year]
    chart = charts.hbar_chart(
        [_("Now"), _("A year ago")],
        [
            (f"{finding.area}: {finding.measure}", [finding.count, finding.last_year])
            for finding in stuck[:15]
        ],
    )
    return render(
        request,
        "web/bottlenecks.html",
        {
            "findings": stuck,
            "clear": [finding for finding in findings if finding not in stuck],
            "chart": chart,
            "now": timezone.now(),
        },
    )


@login_required
def data(request: HttpRequest) -> JsonResponse:
    """The same findings as JSON (counts and agency names only: no personal data, no audit)."""
    return JsonResponse({"findings": [finding.as_dict() for finding in _findings(request)]})
