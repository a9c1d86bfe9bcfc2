"""Issued reports through the approval chain: a version is *prepared* when an officer issues
it (``statistics.services.report_issue``), *approved* by a report approver (the leader) of the
issuing agency, and, when the issuing agency is local, *accepted* by the ministry's statistics
officer. A national agency's approved version is final. Figures never change (ADR 0015)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.roles import Role
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict
from tuphap.statistics.aggregate.models import VersionAction, VersionDecision
from tuphap.statistics.models import ReportVersion

PREPARED, APPROVED, ACCEPTED = "prepared", "approved", "accepted"


def status_of(version: ReportVersion) -> str:
    actions = set(VersionDecision.objects.filter(version=version).values_list("action", flat=True))
    if VersionAction.ACCEPT in actions:
        return ACCEPTED
    if VersionAction.APPROVE in actions:
        return ACCEPTED if version.agency.is_national else APPROVED
    return PREPARED


def _roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "agency_id", None) is None:
        return frozenset()
    return frozenset(user.role_set())


def can_approve(user: Any, version: ReportVersion) -> bool:
    return (
        Role.REPORT_APPROVER in _roles(user)
        and user.agency_id == version.agency_id
        and status_of(version) == PREPARED
    )


def can_accept(user: Any, version: ReportVersion) -> bool:
    return (
        Role.STATISTICS_OFFICER in _roles(user)
        and bool(user.agency.is_national)
        and status_of(version) == APPROVED
    )


def _decide(actor: Any, version: ReportVersion, action: str, comment: str) -> VersionDecision:
    decision = VersionDecision.objects.create(
        version=version,
        action=action,
        actor=actor,
        agency=actor.agency,
        at=timezone.now(),
        comment=comment.strip()[:1000],
    )
    audit.record(
        actor=actor,
        action=f"statistics.report.{action}",
        obj=version,
        data={"key": version.key, "number": version.number, "stage": version.stage},
    )
    return decision


@transaction.atomic
def version_approve(*, actor: Any, version: ReportVersion, comment: str = "") -> VersionDecision:
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if status_of(version) != PREPARED:
        raise Conflict(_("This issued report was already approved."), code="wrong_state")
    if not can_approve(actor, version):
        raise AccessDenied(_("Only a report approver of the issuing unit approves its report."))
    return _decide(actor, version, VersionAction.APPROVE, comment)


@transaction.atomic
def version_accept(*, actor: Any, version: ReportVersion, comment: str = "") -> VersionDecision:
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if status_of(version) != APPROVED:
        raise Conflict(
            _("Only an approved report of a local unit waits for acceptance."), code="wrong_state"
        )
    if not can_accept(actor, version):
        raise AccessDenied(_("Only the ministry's statistics officer accepts issued reports."))
    return _decide(actor, version, VersionAction.ACCEPT, comment)
