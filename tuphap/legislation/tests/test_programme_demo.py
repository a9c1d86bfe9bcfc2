from __future__ import annotations

import datetime
import io
from typing import Any

from conftest import World
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework.models import Case
from tuphap.legislation.documents import demo
from tuphap.legislation.programme import demo as programme_demo
from tuphap.legislation.programme import selectors as selectors_programme
from tuphap.legislation.programme.models import Programme, ProgrammeItem
from tuphap.legislation.tests import programme_factories

VN = datetime.timezone(datetime.timedelta(hours=7))


class _Output:
    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, msg: str = "", /) -> None:
        self.buffer.write(msg)


def test_programme_demo_is_idempotent_with_every_status_and_one_overdue_appraisal(
    world: World, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN), tick=False)
    programme_factories.central(world)  # a BTC agency the demo reuses
    actor = account_factories.user("demo.bo", world.ministry, Role.MINISTRY_SPECIALIST)
    output = _Output()
    demo.legislation(output, False)
    programme_demo.law_making_programme(output, False)
    programme_demo.law_making_programme(output, False)

    assert Programme.objects.count() == 1
    statuses = sorted(ProgrammeItem.objects.values_list("status", flat=True))
    assert statuses == [
        "adopted",
        "adopted",
        "in_progress",
        "in_progress",
        "planned",
        "postponed",
        "submitted",
        "withdrawn",
    ]
    adopted = ProgrammeItem.objects.filter(status="adopted").order_by("id")
    assert [item.document.number for item in adopted if item.document] == [
        "91/2026/QH15",
        "97/2026/QH15",
    ]
    due = selectors_programme.appraisals_due_for_user(actor)
    assert [(row.detail.title, row.overdue) for row in due] == [
        ("Luật Phòng cháy, chữa cháy (sửa đổi) (ví dụ)", True),
        ("Luật Chuyển giao công nghệ (sửa đổi) (ví dụ)", False),
    ]
    assert sorted(
        Case.objects.filter(register__startswith="legislation.").values_list("state", flat=True)
    ) == [
        "appraisal_requested",
        "appraisal_requested",
        "appraised",
        "appraised",
        "published",
        "returned",
        "submitted",
    ]
    assert "8 items" in output.buffer.getvalue()
