"""Writes to the legislation register. Every function is keyword-only, atomic, and records its
audit row in the same transaction."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.text import fold
from tuphap.legislation.documents import delegations, numbering, permissions, rules, structure
from tuphap.legislation.documents.models import (
    LOCAL_TYPES,
    DetailingObligation,
    Document,
    DocumentType,
    DocumentVersion,
    IssuerLevel,
    ProposalStatus,
    Provision,
    Relation,
    RelationKind,
    ValidityEvent,
    ValidityStatus,
)
from tuphap.places.models import AdministrativeUnit, Level


class ChangeHook(Protocol):
    def __call__(
        self,
        *,
        actor: Any,
        document: Document,
        change: str,
        day: datetime.date,
        source: Document | None,
    ) -> None: ...


# Called, in the writing transaction, after a document's validity changes or a relation is
# recorded; a higher area registers its hook in ``LegislationConfig.ready`` (ADR 0012).
CHANGE_HOOKS: list[ChangeHook] = []

_COMMUNE_TYPES = frozenset(
    {DocumentType.COMMUNE_COUNCIL_RESOLUTION, DocumentType.COMMUNE_COMMITTEE_DECISION}
)


def search_words(text: str) -> str:
    """Folded words separated by single spaces, with a space at each end, so that a word is
    found whole by ``contains(" word ")`` (the same words PostgreSQL's 'simple' parser sees)."""
    words = re.sub(r"[\W_]+", " ", fold(text)).split()
    return f" {' '.join(words)} "


def check_number(
    *, doc_type: str, number: str, signed_on: datetime.date
) -> numbering.DocumentNumber:
    """Parse ``number`` and check it agrees with the type and the signing year."""
    try:
        parsed = numbering.parse_number(number)
    except numbering.NumberError as error:
        raise ValidationFailed(error.message, fields={"number": error.message}) from error
    type_codes, issuer_pattern = rules.SYMBOL_RULES[doc_type]
    label = DocumentType(doc_type).label
    if parsed.type_code not in type_codes or not re.fullmatch(issuer_pattern, parsed.issuer_code):
        expected = " or ".join(
            sorted(f"{code}-{issuer_pattern}" if code else issuer_pattern for code in type_codes)
        )
        message = _(
            "The symbol of %(number)s does not match a %(type)s (expected %(expected)s)."
        ) % {
            "number": number,
            "type": label,
            "expected": expected,
        }
        raise ValidationFailed(message, fields={"number": message})
    if parsed.year != signed_on.year:
        message = _(
            "The year in the number (%(year)s) differs from the signing year (%(signed)s)."
        ) % {
            "year": parsed.year,
            "signed": signed_on.year,
        }
        raise ValidationFailed(message, fields={"number": message, "signed_on": message})
    return parsed


def _check_place(doc_type: str, place: AdministrativeUnit | None) -> None:
    if doc_type not in LOCAL_TYPES:
        if place is not None:
            message = _("A central document has no place.")
            raise ValidationFailed(message, fields={"place": message})
        return
    commune = doc_type in _COMMUNE_TYPES
    expected = Level.COMMUNE if commune else Level.PROVINCE
    if place is None or place.level != expected:
        message = (
            _("A commune document needs the commune that issued it.")
            if commune
            else _("A provincial document needs the province that issued it.")
        )
        raise ValidationFailed(message, fields={"place": message})


def _store_tree(
    version: DocumentVersion, tree: structure.Tree, own_dates: Mapping[str, datetime.date]
) -> list[Provision]:
    """Insert the provisions one depth at a time, so that each row's parent has its key."""
    rows: list[Provision] = []
    level: list[tuple[structure.Node, Provision | None]] = [(node, None) for node in tree.body]
    order = {node.eid: index for index, node in enumerate(tree.walk())}
    depth = 0
    while level:
        batch = [
            Provision(
                version=version,
                eid=node.eid,
                kind=node.kind,
                number=node.number,
                heading=node.heading[:500],
                text=node.text,
                parent=parent,
                order=order[node.eid],
                depth=depth,
                effective_on=own_dates.get(node.eid),
            )
            for node, parent in level
        ]
        Provision.objects.bulk_create(batch)
        rows.extend(batch)
        level = [
            (child, row)
            for (node, _parent), row in zip(level, batch, strict=True)
            for child in node.children
        ]
        depth += 1
    return rows


def _parse(text: str) -> structure.Tree:
    try:
        return structure.parse(text)
    except structure.StructureError as error:
        raise ValidationFailed(str(error), fields={"text": str(error)}) from error


@transaction.atomic
def document_create(
    *,
    actor: Any,
    doc_type: str,
    number: str,
    issuer: str,
    signed_on: datetime.date,
    effective_on: datetime.date,
    title: str,
    text: str,
    signer: str = "",
    place: AdministrativeUnit | None = None,
    provision_dates: Mapping[str, datetime.date] | None = None,
) -> Document:
    """Register a promulgated document with its text: the document, its first version (dated on
    its effective date), its provisions and its first validity events."""
    if doc_type not in DocumentType.values:
        raise ValidationFailed(_("Unknown document type."), fields={"doc_type": doc_type})
    local = doc_type in LOCAL_TYPES
    if not permissions.can_write_document(actor, local=local, place=place):
        raise AccessDenied(_("You may not register this document."))
    parsed = check_number(doc_type=doc_type, number=number, signed_on=signed_on)
    _check_place(doc_type, place)
    errors: dict[str, str] = {}
    if effective_on < signed_on:
        errors["effective_on"] = _("The effective date is before the signing date.")
    if not title.strip():
        errors["title"] = _("The title is required.")
    if not issuer.strip():
        errors["issuer"] = _("The issuing body is required.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    tree = _parse(text)
    own_dates = {**structure.own_effective_dates(tree), **(provision_dates or {})}
    unknown = sorted(eid for eid in own_dates if tree.find(eid) is None)
    if unknown:
        message = _("No such provision: %(ids)s.") % {"ids": ", ".join(unknown)}
        raise ValidationFailed(message, fields={"provision_dates": message})
    try:
        with transaction.atomic():
            document = Document.objects.create(
                doc_type=doc_type,
                number=str(parsed),
                number_value=parsed.number,
                year=parsed.year,
                issuer=issuer.strip(),
                issuer_level=IssuerLevel.LOCAL if local else IssuerLevel.CENTRAL,
                place=place,
                signer=signer.strip(),
                signed_on=signed_on,
                effective_on=effective_on,
                title=title.strip(),
                search_text=search_words(f"{parsed} {title} {text}"),
            )
    except IntegrityError as error:
        message = _("%(number)s of %(issuer)s is already registered.") % {
            "number": parsed,
            "issuer": issuer,
        }
        raise Conflict(message, fields={"number": message}) from error
    version = DocumentVersion.objects.create(
        document=document,
        version_date=effective_on,
        text=text,
        preamble=tree.preamble,
        conclusions=tree.conclusions,
    )
    provisions = _store_tree(version, tree, own_dates)
    if signed_on < effective_on:
        ValidityEvent.objects.create(
            document=document, occurred_on=signed_on, status=ValidityStatus.NOT_YET_IN_FORCE
        )
    ValidityEvent.objects.create(
        document=document, occurred_on=effective_on, status=ValidityStatus.IN_FORCE
    )
    audit.record(
        actor=actor,
        action="legislation.document_create",
        obj=document,
        data={"number": document.number, "type": doc_type, "provisions": len(provisions)},
    )
    return document


@transaction.atomic
def document_set_validity(
    *,
    actor: Any,
    document: Document,
    status: str,
    occurred_on: datetime.date,
    source_document: Document | None = None,
    note: str = "",
) -> ValidityEvent:
    """Record that ``document`` has ``status`` from ``occurred_on`` (e.g. wholly expired, because
    ``source_document`` repealed it)."""
    if not permissions.can_write_document(
        actor, local=document.issuer_level == IssuerLevel.LOCAL, place=document.place
    ):
        raise AccessDenied(_("You may not change this document."))
    if status not in ValidityStatus.values:
        raise ValidationFailed(_("Unknown validity status."), fields={"status": status})
    if occurred_on < document.signed_on:
        message = _("The date is before the document was signed.")
        raise ValidationFailed(message, fields={"occurred_on": message})
    if source_document is not None and source_document.pk == document.pk:
        message = _("A document cannot be its own source.")
        raise ValidationFailed(message, fields={"source_document": message})
    event = ValidityEvent.objects.create(
        document=document,
        occurred_on=occurred_on,
        status=status,
        source_document=source_document,
        note=note.strip()[:500],
    )
    audit.record(
        actor=actor,
        action="legislation.document_set_validity",
        obj=document,
        data={
            "status": status,
            "occurred_on": occurred_on.isoformat(),
            "source": source_document.number if source_document else None,
        },
    )
    _review_dependents(actor, document, status, occurred_on, source_document)
    return event


def _review_dependents(
    actor: Any, document: Document, change: str, day: datetime.date, source: Document | None
) -> None:
    """Tell the areas that watch documents (the checking area opens review tasks for the
    documents that cite, detail or guide a changed one, docs/domain/legislation.md "Review"),
    in the caller's transaction."""
    for hook in CHANGE_HOOKS:
        hook(actor=actor, document=document, change=change, day=day, source=source)


def _latest_eids(document: Document) -> set[str]:
    version = document.versions.order_by("-version_date", "-id").first()
    if version is None:
        return set()
    return set(version.provisions.values_list("eid", flat=True))


def _check_provisions(document: Document, eids: Sequence[str], field: str) -> list[str]:
    wanted = list(dict.fromkeys(eids))
    if not wanted or wanted == [delegations.WHOLE_DOCUMENT]:
        return wanted
    unknown = sorted(set(wanted) - _latest_eids(document) - {delegations.WHOLE_DOCUMENT})
    if unknown:
        message = _("%(number)s has no provision %(ids)s.") % {
            "number": document.number,
            "ids": ", ".join(unknown),
        }
        raise ValidationFailed(message, fields={field: message})
    return wanted


@transaction.atomic
def relation_add(
    *,
    actor: Any,
    source: Document,
    target: Document,
    kind: str,
    target_provisions: Sequence[str] = (),
) -> Relation:
    """``source`` <kind> ``target``; the target's provisions are merged into an existing row."""
    if not permissions.can_write_document(
        actor, local=source.issuer_level == IssuerLevel.LOCAL, place=source.place
    ):
        raise AccessDenied(_("You may not change this document."))
    if kind not in RelationKind.values:
        raise ValidationFailed(_("Unknown relation kind."), fields={"kind": kind})
    if source.pk == target.pk:
        message = _("A document cannot relate to itself.")
        raise ValidationFailed(message, fields={"target": message})
    provisions = _check_provisions(target, target_provisions, "target_provisions")
    relation, created = Relation.objects.select_for_update().get_or_create(
        source=source, target=target, kind=kind, defaults={"target_provisions": provisions}
    )
    if not created:
        merged = list(dict.fromkeys([*relation.target_provisions, *provisions]))
        if merged != relation.target_provisions:
            relation.target_provisions = merged
            relation.save(update_fields=["target_provisions"])
    audit.record(
        actor=actor,
        action="legislation.relation_add",
        obj=relation,
        data={
            "source": source.number,
            "target": target.number,
            "kind": kind,
            "target_provisions": provisions,
        },
    )
    _review_dependents(actor, target, kind, source.effective_on, source)
    return relation


def _due_on(document: Document, eids: Sequence[str]) -> datetime.date:
    """The earliest effective date of the provisions to detail: a provision's own date, else its
    nearest ancestor's, else the document's (Luật 64/2025 Art. 53(2))."""
    version = document.versions.order_by("-version_date", "-id").first()
    if version is None or not eids or delegations.WHOLE_DOCUMENT in eids:
        return document.effective_on
    rows = {
        row.eid: row for row in version.provisions.only("eid", "parent_id", "effective_on", "id")
    }
    by_id = {row.pk: row for row in rows.values()}
    dates: list[datetime.date] = []
    for eid in eids:
        row = rows.get(eid)
        while row is not None and row.effective_on is None:
            row = by_id.get(row.parent_id) if row.parent_id else None
        dates.append(
            row.effective_on if row is not None and row.effective_on else document.effective_on
        )
    return min(dates)


def _check_manage(actor: Any, document: Document) -> None:
    if not permissions.can_manage_obligations(
        actor, local=document.issuer_level == IssuerLevel.LOCAL, place=document.place
    ):
        raise AccessDenied(_("You may not manage the obligations of this document."))


@transaction.atomic
def obligations_propose(*, actor: Any, document: Document) -> list[DetailingObligation]:
    """Run the extractor over the document's latest text and store each new assignment as a
    proposed obligation. Idempotent: an assignment already stored is not proposed again."""
    _check_manage(actor, document)
    version = document.versions.order_by("-version_date", "-id").first()
    if version is None:
        return []
    tree = structure.parse(version.text)
    existing = {
        (row.source_provision, row.assignee_text, tuple(row.provisions))
        for row in document.obligations.all()
    }
    created: list[DetailingObligation] = []
    for proposal in delegations.extract(tree):
        key = (proposal.source_provision, proposal.assignee, proposal.provisions)
        if key in existing:
            continue
        existing.add(key)
        created.append(
            DetailingObligation.objects.create(
                document=document,
                provisions=list(proposal.provisions),
                source_provision=proposal.source_provision,
                text=proposal.text,
                assignee_text=proposal.assignee,
                expected_type=proposal.expected_type,
                due_on=_due_on(document, proposal.provisions),
            )
        )
    audit.record(
        actor=actor,
        action="legislation.obligations_propose",
        obj=document,
        data={"proposed": [row.pk for row in created]},
    )
    return created


@transaction.atomic
def obligation_confirm(
    *,
    actor: Any,
    obligation: DetailingObligation,
    provisions: Sequence[str] | None = None,
    assignee_text: str | None = None,
    assignee_agency: Agency | None = None,
    expected_type: str | None = None,
    due_on: datetime.date | None = None,
) -> DetailingObligation:
    """Confirm a proposal, correcting what the extractor got wrong. Confirming again edits."""
    _check_manage(actor, obligation.document)
    changes: dict[str, Any] = {}
    if provisions is not None:
        checked = _check_provisions(obligation.document, provisions, "provisions")
        if not checked:
            message = _("Name at least one provision to detail.")
            raise ValidationFailed(message, fields={"provisions": message})
        changes["provisions"] = checked
        if due_on is None:
            changes["due_on"] = _due_on(obligation.document, checked)
    if assignee_text is not None:
        if not assignee_text.strip():
            message = _("The assignee is required.")
            raise ValidationFailed(message, fields={"assignee_text": message})
        changes["assignee_text"] = assignee_text.strip()
    if assignee_agency is not None:
        changes["assignee_agency"] = assignee_agency
    if expected_type is not None:
        if expected_type not in DocumentType.values:
            raise ValidationFailed(
                _("Unknown document type."), fields={"expected_type": expected_type}
            )
        changes["expected_type"] = expected_type
    if due_on is not None:
        changes["due_on"] = due_on
    before = {name: _plain(getattr(obligation, name)) for name in changes}
    for name, value in changes.items():
        setattr(obligation, name, value)
    obligation.proposal_status = ProposalStatus.CONFIRMED
    obligation.rejection_reason = ""
    obligation.save(update_fields=[*changes, "proposal_status", "rejection_reason"])
    audit.record(
        actor=actor,
        action="legislation.obligation_confirm",
        obj=obligation,
        data={
            "before": before,
            "after": {name: _plain(value) for name, value in changes.items()},
        },
    )
    return obligation


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Agency):
        return value.code
    return value


@transaction.atomic
def obligation_reject(
    *, actor: Any, obligation: DetailingObligation, reason: str
) -> DetailingObligation:
    """The extractor was wrong: this sentence assigns nothing. The reason is kept."""
    _check_manage(actor, obligation.document)
    if not reason.strip():
        message = _("Say why the proposal is rejected.")
        raise ValidationFailed(message, fields={"reason": message})
    if obligation.fulfilled_by.exists():
        raise Conflict(_("A fulfilled obligation cannot be rejected."))
    obligation.proposal_status = ProposalStatus.REJECTED
    obligation.rejection_reason = reason.strip()[:500]
    obligation.save(update_fields=["proposal_status", "rejection_reason"])
    audit.record(
        actor=actor,
        action="legislation.obligation_reject",
        obj=obligation,
        data={"reason": obligation.rejection_reason},
    )
    return obligation


@transaction.atomic
def obligation_fulfil(
    *, actor: Any, obligation: DetailingObligation, detailing_document: Document
) -> DetailingObligation:
    """Link the document that details the obligation, and record that it ``details`` (or, for
    guidance, ``guides``) the delegating document's provisions."""
    _check_manage(actor, obligation.document)
    if obligation.proposal_status != ProposalStatus.CONFIRMED:
        raise Conflict(_("Confirm the proposal before linking a detailing document."))
    if detailing_document.pk == obligation.document_id:
        message = _("A document cannot detail itself.")
        raise ValidationFailed(message, fields={"detailing_document": message})
    if detailing_document.signed_on < obligation.document.signed_on:
        message = _("The detailing document was signed before the document it details.")
        raise ValidationFailed(message, fields={"detailing_document": message})
    kind = RelationKind.GUIDES if "hướng dẫn" in obligation.text else RelationKind.DETAILS
    relation_add(
        actor=actor,
        source=detailing_document,
        target=obligation.document,
        kind=kind,
        target_provisions=obligation.provisions,
    )
    obligation.fulfilled_by.add(detailing_document)
    audit.record(
        actor=actor,
        action="legislation.obligation_fulfil",
        obj=obligation,
        data={"document": detailing_document.number},
    )
    return obligation


@transaction.atomic
def obligation_mark_not_needed(
    *, actor: Any, obligation: DetailingObligation, from_date: datetime.date, reason: str
) -> DetailingObligation:
    """The delegating provision was repealed or replaced: nothing is owed from ``from_date``."""
    _check_manage(actor, obligation.document)
    if not reason.strip():
        message = _("Say why the obligation is no longer needed.")
        raise ValidationFailed(message, fields={"reason": message})
    obligation.not_needed_from = from_date
    obligation.not_needed_reason = reason.strip()[:500]
    obligation.save(update_fields=["not_needed_from", "not_needed_reason"])
    audit.record(
        actor=actor,
        action="legislation.obligation_mark_not_needed",
        obj=obligation,
        data={"from": from_date.isoformat(), "reason": obligation.not_needed_reason},
    )
    return obligation
