"""The outreach card on the landing dashboard (registered in ``apps.ready``): the officer's
mediation cases not started within 3 days first, then this term's sessions."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tuphap.casework import deadlines as case_deadlines
from tuphap.core.periods import term_year_of
from tuphap.outreach.dissemination.models import Session
from tuphap.outreach.mediation import selectors
from tuphap.outreach.people import permissions


def my_work(request: HttpRequest) -> dict[str, Any] | None:
    if not permissions.can_work(request.user):
        return None
    rows = selectors.workqueue(request.user)
    today = case_deadlines.local_date(timezone.now())
    term_start = datetime.date(term_year_of(today), 1, 1)
    return {
        "term_sessions": Session.objects.filter(
            organiser_id=getattr(request.user, "agency_id", None), held_on__gte=term_start
        ).count(),
        "late": sum(1 for row in rows if row.kind == "late"),
        "start": sum(1 for row in rows if row.kind == "start"),
        "assign": sum(1 for row in rows if row.kind == "assign"),
        "follow_up": sum(1 for row in rows if row.kind == "follow_up"),
    }
