"""``core.inserts`` prepares each value as its field would, and ``core.rows`` reads the instance
the ORM reads (issue 17), on whichever database the suite runs."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Model

from tuphap.accounts.models import User
from tuphap.civil_status.registration import persons
from tuphap.civil_status.registration.models import Person, RegisterBook, Registration
from tuphap.civil_status.tests import factories
from tuphap.core import audit, context, inserts, rows
from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit
from tuphap.population.models import OutboxMessage


def _comparable(value: Any) -> Any:
    # psycopg's Jsonb and the like wrap the value; they compare by what they wrap
    wrapped = getattr(value, "obj", value)
    return (type(value).__name__, wrapped if wrapped is not value else value)


def _both(instance: Model) -> tuple[list[Any], list[Any]]:
    """The INSERT's parameters from ``inserts.prepared``, and from each field's own
    ``get_db_prep_save``."""
    statement = inserts._statement(type(instance))
    assert statement is not None
    _sql, fields, plain = statement
    assert any(kind is not None for kind in plain)  # some values take the plain path
    ours = inserts.prepared(instance, fields, plain)
    theirs = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    return ours, theirs


def test_the_prepared_values_are_those_of_get_db_prep_save(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    registration = factories.birth(officer, world.vinh)
    instances: list[Model] = [
        AuditEvent(
            actor=officer,
            actor_username="hotich_vinh",
            agency_id=world.commune_vinh.pk,
            action="test.thing.done",
            object_id="7",
            data={"n": 1, "tên": "Ă"},
            request_id="abc123def",
            client_address="10.1.2.3",
            channel="api",
        ),
        OutboxMessage(
            kind="birth",
            payload={"full_name": "Nguyễn An"},
            subject_type="civil_status.registration",
            subject_id=str(registration.pk),
            province=world.nghe_an,
            registered_on=registration.registered_on,
        ),
        Person(family_name="Nguyễn", given_name="An", sex="male", pin=None, registered_in=None),
        # a date and aware times: passed as they are where the driver takes them (PostgreSQL)
        Person(
            family_name="Trần",
            given_name="Bình",
            sex="female",
            date_of_birth=datetime.date(2026, 11, 30),
            pin_requested_at=datetime.datetime(2026, 12, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        ),
        OutboxMessage(
            kind="birth",
            payload={},
            subject_type="civil_status.registration",
            subject_id="1",
            registered_on=datetime.date(2026, 12, 1),
            next_attempt_at=datetime.datetime(
                2026, 12, 1, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
            ),
        ),
    ]

    for instance in instances:
        with time_machine.travel("2026-12-07 08:00:00+07:00", tick=False):  # auto_now_add: one now
            ours, theirs = _both(instance)
        assert [_comparable(v) for v in ours] == [_comparable(v) for v in theirs], instance


@contextmanager
def _in_a_request() -> Iterator[None]:
    """A service's transaction inside an API request's context."""
    with (
        context.bound(context.RequestContext("abc123def", "10.1.2.3", "api")),
        transaction.atomic(),
    ):
        yield


def test_an_audit_row_and_an_outbox_message_are_inserted_as_the_orm_reads_them(
    world: Any,
) -> None:
    officer = world.users["civil_status_officer"]
    registration = factories.birth(officer, world.vinh)
    with _in_a_request():
        event = audit.record(actor=officer, action="test.thing.done", obj=registration, data={})

    stored = AuditEvent.objects.get(pk=event.pk)
    assert not event._state.adding
    assert [getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in AuditEvent._meta.concrete_fields
    ]
    message = OutboxMessage.objects.get(subject_id=str(registration.pk))
    assert message.payload["full_name"] == registration.person.full_name
    assert message.idempotency_key is not None


def _read_back(model: type[Model], pk: Any) -> Model:
    meta = model._meta
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {rows.columns(model)} FROM {quote(meta.db_table)} "  # noqa: S608 - test's own
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    (instance,) = rows.fetch(model, sql, [pk])
    return instance


def test_rows_read_the_instance_the_orm_reads(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    registration = factories.birth(officer, world.vinh)
    with transaction.atomic():
        event = audit.record(
            actor=officer, action="test.thing.done", obj=registration, data={"a": [1, None, "ă"]}
        )

    for model, pk in (
        (AuditEvent, event.pk),  # JSON and a time: converted as the ORM converts them
        (Registration, registration.pk),
        (Person, registration.person_id),
        (RegisterBook, registration.book_id),
        (AdministrativeUnit, world.vinh.pk),
        (User, officer.pk),
    ):
        ours = _read_back(model, pk)
        theirs = model._default_manager.get(pk=pk)
        fields = model._meta.concrete_fields
        assert [getattr(ours, f.attname) for f in fields] == [
            getattr(theirs, f.attname) for f in fields
        ], model
        assert not ours._state.adding
        assert ours._state.db == "default"


def test_rows_written_together_are_each_saved_as_insert_saves_it(
    world: Any, django_assert_num_queries: Any
) -> None:
    officer = world.users["civil_status_officer"]
    registration = factories.birth(officer, world.vinh)
    with _in_a_request():
        event = audit.event(actor=officer, action="test.thing.done", obj=registration)
        message = OutboxMessage(
            kind="death",
            payload={"pin": "040123456789"},
            subject_type="civil_status.registration",
            subject_id=str(registration.pk),
            province=world.nghe_an,
            registered_on=registration.registered_on,
        )
        # one statement on PostgreSQL; one per row elsewhere
        with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
            inserts.insert_all(event, message)

    for instance in (event, message):
        assert instance.pk is not None
        assert not instance._state.adding
        stored = type(instance)._default_manager.get(pk=instance.pk)
        fields = type(instance)._meta.concrete_fields
        assert [getattr(instance, f.attname) for f in fields] == [
            getattr(stored, f.attname) for f in fields
        ], type(instance)


def test_a_row_that_refers_to_another_of_the_same_call_is_refused_before_any_is_written(
    world: Any,
) -> None:
    officer = world.users["civil_status_officer"]
    person = Person(family_name="Nguyễn", given_name="Ân", sex="male", pin=None)
    with transaction.atomic(), pytest.raises(ValueError, match="unsaved related object"):
        inserts.insert_all(person, persons.version(person, actor=officer, reason="test"))
    assert person.pk is None
    assert not Person.objects.filter(given_name="Ân").exists()


def test_a_naive_time_is_prepared_by_its_field_as_save_prepares_it(world: Any) -> None:
    naive = datetime.datetime(2026, 12, 1, 9)  # noqa: DTZ001 - the case under test
    person = Person(family_name="Lê", given_name="Cúc", sex="female", pin_requested_at=naive)
    with (
        time_machine.travel("2026-12-07 08:00:00+07:00", tick=False),
        pytest.warns(RuntimeWarning, match="naive datetime"),
    ):
        ours, theirs = _both(person)
    assert [_comparable(v) for v in ours] == [_comparable(v) for v in theirs]
