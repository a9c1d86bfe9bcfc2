"""An issued review keeps the drill-down links of its figures as issued (ADR 0018): its page and
its files (DOCX, XLSX, PDF) link each figure to the list its register declared when the version
was issued, from what the version stored, not from the declarations or the records of today."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from tuphap.core.models import AuditEvent
from tuphap.core.periods import Period
from tuphap.places.models import AdministrativeUnit
from tuphap.statistics import review, review_export
from tuphap.statistics.tests.test_review_versions import NEW_YEAR, balanced  # noqa: F401

pytestmark = pytest.mark.django_db


def _issued(period: Period, place: AdministrativeUnit | None, agency: int | None) -> dict[str, str]:
    return {"figure": "issued", **review.window_params(period, place, agency)}


def _today(period: Period, place: AdministrativeUnit | None, agency: int | None) -> dict[str, str]:
    return {"figure": "today", **review.window_params(period, place, agency)}


@pytest.fixture
def declared() -> Iterator[None]:
    saved = dict(review.DRILLDOWNS)
    review.add_drilldown("test.cases.received", "legislation:checks", _issued)
    yield
    review.DRILLDOWNS.clear()
    review.DRILLDOWNS.update(saved)


def _link(figures: list[dict[str, Any]], code: str) -> Any:
    return {figure["code"]: figure for figure in figures}[code]["link"]


def test_an_issued_version_keeps_its_links_in_its_page_and_files(
    client: Any,
    balanced: Any,  # noqa: F811
    declared: None,
    time_machine: Any,
) -> None:
    officer = balanced.users["ministry_specialist"]
    version = review.review_issue(actor=officer, year=2025, stage="official", today=NEW_YEAR)
    (section,) = version.sections
    issued = _link(section["figures"], "test.cases.received")
    assert issued is not None
    assert "figure=issued" in issued
    assert _link(section["figures"], "test.cases.done") is None  # no list declared: no link

    # the register changes its declaration after the version was issued
    review.add_drilldown("test.cases.received", "legislation:checks", _today)
    rebuilt = review.build(officer, year=2025, today=NEW_YEAR)
    fresh = next(f for f in rebuilt.sections[0].figures if f.code == "test.cases.received")
    assert fresh.link is not None
    assert "figure=today" in fresh.link

    # the version as a review: its own link, as issued
    kept = review.from_version(version)
    received = next(f for f in kept.sections[0].figures if f.code == "test.cases.received")
    assert received.link == issued
    assert received.value == 10

    time_machine.move_to("2026-01-10 10:00+07:00", tick=False)
    client.force_login(officer)
    address = reverse("statistics:review_version", kwargs={"version_id": version.pk})
    page = client.get(address)
    assert page.status_code == 200
    body = page.content.decode()
    assert issued.replace("&", "&amp;") in body
    assert "figure=today" not in body

    base = "http://testserver"
    workbook_bytes = client.get(address, {"format": "xlsx"})
    assert workbook_bytes.status_code == 200
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(workbook_bytes.content))
    annex = {row[1].value: row[4] for row in workbook[review_export.ANNEX].iter_rows(min_row=2)}
    assert annex["test.cases.received"].value == base + issued
    assert annex["test.cases.received"].hyperlink.target == base + issued

    document = client.get(address, {"format": "docx"})
    assert document.status_code == 200
    with zipfile.ZipFile(io.BytesIO(document.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert (base + issued).replace("&", "&amp;") in xml
    assert "figure=today" not in xml
    assert document["Content-Disposition"].endswith(f'-v{version.number}.docx"')

    printed = client.get(address, {"format": "pdf"})
    assert printed.status_code == 200
    assert printed.content.startswith(b"%PDF")

    exported = AuditEvent.objects.filter(action="statistics.review.exported").order_by("pk")
    assert [event.data["format"] for event in exported] == ["xlsx", "docx", "pdf"]
    assert {event.data["version"] for event in exported} == {version.pk}


def test_an_unknown_file_kind_is_refused_naming_the_field(
    client: Any,
    balanced: Any,  # noqa: F811
    declared: None,
) -> None:
    officer = balanced.users["ministry_specialist"]
    version = review.review_issue(actor=officer, year=2025, stage="official", today=NEW_YEAR)
    client.force_login(officer)
    page = client.get(
        reverse("statistics:review_version", kwargs={"version_id": version.pk}),
        {"format": "odt"},
    )
    assert page.status_code == 400
    assert set(page.context["filter_errors"]) == {"format"}
