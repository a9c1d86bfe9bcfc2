from __future__ import annotations

import io
from typing import Any

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.legislation.checking import demo as checking_demo
from tuphap.legislation.checking.models import DocumentCheck, ReviewTask
from tuphap.legislation.documents import demo
from tuphap.legislation.tests.checking_helpers import MONDAY


class _Output:
    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, msg: str = "", /) -> None:
        self.buffer.write(msg)


def test_the_demo_loads_three_checks_and_the_review_of_an_amendment_once(
    world: Any, time_machine: Any
) -> None:
    time_machine.move_to(MONDAY, tick=False)
    account_factories.user("demo.bo", world.ministry, Role.MINISTRY_SPECIALIST)
    account_factories.user("demo.chuyenvien", world.doj_nghe_an, Role.PROVINCIAL_SPECIALIST)
    output = _Output()
    demo.legislation(output, False)

    checking_demo.checking_and_review(output, False)
    checking_demo.checking_and_review(output, False)

    checks = {
        check.document.number: check
        for check in DocumentCheck.objects.select_related("case", "document")
    }
    assert {number: (check.case.state, check.conclusion) for number, check in checks.items()} == {
        "18/2026/QĐ-UBND": ("closed", "lawful"),
        "07/2026/NQ-HĐND": ("closed", "unlawful"),
        "05/2026/TT-BTP": ("examined", "unlawful"),  # a central-level case
    }
    central = checks["05/2026/TT-BTP"]
    assert (central.case.place, central.province_id, central.findings.count()) == (None, None, 2)
    assert checks["07/2026/NQ-HĐND"].outcome == "amended"
    caught = {item["code"]: item["result"] for item in checks["05/2026/TT-BTP"].prechecks}
    assert (caught["effective_date"], caught["citations"]) == ("failed", "failed")
    tasks = {
        task.responsible: sorted(item.document.number for item in task.items.all())
        for task in ReviewTask.objects.prefetch_related("items__document")
    }
    assert tasks == {
        "Bộ Tư pháp": ["03/2026/TT-BTP", "05/2026/TT-BTP"],
        "Chính phủ": ["305/2025/NĐ-CP"],
        "Thủ tướng Chính phủ": ["40/2025/QĐ-TTg"],
    }
    assert "3 document checks, 3 review tasks" in output.buffer.getvalue()
