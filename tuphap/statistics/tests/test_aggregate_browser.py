"""A commune's half-year form in a real Chromium: the officer fills the grid cell by cell
(each saved by htmx as it is left) with a figure that breaks the flow identity, sees the error,
fixes it and submits; the province returns it with a comment; the officer corrects it and
submits again; the province approves it and the figures are locked."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tuphap.statistics.aggregate import facts
from tuphap.statistics.aggregate.models import AggregateValue, FormReport
from tuphap.statistics.aggregate.testing import people, sample_data_set
from tuphap.statistics.models import Rollup
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture(autouse=True)
def july() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 7, 6, 9, 0, tzinfo=VN), tick=True):
        yield


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _fill(page: Any, name: str, value: str) -> None:
    """Type a figure and leave the cell; wait for htmx to swap the saved cell back in."""
    cell = page.locator(f"[data-testid='cell-{name}']")
    # htmx is loaded with defer: a cell typed into before it has processed the page (just
    # after a navigation) saves nothing, and the wait below would never end
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    # 30 s: on a loaded machine the save can take longer than Playwright's default 10 s
    with page.expect_response(lambda response: response.url.endswith("/cell"), timeout=30_000):
        cell.fill(value)
        cell.press("Tab")


def _sign_out(page: Any) -> None:
    page.context.clear_cookies()


def test_fill_fix_submit_return_correct_approve_lock(
    world: Any, live_server: Any, page: Any
) -> None:
    sample_data_set()
    facts.provider.invalidate()
    team = people(world)
    base = live_server.url
    expect = _expect()

    sign_in(page, base, team.officer.username)
    expect(page.locator("[data-testid=card-aggregate-forms]")).to_be_visible()
    page.goto(f"{base}/statistics/forms/")
    page.locator("[data-testid='open-sample-2026H1']").click()
    expect(page.locator("[data-testid=form-status]")).to_be_visible()
    for name, value in [
        ("carried_in", "2"),
        ("received.male", "5"),
        ("received.female", "3"),
        ("done", "9"),
        ("carried_forward", "3"),
    ]:
        _fill(page, name, value)
    expect(page.locator("#total-received")).to_have_text("8")
    expect(page.locator("[data-testid=finding-flow]")).to_contain_text("10 ≠ 12")
    expect(page.locator("[data-testid='cell-done']")).to_have_class("cell error")
    _fill(page, "done", "bảy")
    expect(page.locator("[data-testid='error-done']")).to_be_visible()
    assert_not_blank(page.screenshot(full_page=True), "aggregate-form-errors")
    page.locator("[data-testid=form-submit]").click()  # the whole form: refused, not saved
    expect(page.locator("[data-testid='error-done']")).to_be_visible()
    _fill(page, "done", "7")
    expect(page.locator("[data-testid=form-checks-pass]")).to_be_visible()
    page.locator("[data-testid=form-submit]").click()
    expect(page.locator("[data-testid=form-locked]")).to_be_visible()
    report = FormReport.objects.get()
    assert report.status == "submitted"
    assert AggregateValue.objects.filter(report=report).count() == 5

    _sign_out(page)
    sign_in(page, base, team.approver.username)
    page.goto(f"{base}/statistics/forms/{report.pk}/")
    page.locator("[data-testid=form-return-comment]").fill("Số nữ tiếp nhận là 4, kiểm tra lại")
    page.locator("[data-testid=form-return] button").click()
    expect(page.locator("[data-testid=form-comment]")).to_contain_text("Số nữ tiếp nhận là 4")

    _sign_out(page)
    sign_in(page, base, team.officer.username)
    page.goto(f"{base}/statistics/forms/{report.pk}/")
    expect(page.locator("[data-testid=form-comment]")).to_be_visible()
    _fill(page, "received.female", "4")
    expect(page.locator("[data-testid=finding-flow]")).to_be_visible()
    _fill(page, "carried_forward", "4")
    expect(page.locator("[data-testid=form-checks-pass]")).to_be_visible()
    page.locator("[data-testid=form-submit]").click()
    expect(page.locator("[data-testid=form-locked]")).to_be_visible()

    _sign_out(page)
    sign_in(page, base, team.approver.username)
    page.goto(f"{base}/statistics/forms/{report.pk}/")
    page.locator("[data-testid=form-approve]").click()
    expect(page.locator("[data-testid=form-locked]")).to_be_visible()
    expect(page.locator("[data-testid='cell-done']")).to_be_disabled()
    assert_not_blank(page.screenshot(full_page=True), "aggregate-form-approved")
    report.refresh_from_db()
    assert report.status == "approved"
    assert Rollup.objects.get(indicator="form.sample.received.female").value == 4
