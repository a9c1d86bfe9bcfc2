"""Gapless numbers (case numbers, register entry numbers) from a locked counter row.

A counter model has the fields of its key and ``last_number``. ``next_number`` must run inside
the caller's transaction: the row stays locked until it commits, so two writers never take the
same number, and a rollback gives the number back. Never ``max() + 1``.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F


def next_number(model: type[models.Model], **key: Any) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the caller's transaction.")
    manager = model._default_manager
    locked = manager.select_for_update().filter(**key)
    if not locked.exists():
        try:
            with transaction.atomic():
                manager.create(**key)
        except IntegrityError:
            pass  # another transaction created the row first: lock theirs
    locked.values_list("pk", flat=True).get()  # takes the row lock
    locked.update(last_number=F("last_number") + 1)
    number: int = locked.values_list("last_number", flat=True).get()
    return number
