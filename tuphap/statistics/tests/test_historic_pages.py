"""The statistician's pages and the API for historic figures (ADR 0016): the same services,
refusals in the one error shape, every bad cell named."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import api_as
from tuphap.statistics.aggregate.models import HistoricBatch, HistoricFigure, HistoricStatus
from tuphap.statistics.tests.test_historic_report import RECEIVED, load, staff, workbook

pytestmark = pytest.mark.usefixtures("indicators")
__all__ = ["staff"]  # the fixture, shared

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(handle: io.BytesIO, name: str = "lich-su.xlsx") -> Any:
    handle.name = name  # type: ignore[attr-defined]
    return handle


def test_the_page_opens_for_the_ministry_and_not_for_a_province(staff: Any, client: Any) -> None:
    client.force_login(staff.statistician)
    page = client.get("/statistics/historic/")
    assert page.status_code == 200
    assert 'data-testid="historic-upload-form"' in page.content.decode()

    client.force_login(staff.users["statistics_officer"])  # Nghệ An's
    assert client.get("/statistics/historic/").status_code == 403


def test_the_template_downloads_and_bad_choices_are_named(staff: Any, client: Any) -> None:
    client.force_login(staff.statistician)
    good = client.get(
        "/statistics/historic/template",
        {"indicators": RECEIVED, "level": "province", "periods": "2024H1, 2024H2"},
    )
    assert good.status_code == 200
    assert good["Content-Type"] == XLSX
    assert 'filename="historic-province-2024H1-2024H2.xlsx"' in good["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(good.content)).worksheets[0]
    assert (sheet.cell(7, 4).value, sheet.cell(7, 5).value) == ("2024H1", "2024H2")

    bad = client.get("/statistics/historic/template", {"level": "commune", "periods": "2024Q9"})
    text = bad.content.decode()
    assert bad.status_code == 400
    assert "Choose at least one indicator." in text
    assert "Choose the province whose communes are listed." in text
    assert "2024Q9 is not a period code" in text


def test_upload_lists_every_bad_cell_then_a_good_one_is_approved(staff: Any, client: Any) -> None:
    client.force_login(staff.statistician)
    bad = client.post(
        "/statistics/historic/upload",
        {
            "title": "Báo cáo 2024",
            "file": _file(workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): "nhiều"})),
        },
    )
    assert bad.status_code == 400
    assert (
        "Sheet 1. test.cases.received, row 9, column D: "
        "Enter a whole number, not &#x27;nhiều&#x27;." in bad.content.decode()
    )
    assert not HistoricBatch.objects.exists()

    good = client.post(
        "/statistics/historic/upload",
        {
            "title": "Báo cáo 2024",
            "file": _file(workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100})),
        },
    )
    batch = HistoricBatch.objects.get()
    assert good.status_code == 302
    assert good["Location"] == f"/statistics/historic/{batch.pk}/"
    assert (batch.file_name, batch.figure_count) == ("lich-su.xlsx", 1)
    # the uploader is not offered the decision
    assert 'data-testid="historic-approve"' not in client.get(good["Location"]).content.decode()

    client.force_login(staff.approver)
    detail = client.get(good["Location"]).content.decode()
    assert 'data-testid="historic-approve"' in detail
    assert client.post(f"/statistics/historic/{batch.pk}/approve").status_code == 302
    batch.refresh_from_db()
    assert batch.status == HistoricStatus.APPROVED


def test_the_api_uploads_and_steps(staff: Any) -> None:
    statistician, approver = api_as(staff.statistician), api_as(staff.approver)
    bad = statistician.post(
        "/api/v1/statistics/historic",
        {
            "title": "Báo cáo 2024",
            "file": _file(workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): -1})),
        },
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["file"] == [
        "Sheet 1. test.cases.received, row 9, column D: A figure cannot be negative."
    ]
    assert not HistoricFigure.objects.exists()

    made = statistician.post(
        "/api/v1/statistics/historic",
        {
            "title": "Báo cáo 2024",
            "file": _file(workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100})),
        },
        format="multipart",
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["status"], body["figure_count"]) == ("submitted", 1)
    assert body["indicators"] == [
        {
            "indicator": RECEIVED,
            "figures": 1,
            "total": 100,
            "first_period": "2024",
            "shadowed": 0,
        }
    ]
    url = f"/api/v1/statistics/historic/{body['id']}/steps"
    refused = approver.post(url, {"action": "reject"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {"comment": ["A reason is required."]}
    assert statistician.post(url, {"action": "approve"}, format="json").status_code == 403
    approved = approver.post(url, {"action": "approve"}, format="json")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    listed = approver.get("/api/v1/statistics/historic")
    assert [row["id"] for row in listed.json()["results"]] == [body["id"]]
    province = api_as(staff.users["statistics_officer"])
    assert province.get("/api/v1/statistics/historic").status_code == 403
    assert province.get(f"/api/v1/statistics/historic/{body['id']}").status_code == 404


def test_the_admin_shows_uploads_read_only(staff: Any, admin_client: Any) -> None:
    load(staff, workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100}))
    batch = HistoricBatch.objects.get()

    assert admin_client.get("/admin/statistics/historicbatch/").status_code == 200
    assert admin_client.get("/admin/statistics/historicfigure/").status_code == 200
    page = admin_client.get(f"/admin/statistics/historicbatch/{batch.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
