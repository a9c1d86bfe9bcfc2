"""The oversight cards on the landing dashboard (registered in ``apps.ready``), area by area."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tuphap.oversight.reception import permissions as reception_permissions
from tuphap.oversight.reception import selectors as reception_selectors


def letters_work(request: HttpRequest) -> dict[str, Any] | None:
    """An inspector's letters to handle, the past due first."""
    if not reception_permissions.can_work(request.user):
        return None
    return {"counts": reception_selectors.my_card(request.user)}


def compensation_work(request: HttpRequest) -> dict[str, Any] | None:
    """The compensation officer's open claims, overdue and due soon."""
    from tuphap.oversight.compensation import permissions as compensation_permissions
    from tuphap.oversight.compensation import selectors as compensation_selectors

    if not compensation_permissions.can_work(request.user):
        return None
    return {"counts": compensation_selectors.my_card(request.user)}
