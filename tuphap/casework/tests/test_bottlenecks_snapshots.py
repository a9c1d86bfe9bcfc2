"""Time in state a year ago read from the day's wait snapshot (``casework.snapshots``) and its
corrections: the same figures as the journal recomputed, for every reader, on SQLite and
PostgreSQL; a step recorded after the snapshot and dated before it changes them; a missing
snapshot is built once, by the first reader or the daily job."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework import bottlenecks, services, snapshots
from tuphap.casework.models import Case, WaitSnapshot, WaitSnapshotGroup
from tuphap.casework.tests.conftest import OpenCase, Staff, at, run_concurrently
from tuphap.core import jobs

NOW = "2026-08-12 09:00"  # a year before: 2025-08-12 09:00, the snapshot of 12 Aug 2025 00:00
THEN = "2025-08-12 09:00"
DAY = datetime.date(2025, 8, 12)
HOUR = 1 / 24


@pytest.fixture
def journal(open_case: OpenCase, staff: Staff, world: Any, time_machine: Any) -> dict[str, Any]:
    """At 12 Aug 2025 09:00 (a year before NOW), by the journal:

    * X (Nghệ An): received since 2 Jul 2025 (41 days); still received now.
    * Y (Nghệ An): verifying since 20 Jul 2025 (23 days).
    * Z (Nghệ An): received on 5 Aug, verifying since 12 Aug 2025 05:00 (4 hours: after the
      snapshot's moment, correction (a)).
    * W (Nghệ An): opened on 12 Aug 2025 08:00 (received for 1 hour, after the moment).
    * V (Nghệ An): received since 15 Jul, terminated on 12 Aug 2025 07:00: closed then.
    * H (Hà Tĩnh): verifying since 1 Aug 2025 (11 days).
    """

    def step(case: Any, when: str, transition: str, actor: Any = None) -> Any:
        time_machine.move_to(at(when), tick=False)
        return services.case_transition(
            actor=actor or staff.officer, case=case, transition=transition
        )

    cases = {
        "x": open_case("2025-07-02 09:00"),
        "y": open_case("2025-07-10 09:00"),
        "v": open_case("2025-07-15 09:00"),
        "h": open_case(
            "2025-07-25 09:00",
            actor=staff.officer_ha_tinh,
            agency=staff.office_ha_tinh,
            place=world.ha_tinh_ward,
        ),
        "z": open_case("2025-08-05 09:00"),
    }
    step(cases["y"], "2025-07-20 09:00", "start_verification")
    step(cases["h"], "2025-08-01 09:00", "start_verification", staff.officer_ha_tinh)
    step(cases["z"], "2025-08-12 05:00", "start_verification")
    step(cases["v"], "2025-08-12 07:00", "terminate", staff.head)
    cases["w"] = open_case("2025-08-12 08:00")
    time_machine.move_to(at(NOW), tick=False)
    return cases


def assert_same(
    left: tuple[snapshots.StateStats, snapshots.AgencyStats],
    right: tuple[snapshots.StateStats, snapshots.AgencyStats],
) -> None:
    """The same states, counts and agencies; the days equal to the last digits (PostgreSQL's
    ``percentile_cont`` over ``date_part`` may differ from Python's floats in the last bit)."""
    (stats, agencies), (other_stats, other_agencies) = left, right
    assert set(stats) == set(other_stats)
    for key, (count, median, p90) in stats.items():
        assert other_stats[key] == (count, pytest.approx(median), pytest.approx(p90))
    assert set(agencies) == set(other_agencies)
    for key, rows in agencies.items():
        assert sorted(other_agencies[key]) == [
            (agency, count, pytest.approx(p90)) for agency, count, p90 in sorted(rows)
        ]


def recomputed(reader: Any) -> tuple[snapshots.StateStats, snapshots.AgencyStats]:
    _now, then = bottlenecks.state_waits(bottlenecks.cases_for(reader), at(NOW))
    return then


def test_the_snapshot_is_the_start_of_the_day_with_the_corrections_to_the_moment(
    journal: dict[str, Any], staff: Staff
) -> None:
    stats, agencies = snapshots.waits_at(None, at(THEN))

    snapshot = WaitSnapshot.objects.get()
    assert (snapshot.day, snapshot.moment) == (DAY, at("2025-08-12 00:00"))
    assert snapshot.cases == 5  # X, Y, V, H and Z at midnight; W not opened yet
    assert stats == {
        ("test.simple", "received"): (
            2,
            pytest.approx(20.5 + HOUR / 2),
            pytest.approx(36.9 + HOUR / 10),
        ),
        ("test.simple", "verifying"): (3, pytest.approx(11.0), pytest.approx(20.6)),
    }  # received: W 1 hour, X 41 days; verifying: Z 4 hours, H 11 days, Y 23 days
    assert sorted(agencies[("test.simple", "verifying")]) == sorted(
        [
            (staff.office_nghe_an.pk, 2, pytest.approx(4 * HOUR + 0.9 * (23 - 4 * HOUR))),
            (staff.office_ha_tinh.pk, 1, pytest.approx(11.0)),
        ]
    )
    assert_same((stats, agencies), recomputed(None))


@pytest.mark.parametrize("reader", ["nation", "head", "officer", "officer_ha_tinh"])
def test_snapshot_and_journal_give_the_same_figures_for_every_reader(
    journal: dict[str, Any], staff: Staff, reader: str
) -> None:
    user = None if reader == "nation" else getattr(staff, reader)

    now_figures, then_figures = bottlenecks.state_waits_for(user, at(NOW))

    expected_now, expected_then = bottlenecks.state_waits(bottlenecks.cases_for(user), at(NOW))
    assert_same(then_figures, expected_then)
    assert_same(now_figures, expected_now)
    verifying = then_figures[0][("test.simple", "verifying")][0]
    assert verifying == {"nation": 3, "head": 2, "officer": 2, "officer_ha_tinh": 1}[reader]


def test_a_step_recorded_after_the_snapshot_and_dated_before_it_counts(
    journal: dict[str, Any], staff: Staff, time_machine: Any
) -> None:
    (before,) = [
        f for f in bottlenecks.slowest_state(None, at(NOW)) if f.key.endswith("test.simple")
    ]
    built = WaitSnapshot.objects.get(day=DAY)
    assert before.figures[0].label == "Received: open cases"
    assert (before.figures[0].now, before.figures[0].last_year) == (2, 2)  # X and W then

    # An hour later someone records that X's verification started on 1 Aug 2025, on paper.
    time_machine.move_to(at("2026-08-12 10:00"), tick=False)
    services.case_transition(
        actor=staff.officer,
        case=journal["x"],
        transition="start_verification",
        at=at("2025-08-01 09:00"),
    )
    (after,) = [
        f
        for f in bottlenecks.slowest_state(None, at("2026-08-12 10:00"))
        if f.key.endswith("test.simple")
    ]

    # today's and a year ago's, not rebuilt: corrected
    assert WaitSnapshot.objects.count() == 2
    assert WaitSnapshot.objects.get(day=DAY).built_at == built.built_at
    figures = {figure.label: (figure.now, figure.last_year) for figure in after.figures}
    assert figures["Received: open cases"] == (1, 1)  # W, now and a year ago
    # a year before 10:00: Z 5 hours, H 11 days 1 hour and X 11 days 1 hour, Y 23 days 1 hour
    assert figures["Verifying: open cases"] == (4, 4)
    assert figures["Verifying: median, days"][1] == 11.0  # 11 days 1 hour, to a tenth
    assert figures["Verifying: 90th percentile, days"][1] == pytest.approx(
        round(11 + HOUR + 0.7 * 12, 1)
    )
    stats, _agencies = snapshots.waits_at(None, at("2025-08-12 10:00"))
    assert stats[("test.simple", "verifying")] == (
        4,
        pytest.approx(11 + HOUR),
        pytest.approx(11 + HOUR + 0.7 * 12),
    )
    assert stats[("test.simple", "received")] == (
        1,
        pytest.approx(2 * HOUR),
        pytest.approx(2 * HOUR),
    )
    _now, expected = bottlenecks.state_waits(Case.objects.all(), at("2026-08-12 10:00"))
    assert_same(snapshots.waits_at(None, at("2025-08-12 10:00")), expected)
    for user in (staff.head, staff.officer_ha_tinh):
        _now, expected = bottlenecks.state_waits(
            bottlenecks.cases_for(user), at("2026-08-12 10:00")
        )
        assert_same(snapshots.waits_at(user, at("2025-08-12 10:00")), expected)


def test_a_missing_snapshot_is_built_once(journal: dict[str, Any]) -> None:
    first = snapshots.snapshot_for(DAY)
    groups = WaitSnapshotGroup.objects.filter(snapshot=first).count()

    again = snapshots.build(DAY)  # as a second reader arriving meanwhile: the row is unique

    assert again == first
    assert snapshots.snapshot_for(DAY) == first
    assert WaitSnapshot.objects.count() == 1
    assert WaitSnapshotGroup.objects.count() == groups == 3  # received, verifying x 2 agencies


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_of_a_missing_snapshot_build_it_once(
    journal: dict[str, Any],
) -> None:
    results = run_concurrently(*[lambda: snapshots.snapshot_for(DAY)] * 3)

    assert all(isinstance(result, WaitSnapshot) for result in results), results
    assert {result.pk for result in results} == {WaitSnapshot.objects.get().pk}
    assert WaitSnapshotGroup.objects.count() == 3


def test_the_daily_job_builds_a_year_ago_and_the_next_day_and_drops_old_ones(
    journal: dict[str, Any],
) -> None:
    snapshots.build(datetime.date(2025, 7, 1))  # read once for an old moment

    result = jobs.get("casework.wait_snapshots").run(jobs.Run(started_at=at(NOW)))

    assert result == {"built": 3, "deleted": 1}
    assert sorted(WaitSnapshot.objects.values_list("day", flat=True)) == [
        DAY,
        datetime.date(2025, 8, 13),
        datetime.date(2026, 8, 12),  # today's: the time in state now
    ]
    assert snapshots.refresh(datetime.date(2026, 8, 12)) == {"built": 0, "deleted": 0}
    # A week later: the new days are built, those out of both windows deleted.
    assert snapshots.refresh(datetime.date(2026, 8, 20)) == {"built": 3, "deleted": 2}
    assert sorted(WaitSnapshot.objects.values_list("day", flat=True)) == [
        datetime.date(2025, 8, 13),
        datetime.date(2025, 8, 20),
        datetime.date(2025, 8, 21),
        datetime.date(2026, 8, 20),
    ]


def test_a_reading_uses_the_day_before_when_the_days_snapshot_is_missing(
    journal: dict[str, Any],
) -> None:
    snapshots.build(DAY - datetime.timedelta(days=1))

    figures = snapshots.waits_at(None, at(THEN))

    assert WaitSnapshot.objects.get().day == DAY - datetime.timedelta(days=1)  # none built
    assert_same(figures, recomputed(None))


def test_rows_the_build_saw_but_dated_its_start_after_them_are_still_taken_out_once(
    journal: dict[str, Any], staff: Staff
) -> None:
    """As if every journal row had committed late: recorded before the build's start, seen by
    it, yet after the start it records. The corrections then take in every case, and each is
    found in the snapshot by its id."""
    snapshot = snapshots.build(DAY)
    WaitSnapshot.objects.filter(pk=snapshot.pk).update(
        built_at=at("2025-06-01 00:00"), cutoff=at("2025-06-01 00:00")
    )

    assert_same(snapshots.waits_at(None, at(THEN)), recomputed(None))
    assert_same(snapshots.waits_at(staff.head, at(THEN)), recomputed(staff.head))


def test_a_snapshot_built_just_after_a_load_is_rebuilt_once_the_margin_has_passed(
    journal: dict[str, Any], staff: Staff, time_machine: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(snapshots, "UNSETTLED", 1)  # as a bulk load of 1,000 steps would do
    services.case_transition(
        actor=staff.officer,
        case=journal["x"],
        transition="start_verification",
        at=at("2025-08-01 09:00"),
    )  # recorded at NOW
    time_machine.move_to(at("2026-08-12 09:05"), tick=False)
    first = snapshots.snapshot_for(DAY)  # within the margin: the step is a correction
    assert first.built_at == at("2026-08-12 09:05")
    assert snapshots.snapshot_for(DAY).built_at == first.built_at  # the margin has not passed

    time_machine.move_to(at("2026-08-12 09:20"), tick=False)
    rebuilt = snapshots.snapshot_for(DAY)

    assert (rebuilt.pk, rebuilt.built_at) == (first.pk, at("2026-08-12 09:20"))
    assert rebuilt.cutoff == at("2026-08-12 09:10")
    assert snapshots.snapshot_for(DAY).built_at == rebuilt.built_at  # settled: once
    assert WaitSnapshotGroup.objects.filter(snapshot=rebuilt).count() == 3
    _now, expected = bottlenecks.state_waits(Case.objects.all(), at("2026-08-12 09:20"))
    assert_same(snapshots.waits_at(None, at("2025-08-12 09:20")), expected)
