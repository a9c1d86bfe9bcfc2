"""Who may do what with statistics. One function per entity and verb."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role


def can_view_reports(user: Any) -> bool:
    """Every active user of an agency reads reports, limited to their jurisdiction."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "agency_id", None) is not None
    )


# Who prepares and issues the sector's reports; leaders and auditors read them.
ISSUING_ROLES = frozenset(
    {Role.STATISTICS_OFFICER, Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST}
)


def can_issue_reports(user: Any) -> bool:
    return can_view_reports(user) and bool(user.role_set() & ISSUING_ROLES)
