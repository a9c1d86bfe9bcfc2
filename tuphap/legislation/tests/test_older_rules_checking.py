"""A document check received in the term before 1 Apr 2025 runs under the older rule set (Luật
80/2015/QH13, NĐ 34/2016/NĐ-CP); one received on the switch day under NĐ 79/2025
(docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import api_as
from tuphap.casework.models import Case
from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking import workflow as checking_workflow
from tuphap.legislation.tests.checking_helpers import MONDAY, UNLAWFUL, D, circular, reload

CHECKS = "/api/v1/legislation/checks/"


@pytest.fixture
def document(world: Any, time_machine: Any) -> Any:
    time_machine.move_to(MONDAY, tick=False)
    return circular(
        world.users["ministry_specialist"],
        number="07/2022/TT-BTP",
        signed_on=D(2022, 3, 2),
        effective_on=D(2022, 4, 20),
    )


def test_a_check_received_in_2022_runs_under_the_2015_law(world: Any, document: Any) -> None:
    actor = world.users["ministry_specialist"]

    check = reload(checking.check_open(actor=actor, document=document, received_on=D(2022, 3, 7)))

    assert check.case.rule_set == "nd34-2016"
    assert check.case.event_date == D(2022, 3, 7)
    # OLD_EXAMINATION: 30 days from receipt (Monday 7 Mar 2022), the receipt day not counted.
    assert check.case.due_at is not None
    assert check.case.due_at.date() == D(2022, 4, 6)
    assert check.case.clock["basis"] == checking_workflow.OLD_EXAMINATION[2]
    assert checking_workflow.SPEC.rule_set_on(D(2022, 3, 7)).basis == checking_workflow.OLD_BASIS


def test_the_older_check_goes_on_to_the_issuers_answer_under_its_own_rules(
    world: Any, document: Any
) -> None:
    actor = world.users["ministry_specialist"]
    check = checking.check_precheck(
        actor=actor,
        check=checking.check_open(actor=actor, document=document, received_on=D(2022, 3, 7)),
    )

    check = checking.check_examine(actor=actor, check=check, findings=[UNLAWFUL])
    check = checking.check_request(actor=actor, check=check, request_text="Đề nghị xử lý Điều 1.")

    case = Case.objects.get(pk=check.case_id)
    assert (case.rule_set, case.state) == ("nd34-2016", checking_workflow.REQUESTED)
    # OLD_ISSUER_ANSWER: 30 days from the request, made today (Monday 5 Oct 2026).
    assert case.due_at is not None
    assert case.due_at.date() == MONDAY.date() + datetime.timedelta(days=30)
    assert case.clock["basis"] == checking_workflow.OLD_ISSUER_ANSWER[2]


def test_the_api_accepts_a_check_received_in_2022(world: Any, document: Any) -> None:
    api = api_as(world.users["ministry_specialist"])

    response = api.post(
        f"{CHECKS}open", {"document": document.pk, "received_on": "2022-03-07"}, format="json"
    )

    assert response.status_code == 201, response.json()
    case = Case.objects.get(pk=response.json()["id"])
    assert (case.rule_set, case.due_at.date() if case.due_at else None) == (
        "nd34-2016",
        D(2022, 4, 6),
    )


@pytest.mark.parametrize(
    ("received_on", "rule_set"),
    [(D(2025, 3, 31), "nd34-2016"), (D(2025, 4, 1), "nd79-2025")],
)
def test_the_date_of_receipt_decides_the_rule_set(
    world: Any, document: Any, received_on: datetime.date, rule_set: str
) -> None:
    actor = world.users["ministry_specialist"]

    check = reload(checking.check_open(actor=actor, document=document, received_on=received_on))

    assert check.case.rule_set == rule_set
