"""The reception pages: the desk registers a letter and shows its duplicate candidates (the
htmx fragment), the queue, the list and a letter within the jurisdiction only, the actions,
the reception sessions and Biểu 01/XLD."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tuphap.core.models import AuditEvent
from tuphap.oversight.reception import rules, services
from tuphap.oversight.reception.models import Letter, ReceptionSession
from tuphap.oversight.tests.conftest import D
from tuphap.oversight.tests.test_reception_services import CONTENT, register

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


DESK = {
    "received_on": "2026-11-02",
    "channel": "post",
    "full_name": "Nguyễn Văn Khải",
    "pin": "040090001234",
    "address": "Khối 5, phường Trường Vinh",
    "content": CONTENT,
}


def test_the_desk_registers_a_letter_with_other_senders(inspectorates: Any) -> None:
    client = client_for(inspectorates.inspector)
    page = client.get(reverse("oversight:letter_new"))
    assert page.status_code == 200
    assert f'hx-get="{reverse("oversight:letter_duplicates")}"' in page.content.decode()
    answer = client.post(
        reverse("oversight:letter_new"),
        {**DESK, "others": "Lê Thị Bình; 040190005678; Khối 5\nHồ Văn Tâm"},
    )
    letter = Letter.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("oversight:letter", kwargs={"letter_id": letter.pk})
    assert [s.full_name for s in letter.senders.all()] == [
        "Nguyễn Văn Khải",
        "Lê Thị Bình",
        "Hồ Văn Tâm",
    ]


def test_the_desk_shows_the_refusal_on_the_field(inspectorates: Any) -> None:
    client = client_for(inspectorates.inspector)
    answer = client.post(
        reverse("oversight:letter_new"),
        {**DESK, "pin": "123", "classification": "not_eligible"},
    )
    assert answer.status_code == 200
    form = answer.context["form"]
    assert "pin" in form.errors
    assert "ineligible_reason" in form.errors
    assert not Letter.objects.exists()


def test_duplicate_candidates_as_you_type(inspectorates: Any) -> None:
    first = register(inspectorates.inspector)
    client = client_for(inspectorates.inspector)
    url = reverse("oversight:letter_duplicates")
    fragment = client.get(
        url,
        {"content": CONTENT, "pin": "040090001234", "received_on": "2026-11-20"},
        HTTP_HX_REQUEST="true",
    )
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text
    assert str(first) in text
    assert "Same sender" in text
    # a co-signer listed among the other senders is the same sender too
    cosigned = client.get(
        url,
        {"content": CONTENT, "full_name": "Lê Thị Bình", "others": "Nguyễn Văn Khải; 040090001234"},
    )
    assert "Same sender" in cosigned.content.decode()
    nothing = client.get(url, {"content": "Đề nghị cấp bản sao trích lục khai sinh"})
    assert 'data-testid="no-candidates"' in nothing.content.decode()
    # Hà Tĩnh's inspector does not see Nghệ An's letters as candidates
    other = client_for(inspectorates.inspector_ha_tinh).get(url, {"content": CONTENT})
    assert str(first) not in other.content.decode()


def test_registering_the_duplicate_says_so(inspectorates: Any) -> None:
    first = register(inspectorates.inspector)
    client = client_for(inspectorates.inspector)
    answer = client.post(
        reverse("oversight:letter_new"), {**DESK, "received_on": "2026-11-20"}, follow=True
    )
    letter = answer.context["letter"]
    assert letter.duplicate_of == first
    assert 'data-testid="duplicate-of"' in answer.content.decode()


def test_same_matter_chosen_at_the_desk(inspectorates: Any) -> None:
    first = register(inspectorates.inspector)
    client = client_for(inspectorates.inspector)
    client.post(
        reverse("oversight:letter_new"),
        {**DESK, "full_name": "Hồ Văn Tâm", "pin": "", "same_matter_as": str(first.pk)},
    )
    assert Letter.objects.get(senders__full_name="Hồ Văn Tâm").matter_of == first


def test_pages_answer_by_role(inspectorates: Any, world: Any) -> None:
    letter = register(inspectorates.inspector)
    names = ("letter_queue", "letter_new", "reception_new")
    for user, worker in (
        (inspectorates.inspector, True),
        (inspectorates.leader_nghe_an, False),
        (world.users["provincial_specialist"], False),
        (world.users["civil_status_officer"], False),
    ):
        client = client_for(user)
        for name in names:
            assert client.get(reverse(f"oversight:{name}")).status_code == (
                200 if worker else 403
            ), (user, name)
    for user, status in (
        (inspectorates.inspector, 200),
        (inspectorates.leader_nghe_an, 200),
        (world.users["provincial_specialist"], 200),
        (world.users["ministry_specialist"], 200),
        (world.users["civil_status_officer"], 403),
        (inspectorates.inspector_ha_tinh, 404),
        (world.users["provincial_specialist_ha_tinh"], 404),
    ):
        detail = client_for(user).get(reverse("oversight:letter", kwargs={"letter_id": letter.pk}))
        assert detail.status_code == status, user


def test_a_province_never_sees_another_provinces_letters(inspectorates: Any, world: Any) -> None:
    register(inspectorates.inspector)
    register(
        inspectorates.inspector_ha_tinh,
        content="Kiến nghị về việc chứng thực hợp đồng tặng cho nhà ở tại phường Thành Sen",
        senders=(services.SenderData(full_name="Phan Thị Hà"),),
    )
    for user, seen in (
        (inspectorates.inspector, "Nguyễn Văn Khải"),
        (world.users["provincial_specialist"], "Nguyễn Văn Khải"),
        (inspectorates.inspector_ha_tinh, "Phan Thị Hà"),
        (world.users["provincial_specialist_ha_tinh"], "Phan Thị Hà"),
    ):
        page = client_for(user).get(reverse("oversight:letter_list"))
        rows = list(page.context["page"])
        assert [r.senders.get().full_name for r in rows] == [seen], user
    national = client_for(world.users["ministry_specialist"]).get(reverse("oversight:letter_list"))
    assert len(list(national.context["page"])) == 2


def test_reading_a_letter_is_audited_and_identity_shown_to_handlers(
    inspectorates: Any, world: Any
) -> None:
    letter = register(
        inspectorates.inspector,
        classification=rules.Classification.COMPLAINT,
        competence=rules.Competence.WITHIN,
    )
    url = reverse("oversight:letter", kwargs={"letter_id": letter.pk})
    mine = client_for(inspectorates.inspector).get(url).content.decode()
    assert "040090001234" in mine
    specialist = client_for(world.users["provincial_specialist"]).get(url).content.decode()
    assert "Nguyễn Văn Khải" in specialist
    assert "040090001234" not in specialist
    auditor = client_for(world.users["auditor"]).get(url).content.decode()
    assert "040090001234" in auditor
    assert AuditEvent.objects.filter(action="oversight.letter.read").count() == 3


def test_a_denouncers_identity_is_seen_only_by_who_handles_the_letter(
    inspectorates: Any, world: Any
) -> None:
    letter = register(
        inspectorates.inspector,
        content="Tố cáo cán bộ địa chính phường Trường Vinh nhận tiền khi làm sổ đỏ",
        classification=rules.Classification.DENUNCIATION,
        competence=rules.Competence.WITHIN,
    )
    services.reception_record(
        actor=inspectorates.inspector,
        data=services.ReceptionData(
            held_on=D(2026, 11, 2),
            kind="regular",
            mode="in_person",
            received_by="Cán bộ tiếp dân",
            citizen_name="Nguyễn Văn Khải",
            raised="Tố cáo cán bộ địa chính",
            classification=rules.Classification.DENUNCIATION,
        ),
    )
    url = reverse("oversight:letter", kwargs={"letter_id": letter.pk})
    handler = client_for(inspectorates.inspector)
    assert "Nguyễn Văn Khải" in handler.get(url).content.decode()
    for user in (
        world.users["provincial_specialist"],
        world.users["ministry_specialist"],
        world.users["leader"],
        world.users["auditor"],
        inspectorates.leader_nghe_an,
        inspectorates.inspector_ministry,
    ):
        client = client_for(user)
        page = client.get(url).content.decode()
        assert "Nguyễn Văn Khải" not in page, user
        assert "040090001234" not in page, user
        assert 'data-testid="identity-protected"' in page, user
        listing = client.get(reverse("oversight:letter_list")).content.decode()
        assert "Nguyễn Văn Khải" not in listing, user
        # nor found by searching the name
        found = client.get(reverse("oversight:letter_list"), {"q": "Khải"})
        assert list(found.context["page"]) == [], user
        sessions = client.get(reverse("oversight:reception_list")).content.decode()
        assert "Nguyễn Văn Khải" not in sessions, user
    assert list(handler.get(reverse("oversight:letter_list"), {"q": "Khải"}).context["page"]) == [
        letter
    ]
    read = AuditEvent.objects.filter(action="oversight.letter.read", object_id=str(letter.pk))
    assert read.filter(data__identity=True).count() == 1
    assert read.filter(data__identity=False).count() == 6


def test_classify_and_transfer_once_on_the_page(inspectorates: Any) -> None:
    letter = register(inspectorates.inspector)
    client = client_for(inspectorates.inspector)
    url = reverse("oversight:letter", kwargs={"letter_id": letter.pk})
    page = client.get(url)
    assert 'data-testid="classify-form"' in page.content.decode()
    client.post(
        reverse("oversight:letter_classify", kwargs={"letter_id": letter.pk}),
        {
            "classification": "complaint",
            "competence": "outside",
            "field": "land",
            "on": "2026-11-03",
        },
    )
    text = client.get(url).content.decode()
    assert 'data-testid="transfer-form"' in text
    assert 'data-testid="guide-form"' in text
    transfer = reverse("oversight:letter_transfer", kwargs={"letter_id": letter.pk})
    client.post(transfer, {"to_name": "UBND tỉnh Nghệ An", "on": "2026-11-05"})
    letter.refresh_from_db()
    assert letter.handling == rules.Handling.TRANSFERRED
    again = client.post(transfer, {"to_name": "Thanh tra tỉnh", "on": "2026-11-06"}, follow=True)
    text = again.content.decode()
    assert "transferred only once" in text
    letter.refresh_from_db()
    assert letter.transferred_to_name == "UBND tỉnh Nghệ An"
    # urge it
    client.post(
        reverse("oversight:letter_urge", kwargs={"letter_id": letter.pk}), {"on": "2026-11-20"}
    )
    letter.refresh_from_db()
    assert letter.urged_count == 1


def test_a_reader_cannot_post_an_action(inspectorates: Any, world: Any) -> None:
    letter = register(inspectorates.inspector)
    answer = client_for(world.users["provincial_specialist"]).post(
        reverse("oversight:letter_classify", kwargs={"letter_id": letter.pk}),
        {"classification": "petition", "competence": "within", "on": "2026-11-03"},
    )
    assert answer.status_code == 403
    letter.refresh_from_db()
    assert letter.classification == ""


def test_queue_lists_open_letters_with_days_left(inspectorates: Any) -> None:
    letter = register(inspectorates.inspector)
    page = client_for(inspectorates.inspector).get(reverse("oversight:letter_queue"))
    rows = page.context["rows"]
    assert [row.letter for row in rows] == [letter]
    assert rows[0].due_on == rules.handling_due(D(2026, 11, 2))
    assert rows[0].days_left < 0  # received in November, today is later


def test_reception_new_with_a_letter(inspectorates: Any, world: Any) -> None:
    client = client_for(inspectorates.inspector)
    answer = client.post(
        reverse("oversight:reception_new"),
        {
            "held_on": "2026-11-10",
            "kind": "leader_periodic",
            "mode": "in_person",
            "received_by": "Giám đốc Sở Phạm Văn Hùng",
            "citizen_name": "Nguyễn Văn Khải",
            "headcount": "1",
            "raised": CONTENT,
            "with_letter": "on",
        },
    )
    session = ReceptionSession.objects.get()
    assert session.letter is not None
    assert answer["Location"] == reverse(
        "oversight:letter", kwargs={"letter_id": session.letter_id}
    )
    listing = client_for(world.users["provincial_specialist"]).get(
        reverse("oversight:reception_list")
    )
    assert list(listing.context["page"]) == [session]
    other = client_for(world.users["provincial_specialist_ha_tinh"]).get(
        reverse("oversight:reception_list")
    )
    assert list(other.context["page"]) == []


def test_the_report_page_shows_the_identity(inspectorates: Any) -> None:
    register(inspectorates.inspector)
    page = client_for(inspectorates.inspector).get(
        reverse("oversight:letter_report"), {"start": "2026-11-01", "end": "2026-11-30"}
    )
    assert page.status_code == 200
    assert page.context["report"].values["received"] == 1
    assert 'data-testid="identity-holds"' in page.content.decode()


def test_the_home_card_for_an_inspector(inspectorates: Any, world: Any) -> None:
    register(inspectorates.inspector)
    home = client_for(inspectorates.inspector).get(reverse("web:home")).content.decode()
    assert 'data-testid="card-oversight-letters"' in home
    other = client_for(world.users["provincial_specialist"]).get(reverse("web:home"))
    assert 'data-testid="card-oversight-letters"' not in other.content.decode()
