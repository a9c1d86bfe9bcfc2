"""The shared table reader refuses a file it cannot read with its reason, as a bad header."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from tuphap.core import tabular

pytestmark = pytest.mark.usefixtures("english")

COLUMNS = (tabular.Column("name", True, "The name.", "Nguyễn Văn Khải"),)
UNREADABLE = "The file is neither a CSV file in UTF-8 nor an XLSX workbook."


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def zip_without_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "không phải sổ tính")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("names.csv", "name\nRené Lefèvre\n".encode("latin-1")),
        ("names.csv", "name\nNguyễn Văn Khải\n".encode("utf-16")),
        ("names.xlsx", bytes(range(256)) * 4),
        ("names.xlsx", zip_without_a_workbook()),
    ],
    ids=["latin-1", "utf-16", "random-bytes", "zip-not-a-workbook"],
)
def test_an_unreadable_file_is_one_error_on_line_one(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    rows, errors = tabular.read_table(path, COLUMNS, source="letters")
    assert rows == []
    assert errors == [tabular.RowError(1, "", UNREADABLE, "letters")]
    if name.endswith(".xlsx"):
        assert tabular.xlsx_sheets(path) == []


def test_a_utf8_csv_with_its_mark_and_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_bytes("name\nNguyễn Văn Khải\n".encode("utf-8-sig"))
    assert tabular.read_table(path, COLUMNS) == ([(2, {"name": "Nguyễn Văn Khải"})], [])
    path.write_bytes(b"")
    assert tabular.read_table(path, COLUMNS) == (
        [],
        [tabular.RowError(1, "", "The file is empty.")],
    )
