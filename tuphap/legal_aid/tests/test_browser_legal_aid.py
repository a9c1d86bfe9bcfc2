"""The legal aid officer's night in a real Chromium, in Vietnamese: the police notify the centre
of a detained person's request, the officer records the notice (the case is accepted at once,
the performer due within 12 hours), assigns a contracted lawyer, starts the work and completes
the case; the workqueue empties and the book lists it."""

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
from tuphap.legal_aid.cases.models import LegalAidCase
from tuphap.legal_aid.tests.conftest import centre, performer
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Saturday 5 December 2026, 23:00 in Việt Nam: the night a detained person asks for a lawyer.
SATURDAY_NIGHT = datetime.datetime(2026, 12, 5, 16, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def saturday_night() -> Iterator[None]:
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
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


def test_a_police_notice_to_an_assigned_lawyer_and_a_completed_case(
    world: Any, live_server: Any, page: Any
) -> None:
    nghe_an = centre(world, world.nghe_an, "Nghệ An")
    account_factories.user("trogiup_nghean", nghe_an, Role.LEGAL_AID_OFFICER)
    lawyer = performer("Luật sư Nguyễn Văn An", nghe_an, "HD-01/2024")
    base = live_server.url
    expect = _expect()
    sign_in(page, base, "trogiup_nghean")

    page.goto(f"{base}/legal-aid/notices/new/")
    expect(page.locator("h1")).to_have_text("Ghi nhận thông báo của cơ quan tiến hành tố tụng")
    form = page.locator("[data-testid=notice-form]")
    form.locator("[name=body_kind]").select_option("investigation")
    form.locator("[name=body_name]").fill("Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An")
    form.locator("[name=officer_name]").fill("Điều tra viên Hồ Văn Dũng")
    form.locator("[name=requested_at]").fill("2026-12-05T21:30")
    form.locator("[name=notified_at]").fill("2026-12-05T22:00")
    form.locator("[name=place]").select_option(str(world.vinh.pk))
    form.locator("[name=full_name]").fill("Phan Văn Tạm Giữ")
    form.locator("[name=sex]").select_option("male")
    form.locator("[name=group]").select_option("poor_household")
    form.locator("[name=proof]").fill("Giấy chứng nhận hộ nghèo số 12/2026")
    form.locator("[name=matter]").fill("Bị tạm giữ vì nghi trộm cắp tài sản")
    form.locator("[name=procedural_status]").select_option("detained")
    form.locator("[name=stage]").select_option("investigation")
    assert_not_blank(page.screenshot(full_page=True), "legal-aid-notice-new")
    form.locator("button[type=submit]").click()

    expect(page.locator("[data-testid=case-state]")).to_have_text(
        "Đã thụ lý, chưa cử người thực hiện"
    )
    # Accepted at 22:00 on Saturday: the lawyer is due by 10:00 on Sunday, real hours.
    expect(page.locator("[data-testid=case-due]")).to_have_text("06/12/2026 10:00")
    expect(page.locator("[data-testid=notice]")).to_contain_text("Đúng hạn")

    page.goto(f"{base}/legal-aid/")
    row = page.locator("[data-testid=legal-aid-workqueue] tbody tr").first
    expect(row).to_contain_text("Phan Văn Tạm Giữ")
    expect(row).to_contain_text("Có thông báo")
    row.locator("a").click()

    assign = page.locator("[data-testid=assign-form]")
    assign.locator("[name=performer]").select_option(str(lawyer.pk))
    assign.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("Đã cử người thực hiện")
    expect(page.locator("[data-testid=case-performer]")).to_have_text("Luật sư Nguyễn Văn An")
    expect(page.get_by_text("Cử người đúng hạn")).to_be_visible()

    steps = page.locator("[data-testid=step-form]")
    steps.locator("[name=transition]").select_option("start")
    steps.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("Đang thực hiện")

    steps = page.locator("[data-testid=step-form]")
    steps.locator("[name=transition]").select_option("complete")
    steps.locator("[name=result]").fill("Đã bào chữa; cơ quan điều tra đình chỉ điều tra")
    steps.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("Hoàn thành")
    expect(page.locator("[data-testid=timeline] tbody tr")).to_have_count(5)
    assert_not_blank(page.screenshot(full_page=True), "legal-aid-case-completed")

    page.goto(f"{base}/legal-aid/")
    expect(page.locator("[data-testid=legal-aid-workqueue]")).to_contain_text("Không có việc chờ")
    detail = LegalAidCase.objects.get(full_name="Phan Văn Tạm Giữ")
    assert detail.assigned_on_time is True
    assert detail.case.state == "completed"
