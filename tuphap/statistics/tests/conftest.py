"""Test-only indicators, and a helper to put rollup rows in place by hand."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.utils import timezone

from tuphap.core.periods import months_between
from tuphap.places.models import AdministrativeUnit
from tuphap.statistics import rollups
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.models import Rollup, RollupCoverage
from tuphap.statistics.registry import registry

# What the test source "register" holds: rows a test sets before refreshing.
SOURCE_ROWS: list[SourceRow] = []


def _source(start: datetime.date, end: datetime.date) -> Iterable[SourceRow]:
    return [row for row in SOURCE_ROWS if start <= row[0] <= end]


def _stored(code: str, unit: Unit = Unit.COUNT, **kwargs: Any) -> Indicator:
    return Indicator(
        code=code, name_vi=f"VI {code}", name_en=f"EN {code}", unit=unit, source=_source, **kwargs
    )


RECEIVED = _stored("test.cases.received")
DONE = _stored("test.cases.done")
CARRIED_IN = _stored("test.cases.carried_in", time=TimeBehaviour.STOCK_START)
PENDING = _stored("test.cases.pending", time=TimeBehaviour.STOCK_END)
COLLECTED = _stored("test.money.collected", Unit.VND)
NOTARIES = _stored("test.notaries", Unit.PEOPLE, aggregation=Aggregation.LATEST)
DONE_RATE = Indicator(
    code="test.cases.done_rate",
    name_vi="Tỷ lệ thi hành xong",
    name_en="Completion rate",
    unit=Unit.PERCENT,
    aggregation=Aggregation.RATIO,
    numerator="test.cases.done",
    denominator="test.cases.received",
)
TEST_INDICATORS = (RECEIVED, DONE, CARRIED_IN, PENDING, COLLECTED, NOTARIES, DONE_RATE)
BALANCE = Identity(
    "test.balance",
    "test.cases.pending",
    ("test.cases.carried_in", "test.cases.received", "-test.cases.done"),
)


@pytest.fixture
def indicators() -> Iterator[None]:
    SOURCE_ROWS.clear()
    with registry.temporary(*TEST_INDICATORS):
        yield
    SOURCE_ROWS.clear()


def month(text: str) -> datetime.date:
    year, number = text.split("-")
    return datetime.date(int(year), int(number), 1)


def put(
    code: str,
    day: str,
    place: AdministrativeUnit | None,
    value: int,
    *,
    agency_id: int | None = None,
) -> Rollup:
    """One rollup row (and its month marked computed); ``place`` None: central level."""
    first = month(day)
    now = timezone.now()
    RollupCoverage.objects.get_or_create(
        indicator=code, month=first, defaults={"rows": 1, "computed_at": now}
    )
    row = Rollup.objects.create(
        indicator=code,
        month=first,
        place=place,
        province_id=None if place is None else place.province_id or place.pk,
        agency_id=agency_id,
        value=value,
        computed_at=now,
    )
    rollups.summarise([(code, first)])  # the province totals follow (ADR 0020)
    return row


def cover(code: str, first: str, last: str) -> None:
    """Mark months computed (with nothing recorded unless rows are put)."""
    now = timezone.now()
    RollupCoverage.objects.bulk_create(
        [
            RollupCoverage(indicator=code, month=day, rows=0, computed_at=now)
            for day in months_between(month(first), month(last))
        ],
        ignore_conflicts=True,
    )


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """These tests assert the English messages; the Vietnamese ones are checked by the
    catalogue. Requests without a language preference fall back to LANGUAGE_CODE."""
    from django.urls import clear_url_caches
    from django.utils import translation

    # The URL resolver caches its language prefixes per language: clear them on the way in and
    # out so that other tests see the real default language (Vietnamese, no prefix).
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    with translation.override("en"):
        yield
    clear_url_caches()
