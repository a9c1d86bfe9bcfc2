"""Validity intervals: the rows that were in force on a day. ``valid_from`` and ``valid_to``
are inclusive dates; an empty bound is open."""

from __future__ import annotations

import datetime

from django.db.models import Q


def valid_on(day: datetime.date) -> Q:
    return Q(Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & Q(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
