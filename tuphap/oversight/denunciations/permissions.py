"""Who may do what with denunciations: an inspector of the receiving agency works; the
provincial and ministry specialists, leaders and auditors read, within their jurisdiction
(the case engine's need to know by role, ``workflow.SPEC.read_roles``)."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions
from tuphap.casework.models import Case
from tuphap.oversight.denunciations.workflow import SPEC

WORKERS = frozenset({Role.INSPECTOR})


def can_work(user: Any) -> bool:
    """Open denunciations and record their steps: an inspector of an agency."""
    return bool(case_permissions.writable_roles(user) & WORKERS) and (
        getattr(user, "agency_id", None) is not None
    )


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & SPEC.reader_roles())


def can_change(user: Any, case: Case) -> bool:
    """Record a step on this denunciation: an inspector of the denunciation's own agency."""
    return can_work(user) and getattr(user, "agency_id", None) == case.agency_id


def can_see_identity(user: Any, case: Case) -> bool:
    """The denouncer's identity: the resolver recorded on the case (its assignee) and the users
    the resolver gave the right on that case (``IdentityGrant``), while they may see the case
    and are active. Nobody else — not a leader, an auditor or another inspector."""
    from tuphap.oversight.denunciations.models import IdentityGrant

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not case_permissions.can_view_case(user, case):
        return False
    if case.assignee_id == user.pk:
        return True
    return IdentityGrant.objects.filter(denunciation_id=case.pk, user_id=user.pk).exists()
