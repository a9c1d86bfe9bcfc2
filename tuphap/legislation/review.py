"""Legislation's sections of the annual review (``statistics.review``, ADR 0018)."""

from __future__ import annotations

from tuphap.core.periods import Period
from tuphap.places.models import AdministrativeUnit
from tuphap.statistics.review import (
    DrillParams,
    Section,
    Sentence,
    add_drilldown,
    add_section,
    window_params,
)

add_section(
    Section(
        "legislation.making",
        "Công tác xây dựng, thẩm định và ban hành văn bản quy phạm pháp luật",
        "Making, appraising and promulgating legal documents",
        (
            "legislation.documents.promulgated",
            "legislation.central_documents.promulgated",
            "legislation.local_documents.promulgated",
            "legislation.central_documents.developed",
            "legislation.central_drafts.submitted",
            "legislation.drafts.appraised",
            "legislation.appraisals.on_time_rate",
            "legislation.obligations.on_time_rate",
            "legislation.obligations.outstanding",
        ),
        (
            Sentence(
                "Năm {year}, {place} đã ban hành {value:legislation.documents.promulgated} văn"
                " bản quy phạm pháp luật, {change:legislation.documents.promulgated} so với năm"
                " {previous_year}; từ đầu nhiệm kỳ đến nay đã ban hành"
                " {term:legislation.documents.promulgated} văn bản.",
                "In {year}, {place} promulgated {value:legislation.documents.promulgated} legal"
                " documents, {change:legislation.documents.promulgated} on {previous_year}; since"
                " the start of the term, {term:legislation.documents.promulgated}.",
            ),
            Sentence(
                "Các bộ đã xây dựng, trình ban hành hoặc ban hành theo thẩm quyền"
                " {value:legislation.central_documents.developed} văn bản quy phạm pháp luật"
                " ({change:legislation.central_documents.developed} so với năm {previous_year}),"
                " trong đó đã trình {value:legislation.central_drafts.submitted} dự thảo luật,"
                " nghị quyết, pháp lệnh, nghị định, quyết định của Thủ tướng Chính phủ; từ đầu"
                " nhiệm kỳ đến nay {term:legislation.central_documents.developed} văn bản.",
                "The ministries developed and submitted, or promulgated,"
                " {value:legislation.central_documents.developed} legal documents"
                " ({change:legislation.central_documents.developed} on {previous_year}), of which"
                " {value:legislation.central_drafts.submitted} drafts of laws, resolutions,"
                " ordinances, decrees and decisions of the Prime Minister submitted; since the"
                " start of the term, {term:legislation.central_documents.developed}.",
            ),
            Sentence(
                "Đã thẩm định {value:legislation.drafts.appraised} dự thảo văn bản; tỷ lệ báo"
                " cáo thẩm định ban hành đúng thời hạn đạt"
                " {value:legislation.appraisals.on_time_rate}.",
                "{value:legislation.drafts.appraised} drafts were appraised;"
                " {value:legislation.appraisals.on_time_rate} of the appraisal reports on time.",
            ),
            Sentence(
                "Tỷ lệ nội dung giao quy định chi tiết được ban hành đúng hạn đạt"
                " {value:legislation.obligations.on_time_rate}; cuối kỳ còn"
                " {value:legislation.obligations.outstanding} nội dung nợ đọng"
                " ({change:legislation.obligations.outstanding} so với năm {previous_year}).",
                "{value:legislation.obligations.on_time_rate} of the detailing obligations were"
                " met on time; {value:legislation.obligations.outstanding} remain outstanding at"
                " the end of the year ({change:legislation.obligations.outstanding} on"
                " {previous_year}).",
            ),
        ),
        order=10,
    )
)
add_section(
    Section(
        "legislation.checking",
        "Công tác kiểm tra, rà soát văn bản quy phạm pháp luật",
        "Checking and review of legal documents",
        (
            "legislation.checks.examined",
            "legislation.checks.unlawful",
            "legislation.checks.handled",
        ),
        (
            Sentence(
                "Đã kiểm tra {value:legislation.checks.examined} văn bản"
                " ({change:legislation.checks.examined} so với năm {previous_year}), phát hiện"
                " {value:legislation.checks.unlawful} văn bản trái pháp luật; đã xử lý"
                " {value:legislation.checks.handled} văn bản.",
                "{value:legislation.checks.examined} documents were checked"
                " ({change:legislation.checks.examined} on {previous_year});"
                " {value:legislation.checks.unlawful} were found unlawful and"
                " {value:legislation.checks.handled} handled.",
            ),
        ),
        order=20,
    )
)


def _figure(name: str) -> DrillParams:
    """The records that make the register's figure ``name`` in the window."""

    def params(
        period: Period, place: AdministrativeUnit | None, agency: int | None
    ) -> dict[str, str]:
        return {"figure": name, **window_params(period, place, agency)}

    return params


# The documents promulgated: the legal documents list (``documents.selectors.document_drill``);
# the drafts appraised and the drafts submitted: the dossiers list, with the number of the
# appraisal reports (``programme.selectors.dossier_drill``); the documents developed and
# submitted, or promulgated: one list of both (``legislation.developed``); the checks: the
# checks list (``checking.selectors.check_drill``); the outstanding detailing obligations: the
# overdue obligations page on the period's last day (``documents.selectors.obligation_drill``).
# The rates have none.
for _code, _name in (
    ("legislation.documents.promulgated", "promulgated"),
    ("legislation.central_documents.promulgated", "central"),
    ("legislation.local_documents.promulgated", "local"),
):
    add_drilldown(_code, "legislation:list", _figure(_name))
add_drilldown("legislation.drafts.appraised", "legislation:dossier_list", _figure("drafts"))
add_drilldown("legislation.drafts.submitted", "legislation:dossier_list", _figure("submitted"))
add_drilldown(
    "legislation.central_drafts.submitted", "legislation:dossier_list", _figure("central_submitted")
)
add_drilldown(
    "legislation.central_documents.developed", "legislation:developed", _figure("developed")
)
add_drilldown("legislation.obligations.outstanding", "legislation:overdue", _figure("outstanding"))
for _name in ("examined", "unlawful", "handled"):
    add_drilldown(f"legislation.checks.{_name}", "legislation:checks", _figure(_name))
