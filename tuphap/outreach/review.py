"""Outreach's section of the annual review (``statistics.review``, ADR 0018)."""

from __future__ import annotations

from tuphap.statistics.review import Section, Sentence, add_section

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
