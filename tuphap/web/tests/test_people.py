"""People across registers (ADR 0019): a death registered in the civil status register reaches
the open enforcement cases of the deceased in the same transaction, and the person page shows
what the registers hold on a PIN within the reader's jurisdiction, auditing each look-up."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import enforcement_offices
from tuphap.accounts.models import User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework.models import Notification
from tuphap.civil_status.registration import services as civil_status
from tuphap.civil_status.registration.models import Registration
from tuphap.civil_status.registration.services import Declarant
from tuphap.civil_status.tests import factories as civil_status_factories
from tuphap.core import people
from tuphap.core.errors import ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.enforcement.cases import services as enforcement
from tuphap.enforcement.cases.models import EnforcementCase
from tuphap.enforcement.tests.conftest import OBLIGEE, at, judgment, obligor, request

PIN = "040085001234"  # the deceased
OTHER_PIN = "040085009999"
# The person page for a reader of every register: session, user, roles, then a fixed number of
# queries a register (measured: the same with one case as with four).
QUERIES = 12
D = datetime.date


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Offices:
    officer: User  # Nghệ An enforcement officer
    head: User
    officer_ha_tinh: User
    registrar: User  # the civil status officer of Trường Vinh (Nghệ An)


@pytest.fixture
def offices(world: Any) -> Offices:
    nghe_an, ha_tinh = enforcement_offices(world)
    make = account_factories.user
    return Offices(
        make("chv_nghean", nghe_an, Role.ENFORCEMENT_OFFICER),
        make("truong_nghean", nghe_an, Role.ENFORCEMENT_HEAD),
        make("chv_hatinh", ha_tinh, Role.ENFORCEMENT_OFFICER),
        world.users["civil_status_officer"],
    )


def _open(
    actor: User,
    place: Any,
    number: str,
    parties: list[enforcement.PartyData],
    time_machine: Any,
) -> EnforcementCase:
    time_machine.move_to(at("2026-04-27 09:00"), tick=False)
    return enforcement.case_open(
        actor=actor,
        place=place,
        judgment=judgment(number=f"{number}/2025/DS-ST"),
        request=request(),
        decision_number=f"{number}/QĐ-THADS",
        decision_date=D(2026, 4, 27),
        parties=parties,
        obligations=[enforcement.ObligationData("money", 50_000_000)],
    )


def _register_death(registrar: User, commune: Any, time_machine: Any) -> Registration:
    time_machine.move_to(at("2026-11-23 10:00"), tick=False)
    return civil_status.death_register(
        actor=registrar,
        commune=commune,
        deceased=civil_status_factories.adult(
            "Trần", "Bình", "male", D(1985, 2, 3), middle_name="Văn", pin=PIN
        ),
        died_on=D(2026, 11, 20),
        declarant=Declarant("Trần Văn Con", "son"),
    )


def _party_died_rows() -> list[tuple[int, str]]:
    return sorted(
        (int(event.object_id), event.data["roles"][0])
        for event in AuditEvent.objects.filter(action="enforcement.case.party_died")
    )


def test_a_registered_death_raises_a_task_on_the_open_cases_of_the_obligor_or_obligee_only(
    world: Any, offices: Offices, time_machine: Any
) -> None:
    as_obligor = _open(offices.officer, world.vinh, "1", [obligor(), OBLIGEE], time_machine)
    as_obligee = _open(
        offices.officer,
        world.vinh,
        "2",
        [
            obligor(identification_number=OTHER_PIN),
            enforcement.PartyData(
                role="obligee", kind="person", name="Trần Văn Bình", identification_number=PIN
            ),
        ],
        time_machine,
    )
    closed = _open(offices.officer, world.vinh, "3", [obligor(), OBLIGEE], time_machine)
    enforcement.case_transition(actor=offices.head, case=closed.case, transition="terminate")
    someone_else = _open(
        offices.officer,
        world.vinh,
        "4",
        [obligor(identification_number=OTHER_PIN), OBLIGEE],
        time_machine,
    )

    only_interested = _open(
        offices.officer,
        world.vinh,
        "5",
        [
            obligor(identification_number=OTHER_PIN),
            OBLIGEE,
            enforcement.PartyData(
                role="interested", kind="person", name="Trần Văn Bình", identification_number=PIN
            ),
        ],
        time_machine,
    )

    registration = _register_death(offices.registrar, world.vinh, time_machine)

    assert _party_died_rows() == [(as_obligor.pk, "obligor"), (as_obligee.pk, "obligee")]
    assert only_interested.pk not in {row[0] for row in _party_died_rows()}
    tasks = Notification.objects.filter(kind="party_died")
    assert {task.case_id for task in tasks} == {as_obligor.pk, as_obligee.pk}
    assert closed.pk not in {task.case_id for task in tasks}
    assert someone_else.pk not in {task.case_id for task in tasks}
    # Each task goes to whoever holds the case (its officer), or to the office's staff.
    for task in tasks.filter(case_id=as_obligor.pk):
        assert task.recipient.agency_id == as_obligor.agency_id
        assert "Trần Văn Bình" in task.text
        assert "20/11/2026" in task.text
        assert str(registration.entry_number) in task.text
    audit = AuditEvent.objects.get(action="enforcement.case.party_died", object_id=as_obligor.pk)
    assert (audit.actor_id, audit.data["pin"], audit.data["registration_id"]) == (
        offices.registrar.pk,
        PIN,
        registration.pk,
    )
    assert audit.data["notified"] == sorted(
        task.recipient_id for task in tasks.filter(case_id=as_obligor.pk)
    )


def test_a_death_without_a_pin_reaches_no_case(
    world: Any, offices: Offices, time_machine: Any
) -> None:
    _open(offices.officer, world.vinh, "1", [obligor(), OBLIGEE], time_machine)
    time_machine.move_to(at("2026-11-23 10:00"), tick=False)
    civil_status.death_register(
        actor=offices.registrar,
        commune=world.vinh,
        deceased=civil_status_factories.adult("Trần", "Bình", "male", D(1985, 2, 3)),
        died_on=D(2026, 11, 20),
        declarant=Declarant("Trần Văn Con", "son"),
    )

    assert not Notification.objects.filter(kind="party_died").exists()
    assert _party_died_rows() == []


def test_a_failed_death_registration_leaves_no_task(
    world: Any, offices: Offices, time_machine: Any, monkeypatch: Any
) -> None:
    """The reactions run in the registration's transaction: a later failure (here a register
    whose reaction refuses, after enforcement's has written) undoes the tasks with it."""
    case = _open(offices.officer, world.vinh, "1", [obligor(), OBLIGEE], time_machine)

    def refuse(actor: Any, event: people.PersonDied) -> int:
        assert Notification.objects.filter(case_id=case.pk, kind="party_died").exists()
        raise ValidationFailed("refused", fields={"pin": "refused"})

    monkeypatch.setitem(people._ON_DEATH, "zz_refuses", refuse)

    with pytest.raises(ValidationFailed):
        _register_death(offices.registrar, world.vinh, time_machine)

    assert not Registration.objects.filter(event_type="death").exists()
    assert not Notification.objects.filter(kind="party_died").exists()
    assert _party_died_rows() == []


def test_publishing_outside_a_transaction_is_refused() -> None:
    event = people.PersonDied(PIN, "Trần Văn Bình", D(2026, 11, 20), D(2026, 11, 23), 1, "x")
    with pytest.raises(RuntimeError):
        people.death_registered(actor=None, event=event)


# -- the person page -----------------------------------------------------------------------------


def _page(user: User | None, pin: str) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("web:person"), {"pin": pin}, HTTP_ACCEPT_LANGUAGE="en")


def _shown(response: Any) -> set[str]:
    return {
        fact.reference for section in response.context["found"].sections for fact in section.facts
    }


@pytest.fixture
def two_provinces(world: Any, offices: Offices, time_machine: Any) -> dict[str, Any]:
    """The person's case in Nghệ An and in Hà Tĩnh, and their death registered in Nghệ An."""
    nghe_an = _open(offices.officer, world.vinh, "1", [obligor(), OBLIGEE], time_machine)
    ha_tinh = _open(
        offices.officer_ha_tinh, world.ha_tinh_ward, "7", [obligor(), OBLIGEE], time_machine
    )
    death = _register_death(offices.registrar, world.vinh, time_machine)
    return {"nghe_an": nghe_an, "ha_tinh": ha_tinh, "death": death}


def test_the_person_page_shows_what_the_reader_may_see_and_audits_the_read(
    world: Any, offices: Offices, two_provinces: dict[str, Any]
) -> None:
    nghe_an, ha_tinh, death = (two_provinces[key] for key in ("nghe_an", "ha_tinh", "death"))
    before = AuditEvent.objects.filter(action="people.person.viewed").count()

    response = _page(offices.officer, PIN)

    assert response.status_code == 200
    assert _shown(response) == {f"enforcement.enforcementcase:{nghe_an.pk}"}
    assert nghe_an.decision_number in response.content.decode()
    assert ha_tinh.decision_number not in response.content.decode()
    audit = AuditEvent.objects.filter(action="people.person.viewed").latest("id")
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == before + 1
    assert (audit.actor_id, audit.data["pin"]) == (offices.officer.pk, PIN)
    assert audit.data["shown"] == {"enforcement": [f"enforcement.enforcementcase:{nghe_an.pk}"]}

    response = _page(offices.officer_ha_tinh, PIN)
    assert _shown(response) == {f"enforcement.enforcementcase:{ha_tinh.pk}"}

    # The ministry sees both cases and the death registered in Nghệ An.
    response = _page(world.users["ministry_specialist"], PIN)
    assert _shown(response) == {
        f"enforcement.enforcementcase:{nghe_an.pk}",
        f"enforcement.enforcementcase:{ha_tinh.pk}",
        f"civil_status.registration:{death.pk}",
    }
    # The registrar of Trường Vinh: the death they registered, not the enforcement register.
    response = _page(offices.registrar, PIN)
    assert _shown(response) == {f"civil_status.registration:{death.pk}"}
    assert [section.key for section in response.context["found"].sections] == ["civil_status"]
    # Hà Tĩnh's specialist reads the civil status register, but not Nghệ An's entries.
    response = _page(world.users["provincial_specialist_ha_tinh"], PIN)
    assert _shown(response) == set()
    assert "No register you can see holds anything" in response.content.decode()
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == before + 5


def test_the_person_page_refuses_a_bad_number_and_those_without_the_right(
    world: Any, offices: Offices
) -> None:
    before = AuditEvent.objects.filter(action="people.person.viewed").count()

    response = _page(offices.officer, "04008500123")
    assert response.status_code == 400
    assert "12 digits" in response.content.decode()

    assert _page(None, PIN).status_code == 302  # to the sign-in page
    assert _page(world.users["statistics_officer"], PIN).status_code == 403
    # Without a number the page is the look-up form, and nothing is read.
    client = Client()
    client.force_login(offices.officer)
    assert client.get(reverse("web:person")).status_code == 200
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == before


def test_the_person_page_reads_a_bounded_number_of_queries(
    world: Any, offices: Offices, time_machine: Any, django_assert_max_num_queries: Any
) -> None:
    """Each register answers with a fixed number of queries, however many items it holds."""
    for number in ("1", "2", "3", "4"):
        _open(offices.officer, world.vinh, number, [obligor(), OBLIGEE], time_machine)
    _register_death(offices.registrar, world.vinh, time_machine)
    client = Client()
    client.force_login(world.users["ministry_specialist"])
    url = reverse("web:person")

    with django_assert_max_num_queries(QUERIES):
        response = client.get(url, {"pin": PIN}, HTTP_ACCEPT_LANGUAGE="en")

    assert len(_shown(response)) == 5
