"""Judgment enforcement's section of the annual review (``statistics.review``, ADR 0018), on
the enforcement year (1 October to 30 September)."""

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


def _figure(name: str) -> DrillParams:
    """The enforcement cases that make figure ``name`` of ``figures.compute`` in the window."""

    def params(
        period: Period, place: AdministrativeUnit | None, agency: int | None
    ) -> dict[str, str]:
        return {"figure": name, **window_params(period, place, agency)}

    return params


# Each case and money figure of the section lists its cases on the register's case list
# (``figure`` names the ``figures.compute`` figure the case contributes to); the rates have none.
for _name in (
    "cases.to_enforce",
    "cases.with_conditions",
    "cases.done",
    "cases.carried_out",
    "money.to_enforce",
    "money.with_conditions",
    "money.done",
):
    add_drilldown(f"thads.{_name}", "enforcement:case_list", _figure(_name))
