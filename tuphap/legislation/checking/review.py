"""Review (rà soát) of the documents that depend on a changed document.

When a document is amended, replaced or repealed (a ``Relation``), or suspended or wholly or
partly expired (a ``ValidityEvent``), every document that cites it in its text, details it or
guides it may have lost its footing. ``tasks_for_change`` lists them, in the same transaction as
the change, as review tasks: one per responsible issuing body (each body reviews its own
documents, NĐ 79/2025/NĐ-CP ch. III [S]), each item with its own status. A task is keyed by its
cause, so recording the same change twice finds the task instead of creating a second one.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit
from tuphap.core.errors import AccessDenied, ValidationFailed
from tuphap.core.text import fold
from tuphap.legislation.checking import prechecks
from tuphap.legislation.checking.models import (
    ReviewItem,
    ReviewStatus,
    ReviewTask,
    ReviewTrigger,
)
from tuphap.legislation.documents import numbering, permissions
from tuphap.legislation.documents.models import (
    Document,
    DocumentVersion,
    Relation,
    RelationKind,
    ValidityStatus,
)

STATUS_TRIGGERS: dict[str, ReviewTrigger] = {
    ValidityStatus.PARTLY_EXPIRED: ReviewTrigger.PARTLY_EXPIRED,
    ValidityStatus.WHOLLY_EXPIRED: ReviewTrigger.WHOLLY_EXPIRED,
    ValidityStatus.SUSPENDED: ReviewTrigger.SUSPENDED,
}
RELATION_TRIGGERS: dict[str, ReviewTrigger] = {
    RelationKind.AMENDS: ReviewTrigger.AMENDED,
    RelationKind.REPLACES: ReviewTrigger.REPLACED,
    RelationKind.REPEALS: ReviewTrigger.REPEALED,
}
CITES = "cites"


_NOT_WORD = re.compile(r"[\W_]+")


def _words(text: str) -> str:
    """Folded words with a space at each end, as ``Document.search_text`` holds them."""
    words = _NOT_WORD.sub(" ", fold(text)).split()
    return f" {' '.join(words)} "


def _cites(document: Document, number: numbering.DocumentNumber) -> bool:
    versions = list(document.versions.all())
    if not versions:
        return False
    latest = versions[0]
    cited = prechecks.extract_citations(
        latest.text, own_number=document.number, preamble=latest.preamble
    )
    return any(citation.number == number for citation in cited)


def dependents(
    document: Document, *, exclude: Iterable[int] = ()
) -> dict[int, tuple[Document, list[str]]]:
    """The documents that detail or guide ``document`` (relations) or cite its number in their
    latest text, with why each is listed."""
    skipped = {document.pk, *exclude}
    found: dict[int, tuple[Document, list[str]]] = {}
    for relation in Relation.objects.filter(
        target=document, kind__in=[RelationKind.DETAILS, RelationKind.GUIDES]
    ).select_related("source", "source__place"):
        if relation.source_id not in skipped:
            found.setdefault(relation.source_id, (relation.source, []))[1].append(relation.kind)
    number = numbering.parse_number(document.number)
    symbol = f"{number.type_code} {number.issuer_code}"
    candidates = (
        Document.objects.filter(search_text__contains=_words(f"{number.year} {symbol}"))
        .exclude(pk__in=skipped)
        .select_related("place")
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-version_date", "-id"))
        )
    )
    for candidate in candidates:
        if _cites(candidate, number):
            found.setdefault(candidate.pk, (candidate, []))[1].append(CITES)
    return found


def task_key(
    *,
    document: Document,
    trigger: str,
    triggered_on: datetime.date,
    source_document: Document | None,
    responsible: str,
    place_id: int | None,
) -> str:
    """The cause (the changed document and the changing one, or the kind and date of the
    change when no document caused it) and the responsible body, hashed to a fixed length."""
    cause = (
        f"{document.pk}|source:{source_document.pk}"
        if source_document is not None
        else f"{document.pk}|{trigger}|{triggered_on.isoformat()}"
    )
    raw = f"{cause}|{place_id or ''}|{fold(responsible)}"
    return hashlib.sha256(raw.encode()).hexdigest()


def on_document_change(
    *,
    actor: Any,
    document: Document,
    change: str,
    day: datetime.date,
    source: Document | None,
) -> None:
    """The documents area's change hook: open the review tasks a validity change or a new
    relation calls for (registered in ``LegislationConfig.ready``)."""
    trigger = STATUS_TRIGGERS.get(change) or RELATION_TRIGGERS.get(change)
    if trigger is not None:
        tasks_for_change(
            actor=actor,
            document=document,
            trigger=trigger,
            triggered_on=day,
            source_document=source,
        )


def tasks_for_change(
    *,
    actor: Any,
    document: Document,
    trigger: str,
    triggered_on: datetime.date,
    source_document: Document | None = None,
) -> list[ReviewTask]:
    """Create the review tasks a change to ``document`` calls for (none when nothing depends on
    it). Called inside the service that records the change, so both are one transaction.
    Returns the tasks created now; a task already created for the same cause gets only the
    documents it did not list yet."""
    exclude = [source_document.pk] if source_document is not None else []
    groups: dict[tuple[str, int | None], list[tuple[Document, list[str]]]] = {}
    for dependent, reasons in dependents(document, exclude=exclude).values():
        groups.setdefault((dependent.issuer, dependent.place_id), []).append((dependent, reasons))
    created: list[ReviewTask] = []
    for (responsible, place_id), rows in sorted(groups.items(), key=lambda item: item[0][0]):
        key = task_key(
            document=document,
            trigger=trigger,
            triggered_on=triggered_on,
            source_document=source_document,
            responsible=responsible,
            place_id=place_id,
        )
        task, is_new = ReviewTask.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "document": document,
                "trigger": trigger,
                "triggered_on": triggered_on,
                "source_document": source_document,
                "responsible": responsible,
                "place_id": place_id,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        added = [
            dependent.number
            for dependent, reasons in rows
            if ReviewItem.objects.get_or_create(
                task=task, document=dependent, defaults={"reasons": reasons}
            )[1]
        ]
        if added and not is_new and task.completed_at is not None:
            task.completed_at = None
            task.save(update_fields=["completed_at"])
        if is_new:
            created.append(task)
        if added:
            audit.record(
                actor=actor,
                action="legislation.review_task_create"
                if is_new
                else "legislation.review_task_add",
                obj=task,
                data={
                    "document": document.number,
                    "trigger": trigger,
                    "source": source_document.number if source_document else None,
                    "responsible": responsible,
                    "documents": added,
                },
            )
    return created


REVIEWED = frozenset(
    {ReviewStatus.CONSISTENT, ReviewStatus.NEEDS_AMENDMENT, ReviewStatus.TO_REPEAL}
)


@transaction.atomic
def review_item_record(*, actor: Any, item: ReviewItem, status: str, note: str = "") -> ReviewItem:
    """Record the result of reviewing one listed document; the task is complete when every one
    of its documents is reviewed. Recording again corrects the result."""
    item = ReviewItem.objects.select_for_update().select_related("task", "document").get(pk=item.pk)
    task = item.task
    if not permissions.can_review(actor, place=task.place):
        raise AccessDenied(_("You may not review the documents of this body."))
    if status not in REVIEWED:
        message = _("Choose a review result: %(choices)s.") % {
            "choices": ", ".join(sorted(str(value) for value in REVIEWED))
        }
        raise ValidationFailed(message, fields={"status": message})
    note = (note or "").strip()
    if status != ReviewStatus.CONSISTENT and not note:
        message = _("Say what must change in the document.")
        raise ValidationFailed(message, fields={"note": message})
    before = item.status
    item.status = status
    item.note = note[:500]
    item.reviewed_by = actor
    item.reviewed_at = timezone.now()
    item.save(update_fields=["status", "note", "reviewed_by", "reviewed_at"])
    remaining = task.items.filter(status=ReviewStatus.TO_REVIEW).exists()
    task.completed_at = None if remaining else timezone.now()
    task.save(update_fields=["completed_at"])
    audit.record(
        actor=actor,
        action="legislation.review_item_record",
        obj=task,
        data={"document": item.document.number, "from": before, "to": status, "note": item.note},
    )
    return item
