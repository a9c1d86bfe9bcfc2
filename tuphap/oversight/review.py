"""Oversight's sections of the annual review (``statistics.review``, ADR 0018): state
compensation; reception, complaints and denunciations; inspections."""

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
        "oversight.compensation",
        "Công tác bồi thường nhà nước",
        "State compensation",
        (
            "oversight.compensation.received",
            "oversight.compensation.accepted",
            "oversight.compensation.resolved",
            "oversight.compensation.amount_decided",
            "oversight.compensation.amount_paid",
            "oversight.compensation.recourse_collected",
        ),
        (
            Sentence(
                "Đã thụ lý {value:oversight.compensation.accepted} yêu cầu bồi thường, giải quyết"
                " {value:oversight.compensation.resolved} vụ việc"
                " ({change:oversight.compensation.resolved} so với năm {previous_year}) với tổng"
                " số tiền quyết định bồi thường {value:oversight.compensation.amount_decided};"
                " đã chi trả {value:oversight.compensation.amount_paid}.",
                "{value:oversight.compensation.accepted} compensation claims were accepted and"
                " {value:oversight.compensation.resolved} resolved"
                " ({change:oversight.compensation.resolved} on {previous_year}), with"
                " {value:oversight.compensation.amount_decided} decided and"
                " {value:oversight.compensation.amount_paid} paid.",
            ),
            Sentence(
                "Đã thu hồi {value:oversight.compensation.recourse_collected} tiền hoàn trả của"
                " người thi hành công vụ gây thiệt hại.",
                "{value:oversight.compensation.recourse_collected} was recovered from the"
                " officials at fault.",
            ),
        ),
        order=80,
    )
)
add_section(
    Section(
        "oversight.reception",
        "Công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
        "Citizen reception, complaints and denunciations",
        (
            "oversight.receptions",
            "oversight.letters.received",
            "oversight.letters.handled",
            "oversight.complaints.accepted",
            "oversight.complaints.resolved",
            "oversight.denunciations.accepted",
            "oversight.denunciations.resolved",
        ),
        (
            Sentence(
                "Đã tiếp {value:oversight.receptions} lượt công dân; tiếp nhận"
                " {value:oversight.letters.received} đơn ({change:oversight.letters.received} so"
                " với năm {previous_year}), đã xử lý {value:oversight.letters.handled} đơn.",
                "{value:oversight.receptions} receptions of citizens;"
                " {value:oversight.letters.received} letters received"
                " ({change:oversight.letters.received} on {previous_year}) and"
                " {value:oversight.letters.handled} handled.",
            ),
            Sentence(
                "Đã thụ lý {value:oversight.complaints.accepted} vụ việc khiếu nại, giải quyết"
                " {value:oversight.complaints.resolved} vụ việc; thụ lý"
                " {value:oversight.denunciations.accepted} vụ việc tố cáo, giải quyết"
                " {value:oversight.denunciations.resolved} vụ việc.",
                "{value:oversight.complaints.accepted} complaints were accepted and"
                " {value:oversight.complaints.resolved} resolved;"
                " {value:oversight.denunciations.accepted} denunciations accepted and"
                " {value:oversight.denunciations.resolved} resolved.",
            ),
        ),
        order=90,
    )
)
add_section(
    Section(
        "oversight.inspections",
        "Công tác thanh tra, kiểm tra",
        "Inspections",
        (
            "oversight.inspections.decided",
            "oversight.inspections.concluded",
            "oversight.inspections.inter_sectoral",
            "oversight.inspections.recommendations",
            "oversight.inspections.money_recommended",
            "oversight.inspections.money_recovered",
        ),
        (
            Sentence(
                "Đã tiến hành {value:oversight.inspections.decided} cuộc thanh tra, kiểm tra,"
                " ban hành {value:oversight.inspections.concluded} kết luận; thành lập"
                " {value:oversight.inspections.inter_sectoral} đoàn kiểm tra liên ngành thi hành"
                " pháp luật về xử lý vi phạm hành chính.",
                "{value:oversight.inspections.decided} inspections were carried out and"
                " {value:oversight.inspections.concluded} concluded;"
                " {value:oversight.inspections.inter_sectoral} inter-sectoral teams inspected the"
                " enforcement of the law on administrative violations.",
            ),
            Sentence(
                "Kiến nghị thu hồi {value:oversight.inspections.money_recommended}; đã thu hồi"
                " {value:oversight.inspections.money_recovered}.",
                "{value:oversight.inspections.money_recommended} was recommended for recovery;"
                " {value:oversight.inspections.money_recovered} recovered.",
            ),
        ),
        order=100,
    )
)


def _figure(name: str) -> DrillParams:
    """The records that make the register's figure ``name`` in the window."""

    def params(
        period: Period, place: AdministrativeUnit | None, agency: int | None
    ) -> dict[str, str]:
        return {"figure": name, **window_params(period, place, agency)}

    return params


# Each register's list keeps the records whose own facts make the figure by its figures module
# (``statistics.review.contributions``), or, for the reception sessions, those held in the
# window; the money figures are the totals over the records listed.
for _register, _url, _names in (
    (
        "compensation",
        "oversight:compensation_list",
        ("received", "accepted", "resolved", "amount_decided", "amount_paid", "recourse_collected"),
    ),
    ("letters", "oversight:letter_list", ("received", "handled")),
    ("complaints", "oversight:complaint_list", ("accepted", "resolved")),
    ("denunciations", "oversight:denunciation_list", ("accepted", "resolved")),
    (
        "inspections",
        "oversight:inspection_list",
        (
            "decided",
            "concluded",
            "inter_sectoral",
            "recommendations",
            "money_recommended",
            "money_recovered",
        ),
    ),
):
    for _name in _names:
        add_drilldown(f"oversight.{_register}.{_name}", _url, _figure(_name))
add_drilldown("oversight.receptions", "oversight:reception_list", _figure("receptions"))
