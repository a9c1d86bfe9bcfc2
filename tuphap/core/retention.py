"""Deleting what is kept only for a while: the stored answers of idempotent API writes."""

from __future__ import annotations

import datetime
from typing import Any, Final

from django.db import transaction
from django.utils import timezone

from tuphap.core import audit
from tuphap.core.models import IdempotentRequest

RETRY_WINDOW_HOURS: Final = 24  # ADR 0013: a client retries a write within a day


@transaction.atomic
def idempotent_requests_purge(
    *, actor: Any, hours: int = RETRY_WINDOW_HOURS, now: datetime.datetime | None = None
) -> int:
    """Delete the stored answers older than ``hours`` (they hold what the write answered,
    personal data included). Safe to run twice at once: a row deleted by the other run is
    simply not counted. A run that deletes something leaves one audit row."""
    hours = max(1, int(hours))
    limit = (now or timezone.now()) - datetime.timedelta(hours=hours)
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=limit).delete()
    if deleted:
        audit.record(
            actor=actor,
            action="core.idempotent_requests.purged",
            data={"deleted": deleted, "older_than_hours": hours},
        )
    return deleted
