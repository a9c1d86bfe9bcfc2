"""A ministry specialist's pages in a real Chromium, in Vietnamese (the default language): the
law-making programme and the check of a circular whose pre-checks failed, on the demo's data."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import clear_url_caches
from django.utils import translation

from conftest import World
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework import registry
from tuphap.legislation.checking import demo as checking_demo
from tuphap.legislation.checking.models import DocumentCheck
from tuphap.legislation.documents import demo
from tuphap.legislation.programme import demo as programme_demo
from tuphap.legislation.programme import workflow
from tuphap.legislation.programme.models import ProgrammeItem
from tuphap.legislation.tests import programme_factories
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VN = datetime.timezone(datetime.timedelta(hours=7))
# The day the demo data are made on (its dates are fixed in 2026).
DEMO_DAY = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Override the app's English fixture: these pages are seen in Vietnamese, the default."""
    clear_url_caches()
    with translation.override("vi"):
        yield
    clear_url_caches()


class _Output:
    def write(self, msg: str = "", /) -> None:
        del msg


@pytest.fixture
def demo_data(world: World) -> Iterator[None]:
    """The legislation, programme and checking demo steps, made and seen on a fixed day (the
    clock ticks from there, for the server too: what is overdue does not depend on the day the
    tests run)."""
    with time_machine.travel(DEMO_DAY, tick=True):
        programme_factories.central(world)
        account_factories.user("demo.bo", world.ministry, Role.MINISTRY_SPECIALIST)
        account_factories.user("demo.chuyenvien", world.doj_nghe_an, Role.PROVINCIAL_SPECIALIST)
        with translation.override("vi"):
            demo.legislation(_Output(), False)
            programme_demo.law_making_programme(_Output(), False)
            checking_demo.checking_and_review(_Output(), False)
        yield


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def test_ministry_specialist_reads_the_programme_and_the_prechecks_of_a_circular(
    demo_data: None, live_server: Any, page: Any
) -> None:
    expect = _expect()
    base = live_server.url
    sign_in(page, base, "demo.bo")

    page.click("nav.sidebar >> text=Chương trình xây dựng luật, pháp lệnh")
    expect(page.locator("h1")).to_have_text("Chương trình xây dựng luật, pháp lệnh năm 2026")
    items = page.locator("[data-testid=programme-item]")
    expect(items).to_have_count(ProgrammeItem.objects.count())
    adopted = ProgrammeItem.objects.filter(status="adopted").order_by("id").first()
    assert adopted is not None
    assert adopted.document is not None
    row = items.filter(has_text=adopted.title)
    expect(row).to_contain_text("Đã thông qua")
    expect(row).to_contain_text(adopted.document.number)
    expect(page.locator("[data-testid=overdue-appraisal]")).to_have_count(1)
    assert_not_blank(page.screenshot(full_page=True), "legislation-programme")

    # The overdue appraisal's dossier: its journal reads in words, not in codes.
    page.click("text=Hồ sơ thẩm định đến hạn")
    overdue = page.locator("[data-testid=appraisal-due].overdue")
    expect(overdue).to_have_count(1)
    overdue.locator("a").first.click()
    journal = page.locator("[data-testid=journal]")
    requested = registry.get(workflow.DRAFT).state_label(workflow.APPRAISAL_REQUESTED)
    assert requested != "Appraisal requested"
    expect(journal).to_contain_text(requested)
    expect(journal).not_to_contain_text(workflow.APPRAISAL_REQUESTED)
    assert_not_blank(page.screenshot(full_page=True), "legislation-dossier")

    page.goto(f"{base}/legislation/checks/")
    check = DocumentCheck.objects.select_related("document").get(document__number="05/2026/TT-BTP")
    row = page.locator("[data-testid=check-row]").filter(has_text=check.document.number)
    # The demo examines this circular: unlawful, its request to the issuer still to be sent.
    examined = registry.get(check.case.register).state_label(check.case.state)
    assert examined == "Đã kiểm tra"
    expect(row).to_contain_text(examined)
    row.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text(check.document.number)
    expect(page.locator("[data-testid=check-state]")).to_have_text(examined)
    caught = {finding["code"]: finding for finding in check.prechecks}
    for code in ("effective_date", "citations"):
        finding = page.locator(f"[data-testid=precheck-{code}]")
        expect(finding.locator(".badge").first).to_have_text("Không đạt")
        explanation = caught[code]["explanation"]
        assert explanation["vi"] != explanation["en"]
        expect(finding).to_contain_text(explanation["vi"])
    expect(page.locator("[data-testid=prechecks]")).not_to_contain_text("Failed")
    expect(page.locator("[data-testid=findings]")).to_be_visible()
    expect(page.locator("[data-testid=conclusion]")).to_have_text(check.get_conclusion_display())
    assert_not_blank(page.screenshot(full_page=True), "legislation-check-prechecks")

    page.goto(f"{base}/legislation/reviews/")
    expect(page.locator("main")).to_contain_text("Bộ Tư pháp")
    assert_not_blank(page.screenshot(full_page=True), "legislation-reviews")
