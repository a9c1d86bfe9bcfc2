"""Remote areas as a recorded property of the place (``places.RemoteAreaListing``: the decision
that lists a commune and the days it applies), read as at the complaint's receipt: a listed
commune gets 45/60 days at first instance and 60/70 at second instance, and 45 days for the
second complaint; the setting OVERSIGHT_REMOTE_UNIT_CODES stays as a fallback."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, override_settings

from tuphap.accounts.models import User
from tuphap.core.models import AuditEvent
from tuphap.oversight.complaints import services
from tuphap.oversight.tests.complaints_support import D, move, open_complaint
from tuphap.places import services as place_services
from tuphap.places.models import RemoteAreaListing

pytestmark = pytest.mark.django_db

DECISION = "861/QĐ-TTg"


def _list(world: Any, actor: Any, **changes: Any) -> RemoteAreaListing:
    values: dict[str, Any] = {
        "unit": world.vinh,
        "decision": DECISION,
        "decided_on": D(2026, 1, 5),
        "valid_from": D(2026, 1, 15),
    }
    values.update(changes)
    return place_services.remote_listing_save(
        actor=actor, listing=RemoteAreaListing(**values), changed=sorted(values)
    )


def _complex(officer: Any, detail: Any, on: Any) -> None:
    services.complaint_determine_complex(
        actor=officer,
        case=detail.case,
        criteria=["several_sites"],
        reasoning="Phải xác minh tại hai địa điểm.",
        on=on,
    )


def test_a_listed_commune_gets_the_remote_limits_at_both_instances(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    _list(world, officer)
    detail = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 6))
    assert detail.remote
    received = AuditEvent.objects.get(action="oversight.complaint.received")
    assert (received.data["remote"], received.data["remote_basis"]) == (True, DECISION)
    move(time_machine, D(2026, 7, 7))
    detail = services.complaint_accept(actor=officer, case=detail.case)
    # remote: 45 days from Tue 7 Jul 2026 → Fri 21 Aug
    assert detail.first_due_on == D(2026, 8, 21)
    move(time_machine, D(2026, 7, 10))
    _complex(officer, detail, D(2026, 7, 10))
    detail.refresh_from_db()
    # remote and complex: 60 days from the acceptance → Sat 5 Sep → Mon 7 Sep 2026
    assert detail.first_due_on == D(2026, 9, 7)
    move(time_machine, D(2026, 8, 3))
    detail = services.complaint_decide(
        actor=officer, case=detail.case, number="15/QĐ-UBND", outcome="wrong"
    )
    # the second complaint within 45 days of Mon 3 Aug → Thu 17 Sep
    assert detail.window_ends_on == D(2026, 9, 17)
    move(time_machine, D(2026, 8, 10))
    services.complaint_second(actor=officer, case=detail.case)
    move(time_machine, D(2026, 8, 12))
    detail = services.complaint_accept(actor=officer, case=detail.case)
    # second instance, remote: 60 days from Wed 12 Aug → Sun 11 Oct → Mon 12 Oct 2026
    assert detail.second_due_on == D(2026, 10, 12)
    move(time_machine, D(2026, 8, 14))
    _complex(officer, detail, D(2026, 8, 14))
    detail.refresh_from_db()
    # remote and complex: 70 days from 12 Aug → Wed 21 Oct 2026
    assert detail.second_due_on == D(2026, 10, 21)


@pytest.mark.parametrize(
    ("received", "accepted", "remote", "due"),
    [
        # before the listing applies: 30 days from the acceptance (Wed 14 Jan) → Fri 13 Feb
        (D(2026, 1, 12), D(2026, 1, 14), False, D(2026, 2, 13)),
        # on its first day: 45 days from Fri 16 Jan → Mon 2 Mar 2026
        (D(2026, 1, 15), D(2026, 1, 16), True, D(2026, 3, 2)),
        # after a later list dropped it (applies until 30 Jun 2026): 30 days again, from
        # Thu 2 Jul 2026 → Sat 1 Aug → Mon 3 Aug
        (D(2026, 7, 1), D(2026, 7, 2), False, D(2026, 8, 3)),
    ],
)
def test_the_listing_is_read_as_at_the_day_of_receipt(
    world: Any,
    inspectorates: Any,
    time_machine: Any,
    received: Any,
    accepted: Any,
    remote: bool,
    due: Any,
) -> None:
    officer = inspectorates.inspector
    _list(world, officer, valid_to=D(2026, 6, 30))
    known = received - datetime.timedelta(days=5)
    detail = open_complaint(officer, world.vinh, time_machine, received_on=received, known_on=known)
    assert detail.remote is remote
    move(time_machine, accepted)
    detail = services.complaint_accept(actor=officer, case=detail.case)
    assert detail.first_due_on == due


def test_the_setting_is_kept_as_a_fallback(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    with override_settings(OVERSIGHT_REMOTE_UNIT_CODES=["16681"]):
        detail = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 6))
    assert detail.remote
    received = AuditEvent.objects.get(action="oversight.complaint.received")
    assert received.data["remote_basis"] == "setting"
    plain = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 6))
    assert not plain.remote


def test_listings_are_audited_and_editable_in_the_admin(
    world: Any, inspectorates: Any, client: Client
) -> None:
    assert admin.site.is_registered(RemoteAreaListing)
    client.force_login(User.objects.create(username="root", is_staff=True, is_superuser=True))
    added = client.post(
        "/admin/places/remotearealisting/add/",
        {
            "unit": world.vinh.pk,
            "decision": DECISION,
            "decided_on": "2026-01-05",
            "valid_from": "2026-01-15",
            "valid_to": "",
            "note": "",
        },
    )
    assert added.status_code == 302
    refused = client.post(
        "/admin/places/remotearealisting/add/",
        {
            "unit": world.vinh.pk,
            "decision": "x",
            "valid_from": "2026-01-15",
            "valid_to": "2025-01-01",
        },
    )
    assert refused.status_code == 200  # the interval is checked: the form is shown again
    listing = RemoteAreaListing.objects.get()
    assert listing.applies_on(D(2026, 7, 6))
    assert not listing.applies_on(D(2026, 1, 14))
    event = AuditEvent.objects.get(action="places.remote_listing.created")
    assert event.actor_username == "root"
    assert event.data["decision"] == DECISION
    assert event.data["valid_from"] == "2026-01-15"
    place_services.remote_listing_delete(actor=inspectorates.inspector, listing=listing)
    assert AuditEvent.objects.filter(action="places.remote_listing.deleted").count() == 1
    assert RemoteAreaListing.objects.count() == 0
