"""The documents the ministries developed and submitted, or promulgated (the review's "515 văn
bản"): drafts submitted count on their submission day for the drafting ministry, circulars on
their signing day for the issuing ministry, a submitted draft promulgated later is not counted
twice, and the review's figure lists exactly its records, by ministry too."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import World
from tuphap.accounts.models import AgencyKind, AgencyLevel
from tuphap.accounts.tests import factories as account_factories
from tuphap.legislation.documents import services as documents
from tuphap.legislation.documents.models import DocumentType
from tuphap.legislation.programme.models import Conclusion
from tuphap.legislation.programme.services import appraisal
from tuphap.legislation.tests import factories, programme_factories
from tuphap.statistics import review, selectors
from tuphap.statistics import services as statistics_services
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db

D = datetime.date
VN = datetime.timezone(datetime.timedelta(hours=7))
AFTER = D(2027, 1, 20)  # the year 2026 has closed: official figures
DEVELOPED = "legislation.central_documents.developed"


def _submitted(actor: Any, lead: Any, doc_type: str, on: D, title: str) -> Any:
    dossier = programme_factories.draft(actor, lead, received_on=on.replace(day=1))
    dossier.doc_type = doc_type  # the factory drafts a law; the type is the dossier's own
    dossier.save(update_fields=["doc_type"])
    appraisal.dossier_request_appraisal(actor=actor, detail=dossier, requested_on=on.replace(day=2))
    appraisal.dossier_record_appraisal(
        actor=actor,
        detail=dossier,
        report_reference=f"BC-BTP {title}",
        conclusion=Conclusion.ELIGIBLE,
        report_on=on.replace(day=3),
    )
    return appraisal.dossier_submit(
        actor=actor, detail=dossier, submission_reference=f"TTr {title}", submitted_on=on
    )


def _circular(actor: Any, number: str, issuer: str, signed_on: D) -> Any:
    return documents.document_create(
        actor=actor,
        doc_type=DocumentType.CIRCULAR,
        number=number,
        issuer=issuer,
        signed_on=signed_on,
        effective_on=signed_on + datetime.timedelta(days=45),
        title=f"Thông tư {number}",
        text="Điều 1. Phạm vi điều chỉnh\nThông tư này quy định chi tiết.\n",
    )


@pytest.fixture
def records(world: World, time_machine: Any) -> dict[str, Any]:
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN), tick=False)
    actor = world.users["ministry_specialist"]
    finance = programme_factories.central(world)
    health = account_factories.agency(
        "BYT", "Bộ Y tế", kind=AgencyKind.CENTRAL_BODY, level=AgencyLevel.NATIONAL
    )
    # Finance: a draft law submitted in April, then promulgated in June (not counted again),
    # a draft circular submitted in May (a circular counts when promulgated, not here) and a
    # circular of its own in July. Health: a draft decree submitted in May. And a draft decree
    # submitted in December 2025, in the year before.
    law = _submitted(actor, finance, DocumentType.LAW, D(2026, 4, 10), "luật")
    appraisal.dossier_adopt(
        actor=actor, detail=law, adopted_on=D(2026, 6, 10), document=factories.sample_law(actor)
    )
    _submitted(actor, finance, DocumentType.CIRCULAR, D(2026, 5, 20), "thông tư")
    _submitted(actor, health, DocumentType.DECREE, D(2026, 5, 15), "nghị định")
    _submitted(actor, health, DocumentType.DECREE, D(2025, 12, 10), "nghị định 2025")
    _circular(actor, "12/2026/TT-BTC", "Bộ Tài chính", D(2026, 7, 1))
    stored = [
        code
        for code in (
            "legislation.drafts.submitted",
            "legislation.central_drafts.submitted",
            *registry.get(DEVELOPED).inputs,
            "legislation.documents.promulgated",
            "legislation.central_documents.promulgated",
            "legislation.local_documents.promulgated",
        )
        if registry.get(code).is_stored
    ]
    statistics_services.rollup_refresh(
        actor=None, indicators=stored, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
    )
    return {"finance": finance, "health": health}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("legislation.drafts.submitted", [(4, "finance", 1), (5, "health", 1), (5, "finance", 1)]),
        ("legislation.central_drafts.submitted", [(4, "finance", 1), (5, "health", 1)]),
    ],
    ids=["every-draft", "central-drafts"],
)
def test_a_draft_counts_in_its_submission_month_for_its_drafting_ministry(
    records: dict[str, Any], code: str, expected: list[tuple[int, str, int]]
) -> None:
    rows = sorted(registry.get(code).rows(D(2026, 1, 1), D(2026, 12, 31)), key=lambda r: r[:3])
    assert rows == sorted(
        (D(2026, month, 1), None, records[name].pk, value) for month, name, value in expected
    )


def test_the_figure_adds_drafts_submitted_and_circulars_without_counting_a_draft_twice(
    records: dict[str, Any],
) -> None:
    query = selectors.report_query_parse(
        indicators=[DEVELOPED, "legislation.central_documents.promulgated"], period="2026"
    )
    rows = {row["indicator"]: row for row in selectors.report_national(query).rows}

    # the law and the decree submitted, the circular promulgated; not the law again when it
    # was promulgated in June, not the draft circular at its submission
    assert rows[DEVELOPED]["value"] == 3
    assert rows[DEVELOPED]["last_year"] == 1  # the decree submitted in December 2025
    # 2026 opens the term 2026–2031 (term-to-date.md): its term to date is the year itself
    assert rows[DEVELOPED]["term_to_date"] == 3
    # the documents promulgated still count the law, with the circular
    assert rows["legislation.central_documents.promulgated"]["value"] == 2


def test_the_review_figure_lists_its_records_for_the_nation_and_for_each_ministry(
    client: Any, world: World, records: dict[str, Any]
) -> None:
    ministry = world.users["ministry_specialist"]
    client.force_login(ministry)
    for agency, expected in ((None, 3), (records["finance"], 2), (records["health"], 1)):
        built = review.build(
            ministry, year=2026, today=AFTER, only=["legislation.making"], agency=agency
        )
        figure = next(f for s in built.sections for f in s.figures if f.code == DEVELOPED)
        assert figure.value == expected, agency
        assert figure.link is not None
        page = client.get(figure.link)
        assert page.status_code == 200
        listed = page.context["page"].paginator.count
        assert listed == expected, agency
        # the section's sentence reads the figure, for the nation and for each ministry
        assert f"or promulgated, {expected} legal documents" in " ".join(built.sections[0].text)
    assert [row.step for row in page.context["page"]] == ["Submitted"]  # health: its decree


def test_the_drafts_submitted_link_to_the_dossiers_they_count(
    client: Any, world: World, records: dict[str, Any]
) -> None:
    ministry = world.users["ministry_specialist"]
    client.force_login(ministry)
    built = review.build(ministry, year=2026, today=AFTER, only=["legislation.making"])
    code = "legislation.central_drafts.submitted"
    figure = next(f for s in built.sections for f in s.figures if f.code == code)
    assert figure.value == 2
    page = client.get(figure.link)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 2


def test_a_bad_window_names_its_field(client: Any, world: World) -> None:
    client.force_login(world.users["ministry_specialist"])
    page = client.get("/legislation/developed/?figure=developed&from=2026-13-01&to=2026-12-31")
    assert page.status_code == 400
    assert "from" in page.context["filter_errors"]


def test_without_a_window_the_page_lists_this_years_records_or_says_there_are_none(
    client: Any, world: World, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN), tick=False)
    client.force_login(world.users["ministry_specialist"])
    page = client.get("/legislation/developed/")
    assert page.status_code == 200
    assert b'data-testid="developed-empty"' in page.content
