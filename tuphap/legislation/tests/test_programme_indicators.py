"""The programme and appraisal indicators' source rows, read directly (central work has no place,
a local body's dossier is at its province; the appraising unit or lead agency as the agency)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import World
from tuphap.legislation.programme.models import Conclusion
from tuphap.legislation.programme.services import appraisal as services
from tuphap.legislation.programme.services import items as services_programme
from tuphap.legislation.tests import factories, programme_factories
from tuphap.statistics.registry import registry

D = datetime.date
VN = datetime.timezone(datetime.timedelta(hours=7))
pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: World, time_machine: Any) -> dict[str, Any]:
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=VN), tick=False)
    finance = programme_factories.central(world)
    actor = world.users["ministry_specialist"]

    def appraise(register: str, requested: D, report: D) -> Any:
        dossier = programme_factories.draft(
            actor, finance, received_on=D(2026, 3, 2), register=register
        )
        services.dossier_request_appraisal(actor=actor, detail=dossier, requested_on=requested)
        return services.dossier_record_appraisal(
            actor=actor,
            detail=dossier,
            report_reference="BC-BTP",
            conclusion=Conclusion.NOT_ELIGIBLE,
            report_on=report,
        )

    # due 4 May (30 April – 1 May): on time on 4 May, late on 5 May
    proposal = appraise("legislation.proposal", D(2026, 4, 10), D(2026, 5, 4))
    appraise("legislation.draft", D(2026, 4, 10), D(2026, 5, 5))
    appraise("legislation.draft", D(2026, 5, 12), D(2026, 6, 1))
    # the proposal is appraised a second time after revision, in June: a second report
    services.dossier_request_appraisal(actor=actor, detail=proposal, requested_on=D(2026, 6, 2))
    services.dossier_record_appraisal(
        actor=actor,
        detail=proposal,
        report_reference="BC-BTP lần 2",
        conclusion=Conclusion.ELIGIBLE,
        report_on=D(2026, 6, 15),
    )

    programme = programme_factories.programme(actor)
    items = [programme_factories.item(actor, programme, finance, title=f"Luật {n}") for n in "ABC"]
    services_programme.item_postpone(
        actor=actor, item=items[0], on=D(2026, 5, 20), reason="r", decision_reference="d"
    )
    services_programme.item_withdraw(
        actor=actor, item=items[1], on=D(2026, 7, 1), reason="r", decision_reference="d"
    )
    services_programme.item_set_progress(
        actor=actor, item=items[2], status="submitted", on=D(2026, 5, 2)
    )
    services_programme.item_mark_adopted(
        actor=actor, item=items[2], document=factories.sample_law(actor)
    )  # signed 10 June 2026
    return {"ministry": world.ministry.pk, "finance": finance.pk}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("legislation.proposals.appraised", [(D(2026, 5, 1), 1), (D(2026, 6, 1), 1)]),
        ("legislation.drafts.appraised", [(D(2026, 5, 1), 1), (D(2026, 6, 1), 1)]),
        ("legislation.appraisals.done", [(D(2026, 5, 1), 2), (D(2026, 6, 1), 2)]),
        ("legislation.appraisals.on_time", [(D(2026, 5, 1), 1), (D(2026, 6, 1), 2)]),
        ("legislation.appraisals.late", [(D(2026, 5, 1), 1)]),
    ],
    ids=["proposals", "drafts", "done", "on-time", "late"],
)
def test_appraisal_rows_are_central_by_appraising_unit(
    data: dict[str, Any], code: str, expected: list[tuple[D, int]]
) -> None:
    rows = list(registry.get(code).rows(D(2026, 1, 1), D(2026, 12, 31)))
    assert rows == [(month, None, data["ministry"], value) for month, value in expected]


def test_a_window_keeps_only_its_months(data: dict[str, Any]) -> None:
    rows = list(registry.get("legislation.appraisals.done").rows(D(2026, 6, 1), D(2026, 6, 30)))
    assert rows == [(D(2026, 6, 1), None, data["ministry"], 2)]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("legislation.programme_items.postponed", [(D(2026, 5, 1), 1)]),
        ("legislation.programme_items.withdrawn", [(D(2026, 7, 1), 1)]),
        ("legislation.programme_items.adopted", [(D(2026, 6, 1), 1)]),
    ],
    ids=["postponed", "withdrawn", "adopted"],
)
def test_programme_item_rows_are_central_by_lead_agency(
    data: dict[str, Any], code: str, expected: list[tuple[D, int]]
) -> None:
    rows = list(registry.get(code).rows(D(2026, 1, 1), D(2026, 12, 31)))
    assert rows == [(month, None, data["finance"], value) for month, value in expected]


def test_the_on_time_rate_divides_on_time_by_reports() -> None:
    rate = registry.get("legislation.appraisals.on_time_rate")
    assert rate.parts == ("legislation.appraisals.on_time", "legislation.appraisals.done")


def test_a_local_bodys_dossier_is_counted_at_its_province_a_central_one_at_central_level(
    data: dict[str, Any], world: World
) -> None:
    actor = world.users["ministry_specialist"]
    dossier = programme_factories.draft(actor, world.doj_nghe_an, received_on=D(2026, 3, 2))
    assert (dossier.case.place, dossier.case.province) == (world.nghe_an, world.nghe_an)
    services.dossier_request_appraisal(actor=actor, detail=dossier, requested_on=D(2026, 6, 2))
    services.dossier_record_appraisal(
        actor=actor,
        detail=dossier,
        report_reference="BC-BTP",
        conclusion=Conclusion.ELIGIBLE,
        report_on=D(2026, 6, 10),
    )

    rows = list(registry.get("legislation.appraisals.done").rows(D(2026, 6, 1), D(2026, 6, 30)))

    assert rows == [
        (D(2026, 6, 1), None, data["ministry"], 2),
        (D(2026, 6, 1), world.nghe_an.pk, data["ministry"], 1),
    ]
