"""Historic figures of past periods (ADR 0016): loading, approval and what reports use.

A ministry that starts using tuphap in the middle of a term loads what it reported before,
indicator by indicator (a register's or a form's), unit by unit and period by period, from a
workbook (``historic_xlsx``). An upload is one ``HistoricBatch``: submitted by the ministry's
statistics officer, approved or rejected by the ministry's report approver, withdrawn when it
must no longer count. Every step is one transaction with its event and audit row.

Reports read an approved figure only where **no record** of the same indicator exists for the
same province (central level: no place) in any month of the figure's period: records win
where both exist. The report engine adds the figures it uses beside the rollup rows and marks
the windows they reached (``reports.Report`` rows' ``historic``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit, periods
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.core.periods import months_between
from tuphap.places.models import UnitSuccession
from tuphap.statistics.aggregate import permissions
from tuphap.statistics.aggregate.models import (
    HistoricAction,
    HistoricBatch,
    HistoricEvent,
    HistoricFigure,
    HistoricStatus,
)
from tuphap.statistics.models import Rollup

# -- what reports use ---------------------------------------------------------------------------


def unshadowed(figures: QuerySet[Any]) -> QuerySet[Any]:
    """``figures`` without those a record shadows: a rollup row of the same indicator and
    province (central level: none) in any month of the figure's period.

    Two small grouped queries decide it: the figures' (indicator, province, period) and the
    rollups' (indicator, province, month) over those periods (index order); the shadowed ones
    are then excluded by indicator, period and province list, a handful of conditions. (A
    correlated ``NOT EXISTS`` per figure scans the rollup index over the whole period for
    every figure of a province without records: seconds on a national table.)"""
    figures = figures.order_by()
    combos = set(
        figures.values_list("indicator", "province", "first_month", "last_month").distinct()
    )
    if not combos:
        return figures
    present = set(
        Rollup.objects.filter(
            indicator__in={combo[0] for combo in combos},
            month__gte=min(combo[2] for combo in combos),
            month__lte=max(combo[3] for combo in combos),
        )
        .values_list("indicator", "province", "month")
        .distinct()
        .order_by()
    )
    if not present:
        return figures
    shadowed: dict[tuple[str, datetime.date, datetime.date], set[int | None]] = defaultdict(set)
    for indicator, province, first, last in combos:
        if any((indicator, province, month) in present for month in months_between(first, last)):
            shadowed[(indicator, first, last)].add(province)
    if not shadowed:
        return figures
    # One condition per period and set of provinces, whatever the number of indicators: the
    # records of a register usually start for many indicators and provinces at once.
    groups: dict[tuple[datetime.date, datetime.date, frozenset[int | None]], set[str]] = (
        defaultdict(set)
    )
    for (indicator, first, last), provinces in shadowed.items():
        groups[(first, last, frozenset(provinces))].add(indicator)
    condition = Q()
    for (first, last, members), indicators in groups.items():
        known = sorted(province for province in members if province is not None)
        where = Q(province__in=known) if known else Q()
        if None in members:
            where = (where | Q(province__isnull=True)) if known else Q(province__isnull=True)
        condition |= Q(where, indicator__in=sorted(indicators), first_month=first, last_month=last)
    return figures.exclude(condition)


def effective(codes: Iterable[str], first: datetime.date, last: datetime.date) -> QuerySet[Any]:
    """The approved historic figures of ``codes`` lying in ``first``–``last`` that no record
    shadows. Same columns as the rollup table (indicator, month, place, province, agency,
    value), so the report engine groups both alike."""
    return unshadowed(
        HistoricFigure.objects.filter(
            batch__status=HistoricStatus.APPROVED,
            indicator__in=list(codes),
            month__gte=first,
            month__lte=last,
        )
    )


def exists(codes: Iterable[str]) -> bool:
    """Whether any approved historic figure of ``codes`` exists, for any period: one index
    probe that lets a report skip the historic queries when there is none."""
    return HistoricFigure.objects.filter(
        batch__status=HistoricStatus.APPROVED, indicator__in=list(codes)
    ).exists()


def form_cells_last_year(report: Any) -> dict[tuple[str, str | None], int] | None:
    """A form's cells of the same period last year from approved historic figures, for its
    jump warnings when the unit did not report that period in tuphap (None when there are
    none): the figures of ``form.<data set>.<element>[.<option>]`` for that period at the
    report's place, or at the units it succeeded (a commune merged in 2025 compares with the
    communes it was made of), given for its agency or for no agency. A broken-down element is
    compared through its options' figures."""
    period = periods.parse(report.period).same_period_last_year()
    prefix = f"form.{report.data_set.code}."
    figures = HistoricFigure.objects.filter(
        batch__status=HistoricStatus.APPROVED, indicator__startswith=prefix, period=period.code
    ).filter(Q(agency_id=report.agency_id) | Q(agency__isnull=True))
    if report.place_id is None:
        figures = figures.filter(place__isnull=True)
    else:
        before = UnitSuccession.objects.filter(successor_id=report.place_id).values(
            "predecessor_id"
        )
        figures = figures.filter(Q(place_id=report.place_id) | Q(place_id__in=before))
    cells: dict[tuple[str, str | None], int] = defaultdict(int)
    for code, value in figures.values_list("indicator", "value"):
        element, _dot, option = code[len(prefix) :].partition(".")
        cells[(element, option or None)] += value
    return dict(cells) or None


# -- loading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedFigure:
    """A figure read from a workbook, checked (``historic_xlsx``)."""

    indicator: str
    period: str
    month: datetime.date
    first_month: datetime.date
    last_month: datetime.date
    place_id: int | None
    province_id: int | None
    agency_id: int | None
    value: int


def _event(actor: Any, batch: HistoricBatch, action: str, comment: str = "") -> None:
    HistoricEvent.objects.create(
        batch=batch, action=action, actor=actor, at=timezone.now(), comment=comment
    )
    data: dict[str, Any] = {"status": batch.status, "figures": batch.figure_count}
    if comment:
        data["comment"] = comment
    audit.record(actor=actor, action=f"statistics.historic.{action}", obj=batch, data=data)


@transaction.atomic
def batch_upload(
    *, actor: Any, title: str, figures: Sequence[ParsedFigure], file_name: str = ""
) -> HistoricBatch:
    """Store an upload's figures (all of them or none), submitted for approval."""
    if not permissions.can_load_historic(actor):
        raise AccessDenied(_("Only the ministry's statistics officer loads historic figures."))
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(
            _("Give the upload a title (e.g. where the figures come from)."),
            fields={"title": _("A title is required.")},
        )
    if not figures:
        raise ValidationFailed(
            _("The workbook holds no figure."), fields={"file": _("No figure was entered.")}
        )
    batch = HistoricBatch.objects.create(
        title=title[:255],
        file_name=file_name[:255],
        agency=actor.agency,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        figure_count=len(figures),
        first_month=min(figure.first_month for figure in figures),
        last_month=max(figure.last_month for figure in figures),
    )
    HistoricFigure.objects.bulk_create(
        [
            HistoricFigure(
                batch=batch,
                indicator=figure.indicator,
                period=figure.period,
                month=figure.month,
                first_month=figure.first_month,
                last_month=figure.last_month,
                place_id=figure.place_id,
                province_id=figure.province_id,
                agency_id=figure.agency_id,
                value=figure.value,
            )
            for figure in figures
        ],
        batch_size=2000,
    )
    _event(actor, batch, HistoricAction.UPLOAD)
    return batch


def _locked(batch_id: int) -> HistoricBatch:
    return HistoricBatch.objects.select_for_update(of=("self",)).get(pk=batch_id)


def _need_state(batch: HistoricBatch, state: str) -> None:
    if batch.status != state:
        raise Conflict(
            _("The upload is %(status)s; this step is not possible now.")
            % {"status": batch.get_status_display().lower()},
            code="wrong_state",
        )


def _overlap(batch: HistoricBatch) -> HistoricFigure | None:
    """A figure of ``batch`` that an approved upload already gives (same indicator, unit and
    agency, overlapping periods): approving both would count it twice."""
    mine = list(batch.figures.all())
    taken: dict[tuple[str, int | None, int | None], list[tuple[datetime.date, datetime.date]]]
    taken = defaultdict(list)
    for indicator, place, agency, first, last in HistoricFigure.objects.filter(
        batch__status=HistoricStatus.APPROVED,
        indicator__in={figure.indicator for figure in mine},
        last_month__gte=batch.first_month,
        first_month__lte=batch.last_month,
    ).values_list("indicator", "place_id", "agency_id", "first_month", "last_month"):
        taken[(indicator, place, agency)].append((first, last))
    for figure in mine:
        for first, last in taken.get((figure.indicator, figure.place_id, figure.agency_id), []):
            if first <= figure.last_month and figure.first_month <= last:
                return figure
    return None


@transaction.atomic
def batch_approve(*, actor: Any, batch: HistoricBatch, comment: str = "") -> HistoricBatch:
    """Approve a submitted upload: its figures count in reports from now on (where no record
    exists). Refused when an approved upload already gives one of its figures."""
    batch = _locked(batch.pk)
    if not permissions.can_approve_historic(actor):
        raise AccessDenied(_("Only the ministry's report approver approves historic figures."))
    _need_state(batch, HistoricStatus.SUBMITTED)
    if batch.uploaded_by_id == actor.pk:
        raise AccessDenied(_("Whoever uploaded the figures does not approve them too."))
    clash = _overlap(batch)
    if clash is not None:
        place = clash.place.code if clash.place is not None else _("central level")
        raise Conflict(
            _(
                "An approved upload already gives %(indicator)s for %(place)s over %(period)s; "
                "withdraw it first."
            )
            % {"indicator": clash.indicator, "place": place, "period": clash.period},
            code="historic_overlap",
        )
    batch.status, batch.comment = HistoricStatus.APPROVED, comment.strip()[:1000]
    batch.save(update_fields=["status", "comment"])
    _event(actor, batch, HistoricAction.APPROVE, batch.comment)
    return batch


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(message, fields={"comment": _("A reason is required.")})
    return text[:1000]


@transaction.atomic
def batch_reject(*, actor: Any, batch: HistoricBatch, comment: str) -> HistoricBatch:
    batch = _locked(batch.pk)
    if not permissions.can_approve_historic(actor):
        raise AccessDenied(_("Only the ministry's report approver rejects historic figures."))
    _need_state(batch, HistoricStatus.SUBMITTED)
    batch.status = HistoricStatus.REJECTED
    batch.comment = _reason(comment, _("Say why the figures are rejected."))
    batch.save(update_fields=["status", "comment"])
    _event(actor, batch, HistoricAction.REJECT, batch.comment)
    return batch


@transaction.atomic
def batch_withdraw(*, actor: Any, batch: HistoricBatch, comment: str) -> HistoricBatch:
    """Stop using an approved upload (a corrected one replaces it); kept, with the reason."""
    batch = _locked(batch.pk)
    if not permissions.can_withdraw_historic(actor):
        raise AccessDenied(_("You may not withdraw historic figures."))
    _need_state(batch, HistoricStatus.APPROVED)
    batch.status = HistoricStatus.WITHDRAWN
    batch.comment = _reason(comment, _("Say why the figures are withdrawn."))
    batch.save(update_fields=["status", "comment"])
    _event(actor, batch, HistoricAction.WITHDRAW, batch.comment)
    return batch


# -- reading --------------------------------------------------------------------------------------


def batch_list_for_user(user: Any) -> QuerySet[HistoricBatch]:
    base = HistoricBatch.objects.select_related("uploaded_by", "agency")
    return base if permissions.can_read_historic(user) else base.none()


def batch_get_for_user(user: Any, batch_id: int) -> HistoricBatch:
    batch = batch_list_for_user(user).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("No such upload of historic figures."))
    return batch


@dataclass(frozen=True)
class IndicatorSummary:
    indicator: str
    figures: int
    total: int
    first_period: str
    shadowed: int  # figures that reports do not use because records exist


def summary_of(batch: HistoricBatch) -> list[IndicatorSummary]:
    """Per indicator: how many figures, their sum, the first period, and how many are
    shadowed by records (so the approver sees what reports will use)."""
    figures = batch.figures.order_by()
    used = set(unshadowed(figures).values_list("id", flat=True))
    all_ids: dict[str, list[int]] = defaultdict(list)
    for figure_id, indicator in figures.values_list("id", "indicator"):
        all_ids[indicator].append(figure_id)
    rows = (
        figures.values("indicator")
        .annotate(count=Count("id"), total=Sum("value"), first=Min("period"))
        .order_by("indicator")
    )
    return [
        IndicatorSummary(
            indicator=row["indicator"],
            figures=row["count"],
            total=int(row["total"] or 0),
            first_period=row["first"],
            shadowed=sum(1 for i in all_ids[row["indicator"]] if i not in used),
        )
        for row in rows
    ]
