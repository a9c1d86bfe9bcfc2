"""The pages in a real Chromium (Debian's package), driven by Playwright.

Run by ``make test-browser`` (and ``.ci/run``); the fixtures are in ``browser_support``.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_switch_language_and_open_the_report(
    world: Any, live_server: Any, page: Any
) -> None:
    base = live_server.url
    sign_in(page, base, "thongke_nghean")

    # Vietnamese is the default language.
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Thống kê" in (page.locator("nav.sidebar").text_content() or "")
    assert_not_blank(page.screenshot(full_page=True), "home-vi")

    page.click("[data-testid=language-en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Statistics" in (page.locator("nav.sidebar").text_content() or "")

    # The sign-in itself is audited; refresh the rollups so the report has a figure for it.
    call_command("refresh_rollups", indicators="system.audit.actions", stdout=io.StringIO())
    page.goto(f"{base}/en/statistics/report")
    page.select_option("select[name=indicators]", "system.audit.actions")
    page.fill("input[name=period]", str(timezone.localdate().year))
    page.select_option("select[name=level]", "province")
    page.click("[data-testid=report-submit]")
    page.wait_for_selector("[data-testid=report-table]")

    row = page.locator("[data-testid=report-table] tbody tr").first
    assert "Nghệ An" in row.inner_text()
    assert int(row.locator("[data-testid=report-value]").inner_text()) >= 1
    assert_not_blank(page.screenshot(full_page=True), "report-en")


def test_wrong_password_shows_a_form_error(world: Any, live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "thongke_nghean")
    page.fill("#id_password", "not-the-password")
    page.click("form[data-testid=login-form] button[type=submit]")

    assert page.locator(".error").count() >= 1
    assert page.url.endswith("/login/")


def test_assets_are_served_by_the_app(world: Any, live_server: Any, page: Any) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, live_server.url, "thongke_nghean")
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_load_state("networkidle")

    foreign = [
        url
        for url in requested
        if not url.startswith(live_server.url) and not url.startswith("data:")
    ]
    assert foreign == []
    assert any(url.endswith(".css") for url in requested)
