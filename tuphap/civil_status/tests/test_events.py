from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.civil_status.registration import selectors, services
from tuphap.civil_status.registration.models import Amendment, Person, Registration
from tuphap.civil_status.registration.services import Declarant
from tuphap.civil_status.tests import factories
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.population.models import OutboxMessage

NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def officer(world: Any) -> Any:
    return world.users["civil_status_officer"]


def _marry(officer: Any, world: Any, **overrides: Any) -> Registration:
    arguments: dict[str, Any] = {
        "actor": officer,
        "commune": world.vinh,
        "husband": factories.adult(
            "Lê", "Minh", "male", datetime.date(1995, 3, 1), pin="040095000001"
        ),
        "wife": factories.adult(
            "Phạm", "Hoa", "female", datetime.date(1999, 7, 2), pin="040199000002"
        ),
    }
    arguments.update(overrides)
    return services.marriage_register(**arguments)


@pytest.mark.parametrize(
    ("died_on", "expected"),
    [
        (datetime.date(2026, 11, 8), True),  # day 15 is Monday 23 Nov
        (datetime.date(2026, 11, 6), True),  # day 15 is Saturday 21 Nov → Monday
        (datetime.date(2026, 11, 5), False),  # day 15 was Friday 20 Nov
    ],
    ids=["day-15", "weekend-rolled-forward", "late"],
)
def test_death_on_time_within_15_days_and_locks_the_record(
    world: Any, officer: Any, died_on: datetime.date, expected: bool
) -> None:
    deceased = factories.adult("Hồ", "Tâm", "male", datetime.date(1940, 1, 1), pin="040040000009")

    registration = services.death_register(
        actor=officer,
        commune=world.vinh,
        deceased=deceased,
        died_on=died_on,
        declarant=Declarant("Hồ Văn Con", "son"),
    )

    person = registration.person
    assert (registration.on_time, person.died_on, registration.book.volume_number) == (
        expected,
        died_on,
        "01-TP/HT-2026-KT",
    )
    message = OutboxMessage.objects.get()
    assert (message.kind, message.payload["pin"], message.payload["occurred_on"]) == (
        "death",
        "040040000009",
        died_on.isoformat(),
    )
    # And a dead person can no longer marry
    with pytest.raises(Conflict) as caught:
        _marry(officer, world, husband=person)
    assert caught.value.code == "person_dead"


def test_death_of_a_dead_person_is_refused(world: Any, officer: Any) -> None:
    first = services.death_register(
        actor=officer,
        commune=world.vinh,
        deceased=factories.adult("Hồ", "Tâm", "male", datetime.date(1940, 1, 1)),
        died_on=datetime.date(2026, 11, 20),
        declarant=Declarant("Hồ Văn Con"),
    )
    with pytest.raises(Conflict):
        services.death_register(
            actor=officer,
            commune=world.vinh,
            person=first.person,
            died_on=datetime.date(2026, 11, 20),
            declarant=Declarant("Hồ Văn Con"),
        )


def test_marriage_links_spouses_and_notifies_both(world: Any, officer: Any) -> None:
    registration = _marry(officer, world)

    man, woman = registration.person, registration.other_person
    assert woman is not None
    man.refresh_from_db()
    woman.refresh_from_db()
    assert (man.spouse_id, woman.spouse_id) == (woman.pk, man.pk)
    assert registration.details["first_marriage"] is True
    assert sorted(OutboxMessage.objects.values_list("kind", "payload__pin")) == [
        ("marriage", "040095000001"),
        ("marriage", "040199000002"),
    ]
    # A married person cannot marry again until a divorce is recorded
    other = factories.adult("Vũ", "Lan", "female", datetime.date(2000, 1, 1))
    with pytest.raises(ValidationFailed) as caught:
        _marry(officer, world, husband=man, wife=other)
    assert list(caught.value.fields) == ["husband"]
    services.registration_record(
        actor=officer,
        commune=world.vinh,
        event_type="court_decision",
        person=man,
        other_person=woman,
        details={
            "decision_type": "divorce",
            "authority": "TAND khu vực 1 Nghệ An",
            "decision_number": "12/2026/QĐST-HNGĐ",
            "decision_date": "2026-11-10",
        },
    )
    again = _marry(officer, world, husband=Person.objects.get(pk=man.pk), wife=other)
    assert (again.entry_number, again.details["first_marriage"]) == (2, False)


@pytest.mark.parametrize(
    ("born", "field"),
    [
        (datetime.date(2006, 11, 24), "husband.date_of_birth"),
        (datetime.date(2006, 11, 23), None),
    ],
    ids=["one-day-short-of-20", "exactly-20"],
)
def test_marriage_age(world: Any, officer: Any, born: datetime.date, field: str | None) -> None:
    husband = factories.adult("Lê", "Minh", "male", born)
    if field is None:
        assert _marry(officer, world, husband=husband).entry_number == 1
        return
    with pytest.raises(ValidationFailed) as caught:
        _marry(officer, world, husband=husband)
    assert list(caught.value.fields) == [field]


def test_amendment_keeps_every_version(world: Any, officer: Any) -> None:
    registration = factories.birth(officer, world.vinh)

    amendment = services.registration_amend(
        actor=officer,
        registration=registration,
        kind="correction",
        reason="Ghi sai tên đệm",
        legal_basis="Luật Hộ tịch 2014 Art. 26(1)",
        changes={"person.middle_name": "Đức", "birth_certificate_number": "GCS-17"},
    )

    registration.refresh_from_db()
    person = Person.objects.get(pk=registration.person_id)
    assert amendment.changes == {
        "person.middle_name": {"old": "Văn", "new": "Đức"},
        "birth_certificate_number": {"old": "", "new": "GCS-17"},
    }
    assert registration.details["birth_certificate_number"] == ""  # never rewritten
    assert registration.current_details()["birth_certificate_number"] == "GCS-17"
    assert (person.full_name, person.full_name_folded) == ("Nguyễn Đức An", "nguyen duc an")
    assert list(person.versions.values_list("number", "data__middle_name")) == [
        (1, "Văn"),
        (2, "Đức"),
    ]


def test_deletion_needs_a_decision_and_stays_in_history(world: Any, officer: Any) -> None:
    registration = factories.birth(officer, world.vinh)
    with pytest.raises(ValidationFailed) as caught:
        services.registration_amend(
            actor=officer,
            registration=registration,
            kind="deletion",
            reason="Đăng ký trùng",
            legal_basis="TT 01/2022 Art. 13",
        )
    assert list(caught.value.fields) == ["decision_reference"]

    services.registration_amend(
        actor=officer,
        registration=registration,
        kind="deletion",
        reason="Đăng ký trùng",
        legal_basis="TT 01/2022 Art. 13",
        decision_reference="QĐ 5/QĐ-STP",
    )

    registration.refresh_from_db()
    assert registration.status == "deleted"
    assert list(Amendment.objects.values_list("kind", "decision_reference")) == [
        ("deletion", "QĐ 5/QĐ-STP")
    ]
    with pytest.raises(Conflict):
        services.registration_amend(
            actor=officer,
            registration=registration,
            kind="correction",
            reason="x",
            legal_basis="y",
            changes={"person.given_name": "B"},
        )


def test_marital_status_confirmation_valid_six_months(world: Any, officer: Any) -> None:
    person = factories.birth(officer, world.vinh).person

    registration = services.registration_record(
        actor=officer,
        commune=world.vinh,
        event_type="marital_status",
        person=person,
        details={"marital_status": "single", "purpose": "kết hôn"},
    )

    assert registration.details["valid_until"] == "2027-05-23"
    assert registration.book.volume_number == "01-TP/HT-2026-XNHN"
    assert list(person.versions.values_list("number", "reason")) == [
        (1, "Birth registered"),
        (2, "Confirmation of marital status"),
    ]


def test_other_event_details_are_validated(world: Any, officer: Any) -> None:
    person = factories.birth(officer, world.vinh).person
    with pytest.raises(ValidationFailed) as caught:
        services.registration_record(
            actor=officer,
            commune=world.vinh,
            event_type="recognition",
            person=person,
            details={"relationship": "uncle"},
        )
    assert caught.value.fields == {
        "details.relationship": ["Choose one of: child, father, mother."]
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("civil_status_officer", True),
        ("provincial_specialist", True),
        ("provincial_specialist_ha_tinh", False),
        ("ministry_specialist", True),
    ],
    ids=["officer", "province", "other-province", "ministry"],
)
def test_person_visibility(world: Any, officer: Any, persona: str, visible: bool) -> None:
    person = factories.birth(officer, world.vinh).person
    user = world.users[persona]

    if visible:
        assert selectors.person_get_for_user(user, person.pk) == person
        assert [p.pk for p in selectors.person_search(user, query="nguyen van an")] == [person.pk]
    else:
        with pytest.raises(NotFound):
            selectors.person_get_for_user(user, person.pk)


@pytest.mark.parametrize("persona", ["leader", "auditor", "statistics_officer"])
def test_personal_data_is_closed_to_other_roles(world: Any, persona: str) -> None:
    with pytest.raises(AccessDenied):
        selectors.person_list_for_user(world.users[persona])


def test_search_by_pin_year_and_entry(world: Any, officer: Any) -> None:
    registration = factories.birth(officer, world.vinh, child=factories.child(pin="040226000007"))

    assert selectors.person_search(officer, query="040226000007") == [registration.person]
    assert selectors.person_search(officer, query="An", year_of_birth=2026) == [registration.person]
    assert selectors.person_search(officer, query="An", year_of_birth=2025) == []
    assert selectors.registration_find(
        officer, volume_number="01-TP/HT-2026-KS", entry_number=1
    ) == [registration]
