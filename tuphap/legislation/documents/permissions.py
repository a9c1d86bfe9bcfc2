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


# -- checking and review of promulgated documents (docs/domain/legislation.md, "Checking") -------

# Central documents this register checks: those of ministers (the Ministry of Justice checks them).
CENTRAL_CHECKED_TYPES = frozenset({"circular", "joint_circular"})
PROVINCIAL_LEVEL_TYPES = frozenset(
    {"provincial_council_resolution", "provincial_committee_decision"}
)
COMMUNE_LEVEL_TYPES = frozenset({"commune_council_resolution", "commune_committee_decision"})


def can_check_document(user: Any, *, doc_type: str, place: AdministrativeUnit | None) -> bool:
    """Open and work a check: ministry specialists check circulars, joint circulars and the
    provincial bodies' documents; a provincial specialist checks the documents of the bodies of
    its own province and of its communes."""
    roles = _roles(user)
    if doc_type in CENTRAL_CHECKED_TYPES:
        return Role.MINISTRY_SPECIALIST in roles
    if doc_type not in PROVINCIAL_LEVEL_TYPES | COMMUNE_LEVEL_TYPES:
        return False
    if Role.MINISTRY_SPECIALIST in roles and doc_type in PROVINCIAL_LEVEL_TYPES:
        return True
    return Role.PROVINCIAL_SPECIALIST in roles and covers(user, place)


def can_review(user: Any, *, place: AdministrativeUnit | None) -> bool:
    """Record the review of the documents of a review task (place: the responsible body's)."""
    return can_write_document(user, local=place is not None, place=place)
