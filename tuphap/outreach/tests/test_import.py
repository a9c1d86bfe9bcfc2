"""Importing sessions from CSV and XLSX through the service: every bad row reported by line and
column, all or nothing; the templates; the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tuphap.outreach.dissemination import imports
from tuphap.outreach.dissemination.models import Session

pytestmark = pytest.mark.django_db

HEADER = (
    "place_code,held_on,form,topics,target_groups,participants,contestants,materials,venue,"
    "documents"
)


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "sessions.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_good_file_is_recorded_through_the_service(
    world: Any, outreach: Any, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        '16681,2026-11-09,direct,Luật Hòa giải ở cơ sở,"public, farmers",120,,100,Nhà văn hóa,'
        "35/2013/QH13; 14/2012/QH13",
        "16681,09/11/2026,contest,Hiến pháp,pupils,300,150,,,",
    )
    result = imports.import_file(path, actor=outreach.officer)
    assert result.sessions == 2
    first = Session.objects.get(form="direct")
    assert first.target_groups == ["farmers", "public"]
    assert [d.number for d in first.documents.all()] == ["35/2013/QH13", "14/2012/QH13"]
    assert Session.objects.get(form="contest").contestants == 150


def test_every_bad_row_is_reported_and_nothing_is_written(
    world: Any, outreach: Any, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "16681,2026-11-09,direct,Luật Hòa giải,public,120,,,,",
        "99999,2026-13-01,rumour,X,aliens,many,,,,",
        "16681,2026-11-10,contest,Hiến pháp,pupils,300,,,,",
        "18070,2026-11-10,direct,Hiến pháp,pupils,30,,,,",
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=outreach.officer)
    found = {(e.line, e.column) for e in refused.value.errors}
    assert {(3, "held_on"), (3, "form"), (3, "target_groups"), (3, "participants")} <= found
    assert Session.objects.count() == 0
    path = _csv(
        tmp_path,
        "16681,2026-11-10,contest,Hiến pháp,pupils,300,,,,",
        "18070,2026-11-10,direct,Hiến pháp,pupils,30,,,,",
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=outreach.officer)
    assert {(e.line, e.column) for e in refused.value.errors} == {
        (2, "contestants"),
        (3, "place_code"),
    }
    assert Session.objects.count() == 0


def test_the_xlsx_template_round_trip_and_the_page(
    world: Any, outreach: Any, tmp_path: Path, client: Client
) -> None:
    template = tmp_path / "template.xlsx"
    imports.write_template(template)
    book = openpyxl.load_workbook(template)
    sheet = book["sessions"]
    assert [c.value for c in sheet[1]][:3] == ["place_code", "held_on", "form"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.value = None
    sheet.append(
        [
            "16681",
            "2026-11-09",
            "mass_media",
            "Ngày Pháp luật",
            "public",
            5000,
            None,
            None,
            None,
            None,
        ]
    )
    book.save(template)
    client.force_login(outreach.officer)
    upload = SimpleUploadedFile("sessions.xlsx", template.read_bytes())
    answer = client.post("/en/outreach/sessions/import/", {"file": upload, "dry_run": "on"})
    assert answer.status_code == 302
    assert Session.objects.count() == 0  # checked only
    upload = SimpleUploadedFile("sessions.xlsx", template.read_bytes())
    assert client.post("/en/outreach/sessions/import/", {"file": upload}).status_code == 302
    assert Session.objects.get().participants == 5000
    assert client.get("/en/outreach/sessions/import/template.csv").status_code == 200
