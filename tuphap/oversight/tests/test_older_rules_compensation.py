"""A compensation claim and a letter received in 2022, at a place on the boundaries of that
day, are accepted under the rules then in force: the claim under `tnbtcnn-2017` (5 working days
to ask for missing papers, Luật TNBTCNN 2017 Art. 42(1)); the letter handled within 10 working
days (the same limit under TT 07/2014/TT-TTCP and TT 05/2021/TT-TTCP [U: articles])
(docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.errors import ValidationFailed
from tuphap.oversight.compensation import services as compensation
from tuphap.oversight.reception import rules as reception_rules
from tuphap.oversight.reception import services as reception
from tuphap.oversight.tests.test_compensation_services import agencies, claim_data

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN), tick=False):
        yield


def older_claim(**changes: Any) -> compensation.ClaimData:
    values: dict[str, Any] = {
        "basis_number": "15/2021/HS-PT",
        "basis_date": D(2021, 11, 10),
        "basis_received_on": D(2021, 11, 15),
        "received_on": D(2022, 3, 7),
    }
    values.update(changes)
    return claim_data(**values)


def test_a_claim_received_in_2022_runs_under_the_2017_law(world: Any) -> None:
    people = agencies(world)

    claim = compensation.claim_open(actor=people.officer, place=world.vinh_old, data=older_claim())

    case = Case.objects.get(pk=claim.case_id)
    assert (case.rule_set, case.place_id) == ("tnbtcnn-2017", world.vinh_old.pk)
    assert case.due_at is not None
    # 5 working days from Monday 7 Mar 2022 → Monday 14 Mar (Art. 42(1)).
    assert case_deadlines.local_date(case.due_at) == D(2022, 3, 14)
    assert claim.statute_ends_on == D(2024, 11, 15)  # 3 years (Art. 6)


def test_a_claim_before_the_2017_law_is_refused_on_its_receipt_date(world: Any) -> None:
    people = agencies(world)

    with pytest.raises(ValidationFailed) as refused:
        compensation.claim_open(
            actor=people.officer,
            place=world.vinh_old,
            data=older_claim(
                basis_date=D(2018, 5, 2),
                basis_received_on=D(2018, 5, 3),
                received_on=D(2018, 6, 29),
            ),
        )

    assert "received_on" in refused.value.fields


def test_a_letter_received_in_2021_is_registered_with_its_handling_limit(
    inspectorates: Any,
) -> None:
    letter = reception.letter_register(
        actor=inspectorates.inspector,
        data=reception.LetterData(
            received_on=D(2021, 3, 1),
            channel=reception_rules.Channel.POST,
            content="Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND năm 2020 của UBND phường",
            senders=(reception.SenderData(full_name="Nguyễn Văn Khải", pin="040090001234"),),
            subject="Khiếu nại thu hồi đất",
        ),
    )

    assert (letter.year, letter.received_on) == (2021, D(2021, 3, 1))
    # 10 working days from Monday 1 Mar 2021 → Monday 15 Mar.
    assert reception_rules.handling_due(letter.received_on) == D(2021, 3, 15)
