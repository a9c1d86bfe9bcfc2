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


def test_application_indicators_by_local_month_and_commune(world: Any) -> None:
    from tuphap.civil_status import services
    from tuphap.core.deadlines import LOCAL_TIME_ZONE

    officer = world.users["civil_status_officer"]

    def local(day: str, clock: str) -> datetime.datetime:
        return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=LOCAL_TIME_ZONE)

    # received 23:30 on 31 October in Việt Nam (16:30 UTC): an October application
    with time_machine.travel(local("2026-10-31", "23:30"), tick=False):
        late = factories.application(officer, world.vinh)
    with time_machine.travel(local("2026-11-02", "09:00"), tick=False):
        late = services.application_accept(actor=officer, application=late)
        child = {**factories.birth_data()["child"], "given_name": "Bình"}
        on_time = services.application_accept(
            actor=officer,
            application=factories.application(
                officer, world.vinh, data=factories.birth_data(child=child)
            ),
        )
        services.application_register(actor=officer, application=on_time)
        refused = factories.application(officer, world.vinh)
        services.application_refuse(actor=officer, application=refused, reason="Sai thẩm quyền")
    with time_machine.travel(local("2026-11-03", "09:00"), tick=False):
        services.application_register(
            actor=officer, application=late, different_person_confirmed=True
        )
    october, november = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)

    assert {
        code: sorted(_rows(f"hotich.application.{code}"))
        for code in ("received", "on_time", "late", "refused")
    } == {
        "received": [(october, world.vinh.pk, None, 1), (november, world.vinh.pk, None, 2)],
        "on_time": [(november, world.vinh.pk, None, 1)],
        "late": [(november, world.vinh.pk, None, 1)],
        "refused": [(november, world.vinh.pk, None, 1)],
    }
