"""The bottlenecks page and its JSON: what the registers' sources find for the reader, ranked,
with a chart of now against a year ago (ADR 0017). No measuring here: see ``core.bottlenecks``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.roles import Role
from tuphap.core import bottlenecks, charts

# Who sees the bottlenecks on their home page: those who follow the sector's work rather than
# work a register (everyone else reaches the page from the menu).
OVERSEERS = frozenset(
    {
        Role.LEADER,
        Role.STATISTICS_OFFICER,
        Role.MINISTRY_SPECIALIST,
        Role.PROVINCIAL_SPECIALIST,
        Role.AUDITOR,
    }
)
CARD_SECONDS = 300


def _findings(request: HttpRequest) -> list[bottlenecks.Finding]:
    return bottlenecks.findings_for(request.user, timezone.now())


def home_card(request: HttpRequest) -> dict[str, Any] | None:
    """The three worst bottlenecks of the overseer's jurisdiction, kept for five minutes."""
    from django.core.cache import cache

    user: Any = request.user
    if not user.role_set() & OVERSEERS:
        return None
    key = f"bottlenecks-card:{user.pk}:{user.date_joined.timestamp()}"
    top = cache.get(key)
    if top is None:
        found = [f for f in _findings(request) if f.count]
        top = [(f.area, f.measure, f.count, f.change, f.url) for f in found[:3]]
        cache.set(key, top, CARD_SECONDS)
    return {"top": top}


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
