"""Reads of the enforcement register. Cases are read through the case engine's selectors, so
the jurisdiction rules are the engine's (a Hà Tĩnh user does not see a Nghệ An case: 404)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import selectors as account_selectors
from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case
from tuphap.core import periods
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.core.periods import Period
from tuphap.enforcement.cases import figures, history, permissions, workflow
from tuphap.enforcement.cases.models import (
    EnforcementCase,
    Movement,
    Party,
    Target,
)
from tuphap.statistics.models import Rollup


def case_list_for_user(user: Any, **filters: Any) -> QuerySet[Case]:
    """The enforcement cases ``user`` may see, with their detail (filters as
    ``casework.selectors.case_list_for_user``)."""
    return case_selectors.case_list_for_user(
        user, register=workflow.REGISTER, **filters
    ).select_related("enforcement_detail", "enforcement_detail__judgment")


def case_get_for_user(user: Any, case_id: int) -> EnforcementCase:
    """One enforcement case with its judgment, request, parties and obligations, if ``user``
    may see it; 404 otherwise (also outside the user's jurisdiction)."""
    case = case_selectors.case_get_for_user(user, case_id)
    if case.register != workflow.REGISTER:
        raise NotFound(_("No such enforcement case."))
    detail = (
        EnforcementCase.objects.select_related("judgment", "request", "case")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("id")),
            "obligations",
            Prefetch("movements", queryset=Movement.objects.order_by("on_date", "id")),
        )
        .filter(case=case)
        .first()
    )
    if detail is None:
        raise NotFound(_("No such enforcement case."))
    detail.case = case  # keep the related rows the case selector loaded
    return detail


# -- the office dashboard ------------------------------------------------------------------------

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under_6_months", 0, 6),
    ("6_to_12_months", 6, 12),
    ("1_to_2_years", 12, 24),
    ("over_2_years", 24, None),
)


def _rate(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator * 100) / Decimal(denominator)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Dashboard:
    agency: Agency
    period: Period
    until: datetime.date
    totals: dict[str, int]
    case_rate: Decimal | None
    money_rate: Decimal | None
    target: Target | None
    backlog: dict[str, dict[str, int]]  # age band → {"with": n, "without": n}

    @property
    def case_progress(self) -> Decimal | None:
        """Percentage points above (+) or below (−) the target."""
        if self.target is None or self.case_rate is None:
            return None
        return self.case_rate - self.target.case_rate

    @property
    def money_progress(self) -> Decimal | None:
        if self.target is None or self.money_rate is None:
            return None
        return self.money_rate - self.target.money_rate


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def office_dashboard(
    user: Any, agency: Agency, period: Period, *, today: datetime.date | None = None
) -> Dashboard:
    """An office's THADS figures for ``period`` (to today when it is running), its rates against
    its target, and its open cases by age. Computed live from the office's own register: one
    office is small, and the figures follow the definitions the rollups use (``figures``)."""
    if not permissions.can_view_dashboard(user, agency):
        raise AccessDenied(_("You may not see this office's dashboard."))
    today = today or case_deadlines.local_date(timezone.now())
    until = min(period.end, today)
    start = period.start
    facts = figures.load(until=until, agency_id=agency.pk)
    totals = figures.totals(figures.compute(facts, start, until))
    target = Target.objects.filter(agency=agency, year=period.end.year).first()
    backlog = {band: {"with": 0, "without": 0} for band, _low, _high in AGE_BANDS}
    for fact in facts:
        if fact.exit_date is not None and fact.exit_date <= until:
            continue
        age = _months_between(fact.decision_date, until)
        band = next(
            name for name, low, high in AGE_BANDS if age >= low and (high is None or age < high)
        )
        state = history.state_on(fact.steps, until)
        backlog[band]["without" if state in workflow.WITHOUT_STATES else "with"] += 1
    return Dashboard(
        agency,
        period,
        until,
        totals,
        _rate(totals["cases.done"], totals["cases.with_conditions"]),
        _rate(totals["money.done"], totals["money.with_conditions"]),
        target,
        backlog,
    )


def offices_for_user(user: Any) -> QuerySet[Agency]:
    """The enforcement offices whose dashboard ``user`` may open."""
    offices = Agency.objects.filter(kind__in=permissions.ENFORCEMENT_AGENCY_KINDS).order_by("code")
    agency = getattr(user, "agency", None)
    if agency is None:
        return offices.none()
    if agency.is_national:
        return offices
    return offices.filter(pk=agency.pk)


# -- targets across offices (the national dashboard) --------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    """An office's rates in a statistical year, from the rollups, against its target."""

    agency: Agency | None  # None on the total row
    target: Target | None
    case_rate: Decimal | None
    money_rate: Decimal | None

    @staticmethod
    def _points(actual: Decimal | None, goal: Decimal | None) -> Decimal | None:
        return None if actual is None or goal is None else actual - goal

    @property
    def case_progress(self) -> Decimal | None:
        """Percentage points above (+) or below (−) the target."""
        return self._points(self.case_rate, self.target.case_rate if self.target else None)

    @property
    def money_progress(self) -> Decimal | None:
        return self._points(self.money_rate, self.target.money_rate if self.target else None)


UNITS = ("cases", "money")


def targets_progress_for_user(
    user: Any, year: int, *, today: datetime.date | None = None
) -> tuple[list[TargetProgress], TargetProgress | None]:
    """Every visible office's case and money rates for THADS ``year`` (to today while it runs)
    against its target, and the total over those offices; read from the rollups, like reports.

    ``done`` (completed + terminated) adds the months; ``with_conditions`` of the year to date
    is done + the stocks at the last month's end: carried out − without conditions
    (docs/domain/enforcement.md §5.3; ADR 0020: only flows and month-end stocks are stored)."""
    period = periods.parse(f"THADS{year}")
    today = today or case_deadlines.local_date(timezone.now())
    months = [month for month in period.months() if month <= today]
    offices = list(
        account_selectors.agency_list_for_user(user)
        .filter(kind__in=permissions.ENFORCEMENT_AGENCY_KINDS)
        .order_by("code")
    )
    if not months or not offices:
        return [], None
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for names, month_filter in (
        (("completed", "terminated"), {"month__gte": months[0], "month__lte": months[-1]}),
        (("carried_out", "without_conditions"), {"month": months[-1]}),
    ):
        totals = (
            Rollup.objects.filter(
                indicator__in=[f"thads.{unit}.{name}" for unit in UNITS for name in names],
                agency__in=[office.pk for office in offices],
                **month_filter,
            )
            .values("agency_id", "indicator")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for row in totals:
            unit, name = row["indicator"].split(".")[1:]
            value = int(row["total"])
            if name in ("completed", "terminated"):
                sums[(row["agency_id"], f"{unit}.done")] += value
                sums[(row["agency_id"], f"{unit}.with_conditions")] += value
            else:
                sign = 1 if name == "carried_out" else -1
                sums[(row["agency_id"], f"{unit}.with_conditions")] += sign * value
    targets = {t.agency_id: t for t in Target.objects.filter(year=year, agency__in=offices)}

    def progress(agency: Agency | None, pks: list[int], target: Target | None) -> TargetProgress:
        total = {
            code: sum(sums.get((pk, code), 0) for pk in pks)
            for code in (
                "cases.done",
                "cases.with_conditions",
                "money.done",
                "money.with_conditions",
            )
        }
        return TargetProgress(
            agency,
            target,
            _rate(total["cases.done"], total["cases.with_conditions"]),
            _rate(total["money.done"], total["money.with_conditions"]),
        )

    rows = [progress(office, [office.pk], targets.get(office.pk)) for office in offices]
    return rows, progress(None, [office.pk for office in offices], None)
