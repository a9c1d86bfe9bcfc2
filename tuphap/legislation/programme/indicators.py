"""What the law-making programme and appraisal contribute to statistics, per month.

Every row is ``(month, place, agency id, value)``, the agency being the appraising unit
(appraisal reports) or the lead agency (programme items). Programme items are central work (no
place); an appraisal report is where its case is: a central body's dossier is a central-level
case (no place), a local body's dossier is at the body's province. A rollup row with no place is
the central level (ADR 0010; see docs/domain/legislation.md).

* proposals appraised, drafts appraised: appraisal reports by their date (every report counts,
  a dossier appraised again after revision counts twice), from the case journal;
* appraisals on time / late: reports issued within / after the appraisal period;
* programme items adopted, postponed, withdrawn: by the date of the status change;
* drafts submitted (``legislation.drafts.submitted``): draft dossiers by the day they were
  submitted to the body that promulgates them (tờ trình), on the **drafting agency** (the
  ministry that developed the draft, not the appraising unit) at the dossier's place; of them,
  ``legislation.central_drafts.submitted`` are the drafts of laws, resolutions, ordinances,
  decrees and decisions of the Prime Minister, the documents a ministry submits and does not
  promulgate itself (docs/domain/legislation.md §8.5).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator

from tuphap.casework.models import CaseAction
from tuphap.legislation.documents.models import DocumentType
from tuphap.legislation.programme import workflow
from tuphap.legislation.programme.models import ItemStatus, LegislativeDraft, ProgrammeItemEvent
from tuphap.statistics.indicators import Aggregation, Indicator, SourceRow, Unit
from tuphap.statistics.registry import registry

SourceFunction = Callable[[datetime.date, datetime.date], Iterator[SourceRow]]


def _reports(
    start: datetime.date, end: datetime.date, registers: frozenset[str]
) -> Iterator[tuple[datetime.date, int | None, int, bool]]:
    """(report date, case place or None, appraising unit, on time) of every appraisal report in
    [start, end]."""
    actions = CaseAction.objects.filter(
        transition="record_appraisal", case__register__in=registers
    ).values_list("payload", "case__place_id", "case__agency_id")
    for payload, place_id, agency_id in actions.iterator():
        try:
            day = datetime.date.fromisoformat(str(payload.get("report_on")))
        except ValueError:
            continue
        if start <= day <= end:
            yield day, place_id, agency_id, bool(payload.get("on_time"))


Cells = dict[tuple[datetime.date, int | None, int], int]


def _count(cells: Cells) -> Iterator[SourceRow]:
    # Central rows (no place) first, the same on every database.
    for (month, place_id, agency_id), total in sorted(
        cells.items(), key=lambda cell: (cell[0][0], cell[0][1] or 0, cell[0][2])
    ):
        yield month, place_id, agency_id, total


def _appraised(registers: frozenset[str], on_time: bool | None = None) -> SourceFunction:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        cells: Cells = defaultdict(int)
        for day, place_id, agency_id, in_time in _reports(start, end, registers):
            if on_time is None or in_time is on_time:
                cells[(day.replace(day=1), place_id, agency_id)] += 1
        return _count(cells)

    return source


def _items(status: str) -> SourceFunction:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        cells: Cells = defaultdict(int)
        events = ProgrammeItemEvent.objects.filter(
            to_status=status, occurred_on__gte=start, occurred_on__lte=end
        ).values_list("occurred_on", "item__lead_agency_id")
        for day, agency_id in events:
            cells[(day.replace(day=1), None, agency_id)] += 1
        return _count(cells)

    return source


# The central documents a ministry drafts and submits to the National Assembly, its Standing
# Committee, the Government or the Prime Minister (Luật 64/2025/QH15 Art. 4; the circulars it
# promulgates itself are counted when promulgated, ``documents.indicators``).
SUBMITTED_TYPES = frozenset(
    {
        DocumentType.LAW,
        DocumentType.NA_RESOLUTION,
        DocumentType.ORDINANCE,
        DocumentType.STANDING_COMMITTEE_RESOLUTION,
        DocumentType.DECREE,
        DocumentType.GOVERNMENT_RESOLUTION,
        DocumentType.PM_DECISION,
    }
)


def _submitted(types: frozenset[str] | None) -> SourceFunction:
    """Drafts (of ``types``; every type when None) by submission month, at the dossier's place,
    on the drafting agency."""

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        drafts = LegislativeDraft.objects.filter(submitted_on__gte=start, submitted_on__lte=end)
        if types is not None:
            drafts = drafts.filter(doc_type__in=sorted(types))
        cells: Cells = defaultdict(int)
        for day, place_id, agency_id in drafts.values_list(
            "submitted_on", "case__place_id", "drafting_agency_id"
        ).iterator():
            if day is not None:  # the window's filter keeps only submitted drafts
                cells[(day.replace(day=1), place_id, agency_id)] += 1
        return _count(cells)

    return source


BOTH = frozenset({workflow.PROPOSAL, workflow.DRAFT})

INDICATORS = [
    Indicator(
        code="legislation.proposals.appraised",
        name_vi="Số đề nghị xây dựng văn bản đã được thẩm định",
        name_en="Policy proposals appraised",
        unit=Unit.COUNT,
        source=_appraised(frozenset({workflow.PROPOSAL})),
        description="Appraisal reports on proposals by report month; central level, by unit.",
    ),
    Indicator(
        code="legislation.drafts.appraised",
        name_vi="Số dự thảo văn bản đã được thẩm định",
        name_en="Drafts appraised",
        unit=Unit.COUNT,
        source=_appraised(frozenset({workflow.DRAFT})),
        description="Appraisal reports on drafts by report month; central level, by unit.",
    ),
    Indicator(
        code="legislation.appraisals.done",
        name_vi="Số báo cáo thẩm định đã ban hành",
        name_en="Appraisal reports issued",
        unit=Unit.COUNT,
        source=_appraised(BOTH),
    ),
    Indicator(
        code="legislation.appraisals.on_time",
        name_vi="Số báo cáo thẩm định ban hành đúng thời hạn",
        name_en="Appraisal reports issued on time",
        unit=Unit.COUNT,
        source=_appraised(BOTH, on_time=True),
    ),
    Indicator(
        code="legislation.appraisals.late",
        name_vi="Số báo cáo thẩm định ban hành quá thời hạn",
        name_en="Appraisal reports issued late",
        unit=Unit.COUNT,
        source=_appraised(BOTH, on_time=False),
    ),
    Indicator(
        code="legislation.appraisals.on_time_rate",
        name_vi="Tỷ lệ báo cáo thẩm định ban hành đúng thời hạn",
        name_en="Share of appraisal reports issued on time",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        numerator="legislation.appraisals.on_time",
        denominator="legislation.appraisals.done",
    ),
    Indicator(
        code="legislation.drafts.submitted",
        name_vi="Số dự thảo văn bản đã trình cấp có thẩm quyền ban hành",
        name_en="Drafts submitted for promulgation",
        unit=Unit.COUNT,
        source=_submitted(None),
        description="Draft dossiers by submission month, on the drafting agency.",
    ),
    Indicator(
        code="legislation.central_drafts.submitted",
        name_vi="Số dự thảo luật, nghị quyết, pháp lệnh, nghị định, quyết định của Thủ tướng"
        " Chính phủ đã trình",
        name_en="Drafts of laws, resolutions, ordinances, decrees and Prime Minister decisions"
        " submitted",
        unit=Unit.COUNT,
        source=_submitted(SUBMITTED_TYPES),
        description="The drafts a ministry submits and does not promulgate itself, by"
        " submission month, on the drafting agency.",
    ),
    Indicator(
        code="legislation.programme_items.adopted",
        name_vi="Số dự án trong Chương trình được thông qua",
        name_en="Programme items adopted",
        unit=Unit.COUNT,
        source=_items(ItemStatus.ADOPTED),
        description="By adoption month, on the lead agency.",
    ),
    Indicator(
        code="legislation.programme_items.postponed",
        name_vi="Số dự án trong Chương trình bị lùi thời hạn trình",
        name_en="Programme items postponed",
        unit=Unit.COUNT,
        source=_items(ItemStatus.POSTPONED),
    ),
    Indicator(
        code="legislation.programme_items.withdrawn",
        name_vi="Số dự án bị rút khỏi Chương trình",
        name_en="Programme items withdrawn",
        unit=Unit.COUNT,
        source=_items(ItemStatus.WITHDRAWN),
    ),
]

for _indicator in INDICATORS:
    if _indicator.code not in registry:
        registry.register(_indicator)
