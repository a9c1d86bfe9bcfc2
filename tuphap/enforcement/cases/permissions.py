"""Who may do what in the enforcement register, besides what the case engine checks (reading a
case, making a transition: ``tuphap.casework.permissions``)."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.models import AgencyKind
from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions

ENFORCEMENT_AGENCY_KINDS = frozenset(
    {
        AgencyKind.ENFORCEMENT_DEPARTMENT,
        AgencyKind.ENFORCEMENT_SUBDEPARTMENT,
        AgencyKind.ENFORCEMENT_PROVINCIAL,
        AgencyKind.ENFORCEMENT_REGIONAL,
    }
)
STAFF_ROLES = frozenset({Role.ENFORCEMENT_OFFICER, Role.ENFORCEMENT_HEAD})
TARGET_ROLES = frozenset({Role.MINISTRY_SPECIALIST, Role.ADMINISTRATOR})


def is_enforcement_office(agency: Any) -> bool:
    return agency is not None and agency.kind in ENFORCEMENT_AGENCY_KINDS


def can_work(user: Any) -> bool:
    """Open cases, classify, record money: an officer or head of an enforcement office."""
    return bool(case_permissions.writable_roles(user) & STAFF_ROLES) and is_enforcement_office(
        getattr(user, "agency", None)
    )


def can_set_targets(user: Any) -> bool:
    """Targets are assigned by the ministry (domain.md §3.5 "Targets")."""
    agency = getattr(user, "agency", None)
    return (
        agency is not None
        and agency.is_national
        and bool(case_permissions.writable_roles(user) & TARGET_ROLES)
    )


def can_view_dashboard(user: Any, agency: Any) -> bool:
    """An office's own staff, or anyone national (read-only roles included)."""
    user_agency = getattr(user, "agency", None)
    if user_agency is None or not case_permissions.roles(user):
        return False
    return bool(user_agency.is_national or user_agency.pk == agency.pk)
