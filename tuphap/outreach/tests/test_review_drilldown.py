"""The annual review's drill-down for outreach (ADR 0018): the dissemination figures link to the
sessions list (the participants and contestants are the sums over the sessions listed), the
mediation figures to the mediation book; each list holds what the figure counts, and a
provincial reader sees only their province's records whatever the link asks."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tuphap.core.periods import calendar_year
from tuphap.outreach.dissemination import indicators as dissemination_indicators
from tuphap.outreach.dissemination import services as dissemination
from tuphap.outreach.mediation import indicators as mediation_indicators
from tuphap.outreach.tests.conftest import D
from tuphap.outreach.tests.test_statistics import _book
from tuphap.statistics import review
from tuphap.statistics import services as statistics_services

pytestmark = pytest.mark.django_db

AFTER = D(2027, 1, 20)
SESSIONS = (
    "outreach.sessions",
    "outreach.participants",
    "outreach.contests",
    "outreach.contestants",
)
MEDIATION = ("outreach.mediation.received", "outreach.mediation.successful")


def _figure(built: review.Review, code: str) -> review.Figure:
    return next(f for s in built.sections for f in s.figures if f.code == code)


def _page(client: Any, link: str | None) -> Any:
    assert link is not None
    page = client.get(link)
    assert page.status_code == 200, link
    return page


def _session(actor: Any, place: Any, day: Any, form: str, people: int, contestants: int) -> int:
    return int(
        dissemination.session_record(
            actor=actor,
            place=place,
            data=dissemination.SessionData(
                held_on=day,
                form=form,
                topics="Hiến pháp",
                target_groups=["public"],
                participants=people,
                contestants=contestants,
                materials=10,
            ),
        ).pk
    )


@pytest.fixture
def records(world: Any, outreach: Any, team: Any) -> int:
    _book(outreach.officer, team)
    _session(outreach.officer, world.vinh, D(2026, 3, 8), "direct", 150, 0)
    _session(outreach.officer, world.vinh, D(2026, 11, 9), "contest", 300, 120)
    _session(outreach.officer, world.vinh, D(2025, 11, 9), "direct", 90, 0)  # last year
    other = _session(outreach.officer_ha_tinh, world.ha_tinh_ward, D(2026, 5, 2), "contest", 70, 40)
    codes = [
        i.code
        for i in (*mediation_indicators.INDICATORS, *dissemination_indicators.INDICATORS)
        if i.is_stored
    ]
    statistics_services.rollup_refresh(
        actor=None, indicators=codes, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
    )
    return other


def _check(client: Any, built: review.Review) -> None:
    for code in SESSIONS + MEDIATION:
        figure = _figure(built, code)
        page = _page(client, figure.link)
        listed = page.context["drill_total"]
        if listed is None:
            listed = page.context["page"].paginator.count
        assert listed == (figure.value or 0), code


def test_each_figure_lists_what_it_counts(
    client: Any, world: Any, records: int, outreach: Any
) -> None:
    ministry = world.users["ministry_specialist"]
    built = review.build(ministry, year=2026, today=AFTER, only=["outreach"])
    assert _figure(built, "outreach.sessions").value == 3
    assert _figure(built, "outreach.participants").value == 520
    assert _figure(built, "outreach.contestants").value == 160
    assert _figure(built, "outreach.mediation.received").value == 5
    assert _figure(built, "outreach.mediation.successful").value == 2
    assert _figure(built, "outreach.mediation.success_rate").link is None
    client.force_login(ministry)
    _check(client, built)


def test_a_provincial_reader_sees_only_their_province(
    client: Any, world: Any, records: int, outreach: Any
) -> None:
    reader = outreach.reader
    built = review.build(reader, year=2026, place=world.nghe_an, today=AFTER, only=["outreach"])
    assert _figure(built, "outreach.sessions").value == 2
    client.force_login(reader)
    _check(client, built)
    national = review.drilldown_url("outreach.sessions", calendar_year(2026), None)
    page = _page(client, national)
    assert page.context["page"].paginator.count == 2
    assert records not in {session.pk for session in page.context["page"]}
    elsewhere = review.drilldown_url("outreach.contestants", calendar_year(2026), world.ha_tinh)
    page = _page(client, elsewhere)
    assert page.context["page"].paginator.count == 0
    assert page.context["drill_total"] == 0


def test_a_bad_drilldown_filter_is_refused_naming_the_field(client: Any, outreach: Any) -> None:
    client.force_login(outreach.reader)
    for name, query, fields in (
        ("outreach:session_list", {"from": "2026-01-01", "to": "2025-12-31"}, {"to"}),
        (
            "outreach:book",
            {"figure": "nothing", "from": "x", "to": "2026-12-31"},
            {"figure", "from"},
        ),
    ):
        page = client.get(reverse(name), {"figure": "sessions", **query})
        assert page.status_code == 400, name
        assert set(page.context["filter_errors"]) == fields, name
        assert page.context["page"].paginator.count == 0
