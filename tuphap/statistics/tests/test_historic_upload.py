"""Loading historic figures (ADR 0016): the workbook, every bad cell by sheet, row and column,
all or nothing, and the approval chain with its audit rows."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.statistics.aggregate import historic, historic_xlsx
from tuphap.statistics.aggregate.models import (
    HistoricBatch,
    HistoricEvent,
    HistoricFigure,
    HistoricStatus,
)
from tuphap.statistics.aggregate.xlsx import UploadRefused
from tuphap.statistics.tests.test_historic_report import RECEIVED, load, staff, workbook

pytestmark = pytest.mark.usefixtures("indicators")
__all__ = ["staff"]  # the fixture, shared


def test_the_template_has_a_sheet_per_indicator_and_greys_units_that_did_not_exist(
    staff: Any,
) -> None:
    request = historic_xlsx.template_request(
        indicators=[RECEIVED, "test.notaries"],
        level="province",
        province=None,
        period_codes="2024, 2025H2",
    )
    book = load_workbook(io.BytesIO(historic_xlsx.template(request)))

    assert book.sheetnames == ["1. test.cases.received", "2. test.notaries"]
    sheet = book.worksheets[0]
    assert [sheet.cell(4, column).value for column in (1, 2, 4)] == [
        "historic",
        RECEIVED,
        "province",
    ]
    assert [sheet.cell(7, column).value for column in (1, 3, 4, 5)] == [
        "unit",
        "agency",
        "2024",
        "2025H2",
    ]
    assert [sheet.cell(row, 1).value for row in (8, 9, 10)] == ["TW", "40", "42"]
    assert sheet.cell(9, 2).value == "Tỉnh Nghệ An"  # old and new share the code and name


def test_a_unit_that_did_not_exist_in_a_period_is_grey_and_stays_empty(staff: Any) -> None:
    # Phường Thành Sen (18070) exists from 1 July 2025 only
    request = historic_xlsx.template_request(
        indicators=[RECEIVED], level="commune", province="42", period_codes="2024, 2025H2"
    )
    book = load_workbook(io.BytesIO(historic_xlsx.template(request)))
    sheet = book.worksheets[0]
    assert [sheet.cell(row, 1).value for row in (8, 9)] == ["TW", "18070"]
    assert sheet.cell(9, 4).fill.fgColor.rgb == "00DDDDDD"  # 2024
    assert sheet.cell(9, 5).fill.fill_type is None  # 2025H2
    sheet.cell(9, 4, 5)
    sheet.cell(9, 5, 6)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    with pytest.raises(UploadRefused) as refused:
        historic_xlsx.read(buffer)

    assert [str(error) for error in refused.value.errors] == [
        "Sheet 1. test.cases.received, row 9, column D: "
        "Unit 18070 did not exist in 2024; leave the cell empty."
    ]


def test_the_template_refuses_what_it_cannot_make(staff: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        historic_xlsx.template_request(
            indicators=["test.cases.done_rate", "test.nope"],
            level="district",
            province=None,
            period_codes="2024Q5, 2099, THADS2024",
        )

    fields = refused.value.fields
    assert fields["indicators"] == [
        "test.cases.done_rate is computed from test.cases.done, test.cases.received; load those.",
        "Unknown indicator test.nope.",
    ]
    assert fields["level"] == ["Choose the province or the commune level."]
    with pytest.raises(ValidationFailed) as unknown:
        historic_xlsx.template_request(
            indicators=[RECEIVED], level="commune", province="99", period_codes="2024"
        )
    assert unknown.value.fields == {"province": ["No province has the code 99."]}
    assert fields["periods"] == [
        "2024Q5 is not a period code (e.g. 2024, 2024H1, 2024Q3, 2024M05).",
        "2099 has not ended: historic figures are for past periods.",
        "THADS2024: historic figures are given by year, half-year, quarter or month.",
    ]


def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(
    staff: Any,
) -> None:
    handle = workbook(
        [RECEIVED, "test.cases.done"],
        "2024, 2025H2",
        {
            (RECEIVED, "40", "2024"): 100,  # good
            (RECEIVED, "42", "2024"): -3,
            ("test.cases.done", "40", "2024"): "12,5",
            ("test.cases.done", "42", "2025H2"): 7,  # good
        },
    )
    book = load_workbook(handle)
    book.worksheets[0].cell(11, 1, "99")  # a unit code nobody has
    book.worksheets[0].cell(11, 4, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    with pytest.raises(UploadRefused) as refused:
        historic_xlsx.upload(actor=staff.statistician, handle=buffer, title="Số liệu 2024")

    assert [str(error) for error in refused.value.errors] == [
        "Sheet 1. test.cases.received, row 10, column D: A figure cannot be negative.",
        "Sheet 1. test.cases.received, row 11, column A: No province has the code 99.",
        "Sheet 2. test.cases.done, row 9, column D: Enter a whole number, not '12,5'.",
    ]
    assert (HistoricBatch.objects.count(), HistoricFigure.objects.count()) == (0, 0)
    assert not AuditEvent.objects.filter(action__startswith="statistics.historic").exists()


def test_overlapping_periods_and_a_unit_that_did_not_exist_are_refused(staff: Any) -> None:
    handle = workbook(
        [RECEIVED],
        "2024, 2024H2, 2025H2",
        {(RECEIVED, "40", "2024"): 10, (RECEIVED, "40", "2024H2"): 4},
    )
    book = load_workbook(handle)
    sheet = book.worksheets[0]
    sheet.cell(11, 1, "16681")  # a commune's code on a province sheet
    sheet.cell(11, 4, 1)
    sheet.cell(12, 1, "TW")  # central level twice
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    with pytest.raises(UploadRefused) as refused:
        historic_xlsx.read(buffer)

    assert [str(error) for error in refused.value.errors] == [
        "Sheet 1. test.cases.received, row 9, column E: "
        "2024H2 overlaps 2024 on the same row: the figure would count twice.",
        "Sheet 1. test.cases.received, row 11, column A: No province has the code 16681.",
        "Sheet 1. test.cases.received, row 12, column A: "
        "Unit TW appears twice with the same agency.",
    ]


def test_a_figure_goes_to_the_unit_valid_in_its_period(staff: Any) -> None:
    figures = historic_xlsx.read(
        workbook(
            [RECEIVED],
            "2025H1, 2025H2",
            {
                (RECEIVED, "40", "2025H1"): 3,
                (RECEIVED, "40", "2025H2"): 4,
                (RECEIVED, "TW", "2025H2"): 9,
            },
        )
    )

    assert [(f.period, f.place_id, f.province_id, f.month.isoformat()) for f in figures] == [
        ("2025H2", None, None, "2025-12-01"),
        ("2025H1", staff.nghe_an_old.pk, staff.nghe_an_old.pk, "2025-06-01"),
        ("2025H2", staff.nghe_an.pk, staff.nghe_an.pk, "2025-12-01"),
    ]


def test_the_approval_chain_is_audited(staff: Any) -> None:
    batch = load(
        staff, workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100}), approve=False
    )
    assert (batch.status, batch.figure_count) == (HistoricStatus.SUBMITTED, 1)

    with pytest.raises(AccessDenied):
        historic.batch_approve(actor=staff.statistician, batch=batch)
    with pytest.raises(ValidationFailed) as refused:
        historic.batch_reject(actor=staff.approver, batch=batch, comment=" ")
    assert refused.value.fields == {"comment": ["A reason is required."]}

    historic.batch_approve(actor=staff.approver, batch=batch, comment="Khớp báo cáo năm")
    with pytest.raises(Conflict):
        historic.batch_approve(actor=staff.approver, batch=batch)
    historic.batch_withdraw(actor=staff.approver, batch=batch, comment="Thay bằng bản sửa")

    batch.refresh_from_db()
    assert (batch.status, batch.comment) == (HistoricStatus.WITHDRAWN, "Thay bằng bản sửa")
    assert list(batch.events.values_list("action", flat=True)) == [
        "upload",
        "approve",
        "withdraw",
    ]
    assert list(
        AuditEvent.objects.filter(action__startswith="statistics.historic")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "statistics.historic.upload",
        "statistics.historic.approve",
        "statistics.historic.withdraw",
    ]
    assert HistoricEvent.objects.filter(batch=batch, actor=staff.approver).count() == 2


def test_a_second_upload_giving_the_same_figure_is_not_approved(staff: Any) -> None:
    load(staff, workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100}))
    second = load(
        staff, workbook([RECEIVED], "2024Q4", {(RECEIVED, "40", "2024Q4"): 30}), approve=False
    )

    with pytest.raises(Conflict) as refused:
        historic.batch_approve(actor=staff.approver, batch=second)

    assert refused.value.message == (
        "An approved upload already gives test.cases.received for 40 over 2024Q4; "
        "withdraw it first."
    )
    second.refresh_from_db()
    assert second.status == HistoricStatus.SUBMITTED


def test_only_the_ministrys_statistician_uploads(staff: Any) -> None:
    with pytest.raises(AccessDenied):
        historic_xlsx.upload(
            actor=staff.users["statistics_officer"],  # a province's
            handle=workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 1}),
            title="x",
        )
    assert not HistoricBatch.objects.exists()
