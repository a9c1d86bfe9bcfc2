"""The reads of the denunciation register, for a user (the case engine's jurisdiction and need
to know by role). No read here but ``denouncers_for`` touches the denouncers: lists, workqueue,
search, dashboard, the API's lists and the figures read ``Denunciation`` only."""

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
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.oversight.denunciations import permissions
from tuphap.oversight.denunciations import workflow as flow
from tuphap.oversight.denunciations.models import Denouncer, Denunciation


def visible_details(user: Any) -> QuerySet[Denunciation]:
    cases = case_permissions.visible_cases(Case.objects.filter(register=flow.REGISTER), user)
    return Denunciation.objects.filter(case__in=cases).select_related(
        "case", "case__place", "case__assignee", "agency"
    )


def search(user: Any, text: str = "", state: str = "") -> QuerySet[Denunciation]:
    """The list's filter: by state, and by the case number, the subject or the person
    denounced — never by the denouncer."""
    rows = visible_details(user)
    if state:
        flow.SPEC.state(state)
        rows = rows.filter(case__state=state)
    text = text.strip()
    if text:
        condition = Q(subject__icontains=text) | Q(denounced_name__icontains=text)
        if text.isdigit():
            condition |= Q(case__number=int(text))
        rows = rows.filter(condition)
    return rows.order_by("-case__opened_at", "-case_id")


def detail_get_for_user(user: Any, case_id: int) -> Denunciation:
    case = case_selectors.case_get_for_user(user, case_id)
    if case.register != flow.REGISTER:
        raise NotFound(_("No such denunciation."))
    detail = (
        Denunciation.objects.select_related("agency", "transferred_to").filter(case=case).first()
    )
    if detail is None:
        raise NotFound(_("No such denunciation."))
    detail.case = case
    return detail


def denouncers_for(user: Any, detail: Denunciation) -> list[Denouncer]:
    """The denouncers of ``detail``, for the resolver or a user given the right: every read is
    audited (who, which case, how many); anyone else is refused, and the refusal audited."""
    if not permissions.can_see_identity(user, detail.case):
        audit.record_read(
            actor=user,
            action="oversight.denunciation.identity_refused",
            obj=detail.case,
            data={},
        )
        raise AccessDenied(_("The denouncer's identity is protected."))
    people = list(Denouncer.objects.filter(denunciation=detail).order_by("position"))
    audit.record_read(
        actor=user,
        action="oversight.denunciation.identity_read",
        obj=detail.case,
        data={"denouncers": len(people)},
    )
    return people


@dataclass(frozen=True)
class QueueRow:
    detail: Denunciation
    kind: str  # "check", "resolve", "suspended", "handle"
    due_on: datetime.date | None
    days_left: int | None

    @property
    def state_label(self) -> str:
        return flow.SPEC.state_label(self.detail.case.state)


def workqueue(user: Any, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The open denunciations, most urgent first, with the statutory days left."""
    now = now or timezone.now()
    today = case_deadlines.local_date(now)
    rows: list[QueueRow] = []
    open_rows = (
        visible_details(user)
        .filter(case__closed_at__isnull=True)
        .order_by(F("case__due_at").asc(nulls_last=True), "case_id")
    )
    for detail in open_rows:
        state = detail.case.state
        kind = (
            "check"
            if state in flow.BEFORE_ACCEPTANCE
            else "resolve"
            if state in flow.RESOLVING
            else "suspended"
            if state == flow.SUSPENDED
            else "handle"
        )
        # A suspended denunciation's clock stands still: no days are running out.
        due_at = detail.case.due_at if detail.case.paused_at is None else None
        due = case_deadlines.local_date(due_at) if due_at else None
        rows.append(QueueRow(detail, kind, due, (due - today).days if due else None))
    return rows
