"""Writes of the checking register (``legislation.check``): open a check of a received
document, run the pre-checks, record the officer's findings, request the issuer to handle an
unlawful document, record the outcome, close. Each service is one transaction: the case engine's
transition (state, journal, deadline, audit) and the check's own row and audit row. A step not
allowed in the case's state is refused with 409 before anything is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import services as case_services
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.legislation.checking import prechecks
from tuphap.legislation.checking import selectors as checking_selectors
from tuphap.legislation.checking import workflow as checking_workflow
from tuphap.legislation.checking.models import (
    CheckConclusion,
    CheckFinding,
    CheckOutcome,
    DocumentCheck,
    FindingGround,
)
from tuphap.legislation.documents import permissions
from tuphap.legislation.documents.models import Document
from tuphap.places.models import AdministrativeUnit, UnitSuccession


def _today() -> datetime.date:
    return timezone.localdate()


def _ensure_can_check(actor: Any, document: Document) -> None:
    if not permissions.can_check_document(actor, doc_type=document.doc_type, place=document.place):
        raise AccessDenied(_("You may not check this document."))


def _case_place(document: Document, day: datetime.date) -> AdministrativeUnit | None:
    """Where the check's case is placed: the document's place (or its successor valid on
    ``day``, after the 2025 reorganisation); none for a central document (a central-level
    case, opened by a national agency)."""
    if document.place is None:
        return None
    if document.place.is_valid_on(day):
        return document.place
    successor = (
        AdministrativeUnit.objects.filter(
            pk__in=UnitSuccession.objects.filter(predecessor=document.place).values("successor")
        )
        .valid_on(day)
        .first()
    )
    if successor is None:
        message = _("The document's place did not exist on the receipt date.")
        raise ValidationFailed(message, fields={"received_on": message})
    return successor


@transaction.atomic
def check_open(
    *,
    actor: Any,
    document: Document,
    received_on: datetime.date,
    shortened_procedure: bool = False,
) -> DocumentCheck:
    """Register ``document`` as received for checking by the actor's agency, assigned to the
    actor; the examination period runs from ``received_on``."""
    _ensure_can_check(actor, document)
    errors: dict[str, str] = {}
    if received_on > _today():
        errors["received_on"] = _("The date must not be in the future.")
    elif received_on < document.signed_on:
        errors["received_on"] = _("A document is received for checking after it is signed.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    if DocumentCheck.objects.filter(
        document=document, agency=actor.agency, case__closed_at__isnull=True
    ).exists():
        message = _("%(number)s is already being checked.") % {"number": document.number}
        raise Conflict(message, fields={"document": message})
    place = _case_place(document, received_on)
    case = case_services.case_open(
        actor=actor,
        register=checking_workflow.REGISTER,
        agency=actor.agency,
        place=place,
        event_date=received_on,
        assignee=actor,
        payload={"document": document.number},
    )
    check = DocumentCheck.objects.create(
        case=case,
        document=document,
        agency=actor.agency,
        province_id=(document.place.province_id or document.place_id) if document.place else None,
        received_on=received_on,
        shortened_procedure=shortened_procedure,
    )
    audit.record(
        actor=actor,
        action="legislation.check_open",
        obj=case,
        data={
            "document": document.number,
            "received_on": received_on.isoformat(),
            "shortened_procedure": shortened_procedure,
        },
    )
    return check


def _step(actor: Any, check: DocumentCheck, transition: str, **payload: Any) -> None:
    """Apply a transition of the register; only the checking agency's staff work its checks."""
    _ensure_can_check(actor, check.document)
    if getattr(actor, "agency_id", None) != check.agency_id:
        raise AccessDenied(_("Only the agency that checks this document may work on it."))
    check.case = case_services.case_transition(
        actor=actor, case=check.case, transition=transition, payload=payload
    )


@transaction.atomic
def check_precheck(*, actor: Any, check: DocumentCheck) -> DocumentCheck:
    """Run the four pre-checks over the document and the register and store their findings
    (running them again replaces them)."""
    findings = prechecks.run_all(
        checking_selectors.subject_of(check.document),
        register=checking_selectors.DatabaseRegister(),
        shortened_procedure=check.shortened_procedure,
    )
    results = {finding.code: str(finding.result) for finding in findings}
    _step(actor, check, "precheck", results=results)
    check.prechecks = [finding.as_dict() for finding in findings]
    check.prechecked_at = timezone.now()
    check.save(update_fields=["prechecks", "prechecked_at"])
    audit.record(actor=actor, action="legislation.check_precheck", obj=check.case, data=results)
    return check


@dataclass(frozen=True)
class FindingData:
    ground: str
    description: str
    provision: str = ""
    legal_basis: str = ""


def _checked_findings(findings: Sequence[FindingData]) -> list[FindingData]:
    if not findings:
        message = _("Record at least one finding.")
        raise ValidationFailed(message, fields={"findings": message})
    errors: dict[str, str] = {}
    for index, finding in enumerate(findings):
        if finding.ground not in FindingGround.values:
            errors[f"findings.{index}.ground"] = _("Choose lawful or a ground of unlawfulness.")
        if not finding.description.strip():
            errors[f"findings.{index}.description"] = _("This field is required.")
        if finding.ground != FindingGround.LAWFUL and not finding.legal_basis.strip():
            errors[f"findings.{index}.legal_basis"] = _("Name the rule the document contravenes.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    return list(findings)


@transaction.atomic
def check_examine(
    *, actor: Any, check: DocumentCheck, findings: Sequence[FindingData]
) -> DocumentCheck:
    """Record the officer's findings, each lawful or unlawful in content, competence or form.
    One unlawful finding makes the document unlawful: the conclusion with the request to the
    issuer is then due (``checking_workflow.CONCLUSION``)."""
    rows = _checked_findings(findings)
    unlawful = any(row.ground != FindingGround.LAWFUL for row in rows)
    transition = (
        checking_workflow.EXAMINE_UNLAWFUL if unlawful else checking_workflow.EXAMINE_LAWFUL
    )
    _step(actor, check, transition, findings=len(rows))
    CheckFinding.objects.bulk_create(
        CheckFinding(
            document_check=check,
            order=index,
            ground=row.ground,
            provision=row.provision.strip()[:120],
            description=row.description.strip(),
            legal_basis=row.legal_basis.strip()[:500],
        )
        for index, row in enumerate(rows, start=1)
    )
    check.conclusion = CheckConclusion.UNLAWFUL if unlawful else CheckConclusion.LAWFUL
    check.examined_on = _today()
    check.save(update_fields=["conclusion", "examined_on"])
    audit.record(
        actor=actor,
        action="legislation.check_examine",
        obj=check.case,
        data={"conclusion": check.conclusion, "grounds": [row.ground for row in rows]},
    )
    return check


@transaction.atomic
def check_request(*, actor: Any, check: DocumentCheck, request_text: str) -> DocumentCheck:
    """Send the conclusion to the issuer with the request to handle the unlawful document; the
    issuer's answer is due after ``checking_workflow.ISSUER_ANSWER``."""
    if not request_text.strip():
        message = _("Write what the issuer is requested to do.")
        raise ValidationFailed(message, fields={"request_text": message})
    _step(actor, check, "request")
    due_at = check.case.due_at
    check.request_text = request_text.strip()
    check.requested_on = _today()
    check.answer_due_on = case_deadlines.local_date(due_at) if due_at else None
    check.save(update_fields=["request_text", "requested_on", "answer_due_on"])
    audit.record(
        actor=actor,
        action="legislation.check_request",
        obj=check.case,
        data={"answer_due_on": check.answer_due_on.isoformat() if check.answer_due_on else None},
    )
    return check


@transaction.atomic
def check_record_outcome(
    *,
    actor: Any,
    check: DocumentCheck,
    outcome: str,
    note: str = "",
    outcome_document: Document | None = None,
) -> DocumentCheck:
    """The issuer amended, repealed or suspended the document (naming the document that did it
    when it is registered), or disagreed and the matter was reported to the competent body (the
    note says to whom)."""
    errors: dict[str, str] = {}
    if outcome not in CheckOutcome.values:
        errors["outcome"] = _("Choose an outcome.")
    elif outcome == CheckOutcome.REPORTED and not note.strip():
        errors["note"] = _("Say to which body the matter was reported.")
    if outcome_document is not None and outcome_document.pk == check.document_id:
        errors["outcome_document"] = _("The handling document is another document.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    _step(actor, check, "record_outcome", outcome=outcome)
    check.outcome = outcome
    check.outcome_on = _today()
    check.outcome_note = note.strip()
    check.outcome_document = outcome_document
    check.save(update_fields=["outcome", "outcome_on", "outcome_note", "outcome_document"])
    audit.record(
        actor=actor,
        action="legislation.check_record_outcome",
        obj=check.case,
        data={
            "outcome": outcome,
            "document": outcome_document.number if outcome_document else None,
        },
    )
    return check


@transaction.atomic
def check_close(*, actor: Any, check: DocumentCheck) -> DocumentCheck:
    """Close a check that found the document lawful, or whose outcome is recorded."""
    transition = "close_handled" if check.case.state == checking_workflow.HANDLED else "close"
    _step(actor, check, transition)
    audit.record(actor=actor, action="legislation.check_close", obj=check.case, data={})
    return check
