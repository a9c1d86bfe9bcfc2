"""The reception desk in a real Chromium: the inspector registers a citizen's letter, then the
same citizen's second letter on the same matter; while its content is typed the desk shows the
first letter as a duplicate candidate (htmx), and the second is registered linked to it, not
counted again; the first is classified outside competence and transferred, once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import clear_url_caches
from django.utils import translation

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.oversight.reception.models import Letter
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)  # 9:00 in Việt Nam
CONTENT = (
    "Khiếu nại quyết định thu hồi đất số 123/QĐ-UBND của Ủy ban nhân dân phường Trường Vinh "
    "về việc bồi thường diện tích đất vườn của gia đình không đúng quy định"
)


@pytest.fixture(autouse=True)
def monday_morning() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Override the app's English fixture: these pages are seen in Vietnamese, the default."""
    clear_url_caches()
    with translation.override("vi"):
        yield
    clear_url_caches()


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _fill(form: Any, day: str, content: str) -> None:
    form.locator("[name=received_on]").fill(day)
    form.locator("[name=channel]").select_option("post")
    form.locator("[name=full_name]").fill("Nguyễn Văn Khải")
    form.locator("[name=pin]").fill("040090001234")
    form.locator("[name=address]").fill("Khối 5, phường Trường Vinh")
    form.locator("[name=content]").fill(content)


def test_a_letter_and_its_duplicate_detected_at_the_desk(
    world: Any, live_server: Any, page: Any
) -> None:
    account_factories.user("thanhtra_nghean", world.doj_nghe_an, Role.INSPECTOR)
    base = live_server.url
    expect = _expect()
    sign_in(page, base, "thanhtra_nghean")

    page.goto(f"{base}/oversight/letters/new/")
    form = page.locator("[data-testid=letter-form]")
    _fill(form, "2026-11-02", CONTENT)
    expect(page.locator("[data-testid=no-candidates]")).to_be_visible()
    form.locator("button.primary[type=submit]").click()
    expect(page.locator("[data-testid=letter-facts]")).to_be_visible()
    first = Letter.objects.get()

    # The same citizen writes again: the desk finds the first letter as they type.
    page.goto(f"{base}/oversight/letters/new/")
    form = page.locator("[data-testid=letter-form]")
    _fill(form, "2026-11-20", "Tôi tiếp tục " + CONTENT.lower())
    candidate = page.locator("[data-testid=candidate]")
    expect(candidate).to_have_count(1)
    expect(candidate).to_contain_text(str(first))
    assert_not_blank(page.screenshot(full_page=True), "reception-desk-duplicate")
    form.locator("button.primary[type=submit]").click()
    expect(page.locator("[data-testid=duplicate-of]")).to_contain_text(str(first))
    second = Letter.objects.exclude(pk=first.pk).get()
    assert second.duplicate_of == first

    # The first is outside competence: transferred, and only once.
    page.goto(f"{base}/oversight/letters/{first.pk}/")
    classify = page.locator("[data-testid=classify-form]")
    classify.locator("[name=classification]").select_option("complaint")
    classify.locator("[name=competence]").select_option("outside")
    classify.locator("[name=on]").fill("2026-11-03")
    classify.locator("button[type=submit]").click()
    transfer = page.locator("[data-testid=transfer-form]")
    transfer.locator("[name=to_name]").fill("Ủy ban nhân dân tỉnh Nghệ An")
    transfer.locator("[name=on]").fill("2026-11-05")
    transfer.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=handling]")).to_contain_text("Ủy ban nhân dân tỉnh Nghệ An")
    expect(page.locator("[data-testid=transfer-form]")).to_have_count(0)
    first.refresh_from_db()
    assert first.handling == "transferred"
