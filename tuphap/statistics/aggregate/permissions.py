"""Who may do what with aggregate report forms (docs/domain/aggregate-forms.md §4).

- **Enter** a form: a user of the reporting agency with the statistics officer role; at commune
  level also the commune's justice officer (civil status officer: the "công chức Tư pháp – Hộ
  tịch" who keeps the commune's justice figures) [D].
- **Approve or return**: a report approver (the unit's leader) of the level above: the
  provincial Department of Justice for a commune's form, the ministry for a province's or a
  central unit's form.
- **Accept**: a statistics officer of a national agency (the ministry).
- **Unlock** an approved form: whoever approved at that level; an accepted one: the ministry's
  statistics officer.
- **Read**: the reporting agency's own users, and the sector's readers (statistics officers,
  approvers, specialists, leaders, auditors, administrators) within their jurisdiction.
"""

from __future__ import annotations

from typing import Any

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import AgencyLevel
from tuphap.accounts.roles import Role

ENTRY_ROLES = frozenset({Role.STATISTICS_OFFICER})
COMMUNE_ENTRY_ROLES = frozenset({Role.STATISTICS_OFFICER, Role.CIVIL_STATUS_OFFICER})
READER_ROLES = frozenset(
    {
        Role.STATISTICS_OFFICER,
        Role.REPORT_APPROVER,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.LEADER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)


def _active(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "agency_id", None) is not None
    )


def _roles(user: Any) -> frozenset[str]:
    return user.role_set() if _active(user) else frozenset()


def entry_roles_for(agency: Any) -> frozenset[str]:
    return COMMUNE_ENTRY_ROLES if agency.level == AgencyLevel.COMMUNE else ENTRY_ROLES


def can_enter_for(user: Any) -> bool:
    """Whether the user fills in forms for their own agency."""
    return bool(_roles(user) & entry_roles_for(user.agency)) if _active(user) else False


def can_use(user: Any) -> bool:
    """Whether the forms pages open for the user at all."""
    return can_enter_for(user) or bool(_roles(user) & READER_ROLES)


def can_read(user: Any, report: Any) -> bool:
    if not _active(user):
        return False
    if user.agency_id == report.agency_id:
        return bool(_roles(user) & (entry_roles_for(user.agency) | READER_ROLES))
    if not _roles(user) & READER_ROLES:
        return False
    if user.agency.is_national:
        return True
    return report.place is not None and jurisdiction.covers(user, report.place)


def can_enter(user: Any, report: Any) -> bool:
    return can_enter_for(user) and user.agency_id == report.agency_id


def _is_level_above(user: Any, report: Any) -> bool:
    level = report.data_set.reporting_level
    if level == "commune":
        return (
            user.agency.level == AgencyLevel.PROVINCE
            and report.place is not None
            and jurisdiction.covers(user, report.place)
        )
    return bool(user.agency.is_national)


def can_approve(user: Any, report: Any) -> bool:
    return Role.REPORT_APPROVER in _roles(user) and _is_level_above(user, report)


def can_approve_any(user: Any) -> bool:
    return Role.REPORT_APPROVER in _roles(user)


def can_accept(user: Any, report: Any | None = None) -> bool:
    return Role.STATISTICS_OFFICER in _roles(user) and bool(user.agency.is_national)


def can_unlock(user: Any, report: Any) -> bool:
    if report.status == "accepted":
        return can_accept(user, report)
    return can_approve(user, report) or can_accept(user, report)


# -- historic figures of past periods (ADR 0016) -----------------------------------------------
# The ministry's statistics officer loads them; the ministry's report approver (the unit's
# leader) approves or rejects an upload and may withdraw an approved one, and so may the
# statistics officer; the sector's national readers see them.


def _national(user: Any) -> bool:
    return _active(user) and bool(user.agency.is_national)


def can_load_historic(user: Any) -> bool:
    return _national(user) and Role.STATISTICS_OFFICER in _roles(user)


def can_approve_historic(user: Any) -> bool:
    return _national(user) and Role.REPORT_APPROVER in _roles(user)


def can_withdraw_historic(user: Any) -> bool:
    return can_approve_historic(user) or can_load_historic(user)


def can_read_historic(user: Any) -> bool:
    return _national(user) and bool(_roles(user) & READER_ROLES)
