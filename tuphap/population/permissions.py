"""Who may see and act on the population-database reconciliation queue: the civil status
officers of the message's province (who registered the events it carries), provincial and
ministry specialists, and administrators — each within their jurisdiction by the message's
province (``selectors``). Leaders and auditors read the audit trail, not this queue."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role

QUEUE_ROLES = frozenset(
    {
        Role.CIVIL_STATUS_OFFICER,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.ADMINISTRATOR,
    }
)


def _roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(user.role_set())


def can_view_queue(user: Any) -> bool:
    return bool(_roles(user) & QUEUE_ROLES)


def can_retry(user: Any) -> bool:
    return bool(_roles(user) & QUEUE_ROLES)


def can_correct(user: Any) -> bool:
    return bool(_roles(user) & QUEUE_ROLES)


def can_resolve(user: Any) -> bool:
    return bool(_roles(user) & QUEUE_ROLES)
