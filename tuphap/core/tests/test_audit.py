from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tuphap.core import audit, context
from tuphap.core.models import AuditEvent


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside a transaction"):
        audit.record(actor=None, action="test.thing.done")
    assert AuditEvent.objects.count() == 0


def test_record_carries_actor_agency_object_and_request_context(world: Any) -> None:
    user = world.users["provincial_specialist"]
    with (
        context.bound(context.RequestContext("abc123def", "10.1.2.3", "web")),
        transaction.atomic(),
    ):
        event = audit.record(actor=user, action="test.thing.done", obj=world.vinh, data={"n": 1})

    event.refresh_from_db()
    assert (event.actor, event.actor_username, event.agency_id) == (
        user,
        "chuyenvien_nghean",
        world.doj_nghe_an.pk,
    )
    assert (event.object_type, event.object_id, event.object_label) == (
        "places.administrativeunit",
        str(world.vinh.pk),
        "Phường Trường Vinh",
    )
    assert (event.request_id, event.client_address, event.channel, event.data) == (
        "abc123def",
        "10.1.2.3",
        "web",
        {"n": 1},
    )


def test_audit_row_rolls_back_with_the_change(world: Any) -> None:
    before = AuditEvent.objects.count()

    @transaction.atomic
    def change_that_fails() -> None:
        audit.record(actor=world.users["leader"], action="test.thing.done")
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        change_that_fails()
    assert AuditEvent.objects.count() == before


def test_record_many_writes_the_rows_record_would(world: Any) -> None:
    user = world.users["provincial_specialist"]
    with (
        context.bound(context.RequestContext("batch0001", "10.1.2.3", "worker")),
        transaction.atomic(),
    ):
        one = audit.record(actor=user, action="test.thing.done", obj=world.vinh, data={"n": 1})
        audit.record_many(
            actor=user,
            entries=[("test.thing.done", world.vinh, {"n": 1}), ("test.other", None, None)],
        )
    first, second = AuditEvent.objects.exclude(pk=one.pk).order_by("pk")
    fields = ("actor_id", "actor_username", "agency_id", "action", "object_type", "object_id")
    fields += ("object_label", "data", "request_id", "client_address", "channel")
    assert [getattr(first, f) for f in fields] == [getattr(one, f) for f in fields]
    assert (second.action, second.object_type, second.data) == ("test.other", "", {})


@pytest.mark.django_db(transaction=True)
def test_record_many_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside a transaction"):
        audit.record_many(actor=None, entries=[("test.thing.done", None, None)])
