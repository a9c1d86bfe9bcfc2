"""The pages in a real Chromium (Debian's package), driven by Playwright.

Run by ``make test-browser`` (and ``.ci/run``). A missing browser fails the run: it never skips.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageStat

from tuphap.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed: run `apt-get install chromium` (Debian's package).")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
    # in the same thread are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def assert_not_blank(png: bytes, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("L")
    stddev = ImageStat.Stat(image).stddev[0]
    distinct = len(image.getcolors(maxcolors=1_000_000) or [])
    assert stddev > 10, f"{name}: screenshot looks blank (stddev {stddev:.1f})"
    assert distinct > 20, f"{name}: only {distinct} grey levels in the screenshot"


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
