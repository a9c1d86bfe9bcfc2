"""The bulk import: good files (CSV and XLSX) load with exact counts in one transaction; every
bad row is reported with its line and column and then nothing is written; case numbers stay
gapless with the case engine's own opening."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuphap.casework.models import Case, CaseAction, CaseCounter
from tuphap.core.models import AuditEvent
from tuphap.enforcement.cases import history, imports, workflow
from tuphap.enforcement.cases.models import (
    EnforcementCase,
    EnforcementRequest,
    Judgment,
    Movement,
    Obligation,
    Party,
)
from tuphap.enforcement.tests.conftest import OpenCase, Staff

pytestmark = pytest.mark.django_db

HEADER = list(imports.COLUMN_NAMES)


def good_row(**changes: Any) -> dict[str, str]:
    row = {column.name: column.example for column in imports.COLUMNS}
    row.update(
        {
            "agency_code": "THADS-40",
            "decision_number": "1/QĐ-THADS",
            "decision_date": "2025-10-24",
            "place_code": "16681",
            "place_boundaries": "new",
            "state": "accepted",
            "state_date": "",
            "condition_ground": "",
        }
    )
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "cases"
    sheet.append(HEADER)
    for row in rows:
        values: list[Any] = [row[name] for name in HEADER]
        values[HEADER.index("amount")] = (
            int(row["amount"]) if row["amount"].isdigit() else row["amount"]
        )
        values[HEADER.index("decision_date")] = datetime.date.fromisoformat(row["decision_date"])
        sheet.append(values)
    book.save(path)
    return path


def three_rows() -> list[dict[str, str]]:
    return [
        good_row(),
        good_row(
            decision_number="2/QĐ-THADS",
            judgment_number="16/2025/DS-ST",
            state="with_conditions",
            state_date="2025-11-20",
            condition_ground="has_means",
        ),
        good_row(
            decision_number="3/QĐ-THADS",
            judgment_number="16/2025/DS-ST",
            state="completed",
            state_date="2025-12-01",
            amount="0",
            obligation="Trả lại xe máy",
            request_basis="ex_officio",
            requester_name="",
        ),
    ]


def table_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Judgment,
            EnforcementRequest,
            Case,
            EnforcementCase,
            Party,
            Obligation,
            CaseAction,
            Movement,
        )
    )


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_good_file_loads_every_row_with_its_journal_and_one_audit_row(
    staff: Staff, tmp_path: Path, writer: Any
) -> None:
    # given a file of three cases over two judgments
    path = writer(tmp_path / f"cases.{'csv' if writer is write_csv else 'xlsx'}", three_rows())

    # when it is imported
    call_command("import_enforcement", str(path), stdout=_null(), user="truong_nghean")

    # then every table has exactly the rows of the file
    assert table_counts() == (2, 3, 3, 3, 3, 3, 3, 0)
    cases = {d.decision_number: d for d in EnforcementCase.objects.select_related("case")}
    assert [cases[f"{n}/QĐ-THADS"].case.number for n in (1, 2, 3)] == [1, 2, 3]
    assert {d.case.state for d in cases.values()} == {"accepted", "with_conditions", "completed"}
    done = cases["3/QĐ-THADS"]
    assert done.amount_to_enforce == 0
    assert done.case.closed_at is not None
    assert history.step_dates(done.case, done.decision_date) == [
        (imports.IMPORTED, "completed", datetime.date(2025, 12, 1))
    ]
    assert list(
        CaseAction.objects.filter(case=done.case).values_list("kind", "transition", "to_state")
    ) == [("transitioned", "imported", "completed")]
    audit = AuditEvent.objects.get(action="enforcement.cases.imported")
    assert (audit.data["cases"], audit.data["judgments"], audit.actor_username) == (
        3,
        2,
        "truong_nghean",
    )
    assert CaseCounter.objects.get(agency=staff.office_nghe_an, year=2025).last_number == 3


BAD_ROWS = [
    ("unknown-agency", {"agency_code": "THADS-99"}, "agency_code"),
    ("malformed-date", {"decision_date": "31/02/2025"}, "decision_date"),
    ("negative-amount", {"amount": "-5"}, "amount"),
    ("non-integer-amount", {"amount": "12.5"}, "amount"),
    ("unknown-type", {"judgment_type": "maritime"}, "judgment_type"),
    (
        "place-not-valid",
        {
            "place_boundaries": "",
            "decision_date": "2025-06-10",
            "request_date": "2025-06-01",
            "judgment_effective_date": "2025-05-01",
            "judgment_date": "2025-04-01",
            "place_code": "18070",
        },
        "place_code",
    ),
    ("unknown-state", {"state": "lost"}, "state"),
    ("state-without-date", {"state_date": ""}, "state_date"),
    (
        "ground-missing",
        {"state": "with_conditions", "state_date": "2025-11-01"},
        "condition_ground",
    ),
    ("requester-missing", {"request_basis": "on_request", "requester_name": ""}, "requester_name"),
    ("outside-jurisdiction", {"place_code": "18070"}, "place_code"),
]


@pytest.mark.parametrize(
    ("changes", "column"),
    [(c, col) for _i, c, col in BAD_ROWS],
    ids=[i for i, _c, _col in BAD_ROWS],
)
def test_a_bad_row_is_reported_with_its_line_and_column_and_nothing_is_written(
    staff: Staff, tmp_path: Path, changes: dict[str, str], column: str
) -> None:
    # given a file whose third data row (line 4) is bad
    rows = three_rows()
    rows[2].update(changes)
    path = write_csv(tmp_path / "cases.csv", rows)

    # when it is imported
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=None)

    # then the error names line 4 and the column, and nothing was written
    assert [(e.line, e.column) for e in refused.value.errors] == [(4, column)]
    assert table_counts() == (0,) * 8
    assert not CaseCounter.objects.exists()


def test_a_duplicate_decision_number_is_reported_in_the_file_and_against_the_database(
    staff: Staff, tmp_path: Path
) -> None:
    # given a loaded file, and a second one repeating a number inside itself and the first's
    imports.import_file(write_csv(tmp_path / "a.csv", [good_row()]), actor=None)
    rows = [
        good_row(decision_number="9/QĐ-THADS"),
        good_row(decision_number="9/QĐ-THADS"),
        good_row(),
    ]

    # when the second is imported
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(write_csv(tmp_path / "b.csv", rows), actor=None)

    # then both duplicates are reported and only the first file's case exists
    assert [(e.line, e.column) for e in refused.value.errors] == [
        (3, "decision_number"),
        (4, "decision_number"),
    ]
    assert EnforcementCase.objects.count() == 1


def test_the_command_fails_and_lists_every_error(staff: Staff, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [good_row(amount="x"), good_row(agency_code="")])
    errors = _Capture()

    with pytest.raises(CommandError, match="2 error"):
        call_command("import_enforcement", str(path), stdout=_null(), stderr=errors)

    assert errors.text.splitlines() == [
        "line 2, column amount: Enter a whole number of đồng.",
        "line 3, column agency_code: This field is required.",
    ]


def test_dry_run_writes_nothing(staff: Staff, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", three_rows())
    out = _Capture()

    call_command("import_enforcement", str(path), dry_run=True, stdout=out)

    assert out.text.strip() == "3 case row(s) valid; nothing written."
    assert table_counts() == (0,) * 8


def test_an_unknown_or_missing_column_refuses_the_header(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("judgment_court,colour\n", encoding="utf-8")

    _rows, errors = imports.read_rows(path)

    assert ("colour", "Unknown column.") in [(e.column, e.reason) for e in errors]
    assert {e.column for e in errors if e.reason == "The column is missing."} == {
        c.name for c in imports.COLUMNS if c.required and c.name != "judgment_court"
    }


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_template_round_trips_through_the_reader(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"template.{suffix}"
    call_command("import_enforcement", template=str(path), stdout=_null())

    rows, errors = imports.read_rows(path)

    assert errors == []
    assert [line for line, _raw in rows] == [2]
    assert rows[0][1]["decision_number"] == "120/QĐ-THADS"
    money = path if suffix == "xlsx" else imports.movements_template_path(path)
    money_raws, errors = imports.read_rows(money, movements=True)
    assert errors == []
    assert [raw["kind"] for _line, raw in money_raws] == ["collected"]


def test_numbers_stay_gapless_after_an_import_and_a_normal_opening(
    staff: Staff, tmp_path: Path, open_case: OpenCase
) -> None:
    # given three cases imported for decisions of 2026
    rows = [
        good_row(decision_number=f"{n}/IMP", decision_date="2026-04-20", request_date="2026-04-20")
        for n in (1, 2, 3)
    ]
    imports.import_file(write_csv(tmp_path / "cases.csv", rows), actor=None)

    # when a case is opened through the service in 2026
    opened = open_case("2026-04-27 09:00", decision_date=datetime.date(2026, 4, 24))

    # then its number follows the imported block
    numbers = sorted(
        Case.objects.filter(agency=staff.office_nghe_an, year=2026).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4]
    assert opened.case.number == 4
    assert opened.case.register == workflow.REGISTER


MONEY_HEADER = list(imports.MOVEMENT_COLUMN_NAMES)


def money_row(**changes: str) -> dict[str, str]:
    """A collection on case 2/QĐ-THADS of ``three_rows`` (150,000,000 đồng, decided
    2025-10-24, with conditions)."""
    row = {column.name: column.example for column in imports.MOVEMENT_COLUMNS}
    row.update({"decision_number": "2/QĐ-THADS", "decision_year": ""})
    row.update(changes)
    return row


def write_money(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MONEY_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def money_rows() -> list[dict[str, str]]:
    return [
        money_row(amount="100000000", on_date="2025-11-25"),
        money_row(kind="paid_out", amount="100000000", on_date="2025-11-25"),
        money_row(kind="reduced", amount="50000000", on_date="2025-12-01", note=""),
    ]


def test_movements_load_with_their_cases_in_the_same_transaction(
    staff: Staff, tmp_path: Path
) -> None:
    # given the three cases and three movements of the second one (paid out the same day)
    cases = write_csv(tmp_path / "cases.csv", three_rows())
    money = write_money(tmp_path / "money.csv", money_rows())
    out = _Capture()

    # when both are imported
    call_command(
        "import_enforcement", str(cases), movements=str(money), user="truong_nghean", stdout=out
    )

    # then the movements belong to that case, recorded by the importer
    assert table_counts() == (2, 3, 3, 3, 3, 3, 3, 3)
    assert sorted(
        Movement.objects.values_list(
            "enforcement_case__decision_number", "kind", "amount", "note", "recorded_by__username"
        )
    ) == [
        ("2/QĐ-THADS", "collected", 100_000_000, "Biên lai 0012", "truong_nghean"),
        ("2/QĐ-THADS", "paid_out", 100_000_000, "Biên lai 0012", "truong_nghean"),
        ("2/QĐ-THADS", "reduced", 50_000_000, "", "truong_nghean"),
    ]
    detail = EnforcementCase.objects.get(decision_number="2/QĐ-THADS")
    assert set(Movement.objects.values_list("province_id", flat=True)) == {detail.case.province_id}
    assert AuditEvent.objects.get(action="enforcement.cases.imported").data["movements"] == 3
    assert "3 movement(s)" in out.text


def test_an_xlsx_book_carries_the_movements_in_its_second_sheet(
    staff: Staff, tmp_path: Path
) -> None:
    # given a book with the sheets cases and movements
    path = write_xlsx(tmp_path / "cases.xlsx", three_rows())
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.create_sheet("movements")
    sheet.append(MONEY_HEADER)
    for row in money_rows():
        values: list[Any] = [row[name] for name in MONEY_HEADER]
        values[MONEY_HEADER.index("amount")] = int(row["amount"])
        values[MONEY_HEADER.index("on_date")] = datetime.date.fromisoformat(row["on_date"])
        sheet.append(values)
    book.save(path)

    # when it is imported
    result, _rows = imports.import_file(path, actor=staff.head)

    # then both sheets are loaded
    assert result is not None
    assert (result.cases, result.movements) == (3, 3)
    assert Movement.objects.count() == 3


def test_movements_of_recorded_cases_load_alone_and_count_what_was_recorded(
    staff: Staff, tmp_path: Path
) -> None:
    # given the cases loaded with 100,000,000 đồng collected on case 2
    imports.import_file(
        write_csv(tmp_path / "cases.csv", three_rows()),
        actor=staff.head,
        movements=write_money(tmp_path / "a.csv", money_rows()[:1]),
    )

    # when a file collects 50,000,000 more, and another 1 đồng more than what remains
    imports.import_file(
        None,
        actor=staff.head,
        movements=write_money(tmp_path / "b.csv", [money_row(amount="50000000")]),
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(
            None, actor=staff.head, movements=write_money(tmp_path / "c.csv", [money_row()])
        )

    # then the first is written and the second refused against the recorded sums
    assert sorted(Movement.objects.values_list("amount", flat=True)) == [50_000_000, 100_000_000]
    assert [str(e) for e in refused.value.errors] == [
        "movements: line 2, column amount: Only 0 đồng remains to be enforced on that date."
    ]


BAD_MOVEMENTS = [
    ("unknown-case", {"decision_number": "77/QĐ-THADS"}, "decision_number"),
    ("unknown-agency", {"agency_code": "THADS-99"}, "agency_code"),
    ("negative-amount", {"amount": "-5"}, "amount"),
    ("zero-amount", {"amount": "0"}, "amount"),
    ("non-integer-amount", {"amount": "12.5"}, "amount"),
    ("unknown-kind", {"kind": "fine"}, "kind"),
    ("before-the-decision", {"on_date": "2025-10-23"}, "on_date"),
    ("future-date", {"on_date": "2099-01-01"}, "on_date"),
    ("beyond-the-outstanding", {"amount": "50000001", "on_date": "2025-12-02"}, "amount"),
    ("paid-out-beyond-collected", {"kind": "paid_out", "amount": "1"}, "amount"),
    ("non-money-case", {"decision_number": "3/QĐ-THADS"}, "amount"),
    (
        "after-the-case-closed",
        {"decision_number": "3/QĐ-THADS", "on_date": "2025-12-02"},
        "on_date",
    ),
    ("wrong-year", {"decision_year": "2024"}, "decision_number"),
    ("bad-year", {"decision_year": "năm 2025"}, "decision_year"),
]


@pytest.mark.parametrize(
    ("changes", "column"),
    [(c, col) for _i, c, col in BAD_MOVEMENTS],
    ids=[i for i, _c, _col in BAD_MOVEMENTS],
)
def test_a_bad_movement_is_reported_with_its_line_and_column_and_nothing_is_written(
    staff: Staff, tmp_path: Path, changes: dict[str, str], column: str
) -> None:
    # given good cases, and movements whose fourth data row (line 5) is bad
    rows = [*money_rows(), money_row(**changes)]
    cases = write_csv(tmp_path / "cases.csv", three_rows())
    money = write_money(tmp_path / "money.csv", rows)

    # when they are imported
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(cases, actor=staff.head, movements=money)

    # then the error names the movements' line 5 and the column, and nothing was written
    assert [(e.source, e.line, e.column) for e in refused.value.errors] == [
        ("movements", 5, column)
    ]
    assert table_counts() == (0,) * 8
    assert not CaseCounter.objects.exists()


def test_errors_of_both_files_are_reported_together(staff: Staff, tmp_path: Path) -> None:
    # given a bad case row and a bad movement of a good case
    rows = three_rows()
    rows[1]["amount"] = "x"
    cases = write_csv(tmp_path / "cases.csv", rows)
    money = write_money(
        tmp_path / "money.csv", [money_row(), money_row(decision_number="1/QĐ-THADS", kind="?")]
    )
    errors = _Capture()

    # when the command imports them
    with pytest.raises(CommandError, match="2 error"):
        call_command(
            "import_enforcement",
            str(cases),
            movements=str(money),
            user="truong_nghean",
            stdout=_null(),
            stderr=errors,
        )

    # then the case row's error and the movement's are listed; the movement of the bad case
    # is not reported as an unknown case
    assert errors.text.splitlines() == [
        "line 3, column amount: Enter a whole number of đồng.",
        "movements: line 3, column kind: Unknown value “?”.",
    ]
    assert table_counts() == (0,) * 8


def test_movements_need_the_user_who_records_them(staff: Staff, tmp_path: Path) -> None:
    money = write_money(tmp_path / "money.csv", money_rows())

    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(
            write_csv(tmp_path / "c.csv", three_rows()), actor=None, movements=money
        )

    assert [(e.source, e.line, e.column) for e in refused.value.errors] == [("movements", 1, "")]
    assert table_counts() == (0,) * 8


def test_an_ambiguous_decision_number_needs_its_year(staff: Staff, tmp_path: Path) -> None:
    # given the office's decision 2/QĐ-THADS of 2025 and of 2026
    later = good_row(
        decision_number="2/QĐ-THADS",
        decision_date="2026-04-20",
        request_date="2026-04-20",
        judgment_number="20/2026/DS-ST",
    )
    cases = write_csv(tmp_path / "cases.csv", [*three_rows(), later])

    # when a movement names the number without, then with, the year
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(
            cases, actor=staff.head, movements=write_money(tmp_path / "a.csv", [money_row()])
        )
    result, _rows = imports.import_file(
        cases,
        actor=staff.head,
        movements=write_money(
            tmp_path / "b.csv", [money_row(decision_year="2026", on_date="2026-05-01")]
        ),
    )

    # then the year is asked for, and with it the 2026 case gets the money
    assert [(e.line, e.column) for e in refused.value.errors] == [(2, "decision_year")]
    assert result is not None
    assert list(Movement.objects.values_list("enforcement_case__decision_year", flat=True)) == [
        2026
    ]


def test_a_concurrent_movement_refuses_the_load(staff: Staff, tmp_path: Path) -> None:
    # given a checked movements file for a recorded case
    imports.import_file(write_csv(tmp_path / "cases.csv", three_rows()), actor=None)
    raws, _errors = imports.read_rows(
        write_money(tmp_path / "m.csv", [money_row(amount="100000000")]), movements=True
    )
    batch, errors = imports.validate_movements(raws)
    assert errors == []

    # when money is recorded on that case before the load
    imports.import_file(
        None,
        actor=staff.head,
        movements=write_money(tmp_path / "n.csv", [money_row(amount="100000000")]),
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.load(
            [], actor=staff.head, source="m.csv", movement_user_id=staff.head.pk, recorded=batch
        )

    # then the load is refused and only the other file's movement exists
    assert [(e.line, e.column) for e in refused.value.errors] == [(2, "decision_number")]
    assert Movement.objects.count() == 1


class _Capture:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def _null() -> _Capture:
    return _Capture()
