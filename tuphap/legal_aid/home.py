"""The legal aid card on the landing dashboard (registered in ``apps.ready``): the officer's
own work, with the performers past due first."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tuphap.legal_aid.cases import selectors
from tuphap.legal_aid.providers import permissions


def my_work(request: HttpRequest) -> dict[str, Any] | None:
    if not permissions.can_work(request.user):
        return None
    return {"counts": selectors.my_card(request.user)}
