"""The state compensation officer's claim in a real Chromium, in Vietnamese: a claim received
from a person acquitted after detention, accepted, given a resolver, an advance of half the
mental harm paid, the damage verified, negotiated and decided, the funding received, the
claimant notified and paid; the decision downloads as DOCX and the workqueue empties. The steps
are recorded from the paper file, each dated on its own day."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import clear_url_caches
from django.utils import translation

from tuphap.casework.models import Case
from tuphap.core import official_docx
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import CompensationClaim
from tuphap.oversight.tests.test_compensation_services import agencies
from tuphap.web.tests.browser_support import assert_not_blank, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Monday 7 December 2026, 10:00 in Việt Nam.
MONDAY = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)


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
        return compensation.SPEC.state_label(state)


def test_a_claim_from_receipt_through_an_advance_to_a_decision_and_payment(
    world: Any, live_server: Any, page: Any
) -> None:
    comp = agencies(world)
    base = live_server.url
    expect = _expect()
    sign_in(page, base, "boithuong_nghean")

    page.goto(f"{base}/oversight/compensation/new/")
    form = page.locator("[data-testid=claim-form]")
    form.locator("[name=place]").select_option(str(world.vinh.pk))
    form.locator("[name=received_on]").fill("2026-11-02")
    form.locator("[name=claimant_kind]").select_option("injured")
    form.locator("[name=claimant_name]").fill("Trần Văn Oan")
    form.locator("[name=claimant_address]").fill("Phường Trường Vinh, Nghệ An")
    form.locator("[name=sector]").select_option("criminal")
    form.locator("[name=basis_kind]").select_option("acquittal")
    form.locator("[name=basis_number]").fill("15/2026/HS-PT")
    form.locator("[name=basis_date]").fill("2026-10-20")
    form.locator("[name=basis_issuer]").fill("Tòa án nhân dân tỉnh Nghệ An")
    form.locator("[name=basis_received_on]").fill("2026-10-25")
    form.locator("[name=unlawful_act]").fill("Bị tạm giam 180 ngày rồi được tuyên không phạm tội")
    form.locator("[name=honour_form]").select_option("apology")
    form.locator("[name=damage_mental]").fill("200.000.000")
    form.locator("[name=damage_lost_income]").fill("60.000.000")
    assert_not_blank(page.screenshot(full_page=True), "compensation-claim-new")
    form.locator("button[type=submit]").click()

    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(compensation.RECEIVED))
    expect(page.locator("[data-testid=total-claimed]")).to_have_text("260.000.000 đ")
    expect(page.locator("[data-testid=statute]")).to_have_text("25/10/2029")

    def record(transition: str, on: str, **fields: str) -> None:
        steps = page.locator("[data-testid=step-form]")
        steps.locator("[name=transition]").select_option(transition)
        steps.locator("[name=on]").fill(on)
        for name, value in fields.items():
            control = steps.locator(f"[name={name}]")
            if name == "resolver":
                control.select_option(value)
            else:
                control.fill(value)
        steps.locator("button[type=submit]").click()

    record("accept", "2026-11-03")
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(compensation.ACCEPTED))
    # The resolver within 2 working days of Tuesday 3 Nov: Thursday 5 Nov.
    expect(page.locator("[data-testid=case-due]")).to_have_text("05/11/2026")
    record("assign_resolver", "2026-11-04", resolver=str(comp.resolver.pk))
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(compensation.VERIFYING))
    # Verification: 15 days from the acceptance, Wednesday 18 Nov.
    expect(page.locator("[data-testid=case-due]")).to_have_text("18/11/2026")

    advance = page.locator("[data-testid=advance-form]")
    advance.locator("[name=requested_on]").fill("2026-11-04")
    advance.locator("[name=mental]").fill("200.000.000")
    advance.locator("[name=computable]").fill("0")
    advance.locator("[name=amount]").fill("100.000.000")
    advance.locator("button[type=submit]").click()
    rows = page.locator("[data-testid=advances] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("11/11/2026")  # due within 5 working days
    paid = page.locator("[data-testid=advance-pay-form]")
    paid.locator("[name=paid_on]").fill("2026-11-06")
    paid.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=advanced]")).to_have_text("100.000.000 đ")

    record("verify", "2026-11-12", damage_mental="150.000.000", damage_lost_income="60.000.000")
    record("start_negotiation", "2026-11-13")
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(compensation.NEGOTIATING))
    record(
        "decide",
        "2026-11-16",
        decision_number="05/QĐ-BTNN",
        handed_over_on="2026-11-17",
        damage_mental="150.000.000",
        damage_lost_income="60.000.000",
    )
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(compensation.DECIDED))
    expect(page.locator("[data-testid=total-decided]")).to_have_text("210.000.000 đ")
    expect(page.locator("[data-testid=owed]")).to_have_text("110.000.000 đ")
    # Handed over on 17 Nov, effective 15 days later; the funding request within 2 working days.
    expect(page.locator("[data-testid=decision]")).to_contain_text("05/QĐ-BTNN")
    expect(page.locator("[data-testid=case-due]")).to_have_text("04/12/2026")

    with page.expect_download() as download_info:
        page.locator("[data-testid=decision-docx]").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    text = official_docx.text_of(content)
    assert "Số: 05/QĐ-BTNN" in text
    assert "210.000.000 đ" in text

    record("request_funding", "2026-12-02")
    record("funds_received", "2026-12-04")
    record("notify", "2026-12-04")
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(compensation.NOTIFIED))
    record("pay", "2026-12-07", amount="110.000.000")
    expect(page.locator("[data-testid=case-state]")).to_have_text(_label(compensation.PAID))
    expect(page.locator("[data-testid=paid]")).to_have_text("110.000.000 đ")
    expect(page.locator("[data-testid=owed]")).to_have_text("0 đ")
    assert_not_blank(page.screenshot(full_page=True), "compensation-claim-paid")

    page.goto(f"{base}/oversight/compensation/")
    expect(page.locator("[data-testid=compensation-workqueue] tbody tr")).to_have_count(1)
    expect(page.locator("[data-testid=compensation-workqueue]")).not_to_contain_text("Trần Văn Oan")
    claim = CompensationClaim.objects.get(claimant_name="Trần Văn Oan")
    assert claim.decided_on_time is True
    assert claim.effective_on == datetime.date(2026, 12, 2)
    assert Case.objects.get(pk=claim.case_id).state == compensation.PAID
