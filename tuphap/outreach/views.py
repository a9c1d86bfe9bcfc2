"""The outreach dashboard: dissemination term to date (the headline) and this year, and the
mediation book's figures with the two success rates, with a chart of each month's sessions and
mediation cases received (both areas, so it lives above them)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tuphap.casework import deadlines as case_deadlines
from tuphap.core.periods import month_end, term_year_of
from tuphap.outreach.dissemination import figures as dissemination_figures
from tuphap.outreach.dissemination import rules as dissemination_rules
from tuphap.outreach.dissemination import selectors as dissemination_selectors
from tuphap.outreach.mediation import figures as mediation_figures
from tuphap.outreach.mediation import selectors as mediation_selectors
from tuphap.outreach.people.views import require_reader

CHART_HEIGHT = 140
BAR = 14


def board(user: Any, today: datetime.date) -> dict[str, Any]:
    """The figures ``user`` may see, live from the records."""
    organisers = set(
        dissemination_selectors.sessions_for(user).values_list("organiser_id", flat=True).distinct()
    )
    term_start = datetime.date(term_year_of(today), 1, 1)
    year_start = datetime.date(today.year, 1, 1)
    term = dissemination_figures.window(term_start, today, organisers=organisers)
    year = dissemination_figures.window(year_start, today, organisers=organisers)
    mediation = mediation_selectors.board(user, year_start, today)
    agencies = set(
        mediation_selectors.visible_details(user)
        .values_list("case__agency_id", flat=True)
        .distinct()
    )
    facts = mediation_figures.load(until=today, agencies=agencies)
    months = []
    month = year_start
    while month <= today:
        last = min(month_end(month), today)
        sessions = dissemination_figures.window(month, last, organisers=organisers)["sessions"]
        received = mediation_figures.totals(mediation_figures.compute(facts, month, last))[
            "received"
        ]
        months.append((month, sessions, received))
        month = month_end(month) + datetime.timedelta(days=1)
    return {
        "today": today,
        "term_start": term_start,
        "term": term,
        "year": year,
        "forms": [
            (label, year[f"sessions.form.{value}"], year[f"participants.form.{value}"])
            for value, label in dissemination_rules.Form.choices
        ],
        "groups": [
            (label, year[f"sessions.group.{value}"], year[f"participants.group.{value}"])
            for value, label in dissemination_rules.TargetGroup.choices
        ],
        "levels": [
            (label, term[f"sessions.level.{value}"])
            for value, label in dissemination_rules.Level.choices
        ],
        "mediation": mediation,
        "months": months,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    today = case_deadlines.local_date(timezone.now())
    data = board(request.user, today)
    months = data["months"]
    peak_s = max([1, *(s for _m, s, _r in months)])
    peak_r = max([1, *(r for _m, _s, r in months)])
    bars = []
    for index, (month, sessions, received) in enumerate(months):
        x = 40 + index * (2 * BAR + 12)
        high_s = round(CHART_HEIGHT * sessions / peak_s)
        high_r = round(CHART_HEIGHT * received / peak_r)
        bars.append(
            {
                "month": month,
                "sessions": sessions,
                "received": received,
                "x": x,
                "x2": x + BAR,
                "ys": 10 + CHART_HEIGHT - high_s,
                "hs": high_s,
                "yr": 10 + CHART_HEIGHT - high_r,
                "hr": high_r,
                "label_x": x + BAR,
            }
        )
    return render(
        request,
        "outreach/dashboard.html",
        {
            **data,
            "bars": bars,
            "chart_width": 60 + 12 * (2 * BAR + 12),
            "chart_base": 10 + CHART_HEIGHT,
            "label_y": 10 + CHART_HEIGHT + 16,
        },
    )
