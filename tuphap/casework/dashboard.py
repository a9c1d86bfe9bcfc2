"""The casework card on the landing dashboard: the user's open, due-soon and overdue cases."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tuphap.accounts.roles import READ_ONLY_ROLES
from tuphap.casework import selectors


def my_work(request: HttpRequest) -> dict[str, Any] | None:
    user: Any = request.user
    if not user.role_set() - READ_ONLY_ROLES:
        return None  # leaders and auditors are assigned no cases
    queue = selectors.workqueue_for_user(user)
    return {
        "counts": queue.counts,
        "unread": selectors.unread_notification_count(user),
    }
