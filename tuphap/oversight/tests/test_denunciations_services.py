"""The denunciation register's services: the check, transfer and resolution clocks on real
dates (the make-up Saturday of August 2026, Ngày Văn hóa, Tết and Giỗ Tổ 2027), extensions by
complexity, withdrawal, and the protection of the denouncer's identity."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework.models import CaseAction
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.oversight.denunciations import selectors, services
from tuphap.oversight.denunciations import workflow as flow
from tuphap.oversight.denunciations.models import ExtensionNotice
from tuphap.oversight.tests.complaints_support import D, move, open_denunciation

pytestmark = pytest.mark.django_db

NAME = "Trần Thị Tố Giác"


@pytest.mark.parametrize(
    ("several", "check_due"),
    # received Mon 17 Aug 2026; Sat 22 Aug is a make-up working day:
    # 7 working days → Tue 25 Aug; 10 working days → Fri 28 Aug
    [(False, D(2026, 8, 25)), (True, D(2026, 8, 28))],
)
def test_check_and_transfer_limits(
    world: Any, inspectorates: Any, time_machine: Any, several: bool, check_due: Any
) -> None:
    detail = open_denunciation(
        inspectorates.inspector, world.vinh, time_machine, several_sites=several
    )
    # 5 working days from 17 Aug: the make-up Saturday 22 Aug is the fifth
    assert (detail.check_due_on, detail.transfer_due_on) == (check_due, D(2026, 8, 22))
    assert detail.case.due_at is not None
    assert detail.case.due_at.date() == check_due


def test_transfer_needs_the_denouncers_notice(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = open_denunciation(officer, world.vinh, time_machine)
    move(time_machine, D(2026, 8, 26))
    with pytest.raises(ValidationFailed) as refused:
        services.denunciation_transfer(actor=officer, case=detail.case, on=D(2026, 8, 24))
    assert set(refused.value.fields) == {"to_name", "notified_on"}
    detail = services.denunciation_transfer(
        actor=officer,
        case=detail.case,
        to_agency_id=world.doj_ha_tinh.pk,
        notified_on=D(2026, 8, 25),
        on=D(2026, 8, 24),
    )
    assert (detail.case.state, detail.transferred_on_time, detail.transferred_to_name) == (
        flow.TRANSFERRED,
        False,  # due on the make-up Saturday 22 Aug
        "Sở Tư pháp Hà Tĩnh",
    )


def _accepted(officer: Any, world: Any, time_machine: Any, received: Any, accepted: Any) -> Any:
    detail = open_denunciation(officer, world.vinh, time_machine, received_on=received)
    move(time_machine, accepted)
    services.denunciation_check(actor=officer, case=detail.case, note="Đủ điều kiện thụ lý")
    return services.denunciation_accept(actor=officer, case=detail.case)


def test_resolution_and_extensions_by_complexity(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = _accepted(officer, world, time_machine, D(2026, 8, 17), D(2026, 8, 24))
    # 30 days from Mon 24 Aug 2026 → Wed 23 Sep
    assert (detail.resolution_due_on, detail.accepted_on_time) == (D(2026, 9, 23), True)
    with pytest.raises(ValidationFailed):
        services.denunciation_extend(actor=officer, case=detail.case, complexity="", reason="")
    move(time_machine, D(2026, 9, 20))
    notice = services.denunciation_extend(
        actor=officer, case=detail.case, complexity="complex", reason="Nhiều nội dung"
    )
    assert (notice.number, notice.due_before, notice.due_after) == (
        1,
        D(2026, 9, 23),
        D(2026, 10, 23),
    )
    with pytest.raises(Conflict):  # a complex case is extended once
        services.denunciation_extend(
            actor=officer, case=detail.case, complexity="complex", reason="Lần hai"
        )
    services.denunciation_verify(actor=officer, case=detail.case)
    second = services.denunciation_extend(
        actor=officer,
        case=detail.case,
        complexity="especially_complex",
        reason="Phải giám định tại nhiều tỉnh",
    )
    # 30 days from 23 Oct → Sun 22 Nov → Mon 23 Nov 2026 (24 Nov, Ngày Văn hóa, not needed)
    assert second.due_after == D(2026, 11, 23)
    with pytest.raises(Conflict):
        services.denunciation_extend(
            actor=officer, case=detail.case, complexity="especially_complex", reason="Lần ba"
        )
    assert ExtensionNotice.objects.count() == 2
    move(time_machine, D(2026, 11, 24))
    detail = services.denunciation_conclude(
        actor=officer,
        case=detail.case,
        number="09/KL-STP",
        outcome="partly_right",
        on=D(2026, 11, 24),
    )
    assert (detail.case.state, detail.concluded_on_time) == (flow.CONCLUDED, False)
    detail = services.denunciation_handle(
        actor=officer, case=detail.case, handling="Kiểm điểm, thu hồi 5.000.000 đồng"
    )
    assert detail.case.state == flow.HANDLED


def test_extensions_over_tet_and_gio_to_2027(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = _accepted(officer, world, time_machine, D(2027, 1, 11), D(2027, 1, 14))
    # 30 days from Thu 14 Jan 2027 → Sat 13 Feb → Mon 15 Feb (Tết 4–10 Feb already past)
    assert detail.resolution_due_on == D(2027, 2, 15)
    move(time_machine, D(2027, 2, 11))
    first = services.denunciation_extend(
        actor=officer, case=detail.case, complexity="especially_complex", reason="Phức tạp"
    )
    second = services.denunciation_extend(
        actor=officer, case=detail.case, complexity="especially_complex", reason="Phức tạp"
    )
    # 15 Feb + 30 = Wed 17 Mar; + 30 = Fri 16 Apr, Giỗ Tổ Hùng Vương → Mon 19 Apr 2027
    assert (first.due_after, second.due_after) == (D(2027, 3, 17), D(2027, 4, 19))


def test_withdrawal_ends_the_case_only_without_a_suspected_violation(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    kept = _accepted(officer, world, time_machine, D(2026, 8, 17), D(2026, 8, 24))
    kept = services.denunciation_withdraw(
        actor=officer, case=kept.case, reason="Rút đơn", violation_suspected=True
    )
    assert (kept.case.state, kept.withdrawn_on) == (flow.ACCEPTED, D(2026, 8, 24))
    with pytest.raises(Conflict):
        services.denunciation_withdraw(actor=officer, case=kept.case)
    ended = _accepted(officer, world, time_machine, D(2026, 8, 17), D(2026, 8, 24))
    ended = services.denunciation_withdraw(actor=officer, case=ended.case, reason="Rút đơn")
    assert ended.case.state == flow.WITHDRAWN


def test_identity_only_for_the_resolver_and_granted_users_and_every_read_audited(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    resolver = inspectorates.inspector
    colleague = account_factories.user("thanhtra2_nghean", world.doj_nghe_an, Role.INSPECTOR)
    auditor = account_factories.user("kiemtoan2_nghean", world.doj_nghe_an, Role.AUDITOR)
    detail = open_denunciation(resolver, world.vinh, time_machine)
    people = selectors.denouncers_for(resolver, detail)
    assert [p.full_name for p in people] == [NAME]
    for other in (
        colleague,
        auditor,
        inspectorates.leader_nghe_an,
        inspectorates.inspector_ha_tinh,
        world.users["leader"],
        world.users["provincial_specialist"],
    ):
        with pytest.raises(AccessDenied):
            selectors.denouncers_for(other, detail)
    with pytest.raises(AccessDenied):  # only the resolver grants
        services.identity_grant(
            actor=colleague, case=detail.case, user_id=colleague.pk, reason="Ký kết luận"
        )
    services.identity_grant(
        actor=resolver, case=detail.case, user_id=colleague.pk, reason="Ký kết luận"
    )
    assert [p.full_name for p in selectors.denouncers_for(colleague, detail)] == [NAME]
    reads = AuditEvent.objects.filter(action="oversight.denunciation.identity_read")
    assert sorted(reads.values_list("actor_username", flat=True)) == [
        "thanhtra2_nghean",
        "thanhtra_nghean",
    ]
    assert AuditEvent.objects.filter(action="oversight.denunciation.identity_refused").count() == 6
    # the name is in no journal row and no audit row
    journal = json.dumps(list(CaseAction.objects.values("payload", "reason")), ensure_ascii=False)
    trail = json.dumps(
        list(AuditEvent.objects.values("data", "object_label")), ensure_ascii=False, default=str
    )
    assert NAME not in journal
    assert NAME not in trail
    assert "040190005678" not in trail
