from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from tuphap.core import audit
from tuphap.core.errors import ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.statistics import services, tasks
from tuphap.statistics.models import Rollup, RollupCoverage
from tuphap.statistics.tests.conftest import SOURCE_ROWS, month

pytestmark = pytest.mark.usefixtures("indicators")

D = datetime.date


def _rows(code: str = "test.cases.received") -> list[tuple[Any, ...]]:
    return list(
        Rollup.objects.filter(indicator=code)
        .order_by("month", "place_id", F("agency_id").asc(nulls_first=True))
        .values_list("month", "place_id", "province_id", "agency_id", "value")
    )


def _refresh(first: str = "2023-01", last: str = "2023-03", **kwargs: Any) -> list[Any]:
    return services.rollup_refresh(
        actor=None,
        indicators=kwargs.pop("indicators", ["test.cases.received"]),
        first_month=month(first),
        last_month=month(last),
    )


def test_refresh_writes_the_source_rows_with_the_province(world: Any) -> None:
    SOURCE_ROWS[:] = [
        (D(2023, 1, 1), world.vinh_old.pk, None, 4),
        (D(2023, 1, 1), world.vinh_old.pk, world.doj_nghe_an.pk, 2),
        (D(2023, 2, 1), world.ha_tinh.pk, None, 7),  # a province-level place
        (D(2023, 2, 1), world.vinh_old.pk, None, 1),
        (D(2023, 2, 1), world.vinh_old.pk, None, 1),  # a second row for one cell is added
        (D(2024, 1, 1), world.vinh_old.pk, None, 99),  # outside the range: not asked for
    ]

    results = _refresh()

    assert [result.as_dict() for result in results] == [
        {
            "indicator": "test.cases.received",
            "from": "2023-01",
            "to": "2023-03",
            "deleted": 0,
            "written": 4,
        }
    ]
    assert _rows() == [
        (D(2023, 1, 1), world.vinh_old.pk, world.nghe_an_old.pk, None, 4),
        (D(2023, 1, 1), world.vinh_old.pk, world.nghe_an_old.pk, world.doj_nghe_an.pk, 2),
        (D(2023, 2, 1), world.ha_tinh.pk, world.ha_tinh.pk, None, 7),
        (D(2023, 2, 1), world.vinh_old.pk, world.nghe_an_old.pk, None, 2),
    ]
    assert list(
        RollupCoverage.objects.filter(indicator="test.cases.received").values_list("month", "rows")
    ) == [(D(2023, 1, 1), 2), (D(2023, 2, 1), 2), (D(2023, 3, 1), 0)]


def test_refresh_is_idempotent_and_replaces_only_its_months(world: Any) -> None:
    SOURCE_ROWS[:] = [
        (D(2022, 12, 1), world.vinh_old.pk, None, 5),
        (D(2023, 1, 1), world.vinh_old.pk, None, 4),
    ]
    _refresh("2022-12", "2023-01")
    first = _rows()

    again = _refresh("2022-12", "2023-01")

    assert _rows() == first
    assert (again[0].deleted, again[0].written) == (2, 2)

    SOURCE_ROWS[:] = [(D(2023, 1, 1), world.vinh_old.pk, None, 6)]  # the register changed
    _refresh("2023-01", "2023-01")

    assert [(row[0], row[4]) for row in _rows()] == [(D(2022, 12, 1), 5), (D(2023, 1, 1), 6)]


def test_refresh_writes_one_audit_row_per_indicator_as_a_system_run(world: Any) -> None:
    SOURCE_ROWS[:] = [(D(2023, 1, 1), world.vinh_old.pk, None, 4)]

    _refresh(indicators=["test.cases.received", "test.cases.done"])

    events = AuditEvent.objects.filter(action="statistics.rollups.refreshed").order_by("id")
    assert [(event.actor_id, event.data) for event in events] == [
        (
            None,
            {
                "indicator": "test.cases.received",
                "from": "2023-01",
                "to": "2023-03",
                "deleted": 0,
                "written": 1,
            },
        ),
        (
            None,
            {
                "indicator": "test.cases.done",
                "from": "2023-01",
                "to": "2023-03",
                "deleted": 0,
                "written": 1,
            },
        ),
    ]


def test_a_bad_source_row_rolls_its_indicator_back(world: Any) -> None:
    SOURCE_ROWS[:] = [(D(2023, 1, 1), world.vinh_old.pk, None, 4)]
    _refresh("2023-01", "2023-01")
    SOURCE_ROWS[:] = [(D(2023, 1, 15), world.vinh_old.pk, None, 9)]

    with pytest.raises(ValueError, match="not the first day of a month"):
        _refresh("2023-01", "2023-01")

    assert [row[4] for row in _rows()] == [4]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ((D(2023, 1, 1), 10**9, None, 1), "Unknown place ids"),
        ((D(2023, 1, 1), "vinh", None, 1.5), "values are integers"),
    ],
    ids=["unknown-place", "float-value"],
)
def test_refresh_refuses_unknown_places_and_non_integer_values(
    world: Any, row: tuple[Any, ...], message: str
) -> None:
    SOURCE_ROWS[:] = [tuple(world.vinh.pk if cell == "vinh" else cell for cell in row)]  # type: ignore[list-item]

    with pytest.raises(ValueError, match=message):
        _refresh("2023-01", "2023-01")

    assert Rollup.objects.count() == 0


def test_a_ratio_cannot_be_refreshed(world: Any) -> None:
    with pytest.raises(ValidationFailed, match="computed in reports") as caught:
        _refresh(indicators=["test.cases.done_rate"])

    assert list(caught.value.fields) == ["indicators"]


def test_months_in_the_wrong_order_are_refused(world: Any) -> None:
    with pytest.raises(ValidationFailed, match="before the first") as caught:
        _refresh("2023-03", "2023-01")

    assert list(caught.value.fields) == ["to"]


def test_the_command_refreshes_and_says_what_it_did(world: Any) -> None:
    SOURCE_ROWS[:] = [(D(2023, 2, 1), world.vinh_old.pk, None, 3)]
    out = io.StringIO()

    call_command(
        "refresh_rollups",
        "--indicators",
        "test.cases.received",
        "--from",
        "2023-01",
        "--to",
        "2023-02",
        stdout=out,
    )

    assert out.getvalue() == (
        "test.cases.received: 2023-01..2023-02 deleted 0, wrote 1 rows\nRefreshed 1 indicator(s).\n"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2023-13"], "--from: '2023-13' is not a month"),
        (["--to", "January"], "--to: 'January' is not a month"),
        (["--indicators", "test.nope"], "--indicators: Unknown indicator 'test.nope'."),
        (["--from", "2023-05", "--to", "2023-01"], "--to: The last month is before the first."),
    ],
    ids=["bad-from", "bad-to", "unknown-indicator", "reversed"],
)
def test_the_command_names_the_bad_option(world: Any, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("refresh_rollups", *arguments, stdout=io.StringIO())


@time_machine.travel(datetime.datetime(2023, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_the_task_refreshes_by_codes_and_defaults_to_the_last_year(world: Any) -> None:
    SOURCE_ROWS[:] = [
        (D(2022, 3, 1), world.vinh_old.pk, None, 1),
        (D(2022, 2, 1), world.vinh_old.pk, None, 100),  # before the default window
        (D(2023, 3, 1), world.vinh_old.pk, None, 2),
    ]

    result = tasks.refresh_rollups.enqueue(["test.cases.received"])

    assert result.return_value == [
        {
            "indicator": "test.cases.received",
            "from": "2022-03",
            "to": "2023-03",
            "deleted": 0,
            "written": 2,
        }
    ]
    assert [row[4] for row in _rows()] == [1, 2]


def test_the_builtin_indicator_counts_audit_rows_by_agency_province(world: Any) -> None:
    user = world.users["provincial_specialist"]
    with (
        time_machine.travel(datetime.datetime(2023, 5, 31, 20, tzinfo=datetime.UTC), tick=False),
        transaction.atomic(),
    ):
        # 03:00 on 1 June in Hà Nội time: counted in June
        audit.record(actor=user, action="test.thing.done")
        audit.record(actor=user, action="test.thing.done")
        audit.record(actor=None, action="test.system.did")  # no agency: not counted

    services.rollup_refresh(
        actor=None,
        indicators=["system.audit.actions"],
        first_month=D(2023, 5, 1),
        last_month=D(2023, 6, 1),
    )

    assert _rows("system.audit.actions") == [
        (D(2023, 6, 1), world.nghe_an.pk, world.nghe_an.pk, world.doj_nghe_an.pk, 2)
    ]
