"""Outreach's section of the annual review (``statistics.review``, ADR 0018)."""

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
        "outreach",
        "Công tác phổ biến, giáo dục pháp luật và hòa giải ở cơ sở",
        "Legal dissemination and grassroots mediation",
        (
            "outreach.sessions",
            "outreach.participants",
            "outreach.contests",
            "outreach.contestants",
            "outreach.mediation.received",
            "outreach.mediation.successful",
            "outreach.mediation.success_rate",
        ),
        (
            Sentence(
                "Năm {year} đã tổ chức {value:outreach.sessions} cuộc phổ biến, giáo dục pháp luật"
                " cho {value:outreach.participants} lượt người ({change:outreach.sessions} so với"
                " năm {previous_year}); từ đầu nhiệm kỳ: {term:outreach.sessions} cuộc cho"
                " {term:outreach.participants} lượt người.",
                "In {year}, {value:outreach.sessions} legal dissemination sessions reached"
                " {value:outreach.participants} participants ({change:outreach.sessions} on"
                " {previous_year}); since the start of the term: {term:outreach.sessions}"
                " sessions for {term:outreach.participants} participants.",
            ),
            Sentence(
                "Đã tổ chức {value:outreach.contests} cuộc thi tìm hiểu pháp luật với"
                " {value:outreach.contestants} lượt người dự thi.",
                "{value:outreach.contests} legal knowledge contests had"
                " {value:outreach.contestants} contestants.",
            ),
            Sentence(
                "Các tổ hòa giải ở cơ sở đã tiếp nhận {value:outreach.mediation.received} vụ việc,"
                " hòa giải thành {value:outreach.mediation.successful} vụ việc, đạt tỷ lệ"
                " {value:outreach.mediation.success_rate}"
                " ({change:outreach.mediation.success_rate} so với năm {previous_year}).",
                "Grassroots mediation teams received {value:outreach.mediation.received}"
                " disputes and settled {value:outreach.mediation.successful}, a success rate of"
                " {value:outreach.mediation.success_rate}"
                " ({change:outreach.mediation.success_rate} on {previous_year}).",
            ),
        ),
        order=40,
    )
)


def _figure(name: str) -> DrillParams:
    """The records that make the register's figure ``name`` in the window."""

    def params(
        period: Period, place: AdministrativeUnit | None, agency: int | None
    ) -> dict[str, str]:
        return {"figure": name, **window_params(period, place, agency)}

    return params


# Dissemination: the sessions list (``dissemination.selectors.session_drill``; participants and
# contestants are the sums over the sessions listed). Mediation: the mediation book
# (``mediation.selectors.case_drill``). The success rate has no list of its own.
for _name in ("sessions", "participants", "contests", "contestants"):
    add_drilldown(f"outreach.{_name}", "outreach:session_list", _figure(_name))
for _name in ("received", "successful"):
    add_drilldown(f"outreach.mediation.{_name}", "outreach:book", _figure(_name))
