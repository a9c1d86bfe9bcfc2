"""Progress against targets across offices, read from the rollups, by jurisdiction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tuphap.enforcement.cases import selectors
from tuphap.enforcement.cases.models import Target
from tuphap.enforcement.tests.conftest import Staff
from tuphap.statistics.models import Rollup

TODAY = datetime.date(2026, 11, 23)  # THADS2027 has begun; THADS2026 is whole


def _put(code: str, month: datetime.date, agency: Any, place: Any, value: int) -> None:
    Rollup.objects.create(
        indicator=code,
        month=month,
        place=place,
        province=place.province,
        agency=agency,
        value=value,
        computed_at=timezone.now(),
    )


def _figures(world: Any, staff: Staff) -> None:
    """THADS2026 for the Nghệ An office: 30 cases and 60 million đồng done over the year, out of
    50 cases and 200 million with conditions (done + what is open with conditions at the end of
    September: carried out − without conditions)."""
    office, place = staff.office_nghe_an, world.vinh
    _put("thads.cases.completed", datetime.date(2025, 11, 1), office, place, 8)
    _put("thads.cases.terminated", datetime.date(2025, 11, 1), office, place, 2)
    _put("thads.cases.completed", datetime.date(2026, 9, 1), office, place, 20)
    _put("thads.money.completed", datetime.date(2026, 3, 1), office, place, 60_000_000)
    # stocks: only September's end counts for the year
    _put("thads.cases.carried_out", datetime.date(2026, 8, 1), office, place, 99)
    _put("thads.cases.carried_out", datetime.date(2026, 9, 1), office, place, 25)
    _put("thads.cases.without_conditions", datetime.date(2026, 9, 1), office, place, 5)
    _put("thads.money.carried_out", datetime.date(2026, 9, 1), office, place, 140_000_000)
    # another office's figures, in Hà Tĩnh: 1 done, 3 open with conditions
    _put(
        "thads.cases.completed",
        datetime.date(2026, 9, 1),
        staff.office_ha_tinh,
        world.ha_tinh_ward,
        1,
    )
    _put(
        "thads.cases.carried_out",
        datetime.date(2026, 9, 1),
        staff.office_ha_tinh,
        world.ha_tinh_ward,
        3,
    )
    Target.objects.create(
        agency=office,
        year=2026,
        case_rate=Decimal("65.00"),
        money_rate=Decimal("25.50"),
        set_by=staff.ministry,
    )


def test_rates_against_targets_in_percentage_points(world: Any, staff: Staff) -> None:
    _figures(world, staff)

    rows, total = selectors.targets_progress_for_user(staff.ministry, 2026, today=TODAY)

    by_code = {row.agency.code: row for row in rows if row.agency}
    nghe_an = by_code["THADS-40"]
    assert (nghe_an.case_rate, nghe_an.case_progress) == (Decimal("60.00"), Decimal("-5.00"))
    assert (nghe_an.money_rate, nghe_an.money_progress) == (Decimal("30.00"), Decimal("4.50"))
    assert by_code["THADS-42"].case_rate == Decimal("25.00")
    assert by_code["THADS-42"].case_progress is None  # no target set
    assert total is not None
    assert total.case_rate == Decimal("57.41")


def test_a_province_sees_only_its_own_offices(world: Any, staff: Staff) -> None:
    _figures(world, staff)

    rows, total = selectors.targets_progress_for_user(
        world.users["provincial_specialist_ha_tinh"], 2026, today=TODAY
    )

    assert [row.agency.code for row in rows if row.agency] == ["THADS-42"]
    assert total is not None
    assert total.case_rate == Decimal("25.00")


def test_the_page(world: Any, staff: Staff, client: Client) -> None:
    _figures(world, staff)
    client.force_login(staff.ministry)

    page = client.get(reverse("enforcement:targets"), {"year": "2026"}).content.decode()

    assert 'data-office="THADS-40"' in page
    assert "-5.00" in page
    assert "+4.50" in page
