"""Time in state a year ago, rebuilt from the case journal: the cases open at the same moment
last year, in the state their journal gave them then, for as long as they had been in it then;
beside this year's figures in the finding, the page, the JSON and the CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from tuphap.casework import bottlenecks, services
from tuphap.casework.tests.conftest import OpenCase, Staff, at

NOW = "2026-08-12 09:00"  # a year before: 2025-08-12 09:00


@pytest.fixture
def journal(open_case: OpenCase, staff: Staff, world: Any, time_machine: Any) -> dict[str, Any]:
    """At 12 Aug 2025 09:00 (a year before NOW), by the journal:

    * P (Nghệ An): verifying since 13 Jul 2025 (30 days); enforcing since 10 Jan 2026 now.
    * Q (Nghệ An): received since 2 Aug 2025 (10 days); still received now (375 days).
    * R (Nghệ An): verifying since 23 Jul 2025 (20 days); terminated on 1 Mar 2026.
    * S (Nghệ An): terminated on 10 Jul 2025: closed then, not counted.
    * T (Nghệ An): opened on 1 Sep 2025: not open then; received now (345 days).
    * U (Nghệ An): enforcing since 3 Jul 2025 (40 days: the note of 1 Aug 2025 is no change of
      state); postponed since 1 Oct 2025 now (315 days).
    * V (Hà Tĩnh): verifying since 7 Aug 2025 (5 days); enforcing since 1 Feb 2026 now.
    """

    def step(case: Any, when: str, transition: str, actor: Any = None) -> Any:
        time_machine.move_to(at(when), tick=False)
        return services.case_transition(
            actor=actor or staff.officer, case=case, transition=transition
        )

    head, ha_tinh = staff.head, staff.officer_ha_tinh
    cases = {}
    cases["p"] = open_case("2025-07-02 09:00", verified=True)
    step(cases["p"], "2025-07-13 09:00", "start_verification")
    step(cases["p"], "2026-01-10 09:00", "start_enforcing")
    cases["q"] = open_case("2025-08-02 09:00")
    cases["r"] = open_case("2025-07-03 09:00")
    step(cases["r"], "2025-07-23 09:00", "start_verification")
    step(cases["r"], "2026-03-01 09:00", "terminate", head)
    cases["s"] = open_case("2025-07-01 09:00")
    step(cases["s"], "2025-07-10 09:00", "terminate", head)
    cases["t"] = open_case("2025-09-01 09:00")
    cases["u"] = open_case("2025-07-01 09:00", verified=True)
    step(cases["u"], "2025-07-02 09:00", "start_verification")
    step(cases["u"], "2025-07-03 09:00", "start_enforcing")
    step(cases["u"], "2025-08-01 09:00", "note")
    step(cases["u"], "2025-10-01 09:00", "postpone", head)
    cases["v"] = open_case(
        "2025-07-28 09:00",
        actor=ha_tinh,
        agency=staff.office_ha_tinh,
        place=world.ha_tinh_ward,
        verified=True,
    )
    step(cases["v"], "2025-08-07 09:00", "start_verification", ha_tinh)
    step(cases["v"], "2026-02-01 09:00", "start_enforcing", ha_tinh)
    time_machine.move_to(at(NOW), tick=False)
    return cases


def _figures(finding: Any) -> dict[str, tuple[Any, Any]]:
    return {figure.label: (figure.now, figure.last_year) for figure in finding.figures}


def test_the_state_waits_a_year_ago_come_from_the_journal(
    journal: dict[str, Any], staff: Staff
) -> None:
    from tuphap.casework.models import Case

    cases = Case.objects.filter(register="test.simple")
    (now_stats, now_agencies), (then_stats, then_agencies) = bottlenecks.state_waits(cases, at(NOW))
    key = ("test.simple", "verifying")
    # a year ago: P 30, R 20, V 5 days verifying; p90 at rank 1.8 of (5, 20, 30)
    count, median, p90 = then_stats[key]
    assert count == 3
    assert median == pytest.approx(20.0)
    assert p90 == pytest.approx(28.0)
    assert then_stats[("test.simple", "received")] == pytest.approx((1, 10.0, 10.0))  # Q
    assert then_stats[("test.simple", "enforcing")] == pytest.approx((1, 40.0, 40.0))  # U
    assert set(then_stats) == {key, ("test.simple", "received"), ("test.simple", "enforcing")}
    by_agency = {agency: (n, days) for agency, n, days in then_agencies[key]}
    assert by_agency[staff.office_nghe_an.pk] == pytest.approx((2, 29.0))  # P 30, R 20
    assert by_agency[staff.office_ha_tinh.pk] == pytest.approx((1, 5.0))  # V
    # now: nobody verifies; Q 375 and T 345 days received; P 214 and V 192 enforcing
    assert key not in now_stats
    assert now_stats[("test.simple", "received")] == pytest.approx((2, 360.0, 372.0))
    assert now_stats[("test.simple", "enforcing")] == pytest.approx((2, 203.0, 211.8))
    assert now_stats[("test.simple", "postponed")] == pytest.approx((1, 315.0, 315.0))
    assert set(now_agencies) == set(now_stats)


def test_the_slowest_state_beside_the_same_figures_a_year_ago(
    journal: dict[str, Any], staff: Staff
) -> None:
    (finding,) = [
        f for f in bottlenecks.slowest_state(None, at(NOW)) if f.key.endswith("test.simple")
    ]
    assert "Received" in finding.measure  # the slowest now: Q and T
    assert finding.count == 2
    assert finding.last_year == 1  # Q, received for 10 days then
    assert finding.days == pytest.approx(372.0)
    assert finding.days_last_year == pytest.approx(10.0)
    assert finding.change == 1
    assert "Enforcing" in finding.note  # the slowest a year ago: U, 40 days
    figures = _figures(finding)
    assert figures["Verifying: open cases"] == (0, 3)
    assert figures["Verifying: median, days"] == (None, pytest.approx(20.0))
    assert figures["Verifying: 90th percentile, days"] == (None, pytest.approx(28.0))
    assert figures["Enforcing: open cases"] == (2, 1)
    assert figures["Enforcing: 90th percentile, days"] == (
        pytest.approx(211.8),
        pytest.approx(40.0),
    )
    assert figures["Postponed: open cases"] == (1, 0)
    assert figures["Received: median, days"] == (pytest.approx(360.0), pytest.approx(10.0))
    assert not any("Done" in label or "Terminated" in label for label in figures)
    (line,) = finding.lines
    assert line.label == staff.office_nghe_an.name
    assert (line.count, line.last_year) == (2, 1)
    assert line.days == pytest.approx(372.0)
    assert line.days_last_year == pytest.approx(10.0)


def test_a_reader_sees_last_year_within_their_jurisdiction(
    journal: dict[str, Any], staff: Staff
) -> None:
    (finding,) = [
        f
        for f in bottlenecks.slowest_state(staff.officer_ha_tinh, at(NOW))
        if "test.simple" in f.key
    ]
    assert "Enforcing" in finding.measure  # V only
    assert (finding.count, finding.last_year) == (1, 0)  # V was verifying then
    assert finding.days_last_year is None
    figures = _figures(finding)
    assert figures["Verifying: open cases"] == (0, 1)
    assert figures["Verifying: 90th percentile, days"] == (None, pytest.approx(5.0))
    (head_finding,) = [
        f for f in bottlenecks.slowest_state(staff.head, at(NOW)) if "test.simple" in f.key
    ]
    assert _figures(head_finding)["Verifying: 90th percentile, days"] == (
        None,
        pytest.approx(29.0),  # P 30, R 20: V is in Hà Tĩnh
    )


def test_json_and_csv_carry_last_year(client: Any, journal: dict[str, Any], staff: Staff) -> None:
    client.force_login(staff.head)
    page = client.get(reverse("web:bottlenecks"))
    body = page.content.decode()
    assert 'data-testid="last-year-days"' in body
    assert 'data-testid="figures"' in body
    data = client.get(reverse("web:bottlenecks_json")).json()
    slowest = next(f for f in data["findings"] if f["key"] == "casework.slowest_state.test.simple")
    assert slowest["last_year"] == 1
    assert slowest["days_last_year"] == pytest.approx(10.0)
    assert slowest["lines"][0]["last_year"] == 1
    figures = {f["label"]: f for f in slowest["figures"]}
    assert figures["Verifying: open cases"]["last_year"] == 2  # P and R in Nghệ An
    assert figures["Verifying: 90th percentile, days"]["last_year"] == pytest.approx(29.0)

    out = io.StringIO()
    call_command("bottlenecks", "--format", "csv", stdout=out)
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    row = rows["casework.slowest_state.test.simple"]
    assert (row["count"], row["last_year"], row["days_last_year"]) == ("2", "1", "10.0")
    assert row["top_last_year"] == f"{staff.office_nghe_an.name}: 1"
    assert "Verifying: open cases: 0 / 3" in row["figures"]

    out = io.StringIO()
    call_command("bottlenecks", "--format", "json", stdout=out)
    national = {f["key"]: f for f in json.loads(out.getvalue())["findings"]}
    assert national["casework.slowest_state.test.simple"]["days_last_year"] == pytest.approx(10.0)
