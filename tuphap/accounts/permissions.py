"""Who may do what with agencies, users and the audit trail. One function per entity and verb."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role


def _roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(user.role_set())


def can_view_audit(user: Any) -> bool:
    return bool(_roles(user) & {Role.AUDITOR, Role.ADMINISTRATOR})


def can_manage_users(user: Any) -> bool:
    return Role.ADMINISTRATOR in _roles(user)
