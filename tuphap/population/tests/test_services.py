from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import transaction

from tuphap.core.errors import ValidationFailed
from tuphap.places.models import AdministrativeUnit
from tuphap.population import services
from tuphap.population.models import MessageStatus
from tuphap.population.tests.conftest import birth_payload


def test_enqueue_refuses_to_run_outside_a_transaction(province: AdministrativeUnit) -> None:
    # pytest-django wraps the test in a transaction; leave it to be outside any atomic block.
    connection = transaction.get_connection()
    saved = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the caller's transaction"):
            services.outbox_enqueue(kind="birth", payload=birth_payload(1), subject=province)
    finally:
        connection.in_atomic_block = saved


def _register_then_fail(province: AdministrativeUnit) -> None:
    with transaction.atomic():
        services.outbox_enqueue(kind="birth", payload=birth_payload(1), subject=province)
        raise ZeroDivisionError


def test_enqueue_rolls_back_with_the_registration(province: AdministrativeUnit) -> None:
    from tuphap.population.models import OutboxMessage

    with pytest.raises(ZeroDivisionError):
        _register_then_fail(province)
    assert OutboxMessage.objects.count() == 0


@time_machine.travel(datetime.datetime(2026, 11, 22, 18, 30, tzinfo=datetime.UTC), tick=False)
def test_enqueue_stores_a_pending_message_registered_today(province: AdministrativeUnit) -> None:
    payload = birth_payload(1)
    del payload["registered_on"]
    with transaction.atomic():
        message = services.outbox_enqueue(
            kind="birth", payload=payload, subject=province, province=province
        )
    # 18:30 UTC is already the 23rd in Vietnam
    assert message.registered_on == datetime.date(2026, 11, 23)
    assert message.payload["registered_on"] == "2026-11-23"
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 0)
    assert (message.subject_type, message.subject_id) == (
        "places.administrativeunit",
        str(province.pk),
    )


@pytest.mark.parametrize(
    ("kind", "payload", "fields"),
    [
        pytest.param(
            "birth",
            {"sex": "male", "date_of_birth": "2026-01-01", "birth_province_code": "040"},
            ["payload.full_name"],
            id="birth-without-name",
        ),
        pytest.param(
            "birth",
            birth_payload(1, sex="x", birth_province_code="40"),
            ["payload.sex", "payload.birth_province_code"],
            id="birth-bad-sex-and-code",
        ),
        pytest.param("death", {"pin": "123"}, ["payload.pin"], id="death-bad-pin"),
        pytest.param("adoption", {}, ["kind"], id="unknown-kind"),
        pytest.param(
            "birth",
            birth_payload(1, registered_on="yesterday"),
            ["payload.registered_on"],
            id="bad-day",
        ),
    ],
)
def test_enqueue_refuses_what_cannot_be_sent(
    province: AdministrativeUnit, kind: str, payload: dict[str, Any], fields: list[str]
) -> None:
    with pytest.raises(ValidationFailed) as raised, transaction.atomic():
        services.outbox_enqueue(kind=kind, payload=payload, subject=province)
    assert sorted(raised.value.fields) == sorted(fields)
