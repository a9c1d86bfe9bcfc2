"""The legal aid import: CSV and XLSX through the services, all or nothing, every bad row
reported by line, column and reason; the template; the page and the command."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from tuphap.casework.models import Case
from tuphap.core.models import AuditEvent
from tuphap.legal_aid.cases import imports
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice
from tuphap.legal_aid.tests.conftest import Centres, at

NOW = time_machine.travel(at("2026-12-06 09:00"), tick=False)

GOOD = [
    {  # a police notice, assigned and completed
        "place_code": "16681",
        "full_name": "Trần Văn Một",
        "sex": "male",
        "group": "poor_household",
        "matter": "Bị tạm giữ",
        "form": "participation",
        "field": "criminal",
        "procedural_status": "detained",
        "stage": "investigation",
        "requested_at": "2026-03-02 08:00",
        "body_kind": "investigation",
        "body_name": "Công an tỉnh Nghệ An",
        "notified_at": "2026-03-02 09:00",
        "performer_document": "HD-01/2024",
        "assigned_at": "2026-03-02 15:00",
        "outcome": "completed",
        "ended_at": "2026-05-20 10:00",
        "result": "Đã bào chữa",
    },
    {  # advice, accepted, still waiting for a performer
        "place_code": "16681",
        "full_name": "Lê Thị Hai",
        "sex": "female",
        "group": "elderly",
        "financial_difficulty": "social_allowance",
        "date_of_birth": "01/02/1950",
        "matter": "Tranh chấp đất",
        "form": "advice",
        "field": "land",
        "requested_at": "2026-11-02 08:00",
        "accepted_at": "2026-11-02 10:00",
    },
]


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with NOW:
        yield


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    names = [column.name for column in imports.COLUMNS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_good_file_is_played_through_the_services(
    world: Any, centres: Centres, tmp_path: Path
) -> None:
    result = imports.import_file(_csv(tmp_path / "ok.csv", GOOD), actor=centres.officer)
    assert (result.cases, result.notices) == (2, 1)
    done = LegalAidCase.objects.get(full_name="Trần Văn Một")
    assert done.case.state == "completed"
    assert done.assigned_on_time is True
    assert ProceduralNotice.objects.get(case=done.case).late is False
    waiting = LegalAidCase.objects.get(full_name="Lê Thị Hai")
    assert waiting.case.state == "accepted"
    assert AuditEvent.objects.filter(action="legal_aid.cases.imported").count() == 1


def test_one_bad_row_writes_nothing_and_every_error_names_line_and_column(
    world: Any, centres: Centres, tmp_path: Path
) -> None:
    bad = [
        GOOD[0],
        {**GOOD[1], "group": "elderly", "financial_difficulty": ""},  # line 3: a service refusal
        {**GOOD[1], "sex": "x", "requested_at": "tomorrow", "place_code": "99999"},  # line 4
        {**GOOD[0], "performer_document": "HD-02/2024", "assigned_at": "2026-07-01 10:00"},
    ]
    before = (Case.objects.count(), AuditEvent.objects.count())
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(_csv(tmp_path / "bad.csv", bad[1:] + bad[:1]), actor=centres.officer)
    found = {(error.line, error.column) for error in refused.value.errors}
    assert (3, "sex") in found
    assert (3, "requested_at") in found
    # The parse errors stop the file before any write; fix them and the services speak.
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(
            _csv(tmp_path / "bad2.csv", [bad[0], bad[1], bad[3]]), actor=centres.officer
        )
    found = {(error.line, error.column) for error in refused.value.errors}
    assert (3, "financial_difficulty") in found
    assert (4, "performer_document") in found  # the expired contract (30 Jun 2026)
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_the_xlsx_template_round_trips(world: Any, centres: Centres, tmp_path: Path) -> None:
    template = tmp_path / "mau.xlsx"
    imports.write_template(template)
    book = load_workbook(template)
    assert book.sheetnames == ["cases", "columns"]
    header = [cell.value for cell in book["cases"][1]]
    assert header == [column.name for column in imports.COLUMNS]
    filled = Workbook()
    sheet = filled.active
    assert sheet is not None
    sheet.title = "cases"
    sheet.append(header)
    sheet.append([GOOD[1].get(name, "") for name in header])
    filled.save(tmp_path / "filled.xlsx")
    assert imports.import_file(tmp_path / "filled.xlsx", actor=centres.officer).cases == 1


def test_the_page_and_the_command(
    world: Any, centres: Centres, client: Client, tmp_path: Path
) -> None:
    client.force_login(centres.officer)
    assert (
        client.get("/en/legal-aid/import/template.csv")
        .content.decode()
        .startswith("place_code,full_name")
    )
    bad = io.BytesIO(b"place_code,full_name\n16681,A\n")
    bad.name = "bad.csv"
    answer = client.post("/en/legal-aid/import/", {"file": bad})
    assert answer.status_code == 400
    assert "The column is missing." in answer.content.decode()
    path = _csv(tmp_path / "ok.csv", GOOD)
    call_command("import_legal_aid", str(path), user=centres.officer.username, dry_run=True)
    assert not LegalAidCase.objects.exists()
    with path.open("rb") as handle:
        answer = client.post("/en/legal-aid/import/", {"file": handle})
    assert answer.status_code == 302
    assert LegalAidCase.objects.count() == 2
