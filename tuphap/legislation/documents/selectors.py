"""Reading the legislation register. Documents are public law, so these selectors apply no
jurisdiction; callers check ``permissions.can_read`` (signed in)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.errors import NotFound
from tuphap.core.text import fold
from tuphap.legislation.documents import rules as obligation_rules
from tuphap.legislation.documents import structure
from tuphap.legislation.documents.models import (
    LOCAL_TYPES,
    DetailingObligation,
    Document,
    DocumentVersion,
    IssuerLevel,
    ObligationStatus,
    ProposalStatus,
    Provision,
    Relation,
    ValidityEvent,
)
from tuphap.legislation.documents.services import search_words

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill


def _status_on(day: datetime.date) -> Subquery:
    return Subquery(
        ValidityEvent.objects.filter(document=OuterRef("pk"), occurred_on__lte=day)
        .order_by("-occurred_on", "-id")
        .values("status")[:1]
    )


# The accent-folding text search configuration created by migration 0004 (PostgreSQL only).
SEARCH_CONFIGURATION = "tuphap_vi"


def document_search(
    query: str | None = None,
    *,
    doc_type: str | None = None,
    day: datetime.date | None = None,
) -> QuerySet[Document]:
    """Documents whose number, title or text contain every word of ``query``, with or without
    diacritics, annotated with ``status`` on ``day`` (today's when not given). On PostgreSQL
    the folded words are matched against the stored ``search_vector`` (GIN index, 'tuphap_vi'
    configuration) and ranked by ``ts_rank`` on it, a match in the number or the title first;
    elsewhere by a LIKE per word, newest first."""
    day = day or timezone.localdate()
    documents = Document.objects.select_related("place").annotate(status=_status_on(day))
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    words = search_words(query or "").split()
    if not words:
        return documents.order_by("-signed_on", "-id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search = SearchQuery(" ".join(words), config=SEARCH_CONFIGURATION, search_type="plain")
        return (
            documents.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-signed_on", "-id")
        )
    for word in words:
        documents = documents.filter(search_text__contains=f" {word} ")
    return documents.order_by("-signed_on", "-id")


def document_get(*, document_id: int, day: datetime.date | None = None) -> Document:
    day = day or timezone.localdate()
    document = (
        Document.objects.select_related("place")
        .annotate(status=_status_on(day))
        .prefetch_related(
            Prefetch(
                "validity_events", queryset=ValidityEvent.objects.select_related("source_document")
            ),
            Prefetch("relations_out", queryset=_relations("target")),
            Prefetch("relations_in", queryset=_relations("source")),
        )
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise NotFound(_("No such document."))
    return document


def _relations(other: str) -> QuerySet[Relation]:
    return Relation.objects.select_related(other).order_by("kind", "id")


def version_on(document: Document, day: datetime.date | None = None) -> DocumentVersion | None:
    """The expression in force on ``day`` (the latest one when not given)."""
    versions = document.versions.order_by("-version_date", "-id")
    if day is not None:
        dated = versions.filter(version_date__lte=day).first()
        return dated or versions.last()
    return versions.first()


def provisions_of(version: DocumentVersion) -> list[Provision]:
    return list(version.provisions.order_by("order"))


@dataclass
class ProvisionNode:
    """A provision with its children, for rendering."""

    provision: Provision
    children: list[ProvisionNode] = field(default_factory=list)


def provision_tree(version: DocumentVersion) -> list[ProvisionNode]:
    nodes = {row.pk: ProvisionNode(row) for row in provisions_of(version)}
    roots: list[ProvisionNode] = []
    for node in nodes.values():
        parent = nodes.get(node.provision.parent_id) if node.provision.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def akn_tree(version: DocumentVersion) -> structure.Tree:
    """The stored provisions as a ``structure.Tree`` (for the Akoma Ntoso export)."""
    nodes: dict[int, structure.Node] = {}
    tree = structure.Tree(preamble=version.preamble, conclusions=version.conclusions)
    for row in provisions_of(version):
        node = structure.Node(
            kind=row.kind, number=row.number, eid=row.eid, heading=row.heading, text=row.text
        )
        nodes[row.pk] = node
        parent = nodes.get(row.parent_id) if row.parent_id else None
        (parent.children if parent else tree.body).append(node)
    return tree


def frbr_uri(document: Document) -> str:
    number = fold(document.number).replace("/", "-").replace(" ", "")
    return f"/akn/vn/act/{document.doc_type}/{document.signed_on.isoformat()}/{number}"


def document_akn(document: Document, day: datetime.date | None = None) -> bytes:
    version = version_on(document, day)
    if version is None:
        raise NotFound(_("The document has no text."))
    return structure.to_akn(
        akn_tree(version),
        frbr_uri=frbr_uri(document),
        title=document.title,
        number=document.number,
        date=document.signed_on.isoformat(),
        expression_date=version.version_date.isoformat(),
        author=fold(document.issuer).replace(" ", "-"),
    )


# ---- obligations -------------------------------------------------------------------------


def _fulfilments(obligation: DetailingObligation) -> list[obligation_rules.Fulfilment]:
    return [
        obligation_rules.Fulfilment(signed_on=doc.signed_on, effective_on=doc.effective_on)
        for doc in obligation.fulfilled_by.all()
    ]


def obligation_status(obligation: DetailingObligation, day: datetime.date) -> ObligationStatus:
    return obligation_rules.status_on(
        due_on=obligation.due_on,
        day=day,
        fulfilments=_fulfilments(obligation),
        not_needed_from=obligation.not_needed_from,
    )


def obligation_list(
    *,
    document_id: int | None = None,
    proposal_status: str | None = None,
) -> QuerySet[DetailingObligation]:
    rows = DetailingObligation.objects.select_related(
        "document", "assignee_agency"
    ).prefetch_related("fulfilled_by")
    if document_id is not None:
        rows = rows.filter(document_id=document_id)
    if proposal_status:
        rows = rows.filter(proposal_status=proposal_status)
    return rows.order_by("due_on", "id")


def obligation_get(*, obligation_id: int) -> DetailingObligation:
    obligation = obligation_list().filter(pk=obligation_id).first()
    if obligation is None:
        raise NotFound(_("No such obligation."))
    return obligation


def overdue_queryset(day: datetime.date) -> QuerySet[DetailingObligation]:
    """Confirmed obligations outstanding on ``day``: due, still needed, and no linked
    detailing document signed by then (the SQL twin of ``obligations.status_on``)."""
    signed = Document.objects.filter(fulfilled_obligations=OuterRef("pk"), signed_on__lte=day)
    return (
        DetailingObligation.objects.filter(
            proposal_status=ProposalStatus.CONFIRMED, due_on__lte=day
        )
        .exclude(not_needed_from__lte=day)
        .filter(~Exists(signed))
        .select_related("document", "assignee_agency")
        .order_by("due_on", "id")
    )


@dataclass
class OverdueRow:
    obligation: DetailingObligation
    days_overdue: int


@dataclass
class AssigneeGroup:
    assignee: str
    rows: list[OverdueRow]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def oldest_days(self) -> int:
        return max(row.days_overdue for row in self.rows)


def overdue_by_assignee(day: datetime.date, condition: Q | None = None) -> list[AssigneeGroup]:
    """Outstanding obligations on ``day`` (those of ``condition`` only, when given) grouped by
    assignee (the agency's name when linked, else the words of the text), most overdue
    first."""
    groups: dict[str, list[OverdueRow]] = defaultdict(list)
    rows = overdue_queryset(day)
    if condition is not None:
        rows = rows.filter(condition)
    for obligation in rows:
        name = (
            obligation.assignee_agency.name
            if obligation.assignee_agency
            else obligation.assignee_text
        )
        days = obligation_rules.days_overdue(due_on=obligation.due_on, day=day)
        groups[name].append(OverdueRow(obligation, days))
    result = [AssigneeGroup(name, rows) for name, rows in groups.items()]
    result.sort(key=lambda group: (-group.count, -group.oldest_days, group.assignee))
    return result


# The review figures of the documents register (ADR 0018) and the documents each counts, as
# ``documents.indicators`` does: by the signing day; a local document at its issuer's place, a
# central one at the central level (the nation's figure only); the agency the issuer's name
# names.
DRILL_FIGURES = ("promulgated", "central", "local")


def document_drill(drill: Drill, user: Any) -> Q:
    """The documents behind ``drill`` (one of :data:`DRILL_FIGURES`), within ``user``'s
    jurisdiction: a provincial reader's figures are of their province's local documents."""
    from tuphap.accounts import jurisdiction
    from tuphap.legislation.documents.indicators import issuer_agencies

    chosen = Q(**drill.days("signed_on"))
    if drill.figure == "central":
        chosen &= ~Q(doc_type__in=LOCAL_TYPES)
    elif drill.figure == "local":
        chosen &= Q(doc_type__in=LOCAL_TYPES)
    if drill.province is not None:
        chosen &= Q(issuer_level=IssuerLevel.LOCAL, place__in=drill.units())
    units = jurisdiction.covered_units(user)
    if units is not None:
        chosen &= Q(issuer_level=IssuerLevel.LOCAL, place__in=units.values("pk"))
    if drill.agency is not None:
        agencies = issuer_agencies()
        issuers = Document.objects.filter(chosen).values_list("issuer", flat=True).distinct()
        chosen &= Q(
            issuer__in=[
                name for name in issuers if agencies.get(fold(name).strip()) == drill.agency
            ]
        )
    return chosen


# The review figure of the detailing debt (ADR 0018): the obligations overdue and outstanding on
# the window's last day, as ``documents.indicators`` counts the stock (the SQL twin of its
# status), placed where the delegating document was issued (local) or centrally, for the
# agency that must detail them.
OBLIGATION_DRILL_FIGURES = ("outstanding",)


def obligation_drill(drill: Drill, user: Any) -> Q:
    """The condition on :func:`overdue_queryset` of ``drill.end`` for the drill's province and
    agency, within ``user``'s jurisdiction (a provincial reader: their province's local
    documents' obligations)."""
    from tuphap.accounts import jurisdiction

    chosen = Q()
    if drill.province is not None:
        chosen &= Q(document__issuer_level=IssuerLevel.LOCAL, document__place__in=drill.units())
    units = jurisdiction.covered_units(user)
    if units is not None:
        chosen &= Q(
            document__issuer_level=IssuerLevel.LOCAL, document__place__in=units.values("pk")
        )
    if drill.agency is not None:
        chosen &= Q(assignee_agency_id=drill.agency)
    return chosen
