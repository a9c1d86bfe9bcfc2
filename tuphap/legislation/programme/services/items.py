"""Writes to the law-making programme: a year's programme, its items and their status history.
Each function is one transaction with its audit row; a status change also appends a
``ProgrammeItemEvent``. See docs/domain/legislation.md, "Law-making programme and appraisal"."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.legislation.documents.models import Document
from tuphap.legislation.programme import permissions, rules
from tuphap.legislation.programme.models import (
    ITEM_DOCUMENT_TYPE,
    ItemKind,
    ItemStatus,
    Programme,
    ProgrammeItem,
    ProgrammeItemEvent,
)

# The moves an item's status may make (postponed and withdrawn end the item for the year).
ITEM_MOVES: dict[str, frozenset[str]] = {
    ItemStatus.PLANNED: frozenset(
        {ItemStatus.IN_PROGRESS, ItemStatus.SUBMITTED, ItemStatus.POSTPONED, ItemStatus.WITHDRAWN}
    ),
    ItemStatus.IN_PROGRESS: frozenset(
        {ItemStatus.SUBMITTED, ItemStatus.POSTPONED, ItemStatus.WITHDRAWN}
    ),
    ItemStatus.SUBMITTED: frozenset(
        {ItemStatus.ADOPTED, ItemStatus.POSTPONED, ItemStatus.WITHDRAWN}
    ),
    ItemStatus.ADOPTED: frozenset(),
    ItemStatus.POSTPONED: frozenset(),
    ItemStatus.WITHDRAWN: frozenset(),
}


def _ensure_manager(actor: Any) -> None:
    if not permissions.can_manage_programme(actor):
        raise AccessDenied(_("Your role may not change the law-making programme."))


def _required(value: str, field: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(
            _("%(field)s is required.") % {"field": field}, fields={field: _("Required.")}
        )
    if len(text) > limit:
        message = _("At most %(limit)d characters.") % {"limit": limit}
        raise ValidationFailed(message, fields={field: message})
    return text


def _not_future(day: datetime.date, field: str) -> datetime.date:
    if day > timezone.localdate():
        message = _("The date must not be in the future.")
        raise ValidationFailed(message, fields={field: message})
    return day


@transaction.atomic
def programme_create(
    *, actor: Any, year: int, resolution: str, adopted_on: datetime.date
) -> Programme:
    """Record a year's programme and the resolution that adopted it (adopted the year before
    or in the year itself)."""
    _ensure_manager(actor)
    resolution = _required(resolution, "resolution", 120)
    if not 2000 <= year <= 2100:
        message = _("Enter a year from 2000 to 2100.")
        raise ValidationFailed(message, fields={"year": message})
    _not_future(adopted_on, "adopted_on")
    if adopted_on.year not in (year - 1, year):
        message = _("A programme is adopted in its year or the year before.")
        raise ValidationFailed(message, fields={"adopted_on": message})
    try:
        with transaction.atomic():
            programme = Programme.objects.create(
                year=year, resolution=resolution, adopted_on=adopted_on
            )
    except IntegrityError as error:
        message = _("The programme of %(year)s is already recorded.") % {"year": year}
        raise Conflict(message, fields={"year": message}) from error
    audit.record(
        actor=actor,
        action="legislation.programme_create",
        obj=programme,
        data={"year": year, "resolution": resolution, "adopted_on": adopted_on.isoformat()},
    )
    return programme


@transaction.atomic
def item_add(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    kind: str,
    lead_agency: Agency,
    legislature: int,
    session: int,
    planned_month: int,
) -> ProgrammeItem:
    """Add a law, ordinance or resolution to the programme, planned for a session."""
    _ensure_manager(actor)
    title = _required(title, "title", 500)
    errors: dict[str, str] = {}
    if kind not in ItemKind.values:
        errors["kind"] = _("Choose a law, an ordinance or a National Assembly resolution.")
    if not 1 <= legislature <= rules.MAX_LEGISLATURE:
        errors["legislature"] = _("Enter the term number, e.g. 15 for term XV.")
    if not 1 <= session <= rules.MAX_SESSION:
        errors["session"] = _("Enter the session number, e.g. 10.")
    if not 1 <= planned_month <= 12:
        errors["planned_month"] = _("Enter a month from 1 to 12.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    item = ProgrammeItem.objects.create(
        programme=programme,
        title=title,
        kind=kind,
        lead_agency=lead_agency,
        legislature=legislature,
        session=session,
        planned_month=planned_month,
    )
    ProgrammeItemEvent.objects.create(
        item=item,
        to_status=ItemStatus.PLANNED,
        occurred_on=programme.adopted_on,
        actor=actor,
    )
    audit.record(
        actor=actor,
        action="legislation.programme_item_add",
        obj=item,
        data={
            "programme": programme.year,
            "kind": kind,
            "lead_agency": lead_agency.code,
            "session": [legislature, session, planned_month],
        },
    )
    return item


def item_move(
    *,
    actor: Any,
    item: ProgrammeItem,
    to: str,
    on: datetime.date,
    reason: str = "",
    decision_reference: str = "",
    document: Document | None = None,
) -> ProgrammeItem:
    """Change the item's status and append the event. Called inside a service's transaction
    (the item services below and the draft services); checks the move, not the actor."""
    item = ProgrammeItem.objects.select_for_update().get(pk=item.pk)
    if to not in ITEM_MOVES[item.status]:
        raise Conflict(
            _("An item cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ItemStatus(item.status).label, "to": ItemStatus(to).label}
        )
    last = item.events.order_by("-occurred_on", "-id").values_list("occurred_on", flat=True)
    if last.first() is not None and on < last[0]:
        message = _("The date is before the item's last status change.")
        raise ValidationFailed(message, fields={"on": message})
    from_status = item.status
    item.status = to
    item.status_reason = reason
    item.decision_reference = decision_reference
    fields = ["status", "status_reason", "decision_reference"]
    if document is not None:
        item.document = document
        fields.append("document")
    item.save(update_fields=fields)
    ProgrammeItemEvent.objects.create(
        item=item,
        from_status=from_status,
        to_status=to,
        occurred_on=on,
        reason=reason,
        decision_reference=decision_reference,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="legislation.programme_item_status",
        obj=item,
        data={
            "from": from_status,
            "to": to,
            "on": on.isoformat(),
            "reason": reason,
            "decision": decision_reference,
            "document": document.number if document else None,
        },
    )
    return item


@transaction.atomic
def item_set_progress(
    *, actor: Any, item: ProgrammeItem, status: str, on: datetime.date
) -> ProgrammeItem:
    """Mark drafting as started or the item as submitted (when no draft case records it)."""
    _ensure_manager(actor)
    if status not in (ItemStatus.IN_PROGRESS, ItemStatus.SUBMITTED):
        message = _("Choose in progress or submitted.")
        raise ValidationFailed(message, fields={"status": message})
    return item_move(actor=actor, item=item, to=status, on=_not_future(on, "on"))


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
def item_postpone(
    *,
    actor: Any,
    item: ProgrammeItem,
    on: datetime.date,
    reason: str,
    decision_reference: str,
) -> ProgrammeItem:
    """The item is taken out of this year's programme for a later one, with its reason and the
    decision (e.g. the Standing Committee's resolution adjusting the programme)."""
    _ensure_manager(actor)
    reason, decision_reference = _reason_and_decision(reason, decision_reference)
    return item_move(
        actor=actor,
        item=item,
        to=ItemStatus.POSTPONED,
        on=_not_future(on, "on"),
        reason=reason,
        decision_reference=decision_reference,
    )


@transaction.atomic
def item_withdraw(
    *,
    actor: Any,
    item: ProgrammeItem,
    on: datetime.date,
    reason: str,
    decision_reference: str,
) -> ProgrammeItem:
    """The item is withdrawn from the programme, with its reason and decision."""
    _ensure_manager(actor)
    reason, decision_reference = _reason_and_decision(reason, decision_reference)
    return item_move(
        actor=actor,
        item=item,
        to=ItemStatus.WITHDRAWN,
        on=_not_future(on, "on"),
        reason=reason,
        decision_reference=decision_reference,
    )


def check_item_document(item: ProgrammeItem, document: Document) -> None:
    expected = ITEM_DOCUMENT_TYPE[ItemKind(item.kind)]
    if document.doc_type != expected:
        message = _("The item is a %(kind)s; the document is not.") % {
            "kind": ItemKind(item.kind).label
        }
        raise ValidationFailed(message, fields={"document": message})


@transaction.atomic
def item_mark_adopted(*, actor: Any, item: ProgrammeItem, document: Document) -> ProgrammeItem:
    """The submitted item was adopted: link the registered document, adopted on its signing
    date."""
    _ensure_manager(actor)
    check_item_document(item, document)
    return item_move(
        actor=actor, item=item, to=ItemStatus.ADOPTED, on=document.signed_on, document=document
    )
