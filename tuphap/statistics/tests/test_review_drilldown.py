"""The annual review's drill-down (ADR 0018): every figure whose register declares its records'
list links to that list, filtered by the figure's period, the review's place and agency, and
the list holds exactly the records that made the figure, within the reader's jurisdiction."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tuphap.casework.models import Case
from tuphap.core.periods import calendar_year
from tuphap.enforcement.cases import indicators as enforcement_indicators
from tuphap.enforcement.cases import services as enforcement_services
from tuphap.enforcement.tests.conftest import D, Staff, at, open_case, staff  # noqa: F401
from tuphap.enforcement.tests.conftest import request as enforcement_request
from tuphap.enforcement.tests.test_statistics import _walk, generated  # noqa: F401
from tuphap.legal_aid.cases import indicators as legal_aid_indicators
from tuphap.legal_aid.cases import services as legal_aid_services
from tuphap.legal_aid.tests.conftest import Centres, centres, request_data  # noqa: F401
from tuphap.legal_aid.tests.test_statistics import _world_of_cases
from tuphap.statistics import review, review_export
from tuphap.statistics import services as statistics_services

pytestmark = pytest.mark.django_db

AFTER = D(2026, 12, 1)  # both years closed: official figures


def _figure(built: review.Review, code: str) -> review.Figure:
    return next(f for s in built.sections for f in s.figures if f.code == code)


def _listed(client: Any, link: str) -> tuple[int, set[int]]:
    page = client.get(link)
    assert page.status_code == 200, link
    return page.context["page"].paginator.count, {case.pk for case in page.context["page"]}


@pytest.fixture
def enforcement(world: Any, staff: Staff, generated: int, open_case: Any) -> list[int]:  # noqa: F811
    """The generated Nghệ An cases and three Hà Tĩnh cases completed in THADS2026."""
    ha_tinh = []
    for index in range(3):
        detail = open_case(
            "2026-11-20 09:00",
            decision_date=D(2025, 11, 3 + index),
            decision_number=f"HT-{index}/QĐ",
            amount=None,
            place=world.ha_tinh_ward,
            actor=staff.officer_ha_tinh,
            request=enforcement_request(requested_on=D(2025, 11, 1)),
        )
        for step, day in (("notify", 5), ("complete", 20)):
            enforcement_services.case_transition(
                actor=staff.officer_ha_tinh,
                case=Case.objects.get(pk=detail.case_id),
                transition=step,
                decided_on=D(2026, 1, day + index),
            )
        ha_tinh.append(detail.case_id)
    stored = [i.code for i in enforcement_indicators.INDICATORS if i.is_stored]
    statistics_services.rollup_refresh(
        actor=None, indicators=stored, first_month=D(2024, 10, 1), last_month=D(2026, 9, 1)
    )
    return ha_tinh


def test_an_enforcement_figure_lists_exactly_its_cases(
    client: Any,
    world: Any,
    staff: Staff,  # noqa: F811
    enforcement: list[int],
) -> None:
    ministry = world.users["ministry_specialist"]
    built = review.build(ministry, year=2026, today=AFTER, only=["enforcement"])
    done = _figure(built, "thads.cases.done")
    assert done.link is not None
    assert done.link.startswith("/")
    assert done.value is not None
    assert done.value > 3

    # the ministry's link lists every case completed or terminated in THADS2026, nationwide
    client.force_login(ministry)
    count, shown = _listed(client, done.link)
    assert count == done.value
    assert set(enforcement) <= shown

    # the other case figures of the area also list as many cases as they count
    for code in ("thads.cases.to_enforce", "thads.cases.carried_out"):
        figure = _figure(built, code)
        assert _listed(client, figure.link)[0] == figure.value, code

    # the province's review: its own figure, its own cases, none of Hà Tĩnh's
    officer = staff.officer
    province = review.build(
        officer, year=2026, place=world.nghe_an, today=AFTER, only=["enforcement"]
    )
    own = _figure(province, "thads.cases.done")
    client.force_login(officer)
    count, shown = _listed(client, own.link)
    assert count == own.value == done.value - len(enforcement)
    assert not shown & set(enforcement)

    # a provincial reader following the nation's link still sees only their province
    count, shown = _listed(client, done.link)
    assert count == own.value
    assert not shown & set(enforcement)


def test_a_bad_drilldown_filter_is_refused_naming_the_field(
    client: Any,
    staff: Staff,  # noqa: F811
) -> None:
    client.force_login(staff.officer)
    page = client.get(
        reverse("enforcement:case_list"),
        {"figure": "cases.nothing", "from": "2026-13-01", "to": "x"},
    )
    assert page.status_code == 400
    assert set(page.context["filter_errors"]) == {"figure", "from", "to"}
    assert page.context["page"].paginator.count == 0


def test_a_legal_aid_figure_lists_exactly_its_cases(
    client: Any,
    world: Any,
    centres: Centres,  # noqa: F811
) -> None:
    _world_of_cases(world, centres)
    with time_machine.travel(at("2026-08-03 10:00"), tick=False):
        other = legal_aid_services.request_open(
            actor=centres.officer_ha_tinh,
            place=world.ha_tinh_ward,
            data=request_data(full_name="Hà Tĩnh", requested_at=at("2026-08-03 09:00")),
        )
        legal_aid_services.case_accept(actor=centres.officer_ha_tinh, case=other.case)
    codes = [i.code for i in legal_aid_indicators.INDICATORS if i.is_stored]
    with time_machine.travel(at("2027-01-20 10:00"), tick=False):
        statistics_services.rollup_refresh(
            actor=None, indicators=codes, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
        )
        built = review.build(
            centres.officer,
            year=2026,
            place=world.nghe_an,
            today=D(2027, 1, 20),
            only=["legal_aid"],
        )
        accepted = _figure(built, "legal_aid.cases.accepted")
        completed = _figure(built, "legal_aid.cases.completed")
        client.force_login(centres.officer)
        count, shown = _listed(client, accepted.link)
        assert count == accepted.value == 2
        assert other.case_id not in shown
        assert _listed(client, completed.link)[0] == completed.value == 1
        # the nation's link followed by the province's centre: still only its jurisdiction
        national_link = review.drilldown_url("legal_aid.cases.accepted", calendar_year(2026), None)
        assert national_link is not None
        count, shown = _listed(client, national_link)
        assert count == 2
        assert other.case_id not in shown


def test_the_files_carry_every_figures_drilldown(
    client: Any, world: Any, enforcement: list[int]
) -> None:
    from openpyxl import load_workbook

    ministry = world.users["ministry_specialist"]
    built = review.build(ministry, year=2026, today=AFTER, only=["enforcement"])
    rows = review_export.drilldown_rows(built, "https://tuphap.example")
    by_code = {row["code"]: row for row in rows}
    assert (
        by_code["thads.cases.done"]["url"]
        == "https://tuphap.example" + _figure(built, "thads.cases.done").link
    )
    assert by_code["thads.cases.rate"]["url"] == ""  # a rate: no list of its own
    workbook = load_workbook(io.BytesIO(review_export.xlsx(built, "https://tuphap.example")))
    annex = workbook["Phụ lục truy xuất"]
    listed = {row[1].value: row[4] for row in annex.iter_rows(min_row=2)}
    assert listed["thads.cases.done"].value == by_code["thads.cases.done"]["url"]
    assert listed["thads.cases.done"].hyperlink.target == by_code["thads.cases.done"]["url"]

    # the page: the figure is a link to its cases
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        client.force_login(ministry)
        page = client.get(reverse("statistics:review"), {"year": 2026})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="drilldown"' in body
    assert _figure(built, "thads.cases.done").link.replace("&", "&amp;") in body
