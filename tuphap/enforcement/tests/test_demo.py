"""The demo step: cases in every state through the services, twice without a change."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tuphap.accounts.models import AgencyKind, AgencyLevel
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework.models import Case
from tuphap.enforcement.administrative import demo as administrative_demo
from tuphap.enforcement.administrative import workflow as administrative
from tuphap.enforcement.cases import demo, workflow
from tuphap.enforcement.cases.models import Target
from tuphap.enforcement.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_state_once(world: Any, time_machine: Any) -> None:
    time_machine.move_to(at("2026-11-23 08:00"), tick=False)
    office = account_factories.agency(
        "THADS-40-KV1",
        "Phòng THADS khu vực 1 – Nghệ An",
        kind=AgencyKind.ENFORCEMENT_REGIONAL,
        level=AgencyLevel.REGION,
        units=[world.vinh],
        parent=world.ministry,
    )
    account_factories.user("demo.truongphong", office, Role.ENFORCEMENT_HEAD)
    officer = account_factories.user("demo.chaphanhvien", office, Role.ENFORCEMENT_OFFICER)
    account_factories.user("demo.bo", world.ministry, Role.MINISTRY_SPECIALIST)
    output = io.StringIO()

    demo.enforcement_cases(output, False)
    # the demo officer has real work of their own ("My work" is not empty)
    from tuphap.casework import selectors

    assert selectors.workqueue_for_user(officer).counts["open"] > 0
    states = demo.states_present()
    demo.enforcement_cases(output, False)

    assert set(states) == {state.code for state in workflow.STATES}
    assert demo.states_present() == states
    assert Case.objects.filter(agency=office).count() == sum(states.values())
    assert Target.objects.filter(agency=office).count() == 2
    assert "THADS-40-KV1 already has cases" in output.getvalue()


def test_the_demo_follows_up_a_few_administrative_judgments(world: Any, time_machine: Any) -> None:
    # given the regional office of Nghệ An and its head
    time_machine.move_to(at("2026-11-23 08:00"), tick=False)
    office = account_factories.agency(
        "THADS-40-KV1",
        "Phòng THADS khu vực 1 – Nghệ An",
        kind=AgencyKind.ENFORCEMENT_REGIONAL,
        level=AgencyLevel.REGION,
        units=[world.vinh],
        parent=world.ministry,
    )
    account_factories.user("demo.truongphong", office, Role.ENFORCEMENT_HEAD)
    output = io.StringIO()

    # when the step runs twice
    administrative_demo.administrative_judgments(output, False)
    states = administrative_demo.administrative_states_present()
    administrative_demo.administrative_judgments(output, False)

    # then every state has a judgment, and the second run adds nothing
    assert states == {state.code: 1 for state in administrative.STATES}
    assert administrative_demo.administrative_states_present() == states
    assert "THADS-40-KV1 already follows up administrative judgments" in output.getvalue()
