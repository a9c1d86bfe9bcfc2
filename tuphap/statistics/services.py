"""Writing statistics: the rollup refresh from the registers, synthetic rows for demos and
benchmarks, and issuing reports as immutable versions. Each indicator is refreshed in its own
transaction with its own audit row; a report is issued only when it balances."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.periods import add_months, month_end, months_between
from tuphap.core.text import fold
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level
from tuphap.statistics import permissions, reports, rollups, scope, selectors
from tuphap.statistics.indicators import Indicator, TimeBehaviour, Unit
from tuphap.statistics.models import STAGE_ORDER, ReportStage, ReportVersion, RollupMark
from tuphap.statistics.registry import registry


@dataclass(frozen=True)
class RefreshResult:
    indicator: str
    first_month: datetime.date
    last_month: datetime.date
    deleted: int
    written: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "from": f"{self.first_month:%Y-%m}",
            "to": f"{self.last_month:%Y-%m}",
            "deleted": self.deleted,
            "written": self.written,
        }


def parse_month(text: str, *, field: str) -> datetime.date:
    """``YYYY-MM`` → the first day of that month."""
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m").date()  # noqa: DTZ007  (a date)
    except (ValueError, AttributeError):
        message = f"{text!r} is not a month; write YYYY-MM, e.g. 2023-11."
        raise ValidationFailed(message, fields={field: message}) from None


def default_months(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The months a refresh without bounds recomputes: the last twelve and the current one."""
    current = (today or timezone.localdate()).replace(day=1)
    return add_months(current, -12), current


def _stored(codes: Sequence[str] | None) -> list[Indicator]:
    indicators = [registry.get(code) for code in codes] if codes else registry.stored()
    computed = [indicator.code for indicator in indicators if not indicator.is_stored]
    if computed:
        message = (
            f"Ratio and derived indicators are computed in reports, not stored: "
            f"{', '.join(computed)}."
        )
        raise ValidationFailed(message, fields={"indicators": message})
    return indicators


def _check_months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    if last < first:
        message = "The last month is before the first."
        raise ValidationFailed(message, fields={"to": message})
    return months_between(first, last)


def rollup_refresh(
    *,
    actor: Any,
    indicators: Sequence[str] | None = None,
    first_month: datetime.date,
    last_month: datetime.date,
) -> list[RefreshResult]:
    """Recompute the rollups of ``indicators`` (all stored ones when empty) for the months from
    ``first_month`` to ``last_month``: idempotent, one transaction per indicator.

    A month-end stock is also recomputed for the month before ``first_month``: it is the
    opening stock of the first month, which derived figures read (ADR 0020)."""
    months = _check_months(first_month.replace(day=1), last_month.replace(day=1))
    with_opening = [add_months(months[0], -1), *months]
    with scope.refresh_scope():  # the registers' passes, shared by their indicators
        return [
            _refresh_one(
                actor=actor,
                indicator=indicator,
                months=with_opening if indicator.time is TimeBehaviour.STOCK_END else months,
            )
            for indicator in _stored(indicators)
        ]


def _provinces(place_ids: set[int]) -> dict[int, int]:
    provinces = {}
    for pk, province_id, level in AdministrativeUnit.objects.filter(id__in=place_ids).values_list(
        "id", "province_id", "level"
    ):
        provinces[pk] = pk if level == Level.PROVINCE or province_id is None else province_id
    unknown = place_ids - provinces.keys()
    if unknown:
        raise ValueError(f"Unknown place ids {sorted(unknown)[:5]}.")
    return provinces


def _rollup_rows(
    code: str,
    values: dict[tuple[datetime.date, int | None, int | None], int],
    now: datetime.datetime,
) -> list[rollups.RollupRow]:
    """The rollup rows of ``values`` ((month, place, agency) → value), each with its place's
    province, in (month, place, agency) order. A row without a place is central level: it has
    no province either (ADR 0010)."""
    provinces = _provinces({place_id for _, place_id, _ in values if place_id is not None})
    return [
        (
            code,
            month,
            place_id,
            None if place_id is None else provinces[place_id],
            agency_id,
            value,
            now,
        )
        for (month, place_id, agency_id), value in sorted(
            values.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2] or 0)
        )
    ]


@transaction.atomic
def _refresh_one(*, actor: Any, indicator: Indicator, months: list[datetime.date]) -> RefreshResult:
    start, end = months[0], month_end(months[-1])
    wanted = set(months)
    values: dict[tuple[datetime.date, int | None, int | None], int] = defaultdict(int)
    for month, place_id, agency_id, value in indicator.rows(start, end):
        if month not in wanted:
            raise ValueError(
                f"{indicator.code}: the source returned {month}, not the first day of a month "
                f"from {start} to {end}."
            )
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{indicator.code}: values are integers, got {value!r}.")
        # Several rows for one cell are added up: a source may return one row per record type.
        values[(month, place_id, agency_id)] += value
    now = timezone.now()
    rows = _rollup_rows(indicator.code, values, now)
    deleted = rollups.delete_months(indicator.code, months)
    written = rollups.write_rows(rows)
    counts = dict.fromkeys(months, 0)
    for month, _place, _agency in values:
        counts[month] += 1
    rollups.mark_covered(indicator.code, counts, now)
    result = RefreshResult(indicator.code, months[0], months[-1], deleted, written)
    audit.record(actor=actor, action="statistics.rollups.refreshed", data=result.as_dict())
    return result


# -- incremental refresh (ADR 0021) ------------------------------------------------------------

DRAIN_BATCH = 500  # marks handled by one drain (one transaction)


def mark_changed(
    prefix: str,
    *,
    place_id: int | None,
    agency_id: int | None,
    from_month: datetime.date,
) -> None:
    """Record, in the caller's transaction, that the register behind the indicators ``prefix``
    (a code, or the start of codes before a dot: ``"thads"``) changed the (place, agency) cell
    from ``from_month`` on. The incremental job recomputes those months of that cell; stocks
    after the month change too, so a mark always runs to the current month."""
    RollupMark.objects.create(
        prefix=prefix, place_id=place_id, agency_id=agency_id, from_month=from_month.replace(day=1)
    )


@dataclass(frozen=True)
class DrainResult:
    marks: int
    cells: int
    indicators: int
    fallback: int
    deleted: int
    written: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "marks": self.marks,
            "cells": self.cells,
            "indicators": self.indicators,
            "fallback": self.fallback,
            "deleted": self.deleted,
            "written": self.written,
        }


def _matches(prefix: str, code: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


def rollup_drain(
    *, actor: Any = None, limit: int = DRAIN_BATCH, today: datetime.date | None = None
) -> DrainResult:
    """Handle the oldest ``limit`` marks in one transaction: for each stored indicator a mark
    names, recompute the marked cells from their month to the current one through the
    indicator's ``cell_source`` and replace exactly those rows (``rollups.replace_cells``);
    an indicator without one is refreshed whole for the marked months. The marks handled are
    deleted by id, so one written meanwhile survives for the next run. One audit row."""
    with scope.refresh_scope():  # the registers' passes, shared by their indicators
        return _drain(actor=actor, limit=limit, today=today)


@transaction.atomic
def _drain(*, actor: Any, limit: int, today: datetime.date | None) -> DrainResult:
    marks = list(RollupMark.objects.order_by("id")[:limit])
    if not marks:
        return DrainResult(0, 0, 0, 0, 0, 0)
    current = (today or timezone.localdate()).replace(day=1)
    deleted = written = fallback = touched = 0
    all_cells: set[tuple[str, int | None, int | None]] = set()
    for indicator in registry.stored():
        cells: rollups.Cells = {}
        for mark in marks:
            if _matches(mark.prefix, indicator.code):
                key = (mark.place_id, mark.agency_id)
                first = min(mark.from_month, current)
                cells[key] = min(cells.get(key, first), first)
                all_cells.add((mark.prefix, *key))
        if not cells:
            continue
        touched += 1
        first = min(cells.values())
        if indicator.cell_source is None:
            refreshed = _refresh_one(
                actor=actor, indicator=indicator, months=months_between(first, current)
            )
            fallback += 1
            deleted += refreshed.deleted
            written += refreshed.written
            continue
        values: dict[tuple[datetime.date, int | None, int | None], int] = defaultdict(int)
        for month, place_id, agency_id, value in indicator.cell_source(
            first, month_end(current), frozenset(cells)
        ):
            since = cells.get((place_id, agency_id))
            if since is None or month < since or month > current:
                continue  # a month the mark does not reach is left as it is
            values[(month, place_id, agency_id)] += value
        nonzero = {cell: value for cell, value in values.items() if value}
        rows = _rollup_rows(indicator.code, nonzero, timezone.now())
        removed, added = rollups.replace_cells(indicator.code, cells, current, rows)
        deleted += removed
        written += added
    RollupMark.objects.filter(id__in=[mark.id for mark in marks]).delete()
    result = DrainResult(len(marks), len(all_cells), touched, fallback, deleted, written)
    audit.record(actor=actor, action="statistics.rollups.drained", data=result.as_dict())
    return result


# -- synthetic rows -----------------------------------------------------------------------------

SYNTHETIC_PREFIX = "SYN"
SYNTHETIC_PROVINCES = 34


@dataclass(frozen=True)
class GenerateResult:
    indicators: tuple[str, ...]
    places: int
    created_places: int
    first_month: datetime.date
    last_month: datetime.date
    written: int


def _synthetic_places(count: int) -> tuple[list[tuple[int, int]], int]:
    """``count`` communes as (place id, province id): the loaded communes of the new
    boundaries first, topped up with synthetic ones (codes ``SYN…``) when there are too few."""
    real = list(
        AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
        .exclude(code__startswith=SYNTHETIC_PREFIX)
        .order_by("id")
        .values_list("id", "province_id")[:count]
    )
    missing = count - len(real)
    if missing <= 0:
        return [(pk, province or pk) for pk, province in real], 0
    created = 0
    provinces = []
    for number in range(1, SYNTHETIC_PROVINCES + 1):
        code = f"{SYNTHETIC_PREFIX}{number:02d}"
        name = f"Tỉnh mẫu {number:02d}"
        province, made = AdministrativeUnit.objects.get_or_create(
            code=code,
            level=Level.PROVINCE,
            valid_from=REORGANISATION_DATE,
            defaults={"name": name, "name_folded": fold(name), "unit_type": "Tỉnh"},
        )
        if made:
            province.province = province
            province.save(update_fields=["province"])
            created += 1
        provinces.append(province)
    existing = dict(
        AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, code__startswith=SYNTHETIC_PREFIX
        ).values_list("code", "id")
    )
    new_units = []
    codes = [f"{SYNTHETIC_PREFIX}{number:05d}" for number in range(1, missing + 1)]
    for number, code in enumerate(codes):
        if code not in existing:
            province = provinces[number % SYNTHETIC_PROVINCES]
            name = f"Xã mẫu {number + 1:05d}"
            new_units.append(
                AdministrativeUnit(
                    code=code,
                    name=name,
                    name_folded=fold(name),
                    level=Level.COMMUNE,
                    unit_type="Xã",
                    parent=province,
                    province=province,
                    valid_from=REORGANISATION_DATE,
                )
            )
    AdministrativeUnit.objects.bulk_create(new_units, batch_size=1000)
    created += len(new_units)
    synthetic = AdministrativeUnit.objects.filter(code__in=codes, level=Level.COMMUNE)
    rows = synthetic.order_by("code").values_list("id", "province_id")
    return [(pk, province or pk) for pk, province in real] + list(rows), created


@transaction.atomic
def rollup_generate(
    *,
    actor: Any,
    indicators: Sequence[str],
    communes: int,
    years: int,
    seed: int,
    last_month: datetime.date | None = None,
) -> GenerateResult:
    """Write synthetic rollups: ``years`` × 12 months up to ``last_month`` (default: the last
    full month) for ``communes`` communes, replacing those months of those indicators.
    Unregistered codes are allowed (a benchmark or a demo may name its own)."""
    if communes < 1 or years < 1:
        message = "Give at least one commune and one year."
        raise ValidationFailed(message, fields={"communes": message})
    codes = list(dict.fromkeys(indicators))
    for code in codes:
        if code in registry and not registry.get(code).is_stored:
            message = f"{code} is computed from other indicators, not stored."
            raise ValidationFailed(message, fields={"indicators": message})
    last = (last_month or add_months(timezone.localdate().replace(day=1), -1)).replace(day=1)
    months = months_between(add_months(last, -(12 * years - 1)), last)
    places, created = _synthetic_places(communes)
    generator = random.Random(seed)  # noqa: S311  (synthetic figures, reproducible by seed)
    now = timezone.now()
    written = 0
    for code in codes:
        scale = 1_000_000 if code in registry and registry.get(code).unit is Unit.VND else 1
        bases = [generator.randint(0, 40) for _ in places]
        rows = []
        for month in months:
            for (place_id, province_id), base in zip(places, bases, strict=True):
                value = max(0, base + generator.randint(-5, 5)) * scale
                rows.append((code, month, place_id, province_id, None, value, now))
        rollups.delete_months(code, months)
        written += rollups.write_rows(rows)
        rollups.mark_covered(code, dict.fromkeys(months, len(places)), now, synthetic=True)
    result = GenerateResult(tuple(codes), len(places), created, months[0], months[-1], written)
    audit.record(
        actor=actor,
        action="statistics.rollups.generated",
        data={
            "indicators": codes,
            "places": len(places),
            "from": f"{months[0]:%Y-%m}",
            "to": f"{months[-1]:%Y-%m}",
            "rows": written,
            "seed": seed,
        },
    )
    return result


# -- issued reports ---------------------------------------------------------------------------


def report_key(query: reports.ReportQuery) -> str:
    place = f"{query.place.level}:{query.place.code}:{query.place.pk}" if query.place else "-"
    indicators = ",".join(sorted(query.indicators))
    return f"{query.period.code}|{query.level}|{query.boundaries}|{place}|{indicators}"[:255]


@transaction.atomic
def report_issue(
    *, actor: Any, query: reports.ReportQuery, stage: str, note: str = ""
) -> ReportVersion:
    """Issue the report as the actor sees it now. Refused, naming each broken identity, when it
    does not balance; refused when a later stage of the same report was already issued."""
    if not permissions.can_issue_reports(actor):
        raise AccessDenied(_("Your role may not issue reports."))
    if stage not in ReportStage.values:
        raise ValidationFailed(
            _("Unknown stage."),
            fields={
                "stage": _("Use one of: %(stages)s.") % {"stages": ", ".join(ReportStage.values)}
            },
        )
    report = selectors.report_for_user(actor, query)
    if report.failures:
        broken = [
            _("%(identity)s fails at %(place)s (%(window)s): %(left)s ≠ %(right)s")
            % {
                "identity": failure.identity,
                "place": failure.place or _("whole country"),
                "window": failure.window,
                "left": failure.left,
                "right": failure.right,
            }
            for failure in report.failures
        ]
        raise Conflict(
            _("The report does not balance and cannot be issued."),
            fields={"identities": broken},
            code="report_does_not_balance",
        )
    key = report_key(
        reports.ReportQuery(
            query.indicators, query.period, report.level, query.place, query.boundaries
        )
    )
    # Lock the report's versions so two officers issuing at once get consecutive numbers.
    earlier = list(ReportVersion.objects.select_for_update().filter(key=key).order_by("-number"))
    if earlier and STAGE_ORDER[ReportStage(stage)] < STAGE_ORDER[ReportStage(earlier[0].stage)]:
        raise Conflict(
            _("A %(later)s version was already issued; an earlier stage cannot follow it.")
            % {"later": ReportStage(earlier[0].stage).label},
            fields={
                "stage": _("Issue a %(stage)s version or a later stage.")
                % {"stage": earlier[0].stage}
            },
            code="stage_goes_back",
        )
    version = ReportVersion.objects.create(
        key=key,
        number=(earlier[0].number + 1) if earlier else 1,
        stage=stage,
        period=report.period.code,
        level=report.level,
        boundaries=report.boundaries,
        place=query.place,
        indicators=list(query.indicators),
        rows=report.rows,
        note=note,
        agency=actor.agency,
        issued_by=actor,
        issued_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="statistics.report.issued",
        obj=version,
        data={"key": key, "number": version.number, "stage": stage, "rows": len(report.rows)},
    )
    return version
