from __future__ import annotations

import datetime

import pytest

from tuphap.legislation.documents.models import ObligationStatus
from tuphap.legislation.documents.rules import Fulfilment, days_overdue, status_on

DUE = datetime.date(2027, 1, 1)
D = datetime.date


@pytest.mark.parametrize(
    ("day", "fulfilments", "not_needed_from", "expected"),
    [
        pytest.param(D(2026, 12, 31), [], None, ObligationStatus.NOT_YET_DUE, id="day-before-due"),
        pytest.param(D(2027, 1, 1), [], None, ObligationStatus.OVERDUE, id="due-day-nothing"),
        pytest.param(
            D(2027, 3, 1),
            [Fulfilment(D(2026, 11, 1), D(2027, 1, 1))],
            None,
            ObligationStatus.FULFILLED_ON_TIME,
            id="in-force-on-due-day",
        ),
        pytest.param(
            D(2026, 12, 1),
            [Fulfilment(D(2026, 11, 1), D(2026, 12, 20))],
            None,
            ObligationStatus.FULFILLED_ON_TIME,
            id="on-time-before-due",
        ),
        pytest.param(
            D(2027, 3, 1),
            [Fulfilment(D(2026, 12, 20), D(2027, 2, 5))],
            None,
            ObligationStatus.FULFILLED_LATE,
            id="late",
        ),
        pytest.param(
            D(2027, 3, 1),
            [
                Fulfilment(D(2027, 1, 20), D(2027, 3, 10)),
                Fulfilment(D(2026, 10, 1), D(2026, 12, 1)),
            ],
            None,
            ObligationStatus.FULFILLED_ON_TIME,
            id="earliest-counts",
        ),
        pytest.param(
            D(2027, 1, 15),
            [Fulfilment(D(2027, 2, 1), D(2027, 3, 20))],
            None,
            ObligationStatus.OVERDUE,
            id="signed-after-the-day-not-known-yet",
        ),
        pytest.param(
            D(2027, 2, 1), [], D(2027, 1, 20), ObligationStatus.NO_LONGER_NEEDED, id="not-needed"
        ),
        pytest.param(
            D(2027, 1, 10), [], D(2027, 1, 20), ObligationStatus.OVERDUE, id="not-needed-later"
        ),
        pytest.param(
            D(2027, 2, 1),
            [Fulfilment(D(2026, 12, 1), D(2027, 1, 1))],
            D(2027, 1, 20),
            ObligationStatus.FULFILLED_ON_TIME,
            id="fulfilled-stays-fulfilled",
        ),
    ],
)
def test_status_on_a_date(
    day: datetime.date,
    fulfilments: list[Fulfilment],
    not_needed_from: datetime.date | None,
    expected: ObligationStatus,
) -> None:
    assert (
        status_on(due_on=DUE, day=day, fulfilments=fulfilments, not_needed_from=not_needed_from)
        == expected
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 12, 31), 0, id="before"),
        pytest.param(D(2027, 1, 1), 0, id="due-day"),
        pytest.param(D(2027, 2, 1), 31, id="a-month"),
    ],
)
def test_days_overdue(day: datetime.date, expected: int) -> None:
    assert days_overdue(due_on=DUE, day=day) == expected
