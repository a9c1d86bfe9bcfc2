"""Who may do what in legal aid: the officers of a State Legal Aid Centre (or its branch) work
in it; the Department of Justice, the ministry, leaders and auditors read."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.models import Agency, AgencyKind
from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions

CENTRE_KINDS = frozenset({AgencyKind.LEGAL_AID_CENTRE, AgencyKind.LEGAL_AID_BRANCH})
READERS = frozenset(
    {
        Role.LEGAL_AID_OFFICER,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.LEADER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)


def is_centre(agency: Agency | None) -> bool:
    return agency is not None and agency.kind in CENTRE_KINDS


def centre_of(agency: Agency) -> Agency:
    """The centre a branch belongs to; a centre is its own."""
    if agency.kind == AgencyKind.LEGAL_AID_BRANCH and agency.parent is not None:
        return agency.parent
    return agency


def can_work(user: Any) -> bool:
    """Take requests, accept, assign and close cases, keep the roster: a legal aid officer of a
    centre or branch."""
    return Role.LEGAL_AID_OFFICER in case_permissions.writable_roles(user) and is_centre(
        getattr(user, "agency", None)
    )


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & READERS)
