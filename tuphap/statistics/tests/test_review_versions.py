"""The annual review issued as immutable versions: an estimate while the year is open (figures
actual to the periodic report's cut-off, TT 03/2019/TT-BTP Art. 6), the official version once it
closed, refused when its reports do not balance; the page says which is which."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.statistics import review
from tuphap.statistics.models import ReviewVersion
from tuphap.statistics.registry import registry
from tuphap.statistics.tests.conftest import BALANCE, cover, put

CODES = ("test.cases.carried_in", "test.cases.received", "test.cases.done", "test.cases.pending")
SECTION = review.Section(
    "test.area",
    "Công tác thử",
    "Test area",
    CODES,
    (
        review.Sentence(
            "Thụ lý {value:test.cases.received}.", "Received {value:test.cases.received}."
        ),
    ),
    order=1,
)
CHRISTMAS = datetime.date(2025, 12, 25)  # the 2023 conference sat on 25 December
NEW_YEAR = datetime.date(2026, 1, 10)


@pytest.fixture
def balanced(world: Any, indicators: None) -> Iterator[Any]:
    """Nghệ An, 2025: 30 carried in + 10 received − 4 done = 36 pending."""
    saved = dict(review.SECTIONS)
    review.SECTIONS.clear()
    review.add_section(SECTION)
    for code in CODES:
        cover(code, "2024-01", "2025-12")
    put("test.cases.carried_in", "2025-01", world.vinh, 30)
    put("test.cases.received", "2025-03", world.vinh, 10)
    put("test.cases.done", "2025-06", world.vinh, 4)
    put("test.cases.pending", "2025-12", world.vinh, 36)
    with registry.temporary(identities=[BALANCE]):
        yield world
    review.SECTIONS.clear()
    review.SECTIONS.update(saved)


def _received(version: ReviewVersion) -> Any:
    (section,) = version.sections
    return {figure["code"]: figure for figure in section["figures"]}["test.cases.received"]


def test_the_national_review_before_the_year_ends_is_actual_to_30_november(
    balanced: Any,
) -> None:
    built = review.build(None, year=2025, today=CHRISTMAS)
    assert built.estimated is True
    assert built.stage == "estimate"
    assert built.cut_off == datetime.date(2025, 11, 30)


def test_a_province_review_before_the_year_ends_is_actual_to_31_october(balanced: Any) -> None:
    built = review.build(None, year=2025, place=balanced.nghe_an, today=CHRISTMAS)
    assert built.cut_off == datetime.date(2025, 10, 31)


def test_a_review_written_before_the_cut_off_is_actual_to_its_day(balanced: Any) -> None:
    built = review.build(None, year=2025, today=datetime.date(2025, 6, 15))
    assert built.cut_off == datetime.date(2025, 6, 15)


def _figure(built: review.Review, code: str) -> review.Figure:
    return {figure.code: figure for figure in built.sections[0].figures}[code]


def test_an_estimate_carries_the_flows_at_the_pace_of_the_actual_months(balanced: Any) -> None:
    built = review.build(None, year=2025, today=CHRISTMAS)
    received = _figure(built, "test.cases.received")
    assert (received.actual, received.value) == (10, 11)  # 10 × 12 / 11 months
    done = _figure(built, "test.cases.done")
    assert (done.actual, done.value) == (4, 4)  # 4 × 12 / 11 = 4.36


def test_the_term_to_date_carries_the_same_estimate(balanced: Any) -> None:
    put("test.cases.received", "2024-03", balanced.vinh, 5)
    received = _figure(review.build(None, year=2025, today=CHRISTMAS), "test.cases.received")
    # 5 in 2024 and 10 so far in 2025: the term to date ends with 2025's estimate of 11
    assert received.term_to_date == 16
    assert received.term_to_date >= received.value


def test_an_estimate_keeps_the_latest_actual_stock(balanced: Any) -> None:
    built = review.build(None, year=2025, today=CHRISTMAS)
    pending = _figure(built, "test.cases.pending")
    assert (pending.actual, pending.value) == (None, 36)


def test_only_whole_months_before_the_cut_off_are_actual(balanced: Any) -> None:
    put("test.cases.received", "2025-06", balanced.vinh, 7)  # June is not over on the 15th
    built = review.build(None, year=2025, today=datetime.date(2025, 6, 15))
    received = _figure(built, "test.cases.received")
    assert (received.actual, received.value) == (10, 24)  # 10 in Jan–May × 12 / 5


def test_the_official_review_carries_nothing(balanced: Any) -> None:
    built = review.build(None, year=2025, today=NEW_YEAR)
    received = _figure(built, "test.cases.received")
    assert (received.actual, received.value) == (None, 10)


def test_once_the_year_has_closed_the_review_is_official(balanced: Any) -> None:
    built = review.build(None, year=2025, today=NEW_YEAR)
    assert (built.estimated, built.cut_off, built.stage) == (False, None, "official")


def test_an_estimate_then_the_official_version_each_keeps_its_figures(balanced: Any) -> None:
    officer = balanced.users["ministry_specialist"]
    estimate = review.review_issue(actor=officer, year=2025, stage="estimate", today=CHRISTMAS)
    # December's figures arrive after the estimate was issued
    put("test.cases.received", "2025-12", balanced.vinh, 1)
    put("test.cases.done", "2025-12", balanced.vinh, 1)
    official = review.review_issue(
        actor=officer, year=2025, stage="official", today=NEW_YEAR, note="final"
    )

    estimate.refresh_from_db()
    assert (estimate.number, estimate.stage, estimate.cut_off) == (
        1,
        "estimate",
        datetime.date(2025, 11, 30),
    )
    assert (official.number, official.stage, official.cut_off) == (2, "official", None)
    assert _received(estimate)["value"] == 11  # 10 actual in 11 months, carried to 12
    assert _received(estimate)["actual"] == 10
    assert _received(estimate)["estimated"] is True
    assert _received(official)["value"] == 11
    assert _received(official)["estimated"] is False
    assert _received(official)["actual"] is None
    assert official.sections[0]["text"] == ["Received 11."]
    assert AuditEvent.objects.filter(action="statistics.review.issued").count() == 2


def test_an_official_review_before_the_year_ends_is_refused(balanced: Any) -> None:
    with pytest.raises(Conflict) as refused:
        review.review_issue(
            actor=balanced.users["ministry_specialist"],
            year=2025,
            stage="official",
            today=CHRISTMAS,
        )
    assert refused.value.code == "period_not_closed"
    assert "31/12/2025" in refused.value.fields["stage"][0]
    assert not ReviewVersion.objects.exists()


def test_an_estimate_after_the_year_closed_is_refused(balanced: Any) -> None:
    with pytest.raises(Conflict) as refused:
        review.review_issue(
            actor=balanced.users["ministry_specialist"], year=2025, stage="estimate", today=NEW_YEAR
        )
    assert refused.value.code == "period_closed"


def test_an_estimate_cannot_follow_the_official_version(balanced: Any) -> None:
    officer = balanced.users["ministry_specialist"]
    review.review_issue(actor=officer, year=2025, stage="official", today=NEW_YEAR)
    with pytest.raises(Conflict) as refused:
        review.review_issue(actor=officer, year=2025, stage="estimate", today=CHRISTMAS)
    assert refused.value.code == "stage_goes_back"
    assert ReviewVersion.objects.count() == 1


def test_a_review_that_does_not_balance_is_refused_and_says_where(balanced: Any) -> None:
    put("test.cases.received", "2025-04", balanced.vinh, 5)  # pending should now be 41, not 36
    with pytest.raises(Conflict) as refused:
        review.review_issue(
            actor=balanced.users["ministry_specialist"], year=2025, stage="official", today=NEW_YEAR
        )
    assert refused.value.code == "report_does_not_balance"
    assert refused.value.fields["identities"][0].startswith("test.cases.pending = ")
    assert "36 ≠ 41" in refused.value.fields["identities"][0]
    assert not ReviewVersion.objects.exists()


def test_a_role_that_may_not_issue_is_refused(balanced: Any) -> None:
    with pytest.raises(AccessDenied):
        review.review_issue(
            actor=balanced.users["leader"], year=2025, stage="official", today=NEW_YEAR
        )


def test_an_unknown_stage_is_refused_naming_the_field(balanced: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        review.review_issue(
            actor=balanced.users["ministry_specialist"],
            year=2025,
            stage="preliminary",
            today=NEW_YEAR,
        )
    assert "estimate, official" in refused.value.fields["stage"][0]


def test_the_nations_review_is_issued_by_the_ministry_only(balanced: Any) -> None:
    with pytest.raises(AccessDenied):
        review.review_issue(
            actor=balanced.users["statistics_officer"], year=2025, stage="official", today=NEW_YEAR
        )


def test_a_province_officer_issues_their_province_not_another(balanced: Any) -> None:
    specialist = balanced.users["provincial_specialist"]
    version = review.review_issue(
        actor=specialist, year=2025, place=balanced.nghe_an, stage="estimate", today=CHRISTMAS
    )
    assert version.cut_off == datetime.date(2025, 10, 31)
    with pytest.raises(AccessDenied):
        review.review_issue(
            actor=specialist, year=2025, place=balanced.ha_tinh, stage="estimate", today=CHRISTMAS
        )


def test_an_issued_review_is_never_changed(balanced: Any) -> None:
    version = review.review_issue(
        actor=balanced.users["ministry_specialist"], year=2025, stage="official", today=NEW_YEAR
    )
    version.note = "changed"
    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_the_page_marks_the_estimate_and_issues_it(
    client: Any, balanced: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2025, 12, 25, 2, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(balanced.users["ministry_specialist"])
    query = {"year": 2025, "province": ""}
    page = client.get(reverse("statistics:review"), query)
    body = page.content.decode()
    assert 'data-stage="estimate"' in body
    assert "30/11/2025" in body
    assert 'data-testid="section-estimated"' in body
    assert 'data-testid="figure-actual"' in body

    issued = client.post(
        f"{reverse('statistics:review_issue')}?year=2025&province=", {"stage": "estimate"}
    )
    version = ReviewVersion.objects.get()
    assert issued.status_code == 302
    assert issued["Location"] == reverse("statistics:review_version", args=[version.pk])
    shown = client.get(issued["Location"]).content.decode()
    assert "30/11/2025" in shown
    assert "actual to 30/11/2025: 10" in shown
    listed = client.get(reverse("statistics:review"), query).content.decode()
    assert reverse("statistics:review_version", args=[version.pk]) in listed


def test_the_docx_title_says_estimate(client: Any, balanced: Any, time_machine: Any) -> None:
    from docx import Document

    time_machine.move_to(datetime.datetime(2025, 12, 25, 2, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(balanced.users["ministry_specialist"])
    response = client.get(reverse("statistics:review_docx"), {"year": 2025, "province": ""})
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Tổng kết công tác tư pháp năm 2025 (the whole sector) (ước tính)" in text
    assert "Số liệu thực tế đến ngày 30/11/2025, ước tính đến hết năm" in text


def test_the_page_after_the_year_closed_is_official(
    client: Any, balanced: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 1, 10, 2, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(balanced.users["ministry_specialist"])
    body = client.get(reverse("statistics:review"), {"year": 2025, "province": ""}).content.decode()
    assert 'data-stage="official"' in body


def test_a_province_reader_cannot_open_the_nations_issued_review(
    client: Any, balanced: Any
) -> None:
    version = review.review_issue(
        actor=balanced.users["ministry_specialist"], year=2025, stage="official", today=NEW_YEAR
    )
    client.force_login(balanced.users["provincial_specialist_ha_tinh"])
    response = client.get(reverse("statistics:review_version", args=[version.pk]))
    assert response.status_code == 404
