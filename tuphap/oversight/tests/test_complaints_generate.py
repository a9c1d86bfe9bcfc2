"""The generators of complaints and denunciations (through the services), the figures they
give and their flow identities, and the demo steps for the demo inspector."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Count

from tuphap.casework.models import Case
from tuphap.oversight.complaints import figures
from tuphap.oversight.complaints import generate as complaint_generate
from tuphap.oversight.complaints import workflow as complaint_flow
from tuphap.oversight.complaints.models import Complaint
from tuphap.oversight.denunciations import figures as denunciation_figures
from tuphap.oversight.denunciations import generate as denunciation_generate
from tuphap.oversight.denunciations.models import Denunciation
from tuphap.oversight.tests.complaints_support import D, move
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db


def _balanced(values: dict[str, int]) -> None:
    assert values["carried_in"] + values["accepted"] == values["resolved"] + values["carried_out"]
    assert values["resolved"] == values["decided"] + values["ended_other"]
    assert values["decided"] == values["on_time"] + values["late"]
    assert values["decided"] == values["right"] + values["partly_right"] + values["wrong"]


def test_generated_year_is_consistent(world: Any, inspectorates: Any, time_machine: Any) -> None:
    move(time_machine, D(2026, 12, 6))
    places = [world.vinh]
    first = complaint_generate.generate(
        actor=inspectorates.inspector,
        places=places,
        count=40,
        seed=1,
        first_day=D(2026, 1, 2),
    )
    assert first.complaints == Complaint.objects.count() == 40
    states = set(
        Case.objects.filter(register=complaint_flow.REGISTER).values_list("state", flat=True)
    )
    assert len(states) >= 5
    assert complaint_flow.FIRST_DECIDED in states or complaint_flow.EFFECTIVE in states
    matters = figures.complaint_matters(Complaint.objects.all())
    for start, end in ((D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2026, 12, 6))):
        _balanced(figures.totals(figures.compute(matters, start, end)))
    second = denunciation_generate.generate(
        actor=inspectorates.inspector,
        places=places,
        count=20,
        seed=2,
        first_day=D(2026, 1, 2),
    )
    assert second.denunciations == Denunciation.objects.count() == 20
    assert len(second.states) >= 4
    _balanced(
        figures.totals(
            figures.compute(
                denunciation_figures.matters(Denunciation.objects.all()),
                D(2026, 3, 1),
                D(2026, 10, 31),
            )
        )
    )
    # the indicators: the second half of 2026 carries in what the first half carried out
    source = registry.get("oversight.complaints.carried_out").source
    june = sum(row[3] for row in source(D(2026, 6, 1), D(2026, 6, 1)))
    carried_in = registry.get("oversight.complaints.carried_in").source
    july = sum(row[3] for row in carried_in(D(2026, 7, 1), D(2026, 7, 1)))
    assert june == july


def test_the_same_seed_gives_the_same_register(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    move(time_machine, D(2026, 12, 6))
    kwargs: dict[str, Any] = {
        "actor": inspectorates.inspector,
        "places": [world.vinh],
        "count": 10,
        "seed": 7,
        "first_day": datetime.date(2026, 3, 1),
    }
    first = complaint_generate.generate(**kwargs)
    rows = list(Complaint.objects.order_by("case_id").values_list("subject", "received_on"))
    second = complaint_generate.generate(**kwargs)
    again = list(Complaint.objects.order_by("case_id").values_list("subject", "received_on"))[10:]
    assert first.states == second.states
    assert rows == again


def test_generate_for_the_reception_receivers(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    from tuphap.oversight.reception.generate import Receiver

    move(time_machine, D(2026, 12, 6))
    receivers = [
        Receiver(world.doj_nghe_an, inspectorates.inspector),
        Receiver(world.doj_ha_tinh, inspectorates.inspector_ha_tinh),
    ]
    ticks: list[int] = []
    made = complaint_generate.generate_for(
        receivers, count=9, seed=3, first_day=D(2026, 6, 1), tick=ticks.append
    )
    assert made.complaints == 9
    assert ticks[-1] == 9
    by_agency = dict(
        Complaint.objects.values_list("agency__code").annotate(n=Count("pk")).order_by()
    )
    assert by_agency == {"STP-40": 5, "STP-42": 4}
    denounced = denunciation_generate.generate_for(
        receivers, count=6, seed=4, first_day=D(2026, 6, 1)
    )
    assert denounced.denunciations == Denunciation.objects.count() == 6
    assert "oversight.complaints.accepted" in complaint_generate.rollup_codes()
    assert "oversight.denunciations.carried_out" in denunciation_generate.rollup_codes()


def test_demo_steps_give_the_demo_inspector_work_once(world: Any, time_machine: Any) -> None:
    from tuphap.accounts.roles import Role
    from tuphap.accounts.tests import factories as account_factories
    from tuphap.oversight.complaints import demo as complaint_demo
    from tuphap.oversight.denunciations import demo as denunciation_demo

    move(time_machine, D(2026, 12, 6))
    account_factories.user("demo.thanhtra", world.doj_nghe_an, Role.INSPECTOR)
    lines: list[str] = []

    class Out:
        def write(self, msg: str = "", /) -> None:
            lines.append(msg)

    complaint_demo.complaints(Out(), False)
    denunciation_demo.denunciations(Out(), False)
    assert Complaint.objects.count() == complaint_demo.COMPLAINTS
    assert Denunciation.objects.count() == denunciation_demo.DENUNCIATIONS
    assert set(Complaint.objects.values_list("case__assignee__username", flat=True)) == {
        "demo.thanhtra"
    }
    complaint_demo.complaints(Out(), False)  # idempotent
    assert Complaint.objects.count() == complaint_demo.COMPLAINTS
    assert lines == [f"  {complaint_demo.COMPLAINTS} complaints", "  40 denunciations"]
