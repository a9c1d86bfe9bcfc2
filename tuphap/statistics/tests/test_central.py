"""Central-level rollups (ADR 0010): rows with no place, for work done at central level.

They are refreshed like any other row, count in the national total, show as one "Central
level" row in province and commune reports, are never in a province's row, and are seen by
national users only."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone, translation

from conftest import api_as
from tuphap.core import audit
from tuphap.statistics import formats, rollups, selectors, services
from tuphap.statistics.models import Rollup
from tuphap.statistics.registry import registry
from tuphap.statistics.tests.conftest import BALANCE, SOURCE_ROWS, cover, month, put

pytestmark = pytest.mark.usefixtures("indicators")

D = datetime.date
RECEIVED = "test.cases.received"


def _rows(code: str = RECEIVED) -> list[tuple[Any, ...]]:
    return list(
        Rollup.objects.filter(indicator=code)
        .order_by(
            "month", F("place_id").asc(nulls_first=True), F("agency_id").asc(nulls_first=True)
        )
        .values_list("month", "place_id", "province_id", "agency_id", "value")
    )


def _refresh(*codes: str) -> list[services.RefreshResult]:
    return services.rollup_refresh(
        actor=None,
        indicators=list(codes) or [RECEIVED],
        first_month=D(2025, 8, 1),
        last_month=D(2025, 9, 1),
    )


# -- refresh and storage ------------------------------------------------------------------------


def test_refresh_stores_central_rows_without_place_or_province(world: Any) -> None:
    ministry = world.ministry.pk
    SOURCE_ROWS.extend(
        [
            (month("2025-09"), None, ministry, 3),
            (month("2025-09"), None, ministry, 2),  # two rows for one cell are added up
            (month("2025-09"), None, None, 4),
            (month("2025-08"), world.vinh.pk, None, 6),
        ]
    )

    first = _refresh()
    second = _refresh()  # idempotent

    expected = [
        (D(2025, 8, 1), world.vinh.pk, world.nghe_an.pk, None, 6),
        (D(2025, 9, 1), None, None, None, 4),
        (D(2025, 9, 1), None, None, ministry, 5),
    ]
    assert _rows() == expected
    assert [(result.deleted, result.written) for result in (*first, *second)] == [(0, 3), (3, 3)]


@pytest.mark.parametrize("agency", [True, False], ids=["with-agency", "without-agency"])
def test_one_central_row_per_indicator_month_and_agency(world: Any, agency: bool) -> None:
    agency_id = world.ministry.pk if agency else None
    put(RECEIVED, "2025-09", None, 1, agency_id=agency_id)
    put(RECEIVED, "2025-09", world.nghe_an, 1, agency_id=agency_id)  # a place: another row

    with pytest.raises(IntegrityError), transaction.atomic():
        put(RECEIVED, "2025-09", None, 2, agency_id=agency_id)


def test_a_central_row_has_no_province(world: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Rollup.objects.create(
            indicator=RECEIVED,
            month=D(2025, 9, 1),
            place=None,
            province=world.nghe_an,
            value=1,
            computed_at=timezone.now(),
        )


def test_the_builtin_indicator_puts_the_ministry_at_central_level(world: Any) -> None:
    with (
        time_machine.travel(datetime.datetime(2025, 9, 10, 3, tzinfo=datetime.UTC), tick=False),
        transaction.atomic(),
    ):
        audit.record(actor=world.users["ministry_specialist"], action="test.thing.done")
        audit.record(actor=world.users["leader"], action="test.thing.done")
        audit.record(actor=world.users["provincial_specialist"], action="test.thing.done")

    _refresh("system.audit.actions")

    assert _rows("system.audit.actions") == [
        (D(2025, 9, 1), None, None, world.ministry.pk, 2),
        (D(2025, 9, 1), world.nghe_an.pk, world.nghe_an.pk, world.doj_nghe_an.pk, 1),
    ]


# -- reports ------------------------------------------------------------------------------------


@pytest.fixture
def figures(world: Any) -> Any:
    """2025: Nghệ An 10 (old commune, March) + 2 (new, September), Hà Tĩnh 5, central 7 + 4."""
    cover(RECEIVED, "2024-01", "2025-12")
    put(RECEIVED, "2025-03", world.vinh_old, 10)
    put(RECEIVED, "2025-09", world.vinh, 2)
    put(RECEIVED, "2025-09", world.ha_tinh_ward, 5)
    put(RECEIVED, "2025-04", None, 7, agency_id=world.ministry.pk)
    put(RECEIVED, "2025-10", None, 4)
    put(RECEIVED, "2024-04", None, 3)  # last year
    return world


def _report(user: Any | None, level: str = "nation", **kwargs: Any) -> Any:
    query = selectors.report_query_parse(
        indicators=kwargs.pop("indicators", RECEIVED), period="2025", level=level, **kwargs
    )
    if user is None:
        return selectors.report_national(query)
    return selectors.report_for_user(user, query)


def _cells(report: Any) -> list[tuple[Any, ...]]:
    return [
        (row["place"], row["place_name"], row["value"], row["last_year"]) for row in report.rows
    ]


def test_the_national_total_includes_central_rows(figures: Any) -> None:
    report = _report(figures.users["leader"])

    assert _cells(report) == [(None, "Whole country", 28, 3)]


@pytest.mark.parametrize("boundaries", ["new", "old"])
def test_by_province_central_level_is_its_own_row_first(figures: Any, boundaries: str) -> None:
    report = _report(figures.users["leader"], "province", boundaries=boundaries)

    assert _cells(report) == [
        (None, "Central level", 11, 3),
        ("40", "Tỉnh Nghệ An", 12, 0),
        ("42", "Tỉnh Hà Tĩnh", 5, 0),
    ]
    assert [row["approximate"] for row in report.rows] == [False, False, False]
    assert sum(row["value"] for row in report.rows) == 28  # the national total


def test_by_commune_central_level_is_its_own_row(figures: Any) -> None:
    report = _report(figures.users["leader"], "commune")

    assert _cells(report) == [
        (None, "Central level", 11, 3),
        ("16681", "Phường Trường Vinh", 12, 0),
        ("18070", "Phường Thành Sen", 5, 0),
    ]


def test_a_report_on_one_place_has_no_central_row(figures: Any) -> None:
    report = _report(figures.users["leader"], "province", place="40")

    assert _cells(report) == [("40", "Tỉnh Nghệ An", 12, 0)]


@pytest.mark.parametrize(
    ("persona", "level", "expected"),
    [
        ("provincial_specialist", "nation", [("40", 12)]),
        ("provincial_specialist", "province", [("40", 12)]),
        ("provincial_specialist", "commune", [("16681", 12)]),
        ("civil_status_officer", "nation", [("16681", 12)]),
        ("ministry_specialist", "province", [(None, 11), ("40", 12), ("42", 5)]),
        ("auditor", "nation", [(None, 28)]),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_only_national_users_see_central_rows(
    figures: Any, persona: str, level: str, expected: list[Any]
) -> None:
    report = _report(figures.users[persona], level)

    assert [(row["place"], row["value"]) for row in report.rows] == expected


def test_latest_indicators_keep_central_level_apart(figures: Any) -> None:
    cover("test.notaries", "2025-01", "2025-12")
    put("test.notaries", "2025-02", None, 40)
    put("test.notaries", "2025-11", None, 42)
    put("test.notaries", "2025-06", figures.nghe_an, 9)

    national = _report(None, indicators="test.notaries")
    provinces = _report(None, "province", indicators="test.notaries")

    assert [row["value"] for row in national.rows] == [51]
    assert [(row["place_name"], row["value"]) for row in provinces.rows] == [
        ("Central level", 42),
        ("Tỉnh Nghệ An", 9),
    ]


def test_identities_are_checked_on_the_central_row(figures: Any) -> None:
    for code in BALANCE.codes:
        cover(code, "2024-01", "2025-12")
    put("test.cases.carried_in", "2025-01", None, 5)
    put("test.cases.done", "2025-06", None, 2)
    put("test.cases.pending", "2024-12", None, 3)  # 2024 balances: 0 + 3 − 0
    put("test.cases.pending", "2025-12", None, 13)  # 2025 does not: 5 + 11 − 2 = 14

    with registry.temporary(identities=[BALANCE]):
        report = _report(None, "province", indicators="test.cases.pending")

    # (the provinces have no stocks in this fixture: they fail too, on their own rows)
    central = [f for f in report.failures if f.place == "Central level"]
    assert [(f.window, f.left, f.right) for f in central] == [("value", 13, 14)]
    assert {f.place for f in report.failures} == {"Central level", "40", "42"}


# -- interfaces ---------------------------------------------------------------------------------


def test_csv_and_json_carry_the_central_row(figures: Any) -> None:
    report = _report(None, "province")

    lines = formats.to_csv(report).splitlines()
    rows = json.loads(formats.to_json(report))["rows"]

    assert (
        lines[1]
        == "2025,province,new,test.cases.received,count,,Central level,11,3,3,266.67,14,false,"
    )
    assert (rows[0]["place"], rows[0]["place_name"], rows[0]["value"]) == (
        None,
        "Central level",
        11,
    )
    assert "Central level" in formats.to_table(report)


def test_api_and_page_show_the_central_row(figures: Any) -> None:
    params = {"indicators": RECEIVED, "period": "2025", "level": "province"}

    response = api_as(figures.users["leader"]).get("/api/v1/statistics/report", params)
    client = Client()
    client.force_login(figures.users["leader"])
    page = client.get("/statistics/report", params).content.decode()

    assert response.status_code == 200
    assert [(row["place"], row["value"]) for row in response.json()["rows"]] == [
        (None, 11),
        ("40", 12),
        ("42", 5),
    ]
    assert "<td>Central level</td>" in page


def test_the_central_row_is_named_in_vietnamese(figures: Any) -> None:
    with translation.override("vi"):
        report = _report(None, "province")

    assert report.rows[0]["place_name"] == "Cấp trung ương"


def test_the_bulk_path_writes_central_rows(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # COPY on PostgreSQL from the first row (the threshold is 2,000 otherwise)
    monkeypatch.setattr(rollups, "COPY_THRESHOLD", 1)
    SOURCE_ROWS.extend(
        [(month("2025-09"), None, world.ministry.pk, 3), (month("2025-09"), world.vinh.pk, None, 1)]
    )

    _refresh()

    assert _rows() == [
        (D(2025, 9, 1), None, None, world.ministry.pk, 3),
        (D(2025, 9, 1), world.vinh.pk, world.nghe_an.pk, None, 1),
    ]


def test_an_issued_province_report_keeps_the_central_row(figures: Any) -> None:
    query = selectors.report_query_parse(indicators=RECEIVED, period="2025", level="province")

    version = services.report_issue(
        actor=figures.users["ministry_specialist"], query=query, stage="estimate"
    )

    assert [(row["place"], row["place_name"], row["value"]) for row in version.rows] == [
        (None, "Central level", 11),
        ("40", "Tỉnh Nghệ An", 12),
        ("42", "Tỉnh Hà Tĩnh", 5),
    ]
