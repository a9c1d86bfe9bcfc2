"""The civil status cards on the landing dashboard (registered in ``apps.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tuphap.population import selectors as population_selectors


def population_reconciliation(request: HttpRequest) -> dict[str, Any] | None:
    """Messages to the population database needing reconciliation in the user's provinces, and
    those resolved this month; nothing for a user who may not see the queue."""
    counts = population_selectors.reconciliation_counts_for_user(request.user)
    return None if counts is None else {"counts": counts}
