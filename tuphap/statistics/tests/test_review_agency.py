"""The annual review of one agency (issue 16: "for the nation, a province, or an agency"): the
report engine's scope limited to the agency's rollup rows, within the reader's jurisdiction;
the page offers the agencies the reader may see, and refuses another (400, naming the field)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from tuphap.core.errors import AccessDenied
from tuphap.statistics import review
from tuphap.statistics.tests.conftest import put
from tuphap.statistics.tests.test_review import section  # noqa: F401


@pytest.fixture
def by_agency(world: Any, section: review.Section) -> None:  # noqa: F811
    put("test.cases.received", "2025-03", world.vinh, 70, agency_id=world.doj_nghe_an.pk)
    put("test.cases.received", "2025-04", world.vinh, 30, agency_id=world.commune_vinh.pk)
    put("test.cases.received", "2025-05", world.ha_tinh_ward, 20, agency_id=world.doj_ha_tinh.pk)
    put("test.cases.received", "2024-03", world.vinh, 50, agency_id=world.doj_nghe_an.pk)


def _received(built: review.Review) -> Any:
    (area,) = built.sections
    return next(f for f in area.figures if f.code == "test.cases.received")


def test_the_ministrys_review_of_an_agency_excludes_the_others(world: Any, by_agency: None) -> None:
    ministry = world.users["ministry_specialist"]
    everyone = _received(review.build(ministry, year=2025))
    assert everyone.value == 120
    one = _received(review.build(ministry, year=2025, agency=world.doj_nghe_an))
    assert (one.value, one.last_year, one.difference) == (70, 50, 20)
    other = _received(review.build(ministry, year=2025, agency=world.doj_ha_tinh))
    assert (other.value, other.last_year) == (20, 0)  # the month was computed: none, 0
    # a province's reader: an agency of their province, not another province's
    reader = world.users["provincial_specialist"]
    own = _received(review.build(reader, year=2025, place=world.nghe_an, agency=world.commune_vinh))
    assert own.value == 30
    with pytest.raises(AccessDenied) as refused:
        review.build(reader, year=2025, place=world.nghe_an, agency=world.doj_ha_tinh)
    assert "agency" in refused.value.fields


def test_the_page_offers_the_readers_agencies_and_refuses_another(
    client: Any, world: Any, by_agency: None
) -> None:
    client.force_login(world.users["leader"])
    page = client.get(
        reverse("statistics:review"), {"year": 2025, "province": "", "agency": world.doj_nghe_an.pk}
    )
    assert page.status_code == 200
    assert _received(page.context["review"]).value == 70
    assert page.context["review"].place_name == world.doj_nghe_an.name
    xlsx = client.get(
        reverse("statistics:review_xlsx"),
        {"year": 2025, "province": "", "agency": world.doj_nghe_an.pk},
    )
    assert world.doj_nghe_an.code in xlsx["Content-Disposition"]
    from openpyxl import load_workbook

    rows = {
        row[0]: row
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(
            min_row=3, values_only=True
        )
    }
    assert rows["test.cases.received"][3] == 70

    client.force_login(world.users["provincial_specialist"])
    page = client.get(reverse("statistics:review"), {"year": 2025})
    offered = {value for value, _label in page.context["form"].fields["agency"].choices}
    assert world.doj_nghe_an.pk in offered
    assert world.commune_vinh.pk in offered
    assert world.doj_ha_tinh.pk not in offered
    refused = client.get(
        reverse("statistics:review"), {"year": 2025, "agency": world.doj_ha_tinh.pk}
    )
    assert refused.status_code == 400
    assert "agency" in refused.context["form"].errors
    assert refused.context["review"] is None


def test_an_agencys_review_is_its_own_chain_of_versions(world: Any) -> None:
    place = world.nghe_an
    whole = review.review_key(2025, place, "new")
    one = review.review_key(2025, place, "new", world.doj_nghe_an)
    assert one != whole
    assert one.startswith(whole + "|agency:")
    assert one != review.review_key(2025, place, "new", world.commune_vinh)
