"""``registration.inserts.insert`` writes the row ``save()`` would write (issue 17)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import signals
from django.forms.models import model_to_dict

from tuphap.civil_status.registration import inserts
from tuphap.civil_status.registration.models import PersonVersion
from tuphap.civil_status.tests import factories


def _version(registration: Any, **overrides: Any) -> PersonVersion:
    values: dict[str, Any] = {
        "person": registration.person,
        "number": 7,
        "data": {"given_name": "An", "born": "2026-11-01", "nested": [1, None, "ă"]},
        "registration": registration,
        "reason": "Kiểm thử",
        "actor": registration.created_by,
    }
    values.update(overrides)
    return PersonVersion(**values)


def test_insert_writes_the_row_save_writes(world: Any) -> None:
    registration = factories.birth(world.users["civil_status_officer"], world.vinh)
    saved = _version(registration)
    saved.save()

    inserted = inserts.insert(_version(registration, number=8))

    assert inserted.pk is not None
    assert inserted.pk != saved.pk
    assert not inserted._state.adding
    fresh = PersonVersion.objects.get(pk=inserted.pk)
    expected = model_to_dict(PersonVersion.objects.get(pk=saved.pk))
    assert {**model_to_dict(fresh), "id": None, "number": 7} == {**expected, "id": None}
    # auto_now_add set on the instance as save() sets it, and stored
    assert isinstance(inserted.created_at, datetime.datetime)
    assert fresh.created_at == inserted.created_at


def test_insert_goes_through_save_when_a_receiver_listens(world: Any) -> None:
    registration = factories.birth(world.users["civil_status_officer"], world.vinh)
    seen: list[Any] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append((instance, kwargs["created"]))

    signals.post_save.connect(receiver, sender=PersonVersion)
    try:
        version = inserts.insert(_version(registration))
    finally:
        signals.post_save.disconnect(receiver, sender=PersonVersion)

    assert seen == [(version, True)]
    assert PersonVersion.objects.filter(pk=version.pk).exists()
