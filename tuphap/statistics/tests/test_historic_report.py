"""Historic figures of past periods in reports (ADR 0016): used where records do not exist,
records win where both exist, and the report says which was used."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories
from tuphap.statistics import formats, selectors
from tuphap.statistics.aggregate import historic, historic_xlsx
from tuphap.statistics.aggregate.models import HistoricBatch
from tuphap.statistics.tests.conftest import cover, put

pytestmark = pytest.mark.usefixtures("indicators")

RECEIVED = "test.cases.received"


@pytest.fixture
def staff(world: Any) -> Any:
    world.statistician = factories.user("thongke_bo", world.ministry, Role.STATISTICS_OFFICER)
    world.approver = factories.user("pheduyet_bo", world.ministry, Role.REPORT_APPROVER)
    return world


def workbook(
    codes: list[str],
    period_codes: str,
    cells: dict[tuple[str, str, str], Any],
    *,
    province: str | None = None,
) -> io.BytesIO:
    """The template for ``codes`` at province level (the communes of ``province``), filled:
    (indicator, unit code, period) → value."""
    request = historic_xlsx.template_request(
        indicators=codes,
        level="commune" if province else "province",
        province=province,
        period_codes=period_codes,
    )
    book = load_workbook(io.BytesIO(historic_xlsx.template(request)))
    for sheet in book.worksheets:
        code = sheet.cell(historic_xlsx.MACHINE_ROW, 2).value
        columns = {
            sheet.cell(historic_xlsx.CODE_ROW, column).value: column
            for column in range(historic_xlsx.FIRST_PERIOD_COLUMN, sheet.max_column + 1)
        }
        rows = {
            sheet.cell(row, 1).value: row
            for row in range(historic_xlsx.FIRST_ROW, sheet.max_row + 1)
        }
        for (indicator, unit, period), value in cells.items():
            if indicator == code:
                sheet.cell(rows[unit], columns[period], value)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def load(world: Any, handle: io.BytesIO, *, approve: bool = True) -> HistoricBatch:
    batch = historic_xlsx.upload(
        actor=world.statistician, handle=handle, title="Báo cáo thống kê 2024"
    )
    if approve:
        batch = historic.batch_approve(actor=world.approver, batch=batch)
    return batch


def _rows(period: str, level: str = "nation", codes: str = RECEIVED) -> list[dict[str, Any]]:
    query = selectors.report_query_parse(indicators=codes, period=period, level=level)
    return selectors.report_national(query).rows


def test_term_adds_the_historic_year_to_the_recorded_year(staff: Any) -> None:
    # 2024 comes from the workbook (old Nghệ An, as at 2024); 2025 from the register.
    load(staff, workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100}))
    cover(RECEIVED, "2025-01", "2025-12")
    put(RECEIVED, "2025-03", staff.vinh_old, 5)
    put(RECEIVED, "2025-09", staff.vinh, 7)

    (row,) = _rows("2025")

    assert (row["value"], row["last_year"], row["term_to_date"]) == (12, 100, 112)
    assert row["change"] == -88.0
    assert row["historic"] == ["previous", "last_year", "change", "term_to_date"]
    # on the new boundaries old Nghệ An's 2024 goes to the new province
    (province,) = _rows("2025", "province")
    assert (province["place"], province["last_year"], province["term_to_date"]) == ("40", 100, 112)
    assert province["historic"] == ["previous", "last_year", "change", "term_to_date"]
    # the 2024 report is historic throughout
    (past,) = _rows("2024")
    assert (past["value"], past["historic"]) == (100, ["value", "term_to_date"])


def test_records_win_where_both_exist_and_nothing_is_marked(staff: Any) -> None:
    batch = load(
        staff,
        workbook(
            [RECEIVED],
            "2025M03, 2025M04",
            {(RECEIVED, "40", "2025M03"): 999, (RECEIVED, "42", "2025M04"): 4},
        ),
    )
    cover(RECEIVED, "2025-01", "2025-12")
    put(RECEIVED, "2025-03", staff.vinh_old, 5)  # a record of old Nghệ An in March

    (march,) = _rows("2025M03")
    (quarter,) = _rows("2025Q2")

    assert (march["value"], march["term_to_date"], march["historic"]) == (5, 5, [])
    # Hà Tĩnh's April has no record: its historic figure counts, and is marked
    assert (quarter["value"], quarter["historic"]) == (4, ["value", "term_to_date"])
    assert [(s.indicator, s.figures, s.shadowed) for s in historic.summary_of(batch)] == [
        (RECEIVED, 2, 1)
    ]


def test_only_approved_uploads_count(staff: Any) -> None:
    batch = load(
        staff, workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100}), approve=False
    )
    # submitted: not used, and nothing is computed for 2024
    assert _rows("2024")[0]["value"] is None

    historic.batch_approve(actor=staff.approver, batch=batch)
    assert _rows("2024")[0]["value"] == 100

    historic.batch_withdraw(actor=staff.statistician, batch=batch, comment="Số liệu sai")
    assert (_rows("2024")[0]["value"], _rows("2024")[0]["historic"]) == (None, [])


def test_exports_and_the_page_say_which_figures_are_historic(staff: Any, client: Any) -> None:
    load(staff, workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100}))
    cover(RECEIVED, "2025-01", "2025-12")
    put(RECEIVED, "2025-03", staff.vinh_old, 5)
    query = selectors.report_query_parse(indicators=RECEIVED, period="2025")
    report = selectors.report_national(query)

    assert (
        formats.to_csv(report)
        .splitlines()[1]
        .endswith(",false,previous last_year change term_to_date")
    )
    assert "†" in formats.to_table(report)

    client.force_login(staff.statistician)
    html = client.get("/statistics/report", {"indicators": RECEIVED, "period": "2025"})
    text = html.content.decode()
    assert html.status_code == 200
    assert 'data-testid="report-historic-legend"' in text
    # previous period and last year (2024), the change and the term to date
    assert text.count('class="historic"') == 4


def test_a_ratio_uses_historic_parts(staff: Any) -> None:
    done = "test.cases.done"
    load(
        staff,
        workbook(
            [RECEIVED, done],
            "2024",
            {(RECEIVED, "40", "2024"): 50, (done, "40", "2024"): 20},
        ),
    )

    (row,) = _rows("2024", codes="test.cases.done_rate")

    assert (row["value"], row["historic"]) == (40.0, ["value", "term_to_date"])


def test_stocks_and_latest_values_lie_where_form_values_do(staff: Any) -> None:
    pending, carried_in, notaries = "test.cases.pending", "test.cases.carried_in", "test.notaries"
    load(
        staff,
        workbook(
            [pending, carried_in, notaries],
            "2024",
            {
                (pending, "40", "2024"): 80,  # as at the end of 2024: December
                (carried_in, "40", "2024"): 30,  # as at its start: January
                (notaries, "40", "2024"): 9,
            },
        ),
    )
    for code in (pending, carried_in, notaries):
        cover(code, "2025-01", "2025-12")
    put(pending, "2025-12", staff.vinh, 70)
    put(carried_in, "2025-01", staff.vinh_old, 80)

    rows = {row["indicator"]: row for row in _rows("2025", codes=f"{pending},{carried_in}")}
    past = {row["indicator"]: row for row in _rows("2024H2", codes=f"{carried_in},{notaries}")}

    assert (rows[pending]["value"], rows[pending]["last_year"]) == (70, 80)
    assert rows[pending]["historic"] == ["previous", "last_year", "change"]
    assert (rows[carried_in]["value"], rows[carried_in]["last_year"]) == (80, 30)
    # the first half-year's opening stock is January 2024's; the second half has none
    assert (past[carried_in]["value"], past[carried_in]["previous"]) == (None, 30)
    assert (past[notaries]["value"], past[notaries]["historic"]) == (9, ["value", "term_to_date"])


def test_a_province_sees_only_its_own_historic_figures(staff: Any) -> None:
    load(
        staff,
        workbook(
            [RECEIVED],
            "2024",
            {
                (RECEIVED, "40", "2024"): 100,
                (RECEIVED, "42", "2024"): 30,
                (RECEIVED, "TW", "2024"): 5,
            },
        ),
    )
    query = selectors.report_query_parse(indicators=RECEIVED, period="2024")

    mine = selectors.report_for_user(staff.users["statistics_officer"], query).rows  # Nghệ An's
    (everything,) = selectors.report_national(query).rows

    assert [(row["place"], row["value"], row["historic"]) for row in mine] == [
        ("40", 100, ["value", "term_to_date"])
    ]
    assert everything["value"] == 135


def test_an_issued_report_keeps_its_historic_marks(staff: Any, client: Any) -> None:
    from tuphap.statistics import services

    load(staff, workbook([RECEIVED], "2024", {(RECEIVED, "40", "2024"): 100}))
    query = selectors.report_query_parse(indicators=RECEIVED, period="2024")
    version = services.report_issue(actor=staff.statistician, query=query, stage="official")

    assert version.rows[0]["historic"] == ["value", "term_to_date"]
    client.force_login(staff.statistician)
    html = client.get(f"/statistics/issued/{version.pk}/").content.decode()
    assert 'data-testid="version-historic-legend"' in html
    assert html.count('class="historic"') == 2


def test_records_win_per_indicator_and_province_central_level_included(staff: Any) -> None:
    done = "test.cases.done"
    load(
        staff,
        workbook(
            [RECEIVED, done],
            "2024",
            {
                (RECEIVED, "TW", "2024"): 5,
                (RECEIVED, "40", "2024"): 100,
                (done, "TW", "2024"): 2,
                (done, "40", "2024"): 20,
            },
        ),
    )
    put(RECEIVED, "2024-05", None, 1)  # central-level records of both indicators
    put(done, "2024-05", None, 1)
    put(RECEIVED, "2024-03", staff.vinh_old, 7)  # Nghệ An's records of one indicator

    rows = {row["indicator"]: row for row in _rows("2024", codes=f"{RECEIVED},{done}")}

    assert (rows[RECEIVED]["value"], rows[RECEIVED]["historic"]) == (8, [])
    assert (rows[done]["value"], rows[done]["historic"]) == (21, ["value", "term_to_date"])
