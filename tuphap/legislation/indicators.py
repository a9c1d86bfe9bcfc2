"""What the legislation app contributes to statistics, area by area (autodiscovered by the
statistics app): each area's ``indicators`` module registers its own indicators and identities.

One figure joins two areas: the legal documents the ministries **developed and submitted, or
promulgated** (``legislation.central_documents.developed``, the "515 văn bản" of the 2023
review). It adds the drafts of laws, resolutions, ordinances, decrees and decisions of the Prime
Minister that the ministries submitted (the programme and appraisal register, by submission
day) to the circulars and joint circulars they promulgated themselves (the documents register,
by signing day). A draft submitted in one year and promulgated as a decree in the next counts
once, in the year it was submitted: decrees and laws are not among the promulgated terms, and a
circular is never submitted to another body. See docs/domain/legislation.md §8.5.
"""

from __future__ import annotations

from tuphap.legislation.checking import indicators as checking  # noqa: F401
from tuphap.legislation.documents import indicators as documents
from tuphap.legislation.documents.models import DocumentType
from tuphap.legislation.programme import indicators as programme  # noqa: F401
from tuphap.statistics.indicators import Aggregation, Indicator, Unit
from tuphap.statistics.registry import registry

DEVELOPED = "legislation.central_documents.developed"
# The documents a ministry promulgates itself (the drill-down, ``legislation.developed``, lists
# the same).
PROMULGATED_TYPES = (DocumentType.CIRCULAR, DocumentType.JOINT_CIRCULAR)
DEVELOPED_TERMS = (
    "legislation.central_drafts.submitted",
    *(documents.type_code(doc_type) for doc_type in PROMULGATED_TYPES),
)

if DEVELOPED not in registry:
    registry.register(
        Indicator(
            code=DEVELOPED,
            name_vi="Số văn bản quy phạm pháp luật các bộ đã xây dựng, trình ban hành hoặc ban"
            " hành theo thẩm quyền",
            name_en="Legal documents the ministries developed and submitted, or promulgated",
            unit=Unit.COUNT,
            aggregation=Aggregation.DERIVED,
            terms=DEVELOPED_TERMS,
            description="Drafts of central documents submitted, plus circulars and joint"
            " circulars promulgated.",
        )
    )
