"""The oversight registers and people across registers (ADR 0019): a registered death flags
the open complaints the person brought (not withdrawn ones, not others'), and the person page
lists their letters and complaints within the reader's jurisdiction, never a denunciation."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tuphap.casework.models import Notification
from tuphap.civil_status.registration import services as civil_status
from tuphap.civil_status.registration.services import Declarant
from tuphap.civil_status.tests import factories as civil_status_factories
from tuphap.core.models import AuditEvent
from tuphap.oversight.complaints import services as complaints
from tuphap.oversight.denunciations import services as denunciations
from tuphap.oversight.reception import rules
from tuphap.oversight.reception import services as reception
from tuphap.oversight.tests.complaints_support import (
    D,
    move,
    open_complaint,
    open_denunciation,
)

PIN = "040090001234"  # the complainant of ``complaint_data``


def _register_death(world: Any, time_machine: Any) -> Any:
    move(time_machine, D(2026, 7, 10))
    return civil_status.death_register(
        actor=world.users["civil_status_officer"],
        commune=world.vinh,
        deceased=civil_status_factories.adult(
            "Lê", "Khiếu", "male", D(1990, 1, 2), middle_name="Văn", pin=PIN
        ),
        died_on=D(2026, 7, 8),
        declarant=Declarant("Lê Văn Con", "son"),
    )


def test_a_registered_death_flags_the_open_complaints_of_the_complainant(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    flagged = open_complaint(officer, world.vinh, time_machine)
    withdrawn = open_complaint(officer, world.vinh, time_machine)
    complaints.complaint_withdraw(actor=officer, case=withdrawn.case, reason="Đã thỏa thuận")
    someone_else = open_complaint(
        officer,
        world.vinh,
        time_machine,
        complainants=(complaints.ComplainantData("Hồ Thị Khác", "040190000002"),),
    )

    registration = _register_death(world, time_machine)

    events = AuditEvent.objects.filter(action="oversight.complaint.complainant_died")
    assert [int(event.object_id) for event in events] == [flagged.pk]
    assert events.get().data["registration_id"] == registration.pk
    notices = Notification.objects.filter(kind="person_died")
    assert {notice.case_id for notice in notices} == {flagged.pk}
    assert {notice.recipient.agency_id for notice in notices} == {flagged.case.agency_id}
    assert withdrawn.pk not in {notice.case_id for notice in notices}
    assert someone_else.pk not in {notice.case_id for notice in notices}
    flagged.case.refresh_from_db()
    assert flagged.case.closed_at is None


def test_the_person_page_lists_letters_and_complaints_but_no_denunciation(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    complaint = open_complaint(inspectorates.inspector, world.vinh, time_machine)
    letter = reception.letter_register(
        actor=inspectorates.inspector,
        data=reception.LetterData(
            received_on=D(2026, 6, 30),
            channel=rules.Channel.POST,
            content="Đề nghị xem xét lại việc thu hồi đất vườn của gia đình tôi ở phường.",
            senders=(reception.SenderData("Lê Văn Khiếu", PIN),),
            subject="Đề nghị về đất",
        ),
    )
    denunciation = open_denunciation(
        inspectorates.inspector,
        world.vinh,
        time_machine,
        denouncers=(denunciations.DenouncerData("Lê Văn Khiếu", PIN, "Khối 5", "0912345678"),),
    )

    def shown(user: Any) -> set[str]:
        client = Client()
        client.force_login(user)
        response = client.get(reverse("web:person"), {"pin": PIN}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert denunciation.subject not in response.content.decode()
        return {
            fact.reference
            for section in response.context["found"].sections
            for fact in section.facts
        }

    assert shown(inspectorates.inspector) == {
        f"oversight.letter:{letter.pk}",
        f"oversight.complaint:{complaint.pk}",
    }
    assert shown(inspectorates.inspector_ha_tinh) == set()
