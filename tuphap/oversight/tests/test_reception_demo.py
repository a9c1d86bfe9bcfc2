"""The reception demo step: the demo inspector's department gets a year of letters in every
handling, the desk and Biểu 01/XLD answer; a second run adds nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.oversight.reception import demo
from tuphap.oversight.reception.models import Letter
from tuphap.oversight.tests.conftest import at


def test_the_demo_inspector_logs_in_to_real_work(
    world: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "LETTERS_PER_DEPARTMENT", 50)
    inspector = account_factories.user("demo.thanhtra", world.doj_nghe_an, Role.INSPECTOR)
    with time_machine.travel(at("2026-12-07 09:00"), tick=False):
        demo.reception_letters(io.StringIO(), False)
        count = Letter.objects.count()
        demo.reception_letters(io.StringIO(), False)
        assert Letter.objects.count() == count == 100
        mine = Letter.objects.filter(agency=world.doj_nghe_an)
        assert mine.count() == 50
        assert set(mine.values_list("registered_by", flat=True)) == {inspector.pk}
        client.force_login(inspector)
        assert client.get(reverse("oversight:letter_queue")).status_code == 200
        report = client.get(reverse("oversight:letter_report"))
    assert report.context["report"].broken == []
    assert report.context["report"].values["received"] > 0
