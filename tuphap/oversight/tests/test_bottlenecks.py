"""Oversight's sources on the bottlenecks page: letters not handled within 10 working days and
inspection recommendations past their day, for the reader's jurisdiction, now and a year ago."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework.models import Case
from tuphap.core import bottlenecks as core_bottlenecks
from tuphap.oversight.inspections import bottlenecks as inspection_bottlenecks
from tuphap.oversight.inspections import services as inspection_services
from tuphap.oversight.reception import bottlenecks as reception_bottlenecks
from tuphap.oversight.reception import rules as reception_rules
from tuphap.oversight.tests.conftest import at
from tuphap.oversight.tests.test_inspections_services import concluded
from tuphap.oversight.tests.test_reception_services import register

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = at("2026-12-07 10:00")


def test_letters_past_their_handling_limit(inspectorates: Any, world: Any) -> None:
    old = register(inspectorates.inspector, received_on=D(2026, 11, 2))
    register(inspectorates.inspector, received_on=D(2026, 12, 1))  # due 15 Dec: not late
    (finding,) = reception_bottlenecks.letters_late(inspectorates.inspector, NOW)
    assert finding.count == 1
    assert finding.last_year == 0
    assert finding.days == (D(2026, 12, 7) - old.received_on).days
    assert finding.lines[0].label == inspectorates.nghe_an.name
    # the limit is 10 working days: a letter received on the last day still in time is not late
    last = reception_bottlenecks.last_receipt_overdue(D(2026, 12, 7))
    assert reception_rules.handling_due(last) < D(2026, 12, 7)
    assert reception_rules.handling_due(last + datetime.timedelta(days=1)) >= D(2026, 12, 7)
    # a reader without the register's roles gets nothing, the nation everything
    assert reception_bottlenecks.letters_late(world.users["civil_status_officer"], NOW) == []
    assert reception_bottlenecks.letters_late(None, NOW)[0].count == 1


def test_recommendations_not_implemented_by_their_day(inspectorates: Any) -> None:
    inspection = concluded(inspectorates)
    case = Case.objects.get(pk=inspection.case_id)
    inspection_services.recommendation_add(
        actor=inspectorates.inspector,
        case=case,
        kind="money",
        text="Thu hồi phí công chứng thu sai",
        amount=35_500_000,
        due_on=D(2026, 8, 8),
    )
    inspection_services.recommendation_add(
        actor=inspectorates.inspector,
        case=case,
        kind="rule",
        text="Sửa quy chế",
        due_on=D(2027, 1, 31),
    )
    (finding,) = inspection_bottlenecks.recommendations_late(inspectorates.inspector, NOW)
    assert finding.count == 1
    assert finding.last_year == 0
    assert finding.days == (D(2026, 12, 7) - D(2026, 8, 8)).days
    assert [line.label for line in finding.lines] == ["Money to recover"]
    keys = {f.key for f in core_bottlenecks.findings_for(inspectorates.inspector, NOW)}
    assert {"oversight.recommendations_late", "oversight.letters_late"} <= keys
