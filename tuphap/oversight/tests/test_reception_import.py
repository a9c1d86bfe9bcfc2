"""Importing letters: every row through the service (duplicates linked), all or nothing, each
bad row reported by line, column and reason; the page; CSV and XLSX."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tuphap.core.errors import AccessDenied
from tuphap.core.models import AuditEvent
from tuphap.oversight.reception import imports
from tuphap.oversight.reception.models import Letter
from tuphap.oversight.tests.test_reception_services import CONTENT

pytestmark = pytest.mark.django_db

HEADER = [column.name for column in imports.COLUMNS]


def row(**values: str) -> dict[str, str]:
    base = {
        "received_on": "2026-11-02",
        "channel": "post",
        "sender_name": "Nguyễn Văn Khải",
        "sender_pin": "040090001234",
        "content": CONTENT,
    }
    base.update(values)
    return base


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_file_is_registered_through_the_service(inspectorates: Any, tmp_path: Path) -> None:
    path = write(
        tmp_path / "letters.csv",
        [
            row(classification="complaint", competence="within", field="land"),
            row(received_on="20/11/2026"),  # the same sender again: a duplicate
            row(
                sender_name="Trần Thị Lan",
                sender_pin="",
                content="Kiến nghị về thời gian tiếp nhận hồ sơ tại bộ phận một cửa",
                other_senders="Lê Văn Nam; 040090005555 | Hồ Thị Hoa",
            ),
        ],
    )
    result = imports.import_file(path, actor=inspectorates.inspector)
    assert (result.letters, result.duplicates) == (3, 1)
    first, second, third = Letter.objects.order_by("number")
    assert first.handling == "accepted"
    assert second.duplicate_of == first
    assert [s.full_name for s in third.senders.all()] == [
        "Trần Thị Lan",
        "Lê Văn Nam",
        "Hồ Thị Hoa",
    ]
    assert AuditEvent.objects.filter(action="oversight.letters.imported").count() == 1


def test_one_bad_row_writes_nothing_and_every_error_is_named(
    inspectorates: Any, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "letters.csv",
        [
            row(),
            row(received_on="31/02/2026", content=""),
            row(channel="pigeon", sender_pin="123"),
            row(classification="not_eligible"),
        ],
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=inspectorates.inspector)
    found = {(error.line, error.column) for error in refused.value.errors}
    assert found == {
        (3, "received_on"),
        (3, "content"),
        (4, "channel"),
        (4, "sender_pin"),
        (5, "ineligible_reason"),
    }
    assert not Letter.objects.exists()


def test_a_dry_run_writes_nothing(inspectorates: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "letters.csv", [row()])
    assert imports.import_file(path, actor=inspectorates.inspector, dry_run=True).letters == 1
    assert not Letter.objects.exists()


def test_an_unknown_column_and_a_reader_are_refused(
    inspectorates: Any, world: Any, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("received_on,channel,colour\n", encoding="utf-8")
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=inspectorates.inspector)
    assert {(e.line, e.column) for e in refused.value.errors} >= {(1, "colour"), (1, "content")}
    with pytest.raises(AccessDenied):
        imports.import_file(path, actor=world.users["provincial_specialist"])


def test_the_template_round_trips_as_xlsx(inspectorates: Any, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    imports.write_template(path)
    assert imports.import_file(path, actor=inspectorates.inspector).letters == 1


def test_the_page(inspectorates: Any, tmp_path: Path) -> None:
    client = Client()
    client.force_login(inspectorates.inspector)
    url = reverse("oversight:letter_import")
    assert client.get(url).status_code == 200
    body = write(tmp_path / "letters.csv", [row(channel="pigeon")]).read_bytes()
    bad = client.post(url, {"file": SimpleUploadedFile("letters.csv", body)})
    assert bad.status_code == 400
    assert [(e.line, e.column) for e in bad.context["errors"]] == [(2, "channel")]
    body = write(tmp_path / "letters.csv", [row()]).read_bytes()
    good = client.post(url, {"file": SimpleUploadedFile("letters.csv", body)})
    assert good.status_code == 302
    assert Letter.objects.count() == 1


def latin1_csv(tmp_path: Path) -> bytes:
    """The template's header and a row as a spreadsheet saves it in Western (Latin-1)."""
    path = write(tmp_path / "utf8.csv", [row(sender_name="Nguyen Van Khai", content="Đơn")])
    text = path.read_text(encoding="utf-8").replace("Đơn", "Réclamation")
    return text.encode("latin-1")


@pytest.mark.parametrize("kind", ["latin-1 csv", "random xlsx"])
def test_a_file_neither_utf8_csv_nor_xlsx_is_refused_with_its_reason(
    inspectorates: Any, tmp_path: Path, kind: str
) -> None:
    name, content = (
        ("letters.csv", latin1_csv(tmp_path))
        if kind == "latin-1 csv"
        else ("letters.xlsx", bytes(range(256)) * 4)
    )
    path = tmp_path / f"upload{Path(name).suffix}"
    path.write_bytes(content)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=inspectorates.inspector)
    reason = "The file is neither a CSV file in UTF-8 nor an XLSX workbook."
    assert [(e.line, e.column, e.reason) for e in refused.value.errors] == [(1, "", reason)]
    client = Client()
    client.force_login(inspectorates.inspector)
    answer = client.post(
        reverse("oversight:letter_import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert answer.status_code == 400
    assert [e.reason for e in answer.context["errors"]] == [reason]
    assert reason in answer.content.decode()
    assert Letter.objects.count() == 0
