"""The annual review: sections declared as data, sentences filled from the report engine's
figures (this year, last year, the change in % and in absolute terms, the term to date), for
the nation or a province within the reader's jurisdiction; the page and its DOCX, XLSX and PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from tuphap.core.models import AuditEvent
from tuphap.statistics import review
from tuphap.statistics.tests.conftest import put

SECTION = review.Section(
    "test.area",
    "Công tác thử",
    "Test area",
    ("test.cases.received", "test.money.collected", "test.cases.done_rate", "test.cases.done"),
    (
        review.Sentence(
            "Năm {year}, {place} đã thụ lý {value:test.cases.received} việc,"
            " {change:test.cases.received} so với năm {previous_year}.",
            "In {year}, {place} received {value:test.cases.received} cases,"
            " {change:test.cases.received} on {previous_year}; term: {term:test.cases.received}.",
        ),
        review.Sentence(
            "Thu {value:test.money.collected}.",
            "Collected {value:test.money.collected}, {change:test.money.collected}.",
        ),
        review.Sentence(
            "Tỷ lệ {value:test.cases.done_rate}.", "Rate {change:test.cases.done_rate}."
        ),
        review.Sentence(
            "Không có {value:test.cases.pending}.", "Pending {value:test.cases.pending}."
        ),
    ),
    order=1,
)


@pytest.fixture
def section(indicators: None) -> Iterator[review.Section]:
    saved = dict(review.SECTIONS)
    review.SECTIONS.clear()
    review.add_section(SECTION)
    yield SECTION
    review.SECTIONS.clear()
    review.SECTIONS.update(saved)


@pytest.fixture
def figures(world: Any, section: review.Section) -> None:
    billion = 1_000_000_000
    put("test.cases.received", "2024-03", world.vinh, 100)
    put("test.cases.received", "2025-03", world.vinh, 100)
    put("test.cases.received", "2025-09", world.ha_tinh_ward, 20)
    put("test.cases.done", "2024-03", world.vinh, 50)
    put("test.cases.done", "2025-03", world.vinh, 90)
    put("test.money.collected", "2024-06", world.vinh, 500 * billion)
    put("test.money.collected", "2025-06", world.vinh, 5_000 * billion)


def test_the_national_review_fills_its_sentences_from_the_figures(figures: None) -> None:
    built = review.build(None, year=2025)
    (area,) = built.sections
    assert area.text == (
        "In 2025, the whole sector received 120 cases, up 20,0% (+20) on 2024; term: 220.",
        "Collected 5.000 tỷ đồng, up 900,0% (+4.500 tỷ đồng).",
        # done / received: 75.00 % against 50.00 %
        "Rate up 25,00 percentage points.",
        # the pending stock is not in the section's table: no figure, no sentence
    )
    by_code = {figure.code: figure for figure in area.figures}
    assert by_code["test.cases.received"].difference == 20
    assert by_code["test.money.collected"].difference == 4_500 * 1_000_000_000
    assert by_code["test.cases.done_rate"].change == 25.0


def test_a_province_review_and_the_readers_jurisdiction(world: Any, figures: None) -> None:
    nghe_an = world.users["provincial_specialist"]
    built = review.build(nghe_an, year=2025, place=world.nghe_an)
    received = {f.code: f for f in built.sections[0].figures}["test.cases.received"]
    assert (received.value, received.last_year) == (100, 100)
    assert built.sections[0].text[0].endswith("unchanged on 2024; term: 200.")

    from tuphap.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        review.build(nghe_an, year=2025, place=world.ha_tinh)


def test_the_page_and_its_files(client: Any, world: Any, figures: None) -> None:
    client.force_login(world.users["leader"])
    page = client.get(reverse("statistics:review"), {"year": 2025, "province": ""})
    assert page.status_code == 200
    body = page.content.decode()
    assert "the whole sector received 120 cases" in body
    assert 'data-indicator="test.cases.received"' in body
    assert "<svg" in body

    query = {"year": 2025, "province": ""}
    docx_file = client.get(reverse("statistics:review_docx"), query)
    assert docx_file.status_code == 200
    from docx import Document

    document = Document(io.BytesIO(docx_file.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "Tổng kết công tác tư pháp năm 2025" in text
    assert "the whole sector received 120 cases" in text
    assert "5.000.000.000.000 đ" in cells  # the annex table in full đồng
    assert document.inline_shapes
    assert document.inline_shapes[0].type is not None

    xlsx_file = client.get(reverse("statistics:review_xlsx"), query)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx_file.content))
    assert workbook.sheetnames == ["1. test.area"]
    rows = {row[0]: row for row in workbook.active.iter_rows(min_row=3, values_only=True)}
    assert rows["test.cases.received"][3:6] == (120, 100, 20)

    pdf_file = client.get(reverse("statistics:review_pdf"), query)
    assert pdf_file.content.startswith(b"%PDF")
    from pypdf import PdfReader

    pdf_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf_file.content)).pages
    )
    assert "120" in pdf_text
    assert "Tổng kết" in pdf_text

    exported = AuditEvent.objects.filter(action="statistics.review.exported")
    assert sorted(exported.values_list("data__format", flat=True)) == ["docx", "pdf", "xlsx"]


def test_a_provincial_reader_is_offered_only_their_province(
    client: Any, world: Any, figures: None
) -> None:
    client.force_login(world.users["provincial_specialist"])
    page = client.get(reverse("statistics:review"), {"year": 2025})
    body = page.content.decode()
    assert page.status_code == 200
    assert world.nghe_an.name in body
    assert world.ha_tinh.name not in body
    assert "received 100 cases" in body
    refused = client.get(reverse("statistics:review"), {"year": 2025, "province": world.ha_tinh.pk})
    assert refused.status_code == 200
    assert 'role="alert"' in refused.content.decode()


def test_targets_are_assigned_by_the_ministry_and_show_progress(
    client: Any, world: Any, figures: None
) -> None:
    from decimal import Decimal

    from tuphap.core.errors import AccessDenied, ValidationFailed
    from tuphap.statistics import targets

    ministry = world.users["ministry_specialist"]
    with pytest.raises(AccessDenied):
        targets.target_set(
            actor=world.users["provincial_specialist"],
            indicator="test.cases.received",
            period="2025",
            place=None,
            value=100,
            basis="QĐ 1/QĐ-BTP",
        )
    with pytest.raises(ValidationFailed) as bad:
        targets.target_set(
            actor=ministry,
            indicator="test.nothing",
            period="2025X",
            place=world.vinh,
            value="12.5",
            basis=" ",
        )
    assert set(bad.value.fields) == {"indicator", "period", "place", "basis"}
    with pytest.raises(ValidationFailed) as rate:
        targets.target_set(
            actor=ministry,
            indicator="test.cases.done_rate",
            period="2025",
            place=None,
            value=120,
            basis="QĐ 1/QĐ-BTP",
        )
    assert "value" in rate.value.fields
    targets.target_set(
        actor=ministry,
        indicator="test.cases.received",
        period="2025",
        place=None,
        value=150,
        basis="QĐ 1/QĐ-BTP",
    )
    targets.target_set(
        actor=ministry,
        indicator="test.cases.done_rate",
        period="2025",
        place=None,
        value="70",
        basis="QĐ 1/QĐ-BTP",
    )
    assert AuditEvent.objects.filter(action="statistics.target.set").count() == 2
    figures_of = {f.code: f for f in review.build(None, year=2025).sections[0].figures}
    assert figures_of["test.cases.received"].target == Decimal("150")
    assert figures_of["test.cases.received"].progress == 80.0  # 120 of 150
    assert figures_of["test.cases.done_rate"].progress == 5.0  # 75 % against 70 %
    # a province has no target of its own: none shown there
    province = review.build(world.users["provincial_specialist"], year=2025, place=world.nghe_an)
    assert all(f.target is None for f in province.sections[0].figures)

    client.force_login(ministry)
    page = client.get(reverse("statistics:targets"))
    assert 'data-testid="target-form"' in page.content.decode()
    saved = client.post(
        reverse("statistics:targets"),
        {
            "indicator": "test.cases.received",
            "period": "2025",
            "province": world.nghe_an.pk,
            "value": "90",
            "basis": "QĐ 2/QĐ-BTP",
        },
    )
    assert saved.status_code == 302
    reviewed = client.get(
        reverse("statistics:review"), {"year": 2025, "province": world.nghe_an.pk}
    )
    assert "Target" in reviewed.content.decode()
    client.force_login(world.users["provincial_specialist"])
    listing = client.get(reverse("statistics:targets")).content.decode()
    assert 'data-testid="target-form"' not in listing
    assert "QĐ 2/QĐ-BTP" in listing
    assert "QĐ 1/QĐ-BTP" not in listing  # the national targets are not the province's rows


def test_a_report_is_picked_by_name_and_period_from_menus(
    client: Any, world: Any, figures: None
) -> None:
    client.force_login(world.users["leader"])
    page = client.get(reverse("statistics:report_pick"))
    assert 'data-testid="report-pick"' in page.content.decode()
    assert "Test area" in page.content.decode()
    picked = client.get(
        reverse("statistics:report_pick"),
        {"report": "test.area", "kind": "half", "year": 2025, "index": 2, "level": "province"},
    )
    assert picked.status_code == 302
    assert "period=2025H2" in picked["Location"]
    assert "indicators=test.cases.received" in picked["Location"]
    report = client.get(picked["Location"])
    assert report.status_code == 200
    missing = client.get(
        reverse("statistics:report_pick"), {"report": "test.area", "kind": "quarter", "year": 2025}
    )
    assert missing.status_code == 200
    assert 'role="alert"' in missing.content.decode()
    thads = client.get(
        reverse("statistics:report_pick"),
        {"report": "test.area", "kind": "thads_months", "year": 2025, "index": 6},
    )
    assert "period=THADS2025M06" in thads["Location"]


def test_an_areas_dashboard_with_its_charts_and_tables(
    client: Any, world: Any, figures: None
) -> None:
    client.force_login(world.users["leader"])
    page = client.get(reverse("statistics:dashboard", args=["test.area"]), {"year": 2025})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-indicator="test.cases.received"' in body
    assert 'data-testid="trend-chart"' in body
    assert 'data-testid="province-chart"' in body
    # the month table: March 100 (Vinh), September 20 (Hà Tĩnh); last year's March 100
    assert "<tr><td>03/2025</td><td>100</td><td>100</td></tr>" in body
    # September 2024 was never computed: no figure, not zero
    assert "<tr><td>09/2025</td><td>20</td><td>—</td></tr>" in body
    assert world.ha_tinh.name in body
    # the map: Hà Tĩnh's shape carries its figure, a province without one is grey
    assert 'data-testid="province-map"' in body
    assert 'data-province="42"><title>Tỉnh Hà Tĩnh: 20</title>' in body
    assert 'fill="#e9ecef" stroke="#495057" stroke-width="0.5" data-province="01">' in body
    assert client.get(reverse("statistics:dashboard", args=["nothing"])).status_code == 404
    client.force_login(world.users["provincial_specialist"])
    province = client.get(reverse("statistics:dashboard", args=["test.area"]), {"year": 2025})
    assert 'data-testid="province-chart"' not in province.content.decode()


def test_the_nations_word_file_maps_each_sections_first_figure_by_province(
    client: Any, world: Any, figures: None
) -> None:
    built = review.build(None, year=2025)
    (area,) = built.sections
    assert area.headline is not None
    assert area.headline.code == "test.cases.received"
    by_province = dict(area.by_province)
    assert by_province[world.nghe_an.code] == 100
    assert by_province[world.ha_tinh.code] == 20
    # a province's own review has no map: one province is not a distribution
    assert review.build(None, year=2025, place=world.nghe_an).sections[0].by_province == ()

    from docx import Document

    client.force_login(world.users["leader"])
    national = client.get(reverse("statistics:review_docx"), {"year": 2025, "province": ""})
    province = client.get(
        reverse("statistics:review_docx"), {"year": 2025, "province": world.nghe_an.pk}
    )
    # the bar chart of the counts, and the map only in the nation's file
    assert len(Document(io.BytesIO(national.content)).inline_shapes) == 2
    assert len(Document(io.BytesIO(province.content)).inline_shapes) == 1

    # an issued version keeps the map's figures as issued
    issuer = world.users["ministry_specialist"]
    version = review.review_issue(actor=issuer, year=2025, stage="official")
    assert dict(review.from_version(version).sections[0].by_province) == by_province
