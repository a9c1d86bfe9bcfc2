"""Issuing reports as immutable versions, refused when they do not balance."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import api_as
from tuphap.core.errors import AccessDenied, Conflict
from tuphap.core.models import AuditEvent
from tuphap.statistics import selectors, services
from tuphap.statistics.models import ReportVersion
from tuphap.statistics.registry import registry
from tuphap.statistics.tests.conftest import BALANCE, cover, put

pytestmark = pytest.mark.usefixtures("indicators")

CODES = "test.cases.received,test.cases.carried_in,test.cases.done,test.cases.pending"


@pytest.fixture
def balanced(world: Any) -> Any:
    """Nghệ An, 2025: 30 carried in + 10 received − 4 done = 36 pending."""
    for code in CODES.split(","):
        cover(code, "2024-01", "2025-12")
    put("test.cases.carried_in", "2025-01", world.vinh, 30)
    put("test.cases.received", "2025-03", world.vinh, 10)
    put("test.cases.done", "2025-06", world.vinh, 4)
    put("test.cases.pending", "2025-12", world.vinh, 36)
    return world


def _query(period: str = "2025") -> Any:
    return selectors.report_query_parse(indicators=CODES, period=period, level="province")


def test_issue_keeps_the_figures_and_numbers_the_versions(balanced: Any) -> None:
    officer = balanced.users["statistics_officer"]
    with registry.temporary(identities=[BALANCE]):
        first = services.report_issue(actor=officer, query=_query(), stage="estimate")
        # a figure changes after the estimate was issued
        put("test.cases.received", "2025-11", balanced.vinh, 1)
        put("test.cases.done", "2025-11", balanced.vinh, 1)
        official = services.report_issue(
            actor=officer, query=_query(), stage="official", note="final"
        )

    first.refresh_from_db()
    assert (first.number, first.stage, official.number, official.stage) == (
        1,
        "estimate",
        2,
        "official",
    )
    values = lambda version: {row["indicator"]: row["value"] for row in version.rows}  # noqa: E731
    assert values(first)["test.cases.received"] == 10  # the estimate still says what it said
    assert values(official)["test.cases.received"] == 11
    assert AuditEvent.objects.filter(action="statistics.report.issued").count() == 2


def test_a_report_that_does_not_balance_is_refused_and_says_where(balanced: Any) -> None:
    put("test.cases.received", "2025-04", balanced.vinh, 5)  # pending should now be 41, not 36
    with registry.temporary(identities=[BALANCE]), pytest.raises(Conflict) as refused:
        services.report_issue(
            actor=balanced.users["statistics_officer"], query=_query(), stage="official"
        )

    assert refused.value.code == "report_does_not_balance"
    assert refused.value.fields["identities"][0].startswith("test.cases.pending = ")
    assert "36 ≠ 41" in refused.value.fields["identities"][0]
    assert not ReportVersion.objects.exists()


def test_a_stage_cannot_go_back(balanced: Any) -> None:
    officer = balanced.users["statistics_officer"]
    services.report_issue(actor=officer, query=_query(), stage="official")

    with pytest.raises(Conflict) as refused:
        services.report_issue(actor=officer, query=_query(), stage="estimate")
    assert list(refused.value.fields) == ["stage"]


@pytest.mark.parametrize("persona", ["leader", "auditor", "civil_status_officer"])
def test_readers_may_not_issue(balanced: Any, persona: str) -> None:
    with pytest.raises(AccessDenied):
        services.report_issue(actor=balanced.users[persona], query=_query(), stage="estimate")


def test_an_issued_report_is_never_changed(balanced: Any) -> None:
    version = services.report_issue(
        actor=balanced.users["statistics_officer"], query=_query(), stage="estimate"
    )
    version.note = "edited"
    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_api_issue_list_and_detail_by_jurisdiction(balanced: Any) -> None:
    officer = api_as(balanced.users["statistics_officer"])
    created = officer.post(
        "/api/v1/statistics/report-versions",
        {"indicators": CODES, "period": "2025", "level": "province", "stage": "preliminary"},
        format="json",
    )
    assert created.status_code == 201
    version_id = created.json()["id"]

    detail = officer.get(f"/api/v1/statistics/report-versions/{version_id}").json()
    assert detail["stage"] == "preliminary"
    assert [row["place"] for row in detail["rows"]][:1] == ["40"]

    other = api_as(balanced.users["provincial_specialist_ha_tinh"])
    assert other.get("/api/v1/statistics/report-versions").json()["results"] == []
    assert other.get(f"/api/v1/statistics/report-versions/{version_id}").status_code == 404
    ministry = api_as(balanced.users["ministry_specialist"]).get(
        "/api/v1/statistics/report-versions"
    )
    assert [row["id"] for row in ministry.json()["results"]] == [version_id]


def test_api_bad_stage_is_named(balanced: Any) -> None:
    response = api_as(balanced.users["statistics_officer"]).post(
        "/api/v1/statistics/report-versions",
        {"indicators": CODES, "period": "2025", "stage": "final"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["stage"]


def test_page_issue_then_list(balanced: Any, client: Client) -> None:
    client.force_login(balanced.users["statistics_officer"])
    query = "indicators=test.cases.received&period=2025&level=province"
    report_page = client.get(f"{reverse('statistics:report')}?{query}").content.decode()
    assert 'data-testid="issue-form"' in report_page

    response = client.post(f"{reverse('statistics:issue')}?{query}", {"stage": "estimate"})
    version = ReportVersion.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("statistics:version", args=[version.pk])
    assert (
        'data-testid="version-table"' in client.get(response.headers["Location"]).content.decode()
    )
    assert "2025" in client.get(reverse("statistics:versions")).content.decode()
