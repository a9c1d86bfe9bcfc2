"""The legal aid register and people across registers (ADR 0019): a registered death flags the
person's open legal aid cases, and the person page lists their cases within the reader's
jurisdiction."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tuphap.casework.models import Notification
from tuphap.civil_status.registration import services as civil_status
from tuphap.civil_status.registration.services import Declarant
from tuphap.civil_status.tests import factories as civil_status_factories
from tuphap.core.models import AuditEvent
from tuphap.legal_aid.cases import services
from tuphap.legal_aid.tests.conftest import Centres, D, at, request_data

PIN = "040090004321"


def _request(
    centres: Centres, place: Any, pin: str, time_machine: Any, *, officer: Any = None
) -> Any:
    time_machine.move_to(at("2026-12-04 09:00"), tick=False)
    return services.request_open(
        actor=officer or centres.officer,
        place=place,
        data=request_data(
            pin=pin,
            group="poor_household",
            field="civil",
            form="advice",
            procedural_status="",
            stage="",
            requested_at=at("2026-12-04 09:00"),
        ),
    )


def test_a_registered_death_flags_the_open_legal_aid_cases_of_the_person_helped(
    world: Any, centres: Centres, time_machine: Any
) -> None:
    open_case = _request(centres, world.vinh, PIN, time_machine)
    withdrawn = _request(centres, world.vinh, PIN, time_machine)
    services.case_step(actor=centres.officer, case=withdrawn.case, transition="withdraw")
    someone_else = _request(centres, world.vinh, "040090000001", time_machine)
    time_machine.move_to(at("2026-12-07 10:00"), tick=False)

    registration = civil_status.death_register(
        actor=world.users["civil_status_officer"],
        commune=world.vinh,
        deceased=civil_status_factories.adult(
            "Nguyễn", "Bị", "male", D(1990, 3, 4), middle_name="Văn", pin=PIN
        ),
        died_on=D(2026, 12, 6),
        declarant=Declarant("Nguyễn Văn Con", "son"),
    )

    flags = AuditEvent.objects.filter(action="legal_aid.case.person_died")
    assert [int(event.object_id) for event in flags] == [open_case.pk]
    assert flags.get().data["registration_id"] == registration.pk
    notices = Notification.objects.filter(kind="person_died")
    assert {notice.case_id for notice in notices} == {open_case.pk}
    assert {notice.recipient_id for notice in notices} == {centres.officer.pk}
    # written in the site's language (Vietnamese), naming the article
    assert "Luật TGPL 2017 Điều 37" in notices.get().text
    assert withdrawn.pk not in {notice.case_id for notice in notices}
    assert someone_else.pk not in {notice.case_id for notice in notices}
    # Flagged, not closed: the discontinuation is the centre's written act.
    open_case.case.refresh_from_db()
    assert open_case.case.closed_at is None


def test_the_person_page_lists_legal_aid_cases_within_the_jurisdiction(
    world: Any, centres: Centres, time_machine: Any
) -> None:
    nghe_an = _request(centres, world.vinh, PIN, time_machine)
    ha_tinh = _request(
        centres, world.ha_tinh_ward, PIN, time_machine, officer=centres.officer_ha_tinh
    )

    def shown(user: Any) -> set[str]:
        client = Client()
        client.force_login(user)
        response = client.get(reverse("web:person"), {"pin": PIN}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        return {
            fact.reference
            for section in response.context["found"].sections
            for fact in section.facts
        }

    assert shown(centres.officer) == {f"legal_aid.legalaidcase:{nghe_an.pk}"}
    assert shown(centres.officer_ha_tinh) == {f"legal_aid.legalaidcase:{ha_tinh.pk}"}
    audit = AuditEvent.objects.filter(action="people.person.viewed").latest("id")
    assert audit.data["shown"]["legal_aid"] == [f"legal_aid.legalaidcase:{ha_tinh.pk}"]
