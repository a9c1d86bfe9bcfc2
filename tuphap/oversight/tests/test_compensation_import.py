"""Importing compensation claims from CSV or XLSX: every row received through the service (the
book numbered, the clocks started, audited), all or nothing, every bad row named by line and
column, money as whole đồng with a clear refusal of a decimal part, a dry run, the page."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from conftest import api_as
from tuphap.core.errors import AccessDenied
from tuphap.core.models import AuditEvent
from tuphap.oversight.compensation import imports
from tuphap.oversight.compensation.models import CompensationClaim, DamageItem
from tuphap.oversight.tests.test_compensation_services import Compensation, agencies

pytestmark = pytest.mark.django_db

VN = datetime.timezone(datetime.timedelta(hours=7))
API = "/api/v1/oversight/compensation/import"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN), tick=False):
        yield


@pytest.fixture
def comp(world: Any) -> Compensation:
    return agencies(world)


def row(**values: str) -> dict[str, str]:
    base = {
        "received_on": "2026-02-12",
        "place_code": "16681",
        "claimant_kind": "injured",
        "claimant_name": "Trần Văn Oan",
        "claimant_pin": "040090001234",
        "sector": "criminal",
        "basis_kind": "acquittal",
        "basis_number": "15/2026/HS-PT",
        "basis_date": "20/01/2026",
        "basis_received_on": "2026-01-25",
        "unlawful_act": "Bị tạm giam 180 ngày rồi được tuyên không phạm tội",
        "damage_mental": "200.000.000",
        "damage_lost_income": "60000000",
    }
    base.update(values)
    return base


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    names = [column.name for column in imports.COLUMNS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_file_is_received_through_the_service(comp: Compensation, tmp_path: Path) -> None:
    path = write(
        tmp_path / "claims.csv",
        [
            row(),
            row(
                claimant_name="Lê Thị Hoa",
                claimant_kind="heir",
                injured_name="Lê Văn Nam",
                claimant_pin="",
                by_post="yes",
                excluded_periods="2026-01-26 2026-01-30",
                damage_mental="",
                damage_lost_income="",
                damage_property="35000000",
            ),
        ],
    )
    result = imports.import_file(path, actor=comp.officer)
    assert (result.claims, result.claimed, result.dry_run) == (2, 295_000_000, False)
    first, second = CompensationClaim.objects.order_by("case__number")
    assert first.case.number == 1
    assert second.case.number == 2
    assert first.agency == comp.police
    assert first.basis_date == datetime.date(2026, 1, 20)
    assert dict(first.damages.values_list("head", "claimed")) == {
        "mental": 200_000_000,
        "lost_income": 60_000_000,
    }
    assert second.by_post
    assert second.acknowledge_due_on is not None
    assert second.injured_name == "Lê Văn Nam"
    assert second.excluded_periods == [["2026-01-26", "2026-01-30"]]
    assert AuditEvent.objects.filter(action="oversight.compensation.received").count() == 2
    event = AuditEvent.objects.get(action="oversight.compensation.imported")
    assert event.data == {"claims": 2, "claimed": 295_000_000, "dry_run": False}


def test_one_bad_row_writes_nothing_and_every_error_is_named(
    comp: Compensation, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "claims.csv",
        [
            row(),
            row(damage_mental="1500000,5", basis_date="31/02/2026"),
            row(sector="tax"),
            row(claimant_kind="heir", received_on="2027-01-05"),
            row(damage_mental="", damage_lost_income=""),
            row(place_code="99999"),
        ],
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=comp.officer)
    assert [(e.line, e.column) for e in refused.value.errors] == [
        (3, "basis_date"),
        (3, "damage_mental"),
        (4, "sector"),
        (5, "injured_name"),
        (5, "received_on"),
        (6, "damage_property"),
        (7, "place_code"),
    ]
    reasons = {(e.line, e.column): e.reason for e in refused.value.errors}
    assert "decimal part" in reasons[(3, "damage_mental")]
    assert "1500000,5" in reasons[(3, "damage_mental")]
    assert "future" in reasons[(5, "received_on")]
    assert "injured person" in reasons[(5, "injured_name")]
    assert str(refused.value.errors[0]).startswith("line 3, column ")
    assert not CompensationClaim.objects.exists()
    assert not DamageItem.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="oversight.compensation").exists()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("150000000", 150_000_000),
        ("150.000.000", 150_000_000),
        ("150.000.000 đ", 150_000_000),
        (150_000_000, 150_000_000),
        (150_000_000.0, 150_000_000),
    ],
)
def test_money_is_whole_dong(cell: Any, expected: int) -> None:
    assert imports.money(cell) == expected


@pytest.mark.parametrize("cell", ["1500000.5", "1.500.000,50", "1500000,5", 1_500_000.5])
def test_a_decimal_amount_is_refused_not_rounded(cell: Any) -> None:
    with pytest.raises(ValueError, match="decimal part"):
        imports.money(cell)


def test_a_word_for_an_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="whole number of đồng"):
        imports.money("một trăm triệu")


def test_an_xlsx_with_a_fractional_number_cell(comp: Compensation, tmp_path: Path) -> None:
    names = [column.name for column in imports.COLUMNS]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "claims"
    sheet.append(names)
    good = row(damage_mental="", damage_lost_income="")
    values: list[Any] = [good.get(name, "") for name in names]
    values[names.index("damage_mental")] = 200_000_000  # a number cell
    values[names.index("place_code")] = 16681  # a code typed as a number
    sheet.append(values)
    fraction = list(values)
    fraction[names.index("damage_mental")] = 99_999_999.99
    sheet.append(fraction)
    path = tmp_path / "claims.xlsx"
    book.save(path)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=comp.officer)
    assert [(e.line, e.column) for e in refused.value.errors] == [(3, "damage_mental")]
    sheet.delete_rows(3)
    book.save(path)
    assert imports.import_file(path, actor=comp.officer).claimed == 200_000_000


def test_a_dry_run_writes_nothing(comp: Compensation, tmp_path: Path) -> None:
    path = write(tmp_path / "claims.csv", [row(), row(claimant_name="Lê Thị Hoa")])
    result = imports.import_file(path, actor=comp.officer, dry_run=True)
    assert (result.claims, result.dry_run) == (2, True)
    assert not CompensationClaim.objects.exists()
    assert not AuditEvent.objects.exists()


def test_outside_the_jurisdiction_unknown_column_and_reader_refused(
    comp: Compensation, world: Any, tmp_path: Path
) -> None:
    # a commune of Hà Tĩnh is not in the Nghệ An police's jurisdiction
    path = write(tmp_path / "claims.csv", [row(place_code="18070")])
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=comp.officer)
    assert [(e.line, e.column) for e in refused.value.errors] == [(2, "place_code")]
    assert "jurisdiction" in refused.value.errors[0].reason
    other = tmp_path / "other.csv"
    other.write_text("received_on,colour\n2026-02-12,blue\n", encoding="utf-8")
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(other, actor=comp.officer)
    assert ("colour", "Unknown column.") in [(e.column, e.reason) for e in refused.value.errors]
    with pytest.raises(AccessDenied):
        imports.import_file(path, actor=world.users["provincial_specialist"])


def test_the_template_round_trips(comp: Compensation, tmp_path: Path) -> None:
    for name in ("template.xlsx", "template.csv"):
        path = tmp_path / name
        imports.write_template(path)
        assert imports.import_file(path, actor=comp.officer, dry_run=True).claims == 1


def test_the_page(comp: Compensation, world: Any, tmp_path: Path) -> None:
    client = Client()
    client.force_login(comp.officer)
    url = reverse("oversight:compensation_import")
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="import-columns"' in page.content.decode()
    queue = client.get(reverse("oversight:compensation_workqueue")).content.decode()
    assert 'data-testid="compensation-import-link"' in queue
    body = write(tmp_path / "claims.csv", [row(damage_mental="2.5")]).read_bytes()
    bad = client.post(url, {"file": SimpleUploadedFile("claims.csv", body)})
    assert bad.status_code == 400
    assert [(e.line, e.column) for e in bad.context["errors"]] == [(2, "damage_mental")]
    assert "decimal part" in bad.content.decode()
    body = write(tmp_path / "claims.csv", [row()]).read_bytes()
    good = client.post(url, {"file": SimpleUploadedFile("claims.csv", body)}, follow=True)
    assert good.redirect_chain[-1] == (url, 302)
    assert "1 claims were received" in good.content.decode()
    assert CompensationClaim.objects.count() == 1
    reader = Client()
    reader.force_login(world.users["provincial_specialist"])
    assert reader.get(url).status_code == 403


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.csv", "Bồi thường".encode("utf-16")),
        ("bad.csv", "claimant_name\nRené Lefèvre".encode("latin-1")),
        ("bad.xlsx", b"not a workbook"),
        ("bad.xlsx", bytes(range(256)) * 4),
    ],
)
def test_an_unreadable_file_is_refused_not_a_server_error(
    comp: Compensation, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(path, actor=comp.officer)
    assert [(e.line, e.column) for e in refused.value.errors] == [(1, "")]
    assert "UTF-8" in refused.value.errors[0].reason
    answer = api_as(comp.officer).post(
        API, {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    assert answer.status_code == 400
    assert list(answer.json()["error"]["fields"]) == ["rows.1.row"]


def test_the_api(comp: Compensation, world: Any, tmp_path: Path) -> None:
    api = api_as(comp.officer)
    bad = write(tmp_path / "claims.csv", [row(), row(damage_mental="1500000.5")]).read_bytes()
    answer = api.post(API, {"file": SimpleUploadedFile("c.csv", bad)}, format="multipart")
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["fields"].keys() == {"rows.3.damage_mental"}
    # the API answers in the site's language (Vietnamese) unless asked otherwise
    assert "có phần thập phân" in error["fields"]["rows.3.damage_mental"][0]
    assert "040090001234" not in json.dumps(answer.json())
    good = write(tmp_path / "claims.csv", [row(), row(claimant_name="Lê Thị Hoa")]).read_bytes()
    checked = api.post(
        API, {"file": SimpleUploadedFile("c.csv", good), "dry_run": "true"}, format="multipart"
    )
    assert checked.status_code == 200
    assert checked.json() == {"count": 2, "claimed": 520_000_000, "dry_run": True}
    assert not CompensationClaim.objects.exists()
    done = api.post(API, {"file": SimpleUploadedFile("c.csv", good)}, format="multipart")
    assert done.json() == {"count": 2, "claimed": 520_000_000, "dry_run": False}
    assert CompensationClaim.objects.count() == 2
    reader = api_as(world.users["provincial_specialist"])
    forbidden = reader.post(API, {"file": SimpleUploadedFile("c.csv", good)}, format="multipart")
    assert forbidden.status_code == 403
    assert CompensationClaim.objects.count() == 2
    assert api.post(API, {}, format="multipart").status_code == 400
