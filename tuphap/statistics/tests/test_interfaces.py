"""The report through the command, the API and the page: the same engine, the same figures."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from conftest import api_as
from tuphap.core import navigation
from tuphap.statistics.tests.conftest import cover, put

pytestmark = pytest.mark.usefixtures("indicators")

REPORT_URL = "/api/v1/statistics/report"


@pytest.fixture
def figures(world: Any) -> Any:
    for code in ("test.cases.received", "test.cases.done", "test.money.collected"):
        cover(code, "2024-01", "2025-12")
    put("test.cases.received", "2024-04", world.vinh_old, 8)
    put("test.cases.received", "2025-03", world.vinh_old, 10)
    put("test.cases.done", "2025-03", world.vinh_old, 4)
    put("test.cases.received", "2025-09", world.vinh, 2)
    put("test.cases.received", "2025-09", world.ha_tinh_ward, 5)
    put("test.money.collected", "2025-09", world.ha_tinh_ward, 1_234_567)
    return world


def _command(*arguments: str) -> str:
    out = io.StringIO()
    call_command("report", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# -- command ------------------------------------------------------------------------------------


def test_command_json_equals_the_api(figures: Any) -> None:
    arguments = {
        "indicators": "test.cases.received,test.cases.done_rate",
        "period": "2025",
        "level": "province",
    }

    printed = json.loads(
        _command(*(f"--{key}={value}" for key, value in arguments.items()), "--format=json")
    )
    response = api_as(figures.users["leader"]).get(REPORT_URL, arguments)

    assert response.status_code == 200
    assert printed == response.json()
    assert printed == {
        "period": "2025",
        "level": "province",
        "boundaries": "new",
        "rows": [
            {
                "indicator": "test.cases.received",
                "unit": "count",
                "place": "40",
                "place_name": "Tỉnh Nghệ An",
                "value": 12,
                "previous": 8,
                "last_year": 8,
                "change": 50.0,
                "term_to_date": 20,
                "approximate": False,
                "historic": [],
            },
            {
                "indicator": "test.cases.received",
                "unit": "count",
                "place": "42",
                "place_name": "Tỉnh Hà Tĩnh",
                "value": 5,
                "previous": 0,
                "last_year": 0,
                "change": None,
                "term_to_date": 5,
                "approximate": False,
                "historic": [],
            },
            {
                "indicator": "test.cases.done_rate",
                "unit": "percent",
                "place": "40",
                "place_name": "Tỉnh Nghệ An",
                "value": 33.33,  # 4 / 12
                "previous": 0.0,  # 0 / 8
                "last_year": 0.0,
                "change": 33.33,  # percentage points
                "term_to_date": 20.0,  # 4 / 20
                "approximate": False,
                "historic": [],
            },
            {
                "indicator": "test.cases.done_rate",
                "unit": "percent",
                "place": "42",
                "place_name": "Tỉnh Hà Tĩnh",
                "value": 0.0,
                "previous": None,  # 0 / 0
                "last_year": None,
                "change": None,
                "term_to_date": 0.0,
                "approximate": False,
                "historic": [],
            },
        ],
    }


def test_command_csv(figures: Any) -> None:
    printed = _command(
        "--indicators=test.money.collected", "--period=2025", "--level=commune", "--format=csv"
    )

    assert printed == (
        "period,level,boundaries,indicator,unit,place,place_name,value,previous,last_year,"
        "change,term_to_date,approximate,historic\n"
        "2025,commune,new,test.money.collected,vnd,18070,Phường Thành Sen,"
        "1234567,0,0,,1234567,false,\n"
    )


def test_command_table(figures: Any) -> None:
    with translation.override("en"):
        printed = _command("--indicators=test.cases.received", "--period=2025", "--format=table")

    assert printed.splitlines() == [
        "2025 · Năm 2025 · nation · new",
        "indicator            place  place_name     value  previous  last_year  change  "
        "term_to_date  approximate  historic",
        "test.cases.received  —      Whole country     17         8          8  112.50  "
        "          25",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--indicators=test.nope", "--period=2025"],
            "--indicators: Unknown indicator: test.nope.",
        ),
        (
            ["--indicators=test.cases.received", "--period=2025Q5"],
            "--period: '2025Q5': the quarter",
        ),
        (
            ["--indicators=test.cases.received", "--period=2025", "--level=province", "--place=77"],
            "--place: No province or commune has code 77",
        ),
    ],
    ids=["unknown-indicator", "malformed-period", "unknown-place"],
)
def test_command_bad_input_names_the_option(world: Any, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _command(*arguments)


# -- API ----------------------------------------------------------------------------------------


def test_api_lists_the_indicators(world: Any) -> None:
    response = api_as(world.users["civil_status_officer"]).get("/api/v1/statistics/indicators")

    assert response.status_code == 200
    rate = next(item for item in response.json() if item["code"] == "test.cases.done_rate")
    assert rate == {
        "code": "test.cases.done_rate",
        "name_vi": "Tỷ lệ thi hành xong",
        "name_en": "Completion rate",
        "unit": "percent",
        "aggregation": "ratio",
        "time": "flow",
        "numerator": "test.cases.done",
        "denominator": "test.cases.received",
    }


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"period": "2025"}, ["indicators"]),
        ({"indicators": "test.cases.received"}, ["period"]),
        ({"indicators": "test.nope", "period": "2025M13"}, ["indicators", "period"]),
        ({"indicators": "test.cases.received", "period": "2025", "level": "district"}, ["level"]),
        (
            {"indicators": "test.cases.received", "period": "2025", "boundaries": "x"},
            ["boundaries"],
        ),
        (
            {
                "indicators": "test.cases.received",
                "period": "2025",
                "level": "province",
                "place": "77",
            },
            ["place"],
        ),
    ],
    ids=[
        "no-indicators",
        "no-period",
        "unknown-and-malformed",
        "bad-level",
        "bad-boundaries",
        "unknown-place",
    ],
)
def test_api_bad_input_is_400_naming_the_fields(
    world: Any, params: dict[str, str], fields: list[str]
) -> None:
    response = api_as(world.users["leader"]).get(REPORT_URL, params)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert sorted(response.json()["error"]["fields"]) == fields


def test_api_place_outside_the_jurisdiction_is_403(figures: Any) -> None:
    response = api_as(figures.users["provincial_specialist"]).get(
        REPORT_URL,
        {"indicators": "test.cases.received", "period": "2025", "level": "province", "place": "42"},
    )

    assert response.status_code == 403
    assert list(response.json()["error"]["fields"]) == ["place"]


def test_api_provincial_user_gets_their_province(figures: Any) -> None:
    response = api_as(figures.users["provincial_specialist"]).get(
        REPORT_URL, {"indicators": "test.cases.received", "period": "2025"}
    )

    body = response.json()
    assert (body["level"], [(row["place"], row["value"]) for row in body["rows"]]) == (
        "province",
        [("40", 12)],
    )


def test_api_requires_authentication(world: Any) -> None:
    response = Client().get(REPORT_URL, {"indicators": "test.cases.received", "period": "2025"})

    assert response.status_code == 401


# -- page ---------------------------------------------------------------------------------------


def _page(user: Any, **params: Any) -> Any:
    client = Client()
    client.force_login(user)
    return client.get("/statistics/report", params)


def test_page_shows_the_table_with_vietnamese_figures(figures: Any) -> None:
    response = _page(
        figures.users["leader"],
        indicators=["test.money.collected", "test.cases.received"],
        period="2025",
        level="commune",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="report-table"' in html
    assert "1.234.567 đ" in html
    assert "Phường Trường Vinh" in html
    assert 'class="num up" data-testid="report-change">+50,00 %' in html
    assert "download=csv" in html
    assert 'data-testid="report-approximate-legend"' not in html


def test_page_marks_approximate_figures(figures: Any) -> None:
    from tuphap.places.tests import factories as places

    other = places.commune("16682", "Phường Hai", figures.nghe_an)
    places.succession(figures.vinh_old, other, "partial")  # Lê Mao was divided in two

    response = _page(
        figures.users["leader"], indicators="test.cases.received", period="2025", level="commune"
    )

    html = response.content.decode()
    assert '<span class="approx"' in html
    assert 'data-testid="report-approximate-legend"' in html


def test_page_empty_state_when_nothing_was_computed(world: Any) -> None:
    response = _page(
        world.users["leader"], indicators="test.cases.received", period="2019", level="province"
    )

    assert response.status_code == 200
    assert 'data-testid="report-empty"' in response.content.decode()
    assert 'data-testid="report-table"' not in response.content.decode()


def test_page_without_a_request_shows_the_form(world: Any) -> None:
    response = _page(world.users["leader"])

    html = response.content.decode()
    assert (response.status_code, 'data-testid="report-form"' in html) == (200, True)
    assert 'value="test.cases.done_rate"' in html
    assert 'placeholder="THADS2023M06"' in html


def test_page_shows_a_bad_period_on_its_field(world: Any) -> None:
    response = _page(world.users["leader"], indicators="test.cases.received", period="2025M13")

    assert response.status_code == 200
    assert "the month must be 01…12" in response.content.decode()


def test_page_refuses_a_place_outside_the_jurisdiction(figures: Any) -> None:
    response = _page(
        figures.users["provincial_specialist"],
        indicators="test.cases.received",
        period="2025",
        level="province",
        place="42",
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("download", "content_type"),
    [("csv", "text/csv; charset=utf-8"), ("json", "application/json")],
    ids=["csv", "json"],
)
def test_page_downloads_the_same_report(figures: Any, download: str, content_type: str) -> None:
    params = {"indicators": "test.money.collected", "period": "2025", "level": "commune"}

    response = _page(figures.users["leader"], download=download, **params)

    assert response["Content-Type"] == content_type
    assert (
        response["Content-Disposition"] == f'attachment; filename="report-2025-commune.{download}"'
    )
    expected = _command(
        *(f"--{key}={value}" for key, value in params.items()), f"--format={download}"
    )
    assert response.content.decode().strip() == expected.strip()


def test_page_requires_sign_in(world: Any) -> None:
    response = Client().get("/statistics/report")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_reports_are_in_the_statistics_navigation() -> None:
    area = next(area for area in navigation.AREAS if area.key == "statistics")

    # officials pick a report by name; the page by codes is reached from the picker
    names = [link.url_name for link in area.links]
    assert "statistics:report_pick" in names
    assert "statistics:review" in names
