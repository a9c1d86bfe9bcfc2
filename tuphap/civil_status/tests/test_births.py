from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.civil_status.registration import persons, services
from tuphap.civil_status.registration.models import (
    Person,
    PersonVersion,
    RegisterBook,
    RegisterCounter,
    Registration,
)
from tuphap.civil_status.registration.services import Declarant, PossibleDuplicate
from tuphap.civil_status.tests import factories
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.population.models import OutboxMessage

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def officer(world: Any) -> Any:
    return world.users["civil_status_officer"]


@time_machine.travel(NOW, tick=False)
def test_birth_is_numbered_recorded_audited_and_sent(world: Any, officer: Any) -> None:
    # When the officer registers a birth
    registration = factories.birth(officer, world.vinh)

    # Then it is entry 1 of the commune's 2026 birth book, on time, and the child has a record
    assert (registration.entry_number, registration.book.volume_number) == (1, "01-TP/HT-2026-KS")
    assert registration.on_time is True
    person = registration.person
    assert (person.full_name, person.full_name_folded, person.mother_name) == (
        "Nguyễn Văn An",
        "nguyen van an",
        "Trần Thị Bình",
    )
    assert person.pin is None
    assert person.pin_requested_at == NOW
    assert list(PersonVersion.objects.filter(person=person).values_list("number", "reason")) == [
        (1, "Birth registered")
    ]
    # And the population database is asked for a PIN, in the same transaction
    message = OutboxMessage.objects.get()
    assert (message.kind, message.subject_id) == ("birth", str(registration.pk))
    assert message.payload == {
        "full_name": "Nguyễn Văn An",
        "sex": "male",
        "date_of_birth": "2026-11-01",
        "birth_province_code": "040",
        "registered_on": "2026-11-23",
    }
    assert AuditEvent.objects.filter(action="civil_status.birth.registered").count() == 1


@time_machine.travel(NOW, tick=False)
def test_numbers_are_gapless_and_restart_each_year(world: Any, officer: Any) -> None:
    numbers = [
        factories.birth(
            officer, world.vinh, child=factories.child(given_name=name, mother_name="")
        ).entry_number
        for name in ("An", "Bình", "Chi")
    ]
    with time_machine.travel(datetime.datetime(2027, 1, 2, 2, 0, tzinfo=datetime.UTC), tick=False):
        next_year = factories.birth(officer, world.vinh, child=factories.child(given_name="Dũng"))

    assert numbers == [1, 2, 3]
    assert (next_year.entry_number, next_year.book.volume_number) == (1, "01-TP/HT-2027-KS")


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (datetime.date(2026, 9, 24), True),  # day 60 is Monday 23 Nov
        (datetime.date(2026, 9, 22), True),  # day 60 is Saturday 21 Nov → Monday 23 Nov
        (datetime.date(2026, 9, 21), False),  # day 60 was Friday 20 Nov
    ],
    ids=["day-60", "rolled-forward-past-weekend", "day-61"],
)
def test_on_time_within_60_days(
    world: Any, officer: Any, born: datetime.date, expected: bool
) -> None:
    with time_machine.travel(NOW, tick=False):
        registration = factories.birth(
            officer, world.vinh, child=factories.child(date_of_birth=born)
        )

    assert registration.on_time is expected


def test_receipt_day_not_the_15_00_rule_decides_on_time(world: Any, officer: Any) -> None:
    # Given a file received at 16:00 on day 60 (Mon 23 Nov), registered the next morning
    received = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)  # 16:00 in Vietnam
    with time_machine.travel(
        datetime.datetime(2026, 11, 24, 2, 0, tzinfo=datetime.UTC), tick=False
    ):
        registration = factories.birth(
            officer,
            world.vinh,
            child=factories.child(date_of_birth=datetime.date(2026, 9, 24)),
            received_at=received,
        )

    assert (registration.registered_on, registration.on_time) == (datetime.date(2026, 11, 24), True)


@time_machine.travel(NOW, tick=False)
def test_possible_duplicate_is_refused_until_confirmed(world: Any, officer: Any) -> None:
    first = factories.birth(officer, world.vinh)

    # When the same child (written without diacritics) is registered again
    with pytest.raises(PossibleDuplicate) as caught:
        factories.birth(
            officer,
            world.vinh,
            child=factories.child(family_name="Nguyen", middle_name="", given_name="An"),
            mother=services.ParentData("Tran Thi Binh"),
        )

    assert caught.value.candidates == [first.person]
    assert caught.value.code == "possible_duplicate"
    assert Registration.objects.count() == 1
    # And with the officer's confirmation it goes through with the next number
    second = factories.birth(
        officer,
        world.vinh,
        child=factories.child(family_name="Nguyen", middle_name="", given_name="An"),
        mother=services.ParentData("Tran Thi Binh"),
        different_person_confirmed=True,
    )
    assert second.entry_number == 2


@pytest.mark.parametrize(
    ("existing", "new", "is_candidate"),
    [
        pytest.param({"middle_name": ""}, {}, True, id="record-without-middle-name"),
        pytest.param({}, {"family_name": "NGUYEN", "given_name": "an"}, True, id="case-folded"),
        pytest.param({}, {"date_of_birth": datetime.date(2026, 11, 2)}, False, id="other-day"),
        pytest.param({}, {"given_name": "Anh"}, False, id="other-given-name"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_duplicate_search_compares_the_name_with_and_without_the_middle_name(
    world: Any, officer: Any, existing: dict[str, Any], new: dict[str, Any], is_candidate: bool
) -> None:
    first = factories.birth(officer, world.vinh, child=factories.child(**existing))

    found = persons.duplicates(
        factories.child(**new, mother_name="Trần Thị Bình", father_name="Nguyễn Văn Cường")
    )

    assert found == ([first.person] if is_candidate else [])
    assert first.person.family_given_folded == "nguyen an"


@time_machine.travel(NOW, tick=False)
def test_same_pin_with_a_registered_birth_is_refused(world: Any, officer: Any) -> None:
    factories.birth(officer, world.vinh, child=factories.child(pin="040226000001"))

    with pytest.raises(Conflict) as caught:
        factories.birth(
            officer,
            world.vinh,
            child=factories.child(pin="040226000001", given_name="Khác"),
            different_person_confirmed=True,
        )

    assert caught.value.code == "already_registered"


@time_machine.travel(NOW, tick=False)
def test_inconsistent_pin_is_refused_with_the_reason(world: Any, officer: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        factories.birth(officer, world.vinh, child=factories.child(pin="040326000001"))

    assert caught.value.fields == {"child.pin": ["The fourth digit 3 is for a female."]}


@pytest.mark.parametrize(
    "persona",
    ["provincial_specialist", "ministry_specialist", "leader"],
    ids=["province", "ministry", "leader"],
)
@time_machine.travel(NOW, tick=False)
def test_only_the_commune_officer_registers(world: Any, persona: str) -> None:
    with pytest.raises(AccessDenied):
        factories.birth(world.users[persona], world.vinh)
    assert Registration.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_officer_cannot_register_in_another_commune(world: Any, officer: Any) -> None:
    with pytest.raises(AccessDenied):
        factories.birth(officer, world.ha_tinh_ward)


@time_machine.travel(NOW, tick=False)
def test_old_commune_is_refused(world: Any, officer: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        factories.birth(officer, world.vinh_old)
    assert list(caught.value.fields) == ["commune"]


@time_machine.travel(NOW, tick=False)
def test_pin_answer_is_recorded_as_a_new_version(world: Any, officer: Any) -> None:
    from tuphap.population import handlers

    registration = factories.birth(officer, world.vinh)
    message = OutboxMessage.objects.get()
    handler = handlers.get("birth")
    assert handler is not None

    handler(message, {"pin": "040226123456", "citizen_id": 1})
    handler(message, {"pin": "040226123456", "citizen_id": 1})  # a repeated answer

    person = Person.objects.get(pk=registration.person_id)
    assert person.pin == "040226123456"
    assert list(person.versions.values_list("number", "data__pin")) == [
        (1, None),
        (2, "040226123456"),
    ]


@time_machine.travel(NOW, tick=False)
def test_close_books_counts_entries_corrections_and_blank_pages(world: Any, officer: Any) -> None:
    from tuphap.civil_status.registration import books

    first = factories.birth(officer, world.vinh)
    factories.birth(officer, world.vinh, child=factories.child(given_name="Bảo"))
    services.registration_amend(
        actor=officer,
        registration=first,
        kind="correction",
        reason="Sai chính tả",
        legal_basis="Luật Hộ tịch Art. 26",
        changes={"person.given_name": "Ân"},
    )

    closed = books.register_books_close(actor=None, year=2026)

    book = RegisterBook.objects.get()
    assert closed == [book]
    assert (book.status, book.entries_count, book.corrected_count, book.blank_pages) == (
        "closed",
        2,
        1,
        198,
    )
    with pytest.raises(Conflict):
        factories.birth(officer, world.vinh, child=factories.child(given_name="Cúc"))


def test_declarant_needed(world: Any) -> None:
    assert Declarant("Nguyễn Văn Cường").relationship == ""


def test_close_register_books_command(world: Any, officer: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(NOW, tick=False):
        factories.birth(officer, world.vinh)
    output = StringIO()
    with time_machine.travel(datetime.datetime(2027, 1, 2, 2, 0, tzinfo=datetime.UTC)):
        call_command("close_register_books", "--year", "2026", stdout=output)

    assert output.getvalue().splitlines()[-1] == "1 books closed for 2026."
    assert RegisterBook.objects.get().blank_pages == 199


@time_machine.travel(NOW, tick=False)
def test_pin_answer_already_used_is_refused_without_retry(world: Any, officer: Any) -> None:
    from tuphap.population import handlers

    factories.birth(officer, world.vinh, child=factories.child(given_name="Có", pin="040226999999"))
    registration = factories.birth(officer, world.vinh)
    message = OutboxMessage.objects.get(subject_id=str(registration.pk))
    handler = handlers.get("birth")
    assert handler is not None

    handler(message, {"pin": "040226999999"})  # does not raise: a resend would not help

    person = Person.objects.get(pk=registration.person_id)
    assert person.pin is None
    refused = AuditEvent.objects.get(action="civil_status.person.pin_refused")
    assert refused.data["reason"] == "Another record has this PIN."


def test_the_worker_closes_the_books_of_past_years_once(world: Any, officer: Any) -> None:
    from tuphap.core import jobs, worker

    with time_machine.travel(NOW, tick=False):
        factories.birth(officer, world.vinh)
        # This year's book stays open.
        outcome = worker.run_job(jobs.get("civil_status.register_books_close"), holder="w")
        assert outcome is not None
        assert outcome.result == {"years": [], "closed": 0}
    with time_machine.travel(datetime.datetime(2027, 1, 2, 2, 0, tzinfo=datetime.UTC)):
        first = worker.run_job(
            jobs.get("civil_status.register_books_close"), holder="w", force=True
        )
        again = worker.run_job(
            jobs.get("civil_status.register_books_close"), holder="w", force=True
        )
    assert first is not None
    assert first.result == {"years": [2026], "closed": 1}
    assert again is not None
    assert again.result == {"years": [], "closed": 0}
    assert RegisterBook.objects.get().status == "closed"


@time_machine.travel(NOW, tick=False)
def test_the_entry_after_a_full_volume_opens_the_next_book_and_the_one_after_finds_it(
    world: Any, officer: Any
) -> None:
    factories.birth(officer, world.vinh)
    RegisterCounter.objects.filter(commune=world.vinh, event_type="birth", year=2026).update(
        last_number=200
    )

    opening = factories.birth(officer, world.vinh, child=factories.child(given_name="Bảo"))
    following = factories.birth(officer, world.vinh, child=factories.child(given_name="Cúc"))

    assert (opening.entry_number, opening.book.volume_number) == (201, "02-TP/HT-2026-KS")
    assert (opening.book.volume, opening.book.first_number) == (2, 201)
    assert following.entry_number == 202
    assert following.book_id == opening.book_id
    assert RegisterBook.objects.filter(commune=world.vinh, year=2026).count() == 2
