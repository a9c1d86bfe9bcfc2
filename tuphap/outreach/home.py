"""The outreach card on the landing dashboard (registered in ``apps.ready``): the officer's
mediation cases not started within 3 days first, then this term's sessions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tuphap.outreach.mediation import selectors
from tuphap.outreach.people import permissions


def my_work(request: HttpRequest) -> dict[str, Any] | None:
    if not permissions.can_work(request.user):
        return None
    rows = selectors.workqueue(request.user)
    return {
        "late": sum(1 for row in rows if row.kind == "late"),
        "start": sum(1 for row in rows if row.kind == "start"),
        "assign": sum(1 for row in rows if row.kind == "assign"),
        "follow_up": sum(1 for row in rows if row.kind == "follow_up"),
    }
