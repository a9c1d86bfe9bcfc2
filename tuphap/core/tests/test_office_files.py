"""The DOCX and XLSX files tuphap writes open in LibreOffice (the office software of many
government offices): each is converted by ``soffice --headless`` and what comes out is read back.
Run by ``make test-office`` (CI installs LibreOffice); without ``soffice`` the test fails."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tuphap.core.official_docx import OfficialDocument

pytestmark = pytest.mark.office


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice (soffice) is not installed: make test-office needs it"
    return found


def _convert(path: Path, target: str) -> Path:
    subprocess.run(  # noqa: S603 - LibreOffice on a file this test wrote
        [
            _soffice(),
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(path.parent),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(path.parent), "PATH": "/usr/bin:/bin"},
    )
    out = path.with_suffix("." + target.split(":")[0])
    assert out.exists(), f"LibreOffice did not convert {path.name}"
    assert out.stat().st_size > 0
    return out


def test_an_official_document_opens_in_writer(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from tuphap.core import charts

    document = OfficialDocument(
        superior="Ủy ban nhân dân tỉnh Nghệ An",
        agency="Sở Tư pháp",
        number="12/BC-STP",
        place="Nghệ An",
        day=datetime.date(2026, 12, 7),
        title="BÁO CÁO",
        subtitle="Tổng kết công tác tư pháp năm 2026",
    )
    document.heading("1. Công tác hộ tịch")
    document.paragraph("Đã đăng ký khai sinh cho 1.234 trường hợp, tăng 5,0% (+59).", indent=True)
    document.table([["Chỉ tiêu", "2026", "2025"], ["Khai sinh", "1.234", "1.175"]], (80, 40, 40))
    chart = charts.hbar_chart(["Năm nay", "Năm trước"], [("Khai sinh", [1234, 1175])])
    document.picture(charts.hbar_png(chart))
    document.signature("Giám đốc", "Nguyễn Văn A")
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(document.to_bytes())

    # Writer lays it out (a PDF of at least one page) and reads every word back (as text: PDF
    # text extraction splits the Vietnamese letters' combining marks).
    assert len(PdfReader(_convert(path, "pdf")).pages) >= 1
    text = _convert(path, "txt:Text (encoded):UTF8").read_text(encoding="utf-8-sig")
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-STP",
        "Nghệ An, ngày 07 tháng 12 năm 2026",
        "1.234 trường hợp",
        "GIÁM ĐỐC",
    ):
        assert expected in text


def test_an_annex_workbook_opens_in_calc(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hộ tịch"
    sheet.append(["Chỉ tiêu", "Năm 2026", "Năm 2025"])
    sheet.append(["Khai sinh", 1234, 1175])
    sheet.append(["Số tiền (đồng)", 89_000_000_000_000, 84_500_000_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(buffer.getvalue())

    rows = list(csv.reader(_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76").open()))
    assert rows[0] == ["Chỉ tiêu", "Năm 2026", "Năm 2025"]
    assert rows[1] == ["Khai sinh", "1234", "1175"]
    assert rows[2][1] == "89000000000000"


def test_the_annual_review_files_open(tmp_path: Path) -> None:
    from tuphap.core.periods import calendar_year
    from tuphap.places.models import Boundaries
    from tuphap.statistics import review, review_export

    section = review.Section("civil_status", "Công tác hộ tịch", "Civil status", ("a", "b"))
    figures = (
        review.Figure("a", "Số đăng ký khai sinh", "count", 1234, 1175, 5.02, 59, 5000),
        review.Figure("b", "Số tiền", "vnd", 89 * 10**12, 84 * 10**12, 5.95, 5 * 10**12, None),
    )
    built = review.Review(
        calendar_year(2026),
        None,
        "toàn ngành",
        Boundaries.NEW,
        (review.ReviewSection(section, ("Đã đăng ký khai sinh cho 1.234 trường hợp.",), figures),),
    )
    docx_path = tmp_path / "tong-ket.docx"
    docx_path.write_bytes(
        review_export.docx(
            built, agency="Bộ Tư pháp", superior="Chính phủ", number="1/BC-BTP", place="Hà Nội"
        )
    )
    text = _convert(docx_path, "txt:Text (encoded):UTF8").read_text(encoding="utf-8-sig")
    assert "Tổng kết công tác tư pháp năm 2026" in text
    assert "Đã đăng ký khai sinh cho 1.234 trường hợp." in text

    xlsx_path = tmp_path / "phu-luc.xlsx"
    xlsx_path.write_bytes(review_export.xlsx(built))
    rows = list(csv.reader(_convert(xlsx_path, "csv:Text - txt - csv (StarCalc):44,34,76").open()))
    assert rows[0][0] == "Công tác hộ tịch"
    # numbers as numbers, shown with the thousands format the sheet gives them
    assert rows[2][:6] == ["a", "Số đăng ký khai sinh", "count", "1,234", "1,175", "59"]
