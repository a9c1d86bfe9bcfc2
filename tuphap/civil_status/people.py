"""The civil status register's items on a person for the person page (ADR 0019, added in
``apps.ready``): the entries naming the PIN (as the person or the other party of a marriage),
registered where the reader's jurisdiction reaches."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.civil_status.registration import permissions, selectors
from tuphap.civil_status.registration.models import Registration
from tuphap.core.people import Fact


def may_read(user: Any) -> bool:
    return permissions.can_view_register(user)


def facts(pin: str, user: Any) -> list[Fact]:
    entries = (
        selectors.registration_list_for_user(user)
        .filter(Q(person__pin=pin) | Q(other_person__pin=pin))
        .order_by("registered_on", "id")
    )
    found = []
    for entry in entries:
        person = entry.person if entry.person.pin == pin else entry.other_person
        assert person is not None  # noqa: S101 - the filter matched one of the two
        kind = entry.get_event_type_display()
        if entry.status == Registration.Status.DELETED:
            kind = _("%(event)s (deleted by decision)") % {"event": kind}
        found.append(
            Fact(
                kind=kind,
                title=f"{entry} · {person.full_name}",
                date=entry.event_date or entry.registered_on,
                state=entry.get_status_display(),
                place=entry.commune.name,
                url=reverse("civil_status:person", kwargs={"person_id": person.pk}),
                reference=f"civil_status.registration:{entry.pk}",
            )
        )
    return found
