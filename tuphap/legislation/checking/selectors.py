"""Reads of checks and review tasks, limited to the user's jurisdiction, and the register
look-up the citation pre-check uses.

Who sees what: users of a national agency see every check and review task; users of a local
agency see the checks whose case lies in their jurisdiction (the case engine's rule): the check of
a central document is a central-level case (no place), which no local jurisdiction covers; and
the review tasks of local bodies in their jurisdiction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework import permissions as case_permissions
from tuphap.casework.models import Case
from tuphap.core.errors import NotFound
from tuphap.legislation.checking import prechecks
from tuphap.legislation.checking.models import (
    CheckConclusion,
    CheckFinding,
    DocumentCheck,
    ReviewItem,
    ReviewStatus,
    ReviewTask,
)
from tuphap.legislation.checking.workflow import REGISTER
from tuphap.legislation.documents import numbering, permissions
from tuphap.legislation.documents.models import Document, ValidityEvent

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill


def _national(user: Any) -> bool:
    agency = getattr(user, "agency", None)
    return agency is not None and agency.is_national


def check_list_for_user(
    user: Any,
    *,
    state: str | None = None,
    overdue: bool | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[DocumentCheck]:
    """The checks ``user`` may see, soonest due first (closed ones last)."""
    if not permissions.can_read(user):
        return DocumentCheck.objects.none()
    now = now or timezone.now()
    cases = case_permissions.visible_cases(Case.objects.filter(register=REGISTER), user)
    if state:
        cases = cases.filter(state=state)
    if overdue is True:
        cases = cases.overdue(now)
    elif overdue is False:
        cases = cases.exclude(pk__in=Case.objects.overdue(now).values("pk"))
    checks = DocumentCheck.objects.filter(case__in=cases.values("pk"))
    return checks.select_related(
        "case", "case__agency", "case__assignee", "document", "document__place"
    ).order_by("case__closed_at", "case__due_at", "-case__opened_at", "case_id")


def check_get_for_user(user: Any, case_id: int) -> DocumentCheck:
    check = (
        check_list_for_user(user)
        .prefetch_related(Prefetch("findings", queryset=CheckFinding.objects.order_by("order")))
        .select_related("outcome_document")
        .filter(case_id=case_id)
        .first()
    )
    if check is None:
        raise NotFound(_("No such check."))
    return check


# -- the register, for the citation pre-check -----------------------------------------------------


class DatabaseRegister:
    """Finds cited numbers in the register with their validity status on a day. A number that
    several issuers use (every province has a ``15/2025/NQ-HĐND``) is narrowed to the citing
    document's own place."""

    def find(
        self,
        numbers: Sequence[numbering.DocumentNumber],
        *,
        day: datetime.date,
        place_id: int | None,
    ) -> Mapping[numbering.DocumentNumber, list[prechecks.CitedDocument]]:
        wanted = {str(number): number for number in numbers}
        rows = list(
            Document.objects.filter(number__in=wanted).only("id", "number", "title", "place_id")
        )
        statuses: dict[int, str] = {}
        for event in ValidityEvent.objects.filter(
            document_id__in=[row.pk for row in rows], occurred_on__lte=day
        ).order_by("document_id", "occurred_on", "id"):
            statuses[event.document_id] = event.status
        found: dict[numbering.DocumentNumber, list[Document]] = defaultdict(list)
        for row in rows:
            found[wanted[row.number]].append(row)
        result: dict[numbering.DocumentNumber, list[prechecks.CitedDocument]] = {}
        for number, documents in found.items():
            if len(documents) > 1 and place_id is not None:
                local = [row for row in documents if row.place_id == place_id]
                documents = local or documents
            result[number] = [
                prechecks.CitedDocument(row.pk, row.number, row.title, statuses.get(row.pk))
                for row in documents
            ]
        return result


def subject_of(document: Document) -> prechecks.Subject:
    """The document as the pre-checks read it: its latest text and own provision dates."""
    version = document.versions.order_by("-version_date", "-id").first()
    provision_dates = (
        {
            row.eid: row.effective_on
            for row in version.provisions.filter(effective_on__isnull=False).only(
                "eid", "effective_on"
            )
            if row.effective_on is not None
        }
        if version
        else {}
    )
    return prechecks.Subject(
        doc_type=document.doc_type,
        number=document.number,
        issuer=document.issuer,
        signed_on=document.signed_on,
        effective_on=document.effective_on,
        text=version.text if version else "",
        preamble=version.preamble if version else None,
        place_id=document.place_id,
        place_name=document.place.name if document.place else None,
        provision_dates=provision_dates,
    )


# -- review tasks ---------------------------------------------------------------------------------


def review_task_list_for_user(
    user: Any, *, responsible: str | None = None, open_only: bool = False
) -> QuerySet[ReviewTask]:
    if not permissions.can_read(user):
        return ReviewTask.objects.none()
    tasks = ReviewTask.objects.all()
    if not _national(user):
        tasks = jurisdiction.scope(tasks, user, place_field="place")
    if responsible:
        tasks = tasks.filter(responsible=responsible)
    if open_only:
        tasks = tasks.filter(completed_at__isnull=True)
    return (
        tasks.select_related("document", "source_document", "place")
        .annotate(
            item_count=Count("items"),
            open_count=Count("items", filter=Q(items__status=ReviewStatus.TO_REVIEW)),
        )
        .order_by("-triggered_on", "-id")
    )


def review_task_get_for_user(user: Any, task_id: int) -> ReviewTask:
    task = (
        review_task_list_for_user(user)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ReviewItem.objects.select_related("document", "reviewed_by").order_by(
                    "id"
                ),
            )
        )
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound(_("No such review task."))
    return task


@dataclass
class ResponsibleGroup:
    responsible: str
    tasks: list[ReviewTask]

    @property
    def open_items(self) -> int:
        return sum(getattr(task, "open_count", 0) for task in self.tasks)


def review_tasks_by_responsible(user: Any, *, open_only: bool = True) -> list[ResponsibleGroup]:
    """The review tasks ``user`` may see, grouped by the body that must review, the body with
    the most documents still to review first."""
    groups: dict[str, list[ReviewTask]] = defaultdict(list)
    for task in review_task_list_for_user(user, open_only=open_only):
        groups[task.responsible].append(task)
    result = [ResponsibleGroup(name, tasks) for name, tasks in groups.items()]
    result.sort(key=lambda group: (-group.open_items, group.responsible))
    return result


# The review figures of the checking register (ADR 0018) and, for each, the checks it counts,
# as ``checking.indicators`` does: checked and found unlawful by the day the findings were
# recorded, handled by the day the issuer's handling was recorded; a check is placed at the
# document's province and attributed to the checking agency.
DRILL_FIGURES = ("examined", "unlawful", "handled")


def check_drill(drill: Drill) -> Q:
    """The checks behind ``drill`` (one of :data:`DRILL_FIGURES`)."""
    if drill.figure == "handled":
        chosen = Q(**drill.days("outcome_on"))
    else:
        chosen = Q(**drill.days("examined_on"))
        if drill.figure == "unlawful":
            chosen &= Q(conclusion=CheckConclusion.UNLAWFUL)
    return chosen & drill.within("province", "agency_id")
