"""Enforcement records from the start of the enforcement year 2021 (1 Oct 2020): a civil case
decided on Monday 5 Oct 2020 at the ward of its day runs under `thads-2008` (Luật THADS
26/2008/QH12 as amended, notice within 3 working days, Art. 39), an administrative judgment
received in 2021 under `thahc-2015` (5 working days to notify, NĐ 71/2016 Art. 14); the switch
day 1 Jul 2026 takes the 2025 law (docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

from tuphap.enforcement.administrative import services as administrative
from tuphap.enforcement.tests.conftest import OpenCase, Staff, at, judgment, request

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


def due_day(case: Any) -> datetime.date | None:
    return case.due_at.astimezone(VN).date() if case.due_at else None


def test_a_case_decided_in_october_2020_runs_under_the_2008_law(
    open_case: OpenCase, world: Any
) -> None:
    detail = open_case(
        "2020-10-05 09:00",
        place=world.vinh_old,
        judgment=judgment(
            number="15/2020/DS-ST", issued_on=D(2020, 7, 10), effective_on=D(2020, 8, 10)
        ),
        request=request(requested_on=D(2020, 9, 28)),
    )

    case = detail.case
    assert (detail.law_version, case.rule_set) == ("2008", "thads-2008")
    assert (case.event_date, case.place_id) == (D(2020, 10, 5), world.vinh_old.pk)
    assert due_day(case) == D(2020, 10, 8)  # 3 working days (Art. 39)


def test_a_case_decided_on_the_switch_day_takes_the_2025_law(open_case: OpenCase) -> None:
    detail = open_case("2026-07-01 09:00")

    assert (detail.law_version, detail.case.rule_set) == ("2025", "thads-2025")


def test_an_administrative_judgment_received_in_2021_is_followed_up(
    world: Any, staff: Staff, time_machine: Any
) -> None:
    time_machine.move_to(at("2021-03-01 09:00"), tick=False)

    detail = administrative.administrative_open(
        actor=staff.officer,
        place=world.vinh_old,
        data=administrative.AdministrativeData(
            court_name="Tòa án nhân dân tỉnh Nghệ An",
            number="12/2020/HC-ST",
            issued_on=D(2020, 11, 20),
            effective_on=D(2020, 12, 21),
            received_on=D(2021, 3, 1),
            body_name="Ủy ban nhân dân phường Lê Mao",
            obligation="Hủy Quyết định thu hồi đất số 112/QĐ-UBND",
            obligee_name="Nguyễn Văn An",
        ),
        assignee=staff.officer,
    )

    assert (detail.case.rule_set, detail.case.place_id) == ("thahc-2015", world.vinh_old.pk)
    assert due_day(detail.case) == D(2021, 3, 8)  # 5 working days from Monday 1 Mar 2021
