"""The annual review's drill-down for legislation (ADR 0018): each documents and checks figure
links to its list, the list holds as many records as the figure counts, and a provincial reader
sees only their province's records whatever the link asks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from tuphap.core.periods import calendar_year
from tuphap.legislation.checking import indicators as checking_indicators
from tuphap.legislation.checking import services as checking
from tuphap.legislation.documents import indicators as document_indicators
from tuphap.legislation.programme import indicators as programme_indicators
from tuphap.legislation.programme.models import Conclusion
from tuphap.legislation.programme.services import appraisal
from tuphap.legislation.tests import factories, programme_factories
from tuphap.legislation.tests.checking_helpers import (
    LAWFUL,
    MONDAY,
    UNLAWFUL,
    circular,
    opened,
    resolution,
)
from tuphap.legislation.tests.test_programme_indicators import data  # noqa: F401
from tuphap.statistics import review
from tuphap.statistics import services as statistics_services

pytestmark = pytest.mark.django_db

D = datetime.date
AFTER = D(2027, 1, 20)  # the year 2026 has closed: official figures
CODES = (
    "legislation.documents.promulgated",
    "legislation.central_documents.promulgated",
    "legislation.local_documents.promulgated",
    "legislation.checks.examined",
    "legislation.checks.unlawful",
    "legislation.checks.handled",
)


def _figure(built: review.Review, code: str) -> review.Figure:
    return next(f for s in built.sections for f in s.figures if f.code == code)


def _listed(client: Any, link: str | None) -> tuple[int, set[int]]:
    assert link is not None
    page = client.get(link)
    assert page.status_code == 200, link
    return page.context["page"].paginator.count, {row.pk for row in page.context["page"]}


@pytest.fixture
def records(world: Any, time_machine: Any) -> dict[str, Any]:
    time_machine.move_to(MONDAY, tick=False)
    ministry = world.users["ministry_specialist"]
    provincial = world.users["provincial_specialist"]
    factories.sample_law(ministry)
    central = opened(ministry, circular(ministry))
    local = opened(provincial, resolution(ministry, world.nghe_an))
    checking.check_examine(actor=ministry, check=central, findings=[UNLAWFUL])
    checking.check_examine(actor=provincial, check=local, findings=[LAWFUL])
    ha_tinh_document = resolution(
        ministry,
        world.ha_tinh,
        number="05/2026/NQ-HĐND",
        issuer="Hội đồng nhân dân tỉnh Hà Tĩnh",
        title="Nghị quyết của Hà Tĩnh",
    )
    ha_tinh = opened(world.users["provincial_specialist_ha_tinh"], ha_tinh_document)
    checking.check_examine(
        actor=world.users["provincial_specialist_ha_tinh"], check=ha_tinh, findings=[UNLAWFUL]
    )
    stored = [
        indicator.code
        for indicator in [*checking_indicators.INDICATORS, *document_indicators.INDICATORS]
        if indicator.is_stored
    ]
    statistics_services.rollup_refresh(
        actor=None, indicators=stored, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
    )
    time_machine.move_to(MONDAY.replace(year=2027, month=1, day=20), tick=False)
    return {"ha_tinh_document": ha_tinh_document.pk, "ha_tinh_check": ha_tinh.pk}


def test_every_legislation_figure_lists_as_many_records_as_it_counts(
    client: Any, world: Any, records: dict[str, Any]
) -> None:
    ministry = world.users["ministry_specialist"]
    built = review.build(
        ministry, year=2026, today=AFTER, only=["legislation.making", "legislation.checking"]
    )
    client.force_login(ministry)
    for code in CODES:
        figure = _figure(built, code)
        assert figure.link is not None, code
        assert _listed(client, figure.link)[0] == (figure.value or 0), code
    assert _figure(built, "legislation.checks.examined").value == 3
    assert _figure(built, "legislation.documents.promulgated").value == 4


def test_a_provincial_reader_sees_only_their_province(
    client: Any, world: Any, records: dict[str, Any]
) -> None:
    provincial = world.users["provincial_specialist"]
    built = review.build(
        provincial,
        year=2026,
        place=world.nghe_an,
        today=AFTER,
        only=["legislation.making", "legislation.checking"],
    )
    client.force_login(provincial)
    examined = _figure(built, "legislation.checks.examined")
    local = _figure(built, "legislation.local_documents.promulgated")
    assert _listed(client, examined.link)[0] == examined.value == 1
    assert _listed(client, local.link)[0] == local.value == 1
    # the nation's links, followed by the province's reader: still only Nghệ An's records
    for code, other in (
        ("legislation.checks.examined", records["ha_tinh_check"]),
        ("legislation.documents.promulgated", records["ha_tinh_document"]),
    ):
        link = review.drilldown_url(code, calendar_year(2026), None)
        assert link is not None
        count, shown = _listed(client, link)
        assert count == 1, code
        assert other not in shown, code
    # another province asked for by name: nothing of it
    link = review.drilldown_url("legislation.checks.examined", calendar_year(2026), world.ha_tinh)
    assert link is not None
    assert _listed(client, link)[0] == 0


def test_a_bad_drilldown_filter_is_refused_naming_the_field(client: Any, world: Any) -> None:
    client.force_login(world.users["ministry_specialist"])
    for name in ("legislation:checks", "legislation:list"):
        page = client.get(
            reverse(name), {"figure": "nothing", "from": "2026-13-01", "to": "x", "province": "a"}
        )
        assert page.status_code == 400, name
        assert set(page.context["filter_errors"]) == {"figure", "from", "to", "province"}
        assert page.context["page"].paginator.count == 0


def test_the_drafts_appraised_list_their_dossiers_and_reports(
    client: Any,
    world: Any,
    data: dict[str, Any],  # noqa: F811
) -> None:
    ministry = world.users["ministry_specialist"]
    local = programme_factories.draft(ministry, world.doj_nghe_an, received_on=D(2026, 3, 2))
    appraisal.dossier_request_appraisal(actor=ministry, detail=local, requested_on=D(2026, 6, 2))
    appraisal.dossier_record_appraisal(
        actor=ministry,
        detail=local,
        report_reference="BC-BTP",
        conclusion=Conclusion.ELIGIBLE,
        report_on=D(2026, 6, 10),
    )
    stored = [i.code for i in programme_indicators.INDICATORS if i.is_stored]
    statistics_services.rollup_refresh(
        actor=None, indicators=stored, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
    )
    built = review.build(ministry, year=2026, today=AFTER, only=["legislation.making"])
    drafts = _figure(built, "legislation.drafts.appraised")
    assert drafts.value == 3  # two central drafts and Nghệ An's
    client.force_login(ministry)
    page = client.get(drafts.link)
    assert page.status_code == 200
    assert page.context["drill_total"] == drafts.value
    assert page.context["page"].paginator.count == 3
    # one agency: the appraising unit's reports only
    by_agency = review.drilldown_url(
        "legislation.drafts.appraised", calendar_year(2026), None, world.ministry.pk
    )
    assert by_agency is not None
    assert client.get(by_agency).context["drill_total"] == 3
    # the province's review: its own dossier only
    province = review.build(
        ministry, year=2026, place=world.nghe_an, today=AFTER, only=["legislation.making"]
    )
    own = _figure(province, "legislation.drafts.appraised")
    page = client.get(own.link)
    assert page.context["drill_total"] == own.value == 1
    assert {case.pk for case in page.context["page"]} == {local.case_id}
    # Nghệ An's reader following the nation's link: the province's dossier, none of the centre's
    client.force_login(world.users["provincial_specialist"])
    page = client.get(drafts.link)
    assert page.status_code == 200
    assert {case.pk for case in page.context["page"]} == {local.case_id}
    assert page.context["drill_total"] == page.context["page"].paginator.count


def test_the_detailing_debt_lists_the_obligations_outstanding_at_the_years_end(
    client: Any, world: Any, time_machine: Any
) -> None:
    from tuphap.legislation.documents import services as document_services

    ministry = world.users["ministry_specialist"]
    law = factories.sample_law(ministry)  # in force 1 January 2027: its obligations fall due
    proposed = document_services.obligations_propose(actor=ministry, document=law)
    for row in proposed:
        document_services.obligation_confirm(actor=ministry, obligation=row)
    decree = factories.detailing(
        ministry, "10/2027/NĐ-CP", signed_on=D(2027, 3, 1), effective_on=D(2027, 4, 1)
    )
    document_services.obligation_fulfil(
        actor=ministry, obligation=proposed[0], detailing_document=decree
    )
    time_machine.move_to(MONDAY.replace(year=2028, month=1, day=20), tick=False)
    stored = [i.code for i in document_indicators.INDICATORS if i.is_stored]
    statistics_services.rollup_refresh(
        actor=None, indicators=stored, first_month=D(2026, 1, 1), last_month=D(2027, 12, 1)
    )
    built = review.build(ministry, year=2027, today=D(2028, 1, 20), only=["legislation.making"])
    outstanding = _figure(built, "legislation.obligations.outstanding")
    assert outstanding.value == len(proposed) - 1  # every one but the decree's
    client.force_login(ministry)
    page = client.get(outstanding.link)
    assert page.status_code == 200
    assert page.context["day"] == D(2027, 12, 31)
    assert page.context["drill_count"] == outstanding.value
    # the law is central: a province's reader has none of its debt, whatever the link asks
    client.force_login(world.users["provincial_specialist"])
    page = client.get(outstanding.link)
    assert page.status_code == 200
    assert page.context["drill_count"] == 0
    # a bad filter is refused on its field
    page = client.get(reverse("legislation:overdue"), {"figure": "outstanding", "from": "x"})
    assert page.status_code == 400
    assert set(page.context["filter_errors"]) == {"from", "to"}
