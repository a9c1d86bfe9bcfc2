"""The civil status officer's day in a real Chromium, in Vietnamese (the default language): a
birth application from filing to registration, then the birth certificate issued, downloaded as
PDF and verified by an anonymous visitor on ``/verify/``."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import clear_url_caches
from django.utils import timezone, translation
from pypdf import PdfReader

from tuphap.civil_status.applications.models import Application
from tuphap.civil_status.extracts.models import Extract
from tuphap.web.tests.browser_support import assert_not_blank, open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHILD = "Lê Minh Khôi"


# Monday 23 November 2026, 09:00 in Việt Nam: a working day, before 15:00. The clock ticks from
# there (for the server too), so the appointment does not depend on the day the tests run.
MONDAY_MORNING = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def monday_morning() -> Iterator[None]:
    with time_machine.travel(MONDAY_MORNING, tick=True):
        yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Override the app's English fixture: these pages are seen in Vietnamese, the default."""
    clear_url_caches()
    with translation.override("vi"):
        yield
    clear_url_caches()


def file_birth_application(page: Any, base: str) -> None:
    """Fill the new-application page for a birth and record it."""
    page.goto(f"{base}/civil-status/applications/new/")
    expect = _expect()
    expect(page.locator("h1")).to_have_text("Tiếp nhận hồ sơ mới")
    born = timezone.localdate() - datetime.timedelta(days=5)
    form = page.locator("[data-testid=application-form]")
    form.locator("[name=applicant_name]").fill("Lê Văn Hải")
    form.locator("[name=applicant_relationship]").fill("Cha")
    form.locator("[name=applicant_id_number]").fill("040085001234")
    form.locator("[name=channel]").select_option("in_person")
    form.locator("[name=family_name]").fill("Lê")
    form.locator("[name=middle_name]").fill("Minh")
    form.locator("[name=given_name]").fill("Khôi")
    form.locator("[name=sex]").select_option("male")
    form.locator("[name=date_of_birth]").fill(born.isoformat())
    form.locator("[name=place_of_birth]").fill("Bệnh viện Sản Nhi Nghệ An")
    form.locator("[name=mother_name]").fill("Trần Thị Mai")
    form.locator("[name=mother_year]").fill("1995")
    form.locator("[name=father_name]").fill("Lê Văn Hải")
    form.locator("[name=father_year]").fill("1992")
    form.locator("[name=declarant_name]").fill("Lê Văn Hải")
    form.locator("[name=declarant_relationship]").fill("Cha")
    assert_not_blank(page.screenshot(full_page=True), "civil-status-application-new")
    form.locator("button[type=submit]").click()


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def register_birth(page: Any, base: str) -> str:
    """File, accept and register a birth; the application's page URL."""
    expect = _expect()
    file_birth_application(page, base)
    expect(page.locator("[data-testid=application-state]")).to_have_text("Đã nộp, chờ tiếp nhận")
    page.click("[data-testid=accept]")
    expect(page.locator("[data-testid=application-state]")).to_have_text(
        "Đã tiếp nhận, đã hẹn trả kết quả"
    )
    application_url = page.url
    page.click("[data-testid=register]")
    expect(page.locator("[data-testid=application-state]")).to_have_text("Đã đăng ký")
    return application_url


def test_officer_files_accepts_prints_the_slip_and_registers_a_birth(
    world: Any, live_server: Any, page: Any
) -> None:
    expect = _expect()
    base = live_server.url
    sign_in(page, base, "hotich_vinh")

    file_birth_application(page, base)

    state = page.locator("[data-testid=application-state]")
    expect(state).to_have_text("Đã nộp, chờ tiếp nhận")
    # The data filed reads as labelled fields, not as JSON.
    data = page.locator("[data-testid=application-data]")
    expect(data).to_contain_text("Tên")
    expect(data).to_contain_text("Khôi")
    expect(data).to_contain_text("Nam")
    expect(data).not_to_contain_text("{")
    expect(data).not_to_contain_text("given_name")
    assert_not_blank(page.screenshot(full_page=True), "civil-status-application-submitted")

    page.click("[data-testid=accept]")
    expect(state).to_have_text("Đã tiếp nhận, đã hẹn trả kết quả")
    appointment = page.locator("[data-testid=appointment]")
    # A birth is registered the same working day when the file is complete before 15:00.
    appointment_text = "23/11/2026 16:00"
    expect(appointment).to_have_text(appointment_text)
    application = Application.objects.get()
    assert timezone.localtime(application.appointment_at).strftime("%d/%m/%Y %H:%M") == (
        appointment_text
    )
    assert_not_blank(page.screenshot(full_page=True), "civil-status-application-accepted")

    page.click("[data-testid=slip-link]")
    expect(page.locator("h1")).to_have_text("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    expect(page.locator("[data-testid=receipt-number]")).to_have_text("0001/2026")
    day, time = appointment_text.split(" ")
    expect(page.locator("[data-testid=appointment]")).to_have_text(f"{time} {day}")
    expect(page.locator("body")).to_contain_text("Lê Văn Hải")
    expect(page.locator("[data-testid=time-limit-basis]")).to_have_text(
        "Khoản 2 Điều 16, khoản 3 Điều 5 Luật Hộ tịch 2014"
    )
    assert_not_blank(page.screenshot(full_page=True), "civil-status-appointment-slip")
    page.click("text=Quay lại hồ sơ")

    page.click("[data-testid=register]")
    expect(state).to_have_text("Đã đăng ký")
    application.refresh_from_db()
    registration = application.registration
    assert registration is not None
    expect(page.locator("[data-testid=registration-link]")).to_contain_text(
        f"số {registration.entry_number}"
    )
    expect(page.locator("[data-testid=on-time]")).to_have_text("Giải quyết đúng hạn")
    assert_not_blank(page.screenshot(full_page=True), "civil-status-application-registered")

    page.click("[data-testid=return]")
    expect(state).to_have_text("Đã trả kết quả")
    page.goto(f"{base}/civil-status/applications/")
    expect(page.locator("main")).not_to_contain_text("Lê Văn Hải")


def test_officer_issues_and_downloads_the_certificate_a_visitor_verifies_it(
    world: Any, live_server: Any, page: Any, browser: Any
) -> None:
    expect = _expect()
    base = live_server.url
    sign_in(page, base, "hotich_vinh")
    register_birth(page, base)

    page.click("[data-testid=registration-link]")
    expect(page.locator("h1")).to_contain_text("Số")
    expect(page.locator("[data-testid=registration]")).to_contain_text(CHILD)
    assert_not_blank(page.screenshot(full_page=True), "civil-status-registration")
    issue = page.locator("[data-testid=extract-form]")
    issue.locator("[name=kind]").select_option("original")
    issue.locator("[name=signer_name]").fill("Nguyễn Văn Bình")
    issue.locator("[name=signer_title]").fill("Phó Chủ tịch")
    issue.locator("button[type=submit]").click()

    code = page.locator("[data-testid=code]")
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$"))
    printed_code = code.inner_text()
    extract = Extract.objects.get()
    assert printed_code == extract.code
    expect(page.locator("[data-testid=extract]")).to_contain_text(CHILD)
    assert_not_blank(page.screenshot(full_page=True), "civil-status-extract")

    with page.expect_download() as downloading:
        page.click("[data-testid=download]")
    download = downloading.value
    volume = extract.snapshot["volume_number"].replace("/", "-")
    entry = extract.snapshot["entry_number"]
    assert download.suggested_filename == f"ban-chinh-birth-{volume}-so-{entry}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    printed = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages)
    assert CHILD.upper() in printed.upper()
    assert printed_code in printed

    # A visitor, not signed in, checks the paper.
    context, visitor, problems = open_page(browser)
    try:
        visitor.goto(f"{base}/verify/")
        expect(visitor.locator("h1")).to_have_text("Xác minh giấy tờ hộ tịch, trích lục")
        visitor.fill("[data-testid=verify-form] [name=code]", printed_code)
        visitor.click("[data-testid=verify-form] button[type=submit]")
        result = visitor.locator("[data-testid=verify-result]")
        expect(result).to_contain_text("Hợp lệ: giấy tờ này do cơ quan đăng ký hộ tịch cấp.")
        expect(result).to_contain_text(CHILD)
        expect(visitor.locator("[data-testid=verify-unchanged]")).to_be_visible()
        assert_not_blank(visitor.screenshot(full_page=True), "verify-genuine")

        visitor.goto(f"{base}/verify/")
        visitor.fill("[data-testid=verify-form] [name=code]", "AAAA-BBBB-CCCC-DDDD")
        visitor.click("[data-testid=verify-form] button[type=submit]")
        expect(result).to_contain_text(
            "Không tìm thấy: không có giấy tờ nào được cấp với mã xác minh này."
        )
        expect(result).not_to_contain_text(CHILD)
        assert_not_blank(visitor.screenshot(full_page=True), "verify-not-found")
    finally:
        context.close()
    assert problems.seen == []
