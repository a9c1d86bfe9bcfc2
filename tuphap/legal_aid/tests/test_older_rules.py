"""A legal aid request of 2022, at a place on the boundaries of that day, is received and
accepted under the rule set then in force, `tgpl-2017` (Luật TGPL 11/2017/QH14, from 1 Jan 2018;
TT 12/2018/TT-BTP before its amendment by TT 10/2023/TT-BTP, whose 3 working days to assign are
the same) (docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

from tuphap.legal_aid.cases import services
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.tests.conftest import Centres, at, request_data

D = datetime.date


def test_a_request_of_2022_is_received_and_accepted_under_the_2017_law(
    world: Any, centres: Centres
) -> None:
    detail = services.request_open(
        actor=centres.officer,
        place=world.vinh_old,
        data=request_data(
            group="child",
            date_of_birth=D(2012, 5, 1),
            field="civil",
            form="advice",
            procedural_status="",
            stage="",
            requested_at=at("2022-03-07 09:00"),
            proof="Giấy khai sinh",
        ),
    )

    assert (detail.case.rule_set, detail.case.place_id) == ("tgpl-2017", world.vinh_old.pk)
    assert detail.case.state == legal_aid.RECEIVED
    accepted = services.case_accept(
        actor=centres.officer, case=detail.case, at=at("2022-03-07 10:00")
    )
    # Monday 7 Mar 2022 + 3 working days = Thursday 10 Mar, end of day.
    assert accepted.assign_due_at is not None
    assert accepted.assign_due_at.astimezone(at("2022-03-10 00:00").tzinfo).date() == D(2022, 3, 10)


def test_the_rule_set_of_the_first_day_of_the_term() -> None:
    assert legal_aid.SPEC.rule_set_on(D(2021, 1, 1)).code == "tgpl-2017"
