"""A mediator's case in a real Chromium, in Vietnamese: the commune's justice officer enters a
neighbours' dispute in the mediation book, assigns the team's mediator (the start is due within
3 days: Wednesday 2 Dec 2026 + 3 days is Saturday, so Monday 7 Dec), starts the mediation,
records a session and the agreement (successful), then its performance; the workqueue empties."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import clear_url_caches
from django.utils import translation

from tuphap.outreach.mediation.models import MediationCase
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wednesday 2 December 2026, 08:00 in Việt Nam.
WEDNESDAY = datetime.datetime(2026, 12, 2, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def wednesday() -> Iterator[None]:
    with time_machine.travel(WEDNESDAY, tick=True):
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


def test_a_mediator_records_a_case_to_success(
    outreach: Any, team: Any, live_server: Any, page: Any
) -> None:
    base = live_server.url
    expect = _expect()
    sign_in(page, base, "phobien_vinh")

    page.goto(f"{base}/outreach/mediation/book/new/")
    expect(page.locator("h1")).to_have_text("Ghi vụ, việc mới vào sổ hòa giải")
    form = page.locator("[data-testid=outreach-form]")
    form.locator("[name=team]").select_option(str(team.team.pk))
    form.locator("[name=received_at]").fill("2026-12-02T07:30")
    form.locator("[name=field]").select_option("neighbours")
    form.locator("[name=origin]").select_option("request")
    form.locator("[name=parties]").fill("Ông Hồ Văn An và ông Phan Văn Bình")
    form.locator("[name=dispute]").fill("Tranh chấp rãnh thoát nước giữa hai nhà")
    assert_not_blank(page.screenshot(full_page=True), "outreach-matter-new")
    form.locator("button[type=submit]").click()

    expect(page.locator("[data-testid=case-state]")).to_have_text(
        "Đã tiếp nhận, chưa phân công hòa giải viên"
    )
    assign = page.locator("[data-testid=assign-form]")
    assign.locator("[name=mediator]").select_option(str(team.leader.pk))
    assign.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text(
        "Đã phân công, chưa bắt đầu hòa giải"
    )
    expect(page.locator("[data-testid=start-due]")).to_have_text("07/12/2026")
    expect(page.locator("[data-testid=case-mediator]")).to_have_text("Nguyễn Thị Hòa")

    page.goto(f"{base}/outreach/mediation/")
    row = page.locator("[data-testid=outreach-workqueue] tbody tr").first
    expect(row).to_contain_text("Ông Hồ Văn An")
    expect(row).to_contain_text("Bắt đầu hòa giải")
    row.locator("a").click()

    page.locator("[data-testid=start-form] button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("Đang hòa giải")
    expect(page.get_by_text("Bắt đầu đúng hạn")).to_be_visible()

    meeting = page.locator("[data-testid=meeting-form]")
    meeting.locator("[name=note]").fill("Hai bên trình bày; hòa giải viên giải thích quy định")
    meeting.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=meetings]")).to_contain_text("Hai bên trình bày")

    conclude = page.locator("[data-testid=conclude-form]")
    conclude.locator("[name=transition]").select_option("succeed")
    conclude.locator("button[type=submit]").click()
    # No agreement written: refused on its field, the case unchanged.
    expect(page.get_by_text("Ghi thỏa thuận các bên đạt được.")).to_be_visible()
    conclude = page.locator("[data-testid=conclude-form]")
    conclude.locator("[name=transition]").select_option("succeed")
    conclude.locator("[name=agreement]").fill("Hai nhà cùng nạo vét rãnh, chia đôi chi phí")
    conclude.locator("[name=written_settlement]").check()
    conclude.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("Hòa giải thành")
    expect(page.locator("[data-testid=agreement]")).to_contain_text("chia đôi chi phí")

    follow = page.locator("[data-testid=follow-form]")
    follow.locator("[name=performance]").select_option("performed")
    follow.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=performance]")).to_contain_text("Đã thực hiện thỏa thuận")
    assert_not_blank(page.screenshot(full_page=True), "outreach-case-successful")

    page.goto(f"{base}/outreach/mediation/")
    expect(page.locator("[data-testid=outreach-workqueue]")).to_contain_text(
        "Không có việc chờ xử lý trong sổ hòa giải."
    )
    detail = MediationCase.objects.get()
    assert detail.case.state == "successful"
    assert detail.started_on_time is True
    assert detail.performance == "performed"
