"""Who may do what with letters and reception sessions: an inspector (the agency's reception
and letter-handling officer) works; the Department of Justice's and the ministry's specialists,
leaders and auditors read, within their jurisdiction (docs/domain/oversight.md)."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions

WORKERS = frozenset({Role.INSPECTOR})
READERS = frozenset(
    {
        Role.INSPECTOR,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.LEADER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)


def can_work(user: Any) -> bool:
    """Register, classify and handle letters, record reception sessions: an inspector of an
    agency (read-only roles never change a register)."""
    return bool(case_permissions.writable_roles(user) & WORKERS) and (
        getattr(user, "agency_id", None) is not None
    )


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & READERS)


def can_see_senders(user: Any) -> bool:
    """The senders' identification numbers, phones and addresses: those who handle letters and
    the auditors; the others see names only."""
    return bool(case_permissions.roles(user) & {Role.INSPECTOR, Role.AUDITOR})
