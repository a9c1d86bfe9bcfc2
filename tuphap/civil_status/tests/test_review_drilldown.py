"""The annual review's drill-down for civil status (ADR 0018): each registration count links to
the register's list of registrations, which holds as many as the figure counts, and a
provincial reader sees only their province's registrations whatever the link asks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tuphap.accounts.models import AgencyKind, AgencyLevel
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.civil_status.registration import indicators as registration_indicators
from tuphap.civil_status.tests import factories
from tuphap.core.periods import calendar_year
from tuphap.statistics import review
from tuphap.statistics import services as statistics_services

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
AFTER = D(2027, 1, 20)
CODES = ("hotich.birth.registered", "hotich.death.registered", "hotich.marriage.registered")


def _figure(built: review.Review, code: str) -> review.Figure:
    return next(f for s in built.sections for f in s.figures if f.code == code)


def _listed(client: Any, link: str | None) -> tuple[int, set[int]]:
    assert link is not None
    page = client.get(link)
    assert page.status_code == 200, link
    return page.context["page"].paginator.count, {row.pk for row in page.context["page"]}


@pytest.fixture
def births(world: Any) -> int:
    """Two new births and a re-registration in Vinh (Nghệ An), one birth in Hà Tĩnh."""
    committee = account_factories.agency(
        "UBND-18070",
        "UBND phường Thành Sen",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[world.ha_tinh_ward],
        parent=world.doj_ha_tinh,
    )
    ha_tinh_officer = account_factories.user(
        "hotich_thanhsen", committee, Role.CIVIL_STATUS_OFFICER
    )
    officer = world.users["civil_status_officer"]
    with time_machine.travel(NOW, tick=False):
        factories.birth(officer, world.vinh)
        factories.birth(
            officer,
            world.vinh,
            child=factories.child(given_name="Bình", date_of_birth=D(2026, 1, 5)),
        )
        factories.birth(
            officer,
            world.vinh,
            child=factories.child(given_name="Cúc", date_of_birth=D(1990, 3, 1)),
            re_registration=True,
        )
        other = factories.birth(
            ha_tinh_officer, world.ha_tinh_ward, child=factories.child(given_name="Dung")
        )
    stored = [i.code for i in registration_indicators.INDICATORS if i.is_stored]
    with time_machine.travel(AFTER, tick=False):
        statistics_services.rollup_refresh(
            actor=None, indicators=stored, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
        )
    return int(other.pk)


def test_each_count_lists_as_many_registrations_as_it_counts(
    client: Any, world: Any, births: int
) -> None:
    ministry = world.users["ministry_specialist"]
    with time_machine.travel(AFTER, tick=False):
        built = review.build(ministry, year=2026, today=AFTER, only=["civil_status"])
        client.force_login(ministry)
        for code in CODES:
            figure = _figure(built, code)
            assert figure.link is not None, code
            assert _listed(client, figure.link)[0] == (figure.value or 0), code
        births_figure = _figure(built, "hotich.birth.registered")
        count, shown = _listed(client, births_figure.link)
    assert count == births_figure.value == 3  # the re-registration is not a new birth
    assert births in shown
    assert _figure(built, "hotich.birth.on_time_rate").link is None  # a rate


def test_a_provincial_reader_sees_only_their_province(client: Any, world: Any, births: int) -> None:
    provincial = world.users["provincial_specialist"]
    with time_machine.travel(AFTER, tick=False):
        built = review.build(
            provincial, year=2026, place=world.nghe_an, today=AFTER, only=["civil_status"]
        )
        own = _figure(built, "hotich.birth.registered")
        client.force_login(provincial)
        count, shown = _listed(client, own.link)
        assert count == own.value == 2
        assert births not in shown
        national = review.drilldown_url("hotich.birth.registered", calendar_year(2026), None)
        count, shown = _listed(client, national)
        assert count == 2
        assert births not in shown
        elsewhere = review.drilldown_url(
            "hotich.birth.registered", calendar_year(2026), world.ha_tinh
        )
        assert _listed(client, elsewhere)[0] == 0


def test_a_bad_drilldown_filter_is_refused_naming_the_field(client: Any, world: Any) -> None:
    client.force_login(world.users["ministry_specialist"])
    page = client.get(
        reverse("civil_status:today"),
        {"figure": "birth.nothing", "from": "2026-01-01", "to": "2026-02-30", "agency": "x"},
    )
    assert page.status_code == 400
    assert set(page.context["filter_errors"]) == {"figure", "to", "agency"}
    assert page.context["page"].paginator.count == 0
