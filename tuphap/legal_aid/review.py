"""Legal aid's section of the annual review (``statistics.review``, ADR 0018)."""

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
        "legal_aid",
        "Công tác trợ giúp pháp lý",
        "Legal aid",
        (
            "legal_aid.cases.accepted",
            "legal_aid.cases.completed",
            "legal_aid.cases.form.participation",
            "legal_aid.notices.received",
            "legal_aid.notices.late_rate",
        ),
        (
            Sentence(
                "Các Trung tâm trợ giúp pháp lý nhà nước đã thụ lý {value:legal_aid.cases.accepted}"
                " vụ việc ({change:legal_aid.cases.accepted} so với năm {previous_year}), trong"
                " đó tham gia tố tụng {value:legal_aid.cases.form.participation} vụ việc; đã hoàn"
                " thành {value:legal_aid.cases.completed} vụ việc.",
                "The state legal aid centres accepted {value:legal_aid.cases.accepted} cases"
                " ({change:legal_aid.cases.accepted} on {previous_year}),"
                " {value:legal_aid.cases.form.participation} of them in proceedings, and"
                " completed {value:legal_aid.cases.completed}.",
            ),
            Sentence(
                "Đã nhận {value:legal_aid.notices.received} thông báo của cơ quan tiến hành tố"
                " tụng; tỷ lệ thông báo quá thời hạn là {value:legal_aid.notices.late_rate}.",
                "{value:legal_aid.notices.received} notices came from the procedural bodies;"
                " {value:legal_aid.notices.late_rate} of them late.",
            ),
        ),
        order=70,
    )
)


def _figure(name: str) -> DrillParams:
    """The legal aid cases that make figure ``name`` (``figures.compute``) in the window."""

    def params(
        period: Period, place: AdministrativeUnit | None, agency: int | None
    ) -> dict[str, str]:
        return {"figure": name, **window_params(period, place, agency)}

    return params


add_drilldown("legal_aid.cases.accepted", "legal_aid:case_list", _figure("accepted"))
add_drilldown("legal_aid.cases.completed", "legal_aid:case_list", _figure("completed"))
