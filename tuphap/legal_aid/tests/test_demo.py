"""The legal aid demo step: the demo officer's centre gets a year of real work in every stage,
and the roster shows its warnings; a second run adds nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.test import Client

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework.models import Case
from tuphap.legal_aid.cases import demo
from tuphap.legal_aid.tests.conftest import at, centre


def test_the_demo_officer_logs_in_to_real_work(
    world: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "CASES_PER_CENTRE", 40)
    nghe_an = centre(world, world.nghe_an, "Nghệ An")
    officer = account_factories.user("demo.trogiup", nghe_an, Role.LEGAL_AID_OFFICER)
    with time_machine.travel(at("2026-12-07 09:00"), tick=False):
        demo.legal_aid_cases(io.StringIO(), False)
        count = Case.objects.filter(register="legal_aid.case").count()
        demo.legal_aid_cases(io.StringIO(), False)
        assert Case.objects.filter(register="legal_aid.case").count() == count > 30
        states = set(Case.objects.filter(register="legal_aid.case").values_list("state", flat=True))
        assert {"completed", "in_progress"} <= states
        assert Case.objects.filter(register="legal_aid.case", assignee=officer).count() == count
        client.force_login(officer)
        assert client.get("/en/legal-aid/cases/").status_code == 200
        roster = client.get("/en/legal-aid/performers/").content.decode()
    assert "expires within 30 days" in roster
    assert "1 expired" in roster
