"""The complaints card on the landing dashboard (registered in ``apps.ready`` by the lead): the
inspector's open complaints, those past their statutory limit and those due within two working
days. Only the limits the resolving agency must meet count as overdue or due soon — the
acceptance and the resolution of an instance; the window after a decision (a second complaint,
a lawsuit, the legal effect) runs against the complainant, not the agency, and a suspended
complaint has no clock."""

from __future__ import annotations

import datetime
from typing import Any, Final

from django.http import HttpRequest
from django.utils import timezone

from tuphap.casework import selectors as case_selectors
from tuphap.oversight.complaints import permissions, selectors

DUE_SOON_WORKING_DAYS: Final = 2
# The workqueue's kinds whose limit binds the agency.
AGENCY_CLOCKS: Final = frozenset({"accept", "resolve"})


def my_card(user: Any, *, now: datetime.datetime | None = None) -> dict[str, int]:
    """The counts of the card: the open complaints of the workqueue, the overdue, the due soon,
    and those assigned to ``user``."""
    now = now or timezone.now()
    soon = case_selectors.due_soon_limit(now, DUE_SOON_WORKING_DAYS)
    rows = selectors.workqueue(user, now=now)
    dues = [
        row.detail.case.due_at
        for row in rows
        if row.kind in AGENCY_CLOCKS and row.detail.case.due_at is not None
    ]
    return {
        "open": len(rows),
        "overdue": sum(1 for due in dues if due is not None and due < now),
        "due_soon": sum(1 for due in dues if due is not None and now <= due <= soon),
        "mine": sum(1 for row in rows if row.detail.case.assignee_id == user.pk),
    }


def complaints_work(request: HttpRequest) -> dict[str, Any] | None:
    """The inspector's open complaints, overdue and due soon; nothing for anyone else."""
    if not permissions.can_work(request.user):
        return None
    return {"counts": my_card(request.user)}
