"""Who may do what with the civil status register. One function per entity and verb; the place
each may act on is decided by ``tuphap.accounts.jurisdiction`` in the selectors and services."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role

# Personal data: only the officers who keep the register and the specialists who supervise it.
READERS = frozenset(
    {Role.CIVIL_STATUS_OFFICER, Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST}
)


def _roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(user.role_set())


def can_view_register(user: Any) -> bool:
    return bool(_roles(user) & READERS)


def can_register(user: Any) -> bool:
    """Register events, amend entries: the commune officer, in their own commune."""
    return Role.CIVIL_STATUS_OFFICER in _roles(user)


def can_close_books(user: Any) -> bool:
    return bool(_roles(user) & {Role.CIVIL_STATUS_OFFICER, Role.ADMINISTRATOR})


def can_issue_extract(user: Any) -> bool:
    """Issue certificates, extracts and copies: the commune officer. The original only in the
    registering commune; a copy anywhere (Luật Hộ tịch Art. 63–64), see ``services.extracts``."""
    return Role.CIVIL_STATUS_OFFICER in _roles(user)
