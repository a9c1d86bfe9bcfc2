"""Who may do what in state compensation: the compensation officers of the agency responsible
for compensation work its claims; the Department of Justice, the ministry, leaders and
auditors read them (within their jurisdiction, through the case engine)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions

READERS = frozenset(
    {
        Role.COMPENSATION_OFFICER,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.LEADER,
        Role.AUDITOR,
    }
)


def can_work(user: Any) -> bool:
    """Receive, accept and resolve claims: a compensation officer of an agency."""
    return (
        Role.COMPENSATION_OFFICER in case_permissions.writable_roles(user)
        and getattr(user, "agency_id", None) is not None
    )


def workers(users: QuerySet[Any]) -> QuerySet[Any]:
    """The users of ``users`` for whom ``can_work`` holds, in the query (no query a user):
    active, of an agency, with the compensation officer's role (not a read-only role)."""
    return users.filter(
        is_active=True, agency__isnull=False, roles__role=Role.COMPENSATION_OFFICER
    ).distinct()


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & READERS)


def works_on(user: Any, agency_id: int) -> bool:
    """The user works the claims of this agency (its own)."""
    return can_work(user) and getattr(user, "agency_id", None) == agency_id
