"""The inspections card on the landing dashboard (registered in ``apps.ready``): the inspector's
open inspections, those past a running limit, and the overdue follow-ups of recommendations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tuphap.oversight.inspections import permissions, selectors


def inspections_work(request: HttpRequest) -> dict[str, Any] | None:
    """The inspector's open inspections and overdue follow-ups; nothing for anyone else."""
    if not permissions.can_work(request.user):
        return None
    return {"counts": selectors.my_card(request.user)}
