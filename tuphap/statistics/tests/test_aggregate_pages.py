"""Aggregate forms in the browser's terms: the list, the grid saved cell by cell with htmx and
as a whole form without JavaScript, the workflow buttons, the workbook round trip with every
bad cell named, completeness, the home card, and the report page showing form indicators."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tuphap.statistics.aggregate import facts, services
from tuphap.statistics.aggregate.models import AggregateValue, FormReport
from tuphap.statistics.aggregate.testing import GOOD, people, sample_data_set

pytestmark = pytest.mark.django_db
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture(autouse=True)
def july() -> Any:
    with time_machine.travel(datetime.datetime(2026, 7, 5, 9, 0, tzinfo=VN), tick=False):
        yield


@pytest.fixture
def setup(world: Any) -> Any:
    data_set = sample_data_set()
    facts.provider.invalidate()
    return data_set, people(world)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _open(client: Client) -> FormReport:
    response = client.post(
        reverse("statistics:form_open"), {"data_set": "sample", "period": "2026H1"}
    )
    assert response.status_code == 302
    return FormReport.objects.get()


def test_the_officer_opens_a_due_form_and_saves_cells_one_by_one(setup: Any) -> None:
    _data_set, team = setup
    client = _client(team.officer)
    listing = client.get(reverse("statistics:forms"))
    assert b'data-testid="open-sample-2026H1"' in listing.content
    report = _open(client)
    page = client.get(reverse("statistics:form", args=[report.pk]))
    assert page.status_code == 200
    assert b"hx-post=" in page.content
    cell = reverse("statistics:form_cell", args=[report.pk])
    answer = client.post(cell, {"received.male": "5"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert b'id="box-received.male"' in answer.content
    assert b'value="5"' in answer.content
    assert b'id="total-received" hx-swap-oob="true">5<' in answer.content
    assert b'hx-swap-oob="true"' in answer.content
    assert b"form-findings" in answer.content
    bad = client.post(cell, {"done": "bảy"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200  # htmx swaps the cell in with its reason
    assert b'aria-invalid="true"' in bad.content
    assert b'data-testid="error-done"' in bad.content
    assert AggregateValue.objects.get().value == 5


def test_without_javascript_the_whole_form_saves_and_submits(setup: Any) -> None:
    _data_set, team = setup
    client = _client(team.officer)
    report = _open(client)
    url = reverse("statistics:form", args=[report.pk])
    refused = client.post(
        url, {**{k: str(v) for k, v in GOOD.items()}, "done": "x", "action": "save"}
    )
    assert refused.status_code == 200
    assert b'data-testid="error-done"' in refused.content
    assert not AggregateValue.objects.exists()  # all or nothing
    wrong = client.post(
        url, {**{k: str(v) for k, v in GOOD.items()}, "done": "9", "action": "submit"}, follow=True
    )
    assert b'data-testid="finding-flow"' in wrong.content
    report.refresh_from_db()
    assert report.status == "draft"  # the error blocked the submission
    ok = client.post(url, {**{k: str(v) for k, v in GOOD.items()}, "action": "submit"}, follow=True)
    report.refresh_from_db()
    assert report.status == "submitted"
    assert b'data-testid="form-locked"' in ok.content


def test_the_approver_returns_and_approves_others_are_refused(world: Any, setup: Any) -> None:
    _data_set, team = setup
    report = services.report_open(actor=team.officer, data_set=_data_set, period="2026H1")
    services.values_save(actor=team.officer, report=report, cells=GOOD)
    services.report_submit(actor=team.officer, report=report)
    approver = _client(team.approver)
    page = approver.get(reverse("statistics:form", args=[report.pk]))
    assert b'data-testid="form-approve"' in page.content
    assert (
        _client(team.other_approver).get(reverse("statistics:form", args=[report.pk])).status_code
        == 404
    )
    assert (
        _client(team.officer).post(reverse("statistics:form_approve", args=[report.pk])).status_code
        == 403
    )
    approver.post(reverse("statistics:form_return", args=[report.pk]), {"comment": "Số nữ sai"})
    report.refresh_from_db()
    assert report.status == "returned"
    services.report_submit(actor=team.officer, report=report)
    approver.post(reverse("statistics:form_approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "approved"
    ministry = _client(team.ministry)
    ministry.post(reverse("statistics:form_accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "accepted"
    home = _client(team.officer).get(reverse("web:home"))
    assert b'data-testid="card-aggregate-forms"' in home.content


def test_the_workbook_round_trip_names_every_bad_cell_and_saves_nothing(setup: Any) -> None:
    _data_set, team = setup
    client = _client(team.officer)
    report = _open(client)
    services.values_save(actor=team.officer, report=report, cells={"done": 1})
    download = client.get(reverse("statistics:form_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(download.content))
    sheet = book["sample"]
    assert sheet["A8"].value == "carried_in"
    assert sheet["C7"].value == "male"
    assert sheet["E10"].value == 1  # done, in the Total column
    sheet["C9"], sheet["D9"] = 5, "ba"  # received male, female
    sheet["C8"] = 4  # carried_in has no breakdown: the male column does not apply
    sheet["A13"] = "unknown"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "form.xlsx"
    refused = client.post(reverse("statistics:form_upload", args=[report.pk]), {"file": buffer})
    text = refused.content.decode()
    assert 'data-testid="upload-errors"' in text
    assert "row 9, column D" in text
    assert "row 8, column C" in text
    assert "row 13, column A" in text
    assert AggregateValue.objects.filter(report=report).count() == 1
    sheet["D9"], sheet["C8"], sheet["A13"] = 3, None, None
    sheet["E8"] = 2
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "form.xlsx"
    client.post(reverse("statistics:form_upload", args=[report.pk]), {"file": buffer})
    values = {
        (v.element.code, v.option.code if v.option else None): v.value
        for v in AggregateValue.objects.filter(report=report)
    }
    assert values == {
        ("carried_in", None): 2,
        ("received", "male"): 5,
        ("received", "female"): 3,
        ("done", None): 1,
    }


def test_completeness_page_and_the_report_page_with_form_indicators(world: Any, setup: Any) -> None:
    data_set, team = setup
    report = services.report_open(actor=team.officer, data_set=data_set, period="2026H1")
    services.values_save(actor=team.officer, report=report, cells=GOOD)
    services.report_submit(actor=team.officer, report=report)
    services.report_approve(actor=team.approver, report=report)
    page = _client(team.approver).get(
        reverse("statistics:forms_completeness"), {"data_set": "sample", "period": "2026H1"}
    )
    assert page.status_code == 200
    assert b'data-testid="completeness-rate">100.0 %' in page.content
    report_page = _client(world.users["statistics_officer"]).get(
        reverse("statistics:report"),
        {
            "indicators": ["form.sample.received", "form.sample.received.female"],
            "period": "2026H1",
            "level": "province",
        },
    )
    assert report_page.status_code == 200
    assert b"form.sample.received" in report_page.content
    assert b"form.sample.received.female" in report_page.content
    from tuphap.accounts.roles import Role
    from tuphap.accounts.tests import factories

    outsider = factories.user("chv_x", world.doj_nghe_an, Role.ENFORCEMENT_OFFICER)
    assert _client(outsider).get(reverse("statistics:forms")).status_code == 403
    assert _client(outsider).get(reverse("statistics:form", args=[report.pk])).status_code == 404
