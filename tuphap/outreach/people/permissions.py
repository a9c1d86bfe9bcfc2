"""Who may do what in outreach: an outreach officer (a commune or provincial justice officer)
records sessions, the rosters, teams and the mediation book in the units of its agency's
jurisdiction; the provincial and ministry specialists, leaders and auditors read."""

from __future__ import annotations

from typing import Any

from tuphap.accounts import jurisdiction
from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions
from tuphap.places.models import AdministrativeUnit

OFFICER = Role.OUTREACH_OFFICER
READERS = frozenset(
    {
        Role.OUTREACH_OFFICER,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.LEADER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)


def can_work(user: Any) -> bool:
    """Record sessions, reporters, mediators, teams and mediation cases."""
    return (
        OFFICER in case_permissions.writable_roles(user)
        and getattr(user, "agency", None) is not None
    )


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & READERS)


def can_work_in(user: Any, place: AdministrativeUnit | None) -> bool:
    """An officer records in the units of its agency's jurisdiction."""
    return can_work(user) and jurisdiction.covers(user, place)
