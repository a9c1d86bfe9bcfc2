"""Demo: the shipped report forms, filled in by every demo agency that reports them, with
last year's periods approved and accepted and the last closed period mixed: some forms
accepted, some approved, one submitted and waiting, some returned with a comment, some never
sent (late), and drafts of the period in progress.

Everything goes through the services. The submissions of past periods are then back-dated to
the eve of their deadline (a demo made in December would otherwise show every past form as
late); the forms meant to be late keep today's time."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from tuphap.accounts import services as account_services
from tuphap.accounts.models import Agency, User
from tuphap.accounts.roles import Role
from tuphap.core.demo import DEMO_PASSWORD, Output
from tuphap.core.periods import Period
from tuphap.places.models import AdministrativeUnit, Level
from tuphap.statistics.aggregate import historic, permissions, rules, selectors, services, shipped
from tuphap.statistics.aggregate.models import DataSet, FormReport, HistoricBatch
from tuphap.statistics.indicators import Aggregation, TimeBehaviour
from tuphap.statistics.registry import registry

RETURN_COMMENT = "Số liệu chưa khớp với sổ theo dõi của đơn vị; đề nghị kiểm tra, sửa và gửi lại."


def _officer(agency: Agency) -> User:
    """The agency's statistics officer (the demo logins first, else a helper account)."""
    found = User.objects.filter(
        agency=agency, roles__role=Role.STATISTICS_OFFICER, is_active=True
    ).order_by("id")
    user = found.first()
    if user is not None:
        return user
    return account_services.user_create(
        actor=None,
        username=f"demo.thongke.{agency.code.lower()}",
        password=DEMO_PASSWORD,
        agency=agency,
        roles=[Role.STATISTICS_OFFICER],
        full_name=f"Thống kê {agency.name}",
        check_password=False,
    )


def _approver(report: FormReport) -> User | None:
    for user in User.objects.filter(roles__role=Role.REPORT_APPROVER, is_active=True).order_by(
        "id"
    ):
        if permissions.can_approve(user, report):
            return user
    return None


def _ministry() -> User | None:
    return (
        User.objects.filter(
            roles__role=Role.STATISTICS_OFFICER, agency__level="national", is_active=True
        )
        .order_by("id")
        .first()
    )


def values_for(data_set: DataSet, generator: random.Random, scale: int) -> dict[str, int]:
    """Plausible figures that pass the form's errors: random cells, then each "at most" scaled
    down and each equality closed by its last right-hand term."""
    grid = selectors.grid_of(data_set)
    cells: dict[tuple[str, str | None], int] = {}
    for row in grid.rows:
        for option in row.options or (None,):
            cells[(row.element.code, option)] = generator.randint(scale // 2, scale)
    layout = grid.layout
    for spec in selectors.rule_specs(data_set):
        if spec.kind == "at_most":
            left_terms, right_terms = rules.parse(spec.left), rules.parse(spec.right)
            left, _ = rules.evaluate(left_terms, layout, cells)
            right, _ = rules.evaluate(right_terms, layout, cells)
            if left > right:
                for _sign, element, option in left_terms:
                    for cell in layout.cells_of(element, option):
                        cells[cell] = cells[cell] * right // max(left, 1)
        elif spec.kind == "equal":
            left, _ = rules.evaluate(rules.parse(spec.left), layout, cells)
            right_terms = rules.parse(spec.right)
            last, others = right_terms[-1], right_terms[:-1]
            other_value, _ = rules.evaluate(others, layout, cells)
            if other_value > left:
                for _sign, element, option in others:
                    for cell in layout.cells_of(element, option):
                        cells[cell] = cells[cell] * left // max(other_value, 1)
                other_value, _ = rules.evaluate(others, layout, cells)
            cells[(last[1], last[2])] = left - other_value
    return {
        services.cell_name(element, option): value for (element, option), value in cells.items()
    }


def _periods(data_set: DataSet, today: datetime.date) -> Iterator[tuple[Period, str]]:
    """(period, plan): last year's periods all accepted, the last closed one mixed, the one in
    progress as drafts."""
    recent = selectors.recent_periods(data_set, today, count=4)
    current = recent[0] if recent[0].end >= today else None
    closed = [period for period in recent if period.end < today]
    for period in reversed(closed[1:]):
        yield period, "history"
    if closed:
        yield closed[0], "mixed"
    if current is not None:
        yield current, "draft"


PLANS = ("accepted", "approved", "returned", "missing", "submitted", "accepted")


@transaction.atomic
def _fill(data_set: DataSet, today: datetime.date, generator: random.Random) -> dict[str, int]:
    counts: dict[str, int] = {}
    ministry = _ministry()
    agencies = list(
        selectors.reporters_of(data_set, selectors.period_of(data_set.period_type, today.year, 1))
    )
    for number, agency in enumerate(agencies):
        officer = _officer(agency)
        scale = generator.randint(8, 60)
        for period, plan in _periods(data_set, today):
            outcome = "accepted" if plan == "history" else plan
            if plan == "mixed":
                outcome = PLANS[(number + len(data_set.code)) % len(PLANS)]
            if plan == "draft":
                outcome = "draft" if number % 2 == 0 else "missing"
            if outcome == "missing":
                counts["missing"] = counts.get("missing", 0) + 1
                continue
            report = services.report_open(actor=officer, data_set=data_set, period=period.code)
            if report.status != "draft":
                continue  # a second demo run keeps what the first made
            services.values_save(
                actor=officer, report=report, cells=values_for(data_set, generator, scale)
            )
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "draft":
                continue
            services.report_submit(actor=officer, report=report)
            if plan == "history" or (number % 3 != 1):
                on_time = datetime.datetime.combine(
                    report.deadline - datetime.timedelta(days=1),
                    datetime.time(16, 0),
                    tzinfo=timezone.get_current_timezone(),
                )
                FormReport.objects.filter(pk=report.pk).update(submitted_at=on_time, late=False)
            if outcome == "submitted":
                continue
            approver = _approver(report)
            if approver is None:
                continue
            if outcome == "returned":
                services.report_return(actor=approver, report=report, comment=RETURN_COMMENT)
                continue
            services.report_approve(actor=approver, report=report)
            if outcome == "accepted" and ministry is not None:
                services.report_accept(actor=ministry, report=report)
    return counts


def load(output: Output, today: datetime.date | None = None, seed: int = 15) -> dict[str, Any]:
    shipped.load()
    today = today or timezone.localdate()
    generator = random.Random(seed)  # noqa: S311  (demo figures, reproducible)
    totals: dict[str, int] = {}
    for data_set in DataSet.objects.filter(active=True).order_by("code"):
        for key, value in _fill(data_set, today, generator).items():
            totals[key] = totals.get(key, 0) + value
    summary = ", ".join(f"{value} {key}" for key, value in sorted(totals.items()))
    output.write(f"  report forms: {DataSet.objects.count()} data sets; forms {summary}")
    loaded = load_historic(today, generator)
    if loaded:
        output.write(
            f"  historic figures: {loaded} figures of {today.year - 2} loaded and approved"
        )
    return totals


HISTORIC_TITLE = "Số liệu thống kê các năm trước (nhập từ báo cáo giấy)"


def load_historic(today: datetime.date, generator: random.Random) -> int:
    """The year before the registers' demo data (two years back), as the ministry reported it:
    a few register indicators by province, uploaded by the ministry's statistics officer and
    approved by its report approver, through the services (ADR 0016). Once only."""
    if HistoricBatch.objects.filter(title=HISTORIC_TITLE).exists():
        return 0
    statistician = _ministry()
    approver = (
        User.objects.filter(
            roles__role=Role.REPORT_APPROVER, agency__level="national", is_active=True
        )
        .order_by("id")
        .first()
    )
    if statistician is None or approver is None:
        return 0
    codes = [
        indicator
        for indicator in registry.stored()
        if not indicator.code.startswith("form.")
        and indicator.aggregation is Aggregation.SUM
        and indicator.time is TimeBehaviour.FLOW
    ][:4]
    year = today.year - 2
    last, first = datetime.date(year, 12, 1), datetime.date(year, 1, 1)
    provinces = list(
        AdministrativeUnit.objects.filter(level=Level.PROVINCE).valid_on(last).order_by("code")
    )
    figures = [
        historic.ParsedFigure(
            indicator=indicator.code,
            period=str(year),
            month=last,
            first_month=first,
            last_month=last,
            place_id=province.pk,
            province_id=province.pk,
            agency_id=None,
            value=generator.randint(20, 400),
        )
        for indicator in codes
        for province in provinces
    ]
    if not figures:
        return 0
    with transaction.atomic():
        batch = historic.batch_upload(actor=statistician, title=HISTORIC_TITLE, figures=figures)
        historic.batch_approve(
            actor=approver, batch=batch, comment="Đã đối chiếu với báo cáo năm đã gửi Bộ."
        )
    return len(figures)
