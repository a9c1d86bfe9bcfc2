"""What the legislation register contributes to statistics (autodiscovered by the statistics
app): documents promulgated per signing month, by type and by issuer level, and the detailing
obligations ("debt") due, fulfilled on time or late, and outstanding at the end of each month.

The issuer is the rollup row's place (ADR 0010): a central document (law, decree, circular…)
is a *central-level* row with no place, a local document is on the province or commune that
issued it. The row's agency is the issuing agency when the issuer is an agency of the register
(e.g. "Bộ Tư pháp" for its circulars), else empty. An obligation is counted where its
delegating document was issued, with the assignee agency when one is linked.

The type is a dimension of its own: one indicator per document type
(``legislation.documents.promulgated.<type>``), the sub-totals by issuer level
(``legislation.central_documents.promulgated``, ``legislation.local_documents.promulgated``)
and the total (``legislation.documents.promulgated``), tied together by identities that every
report checks. See docs/domain/legislation.md §7.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Count
from django.db.models.functions import TruncMonth

from tuphap.accounts.models import Agency
from tuphap.core.text import fold
from tuphap.legislation.documents import rules
from tuphap.legislation.documents.models import (
    LOCAL_TYPES,
    DetailingObligation,
    Document,
    DocumentType,
    IssuerLevel,
    ObligationStatus,
    ProposalStatus,
)
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.registry import registry

PREFIX = "legislation"
DOCUMENTS = f"{PREFIX}.documents.promulgated"
CENTRAL_DOCUMENTS = f"{PREFIX}.central_documents.promulgated"
LOCAL_DOCUMENTS = f"{PREFIX}.local_documents.promulgated"
OBLIGATIONS = f"{PREFIX}.obligations"

Source = Callable[[datetime.date, datetime.date], Iterator[SourceRow]]


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _months(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def issuer_agencies() -> dict[str, int]:
    """Agency ids by folded name, for the issuers that are agencies of the register. A name
    that two agencies share names neither."""
    found: dict[str, int | None] = {}
    for pk, name in Agency.objects.values_list("id", "name"):
        key = fold(name).strip()
        found[key] = None if key in found else pk
    return {name: pk for name, pk in found.items() if pk is not None}


def _where(document_place: int | None, level: str) -> int | None:
    """The row's place: the issuing province or commune, None (central level) otherwise."""
    return document_place if level == IssuerLevel.LOCAL else None


# -- documents promulgated --------------------------------------------------------------------


def _promulgated_counter(types: Iterable[str] | None) -> Source:
    """Documents of ``types`` (every type when None) by signing month, on the issuer's row."""
    wanted = None if types is None else sorted(types)

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        documents = Document.objects.filter(signed_on__gte=start, signed_on__lte=end)
        if wanted is not None:
            documents = documents.filter(doc_type__in=wanted)
        counts = (
            documents.annotate(month=TruncMonth("signed_on"))
            .values_list("month", "issuer_level", "place_id", "issuer")
            .annotate(total=Count("id"))
            .order_by()
        )
        agencies = issuer_agencies()
        cells: dict[tuple[datetime.date, int | None, int | None], int] = defaultdict(int)
        for month, level, place, issuer, total in counts:
            day = month.date() if isinstance(month, datetime.datetime) else month
            agency = agencies.get(fold(issuer).strip())
            cells[(day.replace(day=1), _where(place, level), agency)] += total
        for (month, place, agency), total in sorted(
            cells.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2] or 0)
        ):
            yield month, place, agency, total

    return source


# -- detailing obligations --------------------------------------------------------------------


def _confirmed_obligations() -> list[DetailingObligation]:
    return list(
        DetailingObligation.objects.filter(proposal_status=ProposalStatus.CONFIRMED)
        .select_related("document")
        .prefetch_related("fulfilled_by")
    )


def _status(obligation: DetailingObligation, day: datetime.date) -> ObligationStatus:
    return rules.status_on(
        due_on=obligation.due_on,
        day=day,
        fulfilments=[
            rules.Fulfilment(signed_on=doc.signed_on, effective_on=doc.effective_on)
            for doc in obligation.fulfilled_by.all()
        ],
        not_needed_from=obligation.not_needed_from,
    )


def _cell(obligation: DetailingObligation) -> tuple[int | None, int | None]:
    """(place, agency) of an obligation's row: where its delegating document was issued, and
    the agency that must detail it."""
    document = obligation.document
    return _where(document.place_id, document.issuer_level), obligation.assignee_agency_id


def _sorted_rows(
    counts: dict[tuple[datetime.date, int | None, int | None], int],
) -> Iterator[SourceRow]:
    for (month, place, agency), total in sorted(
        counts.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2] or 0)
    ):
        yield month, place, agency, total


def _due_counter(wanted: frozenset[ObligationStatus] | None) -> Source:
    """Obligations falling due in each month, optionally only those whose status (known today)
    is in ``wanted``."""

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        # Everything linked so far counts: a rebuild picks up documents linked late.
        known_by = datetime.date.max
        counts: dict[tuple[datetime.date, int | None, int | None], int] = defaultdict(int)
        for obligation in _confirmed_obligations():
            if not start <= obligation.due_on <= end:
                continue
            if wanted is not None and _status(obligation, known_by) not in wanted:
                continue
            counts[(obligation.due_on.replace(day=1), *_cell(obligation))] += 1
        yield from _sorted_rows(counts)

    return source


def _outstanding(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
    """Obligations overdue and outstanding on the last day of each month."""
    rows = _confirmed_obligations()
    counts: dict[tuple[datetime.date, int | None, int | None], int] = defaultdict(int)
    for month in _months(start, end):
        last = _month_end(month)
        for obligation in rows:
            if _status(obligation, last) is ObligationStatus.OVERDUE:
                counts[(month, *_cell(obligation))] += 1
    yield from _sorted_rows(counts)


# -- the declarations -------------------------------------------------------------------------

# Vietnamese names of the types, as the statistical forms write them.
TYPE_NAMES_VI: dict[str, str] = {
    DocumentType.LAW: "luật",
    DocumentType.NA_RESOLUTION: "nghị quyết của Quốc hội",
    DocumentType.ORDINANCE: "pháp lệnh",
    DocumentType.STANDING_COMMITTEE_RESOLUTION: "nghị quyết của Ủy ban Thường vụ Quốc hội",
    DocumentType.DECREE: "nghị định",
    DocumentType.GOVERNMENT_RESOLUTION: "nghị quyết của Chính phủ",
    DocumentType.PM_DECISION: "quyết định của Thủ tướng Chính phủ",
    DocumentType.CIRCULAR: "thông tư",
    DocumentType.JOINT_CIRCULAR: "thông tư liên tịch",
    DocumentType.PROVINCIAL_COUNCIL_RESOLUTION: "nghị quyết của Hội đồng nhân dân cấp tỉnh",
    DocumentType.PROVINCIAL_COMMITTEE_DECISION: "quyết định của Ủy ban nhân dân cấp tỉnh",
    DocumentType.COMMUNE_COUNCIL_RESOLUTION: "nghị quyết của Hội đồng nhân dân cấp xã",
    DocumentType.COMMUNE_COMMITTEE_DECISION: "quyết định của Ủy ban nhân dân cấp xã",
}
TYPE_NAMES_EN: dict[str, str] = {
    DocumentType.LAW: "laws",
    DocumentType.NA_RESOLUTION: "National Assembly resolutions",
    DocumentType.ORDINANCE: "ordinances",
    DocumentType.STANDING_COMMITTEE_RESOLUTION: "Standing Committee resolutions",
    DocumentType.DECREE: "decrees",
    DocumentType.GOVERNMENT_RESOLUTION: "Government resolutions",
    DocumentType.PM_DECISION: "Prime Minister decisions",
    DocumentType.CIRCULAR: "circulars",
    DocumentType.JOINT_CIRCULAR: "joint circulars",
    DocumentType.PROVINCIAL_COUNCIL_RESOLUTION: "provincial People's Council resolutions",
    DocumentType.PROVINCIAL_COMMITTEE_DECISION: "provincial People's Committee decisions",
    DocumentType.COMMUNE_COUNCIL_RESOLUTION: "commune People's Council resolutions",
    DocumentType.COMMUNE_COMMITTEE_DECISION: "commune People's Committee decisions",
}
CENTRAL_TYPES = [value for value in DocumentType.values if value not in LOCAL_TYPES]
LOCAL_TYPE_VALUES = [value for value in DocumentType.values if value in LOCAL_TYPES]


def type_code(doc_type: str) -> str:
    return f"{DOCUMENTS}.{doc_type}"


def _document_indicators() -> list[Indicator]:
    by_signing = "By signing month; central documents at central level, local ones on the issuer."
    declared = [
        Indicator(
            code=DOCUMENTS,
            name_vi="Số văn bản quy phạm pháp luật được ban hành",
            name_en="Legal documents promulgated",
            unit=Unit.COUNT,
            source=_promulgated_counter(None),
            description=by_signing,
        ),
        Indicator(
            code=CENTRAL_DOCUMENTS,
            name_vi="Số văn bản quy phạm pháp luật ở trung ương được ban hành",
            name_en="Central legal documents promulgated",
            unit=Unit.COUNT,
            source=_promulgated_counter(CENTRAL_TYPES),
            description="By signing month, at central level.",
        ),
        Indicator(
            code=LOCAL_DOCUMENTS,
            name_vi="Số văn bản quy phạm pháp luật của địa phương được ban hành",
            name_en="Local legal documents promulgated",
            unit=Unit.COUNT,
            source=_promulgated_counter(LOCAL_TYPE_VALUES),
            description="By signing month, on the province or commune that issued them.",
        ),
    ]
    for doc_type in DocumentType.values:
        declared.append(
            Indicator(
                code=type_code(doc_type),
                name_vi=f"Số {TYPE_NAMES_VI[doc_type]} được ban hành",
                name_en=f"Promulgated: {TYPE_NAMES_EN[doc_type]}",
                unit=Unit.COUNT,
                source=_promulgated_counter([doc_type]),
                description=by_signing,
            )
        )
    return declared


def _obligation_indicators() -> list[Indicator]:
    return [
        Indicator(
            code=f"{OBLIGATIONS}.due",
            name_vi="Số nội dung giao quy định chi tiết đến hạn",
            name_en="Detailing obligations falling due",
            unit=Unit.COUNT,
            source=_due_counter(None),
            description="Confirmed obligations by due month, where the delegating document "
            "was issued (central level or the local issuer), with the assignee agency.",
        ),
        Indicator(
            code=f"{OBLIGATIONS}.on_time",
            name_vi="Số nội dung giao quy định chi tiết được ban hành đúng hạn",
            name_en="Detailing obligations fulfilled on time",
            unit=Unit.COUNT,
            source=_due_counter(frozenset({ObligationStatus.FULFILLED_ON_TIME})),
        ),
        Indicator(
            code=f"{OBLIGATIONS}.late",
            name_vi="Số nội dung giao quy định chi tiết được ban hành chậm",
            name_en="Detailing obligations fulfilled late",
            unit=Unit.COUNT,
            source=_due_counter(frozenset({ObligationStatus.FULFILLED_LATE})),
        ),
        Indicator(
            code=f"{OBLIGATIONS}.outstanding",
            name_vi="Số nội dung giao quy định chi tiết còn nợ đọng cuối kỳ",
            name_en="Detailing obligations overdue and outstanding at the end of the period",
            unit=Unit.COUNT,
            aggregation=Aggregation.SUM,
            time=TimeBehaviour.STOCK_END,
            source=_outstanding,
        ),
        Indicator(
            code=f"{OBLIGATIONS}.on_time_rate",
            name_vi="Tỷ lệ nội dung giao quy định chi tiết được ban hành đúng hạn",
            name_en="Share of detailing obligations fulfilled on time",
            unit=Unit.PERCENT,
            aggregation=Aggregation.RATIO,
            numerator=f"{OBLIGATIONS}.on_time",
            denominator=f"{OBLIGATIONS}.due",
        ),
    ]


INDICATORS = [*_document_indicators(), *_obligation_indicators()]
IDENTITIES = [
    Identity(
        f"{PREFIX}.documents.by_level",
        DOCUMENTS,
        (CENTRAL_DOCUMENTS, LOCAL_DOCUMENTS),
        "Documents promulgated = central + local.",
    ),
    Identity(
        f"{PREFIX}.documents.central_by_type",
        CENTRAL_DOCUMENTS,
        tuple(type_code(doc_type) for doc_type in CENTRAL_TYPES),
        "Central documents = the sum of the central types.",
    ),
    Identity(
        f"{PREFIX}.documents.local_by_type",
        LOCAL_DOCUMENTS,
        tuple(type_code(doc_type) for doc_type in LOCAL_TYPE_VALUES),
        "Local documents = the sum of the local types.",
    ),
]

for _indicator in INDICATORS:
    if _indicator.code not in registry:
        registry.register(_indicator)
for _identity in IDENTITIES:
    with contextlib.suppress(ValueError):  # already registered (module imported twice)
        registry.register_identity(_identity)
