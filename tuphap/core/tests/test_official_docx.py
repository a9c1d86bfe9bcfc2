"""The shared writer of official documents (NĐ 30/2020/NĐ-CP Phụ lục I layout), read back with
python-docx: the page, the heading (superior and issuing body, number, motto, place and date),
the title, paragraphs of mixed runs, a table with its column alignment, a picture, the
recipients beside the signature, the page number; Vietnamese text as written."""

from __future__ import annotations

import datetime
import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image

from tuphap.core import official_docx
from tuphap.core.official_docx import OfficialDocument, Run

TEXT = "Ông Nguyễn Văn Khải, phường Trường Vinh, đề nghị giải quyết dứt điểm — “đơn thư”."


def png(width: int = 40, height: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def sample(**changes: object) -> OfficialDocument:
    values: dict[str, object] = {
        "superior": "Ủy ban nhân dân tỉnh Nghệ An",
        "agency": "Sở Tư pháp tỉnh Nghệ An",
        "number": "12/QĐ-STP",
        "place": "Nghệ An",
        "day": datetime.date(2026, 2, 5),
        "title": "Quyết định",
        "subtitle": "Về việc giải quyết bồi thường",
    }
    values.update(changes)
    return OfficialDocument(**values)  # type: ignore[arg-type]


def opened(document: OfficialDocument) -> Any:
    return Document(io.BytesIO(document.to_bytes()))


def test_the_date_of_issue_has_a_zero_before_a_day_below_ten_and_the_months_one_and_two() -> None:
    date = official_docx.vietnamese_date
    assert date("Nghệ An", datetime.date(2026, 11, 5)) == "Nghệ An, ngày 05 tháng 11 năm 2026"
    assert date("Hà Nội", datetime.date(2027, 2, 14)) == "Hà Nội, ngày 14 tháng 02 năm 2027"
    assert date("Hà Nội", datetime.date(2026, 7, 1)) == "Hà Nội, ngày 01 tháng 7 năm 2026"
    assert date("", datetime.date(2026, 12, 25)) == "ngày 25 tháng 12 năm 2026"


def test_the_page_and_the_heading() -> None:
    document = opened(sample())
    section = document.sections[0]
    assert [
        round(length.mm)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [210, 297, 20, 20, 30, 15]
    heading = document.tables[0]
    left, right = heading.rows[0].cells
    assert [round(column.width.mm) for column in heading.columns] == [65, 100]
    # The superior body, the issuing body, the rule under it, the number.
    assert left.text.splitlines() == [
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "SỞ TƯ PHÁP TỈNH NGHỆ AN",
        "",
        "Số: 12/QĐ-STP",
    ]
    superior, agency, rule, number = left.paragraphs
    assert not superior.runs[0].bold
    assert agency.runs[0].bold
    assert rule._p.pPr.find(qn("w:pBdr")) is not None  # the short line under the body
    assert [run.font.size.pt for run in (superior.runs[0], agency.runs[0], number.runs[0])] == [
        13,
        13,
        13,
    ]
    # The motto (bold, 12 and 14 pt: on one line each), its rule, the place and date (italic).
    motto, words, rule, dated = right.paragraphs
    assert (motto.text, words.text) == official_docx.MOTTO
    assert motto.runs[0].bold
    assert words.runs[0].bold
    assert (motto.runs[0].font.size.pt, words.runs[0].font.size.pt) == (12, 14)
    assert rule._p.pPr.find(qn("w:pBdr")) is not None
    assert dated.text == "Nghệ An, ngày 05 tháng 02 năm 2026"
    assert dated.runs[0].italic
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left.paragraphs)
    # The title in capitals, bold, centred; its subtitle under it.
    title, subtitle = document.paragraphs[:2]
    assert title.text == "QUYẾT ĐỊNH"
    assert title.runs[0].bold
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert subtitle.text == "Về việc giải quyết bồi thường"


def test_without_a_superior_body_and_with_an_addressee() -> None:
    document = opened(sample(superior="", subtitle="", addressee="Sở Tư pháp Hà Tĩnh"))
    left = document.tables[0].rows[0].cells[0]
    assert left.text.splitlines() == ["SỞ TƯ PHÁP TỈNH NGHỆ AN", "", "Số: 12/QĐ-STP"]
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["QUYẾT ĐỊNH", "Kính gửi: Sở Tư pháp Hà Tĩnh"]


def test_paragraphs_tables_pictures_and_the_signature() -> None:
    document = sample()
    document.heading("I. KHÁI QUÁT CHUNG")
    document.paragraph("Căn cứ Luật Trách nhiệm bồi thường của Nhà nước;", italic=True, indent=True)
    document.paragraph(Run("Điều 1. ", bold=True), TEXT, Run(" (đã sửa)", italic=True))
    document.table(
        [["Khoản thiệt hại", "Số tiền (đồng)", "Ghi chú"], ["Thu nhập bị mất", "1.500.000 đ", "—"]],
        (80, 45, 40),
        align=("left", "right", "center"),
    )
    document.picture(png(), width_mm=120)
    document.signature(
        "Thủ trưởng cơ quan",
        "Trần Thị Ánh Tuyết",
        recipients=("Người yêu cầu bồi thường;", "Lưu: VT, hồ sơ."),
    )
    read = opened(document)
    paragraphs = {p.text: p for p in read.paragraphs}
    assert paragraphs["I. KHÁI QUÁT CHUNG"].runs[0].bold
    grounds = paragraphs["Căn cứ Luật Trách nhiệm bồi thường của Nhà nước;"]
    assert grounds.runs[0].italic
    assert round(grounds.paragraph_format.first_line_indent.mm) == 13
    # Several runs, each in its own weight and slant; the Vietnamese text as written.
    article = paragraphs[f"Điều 1. {TEXT} (đã sửa)"]
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in article.runs] == [
        ("Điều 1. ", True, False),
        (TEXT, False, False),
        (" (đã sửa)", False, True),
    ]
    assert {r.font.name for r in article.runs} == {"Times New Roman"}
    assert article.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    # The table: bordered, the header bold and centred, each column as asked.
    _, table, signature = read.tables
    assert table.style.name == "Table Grid"
    assert [round(column.width.mm) for column in table.columns] == [80, 45, 40]
    header, row = table.rows
    assert [c.text for c in row.cells] == ["Thu nhập bị mất", "1.500.000 đ", "—"]
    assert all(c.paragraphs[0].runs[0].bold for c in header.cells)
    assert {c.paragraphs[0].alignment for c in header.cells} == {WD_ALIGN_PARAGRAPH.CENTER}
    assert [c.paragraphs[0].alignment for c in row.cells] == [
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.CENTER,
    ]
    assert not row.cells[0].paragraphs[0].runs[0].bold
    # The picture, 120 mm wide, its aspect kept.
    (shape,) = read.inline_shapes
    assert round(shape.width.mm) == 120
    assert round(shape.height.mm) == 60
    # The recipients on the left, the signature on the right.
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # on one page
    recipients, signer = signature.rows[0].cells
    assert recipients.text.splitlines() == [
        "Nơi nhận:",
        "- Người yêu cầu bồi thường;",
        "- Lưu: VT, hồ sơ.",
    ]
    label = recipients.paragraphs[0].runs[0]
    assert label.bold
    assert label.italic
    assert label.font.size.pt == 12
    assert recipients.paragraphs[1].runs[0].font.size.pt == 11
    assert signer.text.splitlines() == [
        "THỦ TRƯỞNG CƠ QUAN",
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "Trần Thị Ánh Tuyết",
    ]
    assert signer.paragraphs[0].runs[0].bold
    assert signer.paragraphs[1].runs[0].italic


def test_a_signature_without_recipients_or_hint() -> None:
    document = sample()
    document.signature("Thủ trưởng cơ quan", hint=False)
    read = opened(document)
    last = read.paragraphs[-1]
    assert last.text == "THỦ TRƯỞNG CƠ QUAN"
    assert last.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert len(read.tables) == 1
    assert official_docx.SIGNATURE_HINT not in official_docx.text_of(document.to_bytes())


def test_the_page_number_from_the_second_page() -> None:
    read = opened(sample())
    section = read.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [e.text for e in header._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]


def test_text_of_reads_in_order() -> None:
    document = sample()
    document.paragraph(TEXT)
    document.table([["Cột", "Giá trị"], ["Tổng cộng", "240.000.000 đ"]], (100, 65))
    lines = official_docx.text_of(document.to_bytes()).splitlines()
    assert lines[:2] == ["ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "SỞ TƯ PHÁP TỈNH NGHỆ AN"]
    assert lines.index("QUYẾT ĐỊNH") < lines.index(TEXT) < lines.index("240.000.000 đ")
