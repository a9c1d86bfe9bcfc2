"""Who may do what in inspections: the inspectors of the inspecting agency work its plan and
inspections; provincial and ministry specialists, leaders and auditors read them."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions

READERS = frozenset(
    {
        Role.INSPECTOR,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.LEADER,
        Role.AUDITOR,
    }
)


def can_work(user: Any) -> bool:
    return (
        Role.INSPECTOR in case_permissions.writable_roles(user)
        and getattr(user, "agency_id", None) is not None
    )


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & READERS)


def works_on(user: Any, agency_id: int) -> bool:
    return can_work(user) and getattr(user, "agency_id", None) == agency_id
