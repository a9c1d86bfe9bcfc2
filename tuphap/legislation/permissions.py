"""Who may do what in the legislation register. One function per entity and verb.

Promulgated documents are public law: every signed-in user may read them and the obligations
they create. Writing is for the ministry's specialists (every document) and the provincial
specialists (local documents of their own province or its communes).
"""

from __future__ import annotations

from typing import Any

from tuphap.accounts.jurisdiction import covers
from tuphap.accounts.roles import Role
from tuphap.places.models import AdministrativeUnit


def _roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(user.role_set())


def can_read(user: Any) -> bool:
    return bool(_roles(user))


def can_write_document(user: Any, *, local: bool, place: AdministrativeUnit | None) -> bool:
    roles = _roles(user)
    if roles & {Role.MINISTRY_SPECIALIST, Role.ADMINISTRATOR}:
        return True
    return local and Role.PROVINCIAL_SPECIALIST in roles and covers(user, place)


def can_manage_obligations(user: Any, *, local: bool, place: AdministrativeUnit | None) -> bool:
    """Confirm, edit, reject and fulfil the obligations a document creates."""
    return can_write_document(user, local=local, place=place)
