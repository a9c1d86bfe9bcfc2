"""The report forms' API: the same services as the pages, refusals in the one error shape."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from conftest import api_as
from tuphap.statistics.aggregate import facts, services
from tuphap.statistics.aggregate.testing import GOOD, people, sample_data_set

pytestmark = pytest.mark.django_db
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture(autouse=True)
def july() -> Any:
    with time_machine.travel(datetime.datetime(2026, 7, 5, 9, 0, tzinfo=VN), tick=False):
        yield


def test_save_submit_approve_through_the_api(world: Any) -> None:
    data_set = sample_data_set()
    facts.provider.invalidate()
    team = people(world)
    report = services.report_open(actor=team.officer, data_set=data_set, period="2026H1")
    officer = api_as(team.officer)
    bad = officer.post(
        f"/api/v1/statistics/forms/{report.pk}/values",
        {"cells": {"done": "x", "received.male": "5"}},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"done"}
    saved = officer.post(
        f"/api/v1/statistics/forms/{report.pk}/values",
        {"cells": {key: str(value) for key, value in GOOD.items()} | {"done": "9"}},
        format="json",
    )
    assert saved.status_code == 200
    assert saved.json()["cells"]["received.female"] == 3
    assert [f["rule"] for f in saved.json()["findings"]] == ["flow"]
    refused = officer.post(
        f"/api/v1/statistics/forms/{report.pk}/steps", {"action": "submit"}, format="json"
    )
    assert refused.status_code == 400
    assert "flow" in refused.json()["error"]["fields"]
    officer.post(
        f"/api/v1/statistics/forms/{report.pk}/values", {"cells": {"done": "7"}}, format="json"
    )
    assert (
        officer.post(
            f"/api/v1/statistics/forms/{report.pk}/steps", {"action": "submit"}, format="json"
        ).json()["status"]
        == "submitted"
    )
    foreign = api_as(team.other_approver).post(
        f"/api/v1/statistics/forms/{report.pk}/steps", {"action": "approve"}, format="json"
    )
    assert foreign.status_code == 404
    approved = api_as(team.approver).post(
        f"/api/v1/statistics/forms/{report.pk}/steps", {"action": "approve"}, format="json"
    )
    assert approved.json()["status"] == "approved"
    locked = officer.post(
        f"/api/v1/statistics/forms/{report.pk}/values", {"cells": {"done": "1"}}, format="json"
    )
    assert locked.status_code == 409
    listing = api_as(team.ministry).get("/api/v1/statistics/forms", {"status": "approved"})
    assert [row["id"] for row in listing.json()["results"]] == [report.pk]
    assert (
        api_as(world.users["auditor"]).get(f"/api/v1/statistics/forms/{report.pk}").status_code
        == 200
    )
