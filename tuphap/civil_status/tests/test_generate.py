"""The civil status generator on the test world: exact counts by event, gapless books in date
order, audit and outbox rows from the services, the same people for the same seed, and a report
from the refreshed rollups that matches the register."""

from __future__ import annotations

import datetime
import io
import json
from collections import defaultdict
from dataclasses import replace
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from tuphap.accounts.models import User
from tuphap.accounts.roles import Role
from tuphap.civil_status import generate
from tuphap.civil_status.registration import pins
from tuphap.civil_status.registration.models import EventType, Registration
from tuphap.civil_status.tests import factories
from tuphap.core.calendar import default_calendar
from tuphap.core.models import AuditEvent
from tuphap.population.models import OutboxMessage

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
INDICATORS = (
    "hotich.birth.registered",
    "hotich.birth.late",
    "hotich.birth.re_registered",
    "hotich.death.registered",
    "hotich.death.late",
    "hotich.marriage.registered",
    "hotich.marriage.later",
    "hotich.marriage.foreign",
)


def test_the_volumes_follow_the_national_figures() -> None:
    national = generate.Volumes.of(1_400_000)

    assert (national.re_registrations, national.deaths, national.marriages) == (
        434_902,
        654_031,
        616_475,
    )
    assert (national.foreign_births, national.foreign_marriages) == (8_652, 25_408)
    assert national.late_births == 211_400  # 15.1% of births registered after 60 days
    # a small run rounds the rare kinds up: at least one of each
    assert generate.Volumes.of(30) == generate.Volumes(
        births=30,
        late_births=5,
        foreign_births=1,
        re_registrations=9,
        deaths=14,
        late_deaths=5,
        marriages=13,
        later_marriages=2,
        foreign_marriages=1,
    )


def _report(period: str) -> dict[str, int]:
    out = io.StringIO()
    call_command(
        "report",
        "--indicators",
        ",".join(INDICATORS),
        "--period",
        period,
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    rows = json.loads(out.getvalue())["rows"]
    return {row["indicator"]: row["value"] for row in rows}


@time_machine.travel(NOW, tick=False)
def test_a_small_run_registers_every_event_through_the_services(world: Any) -> None:
    out = io.StringIO()

    # when 30 births are generated in the two communes of the test world
    call_command(
        "generate_civil_status",
        "--births=30",
        "--seed=5",
        "--year=2026",
        "--communes=2",
        "--no-progress",
        "--no-standin",  # test_generate_population.py runs the stand-in with the run's people
        stdout=out,
    )

    # then exactly the planned entries of each kind are registered
    registrations = Registration.objects.all()
    counts = registrations.aggregate(
        births=Count("id", filter=Q(event_type=EventType.BIRTH, is_re_registration=False)),
        late_births=Count("id", filter=Q(event_type=EventType.BIRTH, on_time=False)),
        foreign_births=Count("id", filter=Q(event_type=EventType.BIRTH, has_foreign_element=True)),
        re_registrations=Count("id", filter=Q(event_type=EventType.BIRTH, is_re_registration=True)),
        deaths=Count("id", filter=Q(event_type=EventType.DEATH)),
        late_deaths=Count("id", filter=Q(event_type=EventType.DEATH, on_time=False)),
        marriages=Count("id", filter=Q(event_type=EventType.MARRIAGE)),
        later_marriages=Count("id", filter=Q(details__first_marriage=False)),
        foreign_marriages=Count(
            "id", filter=Q(event_type=EventType.MARRIAGE, has_foreign_element=True)
        ),
    )
    assert counts == {
        "births": 30,
        "late_births": 5,
        "foreign_births": 1,
        "re_registrations": 9,
        "deaths": 14,
        "late_deaths": 5,
        "marriages": 13,
        "later_marriages": 2,
        "foreign_marriages": 1,
    }
    assert "66 registrations in" in out.getvalue()
    # on working days of 2026 up to yesterday, in both communes, each by its commune's officer
    calendar = default_calendar()
    for registration in registrations.select_related("created_by"):
        assert (
            datetime.date(2026, 1, 1) <= registration.registered_on <= datetime.date(2026, 11, 22)
        )
        assert calendar.is_working_day(registration.registered_on)
        assert registration.created_by.has_role(Role.CIVIL_STATUS_OFFICER)
    assert set(registrations.values_list("commune_id", flat=True)) == {
        world.vinh.pk,
        world.ha_tinh_ward.pk,
    }
    assert {r.created_by.username for r in registrations.filter(commune=world.vinh)} == {
        "hotich_vinh"
    }
    assert User.objects.get(username="hotich.18070").agency.code == "UBND-18070"

    # and every book's numbers run 1..n without a gap, in date order
    books: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for book, number, day in registrations.values_list("book", "entry_number", "registered_on"):
        books[book].append((number, day))
    for entries in books.values():
        entries.sort()
        assert [number for number, _day in entries] == list(range(1, len(entries) + 1))
        assert [day for _number, day in entries] == sorted(day for _number, day in entries)

    # and each registration has its audit row and its population database messages
    audited = AuditEvent.objects.filter(action__startswith="civil_status.").values("action")
    assert {row["action"]: row["total"] for row in audited.annotate(total=Count("id"))} == {
        "civil_status.birth.registered": 39,
        "civil_status.death.registered": 14,
        "civil_status.marriage.registered": 13,
    }
    without_pin = registrations.filter(event_type=EventType.BIRTH, person__pin__isnull=True)
    assert OutboxMessage.objects.filter(kind="birth").count() == without_pin.count() >= 30
    deaths_with_pin = registrations.filter(event_type=EventType.DEATH, person__pin__isnull=False)
    assert OutboxMessage.objects.filter(kind="death").count() == deaths_with_pin.count() > 0
    marriage_parties = registrations.filter(event_type=EventType.MARRIAGE)
    parties_with_pin = marriage_parties.filter(person__pin__isnull=False).count()
    parties_with_pin += marriage_parties.filter(other_person__pin__isnull=False).count()
    assert OutboxMessage.objects.filter(kind="marriage").count() == parties_with_pin == 25

    # and the report from the refreshed rollups shows the same figures
    assert _report("2026") == {
        "hotich.birth.registered": 30,
        "hotich.birth.late": 5,
        "hotich.birth.re_registered": 9,
        "hotich.death.registered": 14,
        "hotich.death.late": 5,
        "hotich.marriage.registered": 13,
        "hotich.marriage.later": 2,
        "hotich.marriage.foreign": 1,
    }

    # and the same seed is not generated twice for the year
    with pytest.raises(CommandError, match="Seed 5 was already generated for 2026"):
        call_command("generate_civil_status", "--births=30", "--seed=5", "--year=2026")


@time_machine.travel(NOW, tick=False)
def test_the_same_seed_gives_the_same_people(world: Any) -> None:
    today = datetime.date(2026, 11, 23)
    places = generate.choose_places(seed=3, year=2026, today=today, communes=2, province=None)
    volumes = generate.Volumes.of(12)

    first = generate.build_plan(volumes=volumes, places=places, seed=3)
    second = generate.build_plan(volumes=volumes, places=places, seed=3)
    other = generate.build_plan(volumes=volumes, places=places, seed=4)

    assert first == second
    assert first != other
    # the names registered are the ones drawn, with their diacritics, in the order drawn
    generate.run(first, places)
    drawn = [
        (entry.arguments.get("child") or entry.arguments.get("deceased")).full_name
        for entry in first
        if entry.kind != EventType.MARRIAGE
    ]
    registered = [
        registration.person.full_name
        for registration in Registration.objects.exclude(event_type=EventType.MARRIAGE)
        .select_related("person")
        .order_by("id")
    ]
    assert registered == drawn
    assert any(character in "".join(registered) for character in "ễầạịđươ")


@time_machine.travel(NOW, tick=False)
def test_a_pin_an_earlier_run_gave_is_drawn_again(world: Any) -> None:
    today = datetime.date(2026, 11, 23)
    places = generate.choose_places(seed=9, year=2026, today=today, communes=1, province="42")
    plan = generate.build_plan(volumes=generate.Volumes.of(10), places=places, seed=9)
    entry, name = next(
        (entry, name)
        for entry in plan
        if entry.kind == EventType.DEATH
        for name, value in entry.arguments.items()
        if getattr(value, "pin", "")
    )
    taken = entry.arguments[name]
    # a person registered earlier holds that PIN
    factories.birth(
        world.users["civil_status_officer"],
        world.vinh,
        child=factories.child(pin=taken.pin, date_of_birth=taken.date_of_birth, sex=taken.sex),
        re_registration=True,
    )

    released = generate.release_taken_pins(plan, seed=9)

    fresh = next(e for e in released if e.number == entry.number).arguments[name]
    assert fresh.pin != taken.pin
    assert pins.check(fresh.pin, date_of_birth=fresh.date_of_birth, sex=fresh.sex).valid
    assert replace(fresh, pin=taken.pin) == taken
    assert [e for e in released if e.number != entry.number] == [
        e for e in plan if e.number != entry.number
    ]
    # and only communes of the province asked for were chosen
    assert [place.id for place in places] == [world.ha_tinh_ward.pk]


@time_machine.travel(NOW, tick=False)
def test_a_province_without_communes_is_refused(world: Any) -> None:
    with pytest.raises(CommandError, match="No commune of province 99 exists on 2026-11-22"):
        call_command("generate_civil_status", "--births=5", "--seed=1", "--province=99")
