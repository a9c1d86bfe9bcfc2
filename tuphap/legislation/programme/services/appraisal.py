"""Writes of the two appraisal registers (policy proposals and drafts). Each function is one
transaction: the register detail, the case engine's transition (journal and audit row) and this
module's own audit row; a refusal raises before anything is written.

A proposal or draft is a case of the appraising unit (the case's agency), placed at the drafting
agency's province for a local body; the dossier of a central body is a central-level case (no
place), which only national agencies and the appraising unit see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import services as case_services
from tuphap.casework.models import Case, CaseAction
from tuphap.core import audit
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.legislation.documents import services as document_services
from tuphap.legislation.documents.models import Document, DocumentType
from tuphap.legislation.programme import permissions, workflow
from tuphap.legislation.programme.models import (
    ITEM_DOCUMENT_TYPE,
    AppraisalDetail,
    Conclusion,
    ItemKind,
    ItemStatus,
    LegislativeDraft,
    LegislativeProposal,
    ProgrammeItem,
)
from tuphap.legislation.programme.services import items as services_programme
from tuphap.places.models import AdministrativeUnit

Dossier = LegislativeProposal | LegislativeDraft


@dataclass(frozen=True)
class DocumentData:
    """What registering the promulgated document needs beyond the draft itself."""

    number: str
    issuer: str
    signed_on: datetime.date
    effective_on: datetime.date
    text: str
    signer: str = ""


def _model(register: str) -> type[Dossier]:
    if register == workflow.PROPOSAL:
        return LegislativeProposal
    if register == workflow.DRAFT:
        return LegislativeDraft
    message = _("Choose a proposal or a draft.")
    raise ValidationFailed(message, fields={"register": message})


def _place(drafting_agency: Agency) -> AdministrativeUnit | None:
    """Where the dossier's case is placed: the drafting agency's province for a local body;
    none for a central body (a central-level case, kept by a national appraising unit)."""
    if drafting_agency.province_id is not None and drafting_agency.province is not None:
        return drafting_agency.province
    return None


def _moment(case: Case, day: datetime.date | None, field: str) -> datetime.datetime | None:
    """The time a step dated ``day`` is journaled at: now for today, else noon of that day (or
    just after the case's last step on that day). Refuses the future and dates before the
    last step, naming ``field``."""
    today = timezone.localdate()
    if day is None or day == today:
        return None
    if day > today:
        message = _("The date must not be in the future.")
        raise ValidationFailed(message, fields={field: message})
    last = (
        CaseAction.objects.filter(case=case).order_by("-sequence").values_list("at", flat=True)
    ).first()
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=LOCAL_TIME_ZONE)
    if last is not None:
        if day < case_deadlines.local_date(last):
            message = _("The date is before the dossier's last step (%(day)s).") % {
                "day": case_deadlines.local_date(last).strftime("%d/%m/%Y")
            }
            raise ValidationFailed(message, fields={field: message})
        noon = max(noon, last)
    return noon


def _opened_at(day: datetime.date) -> datetime.datetime | None:
    """A dossier received on an earlier day is journaled as opened at noon of that day."""
    if day >= timezone.localdate():
        return None  # today (a future date is refused by the case engine, naming event_date)
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=LOCAL_TIME_ZONE)


def _step_day(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


def _required(value: str, field: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        message = _("This field is required.")
        raise ValidationFailed(message, fields={field: message})
    return text[:limit]


def _ensure_worker(actor: Any) -> None:
    if not permissions.can_work_on_dossiers(actor):
        raise AccessDenied(_("Your role may not work on proposals and drafts."))


def _transition(
    actor: Any,
    detail: AppraisalDetail,
    name: str,
    *,
    day: datetime.date | None,
    field: str,
    payload: dict[str, Any],
    reason: str = "",
) -> Case:
    case: Case = detail.case  # type: ignore[attr-defined]  # both concrete details have it
    return case_services.case_transition(
        actor=actor,
        case=case,
        transition=name,
        payload=payload,
        reason=reason,
        at=_moment(case, day, field),
    )


def _lock(detail: Dossier) -> Dossier:
    return type(detail).objects.select_for_update().select_related("case").get(pk=detail.pk)


def _record(actor: Any, detail: Dossier, action: str, data: dict[str, Any]) -> None:
    audit.record(
        actor=actor,
        action=f"legislation.{'draft' if isinstance(detail, LegislativeDraft) else 'proposal'}"
        f".{action}",
        obj=detail.case,
        data=data,
    )


@transaction.atomic
def dossier_open(
    *,
    actor: Any,
    register: str,
    title: str,
    doc_type: str,
    drafting_agency: Agency,
    received_on: datetime.date,
    appraising_unit: Agency | None = None,
    item: ProgrammeItem | None = None,
) -> Dossier:
    """Open a proposal or a draft in the drafting state, in the appraising unit (by default the
    actor's agency). A draft of a programme item that is still planned puts it in progress."""
    _ensure_worker(actor)
    model = _model(register)
    title = _required(title, "title", 500)
    if doc_type not in DocumentType.values:
        message = _("Unknown document type.")
        raise ValidationFailed(message, fields={"doc_type": message})
    unit = appraising_unit or getattr(actor, "agency", None)
    if unit is None:
        message = _("Choose the appraising unit.")
        raise ValidationFailed(message, fields={"appraising_unit": message})
    if item is not None:
        expected = ITEM_DOCUMENT_TYPE[ItemKind(item.kind)]
        if doc_type != expected:
            message = _("The programme item is a %(kind)s.") % {"kind": item.get_kind_display()}
            raise ValidationFailed(message, fields={"doc_type": message})
    case = case_services.case_open(
        actor=actor,
        register=register,
        agency=unit,
        place=_place(drafting_agency),
        event_date=received_on,
        # the case goes to the actor when it is opened in the actor's own unit
        assignee=actor if getattr(actor, "agency_id", None) == unit.pk else None,
        payload={"title": title, "doc_type": doc_type, "drafting_agency": drafting_agency.code},
        at=_opened_at(received_on),
    )
    detail = model.objects.create(
        case=case,
        title=title,
        doc_type=doc_type,
        drafting_agency=drafting_agency,
        appraising_unit=unit,
        item=item,
        received_on=received_on,
    )
    if item is not None:
        item.refresh_from_db(fields=["status"])  # another draft may have started it
    if item is not None and model is LegislativeDraft and item.status == ItemStatus.PLANNED:
        services_programme.item_move(
            actor=actor, item=item, to=ItemStatus.IN_PROGRESS, on=received_on
        )
    _record(actor, detail, "opened", {"title": title, "item": item.pk if item else None})
    return detail


@transaction.atomic
def dossier_request_appraisal(
    *, actor: Any, detail: Dossier, requested_on: datetime.date | None = None
) -> Dossier:
    """The full dossier reached the appraising unit: the appraisal period starts (the day of
    receipt not counted)."""
    _ensure_worker(actor)
    detail = _lock(detail)
    day = _step_day(requested_on)
    _transition(
        actor,
        detail,
        "request_appraisal",
        day=requested_on,
        field="requested_on",
        payload={"requested_on": day.isoformat()},
    )
    detail.appraisal_requested_on = day
    detail.save(update_fields=["appraisal_requested_on"])
    _record(actor, detail, "appraisal_requested", {"on": day.isoformat()})
    return detail


@transaction.atomic
def dossier_return(
    *, actor: Any, detail: Dossier, reason: str, returned_on: datetime.date | None = None
) -> Dossier:
    """Send an incomplete dossier back to the drafting agency; the period stops and starts
    afresh when the completed dossier is received."""
    _ensure_worker(actor)
    detail = _lock(detail)
    reason = _required(reason, "reason", 500)
    _transition(
        actor,
        detail,
        "return_for_completion",
        day=returned_on,
        field="returned_on",
        payload={"returned_on": _step_day(returned_on).isoformat()},
        reason=reason,
    )
    _record(actor, detail, "returned", {"reason": reason})
    return detail


@transaction.atomic
def dossier_record_appraisal(
    *,
    actor: Any,
    detail: Dossier,
    report_reference: str,
    conclusion: str,
    report_on: datetime.date | None = None,
) -> Dossier:
    """The appraisal report is issued: its number, date and conclusion (eligible or not yet
    eligible for submission). Whether it came within the time limit is kept for statistics."""
    _ensure_worker(actor)
    detail = _lock(detail)
    report_reference = _required(report_reference, "report_reference", 120)
    if conclusion not in Conclusion.values:
        message = _("Choose eligible or not yet eligible for submission.")
        raise ValidationFailed(message, fields={"conclusion": message})
    day = _step_day(report_on)
    due_at = detail.case.due_at
    on_time = due_at is None or case_deadlines.end_of_day(day) <= due_at
    _transition(
        actor,
        detail,
        "record_appraisal",
        day=report_on,
        field="report_on",
        payload={
            "report_reference": report_reference,
            "report_on": day.isoformat(),
            "conclusion": conclusion,
            "on_time": on_time,
        },
    )
    detail.report_reference = report_reference
    detail.report_on = day
    detail.conclusion = conclusion
    detail.appraised_on_time = on_time
    detail.save(update_fields=["report_reference", "report_on", "conclusion", "appraised_on_time"])
    _record(
        actor,
        detail,
        "appraised",
        {"report": report_reference, "conclusion": conclusion, "on_time": on_time},
    )
    return detail


@transaction.atomic
def dossier_submit(
    *,
    actor: Any,
    detail: Dossier,
    submission_reference: str,
    submitted_on: datetime.date | None = None,
) -> Dossier:
    """The dossier, found eligible, is submitted (tờ trình). A draft's programme item becomes
    submitted."""
    _ensure_worker(actor)
    detail = _lock(detail)
    submission_reference = _required(submission_reference, "submission_reference", 120)
    day = _step_day(submitted_on)
    _transition(
        actor,
        detail,
        "submit",
        day=submitted_on,
        field="submitted_on",
        payload={"submission_reference": submission_reference, "submitted_on": day.isoformat()},
    )
    detail.submission_reference = submission_reference
    detail.submitted_on = day
    detail.save(update_fields=["submission_reference", "submitted_on"])
    item = detail.item
    if (
        isinstance(detail, LegislativeDraft)
        and item is not None
        and item.status in (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)
    ):
        services_programme.item_move(actor=actor, item=item, to=ItemStatus.SUBMITTED, on=day)
    _record(actor, detail, "submitted", {"submission": submission_reference})
    return detail


def _promulgated(
    actor: Any,
    detail: LegislativeDraft,
    document: Document | None,
    document_data: DocumentData | None,
) -> Document:
    if (document is None) == (document_data is None):
        message = _("Link the registered document or give the data to register it.")
        raise ValidationFailed(message, fields={"document": message})
    if document is None:
        assert document_data is not None  # noqa: S101 - checked just above
        document = document_services.document_create(
            actor=actor,
            doc_type=detail.doc_type,
            number=document_data.number,
            issuer=document_data.issuer,
            signer=document_data.signer,
            signed_on=document_data.signed_on,
            effective_on=document_data.effective_on,
            title=detail.title,
            text=document_data.text,
        )
    if document.doc_type != detail.doc_type:
        message = _("The document is not of the draft's type.")
        raise ValidationFailed(message, fields={"document": message})
    return document


@transaction.atomic
def dossier_adopt(
    *,
    actor: Any,
    detail: Dossier,
    adopted_on: datetime.date | None = None,
    document: Document | None = None,
    document_data: DocumentData | None = None,
) -> Dossier:
    """The proposal was approved, or the draft adopted or promulgated. A draft links the
    registered document, or registers it here (``document_data``) through the document
    service; then its programme item, if submitted, becomes adopted with the document."""
    _ensure_worker(actor)
    detail = _lock(detail)
    if detail.case.state != workflow.SUBMITTED:
        raise Conflict(_("Only a submitted dossier is adopted."))
    payload: dict[str, Any] = {}
    if isinstance(detail, LegislativeDraft):
        promulgated = _promulgated(actor, detail, document, document_data)
        day = adopted_on or promulgated.signed_on
        if promulgated.signed_on != day:
            message = _("The adoption date is the document's signing date.")
            raise ValidationFailed(message, fields={"adopted_on": message})
        detail.document = promulgated
        payload["document"] = promulgated.number
    else:
        day = _step_day(adopted_on)
    if detail.submitted_on and day < detail.submitted_on:
        message = _("The adoption date is before the submission.")
        raise ValidationFailed(message, fields={"adopted_on": message})
    payload["adopted_on"] = day.isoformat()
    _transition(actor, detail, "adopt", day=day, field="adopted_on", payload=payload)
    detail.adopted_on = day
    detail.save(update_fields=["adopted_on", *(["document"] if "document" in payload else [])])
    item = detail.item
    adopted = detail.document if isinstance(detail, LegislativeDraft) else None
    if item is not None and adopted is not None and item.status == ItemStatus.SUBMITTED:
        services_programme.check_item_document(item, adopted)
        services_programme.item_move(
            actor=actor, item=item, to=ItemStatus.ADOPTED, on=day, document=adopted
        )
    _record(actor, detail, "adopted", payload)
    return detail


@transaction.atomic
def draft_publish(
    *,
    actor: Any,
    draft: LegislativeDraft,
    published_on: datetime.date,
    publication: str,
) -> LegislativeDraft:
    """The promulgated document was published (Official Gazette, national legal database)."""
    _ensure_worker(actor)
    if not isinstance(draft, LegislativeDraft):
        raise Conflict(_("Only a draft is published."))
    draft = LegislativeDraft.objects.select_for_update().select_related("case").get(pk=draft.pk)
    publication = _required(publication, "publication", 200)
    if draft.adopted_on and published_on < draft.adopted_on:
        message = _("The publication date is before the adoption.")
        raise ValidationFailed(message, fields={"published_on": message})
    _transition(
        actor,
        draft,
        "publish",
        day=published_on,
        field="published_on",
        payload={"published_on": published_on.isoformat(), "publication": publication},
    )
    draft.published_on = published_on
    draft.publication = publication
    draft.save(update_fields=["published_on", "publication"])
    _record(actor, draft, "published", {"on": published_on.isoformat(), "in": publication})
    return draft


def _reason_and_decision(reason: str, decision_reference: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason.")
    if not (decision_reference or "").strip():
        errors["decision_reference"] = _("Give the number of the decision.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    return reason.strip()[:500], decision_reference.strip()[:120]


@transaction.atomic
def dossier_postpone(
    *,
    actor: Any,
    detail: Dossier,
    reason: str,
    decision_reference: str,
    postponed_on: datetime.date | None = None,
) -> Dossier:
    """Postpone the work with its reason and decision; a running appraisal period stands still
    until the dossier is resumed."""
    _ensure_worker(actor)
    detail = _lock(detail)
    reason, decision_reference = _reason_and_decision(reason, decision_reference)
    _transition(
        actor,
        detail,
        "postpone",
        day=postponed_on,
        field="postponed_on",
        payload={"decision_reference": decision_reference},
        reason=reason,
    )
    _record(actor, detail, "postponed", {"reason": reason, "decision": decision_reference})
    return detail


@transaction.atomic
def dossier_resume(
    *, actor: Any, detail: Dossier, resumed_on: datetime.date | None = None
) -> Dossier:
    """Resume a postponed dossier in the state it was postponed from; the appraisal period, if
    one was running, is pushed back by the days it stood still."""
    _ensure_worker(actor)
    detail = _lock(detail)
    if detail.case.state != workflow.POSTPONED:
        raise Conflict(_("The dossier is not postponed."))
    name = workflow.RESUMES.get(workflow.postponed_from(detail.case), "resume")
    _transition(actor, detail, name, day=resumed_on, field="resumed_on", payload={})
    _record(actor, detail, "resumed", {"transition": name})
    return detail


@transaction.atomic
def dossier_withdraw(
    *,
    actor: Any,
    detail: Dossier,
    reason: str,
    decision_reference: str,
    withdrawn_on: datetime.date | None = None,
) -> Dossier:
    """Withdraw the proposal or draft for good, with its reason and decision."""
    _ensure_worker(actor)
    detail = _lock(detail)
    reason, decision_reference = _reason_and_decision(reason, decision_reference)
    _transition(
        actor,
        detail,
        "withdraw",
        day=withdrawn_on,
        field="withdrawn_on",
        payload={"decision_reference": decision_reference},
        reason=reason,
    )
    detail.withdrawal_reason = reason
    detail.save(update_fields=["withdrawal_reason"])
    _record(actor, detail, "withdrawn", {"reason": reason, "decision": decision_reference})
    return detail
