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
    row = manager.filter(**key)
    # The UPDATE takes the row lock (held until the caller commits) and bumps the number in one
    # round trip; it changes nothing only when the counter does not exist yet.
    if not row.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                manager.create(**key)
        except IntegrityError:
            pass  # another transaction created the row first (and has committed): use theirs
        row.update(last_number=F("last_number") + 1)
    number: int = row.values_list("last_number", flat=True).get()
    return number
