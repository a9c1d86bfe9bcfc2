from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tuphap.core import navigation


@pytest.fixture
def browser(places: Any, client: Client) -> Client:
    client.force_login(places.reader)
    return client


def test_list_requires_login(db: Any, client: Client) -> None:
    response = client.get(reverse("places:list"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


def test_list_searches_at_a_date(browser: Client, places: Any) -> None:
    response = browser.get(reverse("places:list"), {"q": "le mao", "at": "2025-03-01"})

    assert response.status_code == 200
    assert [unit.name for unit in response.context["page"].object_list] == ["Phường Lê Mao"]
    assert b'data-testid="places-table"' in response.content


def test_list_filters_by_level(browser: Client) -> None:
    response = browser.get(reverse("places:list"), {"level": "province", "at": "2025-09-01"})

    assert [unit.name for unit in response.context["page"].object_list] == [
        "Tỉnh Nghệ An",
        "Tỉnh Hà Tĩnh",
    ]


def test_list_empty_state(browser: Client) -> None:
    response = browser.get(reverse("places:list"), {"q": "khong co", "at": "2025-09-01"})

    assert response.status_code == 200
    assert b'data-testid="places-empty"' in response.content
    assert b'data-testid="places-table"' not in response.content


def test_list_bad_date_shows_the_form_error(browser: Client) -> None:
    response = browser.get(reverse("places:list"), {"at": "not-a-date"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["at"]


def test_detail_of_an_old_unit_shows_what_it_became(browser: Client, places: Any) -> None:
    response = browser.get(reverse("places:detail", args=[places.vinh_old.pk]))

    assert response.status_code == 200
    assert response.context["became"] == [(places.vinh, "whole")]
    assert b'data-testid="place-became"' in response.content
    assert "Phường Trường Vinh" in response.content.decode()


def test_detail_of_a_new_unit_shows_what_it_was_made_from(browser: Client, places: Any) -> None:
    response = browser.get(reverse("places:detail", args=[places.vinh.pk]))

    assert response.context["made_from"] == [(places.vinh_old, "whole")]
    assert b'data-testid="place-made-from"' in response.content


def test_detail_without_crosswalk_rows_says_so(browser: Client, places: Any) -> None:
    response = browser.get(reverse("places:detail", args=[places.ha_tinh_ward.pk]))

    assert b'data-testid="place-no-crosswalk"' in response.content


def test_detail_of_a_missing_unit_is_404(browser: Client) -> None:
    assert browser.get(reverse("places:detail", args=[999999])).status_code == 404


def test_the_page_is_in_the_statistics_navigation(browser: Client) -> None:
    area = next(area for area in navigation.AREAS if area.key == "statistics")

    assert "places:list" in [link.url_name for link in area.links]
    assert reverse("places:list").encode() in browser.get(reverse("web:home")).content
