"""The inspector's inspection in a real Chromium, in Vietnamese: opened from this year's plan
(the plan item prefills it), the team typed, the on-site work started and ended on their days,
the team's report and the conclusion with a recommendation to recover money, the
recommendation followed up to implemented, the conclusion downloaded as DOCX, and the follow-up
closed so that the workqueue empties. The steps are recorded from the paper file, each dated
on its own day."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import docx
import pytest
import time_machine
from django.urls import clear_url_caches
from django.utils import translation

from tuphap.casework.models import Case
from tuphap.core.models import AuditEvent
from tuphap.oversight.inspections import rules, services
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import Inspection, Recommendation
from tuphap.oversight.tests.conftest import Inspectorates
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Monday 7 December 2026, 10:00 in Việt Nam.
MONDAY = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """These pages are seen in Vietnamese, the default."""
    clear_url_caches()
    with translation.override("vi"):
        yield
    clear_url_caches()


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _label(state: str) -> str:
    with translation.override("vi"):
        return str(inspections.SPEC.state_label(state))


def test_an_inspection_from_the_plan_to_its_conclusion_and_the_money_recovered(
    world: Any, inspectorates: Inspectorates, live_server: Any, page: Any
) -> None:
    services.plan_approve(
        actor=inspectorates.inspector,
        year=2026,
        approval_number="01/QĐ-STP",
        approved_on=D(2025, 12, 20),
        items=[
            services.ItemData("Phòng Công chứng số 1 tỉnh Nghệ An", quarter=1),
            services.ItemData("Công ty đấu giá hợp danh Vinh", quarter=2),
        ],
    )
    base = live_server.url
    expect = _expect()
    sign_in(page, base, "thanhtra_nghean")

    page.goto(f"{base}/oversight/inspections/plan/?year=2026")
    expect(page.locator("[data-testid=planned]")).to_have_text("2")
    expect(page.locator("[data-testid=started]")).to_have_text("0")
    page.locator("[data-testid=open-from-plan]").first.click()

    form = page.locator("[data-testid=inspection-form]")
    expect(form.locator("[name=kind]")).to_have_value(rules.Kind.PLANNED)
    expect(form.locator("[name=subjects]")).to_have_value("Phòng Công chứng số 1 tỉnh Nghệ An")
    form.locator("[name=title]").fill("Thanh tra việc chấp hành pháp luật về công chứng")
    form.locator("[name=decision_number]").fill("12/QĐ-STP")
    form.locator("[name=decision_date]").fill("2026-02-10")
    form.locator("[name=issuer]").fill("Giám đốc Sở Tư pháp tỉnh Nghệ An")
    form.locator("[name=subjects]").fill("Phòng Công chứng số 1 tỉnh Nghệ An | notary")
    form.locator("[name=team]").fill(
        "Nguyễn Văn Trưởng Đoàn | head\nLê Thị Thành Viên | member\nTrần Văn Phó | deputy"
    )
    form.locator("[name=scope]").fill("Hoạt động công chứng năm 2025")
    form.locator("[name=period_from]").fill("2025-01-01")
    form.locator("[name=period_to]").fill("2025-12-31")
    assert_not_blank(page.screenshot(full_page=True), "inspection-new-from-plan")
    form.locator("button[type=submit]").click()

    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(inspections.DECIDED))
    # Decided Tuesday 10 Feb 2026: announced and started within 15 days → Wednesday 25 Feb.
    expect(page.locator("[data-testid=case-due]")).to_contain_text("25/02/2026")
    team = page.locator("[data-testid=team] tr")
    expect(team).to_have_count(3)
    expect(team.first).to_contain_text("Nguyễn Văn Trưởng Đoàn")
    expect(team.first).to_contain_text("Trưởng đoàn")

    def record(transition: str, on: str, **fields: str) -> None:
        steps = page.locator("[data-testid=step-form]")
        steps.locator("[name=transition]").select_option(transition)
        steps.locator("[name=on]").fill(on)
        for name, value in fields.items():
            steps.locator(f"[name={name}]").fill(value)
        steps.locator("button[type=submit]").click()

    record("start_on_site", "2026-02-24")
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(inspections.ON_SITE))
    # 45 days on site from 24 Feb → Friday 10 Apr.
    expect(page.locator("[data-testid=case-due]")).to_contain_text("10/04/2026")
    record("end_on_site", "2026-04-03")
    # The team's report within 15 days of 3 Apr: Saturday 18 Apr → Monday 20 Apr.
    expect(page.locator("[data-testid=case-due]")).to_contain_text("20/04/2026")
    expect(page.locator("body")).to_contain_text("24/02/2026 – 03/04/2026")
    record("report", "2026-04-15")
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(inspections.CONCLUDING))
    record(
        "conclude",
        "2026-05-08",
        number="05/KL-STP",
        summary="Phòng công chứng thu phí công chứng vượt mức quy định.",
    )
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(inspections.FOLLOWING_UP))
    expect(page.locator("[data-testid=conclusion]")).to_contain_text("05/KL-STP · 08/05/2026")

    recommendation = page.locator("[data-testid=recommendation-form]")
    recommendation.locator("[name=kind]").select_option(rules.RecommendationKind.MONEY)
    recommendation.locator("[name=text]").fill("Thu hồi phí công chứng thu vượt mức")
    recommendation.locator("[name=amount]").fill("35.500.000")
    recommendation.locator("[name=due_on]").fill("2026-08-08")
    recommendation.locator("button[type=submit]").click()
    rows = page.locator("[data-testid=recommendations] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("35.500.000 đ")
    expect(rows.first).to_contain_text("08/08/2026")

    # Past its date and still followed up: first in the workqueue, counted as overdue.
    page.goto(f"{base}/oversight/inspections/workqueue/")
    queue = page.locator("[data-testid=inspection-workqueue] tbody tr")
    expect(queue).to_have_count(1)
    expect(queue.first).to_contain_text("12/QĐ-STP")
    expect(queue.first).to_have_class("overdue")
    expect(page.locator("[data-testid=late-count]")).to_have_text("1")
    queue.first.locator("a").first.click()

    follow_up = page.locator("[data-testid=follow-up-form]")
    follow_up.locator("[name=status]").select_option(rules.RecommendationStatus.IMPLEMENTED)
    follow_up.locator("[name=on]").fill("2026-07-30")
    follow_up.locator("[name=recovered]").fill("35.500.000")
    follow_up.locator("button[type=submit]").click()
    rows = page.locator("[data-testid=recommendations] tbody tr")
    with translation.override("vi"):
        implemented = str(rules.RecommendationStatus.IMPLEMENTED.label)
    expect(rows.first).to_contain_text(f"{implemented} 30/07/2026")
    expect(rows.first).to_contain_text("đã thu hồi 35.500.000 đ")

    with page.expect_download() as download_info:
        page.locator("[data-testid=conclusion-docx]").click()
    assert download_info.value.suggested_filename == "ket-luan-thanh-tra-05-KL-STP.docx"
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    heading = document.tables[0].rows[0].cells
    assert heading[0].text.endswith("Số: 05/KL-STP")
    assert heading[1].text.startswith(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    )
    assert heading[1].text.endswith("Nghệ An, ngày 08 tháng 5 năm 2026")
    assert "KẾT LUẬN THANH TRA" in text
    assert "Phòng công chứng thu phí công chứng vượt mức quy định." in text
    assert "số tiền kiến nghị thu hồi: 35.500.000 đ" in text
    assert "Nguyễn Văn Trưởng Đoàn" in document.tables[1].rows[1].cells[0].text

    record("close", "2026-08-03")
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(inspections.CLOSED))
    assert_not_blank(page.screenshot(full_page=True), "inspection-closed")

    page.goto(f"{base}/oversight/inspections/workqueue/")
    expect(page.locator("[data-testid=inspection-workqueue] tbody tr")).to_have_count(1)
    expect(page.locator("[data-testid=inspection-workqueue]")).not_to_contain_text("12/QĐ-STP")
    page.goto(f"{base}/oversight/inspections/plan/?year=2026")
    expect(page.locator("[data-testid=started]")).to_have_text("1")
    expect(page.locator("[data-testid=concluded]")).to_have_text("1")

    inspection = Inspection.objects.get(decision_number="12/QĐ-STP")
    assert inspection.kind == rules.Kind.PLANNED
    assert inspection.plan_item is not None
    assert inspection.plan_item.subject == "Phòng Công chứng số 1 tỉnh Nghệ An"
    assert Case.objects.get(pk=inspection.case_id).state == inspections.CLOSED
    money = Recommendation.objects.get(inspection=inspection)
    assert (money.amount, money.recovered, money.status) == (35_500_000, 35_500_000, "implemented")
    assert AuditEvent.objects.filter(
        action="oversight.inspection.conclusion_downloaded", object_id=str(inspection.case_id)
    ).exists()
