"""Reading aggregate forms: layouts, the cells of a form, who must report, completeness."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency, AgencyLevel
from tuphap.core import calendar, periods
from tuphap.core.errors import NotFound
from tuphap.core.periods import Period
from tuphap.places.models import AdministrativeUnit, Level
from tuphap.statistics.aggregate import historic, permissions, rules
from tuphap.statistics.aggregate.models import (
    AggregateValue,
    CategoryOption,
    DataElement,
    DataSet,
    FormReport,
    ReportStatus,
    ValidationRule,
)

# -- periods ------------------------------------------------------------------------------------

_STEPS = {"month": 12, "quarter": 4, "half": 2, "year": 1}


def period_of(period_type: str, year: int, index: int) -> Period:
    if period_type == "month":
        return periods.month(year, index)
    if period_type == "quarter":
        return periods.quarter(year, index)
    if period_type == "half":
        return periods.half(year, index)
    return periods.calendar_year(year)


def periods_of_year(period_type: str, year: int) -> list[Period]:
    return [period_of(period_type, year, index) for index in range(1, _STEPS[period_type] + 1)]


def parse_period(data_set: DataSet, code: str) -> Period:
    """A period code of the data set's type, or ValueError naming what is wrong."""
    period = periods.parse(code)
    if period.kind.value != data_set.period_type:
        raise ValueError(f"{code} is not a {data_set.get_period_type_display()} period.")
    return period


def recent_periods(data_set: DataSet, today: datetime.date, count: int = 3) -> list[Period]:
    """The period in progress and the ones just closed, newest first."""
    found: list[Period] = []
    for year in (today.year, today.year - 1, today.year - 2):
        for period in reversed(periods_of_year(data_set.period_type, year)):
            if period.start <= today:
                found.append(period)
    return found[:count]


def deadline_of(data_set: DataSet, period: Period) -> datetime.date:
    """``deadline_days`` after the period's end; a last day that is not a working day moves to
    the next working day (Civil Code 2015 Art. 148(5))."""
    day = period.end + datetime.timedelta(days=data_set.deadline_days)
    try:
        return calendar.default_calendar().next_working_day(day, inclusive=True)
    except calendar.OutOfCalendarRange:
        return day


# -- layouts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    code: str | None  # an option code; None is the "Total" column
    name: str


@dataclass
class GridRow:
    element: DataElement
    options: tuple[str, ...]  # its option codes (empty: the value sits in the Total column)


@dataclass
class Grid:
    data_set: DataSet
    columns: list[Column]
    rows: list[GridRow]
    options: dict[tuple[int, str], CategoryOption] = field(default_factory=dict)

    @property
    def layout(self) -> rules.Layout:
        return rules.Layout({row.element.code: row.options for row in self.rows})


class _Cache:
    """Grids and rules per data set, kept a minute per process and dropped at once when the
    admin changes a form here (``setup`` connects ``clear`` to the models' signals)."""

    SECONDS = 60.0

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], tuple[float, Any]] = {}

    def get(self, kind: str, data_set: DataSet, make: Any) -> Any:
        key = (kind, data_set.pk)
        found = self.entries.get(key)
        now = time.monotonic()
        if found is None or now - found[0] > self.SECONDS:
            found = (now, make(data_set))
            self.entries[key] = found
        return found[1]

    def clear(self) -> None:
        self.entries = {}


cache = _Cache()


def grid_of(data_set: DataSet) -> Grid:
    """The form's layout (cached; see ``_Cache``)."""
    return cache.get("grid", data_set, _grid_of)  # type: ignore[no-any-return]


def _grid_of(data_set: DataSet) -> Grid:
    """The form's official layout: one row per element, one column per option of any element
    (in order of first use) and a Total column."""
    elements = list(data_set.elements.select_related("combo").order_by("order", "id"))
    combo_ids = {element.combo_id for element in elements if element.combo_id}
    options = list(CategoryOption.objects.filter(combo_id__in=combo_ids).order_by("order", "id"))
    by_combo: dict[int, list[CategoryOption]] = {}
    for option in options:
        by_combo.setdefault(option.combo_id, []).append(option)
    columns: list[Column] = []
    seen: set[str] = set()
    rows = []
    lookup: dict[tuple[int, str], CategoryOption] = {}
    for element in elements:
        codes = []
        for option in by_combo.get(element.combo_id or 0, []):
            codes.append(option.code)
            lookup[(element.pk, option.code)] = option
            if option.code not in seen:
                seen.add(option.code)
                columns.append(Column(option.code, option.name))
        rows.append(GridRow(element, tuple(codes)))
    columns.append(Column(None, ""))
    return Grid(data_set, columns, rows, lookup)


def layout_of(data_set: DataSet) -> rules.Layout:
    return grid_of(data_set).layout


def rule_specs(data_set: DataSet) -> list[rules.RuleSpec]:
    return cache.get("rules", data_set, _rule_specs)  # type: ignore[no-any-return]


def _rule_specs(data_set: DataSet) -> list[rules.RuleSpec]:
    return [
        rules.RuleSpec(rule.code, rule.kind, rule.left, rule.right, rule.threshold, rule.message)
        for rule in ValidationRule.objects.filter(data_set=data_set).order_by("id")
    ]


def check_rule_definition(rule: Any) -> dict[str, str]:
    """The admin's check of a rule against its data set (field → reason)."""
    errors: dict[str, str] = {}
    if rule.data_set_id is None:
        return errors
    layout = layout_of(rule.data_set)
    for name in ("left", "right"):
        text = getattr(rule, name)
        if name == "right" and rule.kind == "jump":
            if text:
                errors[name] = _("A jump rule has only a left side.")
            continue
        try:
            problems = rules.check_terms(rules.parse(text), layout)
        except rules.RuleSyntaxError as error:
            problems = [str(error)]
        if problems:
            errors[name] = " ".join(problems)
    if rule.kind == "jump" and not rule.threshold:
        errors["threshold"] = _("A jump rule needs a threshold in percent.")
    return errors


# -- cells --------------------------------------------------------------------------------------


def cells_of(report: FormReport) -> dict[tuple[str, str | None], int]:
    rows = AggregateValue.objects.filter(report=report).values_list(
        "element__code", "option__code", "value"
    )
    return {(element, option): value for element, option, value in rows}


def same_report_last_year(report: FormReport) -> FormReport | None:
    period = periods.parse(report.period).same_period_last_year()
    return FormReport.objects.filter(
        data_set_id=report.data_set_id, agency_id=report.agency_id, period=period.code
    ).first()


def findings_of(
    report: FormReport, cells: dict[tuple[str, str | None], int] | None = None
) -> list[rules.Finding]:
    grid = grid_of(report.data_set)
    before = same_report_last_year(report)
    return rules.run(
        rule_specs(report.data_set),
        grid.layout,
        cells_of(report) if cells is None else cells,
        # last year's form, else last year's historic figures of the unit (ADR 0016)
        cells_of(before) if before is not None else historic.form_cells_last_year(report),
    )


# -- who reports --------------------------------------------------------------------------------


def place_of(agency: Agency) -> AdministrativeUnit | None:
    """Where an agency's form figures lie: nowhere for a national agency (central level), its
    commune for a commune committee, its province otherwise."""
    if agency.level == AgencyLevel.NATIONAL:
        return None
    if agency.level == AgencyLevel.COMMUNE:
        unit = agency.jurisdiction.filter(level=Level.COMMUNE).order_by("id").first()
        if unit is not None:
            return unit
    if agency.province_id is not None:
        return agency.province
    return agency.jurisdiction.order_by("id").first()


def reporters_of(data_set: DataSet, period: Period) -> QuerySet[Agency]:
    listed = data_set.reporters.all()
    if listed.exists():
        return listed.order_by("code")
    return Agency.objects.valid_on(period.end).filter(kind=data_set.reporter_kind).order_by("code")


def data_sets_for_agency(agency: Agency) -> list[DataSet]:
    """The forms the agency reports: listed as a reporter, or of the kind when none is listed."""
    listed = DataSet.reporters.through.objects.filter(dataset_id=OuterRef("pk"))
    return list(
        DataSet.objects.filter(active=True)
        .filter(Q(reporters=agency) | (Q(reporter_kind=agency.kind) & ~Exists(listed)))
        .distinct()
        .order_by("code")
    )


def reports_form(data_set: DataSet, agency: Agency) -> bool:
    listed = data_set.reporters.all()
    if listed.exists():
        return listed.filter(pk=agency.pk).exists()
    return data_set.reporter_kind == agency.kind


def _visible_agencies(user: Any, agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    units = jurisdiction.covered_units(user)
    if units is None:
        return agencies
    return agencies.filter(
        Q(jurisdiction__in=units.values("id"))
        | Q(province__in=units.values("id"))
        | Q(pk=user.agency_id)
    ).distinct()


# -- reports ------------------------------------------------------------------------------------


def report_get_for_user(user: Any, report_id: int) -> FormReport:
    report = (
        FormReport.objects.select_related("data_set", "agency", "place")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not permissions.can_read(user, report):
        raise NotFound("No such form report.")
    return report


def report_list_for_user(user: Any) -> QuerySet[FormReport]:
    base = FormReport.objects.select_related("data_set", "agency", "place")
    if not permissions.can_use(user):
        return base.none()
    own = Q(agency_id=user.agency_id)
    if not user.role_set() & permissions.READER_ROLES:
        return base.filter(own)
    if user.agency.is_national:
        return base
    units = jurisdiction.covered_units(user)
    assert units is not None  # noqa: S101  (a non-national agency)
    return base.filter(own | Q(place__in=units.values("id")))


def awaiting_for_user(user: Any) -> list[FormReport]:
    """The forms waiting for this user's decision: to approve (approvers) or accept (ministry)."""
    waiting = []
    if permissions.can_approve_any(user):
        waiting += [
            report
            for report in report_list_for_user(user).filter(status=ReportStatus.SUBMITTED)
            if permissions.can_approve(user, report)
        ]
    if permissions.can_accept(user):
        waiting += list(report_list_for_user(user).filter(status=ReportStatus.APPROVED))
    return waiting


@dataclass
class Due:
    data_set: DataSet
    period: Period
    deadline: datetime.date
    report: FormReport | None

    @property
    def overdue(self) -> bool:
        return self.report_pending and timezone.localdate() > self.deadline

    @property
    def report_pending(self) -> bool:
        return self.report is None or self.report.status in ("draft", "returned")


def due_for_user(user: Any, today: datetime.date | None = None) -> list[Due]:
    """The forms the user's agency must fill: recent periods of every data set it reports."""
    if not permissions.can_enter_for(user):
        return []
    today = today or timezone.localdate()
    agency = user.agency
    result = []
    for data_set in data_sets_for_agency(agency):
        for period in recent_periods(data_set, today):
            report = FormReport.objects.filter(
                data_set=data_set, agency=agency, period=period.code
            ).first()
            result.append(Due(data_set, period, deadline_of(data_set, period), report))
    return result


# -- completeness -------------------------------------------------------------------------------


@dataclass
class CompletenessRow:
    agency: Agency
    report: FormReport | None
    deadline: datetime.date

    @property
    def reported(self) -> bool:
        return (
            self.report is not None
            and self.report.submitted_at is not None
            and (self.report.status not in ("draft",))
        )

    @property
    def late(self) -> bool:
        if self.report is not None and self.report.submitted_at is not None:
            return self.report.late
        return timezone.localdate() > self.deadline


@dataclass
class Completeness:
    data_set: DataSet
    period: Period
    deadline: datetime.date
    rows: list[CompletenessRow]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def reported(self) -> int:
        return sum(1 for row in self.rows if row.reported)

    @property
    def on_time(self) -> int:
        return sum(1 for row in self.rows if row.reported and not row.late)

    @property
    def completeness(self) -> float | None:
        return round(self.reported * 100 / self.expected, 1) if self.expected else None

    @property
    def timeliness(self) -> float | None:
        return round(self.on_time * 100 / self.expected, 1) if self.expected else None

    @property
    def missing(self) -> list[CompletenessRow]:
        return [row for row in self.rows if not row.reported]


def completeness_for_user(user: Any, data_set: DataSet, period: Period) -> Completeness:
    """Every agency that must report the form for the period, within the user's jurisdiction,
    with its report (or none): who has not reported, who reported late."""
    agencies = list(_visible_agencies(user, reporters_of(data_set, period)))
    reports = {
        report.agency_id: report
        for report in FormReport.objects.filter(
            data_set=data_set, period=period.code, agency__in=agencies
        )
    }
    deadline = deadline_of(data_set, period)
    rows = [CompletenessRow(agency, reports.get(agency.pk), deadline) for agency in agencies]
    return Completeness(data_set, period, deadline, rows)
