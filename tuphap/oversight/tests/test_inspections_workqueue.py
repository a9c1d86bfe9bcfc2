"""The inspector's workqueue and home card: the agency's open inspections with the statutory
limit of the running clock and the days left, overdue first (a limit passed or a recommendation
past its date), closed ones and another province's left out; the card counts the open
inspections, the overdue and due soon, and the overdue follow-ups of recommendations."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from tuphap.casework.models import Case
from tuphap.oversight.inspections import home, rules, selectors, services
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import Inspection
from tuphap.oversight.tests.conftest import Inspectorates
from tuphap.oversight.tests.test_inspections_services import concluded, data, go

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date
NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN)  # a Tuesday


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def recommend(people: Inspectorates, inspection: Inspection, due_on: datetime.date) -> None:
    services.recommendation_add(
        actor=people.inspector,
        case=Case.objects.get(pk=inspection.case_id),
        kind=rules.RecommendationKind.MONEY,
        text="Thu hồi phí công chứng thu sai",
        amount=12_000_000,
        due_on=due_on,
    )


def queue_world(people: Inspectorates) -> dict[str, Inspection]:
    """Five open inspections of Nghệ An, one closed, one of Hà Tĩnh."""
    late = services.inspection_open(
        actor=people.inspector,
        data=data(decision_number="20/QĐ-STP", decision_date=D(2026, 11, 20)),
    )
    soon = services.inspection_open(
        actor=people.inspector,
        data=data(decision_number="27/QĐ-STP", decision_date=D(2026, 11, 27)),
    )
    on_site = services.inspection_open(
        actor=people.inspector,
        data=data(decision_number="30/QĐ-STP", decision_date=D(2026, 10, 26)),
    )
    go(people, on_site, "start_on_site", D(2026, 11, 2))
    follow_late = concluded(people, decision_number="5/QĐ-STP")
    recommend(people, follow_late, D(2026, 8, 8))
    recommend(people, follow_late, D(2027, 3, 1))
    follow = concluded(people, decision_number="6/QĐ-STP")
    recommend(people, follow, D(2027, 1, 31))
    closed = concluded(people, decision_number="7/QĐ-STP")
    go(people, closed, "close", D(2026, 6, 1))
    services.inspection_open(actor=people.inspector_ha_tinh, data=data(decision_number="9/QĐ-STP"))
    return {
        "late": late,
        "soon": soon,
        "on_site": on_site,
        "follow_late": follow_late,
        "follow": follow,
    }


def test_the_queue_puts_the_overdue_first_with_the_days_left(
    world: Any, inspectorates: Inspectorates
) -> None:
    made = queue_world(inspectorates)
    rows = selectors.queue(inspectorates.inspector)
    names = {inspection.case_id: name for name, inspection in made.items()}
    assert [names[row.inspection.case_id] for row in rows] == [
        "follow_late",  # a recommendation due 8 Aug, still followed up
        "late",  # decided 20 Nov: start due Saturday 5 Dec → Monday 7 Dec, passed
        "soon",  # decided 27 Nov: due Saturday 12 Dec → Monday 14 Dec
        "on_site",  # on site from 2 Nov: 45 days → 17 Dec
        "follow",  # the next recommendation on 31 Jan 2027
    ]
    row = {names[r.inspection.case_id]: r for r in rows}
    assert (row["late"].due_on, row["late"].days_left, row["late"].overdue) == (
        D(2026, 12, 7),
        -1,
        True,
    )
    assert row["late"].to_do == "Start the on-site work"
    assert (row["soon"].due_on, row["soon"].days_left, row["soon"].due_soon) == (
        D(2026, 12, 14),
        6,
        True,
    )
    assert (row["on_site"].due_on, row["on_site"].days_left, row["on_site"].due_soon) == (
        D(2026, 12, 17),
        9,
        False,
    )
    assert row["on_site"].to_do == "End the on-site work"
    late_follow = row["follow_late"]
    assert (late_follow.recommendations_open, late_follow.recommendations_overdue) == (2, 1)
    assert late_follow.overdue is False  # no running limit: late by its recommendation
    assert late_follow.late is True
    assert late_follow.to_do == "Follow up the recommendations"
    assert row["follow"].state_label == inspections.SPEC.state_label(inspections.FOLLOWING_UP)
    assert (row["follow"].due_on, row["follow"].days_left) == (D(2027, 1, 31), 54)
    # Hà Tĩnh's inspector sees only their own.
    assert [
        r.inspection.decision_number for r in selectors.queue(inspectorates.inspector_ha_tinh)
    ] == ["9/QĐ-STP"]


def test_the_workqueue_page_is_the_inspectors(world: Any, inspectorates: Inspectorates) -> None:
    made = queue_world(inspectorates)
    client = Client()
    client.force_login(inspectorates.inspector)
    response = client.get(reverse("oversight:inspection_workqueue"))
    assert response.status_code == 200
    text = response.content.decode()
    order = [int(case) for case in re.findall(r'data-case="(\d+)"', text)]
    assert order == [
        made[name].case_id for name in ("follow_late", "late", "soon", "on_site", "follow")
    ]
    assert 'data-testid="late-count">2<' in text
    assert ">7/QĐ-STP<" not in text  # closed
    assert ">9/QĐ-STP<" not in text  # Hà Tĩnh
    assert ">27/QĐ-STP<" in text
    assert "14/12/2026" in text
    reader = Client()
    reader.force_login(inspectorates.leader_nghe_an)
    assert reader.get(reverse("oversight:inspection_workqueue")).status_code == 403
    listing = client.get(reverse("oversight:inspection_list")).content.decode()
    assert reverse("oversight:inspection_workqueue") in listing


def test_the_home_card_counts_open_inspections_and_overdue_follow_ups(
    world: Any, inspectorates: Inspectorates
) -> None:
    queue_world(inspectorates)
    request = RequestFactory().get("/")
    request.user = inspectorates.inspector
    card = home.inspections_work(request)
    assert card == {"counts": {"open": 5, "overdue": 1, "due_soon": 1, "follow_ups_overdue": 1}}
    html = render_to_string("oversight/inspection_home_card.html", {"card": card})
    assert 'data-testid="inspections-open">5<' in html
    assert 'data-testid="follow-ups-overdue">1<' in html
    assert reverse("oversight:inspection_workqueue") in html
    request.user = inspectorates.leader_nghe_an
    assert home.inspections_work(request) is None
    request.user = world.users["civil_status_officer"]
    assert home.inspections_work(request) is None
