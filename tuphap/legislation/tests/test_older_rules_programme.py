"""A draft received for appraisal in 2022 runs under the 2015 law's rule set (Luật 80/2015/QH13
Art. 58(4): the appraisal report within 20 days [U]); one received on the switch day 1 Apr 2025
under the 2025 law's (docs/domain/rule-sets.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import World
from tuphap.casework.models import Case
from tuphap.legislation.programme.services import appraisal as services
from tuphap.legislation.tests import programme_factories

D = datetime.date
VN = datetime.timezone(datetime.timedelta(hours=7))
pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(world: World, time_machine: Any) -> Any:
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN), tick=False)
    return programme_factories.central(world)


def test_a_draft_of_2022_is_appraised_under_the_2015_law(world: World, finance: Any) -> None:
    specialist = world.users["ministry_specialist"]
    draft = programme_factories.draft(specialist, finance, received_on=D(2022, 3, 7))

    services.dossier_request_appraisal(actor=specialist, detail=draft, requested_on=D(2022, 3, 7))

    case = Case.objects.get(pk=draft.pk)
    assert case.rule_set == "legislation.draft-2015"
    assert case.due_at is not None
    # 20 days from Monday 7 Mar 2022: Sunday 27 Mar, rolled to Monday 28 Mar.
    assert case.due_at.astimezone(VN).date() == D(2022, 3, 28)
    assert case.clock["basis"] == "Luật 80/2015 Art. 58(4), 92(4) [U]"


def test_a_draft_received_on_the_switch_day_takes_the_2025_law(world: World, finance: Any) -> None:
    specialist = world.users["ministry_specialist"]
    draft = programme_factories.draft(specialist, finance, received_on=D(2025, 4, 1))

    assert Case.objects.get(pk=draft.pk).rule_set == "legislation.draft-2025"
