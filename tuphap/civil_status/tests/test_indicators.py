from __future__ import annotations

import datetime
from typing import Any

import time_machine

from tuphap.civil_status.applications import services as application_services
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
    from tuphap.core.deadlines import LOCAL_TIME_ZONE

    officer = world.users["civil_status_officer"]

    def local(day: str, clock: str) -> datetime.datetime:
        return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=LOCAL_TIME_ZONE)

    # received 23:30 on 31 October in Việt Nam (16:30 UTC): an October application
    with time_machine.travel(local("2026-10-31", "23:30"), tick=False):
        late = factories.application(officer, world.vinh)
    with time_machine.travel(local("2026-11-02", "09:00"), tick=False):
        late = application_services.application_accept(actor=officer, application=late)
        child = {**factories.birth_data()["child"], "given_name": "Bình"}
        on_time = application_services.application_accept(
            actor=officer,
            application=factories.application(
                officer, world.vinh, data=factories.birth_data(child=child)
            ),
        )
        application_services.application_register(actor=officer, application=on_time)
        refused = factories.application(officer, world.vinh)
        application_services.application_refuse(
            actor=officer, application=refused, reason="Sai thẩm quyền"
        )
    with time_machine.travel(local("2026-11-03", "09:00"), tick=False):
        application_services.application_register(
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


def test_children_under_five_and_foreign_births(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    with time_machine.travel(NOW, tick=False):
        factories.birth(officer, world.vinh, foreign_element=True)
        # 4 years 11 months old on the day of registration: under 5
        factories.birth(
            officer,
            world.vinh,
            child=factories.child(given_name="Bình", date_of_birth=datetime.date(2021, 12, 24)),
        )
        # exactly 5 years old on the day of registration: not under 5
        factories.birth(
            officer,
            world.vinh,
            child=factories.child(given_name="Cúc", date_of_birth=datetime.date(2021, 11, 23)),
            re_registration=True,
        )
    november = datetime.date(2026, 11, 1)

    assert _rows("hotich.birth.under_5") == [(november, world.vinh.pk, None, 2)]
    assert _rows("hotich.birth.foreign") == [(november, world.vinh.pk, None, 1)]


def test_pins_issued_within_a_day_and_pending_at_each_month_end(world: Any) -> None:
    from tuphap.civil_status.registration import services

    born = datetime.date(2026, 10, 20)

    officer = world.users["civil_status_officer"]
    with time_machine.travel(datetime.datetime(2026, 10, 30, 2, 0, tzinfo=datetime.UTC)):
        quick = factories.birth(
            officer, world.vinh, child=factories.child(given_name="An", date_of_birth=born)
        )
        slow = factories.birth(
            officer, world.vinh, child=factories.child(given_name="Bình", date_of_birth=born)
        )
        never = factories.birth(
            officer, world.vinh, child=factories.child(given_name="Cúc", date_of_birth=born)
        )
    # the first answer comes 3 hours later, the second on 2 November (after October's end)
    with time_machine.travel(datetime.datetime(2026, 10, 30, 5, 0, tzinfo=datetime.UTC)):
        services.pin_record(registration_id=quick.pk, pin="040226000101")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)):
        services.pin_record(registration_id=slow.pk, pin="040226000102")
    october, november = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)

    assert _rows("hotich.pin.issued") == [
        (october, world.vinh.pk, None, 1),
        (november, world.vinh.pk, None, 1),
    ]
    assert _rows("hotich.pin.issued_within_1_day") == [(october, world.vinh.pk, None, 1)]
    pending = [row for row in _rows("hotich.pin.pending") if row[0] in (october, november)]
    assert pending == [(october, world.vinh.pk, None, 2), (november, world.vinh.pk, None, 1)]
    assert never.person.pin is None
