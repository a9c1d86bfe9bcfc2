"""Issued reports through the approval chain: prepared by the officer who issues it, approved
by the issuing unit's leader, accepted by the ministry; audited; figures untouched."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories
from tuphap.core.errors import AccessDenied, Conflict
from tuphap.core.models import AuditEvent
from tuphap.statistics.aggregate import versions
from tuphap.statistics.models import ReportVersion

pytestmark = pytest.mark.django_db


def _version(world: Any, agency: Any, issuer: Any) -> ReportVersion:
    return ReportVersion.objects.create(
        key=f"k-{agency.code}",
        number=1,
        stage="official",
        period="2025",
        level="province",
        boundaries="new",
        place=world.nghe_an,
        indicators=[],
        rows=[],
        agency=agency,
        issued_by=issuer,
        issued_at=timezone.now(),
    )


def test_a_provincial_report_is_approved_by_its_leader_then_accepted_by_the_ministry(
    world: Any,
) -> None:
    officer = world.users["statistics_officer"]
    version = _version(world, world.doj_nghe_an, officer)
    leader = factories.user("lanhdao_stp", world.doj_nghe_an, Role.REPORT_APPROVER)
    other_leader = factories.user("lanhdao_ht", world.doj_ha_tinh, Role.REPORT_APPROVER)
    ministry = factories.user("thongke_bo_v", world.ministry, Role.STATISTICS_OFFICER)
    assert versions.status_of(version) == versions.PREPARED
    with pytest.raises(Conflict):
        versions.version_accept(actor=ministry, version=version)
    with pytest.raises(AccessDenied):
        versions.version_approve(actor=other_leader, version=version)
    with pytest.raises(AccessDenied):
        versions.version_approve(actor=officer, version=version)
    versions.version_approve(actor=leader, version=version, comment="Đồng ý")
    assert versions.status_of(version) == versions.APPROVED
    with pytest.raises(Conflict):
        versions.version_approve(actor=leader, version=version)
    versions.version_accept(actor=ministry, version=version)
    assert versions.status_of(version) == versions.ACCEPTED
    assert list(
        AuditEvent.objects.filter(object_id=str(version.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["statistics.report.approve", "statistics.report.accept"]
    version.refresh_from_db()
    assert version.rows == []


def test_the_version_page_shows_the_chain_and_its_buttons(world: Any) -> None:
    version = _version(world, world.doj_nghe_an, world.users["statistics_officer"])
    leader = factories.user("lanhdao_stp2", world.doj_nghe_an, Role.REPORT_APPROVER)
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("statistics:version", args=[version.pk]))
    assert b'data-testid="version-approve"' in page.content
    client.post(reverse("statistics:version_approve", args=[version.pk]), {"comment": "OK"})
    page = client.get(reverse("statistics:version", args=[version.pk]))
    assert b'data-testid="version-approve"' not in page.content
    assert b'data-testid="version-status"' in page.content
    reader = Client()
    reader.force_login(world.users["provincial_specialist"])
    refused = reader.post(reverse("statistics:version_accept", args=[version.pk]))
    assert refused.status_code == 403
    assert versions.status_of(version) == versions.APPROVED
