"""The complaints card on the landing dashboard: the inspector's open complaints, the overdue
and the due soon (only the agency's own limits), those assigned to them; nothing for others."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.oversight.complaints import home, services
from tuphap.oversight.tests.complaints_support import D, move, open_complaint

pytestmark = pytest.mark.django_db


def test_the_card_counts_overdue_and_due_soon(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    colleague = account_factories.user("thanhtra_nghean_2", world.doj_nghe_an, Role.INSPECTOR)
    # 7 working days from Mon 6 Jul 2026 → Wed 15 Jul: overdue on Mon 20 Jul
    open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 6))
    # from Mon 13 Jul → Wed 22 Jul: within two working days of Mon 20 Jul
    open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 13))
    # from Thu 16 Jul → Mon 27 Jul: neither
    open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 16))
    # a colleague's, received today: open, not the officer's
    open_complaint(colleague, world.vinh, time_machine, received_on=D(2026, 7, 20))
    # decided at first instance: the window for a second complaint runs against the complainant
    decided = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 6, 1))
    move(time_machine, D(2026, 6, 2))
    services.complaint_accept(actor=officer, case=decided.case)
    services.complaint_decide(actor=officer, case=decided.case, number="1/QĐ", outcome="wrong")
    # another province's
    open_complaint(inspectorates.inspector_ha_tinh, world.ha_tinh_ward, time_machine)
    move(time_machine, D(2026, 7, 20))
    request = RequestFactory().get("/")
    request.user = officer
    card = home.complaints_work(request)
    assert card == {"counts": {"open": 5, "overdue": 1, "due_soon": 1, "mine": 4}}
    html = render_to_string("oversight/complaint_home_card.html", {"card": card})
    assert 'data-testid="complaints-open">5<' in html
    assert 'data-testid="complaints-overdue">1<' in html
    assert reverse("oversight:complaint_workqueue") in html
    request.user = inspectorates.leader_nghe_an
    assert home.complaints_work(request) is None
    request.user = world.users["civil_status_officer"]
    assert home.complaints_work(request) is None
