"""The inspector's complaint in a real Chromium: a complaint received at the Department of
Justice, accepted (the 30-day limit), found complex with its criteria (45 days from the
acceptance) and decided at first instance; the workqueue then shows the window for a second
complaint."""

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
from tuphap.oversight.complaints import workflow as flow
from tuphap.oversight.complaints.models import Complaint
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Monday 7 December 2026, 09:00 in Việt Nam.
MONDAY = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Override the app's English fixture: these pages are seen in Vietnamese, the default."""
    clear_url_caches()
    with translation.override("vi"):
        yield
    clear_url_caches()


def test_accept_find_complex_and_decide_a_complaint(
    world: Any, live_server: Any, page: Any
) -> None:
    from playwright.sync_api import expect

    account_factories.user("thanhtra_nghean", world.doj_nghe_an, Role.INSPECTOR)
    base = live_server.url
    sign_in(page, base, "thanhtra_nghean")

    page.goto(f"{base}/oversight/complaints/new/")
    form = page.locator("[data-testid=complaint-form]")
    form.locator("[name=place]").select_option(str(world.vinh.pk))
    form.locator("[name=subject]").fill("Khiếu nại quyết định thu hồi đất")
    form.locator("[name=content]").fill("Không đồng ý Quyết định số 12/QĐ-UBND về thu hồi đất ở")
    form.locator("[name=act_kind]").select_option("decision")
    form.locator("[name=act_description]").fill("Quyết định số 12/QĐ-UBND ngày 20/11/2026")
    form.locator("[name=respondent]").fill("Chủ tịch UBND phường Trường Vinh")
    form.locator("[name=known_on]").fill("2026-12-01")
    form.locator("[name=received_on]").fill("2026-12-07")
    form.locator("[name=complainants]").fill("Lê Văn Khiếu; 040090001234; Khối 3 *")
    form.locator("button[type=submit]").click()
    # 7 working days from Monday 7 Dec 2026: Wednesday 16 Dec
    expect(page.locator("[data-testid=case-due]")).to_have_text("16/12/2026")
    assert_not_blank(page.screenshot(full_page=True), "complaint-received")

    page.locator("[data-testid=action-accept] button[type=submit]").click()
    # 30 days from the acceptance on 7 Dec 2026: Wednesday 6 Jan 2027
    expect(page.locator("[data-testid=case-due]")).to_have_text("06/01/2027")

    complex_form = page.locator("[data-testid=action-determine_complex]")
    complex_form.locator("input[value=several_sites]").check()
    complex_form.locator("input[value=many_complainants]").check()
    complex_form.locator("[name=determine_complex-reason]").fill(
        "Phải xác minh tại hai phường; nhiều hộ cùng khiếu nại."
    )
    complex_form.locator("button[type=submit]").click()
    # 45 days from the acceptance: Thursday 21 Jan 2027
    expect(page.locator("[data-testid=case-due]")).to_have_text("21/01/2027")
    expect(page.locator("[data-testid=complex]")).to_be_visible()
    expect(page.locator("[data-testid=determinations]")).to_contain_text("21/01/2027")
    expect(page.locator("[data-testid=notice-complex]")).to_be_visible()

    decide = page.locator("[data-testid=action-decide]")
    decide.locator("[name=decide-number]").fill("30/QĐ-STP")
    decide.locator("[name=decide-outcome]").select_option("partly_right")
    decide.locator("[name=decide-money_restored]").fill("15000000")
    decide.locator("button[type=submit]").click()
    # the window for a second complaint: 30 days from the decision, Wed 6 Jan 2027
    expect(page.locator("[data-testid=case-due]")).to_have_text("06/01/2027")
    expect(page.locator("[data-testid=timeline] tbody tr")).to_have_count(4)
    assert_not_blank(page.screenshot(full_page=True), "complaint-decided")

    page.goto(f"{base}/oversight/complaints/")
    row = page.locator("[data-testid=complaint-workqueue] tbody tr").first
    expect(row).to_have_attribute("data-kind", "window")
    detail = Complaint.objects.get()
    assert (detail.case.state, detail.complex_first, detail.first_on_time) == (
        flow.FIRST_DECIDED,
        True,
        True,
    )
    assert detail.money_restored == 15_000_000
