"""The outreach demo step: the demo officer's commune gets a year of sessions and of the
mediation book, with a case not started within 3 days first in the workqueue; a second run adds
nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.test import Client

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.outreach import demo
from tuphap.outreach.dissemination.models import Session
from tuphap.outreach.mediation.models import MediationCase
from tuphap.outreach.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_the_demo_officer_logs_in_to_real_work(
    world: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "SESSIONS", 60)
    officer = account_factories.user("demo.phobien", world.commune_vinh, Role.OUTREACH_OFFICER)
    with time_machine.travel(at("2026-12-07 09:00"), tick=False):
        demo.outreach(io.StringIO(), False)
        sessions = Session.objects.count()
        demo.outreach(io.StringIO(), False)
        assert Session.objects.count() == sessions == 60
        assert MediationCase.objects.filter(case__assignee=officer).count() >= 3
        client.force_login(officer)
        queue = client.get("/en/outreach/mediation/").content.decode()
        board = client.get("/en/outreach/").content.decode()
    assert queue.index('data-kind="late"') < queue.index('data-kind="assign"')
    assert "Ông Nguyễn Văn Hùng" in queue
    assert 'data-testid="chart"' in board
