"""Dissemination sessions: the form of Art. 11, contests with contestants, documents by number,
the leaders from the rosters, the place as at the date, Law Day campaigns (Art. 8)."""

from __future__ import annotations

from typing import Any

import pytest

from tuphap.core.errors import ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.outreach.dissemination import selectors, services
from tuphap.outreach.people import services as people
from tuphap.outreach.tests.conftest import D

pytestmark = pytest.mark.django_db


def session(**changes: Any) -> services.SessionData:
    values: dict[str, Any] = {
        "held_on": D(2026, 11, 9),
        "form": "direct",
        "topics": "Luật Hòa giải ở cơ sở; phòng, chống bạo lực gia đình",
        "target_groups": ["public", "farmers"],
        "participants": 120,
        "materials": 100,
        "documents": [services.DocumentData("35/2013/QH13", "Luật Hòa giải ở cơ sở")],
    }
    values.update(changes)
    return services.SessionData(**values)


def test_a_session_with_its_documents_and_leader(world: Any, outreach: Any) -> None:
    leader = people.disseminator_recognise(
        actor=outreach.officer,
        place=world.vinh,
        data=people.DisseminatorData(
            kind="propagandist",
            full_name="Đặng Thị Tuyên",
            sex="female",
            degree="none",
            recognised_by="commune_chairman",
            decision_number="07/QĐ-UBND",
            decision_date=D(2025, 9, 1),
        ),
    )
    row = services.session_record(
        actor=outreach.officer, place=world.vinh, data=session(leader_ids=[leader.pk])
    )
    assert row.level == "commune"
    assert row.target_groups == ["farmers", "public"]
    assert [d.number for d in row.documents.all()] == ["35/2013/QH13"]
    assert list(row.leaders.all()) == [leader]
    assert (
        AuditEvent.objects.filter(action="outreach.session.recorded", object_id=str(row.pk)).count()
        == 1
    )
    assert list(selectors.sessions_for(outreach.reader)) == [row]
    assert list(selectors.sessions_for(outreach.officer_ha_tinh)) == []


def test_a_contest_has_its_contestants_and_only_a_contest_has_them(
    world: Any, outreach: Any
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.session_record(
            actor=outreach.officer, place=world.vinh, data=session(form="contest")
        )
    assert set(refused.value.fields) == {"contestants"}
    with pytest.raises(ValidationFailed) as refused:
        services.session_record(
            actor=outreach.officer, place=world.vinh, data=session(contestants=5)
        )
    assert set(refused.value.fields) == {"contestants"}
    contest = services.session_record(
        actor=outreach.officer, place=world.vinh, data=session(form="contest", contestants=80)
    )
    assert contest.contestants == 80


def test_every_bad_field_is_named(world: Any, outreach: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.session_record(
            actor=outreach.officer,
            place=world.ha_tinh_ward,
            data=session(
                held_on=D(2030, 1, 1),
                form="rumour",
                topics=" ",
                target_groups=[],
                documents=[services.DocumentData("Luật hòa giải")],
                leader_ids=[999],
            ),
        )
    assert set(refused.value.fields) == {
        "held_on",
        "form",
        "topics",
        "target_groups",
        "documents",
        "leaders",
        "place",
    }


def test_the_place_is_the_unit_valid_on_the_date(world: Any, outreach: Any) -> None:
    """Trường Vinh exists from 1 Jul 2025; a session of May 2025 was held in its predecessor."""
    with pytest.raises(ValidationFailed) as refused:
        services.session_record(
            actor=outreach.officer, place=world.vinh, data=session(held_on=D(2025, 5, 10))
        )
    assert set(refused.value.fields) == {"place"}


def test_a_law_day_campaign_includes_9_november(world: Any, outreach: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.campaign_create(
            actor=outreach.officer,
            year=2026,
            title="Ngày Pháp luật 2026",
            starts_on=D(2026, 10, 1),
            ends_on=D(2026, 11, 8),
        )
    assert set(refused.value.fields) == {"starts_on"}
    campaign = services.campaign_create(
        actor=outreach.officer,
        year=2026,
        title="Ngày Pháp luật 2026",
        starts_on=D(2026, 10, 15),
        ends_on=D(2026, 11, 15),
    )
    row = services.session_record(
        actor=outreach.officer, place=world.vinh, data=session(campaign_id=campaign.pk)
    )
    assert row.campaign == campaign
    with pytest.raises(ValidationFailed) as refused:
        services.session_record(
            actor=outreach.officer,
            place=world.vinh,
            data=session(held_on=D(2026, 11, 20), campaign_id=campaign.pk),
        )
    assert set(refused.value.fields) == {"campaign"}
