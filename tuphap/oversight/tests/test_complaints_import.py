"""Importing complaints and denunciations from CSV and XLSX: through the registers' services
(numbered, clocks started, audited), all or nothing with every bad row by line and column, a
dry run, the pages and the API; the denouncer's identity only written, never echoed back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from conftest import api_as
from tuphap.core.errors import AccessDenied
from tuphap.core.models import AuditEvent
from tuphap.oversight.complaints import imports as complaint_imports
from tuphap.oversight.complaints.models import Complaint
from tuphap.oversight.denunciations import imports as denunciation_imports
from tuphap.oversight.denunciations.models import Denouncer, Denunciation
from tuphap.oversight.tests.complaints_support import D, move

pytestmark = pytest.mark.django_db

DENOUNCER = "Trần Thị Tố Giác"
DENOUNCER_PIN = "040190005678"
DENOUNCER_PHONE = "0912345678"

COMPLAINT = {
    "received_on": "2026-07-06",
    "known_on": "15/06/2026",
    "place_code": "16681",
    "act_kind": "decision",
    "act_description": "Quyết định số 12/QĐ-UBND ngày 02/06/2026",
    "respondent": "Chủ tịch UBND phường Trường Vinh",
    "subject": "Khiếu nại quyết định thu hồi đất",
    "content": "Khiếu nại Quyết định số 12/QĐ-UBND về thu hồi đất ở",
    "complainant_name": "Lê Văn Khiếu",
    "complainant_pin": "040090001234",
    "other_complainants": "Lê Thị Hai; 040190001111",
}
DENUNCIATION = {
    "received_on": "2026-08-17",
    "place_code": "16681",
    "field": "official_duty",
    "subject": "Tố cáo cán bộ địa chính nhận tiền",
    "content": "Cán bộ địa chính phường nhận tiền để làm nhanh hồ sơ",
    "denounced_name": "Nguyễn Văn Bị Tố",
    "denounced_position": "Công chức địa chính",
    "several_sites": "yes",
    "denouncer_name": DENOUNCER,
    "denouncer_pin": DENOUNCER_PIN,
    "denouncer_address": "Khối 5, phường Trường Vinh",
    "denouncer_phone": DENOUNCER_PHONE,
}


def _csv(rows: list[dict[str, str]], columns: Any) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c.name for c in columns])
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _write(tmp_path: Path, rows: list[dict[str, str]], columns: Any, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(_csv(rows, columns))
    return path


def _leaks(text: str) -> bool:
    return DENOUNCER in text or DENOUNCER_PIN in text or DENOUNCER_PHONE in text


def test_complaints_imported_through_the_service(
    world: Any, inspectorates: Any, time_machine: Any, tmp_path: Path
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 7, 20))
    second = {**COMPLAINT, "received_on": "30/06/2026", "other_complainants": ""}
    path = _write(tmp_path, [COMPLAINT, second], complaint_imports.COLUMNS)
    checked = complaint_imports.import_file(path, actor=officer, dry_run=True)
    assert (checked.count, checked.dry_run, Complaint.objects.count()) == (2, True, 0)
    result = complaint_imports.import_file(path, actor=officer)
    assert result.count == 2
    by_day = {c.received_on: c for c in Complaint.objects.all()}
    new, old = by_day[D(2026, 7, 6)], by_day[D(2026, 6, 30)]
    # the rules of the day of receipt: 7 working days from Mon 6 Jul 2026 → Wed 15 Jul;
    # 10 days from Tue 30 Jun (old rules) → Fri 10 Jul
    assert (new.case.rule_set, new.accept_due_on) == ("kn-2011-nd155", D(2026, 7, 15))
    assert (old.case.rule_set, old.accept_due_on) == ("kn-2011-nd124", D(2026, 7, 10))
    assert [p.full_name for p in new.complainants.order_by("position")] == [
        "Lê Văn Khiếu",
        "Lê Thị Hai",
    ]
    assert AuditEvent.objects.filter(action="oversight.complaint.received").count() == 2
    imported = AuditEvent.objects.filter(action="oversight.complaints.imported")
    # the dry run was rolled back with its audit row, as the letters' import does
    assert [e.data for e in imported] == [{"complaints": 2, "dry_run": False}]


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(
    world: Any, inspectorates: Any, time_machine: Any, tmp_path: Path
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 7, 20))
    rows = [
        COMPLAINT,
        {**COMPLAINT, "received_on": "31/06/2026", "act_kind": ""},
        {**COMPLAINT, "place_code": "18070", "complainant_pin": "123"},
        {**COMPLAINT, "known_on": "2026-07-10"},
    ]
    path = _write(tmp_path, rows, complaint_imports.COLUMNS)
    with pytest.raises(complaint_imports.ImportRefused) as refused:
        complaint_imports.import_file(path, actor=officer)
    found = {(e.line, e.column) for e in refused.value.errors}
    assert found == {
        (3, "received_on"),
        (3, "act_kind"),
        (4, "place_code"),  # Hà Tĩnh: outside the officer's jurisdiction
        (4, "complainant_pin"),
        (5, "known_on"),  # knew of the act after complaining
    }
    assert Complaint.objects.count() == 0
    with pytest.raises(AccessDenied):
        complaint_imports.import_file(path, actor=inspectorates.leader_nghe_an)


def test_denunciations_imported_with_the_identity_only_written(
    world: Any, inspectorates: Any, time_machine: Any, tmp_path: Path
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 8, 24))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "denunciations"
    names = [c.name for c in denunciation_imports.COLUMNS]
    sheet.append(names)
    # a spreadsheet read the identification number as a number and lost its leading zero
    sheet.append([int(DENOUNCER_PIN) if n == "denouncer_pin" else DENUNCIATION[n] for n in names])
    path = tmp_path / "d.xlsx"
    book.save(path)
    result = denunciation_imports.import_file(path, actor=officer)
    assert result.count == 1
    detail = Denunciation.objects.get()
    # several places: 10 working days from Mon 17 Aug 2026 (the make-up Saturday 22 Aug) → 28 Aug
    assert (detail.several_sites, detail.check_due_on) == (True, D(2026, 8, 28))
    assert detail.case.assignee_id == officer.pk
    person = Denouncer.objects.get()
    assert (person.full_name, person.pin, person.phone) == (
        DENOUNCER,
        DENOUNCER_PIN,
        DENOUNCER_PHONE,
    )
    trail = json.dumps(
        list(AuditEvent.objects.values("data", "object_label")), ensure_ascii=False, default=str
    )
    assert not _leaks(trail)


def test_the_denunciation_report_never_echoes_the_identity(
    world: Any, inspectorates: Any, time_machine: Any, tmp_path: Path
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 8, 24))
    rows = [
        {**DENUNCIATION, "denouncer_pin": f"{DENOUNCER_PIN}9", "several_sites": "perhaps"},
        {**DENUNCIATION, "denouncer_name": "", "field": "gossip"},
    ]
    path = _write(tmp_path, rows, denunciation_imports.COLUMNS)
    with pytest.raises(denunciation_imports.ImportRefused) as refused:
        denunciation_imports.import_file(path, actor=officer)
    found = {(e.line, e.column) for e in refused.value.errors}
    assert found == {(2, "several_sites"), (3, "denouncer_name")}
    report = " ".join(str(e) for e in refused.value.errors)
    assert not _leaks(report)
    # the service's checks too: a bad identification number is named by its column only
    rows = [{**DENUNCIATION, "denouncer_pin": f"{DENOUNCER_PIN}9"}, {**DENUNCIATION, "field": "x"}]
    path = _write(tmp_path, rows, denunciation_imports.COLUMNS)
    with pytest.raises(denunciation_imports.ImportRefused) as refused:
        denunciation_imports.import_file(path, actor=officer)
    assert {(e.line, e.column) for e in refused.value.errors} == {
        (2, "denouncer_pin"),
        (3, "field"),
    }
    assert not _leaks(" ".join(str(e) for e in refused.value.errors))
    assert Denunciation.objects.count() == Denouncer.objects.count() == 0


def test_the_import_pages_and_the_api(
    world: Any, inspectorates: Any, time_machine: Any, tmp_path: Path
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 8, 24))
    client = Client()
    client.force_login(officer)
    page = reverse("oversight:denunciation_import")
    shown = client.get(page)
    assert shown.status_code == 200
    assert 'data-testid="import-columns"' in shown.content.decode()
    bad = _csv([{**DENUNCIATION, "denouncer_pin": "12"}], denunciation_imports.COLUMNS)
    refused = client.post(page, {"file": SimpleUploadedFile("d.csv", bad)})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'data-testid="import-errors"' in body
    assert "denouncer_pin" in body
    assert not _leaks(body)
    good = _csv([DENUNCIATION], denunciation_imports.COLUMNS)
    done = client.post(page, {"file": SimpleUploadedFile("d.csv", good)}, follow=True)
    assert done.status_code == 200
    assert "1 denunciations were received." in done.content.decode()
    assert not _leaks(done.content.decode())
    assert Denunciation.objects.count() == 1
    leader = Client()
    leader.force_login(inspectorates.leader_nghe_an)
    assert leader.get(page).status_code == 403
    assert leader.get(reverse("oversight:complaint_import")).status_code == 403
    assert client.get(reverse("oversight:complaint_import")).status_code == 200

    api = api_as(officer)
    answer = api.post(
        "/api/v1/oversight/denunciations/import",
        {"file": SimpleUploadedFile("d.csv", bad), "dry_run": "true"},
        format="multipart",
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert list(error["fields"]) == ["rows.2.denouncer_pin"]
    assert len(error["fields"]["rows.2.denouncer_pin"]) == 1
    assert not _leaks(json.dumps(answer.json(), ensure_ascii=False))
    checked = api.post(
        "/api/v1/oversight/complaints/import",
        {"file": SimpleUploadedFile("c.csv", _csv([COMPLAINT], complaint_imports.COLUMNS))},
        format="multipart",
    )
    assert checked.status_code == 200
    assert checked.json() == {"count": 1, "dry_run": False}
    assert Complaint.objects.count() == 1
    forbidden = api_as(inspectorates.leader_nghe_an).post(
        "/api/v1/oversight/complaints/import",
        {"file": SimpleUploadedFile("c.csv", _csv([COMPLAINT], complaint_imports.COLUMNS))},
        format="multipart",
    )
    assert forbidden.status_code == 403


@pytest.mark.parametrize(
    ("name", "content"),
    [("bad.csv", "Tố cáo".encode("utf-16")), ("bad.xlsx", b"not a workbook")],
)
def test_an_unreadable_file_is_refused_not_a_server_error(
    world: Any, inspectorates: Any, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(denunciation_imports.ImportRefused) as refused:
        denunciation_imports.import_file(path, actor=inspectorates.inspector)
    assert [(e.line, e.column) for e in refused.value.errors] == [(1, "")]
    answer = api_as(inspectorates.inspector).post(
        "/api/v1/oversight/complaints/import",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert answer.status_code == 400
    assert list(answer.json()["error"]["fields"]) == ["rows.1.row"]
