"""The law-making programme services: creating a year's programme and its items, the status
history with its reasons and decisions, refusals (400 naming the field, 409 for a move not
allowed now, 403 for a role that only reads) and the audit rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import World
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.legislation.programme.models import (
    ItemKind,
    ItemStatus,
    Programme,
    ProgrammeItem,
    ProgrammeItemEvent,
)
from tuphap.legislation.programme.services import items as services_programme
from tuphap.legislation.tests import factories, programme_factories

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world: World) -> tuple[Any, Programme, Any]:
    finance = programme_factories.central(world)
    actor = world.users["ministry_specialist"]
    return actor, programme_factories.programme(actor), finance


def test_programme_and_item_are_recorded_with_history_and_audit(
    setting: tuple[Any, Programme, Any],
) -> None:
    actor, programme, finance = setting
    item = programme_factories.item(actor, programme, finance)

    assert (programme.year, programme.resolution, programme.adopted_on) == (
        2026,
        "Nghị quyết 129/2025/QH15",
        D(2025, 6, 10),
    )
    assert (item.status, item.session_label) == (
        ItemStatus.PLANNED,
        "Session 10, National Assembly term XV (10/2026)",
    )
    assert list(item.events.values_list("from_status", "to_status", "occurred_on")) == [
        ("", "planned", D(2025, 6, 10))
    ]
    assert list(
        AuditEvent.objects.filter(action__startswith="legislation.programme")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["legislation.programme_create", "legislation.programme_item_add"]


def test_a_second_programme_of_the_same_year_is_a_conflict(
    setting: tuple[Any, Programme, Any],
) -> None:
    actor, _programme, _finance = setting
    with pytest.raises(Conflict) as error:
        programme_factories.programme(actor)
    assert list(error.value.fields) == ["year"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": 1999}, "year"),
        ({"resolution": "  "}, "resolution"),
        ({"adopted_on": D(2023, 1, 5)}, "adopted_on"),
        ({"adopted_on": D(2099, 1, 5), "year": 2099}, "adopted_on"),
    ],
    ids=["year", "resolution", "adopted-too-early", "adopted-in-future"],
)
def test_programme_bad_input_names_the_field(
    world: World, changes: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {
        "year": 2027,
        "resolution": "Nghị quyết 1/2026/QH15",
        "adopted_on": D(2026, 6, 1),
    }
    values.update(changes)
    with pytest.raises(ValidationFailed) as error:
        services_programme.programme_create(actor=world.users["ministry_specialist"], **values)
    assert list(error.value.fields) == [field]
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "decree"}, "kind"),
        ({"legislature": 0}, "legislature"),
        ({"session": 21}, "session"),
        ({"planned_month": 13}, "planned_month"),
    ],
    ids=["title", "kind", "legislature", "session", "month"],
)
def test_item_bad_input_names_the_field(
    setting: tuple[Any, Programme, Any], changes: dict[str, Any], field: str
) -> None:
    actor, programme, finance = setting
    with pytest.raises(ValidationFailed) as error:
        programme_factories.item(actor, programme, finance, **changes)
    assert list(error.value.fields) == [field]
    assert not ProgrammeItem.objects.exists()


@pytest.mark.parametrize(
    "persona",
    ["leader", "auditor", "provincial_specialist", "statistics_officer", "civil_status_officer"],
)
def test_only_ministry_specialists_and_administrators_change_the_programme(
    world: World, setting: tuple[Any, Programme, Any], persona: str
) -> None:
    _actor, programme, finance = setting
    with pytest.raises(AccessDenied):
        programme_factories.item(world.users[persona], programme, finance)
    item = programme_factories.item(world.users["administrator"], programme, finance)
    assert item.lead_agency == finance


def test_postpone_needs_reason_and_decision_and_keeps_them(
    setting: tuple[Any, Programme, Any],
) -> None:
    actor, programme, finance = setting
    item = programme_factories.item(actor, programme, finance)
    with pytest.raises(ValidationFailed) as error:
        services_programme.item_postpone(
            actor=actor, item=item, on=D(2026, 5, 20), reason=" ", decision_reference=""
        )
    assert list(error.value.fields) == ["reason", "decision_reference"]

    services_programme.item_postpone(
        actor=actor,
        item=item,
        on=D(2026, 5, 20),
        reason="Chưa đủ điều kiện trình",
        decision_reference="Nghị quyết 80/2026/UBTVQH15",
    )

    item.refresh_from_db()
    assert (item.status, item.status_reason, item.decision_reference) == (
        ItemStatus.POSTPONED,
        "Chưa đủ điều kiện trình",
        "Nghị quyết 80/2026/UBTVQH15",
    )
    event = item.events.order_by("-id").first()
    assert event is not None
    assert (event.from_status, event.to_status, event.occurred_on) == (
        "planned",
        "postponed",
        D(2026, 5, 20),
    )


def test_withdrawn_item_moves_no_more(setting: tuple[Any, Programme, Any]) -> None:
    actor, programme, finance = setting
    item = programme_factories.item(actor, programme, finance)
    services_programme.item_withdraw(
        actor=actor,
        item=item,
        on=D(2026, 3, 2),
        reason="Đã lồng ghép vào dự án luật khác",
        decision_reference="Nghị quyết 60/2026/UBTVQH15",
    )
    with pytest.raises(Conflict):
        services_programme.item_postpone(
            actor=actor, item=item, on=D(2026, 4, 1), reason="x", decision_reference="y"
        )
    assert ProgrammeItemEvent.objects.filter(item=item).count() == 2


def test_a_status_date_before_the_last_change_is_refused(
    setting: tuple[Any, Programme, Any],
) -> None:
    actor, programme, finance = setting
    item = programme_factories.item(actor, programme, finance)
    with pytest.raises(ValidationFailed) as error:
        services_programme.item_set_progress(
            actor=actor, item=item, status=ItemStatus.IN_PROGRESS, on=D(2025, 1, 1)
        )
    assert list(error.value.fields) == ["on"]


def test_adoption_needs_a_submitted_item_and_a_document_of_its_kind(
    setting: tuple[Any, Programme, Any],
) -> None:
    actor, programme, finance = setting
    item = programme_factories.item(actor, programme, finance, kind=ItemKind.LAW)
    law = factories.sample_law(actor)
    decree = factories.detailing(
        actor, "12/2026/NĐ-CP", signed_on=D(2026, 6, 20), effective_on=D(2026, 8, 1)
    )
    with pytest.raises(Conflict):
        services_programme.item_mark_adopted(actor=actor, item=item, document=law)
    services_programme.item_set_progress(
        actor=actor, item=item, status=ItemStatus.SUBMITTED, on=D(2026, 5, 1)
    )
    with pytest.raises(ValidationFailed) as error:
        services_programme.item_mark_adopted(actor=actor, item=item, document=decree)
    assert list(error.value.fields) == ["document"]

    services_programme.item_mark_adopted(actor=actor, item=item, document=law)

    item.refresh_from_db()
    assert (item.status, item.document) == (ItemStatus.ADOPTED, law)
    assert item.events.order_by("-id").values_list("occurred_on", flat=True)[0] == D(2026, 6, 10)
