from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from tuphap.places.models import AdministrativeUnit
from tuphap.population import reconcile, relay, services
from tuphap.population.client import Client
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import (
    Standin,
    birth_payload,
    drain,
    enqueue_births,
    relay_config,
)

DAY = "2026-10-05"


def test_reconciliation_lists_every_kind_of_difference(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    # Given two births delivered, one whose answer was lost, one never sent, one foreign record
    same, changed = enqueue_births(province, 2, registered_on=DAY)
    drain(relay_config(clean_standin.url))
    [lost] = enqueue_births(province, 1, registered_on=DAY)
    clean_standin.control(drop_rate=1, drop_when="after")
    relay.run(relay_config(clean_standin.url), once=True)
    clean_standin.control()
    with transaction.atomic():
        unsent = services.outbox_enqueue(
            kind="birth", payload=birth_payload(9, registered_on=DAY), subject=province
        )
    foreign = clean_standin.call(
        "POST", "/citizens", birth_payload(8, registered_on=DAY), key="other-system-1"
    )[1]
    OutboxMessage.objects.filter(pk=changed.pk).update(
        payload={**changed.payload, "full_name": "Tên Khác"}
    )
    lost_pin = clean_standin.call("GET", "/citizens?registered_on=" + DAY)[1]["citizens"][2]["pin"]
    # When the day is reconciled
    client = Client(clean_standin.url, timeout=2)
    differences = reconcile.compare(day=datetime.date.fromisoformat(DAY), client=client)
    client.close()
    # Then each difference is listed once
    assert [(d.kind, d.message_id) for d in differences] == [
        ("different", changed.pk),
        ("unrecorded_answer", lost.pk),
        ("missing_there", unsent.pk),
        ("missing_here", None),
    ]
    assert differences[0].detail == "full_name: here 'Tên Khác', there 'Nguyễn Văn Thử 1'"
    assert differences[1].detail == f"birth, pending here, held there as PIN {lost_pin}"
    assert differences[3].key == "other-system-1"
    assert differences[3].detail == f"birth, PIN {foreign['pin']}"
    assert same.pk not in [d.message_id for d in differences]


def test_the_command_prints_the_differences(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    day = "2026-10-06"
    [message] = enqueue_births(province, 1, registered_on=day)
    out = StringIO()
    call_command("reconcile_population", "--date", day, "--url", clean_standin.url, stdout=out)
    assert out.getvalue().splitlines() == [
        f"missing_there\t{message.idempotency_key}\tmessage #{message.pk}\tbirth, pending",
        f"1 difference(s) on {day}",
    ]


def test_a_refused_or_resolved_message_is_not_missing_there(
    clean_standin: Standin, province: AdministrativeUnit
) -> None:
    # Given a death refused for an unknown PIN, resolved by an officer, and one left refused
    day = "2026-10-07"
    with transaction.atomic():
        refused, resolved = (
            services.outbox_enqueue(
                kind="death",
                payload={"pin": pin, "occurred_on": day, "registered_on": day, "data": {}},
                subject=province,
                province=province,
            )
            for pin in ("040080999111", "040080999222")
        )
    drain(relay_config(clean_standin.url))
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"failed_permanently"}
    OutboxMessage.objects.filter(pk=resolved.pk).update(status=MessageStatus.RESOLVED)
    # When the day is reconciled, Then neither is reported: nothing was applied there
    client = Client(clean_standin.url, timeout=2)
    differences = reconcile.compare(day=datetime.date.fromisoformat(day), client=client)
    client.close()
    assert differences == []
    assert OutboxMessage.objects.get(pk=refused.pk).status == MessageStatus.FAILED_PERMANENTLY
