"""The bottlenecks every case-engine register shares, measured for a reader at a moment, now and
a year ago; the page, its JSON, the list of cases behind each figure and the command."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from tuphap.casework import bottlenecks
from tuphap.casework.tests.conftest import OpenCase, Staff, at
from tuphap.core import bottlenecks as core_bottlenecks

NOW = "2026-08-12 09:00"


@pytest.fixture
def stuck(open_case: OpenCase, staff: Staff, world: Any, time_machine: Any) -> dict[str, Any]:
    """In Nghệ An: A opened on 2 Jul 2025 and still open (overdue then and now, carried over);
    B opened on 3 Aug 2026 (due 10 Aug: overdue now); C opened on 10 Aug 2026 (due 17 Aug).
    In Hà Tĩnh: D opened on 1 Aug 2026 (overdue now). Test register: 5 working days."""
    cases = {
        "a": open_case("2025-07-02 09:00"),
        "b": open_case("2026-08-03 09:00"),
        "c": open_case("2026-08-10 09:00"),
        "d": open_case(
            "2026-07-31 09:00",
            actor=staff.officer_ha_tinh,
            agency=staff.office_ha_tinh,
            place=world.ha_tinh_ward,
        ),
    }
    time_machine.move_to(at(NOW), tick=False)
    return cases


def _by_key(findings: list[core_bottlenecks.Finding]) -> dict[str, core_bottlenecks.Finding]:
    return {finding.key: finding for finding in findings}


def test_overdue_now_and_a_year_ago_within_the_readers_jurisdiction(
    stuck: dict[str, Any], staff: Staff
) -> None:
    (finding,) = [f for f in bottlenecks.overdue(staff.head, at(NOW)) if "test.simple" in f.key]
    assert finding.count == 2  # A and B; D is in Hà Tĩnh
    assert finding.last_year == 1  # A was already past its due day on 12 Aug 2025
    assert finding.change == 1
    assert finding.change_percent == 100.0
    (line,) = finding.lines
    assert line.label == staff.office_nghe_an.name
    assert line.count == 2
    worst = (at(NOW) - stuck["a"].due_at).total_seconds() / 86_400
    assert line.days == pytest.approx(worst, abs=0.1)
    assert finding.days == line.days
    assert f"agency={staff.office_nghe_an.pk}" in line.url
    assert "overdue=1" in line.url

    national = _by_key(bottlenecks.overdue(None, at(NOW)))["casework.overdue.test.simple"]
    assert national.count == 3
    assert {line.label for line in national.lines} == {
        staff.office_nghe_an.name,
        staff.office_ha_tinh.name,
    }


def test_backlog_by_age_and_slowest_state(stuck: dict[str, Any], staff: Staff) -> None:
    backlog = _by_key(bottlenecks.backlog(staff.head, at(NOW)))["casework.backlog.test.simple"]
    assert backlog.count == 1  # A, opened more than a year ago
    assert backlog.last_year == 0  # a year ago nothing was older than a year
    assert [(line.count) for line in backlog.lines] == [1, 0, 0, 0]

    slowest = _by_key(bottlenecks.slowest_state(staff.head, at(NOW)))
    finding = slowest["casework.slowest_state.test.simple"]
    assert finding.count == 3  # A, B and C all wait in "received"
    assert "Received" in finding.measure
    assert "state=received" in finding.url
    # waits: C 2 days, B 9 days, A 406 days; p90 at rank 1.8 between B and A
    assert finding.days == pytest.approx(9 + 0.8 * (406 - 9), abs=0.2)


def test_closed_cases_are_not_stuck(stuck: dict[str, Any], staff: Staff, time_machine: Any) -> None:
    from tuphap.casework import services

    services.case_transition(actor=staff.head, case=stuck["b"], transition="terminate")
    (finding,) = [f for f in bottlenecks.overdue(staff.head, at(NOW)) if "test.simple" in f.key]
    assert finding.count == 1


def test_page_json_and_the_list_behind_a_figure(
    client: Any, stuck: dict[str, Any], staff: Staff
) -> None:
    client.force_login(staff.head)
    page = client.get(reverse("web:bottlenecks"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-key="casework.overdue.test.simple"' in body
    assert 'data-testid="bottlenecks-chart"' in body
    assert "<svg" in body

    data = client.get(reverse("web:bottlenecks_json")).json()
    overdue = next(f for f in data["findings"] if f["key"] == "casework.overdue.test.simple")
    assert overdue["count"] == 2
    assert overdue["last_year"] == 1

    listing = client.get(overdue["url"])
    assert listing.status_code == 200
    shown = {int(pk) for pk in _case_ids(listing.content.decode())}
    assert shown == {stuck["a"].pk, stuck["b"].pk}
    by_agency = client.get(overdue["lines"][0]["url"])
    assert {int(pk) for pk in _case_ids(by_agency.content.decode())} == shown

    old = client.get(reverse("casework:cases"), {"opened_before": "2025-08-12"})
    assert {int(pk) for pk in _case_ids(old.content.decode())} == {stuck["a"].pk}
    bad = client.get(reverse("casework:cases"), {"opened_before": "2025-13-45"})
    assert bad.status_code == 200
    assert 'role="alert"' in bad.content.decode()


def test_another_provinces_officer_sees_only_their_own(
    client: Any, stuck: dict[str, Any], staff: Staff
) -> None:
    client.force_login(staff.officer_ha_tinh)
    data = client.get(reverse("web:bottlenecks_json")).json()
    overdue = next(f for f in data["findings"] if f["key"] == "casework.overdue.test.simple")
    assert overdue["count"] == 1
    listing = client.get(overdue["url"]).content.decode()
    assert {int(pk) for pk in _case_ids(listing)} == {stuck["d"].pk}


def test_command_prints_the_nation(stuck: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("bottlenecks", "--level", "nation", "--format", "json", stdout=out)
    findings = {f["key"]: f for f in json.loads(out.getvalue())["findings"]}
    assert findings["casework.overdue.test.simple"]["count"] == 3
    assert findings["casework.backlog.test.simple"]["count"] == 1

    out = io.StringIO()
    call_command("bottlenecks", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    overdue = next(row for row in rows if row["key"] == "casework.overdue.test.simple")
    assert overdue["count"] == "3"
    assert overdue["rank"]


def _case_ids(html: str) -> list[str]:
    import re

    return re.findall(r'data-case="(\d+)"', html)


def test_the_home_page_of_an_overseer_shows_the_worst_bottlenecks(
    client: Any, stuck: dict[str, Any], staff: Staff, world: Any
) -> None:
    client.force_login(world.users["leader"])
    body = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="card-bottlenecks"' in body
    assert "Overdue cases" in body
    client.force_login(staff.officer)  # an officer works their register: no such card
    assert 'data-testid="card-bottlenecks"' not in client.get(reverse("web:home")).content.decode()
