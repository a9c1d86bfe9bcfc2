"""The demo's historic figures: a year before the registers' demo data, uploaded and approved
through the services, once (ADR 0016)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories
from tuphap.core.models import AuditEvent
from tuphap.statistics.aggregate import demo
from tuphap.statistics.aggregate.models import HistoricBatch, HistoricStatus


def test_the_demo_loads_and_approves_a_past_year_once(world: Any) -> None:
    factories.user("demo.thongke.bo", world.ministry, Role.STATISTICS_OFFICER)
    factories.user("demo.pheduyet.bo", world.ministry, Role.REPORT_APPROVER)
    today = datetime.date(2026, 12, 6)

    loaded = demo.load_historic(today, random.Random(1))
    again = demo.load_historic(today, random.Random(1))

    batch = HistoricBatch.objects.get()
    assert (loaded, again) == (batch.figure_count, 0)
    assert batch.status == HistoricStatus.APPROVED
    # 2024: the old provinces, four register indicators each
    assert set(batch.figures.values_list("place_id", flat=True)) == {
        world.nghe_an_old.pk,
        world.ha_tinh_old.pk,
    }
    assert batch.figure_count == 8
    assert set(batch.figures.values_list("period", flat=True)) == {"2024"}
    assert AuditEvent.objects.filter(action="statistics.historic.approve").count() == 1
