"""The rosters: a law reporter meets Art. 35(1) and is recognised by the minister or the
provincial chairman; a propagandist by the commune chairman for a commune (Art. 37); a mediator
is elected by more than half of the households (Art. 8(3)(a))."""

from __future__ import annotations

from typing import Any

import pytest

from tuphap.core.errors import AccessDenied, ValidationFailed
from tuphap.outreach.people import selectors, services
from tuphap.outreach.tests.conftest import D, mediator

pytestmark = pytest.mark.django_db


def reporter(**changes: Any) -> services.DisseminatorData:
    values: dict[str, Any] = {
        "kind": "reporter",
        "full_name": "Hoàng Văn Báo",
        "sex": "male",
        "degree": "law",
        "experience_years": 2,
        "recognised_by": "provincial_chairman",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": D(2025, 10, 1),
    }
    values.update(changes)
    return services.DisseminatorData(**values)


def test_a_law_reporter_needs_a_degree_and_its_years(world: Any, outreach: Any) -> None:
    actor = outreach.doj_officer
    person = services.disseminator_recognise(actor=actor, place=world.nghe_an, data=reporter())
    assert person.kind == "reporter"
    with pytest.raises(ValidationFailed) as refused:
        services.disseminator_recognise(
            actor=actor,
            place=world.nghe_an,
            data=reporter(full_name="B", degree="other", experience_years=2),
        )
    assert refused.value.fields["experience_years"] == [
        "With this degree a law reporter needs at least 3 years of work (Art. 35(1)(c))."
    ]
    with pytest.raises(ValidationFailed) as refused:
        services.disseminator_recognise(
            actor=actor,
            place=world.nghe_an,
            data=reporter(
                full_name="C", degree="none", recognised_by="commune_chairman", good_standing=False
            ),
        )
    assert set(refused.value.fields) == {"degree", "recognised_by", "good_standing"}
    services.disseminator_recognise(
        actor=actor,
        place=world.nghe_an,
        data=reporter(full_name="D", degree="other", experience_years=3),
    )


def test_a_propagandist_is_recognised_by_the_commune_chairman_for_a_commune(
    world: Any, outreach: Any
) -> None:
    data = reporter(
        kind="propagandist", degree="none", experience_years=0, recognised_by="commune_chairman"
    )
    person = services.disseminator_recognise(actor=outreach.officer, place=world.vinh, data=data)
    assert person.place == world.vinh
    with pytest.raises(ValidationFailed) as refused:
        services.disseminator_recognise(
            actor=outreach.doj_officer,
            place=world.nghe_an,
            data=reporter(kind="propagandist", full_name="E", recognised_by="provincial_chairman"),
        )
    assert set(refused.value.fields) == {"recognised_by", "place"}


def test_outside_the_jurisdiction_and_without_the_role_is_refused(
    world: Any, outreach: Any
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.disseminator_recognise(
            actor=outreach.officer_ha_tinh, place=world.nghe_an, data=reporter()
        )
    assert set(refused.value.fields) == {"place"}
    with pytest.raises(AccessDenied):
        services.disseminator_recognise(actor=outreach.reader, place=world.nghe_an, data=reporter())


def test_a_mediator_is_elected_by_more_than_half_of_the_households(
    world: Any, outreach: Any
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        mediator(outreach.officer, world.vinh, "Võ Văn Năm", election_share=50, resident=False)
    assert set(refused.value.fields) == {"election_share", "resident"}
    person = mediator(outreach.officer, world.vinh, "Võ Văn Năm", election_share=51)
    services.training_record(
        actor=outreach.officer,
        mediator_id=person.pk,
        held_on=D(2026, 3, 10),
        title="Kỹ năng hòa giải",
    )
    assert person.trainings.count() == 1
    assert list(selectors.mediators_for(outreach.reader)) == [person]
    assert list(selectors.mediators_for(outreach.officer_ha_tinh)) == []


def test_a_training_through_its_page(world: Any, outreach: Any, client: Any) -> None:
    person = mediator(outreach.officer, world.vinh, "Võ Thị Sáu", "female")
    client.force_login(outreach.officer)
    url = f"/en/outreach/roster/mediators/{person.pk}/training/"
    refused = client.post(url, {"title": "Kỹ năng hòa giải", "held_on": "2030-01-01", "hours": "4"})
    assert "The date must not be in the future." in refused.content.decode()
    answer = client.post(url, {"title": "Kỹ năng hòa giải", "held_on": "2026-10-01", "hours": "8"})
    assert answer.status_code == 302
    assert "Kỹ năng hòa giải" in client.get(url).content.decode()
    client.force_login(outreach.officer_ha_tinh)
    assert client.get(url).status_code == 404
