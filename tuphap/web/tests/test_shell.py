from __future__ import annotations

import re
from typing import Any

from django.test import Client


def test_home_is_vietnamese_by_default_and_english_on_request(world: Any, client: Client) -> None:
    client.force_login(world.users["statistics_officer"])

    vietnamese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()

    assert '<html lang="vi">' in vietnamese
    assert "Tổng quan" in vietnamese
    assert "Thống kê" in vietnamese
    assert '<html lang="en">' in english
    assert "Overview" in english


def test_language_switch_remembers_the_choice(world: Any, client: Client) -> None:
    client.force_login(world.users["statistics_officer"])

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"


def test_every_asset_of_the_layout_is_served_by_the_app(world: Any, client: Client) -> None:
    client.force_login(world.users["statistics_officer"])
    page = client.get("/").content.decode()

    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js|svg|png|woff2?))"', page)
    assert assets
    for url in assets:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url


def test_html_404_page(world: Any, client: Client) -> None:
    client.force_login(world.users["statistics_officer"])
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_navigation_shows_audit_only_to_auditors(world: Any, client: Client) -> None:
    client.force_login(world.users["auditor"])
    assert "/audit/" in client.get("/").content.decode()

    client.force_login(world.users["leader"])
    assert "/audit/" not in client.get("/").content.decode()


def test_navigation_leaves_out_areas_whose_pages_are_for_other_roles(
    world: Any, client: Client
) -> None:
    client.force_login(world.users["statistics_officer"])
    page = client.get("/").content.decode()

    # The statistics officer opens no civil status page: the area is not "coming soon".
    assert 'data-area="statistics"' in page
    assert 'data-area="civil_status"' not in page
    assert 'data-area="legal_aid"' not in page  # its pages are for other roles
    assert 'data-area="outreach"' not in page  # the outreach officers' and readers' pages
    assert 'data-area="oversight"' not in page


def test_health_check(db: Any, client: Client) -> None:
    assert client.get("/healthz").json()["status"] == "ok"


def test_dashboard_shows_my_work_to_officers_but_not_to_leaders(world: Any, client: Client) -> None:
    client.force_login(world.users["provincial_specialist"])
    assert 'data-testid="card-my-work"' in client.get("/").content.decode()

    client.force_login(world.users["leader"])
    assert 'data-testid="card-my-work"' not in client.get("/").content.decode()
