"""Time in state from the journal, checked against durations computed by hand."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework import analytics, services
from tuphap.casework.analytics import StateFigures
from tuphap.casework.tests.conftest import OpenCase, Staff, at
from tuphap.core.errors import ValidationFailed

D = datetime.date
NOW = "2026-08-12 09:00"


@pytest.fixture
def history(open_case: OpenCase, staff: Staff, time_machine: Any) -> None:
    """Four cases with known stays (days):

    A: received 2.0 (3→5 Aug 09:00), verifying 3.5 (→8 Aug 21:00), enforcing 10.0 (→18 Aug
       21:00, after NOW: still open at NOW), done.
    B: received 4.0 (4→8 Aug 09:00), verifying 1.0 (→9 Aug 09:00), terminated.
    C: received since 10 Aug 09:00 (2.0 at NOW).
    D: received since 3 Aug 09:00 (9.0 at NOW), overdue since 10 Aug ended.
    """

    def move(case: Any, when: str, transition: str, actor: Any) -> Any:
        time_machine.move_to(at(when), tick=False)
        return services.case_transition(actor=actor, case=case, transition=transition)

    a = open_case("2026-08-03 09:00", verified=True)
    d = open_case("2026-08-03 09:00")
    b = open_case("2026-08-04 09:00")
    a = move(a, "2026-08-05 09:00", "start_verification", staff.officer)
    b = move(b, "2026-08-08 09:00", "start_verification", staff.officer)
    a = move(a, "2026-08-08 21:00", "start_enforcing", staff.officer)
    a = move(a, "2026-08-08 22:00", "note", staff.officer)  # same state: the stay goes on
    b = move(b, "2026-08-09 09:00", "terminate", staff.head)
    open_case("2026-08-10 09:00")
    time_machine.move_to(at(NOW), tick=False)
    del d


def figures(
    user: Any, **options: Any
) -> dict[str, tuple[int, int, float | None, float | None, int]]:
    rows = analytics.time_in_state(user, register="test.simple", now=at(NOW), **options)
    return {
        row.state: (row.stays, row.open_stays, row.median_days, row.p90_days, row.overdue)
        for row in rows
    }


def test_closed_and_open_stays(history: None, staff: Staff) -> None:
    assert figures(staff.officer) == {
        # [2, 2, 4, 9]: median (2+4)/2; p90 at rank 2.7: 4 + 0.7 × 5
        "received": (4, 2, 3.0, pytest.approx(7.5), 1),
        # [1, 3.5]: median 2.25; p90 at rank 0.9: 1 + 0.9 × 2.5
        "verifying": (2, 0, 2.25, pytest.approx(3.25), 0),
        # A in enforcing since 8 Aug 21:00: 3.5 days at NOW
        "enforcing": (1, 1, 3.5, 3.5, 0),
    }


def test_closed_stays_only(history: None, staff: Staff) -> None:
    assert figures(staff.officer, include_open=False) == {
        "received": (2, 0, 3.0, pytest.approx(3.8), 1),  # [2, 4]
        "verifying": (2, 0, 2.25, pytest.approx(3.25), 0),
    }


def test_period_counts_stays_that_ended_in_it(history: None, staff: Staff) -> None:
    result = figures(
        staff.officer, date_from=D(2026, 8, 6), date_to=D(2026, 8, 8), include_open=False
    )
    # received: only B's stay ended 6–8 Aug; verifying: A's ended 8 Aug 21:00 (B's on 9 Aug)
    assert result == {
        "received": (1, 0, 4.0, 4.0, 1),
        "verifying": (1, 0, 3.5, 3.5, 0),
    }


def test_period_measures_open_stays_up_to_its_end(history: None, staff: Staff) -> None:
    result = figures(staff.officer, date_from=D(2026, 8, 1), date_to=D(2026, 8, 4))
    # By the end of 4 Aug: A and D in received since 3 Aug 09:00 (1.625 days), B since 4 Aug
    # 09:00 (0.625); no stay ended yet. [0.625, 1.625, 1.625] (24:00 is 1 µs after the end).
    assert result["received"][:4] == (3, 3, pytest.approx(1.625), pytest.approx(1.625))


def test_by_agency_and_jurisdiction(history: None, staff: Staff) -> None:
    rows = analytics.time_in_state(
        staff.officer, register="test.simple", by_agency=True, now=at(NOW)
    )
    assert {row.agency_id for row in rows} == {staff.office_nghe_an.pk}
    assert isinstance(rows[0], StateFigures)
    assert analytics.time_in_state(staff.officer_ha_tinh, register="test.simple", now=at(NOW)) == []


def test_bad_period_names_the_field(staff: Staff) -> None:
    with pytest.raises(ValidationFailed) as error:
        analytics.time_in_state(
            staff.officer, register="test.simple", date_from=D(2026, 8, 2), date_to=D(2026, 8, 1)
        )
    assert list(error.value.fields) == ["date_to"]


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([4.0], 0.9, 4.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([1.0, 2.0, 3.0, 4.0], 0.9, 3.7),
    ],
    ids=["empty", "one", "median-even", "p90"],
)
def test_percentile_interpolates(
    values: list[float], fraction: float, expected: float | None
) -> None:
    assert analytics.percentile(values, fraction) == (
        pytest.approx(expected) if expected is not None else None
    )
