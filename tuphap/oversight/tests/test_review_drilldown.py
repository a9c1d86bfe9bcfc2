"""The annual review's drill-down for oversight (ADR 0018): every figure of compensation,
reception, complaints, denunciations and inspections that comes from records links to its
register's list, which holds exactly the records whose own facts make the figure (its count,
or the total over them for money and matters), and a provincial reader sees only their
province's records whatever the link asks. The records are played through the services by the
registers' generators, in Nghệ An and Hà Tĩnh."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tuphap.core.periods import calendar_year
from tuphap.oversight.compensation import generate as compensation_generate
from tuphap.oversight.compensation import indicators as compensation_indicators
from tuphap.oversight.complaints import generate as complaint_generate
from tuphap.oversight.complaints import indicators as complaint_indicators
from tuphap.oversight.denunciations import generate as denunciation_generate
from tuphap.oversight.denunciations import indicators as denunciation_indicators
from tuphap.oversight.inspections import generate as inspection_generate
from tuphap.oversight.inspections import indicators as inspection_indicators
from tuphap.oversight.reception import generate as reception_generate
from tuphap.oversight.reception import indicators as reception_indicators
from tuphap.oversight.tests.complaints_support import D, move
from tuphap.oversight.tests.test_compensation_services import agencies
from tuphap.statistics import review
from tuphap.statistics import services as statistics_services

pytestmark = pytest.mark.django_db

AFTER = D(2027, 1, 20)
SECTIONS = ["oversight.compensation", "oversight.reception", "oversight.inspections"]


def _figure(built: review.Review, code: str) -> review.Figure:
    return next(f for s in built.sections for f in s.figures if f.code == code)


def _page(client: Any, link: str | None) -> Any:
    assert link is not None
    page = client.get(link)
    assert page.status_code == 200, link
    return page


def _listed(page: Any) -> int:
    total = page.context["drill_total"]
    return int(page.context["page"].paginator.count if total is None else total)


@pytest.fixture
def records(world: Any, inspectorates: Any, time_machine: Any) -> Any:
    move(time_machine, D(2026, 12, 6))
    first = D(2025, 9, 1)
    for actor, place, seed in (
        (inspectorates.inspector, world.vinh, 1),
        (inspectorates.inspector_ha_tinh, world.ha_tinh_ward, 2),
    ):
        complaint_generate.generate(
            actor=actor, places=[place], count=12, seed=seed, first_day=first
        )
        denunciation_generate.generate(
            actor=actor, places=[place], count=8, seed=seed, first_day=first
        )
        inspection_generate.generate(actor=actor, count=6, seed=seed, first_day=first)
    reception_generate.generate(count=30, seed=3, first_day=first)
    comp = agencies(world)
    compensation_generate.generate(
        count=12,
        seed=4,
        first_day=first,
        worlds=[
            compensation_generate.world_of(comp.police, comp.officer),
            compensation_generate.world_of(comp.police_ha_tinh, comp.officer_ha_tinh),
        ],
    )
    codes = [
        indicator.code
        for indicator in (
            *complaint_indicators.INDICATORS,
            *denunciation_indicators.INDICATORS,
            *inspection_indicators.INDICATORS,
            *reception_indicators.INDICATORS,
            *compensation_indicators.INDICATORS,
        )
        if indicator.is_stored
    ]
    statistics_services.rollup_refresh(
        actor=None, indicators=codes, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
    )
    move(time_machine, AFTER)
    return comp


def _linked(built: review.Review) -> list[review.Figure]:
    return [f for s in built.sections for f in s.figures if f.link is not None]


def test_every_linked_figure_lists_what_it_counts(
    client: Any, world: Any, records: Any, inspectorates: Any
) -> None:
    ministry = world.users["ministry_specialist"]
    built = review.build(ministry, year=2026, today=AFTER, only=SECTIONS)
    linked = _linked(built)
    # every figure of the three areas that comes from records links to its list
    assert {f.code for f in linked} == set(review.DRILLDOWNS) & {
        f.code for s in built.sections for f in s.figures
    }
    assert len(linked) == 19
    client.force_login(ministry)
    counted = 0
    for figure in linked:
        assert _listed(_page(client, figure.link)) == (figure.value or 0), figure.code
        counted += bool(figure.value)
    assert counted >= 12  # the generated year makes most figures, not only zeros


def test_a_provincial_reader_sees_only_their_province(
    client: Any, world: Any, records: Any, inspectorates: Any
) -> None:
    reader = world.users["provincial_specialist"]
    built = review.build(reader, year=2026, place=world.nghe_an, today=AFTER, only=SECTIONS)
    national = review.build(
        world.users["ministry_specialist"], year=2026, today=AFTER, only=SECTIONS
    )
    client.force_login(reader)
    smaller = 0
    for figure in _linked(built):
        assert _listed(_page(client, figure.link)) == (figure.value or 0), figure.code
        # the nation's link followed by the province's reader: the province's figure again
        link = review.drilldown_url(figure.code, calendar_year(2026), None)
        assert _listed(_page(client, link)) == (figure.value or 0), figure.code
        # Hà Tĩnh asked for by name: nothing of it
        elsewhere = review.drilldown_url(figure.code, calendar_year(2026), world.ha_tinh)
        assert _page(client, elsewhere).context["page"].paginator.count == 0, figure.code
        smaller += (figure.value or 0) < (_figure(national, figure.code).value or 0)
    assert smaller >= 5  # Hà Tĩnh's records are in the nation's figures, not in Nghệ An's


def test_a_bad_drilldown_filter_is_refused_naming_the_field(client: Any, world: Any) -> None:
    client.force_login(world.users["ministry_specialist"])
    for name in (
        "oversight:compensation_list",
        "oversight:letter_list",
        "oversight:reception_list",
        "oversight:complaint_list",
        "oversight:denunciation_list",
        "oversight:inspection_list",
    ):
        page = client.get(
            reverse(name), {"figure": "nothing", "from": "2026-01-01", "to": "2026-12-31"}
        )
        assert page.status_code == 400, name
        assert set(page.context["filter_errors"]) == {"figure"}, name
        assert page.context["page"].paginator.count == 0, name
        page = client.get(
            reverse(name),
            {"figure": "nothing", "from": "2026-01-01", "to": "2026-12-31", "province": "-1"},
        )
        assert set(page.context["filter_errors"]) == {"figure", "province"}, name
