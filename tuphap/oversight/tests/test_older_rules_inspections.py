"""An inspection decided in the term before 1 Jul 2023 runs under the older rule set (Luật Thanh
tra 56/2010/QH12): 45 days on site, 25 more at most, and the conclusion within 15 days of the
report with no extension; one decided on the switch day under the 2022 law
(docs/domain/inspections.md §3.1, docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.errors import Conflict
from tuphap.oversight.inspections import rules, services
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import Inspection
from tuphap.oversight.tests.conftest import Inspectorates

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN), tick=False):
        yield


def data(decided: datetime.date) -> services.InspectionData:
    return services.InspectionData(
        kind=rules.Kind.UNANNOUNCED,
        form=rules.Form.INSPECTION,
        title="Thanh tra việc chấp hành pháp luật về công chứng",
        decision_number="12/QĐ-STP",
        decision_date=decided,
        issuer="Giám đốc Sở Tư pháp tỉnh Nghệ An",
        scope="Hoạt động công chứng năm 2021",
        period_from=D(2021, 1, 1),
        period_to=D(2021, 12, 31),
        subjects=[("Phòng Công chứng số 1 tỉnh Nghệ An", rules.SubjectKind.NOTARY)],
        team=[services.MemberData("Nguyễn Văn Trưởng Đoàn", rules.MemberRole.HEAD)],
    )


def case_of(inspection: Inspection) -> Case:
    return Case.objects.get(pk=inspection.case_id)


def due_day(inspection: Inspection) -> datetime.date:
    case = case_of(inspection)
    assert case.due_at is not None
    return case_deadlines.local_date(case.due_at)


def go(people: Inspectorates, inspection: Inspection, name: str, on: datetime.date) -> None:
    services.inspection_step(
        actor=people.inspector, case=case_of(inspection), transition=name, on=on
    )


def test_an_inspection_decided_in_2022_runs_under_the_2010_law(
    world: Any, inspectorates: Inspectorates
) -> None:
    inspection = services.inspection_open(actor=inspectorates.inspector, data=data(D(2022, 3, 1)))

    assert case_of(inspection).rule_set == "thanh-tra-2010"
    # Placed on the boundaries of its day: the province before the 2025 reorganisation.
    assert case_of(inspection).place_id == world.nghe_an_old.pk
    # Decided Tuesday 1 Mar 2022: announced within 15 days → Wednesday 16 Mar.
    assert due_day(inspection) == D(2022, 3, 16)
    assert case_of(inspection).clock["basis"] == rules.OLD_LIMIT_BASIS
    go(inspectorates, inspection, "start_on_site", D(2022, 3, 14))
    # 45 days on site from Monday 14 Mar → Thursday 28 Apr.
    assert due_day(inspection) == D(2022, 4, 28)
    # The extension decided on Monday 25 Apr 2022 (recorded on that day).
    with time_machine.travel(datetime.datetime(2022, 4, 25, 9, 0, tzinfo=VN), tick=False):
        services.inspection_extend(
            actor=inspectorates.inspector, case=case_of(inspection), reason="Nội dung phức tạp"
        )
    # 70 days in all under the 2010 law: 25 more → Monday 23 May (30 under the 2022 law).
    assert due_day(inspection) == D(2022, 5, 23)
    go(inspectorates, inspection, "end_on_site", D(2022, 4, 27))
    assert due_day(inspection) == D(2022, 5, 12)  # the team's report within 15 days
    go(inspectorates, inspection, "report", D(2022, 5, 4))
    # The conclusion within 15 days of the report (30 under the 2022 law) → Thursday 19 May.
    assert due_day(inspection) == D(2022, 5, 19)
    with pytest.raises(Conflict):
        services.inspection_extend(
            actor=inspectorates.inspector, case=case_of(inspection), reason="Kéo dài"
        )


@pytest.mark.parametrize(
    ("decided", "rule_set", "conclusion_days"),
    [(D(2023, 6, 30), "thanh-tra-2010", 15), (D(2023, 7, 1), "thanh-tra-2022", 30)],
)
def test_the_decision_date_decides_the_rule_set(
    world: Any,
    inspectorates: Inspectorates,
    decided: datetime.date,
    rule_set: str,
    conclusion_days: int,
) -> None:
    inspection = services.inspection_open(actor=inspectorates.inspector, data=data(decided))
    go(inspectorates, inspection, "start_on_site", D(2023, 7, 3))
    go(inspectorates, inspection, "end_on_site", D(2023, 8, 1))
    go(inspectorates, inspection, "report", D(2023, 8, 7))  # a Monday

    assert case_of(inspection).rule_set == rule_set
    assert due_day(inspection) == D(2023, 8, 7) + datetime.timedelta(days=conclusion_days)


def test_the_older_limits_are_configurable(settings: Any) -> None:
    settings.OVERSIGHT_INSPECTION_OLD_LIMITS = {"conclusion": 20}
    assert rules.old_limits()["conclusion"] == 20
    assert rules.old_limits()["on_site_extension"] == 25
    assert inspections.SPEC.rule_set_on(D(2021, 1, 1)).code == "thanh-tra-2010"
