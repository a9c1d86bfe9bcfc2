"""Reads of the law-making programme and the appraisal registers. The programme is public to
signed-in users; proposals and drafts go through the case engine's selectors (jurisdiction): a
central body's dossier is a central-level case, seen by national agencies and its appraising unit
only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.legislation.programme import permissions, workflow
from tuphap.legislation.programme.models import (
    LegislativeDraft,
    LegislativeProposal,
    Programme,
    ProgrammeItem,
    ProgrammeItemEvent,
)

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill

Dossier = LegislativeProposal | LegislativeDraft
DETAIL_RELATION = {workflow.PROPOSAL: "legislation_proposal", workflow.DRAFT: "legislation_draft"}
_DETAIL_RELATED = ("drafting_agency", "appraising_unit", "item")


def _ensure_reader(user: Any) -> None:
    if not permissions.can_read_programme(user):
        raise AccessDenied(_("Sign in to read the law-making programme."))


def programme_list(user: Any) -> QuerySet[Programme]:
    _ensure_reader(user)
    return Programme.objects.order_by("-year")


def programme_get(user: Any, *, year: int) -> Programme:
    _ensure_reader(user)
    programme = Programme.objects.filter(year=year).first()
    if programme is None:
        raise NotFound(_("No programme is recorded for %(year)s.") % {"year": year})
    return programme


def programme_current(user: Any) -> Programme | None:
    """This year's programme, else the latest recorded."""
    _ensure_reader(user)
    today = timezone.localdate()
    return (
        Programme.objects.filter(year=today.year).first()
        or Programme.objects.order_by("-year").first()
    )


def item_list(programme: Programme) -> QuerySet[ProgrammeItem]:
    return (
        ProgrammeItem.objects.filter(programme=programme)
        .select_related("programme", "lead_agency", "document")
        .order_by("planned_month", "id")
    )


def items_with_overdue_appraisal(
    programme: Programme, now: datetime.datetime | None = None
) -> set[int]:
    """The ids of the programme's items with a proposal or draft whose appraisal is overdue."""
    overdue = Case.objects.overdue(now or timezone.now()).filter(state=workflow.APPRAISAL_REQUESTED)
    ids: set[int] = set()
    for model in (LegislativeProposal, LegislativeDraft):
        ids |= set(
            model.objects.filter(item__programme=programme, case__in=overdue).values_list(
                "item_id", flat=True
            )
        )
    return ids


def item_get(user: Any, *, item_id: int) -> ProgrammeItem:
    _ensure_reader(user)
    item = (
        ProgrammeItem.objects.select_related("programme", "lead_agency", "document")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ProgrammeItemEvent.objects.select_related("actor").order_by(
                    "occurred_on", "id"
                ),
            )
        )
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("No such programme item."))
    return item


def dossiers_of_item(user: Any, item: ProgrammeItem) -> list[Dossier]:
    """The proposals and drafts of ``item`` the user may see."""
    visible = case_selectors.case_list_for_user(user).values("id")
    rows: list[Dossier] = []
    for model in (LegislativeProposal, LegislativeDraft):
        rows.extend(
            model.objects.filter(item=item, case__in=visible)
            .select_related("case", *_DETAIL_RELATED)
            .order_by("received_on")
        )
    return rows


def dossier_list_for_user(
    user: Any,
    *,
    register: str | None = None,
    state: str | None = None,
    overdue: bool | None = None,
    ordering: str = "-opened_at",
) -> QuerySet[Case]:
    """Proposals and drafts the user may see, with their details (one query per page)."""
    registers = [register] if register else list(DETAIL_RELATION)
    cases = case_selectors.case_list_for_user(
        user, register=register, state=state, overdue=overdue, ordering=ordering
    ).filter(register__in=registers)
    related = [f"{DETAIL_RELATION[code]}__{name}" for code in registers for name in _DETAIL_RELATED]
    return cases.select_related(*related)


def detail_of(case: Case) -> Dossier:
    relation = DETAIL_RELATION.get(case.register)
    if relation is None:
        raise NotFound(_("No such proposal or draft."))
    detail: Dossier = getattr(case, relation)
    return detail


def dossier_get_for_user(user: Any, *, case_id: int) -> Dossier:
    """One proposal or draft, if the user may see it; 404 otherwise."""
    case = case_selectors.case_get_for_user(user, case_id)
    related = [*_DETAIL_RELATED, "item__programme"]
    detail: Dossier | None
    if case.register == workflow.PROPOSAL:
        detail = LegislativeProposal.objects.select_related(*related).filter(case=case).first()
    elif case.register == workflow.DRAFT:
        detail = (
            LegislativeDraft.objects.select_related(*related, "document").filter(case=case).first()
        )
    else:
        detail = None
    if detail is None:
        raise NotFound(_("No such proposal or draft."))
    detail.case = case  # keep the related rows the case selector loaded
    return detail


@dataclass(frozen=True)
class DueAppraisal:
    case: Case
    detail: Dossier
    overdue: bool


def appraisals_due_for_user(
    user: Any, *, now: datetime.datetime | None = None
) -> list[DueAppraisal]:
    """The dossiers awaiting an appraisal report (running, or standing still while postponed)
    from the user's unit, earliest due first; the ministry itself sees those of all its units."""
    now = now or timezone.now()
    cases = dossier_list_for_user(user, ordering="due_at").filter(
        Q(state=workflow.APPRAISAL_REQUESTED) | Q(state=workflow.POSTPONED, due_at__isnull=False)
    )
    agency = getattr(user, "agency", None)
    if agency is None:
        return []
    if not (agency.is_national and agency.parent_id is None):
        cases = cases.filter(
            Q(legislation_proposal__appraising_unit=agency)
            | Q(legislation_draft__appraising_unit=agency)
        )
    return [DueAppraisal(case, detail_of(case), case.is_overdue(now)) for case in cases]


# The review figures (ADR 0018) the dossiers list drills to, and the registers whose appraisal
# reports each counts, as ``programme.indicators`` does: every report recorded
# (``record_appraisal``) by its report day, at the dossier's place, for the appraising unit; a
# dossier appraised again after revision counts twice.
APPRAISAL_FIGURES: dict[str, frozenset[str]] = {
    "proposals": frozenset({workflow.PROPOSAL}),
    "drafts": frozenset({workflow.DRAFT}),
    "appraisals": frozenset({workflow.PROPOSAL, workflow.DRAFT}),
}
# The drafts submitted in the window, at the dossier's place, for the drafting agency (every
# type, or the central documents a ministry submits: ``programme.indicators``).
SUBMISSION_FIGURES = ("submitted", "central_submitted")
DRILL_FIGURES = (*APPRAISAL_FIGURES, *SUBMISSION_FIGURES)


def drafts_submitted(drill: Drill, cases: QuerySet[Case]) -> QuerySet[Case]:
    """The draft dossiers of ``cases`` that ``drill``'s submission figure counts."""
    from tuphap.legislation.programme.indicators import SUBMITTED_TYPES

    chosen = cases.filter(
        drill.within("place", "legislation_draft__drafting_agency_id"),
        register=workflow.DRAFT,
        **drill.days("legislation_draft__submitted_on"),
    )
    if drill.figure == "central_submitted":
        chosen = chosen.filter(legislation_draft__doc_type__in=sorted(SUBMITTED_TYPES))
    return chosen


def dossier_drill(drill: Drill, cases: QuerySet[Case]) -> tuple[QuerySet[Case], int]:
    """The dossiers of ``cases`` the figure counts and their number: the drafts submitted in the
    window, or the dossiers appraised in it with the number of their reports."""
    from tuphap.casework.models import CaseAction

    if drill.figure in SUBMISSION_FIGURES:
        chosen = drafts_submitted(drill, cases)
        return chosen, chosen.count()
    units = drill.units()
    inside = None if units is None else set(units.values_list("pk", flat=True))
    reports: dict[int, int] = {}
    actions = CaseAction.objects.filter(
        transition="record_appraisal", case__register__in=APPRAISAL_FIGURES[drill.figure]
    ).values_list("case_id", "payload", "case__place_id", "case__agency_id")
    for case_id, payload, place_id, agency_id in actions.iterator():
        try:
            day = datetime.date.fromisoformat(str(payload.get("report_on")))
        except ValueError:
            continue
        if not drill.start <= day <= drill.end:
            continue
        if inside is not None and place_id not in inside:
            continue
        if drill.agency is not None and agency_id != drill.agency:
            continue
        reports[case_id] = reports.get(case_id, 0) + 1
    chosen = cases.filter(pk__in=list(reports))
    return chosen, sum(reports[pk] for pk in chosen.values_list("pk", flat=True))
