"""Who may do what with complaints: an inspector of the resolving agency works; the
provincial and ministry specialists, leaders and auditors read, within their jurisdiction
(the case engine's need to know by role, ``workflow.SPEC.read_roles``)."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions
from tuphap.casework.models import Case
from tuphap.oversight.complaints.workflow import SPEC

WORKERS = frozenset({Role.INSPECTOR})


def can_work(user: Any) -> bool:
    """Open complaints and record their steps: an inspector of an agency."""
    return bool(case_permissions.writable_roles(user) & WORKERS) and (
        getattr(user, "agency_id", None) is not None
    )


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & SPEC.reader_roles())


def can_change(user: Any, case: Case) -> bool:
    """Record a step on this complaint: an inspector of the complaint's own agency."""
    return can_work(user) and getattr(user, "agency_id", None) == case.agency_id
