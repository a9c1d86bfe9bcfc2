"""The report engine: indicators × period × level × boundaries, read from the rollup table only.

Each row gives, for one indicator and one place, the figure of the period (``value``), of the
period just before (``previous``), of the same period last year (``last_year``), the change
against last year (``change``: % for counts and money, percentage points for percentages) and
the figure from the start of the term to the end of the period (``term_to_date``). The windows
and the time behaviours are defined in docs/domain/statistics.md.

Central-level rollups (no place: laws promulgated, the ministry's own work; ADR 0010) count in
the national total and, in a province or commune report, make one row of their own, "Central
level", with a null place code, listed first. A report restricted to a place has none.

Historic figures of past periods (ADR 0016) are read beside the rollups where no record of the
indicator exists for their province and period; ``historic`` lists the figures of a row that
one reached (``value``, ``previous``, ``last_year``, ``change``, ``term_to_date``).

Access is decided by the caller (``selectors.report_for_user``), which passes a ``Q`` limiting
the rollup rows to what the user may see.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from tuphap.core.periods import Period, add_months, months_between
from tuphap.places.models import AdministrativeUnit, Boundaries
from tuphap.statistics.aggregate import historic
from tuphap.statistics.boundaries import BoundaryMap, Target
from tuphap.statistics.indicators import (
    OPENING,
    Aggregation,
    Identity,
    Indicator,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.models import ProvinceRollup, Rollup, RollupCoverage
from tuphap.statistics.registry import IndicatorRegistry

NATION, PROVINCE, COMMUNE = "nation", "province", "commune"
LEVELS = (NATION, PROVINCE, COMMUNE)
WINDOWS = ("value", "previous", "last_year", "term_to_date")
ROW_KEYS = (
    "indicator",
    "unit",
    "place",
    "place_name",
    "value",
    "previous",
    "last_year",
    "change",
    "term_to_date",
    "approximate",
    "historic",
)
# The figures of a row that a historic figure reached (ADR 0016), in this order.
FIGURE_KEYS = ("value", "previous", "last_year", "change", "term_to_date")
CENT = Decimal("0.01")

Number = int | float | None
# The row of the central-level rollups in a province or commune report (ADR 0010).
CENTRAL = "central"
# A report row's target: a unit id, CENTRAL, or None for the whole country at nation level.
TargetKey = int | str | None
# (indicator code, target) → window → value
Figures = dict[tuple[str, TargetKey], dict[str, int]]


@dataclass(frozen=True)
class ReportQuery:
    indicators: tuple[str, ...]
    period: Period
    level: str = NATION
    place: AdministrativeUnit | None = None  # restrict to this unit (on the report's boundaries)
    boundaries: str = Boundaries.NEW


@dataclass(frozen=True)
class IdentityFailure:
    identity: str
    place: str | None
    window: str
    left: int
    right: int


@dataclass
class Report:
    period: Period
    level: str
    boundaries: str
    rows: list[dict[str, Any]]
    failures: list[IdentityFailure] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.code,
            "level": self.level,
            "boundaries": self.boundaries,
            "rows": self.rows,
        }


def percent(numerator: int, denominator: int) -> float | None:
    if denominator == 0:
        return None
    return float((Decimal(numerator) * 100 / Decimal(denominator)).quantize(CENT, ROUND_HALF_UP))


def change(value: Number, last_year: Number, unit: Unit) -> float | None:
    """% change against the same period last year; percentage points for percentages."""
    if value is None or last_year is None:
        return None
    if unit is Unit.PERCENT:
        return float((Decimal(str(value)) - Decimal(str(last_year))).quantize(CENT, ROUND_HALF_UP))
    if last_year == 0:
        return None
    return percent(int(value) - int(last_year), int(last_year))


@dataclass(frozen=True)
class _Windows:
    months: dict[str, list[datetime.date]]

    @classmethod
    def of(cls, period: Period) -> _Windows:
        return cls(
            {
                "value": period.months(),
                "previous": period.previous().months(),
                "last_year": period.same_period_last_year().months(),
                "term_to_date": months_between(period.term_start(), period.end),
            }
        )

    def needed(self, indicator: Indicator, window: str) -> list[datetime.date]:
        """The months whose rows make the window's figure."""
        months = self.months[window]
        if indicator.aggregation is Aggregation.LATEST or indicator.time is TimeBehaviour.FLOW:
            return months
        if indicator.time is TimeBehaviour.YEAR_TO_DATE and (
            months[0].month != indicator.year_start_month or len(months) > 12
        ):
            return []  # the window is not the start of one statistical year: no figure
        return [months[0]] if indicator.time is TimeBehaviour.STOCK_START else [months[-1]]

    @property
    def first(self) -> datetime.date:
        return min(months[0] for months in self.months.values())

    @property
    def last(self) -> datetime.date:
        return max(months[-1] for months in self.months.values())


class ReportEngine:
    def __init__(
        self,
        registry: IndicatorRegistry,
        query: ReportQuery,
        scope: Q,
        windows: _Windows | None = None,
    ) -> None:
        self.registry = registry
        self.query = query
        self.scope = scope  # limits the rollup rows (jurisdiction, place)
        self.windows = windows or _Windows.of(query.period)
        self.map = BoundaryMap(query.boundaries)
        self.approximate: set[tuple[str, TargetKey]] = set()
        # (indicator, target, window) that a historic figure reached
        self.historic: set[tuple[str, TargetKey, str]] = set()
        self._stored: list[str] = []
        self._used: Any = None
        # Whether any approved historic figure exists for the report's indicators at all;
        # when none does (most reports), their queries are not run.
        self._any_historic: bool | None = None
        self._derived: dict[tuple[str, TargetKey, str], int | None] = {}
        self._leaf_keys: dict[tuple[str, bool], list[str]] = {}

    # -- the whole report -----------------------------------------------------------------------

    def run(self) -> Report:
        requested = [self.registry.get(code) for code in self.query.indicators]
        identities = self.registry.identities_for(self.query.indicators)
        wanted = [*self.query.indicators, *(c for i in identities for c in i.codes)]
        stored = self.registry.components(dict.fromkeys(wanted))
        self._stored = [indicator.code for indicator in stored]
        self._any_historic = historic.exists(self._stored)
        figures = self._figures(stored)
        available = self._available(stored)
        openings = self.registry.openings(dict.fromkeys(wanted))
        if openings:
            self._add_openings(openings, figures, available)
        targets = self._targets(figures)
        names = self._names(targets)
        targets.sort(
            key=lambda target: (
                target != CENTRAL,
                names[target][0] or "",
                names[target][1],
                target if isinstance(target, int) else 0,
            )
        )
        rows = [
            self._row(indicator, target, figures, available, names)
            for indicator in requested
            for target in targets
        ]
        failures = [
            failure
            for identity in identities
            for target in targets
            for failure in self._check(identity, target, figures, available, names)
        ]
        return Report(self.query.period, self.query.level, self.query.boundaries, rows, failures)

    def _add_openings(
        self, openings: Sequence[Indicator], figures: Figures, available: dict[str, Any]
    ) -> None:
        """The stocks that derived indicators read at the opening of each window: the stock at
        the end of the month before the window, under the key ``code@opening`` (ADR 0020)."""
        before = _Windows(
            {window: [add_months(months[0], -1)] for window, months in self.windows.months.items()}
        )
        engine = ReportEngine(self.registry, self.query, self.scope, before)
        engine.map = self.map  # the same boundaries: units loaded once
        engine._any_historic = self._any_historic  # the openings are among the stored codes
        engine._stored = [indicator.code for indicator in openings]
        for (code, target), values in engine._figures(openings).items():
            figures[(code + OPENING, target)] = values
        for code, windows in engine._available(openings).items():
            available[code + OPENING] = windows
        self.approximate |= {(code + OPENING, target) for code, target in engine.approximate}
        self.historic |= {(code + OPENING, target, w) for code, target, w in engine.historic}

    # -- reading the rollups --------------------------------------------------------------------

    def _figures(self, stored: Sequence[Indicator]) -> Figures:
        figures: Figures = defaultdict(dict)
        groups: dict[tuple[Aggregation, TimeBehaviour, int], list[Indicator]] = defaultdict(list)
        for indicator in stored:
            time = (
                TimeBehaviour.FLOW
                if indicator.aggregation is Aggregation.LATEST
                else indicator.time
            )
            groups[(indicator.aggregation, time, indicator.year_start_month)].append(indicator)
        for (aggregation, _time, _start), indicators in groups.items():
            if aggregation is Aggregation.LATEST:
                self._latest(indicators, figures)
            else:
                self._sums(indicators, figures)
        return figures

    def _base(self, codes: Iterable[str]) -> Any:
        return Rollup.objects.filter(
            self.scope,
            indicator__in=list(codes),
            month__gte=self.windows.first,
            month__lte=self.windows.last,
        ).order_by()

    def _totals_base(self, codes: Iterable[str]) -> Any:
        """Rows to add up by (indicator, month[, province]): the province totals when the
        report is not limited to some places (ADR 0020), else the rollups themselves."""
        if self.scope:
            return self._base(codes)
        return ProvinceRollup.objects.filter(
            indicator__in=list(codes),
            month__gte=self.windows.first,
            month__lte=self.windows.last,
        ).order_by()

    def _historic(self) -> Any:
        """The historic figures used where records do not exist (ADR 0016), decided once per
        report for every stored indicator it reads."""
        if self._used is None:
            self._used = historic.effective(self._stored, self.windows.first, self.windows.last)
        return self._used

    def _historic_base(self, codes: Iterable[str]) -> Any:
        """The used historic figures of ``codes``: same columns and scope as the rollups."""
        return self._historic().filter(self.scope, indicator__in=list(codes))

    def _sources(self) -> tuple[tuple[Any, Any, bool], ...]:
        """(rows by place, rows to total by province, historic?) of each source."""
        if self._any_historic is False:
            return ((self._base, self._totals_base, False),)
        return (
            (self._base, self._totals_base, False),
            (self._historic_base, self._historic_base, True),
        )

    def _sum_query(
        self, indicators: Sequence[Indicator], key: str | None, extra: Q, base: Any = None
    ) -> Any:
        sample = indicators[0]  # a group shares its time behaviour
        aggregates = {}
        for window in WINDOWS:
            months = self.windows.needed(sample, window)
            if not months:
                continue
            aggregates[f"w_{window}"] = Sum(
                "value", filter=Q(month__gte=months[0], month__lte=months[-1])
            )
        keys = ["indicator", key] if key else ["indicator"]
        base = base or self._base
        rows = base(i.code for i in indicators).filter(extra).values(*keys)
        return rows.annotate(**aggregates)

    def _add(
        self,
        figures: Figures,
        code: str,
        target: Target | str | None,
        sums: dict[str, Any],
        historic: bool | Iterable[str] = False,
    ) -> None:
        """Add ``sums`` to the row of ``target``: a mapped unit, CENTRAL, or None (nation).
        ``historic``: the sums are historic figures (True), or the windows that are."""
        if target is None or isinstance(target, str):
            key: tuple[str, TargetKey] = (code, target)
        else:
            key = (code, target.unit_id)
        bucket = figures[key]
        for window in WINDOWS:
            value = sums.get(window)
            if value is not None:
                bucket[window] = bucket.get(window, 0) + int(value)
        marked = (
            [w for w in WINDOWS if sums.get(w) is not None] if historic is True else historic or ()
        )
        for window in marked:
            self.historic.add((*key, window))
        if isinstance(target, Target) and target.approximate:
            self.approximate.add(key)

    def _window_sums(
        self, indicators: Sequence[Indicator], key: str | None, base: Any = None
    ) -> list[tuple[str, int | None, dict[str, int]]]:
        """Totals per indicator (and ``key``) of each window, added up by the database in one
        pass with a filtered sum per window; only the windows that have rows.

        Over the province totals (ADR 0020) this returns indicators × provinces rows instead of
        indicators × months × provinces for Python to spread over the windows: measured, the
        spreading was most of a national report's time."""
        result = []
        for row in self._sum_query(indicators, key, Q(), base):
            sums = {w: v for w, v in _window_values(row).items() if v is not None}
            if sums:
                result.append((row["indicator"], row[key] if key else None, sums))
        return result

    def _sums(self, indicators: Sequence[Indicator], figures: Figures) -> None:
        for base, totals, from_history in self._sources():
            self._sums_of(indicators, figures, base, totals, from_history)

    def _sums_of(
        self,
        indicators: Sequence[Indicator],
        figures: Figures,
        base: Any,
        totals: Any,
        from_history: bool,
    ) -> None:
        level = self.query.level
        if level == NATION:
            for code, _key, sums in self._window_sums(indicators, None, totals):
                self._add(figures, code, None, sums, from_history)
            return
        if level == COMMUNE:
            rows = list(self._sum_query(indicators, "place", Q(), base))
            self.map.load(row["place"] for row in rows if row["place"] is not None)
            for row in rows:
                self._add(
                    figures,
                    row["indicator"],
                    self._target(row["place"]),
                    _window_values(row),
                    from_history,
                )
            return
        # Province level: by recorded province, then place by place for the provinces whose
        # figures go to more than one province of the chosen boundaries.
        sums_by_province = self._window_sums(indicators, "province", totals)
        provinces = {province for _, province, _ in sums_by_province if province is not None}
        self.map.load(provinces)
        ambiguous = {province for province in provinces if self.map.province_is_ambiguous(province)}
        for code, province, sums in sums_by_province:
            if province is None:  # central level: its own row, never a province's
                self._add(figures, code, CENTRAL, sums, from_history)
            elif province not in ambiguous:
                self._add(figures, code, self.map.unit_target(province), sums, from_history)
        if ambiguous:
            rows = list(self._sum_query(indicators, "place", Q(province__in=ambiguous), base))
            self.map.load(row["place"] for row in rows)
            for row in rows:
                target = self.map.province_target(row["place"])
                self._add(figures, row["indicator"], target, _window_values(row), from_history)

    def _latest(self, indicators: Sequence[Indicator], figures: Figures) -> None:
        """Per place, the value of the last month in each window that has one; then summed."""
        series: dict[tuple[str, int | None], dict[datetime.date, int]] = defaultdict(dict)
        from_history: set[tuple[str, int | None, datetime.date]] = set()
        for base, _totals, is_historic in self._sources():
            rows = (
                base(i.code for i in indicators)
                .values_list("indicator", "place", "month")
                .annotate(total=Sum("value"))
            )
            for code, place, month, total in rows:
                values = series[(code, place)]
                values[month] = values.get(month, 0) + int(total)
                if is_historic:
                    from_history.add((code, place, month))
        self.map.load(place for _, place in series if place is not None)
        for (code, place), values in series.items():
            sums: dict[str, Any] = {}
            marked = []
            for window in WINDOWS:
                months = self.windows.months[window]
                inside = [month for month in values if months[0] <= month <= months[-1]]
                if inside:
                    sums[window] = values[max(inside)]
                    if (code, place, max(inside)) in from_history:
                        marked.append(window)
            self._add(figures, code, self._target(place), sums, marked)

    def _target(self, place: int | None) -> Target | str | None:
        if self.query.level == NATION:
            return None
        if place is None:
            return CENTRAL
        if self.query.level == COMMUNE:
            return self.map.unit_target(place)
        return self.map.province_target(place)

    def _available(self, stored: Sequence[Indicator]) -> dict[str, dict[str, bool]]:
        """Whether each window of each indicator has been computed at all (else its figure is
        empty, not zero)."""
        covered: dict[str, set[datetime.date]] = defaultdict(set)
        rows = RollupCoverage.objects.filter(
            indicator__in=[i.code for i in stored],
            month__gte=self.windows.first,
            month__lte=self.windows.last,
        ).values_list("indicator", "month")
        for code, month in rows:
            covered[code].add(month)
        # A month a historic figure is used for is known, like a computed one (ADR 0016).
        if self._any_historic is not False:
            used = self._historic().values_list("indicator", "month")
            for code, month in used.distinct():
                covered[code].add(month)
        return {
            indicator.code: {
                window: bool(
                    covered[indicator.code].intersection(self.windows.needed(indicator, window))
                )
                for window in WINDOWS
            }
            for indicator in stored
        }

    # -- assembling rows ------------------------------------------------------------------------

    def _targets(self, figures: Figures) -> list[TargetKey]:
        if self.query.level == NATION:
            return [None]
        found: set[TargetKey] = {target for _, target in figures if target is not None}
        place = self.query.place
        if place is not None:
            units = {target for target in found if isinstance(target, int)}
            self.map.load(units)
            found = {
                target
                for target in units
                if target == place.pk
                or (self.query.level == COMMUNE and self.map.units[target].province_id == place.pk)
            }
        return list(found)

    def _names(self, targets: list[TargetKey]) -> dict[TargetKey, tuple[str | None, str]]:
        ids = [target for target in targets if isinstance(target, int)]
        self.map.load(ids)
        names: dict[TargetKey, tuple[str | None, str]] = {
            target: (self.map.units[target].code, self.map.units[target].name) for target in ids
        }
        names[None] = (None, _("Whole country"))
        names[CENTRAL] = (None, _("Central level"))
        return names

    def _stored_value(
        self, code: str, target: TargetKey, window: str, figures: Figures, available: Any
    ) -> int | None:
        if not available[code][window]:
            return None
        return figures.get((code, target), {}).get(window, 0)

    def _figure(
        self,
        code: str,
        target: TargetKey,
        window: str,
        figures: Figures,
        available: Any,
        opening: bool = False,
    ) -> int | None:
        """A stored figure, or a derived one added up from its terms (None when a term is not
        computed, or the window is not one the derived indicator's time behaviour allows)."""
        key = code + OPENING if opening else code
        computed = available.get(key)
        if computed is not None:  # stored (inlined ``_stored_value``: the report's hot path)
            if not computed[window]:
                return None
            values = figures.get((key, target))
            return values.get(window, 0) if values else 0
        memo = (key, target, window)
        if memo in self._derived:
            return self._derived[memo]
        indicator = self.registry.get(code)
        if indicator.aggregation is not Aggregation.DERIVED:
            raise ValueError(f"{code} is not a stored or derived indicator of this report.")
        total: int | None = None
        if self.windows.needed(indicator, window):
            total = 0
            for sign, part, part_opening in indicator.signed_terms:
                value = self._figure(part, target, window, figures, available, part_opening)
                if value is None:
                    total = None
                    break
                total += sign * value
        self._derived[memo] = total  # rows and identities ask for the same figures again
        return total

    def _value(
        self,
        indicator: Indicator,
        target: TargetKey,
        window: str,
        figures: Figures,
        available: Any,
    ) -> Number:
        if indicator.aggregation is not Aggregation.RATIO:
            return self._figure(indicator.code, target, window, figures, available)
        numerator_code, denominator_code = indicator.parts
        numerator = self._figure(numerator_code, target, window, figures, available)
        denominator = self._figure(denominator_code, target, window, figures, available)
        if numerator is None or denominator is None:
            return None
        return percent(numerator, denominator)

    def _leaves(self, code: str, opening: bool = False) -> list[str]:
        """The stored figure keys an indicator is computed from (itself when stored)."""
        known = self._leaf_keys.get((code, opening))
        if known is not None:
            return known
        indicator = self.registry.get(code)
        if indicator.is_stored:
            leaves = [code + OPENING if opening else code]
        elif indicator.aggregation is Aggregation.RATIO:
            leaves = [leaf for part in indicator.parts for leaf in self._leaves(part)]
        else:
            leaves = [
                leaf
                for _sign, part, part_opening in indicator.signed_terms
                for leaf in self._leaves(part, part_opening)
            ]
        self._leaf_keys[(code, opening)] = leaves
        return leaves

    def _is_approximate(self, indicator: Indicator, target: TargetKey) -> bool:
        if not self.approximate:
            return False
        return any((code, target) in self.approximate for code in self._leaves(indicator.code))

    def _historic_figures(
        self, indicator: Indicator, target: TargetKey, values: dict[str, Number]
    ) -> list[str]:
        """The row's figures that a historic figure reached (a shown figure only)."""
        if not self.historic:
            return []
        codes = self._leaves(indicator.code)
        windows = {
            window
            for window in WINDOWS
            if values[window] is not None
            and any((code, target, window) in self.historic for code in codes)
        }
        if windows & {"value", "last_year"}:
            windows.add("change")
        return [key for key in FIGURE_KEYS if key in windows]

    def _row(
        self,
        indicator: Indicator,
        target: TargetKey,
        figures: Figures,
        available: Any,
        names: dict[TargetKey, tuple[str | None, str]],
    ) -> dict[str, Any]:
        values = {w: self._value(indicator, target, w, figures, available) for w in WINDOWS}
        code, name = names[target]
        difference = change(values["value"], values["last_year"], indicator.unit)
        marked = self._historic_figures(indicator, target, values)
        return {
            "indicator": indicator.code,
            "unit": str(indicator.unit),
            "place": code,
            "place_name": name,
            "value": values["value"],
            "previous": values["previous"],
            "last_year": values["last_year"],
            "change": difference,
            "term_to_date": values["term_to_date"],
            "approximate": self._is_approximate(indicator, target),
            "historic": [key for key in marked if key != "change" or difference is not None],
        }

    def _check(
        self,
        identity: Identity,
        target: TargetKey,
        figures: Figures,
        available: Any,
        names: dict[TargetKey, tuple[str | None, str]],
    ) -> list[IdentityFailure]:
        failures = []
        for window in WINDOWS:
            left = self._figure(identity.left, target, window, figures, available)
            terms = [
                (sign, self._figure(code, target, window, figures, available))
                for sign, code in identity.terms
            ]
            if left is None or any(value is None for _, value in terms):
                continue
            right = sum(sign * (value or 0) for sign, value in terms)
            if left != right:
                # Where it fails: the unit's code, the words "Central level", None for the nation.
                where = names[target][1] if target == CENTRAL else names[target][0]
                failures.append(IdentityFailure(str(identity), where, window, left, right))
        return failures


def _window_values(row: dict[str, Any]) -> dict[str, Any]:
    return {window: row.get(f"w_{window}") for window in WINDOWS}


def build(registry: IndicatorRegistry, query: ReportQuery, scope: Q | None = None) -> Report:
    """Compute a report; ``scope`` limits the rollup rows read (jurisdiction)."""
    return ReportEngine(registry, query, scope or Q()).run()
