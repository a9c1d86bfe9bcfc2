"""Judgment enforcement's section of the annual review (``statistics.review``, ADR 0018), on
the enforcement year (1 October to 30 September)."""

from __future__ import annotations

from tuphap.statistics.review import Section, Sentence, add_section

add_section(
    Section(
        "enforcement",
        "Công tác thi hành án dân sự",
        "Civil judgment enforcement",
        (
            "thads.cases.to_enforce",
            "thads.cases.with_conditions",
            "thads.cases.done",
            "thads.cases.rate",
            "thads.cases.carried_out",
            "thads.money.to_enforce",
            "thads.money.with_conditions",
            "thads.money.done",
            "thads.money.rate",
        ),
        (
            Sentence(
                "Năm thi hành án {year}, tổng số việc phải thi hành là"
                " {value:thads.cases.to_enforce} việc, trong đó có điều kiện thi hành"
                " {value:thads.cases.with_conditions} việc; đã thi hành xong"
                " {value:thads.cases.done} việc ({change:thads.cases.done} so với năm"
                " {previous_year}), đạt tỷ lệ {value:thads.cases.rate}"
                " ({change:thads.cases.rate}).",
                "In the enforcement year {year}, {value:thads.cases.to_enforce} cases were to be"
                " enforced, {value:thads.cases.with_conditions} of them with the conditions;"
                " {value:thads.cases.done} were done ({change:thads.cases.done} on"
                " {previous_year}), a rate of {value:thads.cases.rate}"
                " ({change:thads.cases.rate}).",
            ),
            Sentence(
                "Về tiền, tổng số phải thi hành là {value:thads.money.to_enforce}; đã thi hành"
                " xong {value:thads.money.done} ({change:thads.money.done} so với năm"
                " {previous_year}), đạt tỷ lệ {value:thads.money.rate}.",
                "In money, {value:thads.money.to_enforce} was to be enforced and"
                " {value:thads.money.done} was done ({change:thads.money.done} on"
                " {previous_year}), a rate of {value:thads.money.rate}.",
            ),
            Sentence(
                "So với chỉ tiêu được giao, tỷ lệ thi hành xong về việc"
                " {value:thads.cases.rate} ({progress:thads.cases.rate}), về tiền"
                " {value:thads.money.rate} ({progress:thads.money.rate}).",
                "Against the assigned targets, the case rate is {value:thads.cases.rate}"
                " ({progress:thads.cases.rate}) and the money rate {value:thads.money.rate}"
                " ({progress:thads.money.rate}).",
            ),
            Sentence(
                "Số việc chuyển kỳ sau: {value:thads.cases.carried_out} việc"
                " ({change:thads.cases.carried_out} so với năm {previous_year}).",
                "{value:thads.cases.carried_out} cases carry over to the next year"
                " ({change:thads.cases.carried_out} on {previous_year}).",
            ),
        ),
        order=60,
        calendar="thads_year",
    )
)
