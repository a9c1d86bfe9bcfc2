"""The operators' status page: the background jobs' last runs, the population outbox and the
rollups' freshness. Counts and times only, no personal data; for administrators (the
administrator role, or staff and superusers of the admin site).

The outbox counts are read here because the gateway has no selector for them yet; they are
aggregate reads of one table, not domain logic."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tuphap.accounts.roles import Role
from tuphap.core import worker
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.statistics import selectors as statistics_selectors


def can_view_operations(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.is_staff or user.has_role(Role.ADMINISTRATOR))


def span(value: datetime.timedelta | None) -> str:
    """A length of time for people: "2 h 5 min", "40 s", "0.35 s" ("0,35 giây")."""
    if value is None:
        return ""
    seconds = value.total_seconds()
    if seconds < 10:
        rounded = round(seconds, 3)
        shown = formats.number_format(int(rounded) if rounded == int(rounded) else rounded)
        return _("%(seconds)s s") % {"seconds": shown}
    whole = int(seconds)
    days, rest = divmod(whole, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds_left = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(count)d d") % {"count": days})
    if hours:
        parts.append(_("%(count)d h") % {"count": hours})
    if minutes and not days:
        parts.append(_("%(count)d min") % {"count": minutes})
    if not days and not hours and (seconds_left or not minutes):
        parts.append(_("%(count)d s") % {"count": seconds_left})
    return " ".join(parts)


def job_rows(now: datetime.datetime) -> list[dict[str, Any]]:
    rows = []
    for status in worker.status_list(now):
        state = status.state
        error = state.last_error.strip() if state else ""
        late = status.lag is not None and status.lag > status.job.interval
        rows.append(
            {
                "name": status.job.name,
                "description": status.job.description,
                "interval": span(status.job.interval),
                "running": status.running,
                "started": state.last_started_at if state else None,
                "finished": state.last_finished_at if state else None,
                "duration": span(state.last_duration) if state else "",
                "outcome": state.last_outcome if state else "",
                "outcome_label": state.get_last_outcome_display() if state else "",
                "error": error.splitlines()[-1] if error else "",
                "error_text": error,
                "failures": state.consecutive_failures if state else 0,
                "result": state.last_result if state else {},
                "never_run": status.lag is None,
                "lag": span(status.lag) if status.lag else "",
                # Late by more than one interval: the worker is down, stuck or overloaded.
                "late": late,
            }
        )
    return rows


def outbox_summary(now: datetime.datetime) -> dict[str, Any]:
    counts = dict(
        OutboxMessage.objects.values_list("status").annotate(count=Count("id")).order_by()
    )
    oldest_pending = OutboxMessage.objects.filter(status=MessageStatus.PENDING).aggregate(
        created=Min("created_at"), due=Min("next_attempt_at")
    )
    return {
        "by_status": [
            {"status": status, "label": status.label, "count": counts.get(status.value, 0)}
            for status in MessageStatus
        ],
        "needs_reconciliation": counts.get(MessageStatus.NEEDS_RECONCILIATION.value, 0),
        "oldest_pending": oldest_pending["created"],
        "overdue_by": (
            max(now - oldest_pending["due"], datetime.timedelta(0))
            if oldest_pending["due"] is not None
            else None
        ),
    }


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    if not can_view_operations(request.user):
        raise PermissionDenied
    now = timezone.now()
    return render(
        request,
        "web/operations.html",
        {
            "now": now,
            "jobs": job_rows(now),
            "outbox": outbox_summary(now),
            "rollups": statistics_selectors.rollup_freshness(timezone.localdate(now)),
        },
    )
