"""The report forms card on the landing dashboard: the reminders of the app. An entry officer
sees the forms due and overdue; an approver or the ministry the forms waiting for them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tuphap.statistics.aggregate import permissions, selectors


def card(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not permissions.can_use(user):
        return None
    due = [item for item in selectors.due_for_user(user) if item.report_pending]
    overdue = [item for item in due if item.overdue]
    waiting = selectors.awaiting_for_user(user)
    returned = [item for item in due if item.report and item.report.status == "returned"]
    if not (due or waiting):
        return None
    return {
        "due": due[:5],
        "due_count": len(due),
        "overdue_count": len(overdue),
        "returned_count": len(returned),
        "waiting": waiting[:5],
        "waiting_count": len(waiting),
    }
