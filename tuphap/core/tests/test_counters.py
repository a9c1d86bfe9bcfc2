from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tuphap.civil_status.registration.models import RegisterCounter
from tuphap.core import counters


def test_numbers_start_at_one_run_on_and_are_kept_per_key(world: Any) -> None:
    with transaction.atomic():
        first = [
            counters.next_number(RegisterCounter, commune=world.vinh, event_type="birth", year=2026)
            for _ in range(3)
        ]
        other_year = counters.next_number(
            RegisterCounter, commune=world.vinh, event_type="birth", year=2027
        )
        by_id = counters.next_number(
            RegisterCounter, commune_id=world.vinh.pk, event_type="birth", year=2026
        )

    assert (first, other_year, by_id) == ([1, 2, 3], 1, 4)
    assert RegisterCounter.objects.get(commune=world.vinh, year=2026).last_number == 4


def test_an_existing_counter_is_bumped_in_one_statement(world: Any) -> None:
    RegisterCounter.objects.create(commune=world.vinh, event_type="death", year=2026, last_number=7)

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        number = counters.next_number(
            RegisterCounter, commune=world.vinh, event_type="death", year=2026
        )

    assert number == 8
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("UPDATE")
    assert "RETURNING" in queries[0]["sql"]


class Refused(Exception):
    pass


def _take_and_fail(commune: Any) -> None:
    with transaction.atomic():
        counters.next_number(RegisterCounter, commune=commune, event_type="birth", year=2026)
        raise Refused


def test_a_rollback_gives_the_number_back(world: Any) -> None:
    with pytest.raises(Refused):
        _take_and_fail(world.vinh)

    with transaction.atomic():
        number = counters.next_number(
            RegisterCounter, commune=world.vinh, event_type="birth", year=2026
        )

    assert number == 1
