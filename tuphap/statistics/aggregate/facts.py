"""Form values as facts of the rollup store (ADR 0015).

Every data element of every data set is an indicator: ``form.<data set>.<element>`` (its
total) and, when it is broken down, ``form.<data set>.<element>.<option>``. They are not in
code: a provider hands them to the indicator registry from the database, so an element added
in the admin is on the report page without a deploy. Their source reads the values of the
reports that are **approved or accepted**; a value lies on the month its period closes (an
opening stock on the month it opens), at the report's place and agency (no place: central
level). When a report is approved, accepted or unlocked its rows are rewritten at once
(``write_report``); the hourly refresh recomputes the same rows from the same source.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import DatabaseError
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from tuphap.places.models import Level
from tuphap.statistics import rollups
from tuphap.statistics.aggregate.models import (
    FACT_STATUSES,
    AggregateValue,
    CategoryOption,
    DataElement,
    DataSet,
    ElementTime,
    FormReport,
    RuleKind,
    ValidationRule,
)
from tuphap.statistics.aggregate.rules import RuleSyntaxError, parse
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.models import Rollup, RollupCoverage

PREFIX = "form"
CACHE_SECONDS = 60.0

_TIME = {
    ElementTime.FLOW: TimeBehaviour.FLOW,
    ElementTime.STOCK: TimeBehaviour.STOCK_END,
    ElementTime.OPENING: TimeBehaviour.STOCK_START,
}


def code_of(data_set: str, element: str, option: str | None = None) -> str:
    return f"{PREFIX}.{data_set}.{element}" + (f".{option}" if option else "")


def _month_of(report_start: datetime.date, report_end: datetime.date, time_: str) -> datetime.date:
    return (report_start if time_ == ElementTime.OPENING else report_end).replace(day=1)


def _source(data_set: str, element: str, option: str | None):  # type: ignore[no-untyped-def]
    def rows(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        values = AggregateValue.objects.filter(
            report__data_set__code=data_set,
            element__code=element,
            report__status__in=FACT_STATUSES,
        )
        if option is not None:
            values = values.filter(option__code=option)
        grouped = (
            values.values_list(
                "report__period_start",
                "report__period_end",
                "element__time",
                "report__place_id",
                "report__agency_id",
            )
            .annotate(total=Sum("value"))
            .order_by()
        )
        for first, last, time_, place_id, agency_id, total in grouped:
            month = _month_of(first, last, time_)
            if start <= month <= end:
                yield month, place_id, agency_id, int(total)

    return rows


def _indicators() -> tuple[list[Indicator], list[Identity]]:
    elements = list(
        DataElement.objects.filter(data_set__active=True)
        .select_related("data_set")
        .order_by("data_set__code", "order", "id")
    )
    options: dict[int, list[CategoryOption]] = defaultdict(list)
    for option in CategoryOption.objects.order_by("order", "id"):
        options[option.combo_id].append(option)
    found = []
    for element in elements:
        ds = element.data_set.code
        common = {
            "unit": Unit.COUNT,
            "aggregation": Aggregation.SUM,
            "time": _TIME[ElementTime(element.time)],
            "description": f"{element.data_set.name} ({element.data_set.form_number or ds})",
        }
        name_en = element.name_en or element.name
        found.append(
            Indicator(
                code=code_of(ds, element.code),
                name_vi=element.name,
                name_en=name_en,
                source=_source(ds, element.code, None),
                **common,  # type: ignore[arg-type]
            )
        )
        for option in options.get(element.combo_id or 0, []):
            found.append(
                Indicator(
                    code=code_of(ds, element.code, option.code),
                    name_vi=f"{element.name} – {option.name}",
                    name_en=f"{name_en} – {option.name}",
                    source=_source(ds, element.code, option.code),
                    **common,  # type: ignore[arg-type]
                )
            )
    identities = []
    for rule in ValidationRule.objects.filter(
        kind=RuleKind.EQUAL, data_set__active=True
    ).select_related("data_set"):
        try:
            left, right = parse(rule.left), parse(rule.right)
        except RuleSyntaxError:
            continue
        # ``a + b = c + d`` is the identity ``a = c + d - b`` (the registry's identities have
        # one term on the left).
        positive = [term for term in left if term[0] > 0]
        if not positive:
            continue
        first = positive[0]
        others = [term for term in left if term is not first]
        ds = rule.data_set.code
        terms = [*right, *((-sign, element, option) for sign, element, option in others)]
        identities.append(
            Identity(
                code=f"{PREFIX}.{ds}.{rule.code}",
                left=code_of(ds, first[1], first[2]),
                right=tuple(
                    ("-" if sign < 0 else "") + code_of(ds, element, option)
                    for sign, element, option in terms
                ),
                description=rule.message,
            )
        )
    return found, identities


def _fingerprint() -> tuple[Any, ...]:
    """What changes when a form, element, option or rule is added or removed (or a test's
    transaction rolls back): three indexed aggregates."""
    parts: list[Any] = []
    for model in (DataElement, CategoryOption, ValidationRule):
        found = model.objects.aggregate(count=Count("id"), last=Max("id"))
        parts += [found["count"], found["last"]]
    parts.append(tuple(DataSet.objects.filter(active=True).values_list("id", flat=True)))
    return tuple(parts)


class _Provider:
    """The registry's view of the form indicators. Kept while the forms' fingerprint stays the
    same and for at most a minute (an element renamed in another process), dropped at once
    when the admin changes a form in this process."""

    prefix = PREFIX

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[list[Indicator], list[Identity]] | None = None
        self._key: tuple[Any, ...] | None = None
        self._at = 0.0

    def invalidate(self) -> None:
        with self._lock:
            self._cached = None

    def _get(self) -> tuple[list[Indicator], list[Identity]]:
        with self._lock:
            try:
                key = _fingerprint()
                if (
                    self._cached is None
                    or key != self._key
                    or time.monotonic() - self._at > CACHE_SECONDS
                ):
                    self._cached, self._key = _indicators(), key
                    self._at = time.monotonic()
            except DatabaseError:  # tables not migrated yet
                return [], []
            return self._cached

    def indicators(self) -> list[Indicator]:
        return self._get()[0]

    def identities(self) -> list[Identity]:
        return self._get()[1]


provider = _Provider()


# -- writing one report's facts -----------------------------------------------------------------


def _province_of(report: FormReport) -> int | None:
    place = report.place
    if place is None:
        return None
    return (
        place.pk
        if place.level == Level.PROVINCE or place.province_id is None
        else place.province_id
    )


def write_report(report: FormReport) -> int:
    """Rewrite the report's rollup rows (none unless approved or accepted), in the caller's
    transaction; returns the rows written."""
    elements = list(DataElement.objects.filter(data_set_id=report.data_set_id))
    options: dict[int, list[CategoryOption]] = defaultdict(list)
    for option in CategoryOption.objects.filter(
        combo_id__in={element.combo_id for element in elements if element.combo_id}
    ):
        options[option.combo_id].append(option)
    ds = report.data_set.code
    codes = []
    months: dict[str, datetime.date] = {}
    for element in elements:
        month = _month_of(report.period_start, report.period_end, element.time)
        for code in [code_of(ds, element.code)] + [
            code_of(ds, element.code, option.code)
            for option in options.get(element.combo_id or 0, [])
        ]:
            codes.append(code)
            months[code] = month
    place_filter: dict[str, Any] = (
        {"place__isnull": True} if report.place_id is None else {"place_id": report.place_id}
    )
    mine = Rollup.objects.filter(
        indicator__in=codes,
        month__in=set(months.values()),
        agency_id=report.agency_id,
        **place_filter,
    )
    before = set(mine.values_list("indicator", flat=True))
    mine.delete()
    rows: list[rollups.RollupRow] = []
    now = timezone.now()
    if report.status in FACT_STATUSES:
        totals: dict[str, int] = defaultdict(int)
        for element_code, option_code, value in AggregateValue.objects.filter(
            report=report
        ).values_list("element__code", "option__code", "value"):
            totals[code_of(ds, element_code)] += value
            if option_code:
                totals[code_of(ds, element_code, option_code)] += value
        province = _province_of(report)
        rows = [
            (code, months[code], report.place_id, province, report.agency_id, value, now)
            for code, value in sorted(totals.items())
        ]
        rollups.write_rows(rows)
    # the province totals of every pair this report's rows left or entered (ADR 0020)
    rollups.summarise((code, months[code]) for code in codes)
    _cover(codes, months, before, {row[0] for row in rows}, now)
    return len(rows)


def _cover(
    codes: Iterable[str],
    months: dict[str, datetime.date],
    before: set[str],
    after: set[str],
    now: datetime.datetime,
) -> None:
    """Mark the months computed (a report reads "nothing" as 0, not as "not computed") and
    keep their row counts: this report had a row of ``before`` and now has one of ``after``."""
    wanted = {(code, months[code]) for code in codes}
    existing = set(
        RollupCoverage.objects.filter(
            indicator__in={code for code, _ in wanted}, month__in={month for _, month in wanted}
        ).values_list("indicator", "month")
    )
    RollupCoverage.objects.bulk_create(
        [
            RollupCoverage(indicator=code, month=month, rows=int(code in after), computed_at=now)
            for code, month in sorted(wanted - existing)
        ]
    )
    for delta, changed in ((1, after - before), (-1, before - after)):
        keys = [(code, months[code]) for code in changed if (code, months[code]) in existing]
        for month in {month for _, month in keys}:
            RollupCoverage.objects.filter(
                indicator__in=[code for code, m in keys if m == month], month=month
            ).update(rows=F("rows") + delta, computed_at=now)
