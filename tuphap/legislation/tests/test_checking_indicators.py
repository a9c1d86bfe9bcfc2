from __future__ import annotations

import datetime
from typing import Any

from tuphap.legislation.checking import indicators as checking_indicators
from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking.models import CheckOutcome
from tuphap.legislation.tests import factories
from tuphap.legislation.tests.checking_helpers import (
    LAWFUL,
    MONDAY,
    UNLAWFUL,
    circular,
    opened,
    reload,
    resolution,
)
from tuphap.statistics.registry import registry

D = datetime.date
OCTOBER = (D(2026, 10, 1), D(2026, 10, 31))


def test_checks_are_counted_per_month_at_the_province_or_centrally(
    world: Any, time_machine: Any
) -> None:
    time_machine.move_to(MONDAY, tick=False)
    ministry = world.users["ministry_specialist"]
    provincial = world.users["provincial_specialist"]
    factories.sample_law(ministry)
    central = opened(ministry, circular(ministry))
    local = opened(provincial, resolution(ministry, world.nghe_an))
    other = opened(
        provincial,
        resolution(ministry, world.nghe_an, number="13/2026/NQ-HĐND", title="Nghị quyết khác"),
    )
    checking.check_examine(actor=ministry, check=central, findings=[UNLAWFUL])
    checking.check_request(actor=ministry, check=reload(central), request_text="Đề nghị sửa.")
    checking.check_record_outcome(
        actor=ministry, check=reload(central), outcome=CheckOutcome.REPEALED
    )
    checking.check_examine(actor=provincial, check=local, findings=[LAWFUL])
    checking.check_examine(actor=provincial, check=other, findings=[UNLAWFUL])
    october = D(2026, 10, 1)
    ministry_id, department_id = world.ministry.pk, world.doj_nghe_an.pk

    assert list(checking_indicators.checks_examined(*OCTOBER)) == [
        (october, None, ministry_id, 1),
        (october, world.nghe_an.pk, department_id, 2),
    ]
    assert list(checking_indicators.checks_unlawful(*OCTOBER)) == [
        (october, None, ministry_id, 1),
        (october, world.nghe_an.pk, department_id, 1),
    ]
    assert list(checking_indicators.checks_handled(*OCTOBER)) == [(october, None, ministry_id, 1)]
    assert list(checking_indicators.checks_examined(D(2026, 9, 1), D(2026, 9, 30))) == []


def test_the_indicators_are_registered() -> None:
    codes = {
        "legislation.checks.examined",
        "legislation.checks.unlawful",
        "legislation.checks.handled",
    }

    assert {code for code in codes if code in registry} == codes
