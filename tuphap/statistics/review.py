"""The sector's annual review ("báo cáo tổng kết công tác tư pháp"), declared as data (ADR 0018).

A register joins the review by declaring its **sections** in a ``review.py`` module of its app
(autodiscovered, as ``indicators.py``): a section is an area of the review (law-making, civil
status, enforcement…) with the indicators of its table and the **sentences** of its text. A
sentence is a template with placeholders filled from the report engine's figures, so the words
are the ministry's and the numbers are the records':

* ``{value:CODE}`` the figure of the year; ``{last_year:CODE}`` the same period last year;
  ``{term:CODE}`` the term to date;
* ``{change:CODE}`` "tăng 12,5% (+57)" / "giảm 3,2 điểm phần trăm" / "bằng" against last year:
  % and the absolute difference for counts and money, percentage points for rates;
* ``{year}``, ``{previous_year}``, ``{place}``: the period's year and the report's place.

A sentence whose indicators have no figure is left out (the review does not print "0 văn bản"
for a register that has no records). The review's figures are the report engine's: the same
rollups, the same jurisdiction, the same boundaries, historic figures where the records have
none (ADR 0016), marked.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.money import BILLION, format_billions, format_vnd
from tuphap.core.periods import Period, calendar_year, month, month_end, thads_year
from tuphap.places.models import AdministrativeUnit, Boundaries
from tuphap.statistics import permissions, reports, selectors, targets
from tuphap.statistics.indicators import Aggregation, TimeBehaviour, Unit
from tuphap.statistics.registry import registry


@dataclass(frozen=True)
class Sentence:
    vi: str
    en: str

    @property
    def text(self) -> str:
        return self.vi if (get_language() or "vi").startswith("vi") else self.en


@dataclass(frozen=True)
class Section:
    code: str
    title_vi: str
    title_en: str
    indicators: tuple[str, ...]
    sentences: tuple[Sentence, ...] = ()
    order: int = 50
    # The year the area reports on: the calendar year, or the enforcement year (1 October to
    # 30 September, Luật THADS; docs/domain/statistics.md) for judgment enforcement.
    calendar: str = "year"

    @property
    def title(self) -> str:
        return self.title_vi if (get_language() or "vi").startswith("vi") else self.title_en


SECTIONS: dict[str, Section] = {}


def add_section(section: Section) -> None:
    SECTIONS[section.code] = section


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda section: (section.order, section.code))


# -- drill-down: from a figure to the records that made it ---------------------------------------

# The query parameters of a register's list page that list the records of one figure: built
# from the figure's period, the review's place (a province, or None for the nation) and agency
# (None: every agency). The list page applies the reader's jurisdiction on top.
DrillParams = Callable[[Period, AdministrativeUnit | None, int | None], dict[str, str]]


@dataclass(frozen=True)
class DrillDown:
    url_name: str  # the register's existing list page, e.g. "enforcement:case_list"
    params: DrillParams


DRILLDOWNS: dict[str, DrillDown] = {}


def add_drilldown(code: str, url_name: str, params: DrillParams) -> None:
    """Declare where the records of indicator ``code`` are listed (by the app that owns it, in
    its ``review.py``): a register added later joins by declaring its own."""
    DRILLDOWNS[code] = DrillDown(url_name, params)


def drilldown_url(
    code: str, period: Period, place: AdministrativeUnit | None, agency: int | None = None
) -> str | None:
    """The path of the list of the records behind ``code`` in ``period`` at ``place``, or None
    when its register declares none (a rate, a figure from aggregate forms)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    declared = DRILLDOWNS.get(code)
    if declared is None:
        return None
    params = {key: value for key, value in declared.params(period, place, agency).items() if value}
    return f"{reverse(declared.url_name)}?{urlencode(params)}"


def window_params(
    period: Period, place: AdministrativeUnit | None, agency: int | None
) -> dict[str, str]:
    """The common part of a drill-down query: ``from``/``to`` (ISO days), ``province``,
    ``agency``."""
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "province": str(place.pk) if place is not None else "",
        "agency": str(agency) if agency is not None else "",
    }


@dataclass(frozen=True)
class Drill:
    """A drill-down query as a register's list page reads it (the inverse of
    :func:`window_params` plus the register's ``figure``): the list keeps the records that the
    figure counts in ``start``–``end`` (days, both included) at ``province`` for ``agency``."""

    figure: str
    start: datetime.date
    end: datetime.date
    province: int | None
    agency: int | None

    def days(self, field_name: str) -> dict[str, datetime.date]:
        """The window on a date field, as the indicator sources filter it."""
        return {f"{field_name}__gte": self.start, f"{field_name}__lte": self.end}

    def units(self) -> Any:
        """The ids of the province and of its units, on both boundary sets (the province it
        succeeded or that succeeded it, as the report counts a province's figures); None for
        the nation."""
        from tuphap.places.models import UnitSuccession

        if self.province is None:
            return None
        linked = UnitSuccession.objects.filter(
            Q(predecessor_id=self.province) | Q(successor_id=self.province)
        ).values_list("predecessor_id", "successor_id")
        provinces = {self.province, *(unit for pair in linked for unit in pair)}
        return AdministrativeUnit.objects.filter(
            Q(pk__in=provinces) | Q(province_id__in=provinces)
        ).values("pk")

    def within(self, place_field: str, agency_field: str | None) -> Q:
        """The place (``place_field`` in the province) and agency conditions, as a ``Q``."""
        condition = Q()
        units = self.units()
        if units is not None:
            condition &= Q(**{f"{place_field}__in": units})
        if self.agency is not None and agency_field is not None:
            condition &= Q(**{agency_field: self.agency})
        return condition


def contributions(
    drill: Drill,
    facts: Iterable[Any],
    *,
    record: Callable[[Any], int],
    place: Callable[[Any], int | None],
    agency: Callable[[Any], int | None],
    compute: Callable[[list[Any], datetime.date, datetime.date], dict[Any, dict[str, int]]],
) -> dict[int, int]:
    """What each record adds to ``drill.figure`` over the window, by the register's own
    ``compute`` (its figures module) run on that record's facts alone: the records that make the
    figure, exactly, for a register whose figures come from facts rather than from one date of
    one row. ``record``, ``place`` and ``agency`` read a fact's record id, place id and agency
    id; the drill's province and agency select the facts as the report's scope does."""
    units = drill.units()
    inside = None if units is None else set(units.values_list("pk", flat=True))
    grouped: dict[int, list[Any]] = {}
    for fact in facts:
        if inside is not None and place(fact) not in inside:
            continue
        if drill.agency is not None and agency(fact) != drill.agency:
            continue
        grouped.setdefault(record(fact), []).append(fact)
    result: dict[int, int] = {}
    for key, own in grouped.items():
        added = sum(
            values.get(drill.figure, 0) for values in compute(own, drill.start, drill.end).values()
        )
        if added:
            result[key] = added
    return result


def read_drill(query: Any, figures: Iterable[str]) -> tuple[Drill | None, dict[str, str]]:
    """Read a drill-down from a list page's query (``figure`` one of ``figures``, ``from``/``to``
    ISO days, optional ``province`` and ``agency`` ids). ``(None, {})`` when the query asks for
    none; ``(None, errors)`` naming each bad field (the page answers 400)."""
    name = query.get("figure")
    if not name:
        return None, {}
    errors: dict[str, str] = {}
    if name not in set(figures):
        errors["figure"] = _("Unknown figure %(name)s.") % {"name": name}
    days: dict[str, datetime.date] = {}
    for key in ("from", "to"):
        try:
            days[key] = datetime.date.fromisoformat(query.get(key) or "")
        except ValueError:
            errors[key] = _("Give a day as YYYY-MM-DD.")
    ids: dict[str, int | None] = {}
    for key in ("province", "agency"):
        value = query.get(key) or ""
        if value and not (value.isascii() and value.isdigit()):
            errors[key] = _("Give a number.")
        ids[key] = int(value) if value.isascii() and value.isdigit() else None
    if errors:
        return None, errors
    if days["from"] > days["to"]:
        return None, {"to": _("The end comes before the start.")}
    return Drill(name, days["from"], days["to"], ids["province"], ids["agency"]), {}


def drill_context(
    drill: Drill | None, errors: dict[str, str], count: int, total: int | None = None
) -> dict[str, Any]:
    """What ``statistics/_drilldown.html`` shows on a list page: the errors, the count of the
    records behind the figure, their ``total`` when the figure sums a quantity of theirs
    (participants, money), and ``drill_query`` (``&figure=…``) that keeps it in the pages'
    links."""
    from urllib.parse import urlencode

    query = ""
    if drill is not None:
        values = {
            "figure": drill.figure,
            "from": drill.start.isoformat(),
            "to": drill.end.isoformat(),
            "province": "" if drill.province is None else str(drill.province),
            "agency": "" if drill.agency is None else str(drill.agency),
        }
        query = "&" + urlencode({key: value for key, value in values.items() if value})
    return {
        "drill": drill,
        "filter_errors": errors,
        "drill_count": count,
        "drill_total": total,
        "drill_query": query,
    }


# -- the figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    code: str
    name: str
    unit: str
    value: int | float | None
    last_year: int | float | None
    change: float | None  # % (counts, money) or percentage points (rates)
    difference: int | float | None  # value − last year
    term_to_date: int | float | None
    historic: tuple[str, ...] = ()
    target: Decimal | None = None  # assigned by the ministry (statistics.targets)
    # An estimated flow: the figure actual to the cut-off, ``value`` being that figure carried
    # to the year's end at the pace of the actual months (ADR 0018) [D].
    actual: int | float | None = None
    # The register's list of the records that made the figure (:func:`drilldown_url`).
    link: str | None = None

    @property
    def progress(self) -> float | None:
        """Against the target: percentage points above (+) or below (−) it for a rate; the
        share of the target reached, in %, for a count or an amount."""
        if self.target is None or self.value is None:
            return None
        if self.unit == Unit.PERCENT:
            return round(float(Decimal(str(self.value)) - self.target), 2)
        if not self.target:
            return None
        return round(float(Decimal(str(self.value)) * 100 / self.target), 1)


@dataclass(frozen=True)
class ReviewSection:
    section: Section
    text: tuple[str, ...]
    figures: tuple[Figure, ...]
    # The area's year had not closed on the day the review was built: its figures are an
    # estimate, actual to ``cut_off`` (TT 03/2019/TT-BTP Art. 6), the rest of the year estimated.
    cut_off: datetime.date | None = None
    # The nation's review only: the section's first figure by province (province code on the
    # review's boundaries → value), for its map in the Word file.
    by_province: tuple[tuple[str, int | float | None], ...] = ()

    @property
    def estimated(self) -> bool:
        return self.cut_off is not None

    @property
    def headline(self) -> Figure | None:
        """The figure the section's map shows: its first one."""
        return self.figures[0] if self.figures else None


@dataclass(frozen=True)
class Review:
    period: Period
    place: AdministrativeUnit | None
    place_name: str
    boundaries: str
    sections: tuple[ReviewSection, ...]
    failures: tuple[Any, ...] = field(default_factory=tuple)
    as_of: datetime.date | None = None  # the day it was built
    agency: Any = None  # the agency whose review it is (None: every agency of the place)

    @property
    def year(self) -> int:
        return self.period.start.year

    @property
    def estimated(self) -> bool:
        """Some area's year had not closed: the review is an estimate, not the official one."""
        return any(section.estimated for section in self.sections)

    @property
    def cut_off(self) -> datetime.date | None:
        """The last day of actual figures of the estimated areas (the earliest, if several)."""
        days = [section.cut_off for section in self.sections if section.cut_off is not None]
        return min(days) if days else None

    @property
    def stage(self) -> str:
        return "estimate" if self.estimated else "official"

    @property
    def has_drilldowns(self) -> bool:
        return any(figure.link for section in self.sections for figure in section.figures)


def _number(value: int | float | None, unit: str, *, prose: bool = False) -> str:
    """A figure as the review prints it: money in full đồng in tables, in billions (tỷ đồng)
    in the text once it reaches a billion, as the ministry's reports write it."""
    if value is None:
        return "—"
    if unit == Unit.VND:
        if prose and abs(int(value)) >= BILLION:
            return format_billions(int(value), 0 if abs(int(value)) >= 100 * BILLION else 2)
        return format_vnd(int(value))
    if unit == Unit.PERCENT:
        return f"{value:.2f}".replace(".", ",") + " %"
    return f"{int(value):,}".replace(",", ".")


def progress_phrase(figure: Figure) -> str:
    """ "đạt 96,5% chỉ tiêu" / "vượt 2,10 điểm phần trăm so với chỉ tiêu", or "" without one."""
    progress = figure.progress
    if progress is None:
        return ""
    if figure.unit == Unit.PERCENT:
        points = f"{abs(progress):.2f}".replace(".", ",")
        if progress >= 0:
            return _("%(points)s percentage points above the target") % {"points": points}
        return _("%(points)s percentage points below the target") % {"points": points}
    share = f"{progress:.1f}".replace(".", ",")
    return _("%(share)s%% of the target") % {"share": share}


def change_phrase(figure: Figure) -> str:
    """ "tăng 12,5% (+57)", "giảm 3,20 điểm phần trăm", "bằng năm trước", or "" when unknown."""
    if figure.value is None or figure.last_year is None:
        return ""
    if figure.difference == 0:
        return _("unchanged")
    up = (figure.difference or 0) > 0
    word = _("up") if up else _("down")
    if figure.unit == Unit.PERCENT:
        points = f"{abs(figure.difference or 0):.2f}".replace(".", ",")
        return _("%(word)s %(points)s percentage points") % {"word": word, "points": points}
    absolute = _number(abs(figure.difference or 0), figure.unit, prose=True)
    if figure.change is None:
        return f"{word} {absolute}"
    percent = f"{abs(figure.change):.1f}".replace(".", ",")
    return f"{word} {percent}% ({'+' if up else '−'}{absolute})"


PLACEHOLDER = re.compile(r"\{(value|last_year|term|change|target|progress):([a-z0-9_.]+)\}")


def fill(template: str, figures: dict[str, Figure], context: dict[str, str]) -> str | None:
    """The sentence with its figures, or None when one of them has no figure."""
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        kind, code = match.groups()
        figure = figures.get(code)
        if figure is None or figure.value is None:
            missing = True
            return ""
        if kind == "value":
            return _number(figure.value, figure.unit, prose=True)
        if kind == "last_year":
            return _number(figure.last_year, figure.unit, prose=True)
        if kind == "term":
            return _number(figure.term_to_date, figure.unit, prose=True)
        if kind == "target":
            if figure.target is None:
                missing = True
                return ""
            shown: float | int = (
                float(figure.target) if figure.unit == Unit.PERCENT else int(figure.target)
            )
            return _number(shown, figure.unit, prose=True)
        phrase = change_phrase(figure) if kind == "change" else progress_phrase(figure)
        if not phrase:
            missing = True
        return phrase

    text = PLACEHOLDER.sub(replace, template)
    if missing:
        return None
    for key, value in context.items():
        text = text.replace("{" + key + "}", value)
    return text


def _figures(
    report: reports.Report, codes: Iterable[str], targets: dict[str, Decimal]
) -> dict[str, Figure]:
    wanted = set(codes)
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in report.rows:
        if row["indicator"] in wanted:
            rows.setdefault(row["indicator"], []).append(row)
    figures = {}
    for code, found in rows.items():
        indicator = registry.get(code)
        # A province's own review has one row per indicator; a central-level row (ADR 0010)
        # may sit beside it in a national user's province report: the province's own wins.
        row = next((r for r in found if r.get("place") is not None), found[0])
        value, last = row.get("value"), row.get("last_year")
        difference = None if value is None or last is None else value - last
        if isinstance(difference, float):
            difference = round(difference, 2)
        figures[code] = Figure(
            code,
            indicator.name,
            str(indicator.unit),
            value,
            last,
            row.get("change"),
            difference,
            row.get("term_to_date"),
            tuple(row.get("historic") or ()),
            targets.get(code),
        )
    return figures


def build(
    user: Any,
    *,
    year: int,
    place: AdministrativeUnit | None = None,
    boundaries: str = Boundaries.NEW,
    only: Sequence[str] | None = None,
    today: datetime.date | None = None,
    agency: Any = None,
) -> Review:
    """The review of ``year`` for the nation (``place`` None) or one province, over what
    ``user`` may see (``None``: national access, for the command). Sections whose indicators
    are not registered are left out. An area whose year has not ended by ``today`` is an
    estimate, actual to the periodic report's cut-off (:func:`cut_off`). ``agency`` limits the
    figures to one agency's rows (a ministry's documents, an office's cases); it must be one the
    user may see (:func:`agencies_for`), else :class:`AccessDenied`."""
    today = today or timezone.localdate()
    if (
        agency is not None
        and user is not None
        and not agencies_for(user).filter(pk=agency.pk).exists()
    ):
        message = _("This agency lies outside your jurisdiction.")
        raise AccessDenied(message, fields={"agency": message})
    agency_id = agency.pk if agency is not None else None
    chosen = [
        section
        for section in sections()
        if (only is None or section.code in only)
        and any(code in registry for code in section.indicators)
    ]
    level = reports.PROVINCE if place is not None else reports.NATION
    figures: dict[str, dict[str, Figure]] = {}
    by_province: dict[str, dict[str, tuple[tuple[str, int | float | None], ...]]] = {}
    failures: list[Any] = []
    for calendar in dict.fromkeys(section.calendar for section in chosen):
        codes = tuple(
            dict.fromkeys(
                code
                for section in chosen
                if section.calendar == calendar
                for code in section.indicators
                if code in registry
            )
        )
        period = _period(calendar, year)
        query = reports.ReportQuery(codes, period, level, place, boundaries)
        report = _report(user, query, agency_id)
        # The ministry's targets are a place's, not an agency's: none in an agency's review.
        assigned = targets.targets_for(codes, period.code, place) if agency is None else {}
        figures[calendar] = _figures(report, codes, assigned)
        until = cut_off(period, place, today)
        if until is not None:
            figures[calendar] = _paced(
                user, figures[calendar], period, level, place, boundaries, until, agency_id
            )
        figures[calendar] = {
            code: replace(figure, link=drilldown_url(code, period, place, agency_id))
            for code, figure in figures[calendar].items()
        }
        failures.extend(report.failures)
        if place is None and agency is None:
            by_province[calendar] = _by_province(
                user, [s for s in chosen if s.calendar == calendar], period, boundaries
            )
    place_name = place.name if place is not None else _("the whole sector")
    if agency is not None:
        place_name = agency.name
    context = {"year": str(year), "previous_year": str(year - 1), "place": place_name}
    built = []
    for section in chosen:
        texts = []
        for sentence in section.sentences:
            text = fill(sentence.text, figures[section.calendar], context)
            if text:
                texts.append(text[0].upper() + text[1:])
        built.append(
            ReviewSection(
                section,
                tuple(texts),
                tuple(
                    figures[section.calendar][code]
                    for code in section.indicators
                    if code in figures[section.calendar]
                ),
                cut_off(_period(section.calendar, year), place, today),
                by_province.get(section.calendar, {}).get(section.code, ()),
            )
        )
    return Review(
        calendar_year(year),
        place,
        place_name,
        boundaries,
        tuple(built),
        tuple(failures),
        today,
        agency,
    )


def agencies_for(user: Any) -> Any:
    """The agencies whose review ``user`` may read: every agency for a national user, else those
    of the provinces (or places) in their jurisdiction."""
    from tuphap.accounts.models import Agency

    agencies = Agency.objects.all()
    units = jurisdiction.covered_units(user)
    if units is not None:
        ids = units.values("id")
        agencies = agencies.filter(
            Q(pk__in=Agency.objects.filter(province__in=ids).values("pk"))
            | Q(pk__in=Agency.objects.filter(jurisdiction__in=ids).values("pk"))
        )
    return agencies.order_by("name")


def _by_province(
    user: Any, chosen: Sequence[Section], period: Period, boundaries: str
) -> dict[str, tuple[tuple[str, int | float | None], ...]]:
    """Each section's first indicator by province (one report for the calendar's sections):
    section code → ((province code, value), …), provinces without a row left out."""
    firsts = {
        section.code: next(code for code in section.indicators if code in registry)
        for section in chosen
    }
    if not firsts:
        return {}
    query = reports.ReportQuery(
        tuple(dict.fromkeys(firsts.values())), period, reports.PROVINCE, None, boundaries
    )
    values: dict[str, list[tuple[str, int | float | None]]] = {}
    for row in _report(user, query, None).rows:
        if row.get("place"):  # the central level (ADR 0010) is not a province on the map
            values.setdefault(row["indicator"], []).append((row["place"], row.get("value")))
    return {code: tuple(values.get(indicator, ())) for code, indicator in firsts.items()}


def _report(user: Any, query: reports.ReportQuery, agency_id: int | None) -> reports.Report:
    """The report over what ``user`` may see (``None``: national access), limited to one
    agency's rollup rows when ``agency_id`` is given: the engine's scope, the jurisdiction's
    place scope combined with ``Q(agency_id=…)`` (``selectors.report_for_user``'s rules)."""

    if agency_id is None:
        return (
            selectors.report_national(query)
            if user is None
            else selectors.report_for_user(user, query)
        )
    scope = Q(agency_id=agency_id)
    if user is not None:
        if not permissions.can_view_reports(user):
            raise AccessDenied(_("Only users of an agency may read statistics."))
        units = jurisdiction.covered_units(user)
        if units is not None:
            if query.place is not None and not jurisdiction.covers(user, query.place):
                message = _("This place lies outside your jurisdiction.")
                raise AccessDenied(message, fields={"place": message})
            if query.level == reports.NATION:
                query = reports.ReportQuery(
                    query.indicators,
                    query.period,
                    selectors._own_level(user),
                    None,
                    query.boundaries,
                )
            scope &= Q(place__in=units.values("id"))
    return selectors._build(query, scope)


def cut_off(
    period: Period, place: AdministrativeUnit | None, today: datetime.date
) -> datetime.date | None:
    """The last day of actual figures of an area's review written on ``today``, or ``None``
    when its period has ended (every figure actual: the official review). TT 03/2019/TT-BTP
    Art. 6: the annual report holds actual figures to 30 November for the central level (the
    national review) and to 31 October for a locality, the rest of the year estimated; a
    period without a window (the enforcement year) is actual to ``today``."""
    if today > period.end:
        return None
    until = period.actual_until("local" if place is not None else "central")
    return min(until, today) if until < period.end else today


def _paced(
    user: Any,
    found: dict[str, Figure],
    period: Period,
    level: str,
    place: AdministrativeUnit | None,
    boundaries: str,
    until: datetime.date,
    agency_id: int | None = None,
) -> dict[str, Figure]:
    """The year's estimate of its flows (counts, people, money added up over the months): the
    whole months actual to the cut-off, carried to the year's end at their pace (actual × months
    of the year / actual months). The law gives no method (TT 03/2019/TT-BTP Art. 6 asks for an
    estimate): this is the system's [D]. Stocks and rates keep the latest actual figure, marked
    estimated with the area. Without a whole actual month nothing is carried."""
    flows = tuple(
        code
        for code in found
        if registry.get(code).aggregation in (Aggregation.SUM, Aggregation.DERIVED)
        and registry.get(code).time is TimeBehaviour.FLOW
    )
    months = period.months()
    actual_months = [first for first in months if month_end(first) <= until]
    if not flows or not actual_months or len(actual_months) == len(months):
        return found
    actual: dict[str, int | float] = {}
    for first in actual_months:
        query = reports.ReportQuery(flows, month(first.year, first.month), level, place, boundaries)
        report = _report(user, query, agency_id)
        for code, figure in _figures(report, flows, {}).items():
            if figure.value is not None:
                actual[code] = actual.get(code, 0) + figure.value
    paced = dict(found)
    for code in flows:
        figure = found[code]
        so_far = actual.get(code, 0)
        value = int(
            (Decimal(str(so_far)) * len(months) / len(actual_months)).quantize(
                Decimal(1), ROUND_HALF_UP
            )
        )
        last = figure.last_year
        # The term to date ends with this year: it carries the same estimate (the term's
        # earlier years, plus this year's estimate instead of what is recorded so far).
        term = figure.term_to_date
        if term is not None:
            term = term - (figure.value or 0) + value
        paced[code] = replace(
            figure,
            value=value,
            actual=so_far,
            difference=None if last is None else value - last,
            change=reports.change(value, last, Unit(figure.unit)),
            term_to_date=term,
        )
    return paced


def _period(calendar: str, year: int) -> Period:
    return thads_year(year) if calendar == "thads_year" else calendar_year(year)


def default_year(today: datetime.date) -> int:
    """The year a review is written for: this year from November (the conference sits in
    December), else last year."""
    return today.year if today.month >= 11 else today.year - 1


# -- issued versions (estimate, then official) ---------------------------------------------------


def review_key(
    year: int, place: AdministrativeUnit | None, boundaries: str, agency: Any = None
) -> str:
    """The identity of a review's chain of versions: year, boundaries, place and, for one
    agency's review, the agency (a separate chain: its figures are not the place's)."""
    where = f"{place.level}:{place.code}:{place.pk}" if place is not None else "-"
    key = f"review|{year}|{boundaries}|{where}"
    return key if agency is None else f"{key}|agency:{agency.code}:{agency.pk}"


def _json_number(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def serialise(built: Review) -> list[dict[str, Any]]:
    """The review's sections as an issued version keeps them: titles, texts, figures."""
    return [
        {
            "code": section.section.code,
            "title_vi": section.section.title_vi,
            "title_en": section.section.title_en,
            "calendar": section.section.calendar,
            "cut_off": section.cut_off.isoformat() if section.cut_off else None,
            "text": list(section.text),
            "by_province": [list(pair) for pair in section.by_province],
            "figures": [
                {
                    "code": figure.code,
                    "name": str(figure.name),
                    "unit": figure.unit,
                    "value": figure.value,
                    "last_year": figure.last_year,
                    "change": figure.change,
                    "difference": figure.difference,
                    "term_to_date": figure.term_to_date,
                    "historic": list(figure.historic),
                    "target": _json_number(figure.target),
                    "actual": figure.actual,
                    "estimated": section.estimated,
                    # the drill-down as issued: the list of the records behind the figure
                    "link": figure.link,
                }
                for figure in section.figures
            ],
        }
        for section in built.sections
    ]


def _stored_number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def from_version(version: Any) -> Review:
    """An issued version as a :class:`Review`, from what it stored (never recomputed): its
    texts, its figures and their drill-down links as issued, for its page and its files. A
    version issued before the links were kept has none ("—")."""
    sections = []
    for stored in version.sections:
        figures = tuple(
            Figure(
                code=item["code"],
                name=item["name"],
                unit=item["unit"],
                value=item["value"],
                last_year=item["last_year"],
                change=item["change"],
                difference=item["difference"],
                term_to_date=item["term_to_date"],
                historic=tuple(item.get("historic") or ()),
                target=_stored_number(item.get("target")),
                actual=item.get("actual"),
                link=item.get("link"),
            )
            for item in stored["figures"]
        )
        section = Section(
            stored["code"],
            stored["title_vi"],
            stored["title_en"],
            tuple(figure.code for figure in figures),
            calendar=stored.get("calendar") or "year",
        )
        cut_off = stored.get("cut_off")
        sections.append(
            ReviewSection(
                section,
                tuple(stored["text"]),
                figures,
                datetime.date.fromisoformat(cut_off) if cut_off else None,
                tuple((code, value) for code, value in stored.get("by_province") or ()),
            )
        )
    place = version.place
    place_name = place.name if place is not None else _("the whole sector")
    agency = None
    if "|agency:" in version.key:  # one agency's review (``review_key``)
        from tuphap.accounts.models import Agency

        agency = Agency.objects.filter(pk=int(version.key.rsplit(":", 1)[1])).first()
        place_name = agency.name if agency is not None else place_name
    return Review(
        period=calendar_year(version.year),
        place=place,
        place_name=place_name,
        boundaries=version.boundaries,
        sections=tuple(sections),
        as_of=timezone.localdate(version.issued_at),
        agency=agency,
    )


def _broken(failures: Iterable[Any]) -> list[str]:
    return [
        _("%(identity)s fails at %(place)s (%(window)s): %(left)s ≠ %(right)s")
        % {
            "identity": failure.identity,
            "place": failure.place or _("whole country"),
            "window": failure.window,
            "left": failure.left,
            "right": failure.right,
        }
        for failure in failures
    ]


@transaction.atomic
def review_issue(
    *,
    actor: Any,
    year: int,
    place: AdministrativeUnit | None = None,
    boundaries: str = Boundaries.NEW,
    stage: str,
    note: str = "",
    today: datetime.date | None = None,
    agency: Any = None,
) -> Any:
    """Issue the review as the actor sees it now, as an immutable :class:`ReviewVersion`.

    Refused: a role that may not issue reports; a stage other than estimate or official; an
    official review before the year has ended, or an estimate once it has (the figures are then
    all actual); an estimate after an official version of the same review; a review whose
    reports do not balance (each broken identity named, as ``report_issue``)."""
    from tuphap.statistics.models import ReportStage, ReviewVersion

    if not permissions.can_issue_reports(actor):
        raise AccessDenied(_("Your role may not issue reports."))
    if stage not in (ReportStage.ESTIMATE, ReportStage.OFFICIAL):
        raise ValidationFailed(
            _("Unknown stage."),
            fields={"stage": _("Use one of: %(stages)s.") % {"stages": "estimate, official"}},
        )
    if place is None and jurisdiction.covered_units(actor) is not None:
        # The nation's review is the ministry's; a province issues its own.
        raise AccessDenied(_("Only the ministry issues the review of the whole sector."))
    today = today or timezone.localdate()
    built = build(actor, year=year, place=place, boundaries=boundaries, today=today, agency=agency)
    if not built.sections:
        raise ValidationFailed(
            _("The review has no areas to issue."),
            fields={"year": _("No area of the review has indicators.")},
        )
    if stage == ReportStage.OFFICIAL and built.estimated:
        raise Conflict(
            _("The year has not closed: the review can only be issued as an estimate."),
            fields={
                "stage": _("Issue an estimate; the official review follows after %(end)s.")
                % {"end": _last_end(built).strftime("%d/%m/%Y")}
            },
            code="period_not_closed",
        )
    if stage == ReportStage.ESTIMATE and not built.estimated:
        raise Conflict(
            _("The year has closed: every figure is actual, issue the official review."),
            fields={"stage": _("Issue the official review.")},
            code="period_closed",
        )
    if built.failures:
        raise Conflict(
            _("The review's reports do not balance and it cannot be issued."),
            fields={"identities": _broken(built.failures)},
            code="report_does_not_balance",
        )
    key = review_key(year, place, built.boundaries, agency)
    # Lock the review's versions so two officers issuing at once get consecutive numbers.
    earlier = list(ReviewVersion.objects.select_for_update().filter(key=key).order_by("-number"))
    if stage == ReportStage.ESTIMATE and any(v.stage == ReportStage.OFFICIAL for v in earlier):
        raise Conflict(
            _("An official version was already issued; an estimate cannot follow it."),
            fields={"stage": _("Issue an official version.")},
            code="stage_goes_back",
        )
    version = ReviewVersion.objects.create(
        key=key,
        number=(earlier[0].number + 1) if earlier else 1,
        stage=stage,
        year=year,
        place=place,
        boundaries=built.boundaries,
        cut_off=built.cut_off,
        sections=serialise(built),
        note=note,
        agency=actor.agency,
        issued_by=actor,
        issued_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="statistics.review.issued",
        obj=version,
        data={
            "key": key,
            "number": version.number,
            "stage": stage,
            "cut_off": version.cut_off.isoformat() if version.cut_off else None,
            "sections": len(built.sections),
            "scope_agency": agency.pk if agency is not None else None,
        },
    )
    return version


def _last_end(built: Review) -> datetime.date:
    return max(_period(section.section.calendar, built.year).end for section in built.sections)


def versions(
    user: Any, year: int, place: AdministrativeUnit | None, boundaries: str, agency: Any = None
) -> Any:
    """The issued versions of the review, newest first (the reader already sees its place)."""
    from tuphap.statistics.models import ReviewVersion

    key = review_key(year, place, boundaries, agency)
    return ReviewVersion.objects.filter(key=key).select_related("issued_by", "agency")
