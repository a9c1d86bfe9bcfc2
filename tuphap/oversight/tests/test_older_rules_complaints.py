"""Complaints and denunciations received in 2022, at a place on the boundaries of that day,
are accepted under the rules then in force: the complaint under `kn-2011-nd124` (10 days to
accept, Luật Khiếu nại 2011 Art. 27), the denunciation under `tc-2018` (7 working days to check,
Luật Tố cáo 2018 Art. 24(1)); the complaint received on the switch day 1 Jul 2026 under the new
set (docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.errors import ValidationFailed
from tuphap.oversight.tests.complaints_support import open_complaint, open_denunciation

D = datetime.date


def due_day(case_id: int) -> datetime.date:
    case = Case.objects.get(pk=case_id)
    assert case.due_at is not None
    return case_deadlines.local_date(case.due_at)


def test_a_complaint_received_in_2022_is_accepted_under_the_old_rules(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    complaint = open_complaint(
        inspectorates.inspector,
        world.vinh_old,
        time_machine,
        known_on=D(2022, 2, 1),
        received_on=D(2022, 3, 7),
        act_description="Quyết định số 12/QĐ-UBND ngày 02/01/2022",
    )

    case = Case.objects.get(pk=complaint.case_id)
    assert (case.rule_set, case.place_id) == ("kn-2011-nd124", world.vinh_old.pk)
    assert due_day(case.pk) == D(2022, 3, 17)  # 10 days from Monday 7 Mar 2022


def test_a_complaint_received_on_the_switch_day_takes_the_new_rules(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    complaint = open_complaint(
        inspectorates.inspector, world.vinh, time_machine, received_on=D(2026, 7, 1)
    )

    assert Case.objects.get(pk=complaint.case_id).rule_set == "kn-2011-nd155"


def test_a_denunciation_received_in_2022_is_checked_under_the_2018_law(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    denunciation = open_denunciation(
        inspectorates.inspector, world.vinh_old, time_machine, received_on=D(2022, 3, 7)
    )

    case = Case.objects.get(pk=denunciation.case_id)
    assert case.rule_set == "tc-2018"
    assert due_day(case.pk) == D(2022, 3, 16)  # 7 working days from Monday 7 Mar 2022


def test_a_2022_record_on_the_new_boundaries_names_the_place(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        open_denunciation(
            inspectorates.inspector, world.vinh, time_machine, received_on=D(2022, 3, 7)
        )

    assert "place" in refused.value.fields
