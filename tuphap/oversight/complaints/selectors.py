"""The reads of the complaint register, for a user (the case engine's jurisdiction and need to
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
from tuphap.oversight.complaints import workflow as flow
from tuphap.oversight.complaints.models import Complaint


def visible_details(user: Any) -> QuerySet[Complaint]:
    cases = case_permissions.visible_cases(Case.objects.filter(register=flow.REGISTER), user)
    return Complaint.objects.filter(case__in=cases).select_related(
        "case", "case__place", "case__assignee", "agency"
    )


def search(user: Any, text: str = "", state: str = "") -> QuerySet[Complaint]:
    """The list's filter: by state, and by the case number, the subject, the act or the
    respondent."""
    rows = visible_details(user)
    if state:
        flow.SPEC.state(state)
        rows = rows.filter(case__state=state)
    text = text.strip()
    if text:
        condition = (
            Q(subject__icontains=text)
            | Q(act_description__icontains=text)
            | Q(respondent__icontains=text)
        )
        if text.isdigit():
            condition |= Q(case__number=int(text))
        rows = rows.filter(condition)
    return rows.order_by("-case__opened_at", "-case_id")


def detail_get_for_user(user: Any, case_id: int) -> Complaint:
    case = case_selectors.case_get_for_user(user, case_id)
    if case.register != flow.REGISTER:
        raise NotFound(_("No such complaint."))
    detail = Complaint.objects.select_related("agency", "letter").filter(case=case).first()
    if detail is None:
        raise NotFound(_("No such complaint."))
    detail.case = case
    return detail


@dataclass(frozen=True)
class QueueRow:
    detail: Complaint
    kind: str  # "accept", "resolve", "window", "effect"
    due_on: datetime.date | None
    days_left: int | None

    @property
    def state_label(self) -> str:
        return flow.SPEC.state_label(self.detail.case.state)


def _kind(state: str) -> str:
    if state in (flow.RECEIVED, flow.SECOND_RECEIVED):
        return "accept"
    if state in flow.RESOLVING:
        return "resolve"
    if state == flow.SUSPENDED:
        return "suspended"
    if state in (flow.FIRST_DECIDED, flow.SECOND_DECIDED):
        return "window"
    return "effect"


def workqueue(user: Any, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The open complaints, most urgent first, with the statutory days left: to accept, to
    resolve, in the window after a decision, suspended, to enforce."""
    now = now or timezone.now()
    today = case_deadlines.local_date(now)
    rows: list[QueueRow] = []
    open_rows = (
        visible_details(user)
        .filter(case__closed_at__isnull=True)
        .order_by(F("case__due_at").asc(nulls_last=True), "case_id")
    )
    for detail in open_rows:
        due = case_deadlines.local_date(detail.case.due_at) if detail.case.due_at else None
        rows.append(
            QueueRow(detail, _kind(detail.case.state), due, (due - today).days if due else None)
        )
    return rows
