"""Who may do what with the law-making programme and the appraisal registers.

The programme is public (adopted by a published resolution): every signed-in user reads it.
The ministry's specialists (and administrators, for the programme) keep it. Proposals and drafts
are cases: who sees them is the case engine's rule (``casework.permissions.visible_cases``: the
ministry, being national, sees all; a provincial user sees none of the central dossiers), and
who changes them is the register's (``programme_workflow.SPECIALIST``). Leaders and auditors
only read.
"""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions
from tuphap.legislation.programme import workflow as programme_workflow


def _roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(user.role_set())


def can_read_programme(user: Any) -> bool:
    return bool(_roles(user))


def can_manage_programme(user: Any) -> bool:
    return bool(_roles(user) & {Role.MINISTRY_SPECIALIST, Role.ADMINISTRATOR})


def can_work_on_dossiers(user: Any) -> bool:
    """Open proposals and drafts and move them on (the appraising unit's specialists)."""
    return bool(case_permissions.writable_roles(user) & programme_workflow.SPECIALIST)
