from __future__ import annotations

import datetime
from typing import Any

import time_machine

from tuphap.civil_status.tests import factories
from tuphap.statistics.registry import registry

NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


def _rows(code: str) -> list[tuple[datetime.date, int, int | None, int]]:
    return list(registry.get(code).rows(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)))


@time_machine.travel(NOW, tick=False)
def test_birth_indicators_by_month_and_commune(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    factories.birth(officer, world.vinh)  # on time
    factories.birth(
        officer,
        world.vinh,
        child=factories.child(
            given_name="Bình", sex="female", date_of_birth=datetime.date(2026, 1, 5)
        ),
    )  # late
    factories.birth(
        officer,
        world.vinh,
        child=factories.child(given_name="Cúc", date_of_birth=datetime.date(1990, 3, 1)),
        re_registration=True,
    )
    november = datetime.date(2026, 11, 1)

    assert {
        code: _rows(f"hotich.{code}")
        for code in (
            "birth.registered",
            "birth.on_time",
            "birth.late",
            "birth.female",
            "birth.re_registered",
        )
    } == {
        "birth.registered": [(november, world.vinh.pk, None, 2)],
        "birth.on_time": [(november, world.vinh.pk, None, 1)],
        "birth.late": [(november, world.vinh.pk, None, 1)],
        "birth.female": [(november, world.vinh.pk, None, 1)],
        "birth.re_registered": [(november, world.vinh.pk, None, 1)],
    }
    assert registry.get("hotich.birth.on_time_rate").parts == (
        "hotich.birth.on_time",
        "hotich.birth.registered",
    )
