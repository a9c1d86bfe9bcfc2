from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from conftest import api_as

URL = "/api/v1/places/"


def _names(response: Any) -> list[str]:
    return [item["name"] for item in response.json()["results"]]


def test_list_item_shape(places: Any) -> None:
    response = api_as(places.reader).get(URL, {"at": "2025-09-01", "q": "truong vinh"})

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": places.vinh.pk,
            "code": "16681",
            "name": "Phường Trường Vinh",
            "level": "commune",
            "type": "Phường",
            "parent_id": places.nghe_an.pk,
            "province": {"id": places.nghe_an.pk, "code": "40"},
            "valid_from": "2025-07-01",
            "valid_to": None,
        }
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"at": "2025-09-01", "level": "province"}, ["Tỉnh Nghệ An", "Tỉnh Hà Tĩnh"]),
        ({"at": "2025-03-01", "level": "province"}, ["Tỉnh Nghệ An", "Tỉnh Hà Tĩnh"]),
        ({"at": "2025-03-01", "level": "commune"}, ["Phường Lê Mao"]),
        ({"at": "2025-09-01", "level": "commune"}, ["Phường Trường Vinh", "Phường Thành Sen"]),
        ({"at": "2025-09-01", "level": "district"}, []),
        ({"at": "2025-09-01", "q": "nghe an"}, ["Tỉnh Nghệ An"]),
        ({"at": "2025-09-01", "q": "Nghệ An"}, ["Tỉnh Nghệ An"]),
        ({"at": "2025-09-01", "q": "PHUONG THANH"}, ["Phường Thành Sen"]),
        ({"at": "2025-09-01", "q": "18070"}, ["Phường Thành Sen"]),
        ({"at": "2025-03-01", "q": "truong vinh"}, []),
    ],
    ids=[
        "new-provinces",
        "old-provinces",
        "old-communes",
        "new-communes",
        "no-districts-after-2025",
        "search-without-diacritics",
        "search-with-diacritics",
        "search-upper-case-prefix",
        "search-by-code",
        "search-respects-the-date",
    ],
)
def test_list_filters(places: Any, params: dict[str, str], expected: list[str]) -> None:
    response = api_as(places.reader).get(URL, params)

    assert response.status_code == 200
    assert _names(response) == expected


def test_parent_filter(places: Any) -> None:
    response = api_as(places.reader).get(URL, {"at": "2025-09-01", "parent": places.ha_tinh.pk})

    assert _names(response) == ["Phường Thành Sen"]


def test_exact_and_prefix_matches_come_first(places: Any) -> None:
    from tuphap.places.tests import factories

    factories.commune("16999", "Xã Bắc Nghệ An Mới", places.nghe_an)
    factories.commune("16998", "Xã Nghệ An Đông", places.nghe_an)

    response = api_as(places.reader).get(URL, {"at": "2025-09-01", "q": "nghe an"})

    assert _names(response) == ["Tỉnh Nghệ An", "Xã Nghệ An Đông", "Xã Bắc Nghệ An Mới"]


def test_default_date_is_today(places: Any, time_machine: Any) -> None:
    time_machine.move_to("2025-05-01 10:00 +07:00")

    response = api_as(places.reader).get(URL, {"level": "commune"})

    assert _names(response) == ["Phường Lê Mao"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"at": "01/07/2025"}, "at"),
        ({"at": "2025-02-30"}, "at"),
        ({"level": "village"}, "level"),
        ({"parent": "abc"}, "parent"),
        ({"parent": "0"}, "parent"),
    ],
    ids=[
        "at-wrong-format",
        "at-impossible-day",
        "level-unknown",
        "parent-not-number",
        "parent-zero",
    ],
)
def test_bad_filters_are_named(places: Any, params: dict[str, str], field: str) -> None:
    response = api_as(places.reader).get(URL, params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


def test_anonymous_is_refused(db: Any) -> None:
    response = APIClient().get(URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_anonymous_detail_is_refused(places: Any) -> None:
    assert APIClient().get(f"{URL}{places.vinh.pk}").status_code == 401


def test_list_has_no_n_plus_one(places: Any, django_assert_num_queries: Any) -> None:
    from tuphap.places.tests import factories

    for number in range(20):
        factories.commune(f"17{number:03d}", f"Xã Thêm {number}", places.nghe_an)
    client = api_as(places.reader)

    with django_assert_num_queries(2):  # the count and the page, provinces joined
        response = client.get(URL, {"at": "2025-09-01"})

    assert response.json()["count"] == 24


def test_detail_shows_both_sides_of_the_crosswalk(places: Any) -> None:
    client = api_as(places.reader)

    new = client.get(f"{URL}{places.vinh.pk}").json()
    old = client.get(f"{URL}{places.vinh_old.pk}").json()

    assert new["predecessors"] == [
        {
            "id": places.vinh_old.pk,
            "code": "16681",
            "name": "Phường Lê Mao",
            "level": "commune",
            "kind": "whole",
            "valid_from": None,
            "valid_to": "2025-06-30",
        }
    ]
    assert new["successors"] == []
    assert [item["name"] for item in old["successors"]] == ["Phường Trường Vinh"]
    assert (old["name"], old["valid_to"], old["province"]["id"]) == (
        "Phường Lê Mao",
        "2025-06-30",
        places.nghe_an_old.pk,
    )


def test_detail_of_a_missing_unit_is_404(places: Any) -> None:
    response = api_as(places.reader).get(f"{URL}999999")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_reference_data_are_not_limited_to_the_jurisdiction(world: Any) -> None:
    # A commune officer in Nghệ An reads Hà Tĩnh's units: places are reference data.
    client = api_as(world.users["civil_status_officer"])

    response = client.get(URL, {"at": "2025-09-01", "parent": world.ha_tinh.pk})

    assert _names(response) == ["Phường Thành Sen"]
