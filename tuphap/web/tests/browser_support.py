"""Fixtures and helpers of the browser tests (a real Chromium, Debian's package, driven by
Playwright). Registered for every test module by the root ``conftest.py``; only tests marked
``browser`` use them. A missing browser fails the run: it never skips.

The ``page`` fixture fails the test when the page raises a JavaScript error, when one of its
assets (a stylesheet, a script, an image) cannot be loaded, or when it asks another site for
anything (every asset is served by the app).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageStat

from tuphap.accounts.tests.factories import PASSWORD

LOCAL_HOSTS = ("localhost", "127.0.0.1")  # the live server
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed: run `apt-get install chromium` (Debian's package).")


@pytest.fixture(scope="session")
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


class Problems:
    """JavaScript errors, failed asset loads and requests to other sites seen by one page."""

    def __init__(self, page: Any) -> None:
        self.seen: list[str] = []
        page.on("pageerror", lambda error: self.seen.append(f"JavaScript error: {error}"))
        page.on("response", self._response)
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https") and url.hostname not in LOCAL_HOSTS:
            self.seen.append(f"request leaving the site: {request.url}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.seen.append(f"{response.status} for {response.url}")


def open_page(browser: Any) -> tuple[Any, Any, Problems]:
    """A new context (no cookies: a new visitor, a browser set up in Việt Nam) and its page,
    with its problems recorded."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(10_000)
    opened = context.new_page()
    return context, opened, Problems(opened)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context, opened, problems = open_page(browser)
    yield opened
    context.close()
    assert problems.seen == [], problems.seen


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def assert_not_blank(png: bytes, name: str) -> None:
    """Keep the screenshot in ``var/screenshots/<name>.png``; fail when it looks blank."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("L")
    stddev = ImageStat.Stat(image).stddev[0]
    distinct = len(image.getcolors(maxcolors=1_000_000) or [])
    assert stddev > 10, f"{name}: screenshot looks blank (stddev {stddev:.1f})"
    assert distinct > 20, f"{name}: only {distinct} grey levels in the screenshot"
