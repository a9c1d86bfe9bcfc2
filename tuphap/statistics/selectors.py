"""Reading statistics: parsing a report request and running it within the user's jurisdiction.

The command, the API and the page all go through ``report_query_parse`` and
``report_for_user``, so the same request gives the same figures everywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.core import periods
from tuphap.core.errors import AccessDenied, NotFound, ValidationFailed
from tuphap.core.periods import add_months, months_between
from tuphap.places.models import AdministrativeUnit, Boundaries, Level, UnitSuccession
from tuphap.statistics import permissions, reports
from tuphap.statistics.boundaries import UnitInfo
from tuphap.statistics.indicators import Indicator
from tuphap.statistics.models import ReportVersion, RollupCoverage
from tuphap.statistics.registry import registry


def indicator_list() -> list[Indicator]:
    return registry.all()


def _split_codes(indicators: str | Sequence[str]) -> list[str]:
    parts = indicators.split(",") if isinstance(indicators, str) else list(indicators)
    codes = [part.strip() for item in parts for part in item.split(",")]
    return list(dict.fromkeys(code for code in codes if code))


def _find_place(
    code: str | None, place_id: int | None, boundaries: str
) -> tuple[AdministrativeUnit | None, str | None]:
    """The unit named by id, or by code on the chosen boundaries; or an error message."""
    if place_id is not None:
        unit = AdministrativeUnit.objects.filter(pk=place_id).first()
        return (unit, None) if unit else (None, _("No administrative unit has this id."))
    if not code:
        return None, None
    candidates = [
        unit
        for unit in AdministrativeUnit.objects.filter(
            code=code.strip(), level__in=[Level.PROVINCE, Level.COMMUNE]
        )
        if UnitInfo.of(unit).in_boundaries(boundaries)
    ]
    if not candidates:
        return None, _("No province or commune has code %(code)s on these boundaries.") % {
            "code": code
        }
    if len(candidates) > 1:
        return None, _("Code %(code)s names several units; give the place id instead.") % {
            "code": code
        }
    return candidates[0], None


def report_query_parse(
    *,
    indicators: str | Sequence[str],
    period: str,
    level: str = reports.NATION,
    place: str | None = None,
    place_id: int | None = None,
    boundaries: str = Boundaries.NEW,
) -> reports.ReportQuery:
    """Check a report request; every problem is reported at once, by field."""
    errors: dict[str, str] = {}
    codes = _split_codes(indicators)
    unknown = [code for code in codes if code not in registry]
    if not codes:
        errors["indicators"] = _("Choose at least one indicator.")
    elif unknown:
        errors["indicators"] = _("Unknown indicator: %(codes)s.") % {"codes": ", ".join(unknown)}
    parsed: periods.Period | None = None
    try:
        parsed = periods.parse(period or "")
        parsed.months()
    except ValueError as error:
        errors["period"] = str(error)
    if level not in reports.LEVELS:
        errors["level"] = _("The level must be one of: %(levels)s.") % {
            "levels": ", ".join(reports.LEVELS)
        }
    if boundaries not in (Boundaries.NEW, Boundaries.OLD):
        errors["boundaries"] = _("The boundaries must be 'new' or 'old'.")
    unit: AdministrativeUnit | None = None
    if "boundaries" not in errors:
        unit, problem = _find_place(place, place_id, boundaries)
        if problem:
            errors["place"] = problem
    if unit is not None and "level" not in errors:
        if level == reports.NATION:
            errors["place"] = _(
                "A place restricts a province or commune report, not a national one."
            )
        elif level == reports.PROVINCE and unit.level != Level.PROVINCE:
            errors["place"] = _("A province report can only be restricted to a province.")
    if errors or parsed is None:
        names = ", ".join(sorted(errors))
        raise ValidationFailed(
            _("Invalid report request: %(fields)s.") % {"fields": names}, fields=errors
        )
    return reports.ReportQuery(tuple(codes), parsed, level, unit, boundaries)


def _related_provinces(unit: AdministrativeUnit) -> set[int]:
    """The provinces whose rollup rows can contribute to ``unit`` on either boundary set."""
    province = (
        unit.pk if unit.level == Level.PROVINCE or unit.province_id is None else unit.province_id
    )
    linked = UnitSuccession.objects.filter(
        Q(predecessor_id=province) | Q(successor_id=province)
    ).values_list("predecessor_id", "successor_id")
    return {province, *(pk for pair in linked for pk in pair)}


def _own_level(user: Any) -> str:
    """The level a non-national user's "whole country" collapses to."""
    direct = AdministrativeUnit.objects.filter(agencies=user.agency)
    return reports.PROVINCE if direct.filter(level=Level.PROVINCE).exists() else reports.COMMUNE


def report_for_user(user: Any, query: reports.ReportQuery) -> reports.Report:
    """Run the report over what the user may see. A national user sees everything; any other
    user sees only the places in their jurisdiction: a national report becomes a report on
    their own province (or communes), and naming a place outside it is refused."""
    if not permissions.can_view_reports(user):
        raise AccessDenied(_("Only users of an agency may read statistics."))
    scope = Q()
    units = jurisdiction.covered_units(user)
    if units is not None:
        if query.place is not None and not jurisdiction.covers(user, query.place):
            message = _("This place lies outside your jurisdiction.")
            raise AccessDenied(message, fields={"place": message})
        if query.level == reports.NATION:
            query = reports.ReportQuery(
                query.indicators, query.period, _own_level(user), None, query.boundaries
            )
        scope &= Q(place__in=units.values("id"))
    return _build(query, scope)


def report_national(query: reports.ReportQuery) -> reports.Report:
    """The report with national access (management commands, scheduled exports)."""
    return _build(query, Q())


def _build(query: reports.ReportQuery, scope: Q) -> reports.Report:
    if query.place is not None:
        scope &= Q(province__in=_related_provinces(query.place))
    return reports.build(registry, query, scope)


def report_version_list_for_user(user: Any) -> QuerySet[ReportVersion]:
    """Issued reports the user may read: those of places in their jurisdiction, or issued by
    their own agency; everything for national users."""
    if not permissions.can_view_reports(user):
        raise AccessDenied(_("Only users of an agency may read statistics."))
    versions = ReportVersion.objects.select_related("issued_by", "agency", "place")
    units = jurisdiction.covered_units(user)
    if units is None:
        return versions
    return versions.filter(Q(place__in=units.values("id")) | Q(agency=user.agency))


def report_version_get_for_user(user: Any, version_id: int) -> ReportVersion:
    version = report_version_list_for_user(user).filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("No issued report with this number is visible to you."))
    return version


@dataclass(frozen=True)
class IndicatorFreshness:
    code: str
    name: str
    months: int  # months of the window computed
    oldest: datetime.datetime | None  # the stalest month's computation


@dataclass(frozen=True)
class RollupFreshness:
    """How fresh the rollups are over the window the refresh job recomputes (the last twelve
    months and the current one): for the operators' status page, no figures, no places."""

    first_month: datetime.date
    last_month: datetime.date
    indicators: int
    months_expected: int
    months_computed: int
    oldest: datetime.datetime | None
    newest: datetime.datetime | None
    stalest: list[IndicatorFreshness]


def rollup_freshness(today: datetime.date | None = None, *, limit: int = 10) -> RollupFreshness:
    # The refresh job's window (``services.default_months``, which imports this module).
    last = (today or timezone.localdate()).replace(day=1)
    first = add_months(last, -12)
    window = len(months_between(first, last))
    stored = {indicator.code: indicator for indicator in registry.stored()}
    coverage = (
        RollupCoverage.objects.filter(month__gte=first, month__lte=last, indicator__in=stored)
        .values("indicator")
        .annotate(months=Count("id"), oldest=Min("computed_at"), newest=Max("computed_at"))
    )
    by_code = {row["indicator"]: row for row in coverage}
    english = translation.get_language() == "en"
    rows = [
        IndicatorFreshness(
            code,
            indicator.name_en if english else indicator.name_vi,
            by_code.get(code, {}).get("months", 0),
            by_code.get(code, {}).get("oldest"),
        )
        for code, indicator in stored.items()
    ]
    # Never computed first, then the longest ago.
    never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    rows.sort(key=lambda row: (row.months == window, row.oldest or never, row.code))
    oldest = [row["oldest"] for row in by_code.values()]
    newest = [row["newest"] for row in by_code.values()]
    return RollupFreshness(
        first,
        last,
        len(stored),
        len(stored) * window,
        sum(row.months for row in rows),
        min(oldest) if oldest else None,
        max(newest) if newest else None,
        rows[:limit],
    )
