"""The reads of the legal aid register, for a user (the case engine's jurisdiction and need to
know by role)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case
from tuphap.core.errors import NotFound
from tuphap.core.periods import month_end
from tuphap.legal_aid.cases import figures
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice


def visible_details(user: Any) -> QuerySet[LegalAidCase]:
    """The legal aid cases ``user`` may see, with their case."""
    cases = case_permissions.visible_cases(Case.objects.filter(register=legal_aid.REGISTER), user)
    return LegalAidCase.objects.filter(case__in=cases).select_related(
        "case", "case__place", "case__legal_aid_notice", "centre", "performer"
    )


def case_list_for_user(user: Any, **filters: Any) -> QuerySet[Case]:
    return case_selectors.case_list_for_user(
        user, register=legal_aid.REGISTER, **filters
    ).select_related("legal_aid_detail", "legal_aid_detail__performer", "place")


def case_get_for_user(user: Any, case_id: int) -> LegalAidCase:
    """One legal aid case, if ``user`` may see it; 404 otherwise."""
    case = case_selectors.case_get_for_user(user, case_id)
    if case.register != legal_aid.REGISTER:
        raise NotFound(_("No such legal aid case."))
    detail = (
        LegalAidCase.objects.select_related("performer", "organisation", "transferred_to", "centre")
        .filter(case=case)
        .first()
    )
    if detail is None:
        raise NotFound(_("No such legal aid case."))
    detail.case = case
    return detail


def notices_for_user(user: Any) -> QuerySet[ProceduralNotice]:
    cases = case_permissions.visible_cases(Case.objects.filter(register=legal_aid.REGISTER), user)
    return ProceduralNotice.objects.filter(case__in=cases).select_related(
        "case", "case__legal_aid_detail", "centre"
    )


@dataclass(frozen=True)
class QueueRow:
    detail: LegalAidCase
    kind: str  # "assign" (notice or acceptance waiting for a performer), "papers", "new"
    due_at: datetime.datetime | None
    hours_left: float | None
    from_notice: bool


def workqueue(user: Any, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The centre's work, most urgent first: accepted cases waiting for a performer (those
    from a procedural body's notice first, then by the hours left), immediate acceptances
    whose eligibility papers are past due, and requests not yet answered."""
    now = now or timezone.now()
    details = visible_details(user).filter(case__closed_at__isnull=True)
    rows: list[QueueRow] = []
    waiting = details.filter(case__state=legal_aid.ACCEPTED).order_by(
        F("case__due_at").asc(nulls_last=True), "case_id"
    )
    with_notice = set(
        ProceduralNotice.objects.filter(case__in=waiting.values("case")).values_list(
            "case_id", flat=True
        )
    )
    for detail in waiting:
        due = detail.case.due_at
        left = (due - now).total_seconds() / 3600 if due else None
        rows.append(QueueRow(detail, "assign", due, left, detail.case_id in with_notice))
    rows.sort(key=lambda row: (not row.from_notice, row.hours_left is None, row.hours_left or 0))
    today = case_deadlines.local_date(now)
    for detail in details.filter(papers_due_on__lt=today, papers_received_on__isnull=True).order_by(
        "papers_due_on"
    ):
        rows.append(QueueRow(detail, "papers", None, None, False))
    for detail in details.filter(
        Q(case__state=legal_aid.RECEIVED) | Q(case__state=legal_aid.NEEDS_DOCUMENTS)
    ).order_by("requested_at"):
        rows.append(QueueRow(detail, "new", None, None, False))
    return rows


@dataclass(frozen=True)
class Dashboard:
    year: int
    until: datetime.date
    totals: dict[str, int]
    months: list[tuple[datetime.date, int, int]]  # (month, accepted, done)
    peak: int
    waiting: int
    overdue: int


def dashboard(user: Any, year: int, *, now: datetime.datetime | None = None) -> Dashboard:
    """The year's figures of the centres ``user`` may see, live from the register (to today
    for the current year), with each month's accepted and done for the chart."""
    now = now or timezone.now()
    today = case_deadlines.local_date(now)
    until = min(datetime.date(year, 12, 31), today)
    centres = set(visible_details(user).values_list("centre_id", flat=True).distinct())
    facts = figures.load(until=until, centres=centres)
    totals = figures.totals(figures.compute(facts, datetime.date(year, 1, 1), until))
    months = []
    month = datetime.date(year, 1, 1)
    while month <= until:
        last = month_end(month)
        values = figures.totals(figures.compute(facts, month, min(last, until)))
        months.append((month, values["accepted"], values["done"]))
        month = last + datetime.timedelta(days=1)
    open_cases = visible_details(user).filter(case__state=legal_aid.ACCEPTED)
    return Dashboard(
        year,
        until,
        totals,
        months,
        max([1, *(max(a, d) for _m, a, d in months)]),
        open_cases.count(),
        open_cases.filter(case__due_at__lt=now).count(),
    )


def my_card(user: Any, *, now: datetime.datetime | None = None) -> dict[str, int]:
    """The home card of a legal aid officer: performers to assign (and past due), requests to
    answer, papers overdue."""
    rows = workqueue(user, now=now)
    return {
        "assign": sum(1 for row in rows if row.kind == "assign"),
        "assign_overdue": sum(
            1 for row in rows if row.kind == "assign" and (row.hours_left or 0) < 0
        ),
        "new": sum(1 for row in rows if row.kind == "new"),
        "papers": sum(1 for row in rows if row.kind == "papers"),
    }
