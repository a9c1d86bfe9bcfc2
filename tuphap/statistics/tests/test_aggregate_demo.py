"""The report forms' demo: every shipped data set filled by the agencies that report it, with
forms accepted, approved, waiting, returned and never sent; approved figures on the report;
a second run adds nothing."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tuphap.accounts.models import AgencyKind, AgencyLevel
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories
from tuphap.core.periods import parse
from tuphap.places.tests import factories as places
from tuphap.statistics.aggregate import demo, selectors, shipped
from tuphap.statistics.aggregate.models import DataSet, FormReport
from tuphap.statistics.models import Rollup

pytestmark = pytest.mark.django_db


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, msg: str = "", /) -> None:
        self.lines.append(msg)


VN = datetime.timezone(datetime.timedelta(hours=7))


def test_the_demo_fills_every_data_set_in_every_state(world: Any) -> None:
    for number in range(2, 5):
        commune = places.commune(f"1668{number}", f"Xã Mẫu {number}", world.nghe_an)
        factories.agency(
            f"UBND-1668{number}",
            f"UBND xã Mẫu {number}",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            level=AgencyLevel.COMMUNE,
            units=[commune],
            parent=world.doj_nghe_an,
        )
    factories.user("demo.thongke.xa", world.commune_vinh, Role.STATISTICS_OFFICER)
    factories.user("demo.pheduyet", world.doj_nghe_an, Role.REPORT_APPROVER)
    factories.user("demo.thongke.bo", world.ministry, Role.STATISTICS_OFFICER)
    factories.user("demo.pheduyet.bo", world.ministry, Role.REPORT_APPROVER)
    with time_machine.travel(datetime.datetime(2026, 12, 6, 9, 0, tzinfo=VN), tick=False):
        demo.load(Lines())
        made = FormReport.objects.count()
        demo.load(Lines())
        assert FormReport.objects.count() == made
        home = Client()
        home.force_login(world.users["statistics_officer"])
        assert home.get(reverse("statistics:forms")).status_code == 200
    assert DataSet.objects.count() == len(shipped.DATA_SETS) >= 12
    assert set(FormReport.objects.values_list("data_set__code", flat=True)) == {
        spec["code"] for spec in shipped.DATA_SETS
    }
    statuses = Counter(FormReport.objects.filter(period="2026H1").values_list("status", flat=True))
    assert {"accepted", "approved", "returned", "submitted"} <= set(statuses)
    assert FormReport.objects.filter(status="draft", period="2026H2").exists()
    history = FormReport.objects.filter(period__in=["2025H1", "2025H2"])
    assert set(history.values_list("status", flat=True)) == {"accepted"}
    assert not history.filter(late=True).exists()
    # some forms of the closed period were never sent, some were sent late
    ministry = world.users["ministry_specialist"]
    missing = [
        row.agency.code
        for data_set in DataSet.objects.filter(period_type="half")
        for row in selectors.completeness_for_user(ministry, data_set, parse("2026H1")).missing
    ]
    assert missing
    assert FormReport.objects.filter(late=True, period="2026H1").exists()
    assert Rollup.objects.filter(indicator="form.nationality.received").exists()
    assert Rollup.objects.filter(
        indicator="form.legal_cooperation.mla_received", place=None
    ).exists()
