"""Suspension, continuation and termination of a denunciation's resolution (Luật Tố cáo 2018
Art. 34): the suspended days are not counted, the clock runs again from the continuation
decision, on dates around Tết 2027 (4–10 Feb); the page and the API; the audit rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import api_as
from tuphap.core.errors import Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.oversight.complaints import figures as complaint_figures
from tuphap.oversight.denunciations import figures, selectors, services
from tuphap.oversight.denunciations import workflow as flow
from tuphap.oversight.denunciations.models import Denunciation, Suspension
from tuphap.oversight.tests.complaints_support import D, move, open_denunciation

pytestmark = pytest.mark.django_db


def _accepted(officer: Any, world: Any, time_machine: Any, received: Any, accepted: Any) -> Any:
    detail = open_denunciation(officer, world.vinh, time_machine, received_on=received)
    move(time_machine, accepted)
    services.denunciation_check(actor=officer, case=detail.case, note="Đủ điều kiện thụ lý")
    return services.denunciation_accept(actor=officer, case=detail.case)


def test_the_suspended_days_are_not_counted_across_tet(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = _accepted(officer, world, time_machine, D(2027, 1, 11), D(2027, 1, 14))
    # 30 days from Thu 14 Jan 2027 → Sat 13 Feb → Mon 15 Feb
    assert detail.resolution_due_on == D(2027, 2, 15)
    move(time_machine, D(2027, 1, 25))
    suspension = services.denunciation_suspend(
        actor=officer,
        case=detail.case,
        ground="awaiting_expertise",
        reason="Chờ kết quả giám định lại chữ ký",
    )
    detail.refresh_from_db()
    assert detail.case.state == flow.SUSPENDED
    assert detail.case.paused_at is not None
    # the decision is sent within 5 working days: Mon 25 Jan → Mon 1 Feb
    assert (suspension.suspended_on, suspension.notice_due_on) == (D(2027, 1, 25), D(2027, 2, 1))
    assert suspension.due_before == D(2027, 2, 15)
    # while suspended nothing runs out: no days left in the workqueue
    move(time_machine, D(2027, 2, 20))
    row = next(r for r in selectors.workqueue(officer) if r.detail.case_id == detail.case_id)
    assert (row.kind, row.due_on, row.days_left) == ("suspended", None, None)
    # continued Thu 11 Feb, the first working day after Tết: 25 Jan–10 Feb (17 days) are not
    # counted; 10 days ran before (15–24 Jan), 20 remain from 11 Feb → Tue 2 Mar 2027
    move(time_machine, D(2027, 2, 11))
    suspension = services.denunciation_continue(actor=officer, case=detail.case)
    detail.refresh_from_db()
    assert detail.case.state == flow.VERIFYING
    assert detail.case.paused_at is None
    assert (suspension.continued_on, suspension.due_after) == (D(2027, 2, 11), D(2027, 3, 2))
    assert detail.resolution_due_on == D(2027, 3, 2)
    # an extension after it counts from the pushed-back limit: 2 Mar + 30 → Thu 1 Apr 2027
    notice = services.denunciation_extend(
        actor=officer, case=detail.case, complexity="complex", reason="Nhiều nội dung"
    )
    assert (notice.due_before, notice.due_after) == (D(2027, 3, 2), D(2027, 4, 1))
    actions = list(
        AuditEvent.objects.filter(action__startswith="oversight.denunciation.").values_list(
            "action", flat=True
        )
    )
    assert "oversight.denunciation.suspended" in actions
    assert "oversight.denunciation.continued" in actions
    suspended = AuditEvent.objects.get(action="oversight.denunciation.suspended")
    assert suspended.data["ground"] == "awaiting_expertise"
    assert suspended.data["notice_due_on"] == "2027-02-01"


def test_a_limit_pushed_into_tet_rolls_to_the_next_working_day(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = _accepted(officer, world, time_machine, D(2026, 12, 21), D(2026, 12, 28))
    # 30 days from Mon 28 Dec 2026 → Wed 27 Jan 2027
    assert detail.resolution_due_on == D(2027, 1, 27)
    move(time_machine, D(2027, 1, 11))
    services.denunciation_suspend(
        actor=officer, case=detail.case, ground="awaiting_other", reason="Chờ kết luận thanh tra"
    )
    move(time_machine, D(2027, 1, 20))
    services.denunciation_continue(actor=officer, case=detail.case)
    detail.refresh_from_db()
    # 11–19 Jan (9 days) not counted → Fri 5 Feb, in Tết (4–10 Feb) → Thu 11 Feb 2027
    assert detail.resolution_due_on == D(2027, 2, 11)


def test_suspension_needs_its_ground_and_a_running_resolution(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    received = open_denunciation(officer, world.vinh, time_machine, received_on=D(2026, 8, 17))
    with pytest.raises(ValidationFailed) as refused:
        services.denunciation_suspend(actor=officer, case=received.case, ground="x", reason="")
    assert set(refused.value.fields) == {"ground", "reason", "case"}
    with pytest.raises(Conflict):
        services.denunciation_continue(actor=officer, case=received.case)
    detail = _accepted(officer, world, time_machine, D(2026, 8, 17), D(2026, 8, 24))
    with pytest.raises(ValidationFailed) as early:
        services.denunciation_suspend(
            actor=officer,
            case=detail.case,
            ground="awaiting_other",
            reason="Chờ",
            on=D(2026, 8, 20),
        )
    assert "on" in early.value.fields
    assert Suspension.objects.count() == 0


def test_termination_while_suspended(world: Any, inspectorates: Any, time_machine: Any) -> None:
    officer = inspectorates.inspector
    detail = _accepted(officer, world, time_machine, D(2026, 8, 17), D(2026, 8, 24))
    move(time_machine, D(2026, 9, 1))
    services.denunciation_suspend(
        actor=officer, case=detail.case, ground="awaiting_other", reason="Chờ bản án"
    )
    with pytest.raises(ValidationFailed):
        services.denunciation_terminate(actor=officer, case=detail.case, ground="")
    move(time_machine, D(2026, 9, 10))
    detail = services.denunciation_terminate(
        actor=officer, case=detail.case, ground="already_settled", reason="Bản án có hiệu lực"
    )
    assert (detail.case.state, detail.terminated_on, detail.termination_ground) == (
        flow.TERMINATED,
        D(2026, 9, 10),
        "already_settled",
    )
    assert detail.case.closed_at is not None
    ended = AuditEvent.objects.get(action="oversight.denunciation.terminated")
    # 5 working days from Thu 10 Sep 2026 → Thu 17 Sep
    assert ended.data["notice_due_on"] == "2026-09-17"


def test_suspend_and_continue_through_the_page_and_the_api(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    resolver = inspectorates.inspector
    detail = _accepted(resolver, world, time_machine, D(2026, 8, 17), D(2026, 8, 24))
    move(time_machine, D(2026, 9, 1))
    client = Client()
    client.force_login(resolver)
    page = reverse("oversight:denunciation", kwargs={"case_id": detail.case_id})
    assert 'data-testid="action-suspend"' in client.get(page).content.decode()
    act = reverse(
        "oversight:denunciation_action", kwargs={"case_id": detail.case_id, "action": "suspend"}
    )
    refused = client.post(act, {"suspend-ground": "awaiting_other", "suspend-note": ""})
    assert refused.status_code == 400
    assert (
        client.post(
            act, {"suspend-ground": "awaiting_other", "suspend-note": "Chờ kết luận thanh tra"}
        ).status_code
        == 302
    )
    shown = client.get(page).content.decode()
    assert 'data-testid="suspensions"' in shown
    assert 'data-testid="action-continue"' in shown
    move(time_machine, D(2026, 9, 11))
    api = api_as(resolver)
    answer = api.post(
        f"/api/v1/oversight/denunciations/{detail.case_id}/actions",
        {"action": "continue"},
        format="json",
    )
    assert answer.status_code == 200
    body = answer.json()
    # 30 days from Mon 24 Aug → Wed 23 Sep; 1–10 Sep (10 days) not counted → Sat 3 Oct → Mon 5 Oct
    assert (body["state"], body["paused_at"], body["resolution_due_on"]) == (
        flow.VERIFYING,
        None,
        "2026-10-05",
    )


def test_a_terminated_denunciation_is_resolved_in_the_figures(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = _accepted(officer, world, time_machine, D(2026, 8, 17), D(2026, 8, 24))
    move(time_machine, D(2026, 9, 1))
    services.denunciation_suspend(
        actor=officer, case=detail.case, ground="awaiting_other", reason="Chờ bản án"
    )
    move(time_machine, D(2026, 12, 1))  # long past the limit, but suspended: not overdue
    board = figures.dashboard(Denunciation.objects.all(), 2026)
    assert (board.open_count, board.overdue) == (1, 0)
    services.denunciation_terminate(actor=officer, case=detail.case, ground="denounced_died")
    values = complaint_figures.totals(
        complaint_figures.compute(
            figures.matters(Denunciation.objects.all()), D(2026, 1, 1), D(2026, 12, 31)
        )
    )
    assert (values["accepted"], values["resolved"], values["ended_other"]) == (1, 1, 1)
    assert values["carried_out"] == 0


def test_the_generator_plays_suspensions_through_the_services(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    from tuphap.oversight.denunciations import generate

    move(time_machine, D(2026, 12, 6))
    generate.generate(
        actor=inspectorates.inspector,
        places=[world.vinh],
        count=36,
        seed=2,
        first_day=D(2026, 1, 2),
    )
    suspensions = list(Suspension.objects.select_related("denunciation"))
    assert suspensions
    for item in suspensions:
        assert item.denunciation.case.state in {
            flow.SUSPENDED,
            *flow.RESOLVING,
            flow.CONCLUDED,
            flow.HANDLED,
            flow.WITHDRAWN,
            flow.TERMINATED,
        }
        if item.continued_on is not None:
            assert item.due_after is not None
            assert item.due_before is not None
            # pushed back past the continuation (the limit before it may have been rolled
            # forward past a day off, so the difference may be a little less than the pause)
            assert item.due_after > item.due_before
            assert item.due_after > item.continued_on
    assert AuditEvent.objects.filter(action="oversight.denunciation.suspended").count() == len(
        suspensions
    )
    values = complaint_figures.totals(
        complaint_figures.compute(
            figures.matters(Denunciation.objects.all()), D(2026, 3, 1), D(2026, 10, 31)
        )
    )
    assert values["carried_in"] + values["accepted"] == values["resolved"] + values["carried_out"]
