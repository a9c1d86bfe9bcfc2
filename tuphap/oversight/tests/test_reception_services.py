"""The reception and letter services: registration with several senders, duplicates linked
and not counted twice, classification, guidance, the one transfer (TT 05/2021 Art. 14),
urging, reception sessions; refusals name the field and the reason; every change is audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.oversight.reception import rules, services
from tuphap.oversight.reception.models import Letter, LetterAction, ReceptionSession
from tuphap.oversight.tests.conftest import D

pytestmark = pytest.mark.django_db

CONTENT = (
    "Khiếu nại quyết định thu hồi đất số 123/QĐ-UBND của Ủy ban nhân dân phường Trường Vinh "
    "về việc bồi thường diện tích đất vườn của gia đình tôi không đúng quy định"
)


def sender(name: str = "Nguyễn Văn Khải", pin: str = "040090001234", **more: Any) -> Any:
    return services.SenderData(full_name=name, pin=pin, **more)


def letter_data(**changes: Any) -> services.LetterData:
    values: dict[str, Any] = {
        "received_on": D(2026, 11, 2),
        "channel": rules.Channel.POST,
        "content": CONTENT,
        "senders": (sender(),),
        "subject": "Khiếu nại thu hồi đất",
    }
    values.update(changes)
    return services.LetterData(**values)


def register(actor: Any, **changes: Any) -> Letter:
    return services.letter_register(actor=actor, data=letter_data(**changes))


def test_register_numbers_the_book_and_audits(inspectorates: Any) -> None:
    first = register(inspectorates.inspector)
    second = register(
        inspectorates.inspector,
        content="Tố cáo cán bộ địa chính nhận tiền của người dân khi làm sổ đỏ",
        senders=(sender("Trần Thị Lan", "040190005678"),),
    )
    assert (first.number, second.number) == (1, 2)
    assert first.year == 2026
    assert first.agency == inspectorates.nghe_an
    assert first.place == inspectorates.nghe_an.jurisdiction.get()
    assert first.senders.get().representative
    assert AuditEvent.objects.filter(
        action="oversight.letter.registered", object_id=str(first.pk)
    ).exists()


def test_several_senders_name_a_representative(inspectorates: Any) -> None:
    people = (sender("Nguyễn Văn A", "040090000001"), sender("Lê Thị B", "040190000002"))
    with pytest.raises(ValidationFailed) as refused:
        register(inspectorates.inspector, senders=people)
    assert "senders" in refused.value.fields
    people = (people[0], sender("Lê Thị B", "040190000002", representative=True))
    letter = register(inspectorates.inspector, senders=people)
    assert letter.sender_count == 2
    assert [s.full_name for s in letter.senders.all()] == ["Nguyễn Văn A", "Lê Thị B"]


def test_bad_input_names_every_field(inspectorates: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(
            inspectorates.inspector,
            received_on=timezone.localdate() + datetime.timedelta(days=3),
            channel="pigeon",
            content="  ",
            senders=(sender(pin="12ab"),),
        )
    assert set(refused.value.fields) == {"received_on", "channel", "content", "senders[0].pin"}


def test_only_an_inspector_registers(inspectorates: Any, world: Any) -> None:
    for user in (inspectorates.leader_nghe_an, world.users["provincial_specialist"]):
        with pytest.raises(AccessDenied):
            register(user)


def test_the_same_sender_sending_again_is_a_linked_duplicate(inspectorates: Any) -> None:
    first = register(inspectorates.inspector)
    services.letter_classify(
        actor=inspectorates.inspector,
        letter=first,
        classification=rules.Classification.COMPLAINT,
        competence=rules.Competence.OUTSIDE,
        field=rules.Field.LAND,
        on=D(2026, 11, 3),
    )
    again = register(
        inspectorates.inspector,
        received_on=D(2026, 11, 20),
        channel=rules.Channel.IN_PERSON,
        # the same content, reworded a little
        content="Tôi khiếu nại quyết định thu hồi đất 123/QĐ-UBND của UBND phường Trường Vinh, "
        "bồi thường đất vườn gia đình không đúng quy định",
    )
    assert again.duplicate_of == first
    assert again.classification == rules.Classification.COMPLAINT
    assert again.handling == rules.Handling.FILED
    assert again.actions.filter(kind=rules.ActionKind.DUPLICATE).exists()
    # Another sender with the same content is not a duplicate, and different content from the
    # same sender is not one either.
    other = register(
        inspectorates.inspector,
        received_on=D(2026, 11, 21),
        senders=(sender("Hồ Văn Tâm", "040090009999"),),
    )
    different = register(
        inspectorates.inspector,
        received_on=D(2026, 11, 22),
        content="Kiến nghị sửa chữa đường điện chiếu sáng ngõ 5 bị hỏng đã lâu",
    )
    assert other.duplicate_of is None
    assert different.duplicate_of is None


def test_a_duplicate_out_of_the_window_is_a_new_letter(inspectorates: Any) -> None:
    register(inspectorates.inspector, received_on=D(2025, 9, 1))
    later = register(inspectorates.inspector, received_on=D(2026, 11, 2))
    assert later.duplicate_of is None


def test_sender_identity_without_a_pin_is_name_and_address(inspectorates: Any) -> None:
    no_pin = sender("Nguyễn Văn Khải", "", address="Khối 5, phường Trường Vinh")
    first = register(inspectorates.inspector, senders=(no_pin,))
    folded = sender("NGUYEN VAN KHAI", "", address="khối 5,  phường Trường Vinh")
    again = register(inspectorates.inspector, senders=(folded,), received_on=D(2026, 11, 5))
    assert again.duplicate_of == first
    elsewhere = sender("Nguyễn Văn Khải", "", address="Xã Hưng Nguyên")
    assert register(inspectorates.inspector, senders=(elsewhere,)).duplicate_of is None


def test_candidates_show_same_sender_first_then_the_same_matter(inspectorates: Any) -> None:
    mine = register(inspectorates.inspector)
    others = register(inspectorates.inspector, senders=(sender("Hồ Văn Tâm", "040090009999"),))
    found = services.duplicate_candidates(
        agency=inspectorates.nghe_an,
        content=CONTENT,
        sender_keys=[rules.sender_key("", "040090001234")],
        received_on=D(2026, 11, 30),
    )
    assert [(row.letter, row.same_sender) for row in found] == [(mine, True), (others, False)]
    assert (
        services.duplicate_candidates(
            agency=inspectorates.ha_tinh,
            content=CONTENT,
            sender_keys=[],
            received_on=D(2026, 11, 30),
        )
        == []
    )


def test_classify_within_competence_takes_the_letter_up(inspectorates: Any) -> None:
    letter = register(inspectorates.inspector)
    services.letter_classify(
        actor=inspectorates.inspector,
        letter=letter,
        classification=rules.Classification.COMPLAINT,
        competence=rules.Competence.WITHIN,
        field=rules.Field.LAND,
        on=D(2026, 11, 4),
    )
    letter.refresh_from_db()
    assert (letter.handling, letter.handled_on) == (rules.Handling.ACCEPTED, D(2026, 11, 4))
    with pytest.raises(Conflict):
        services.letter_classify(
            actor=inspectorates.inspector,
            letter=letter,
            classification=rules.Classification.PETITION,
            competence=rules.Competence.WITHIN,
        )


def test_not_eligible_needs_its_reason(inspectorates: Any) -> None:
    letter = register(inspectorates.inspector)
    with pytest.raises(ValidationFailed) as refused:
        services.letter_classify(
            actor=inspectorates.inspector,
            letter=letter,
            classification=rules.Classification.NOT_ELIGIBLE,
            competence=rules.Competence.WITHIN,
        )
    assert set(refused.value.fields) == {"ineligible_reason", "competence"}
    services.letter_classify(
        actor=inspectorates.inspector,
        letter=letter,
        classification=rules.Classification.NOT_ELIGIBLE,
        ineligible_reason=rules.IneligibleReason.UNSIGNED,
        on=D(2026, 11, 3),
    )
    letter.refresh_from_db()
    assert letter.handling == rules.Handling.FILED
    # the database refuses a not-eligible letter without a reason, whatever writes it
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(ineligible_reason="")


def outside(inspectorates: Any, **changes: Any) -> Letter:
    letter = register(inspectorates.inspector, **changes)
    return services.letter_classify(
        actor=inspectorates.inspector,
        letter=letter,
        classification=rules.Classification.DENUNCIATION,
        competence=rules.Competence.OUTSIDE,
        on=D(2026, 11, 3),
    )


def test_transfer_once_then_refused(inspectorates: Any) -> None:
    letter = outside(inspectorates)
    services.letter_transfer(
        actor=inspectorates.inspector,
        letter=letter,
        to_name="Ủy ban nhân dân tỉnh Nghệ An",
        on=D(2026, 11, 5),
    )
    letter.refresh_from_db()
    assert (letter.handling, letter.transferred_on) == (rules.Handling.TRANSFERRED, D(2026, 11, 5))
    with pytest.raises(Conflict) as refused:
        services.letter_transfer(
            actor=inspectorates.inspector,
            letter=letter,
            to_name="Thanh tra tỉnh Nghệ An",
            on=D(2026, 11, 6),
        )
    assert refused.value.code == "already_transferred"
    assert "TT 05/2021 Art. 14" in refused.value.message
    assert LetterAction.objects.filter(letter=letter, kind="transferred").count() == 1
    # the database holds the rule as well
    with pytest.raises(IntegrityError), transaction.atomic():
        LetterAction.objects.create(letter=letter, kind="transferred", on=D(2026, 11, 7))


def test_another_letter_of_the_same_matter_is_not_transferred_again(inspectorates: Any) -> None:
    first = outside(inspectorates)
    services.letter_transfer(
        actor=inspectorates.inspector, letter=first, to_name="UBND tỉnh", on=D(2026, 11, 5)
    )
    second = services.letter_register(
        actor=inspectorates.inspector,
        data=letter_data(senders=(sender("Hồ Văn Tâm", "040090009999"),)),
        same_matter_as=first,
    )
    services.letter_classify(
        actor=inspectorates.inspector,
        letter=second,
        classification=rules.Classification.DENUNCIATION,
        competence=rules.Competence.OUTSIDE,
        on=D(2026, 11, 6),
    )
    with pytest.raises(Conflict) as refused:
        services.letter_transfer(
            actor=inspectorates.inspector, letter=second, to_name="UBND tỉnh", on=D(2026, 11, 7)
        )
    assert refused.value.code == "already_transferred"
    # it may still be guided
    services.letter_guide(
        actor=inspectorates.inspector, letter=second, to_name="UBND tỉnh", on=D(2026, 11, 7)
    )
    # a duplicate of a transferred letter is refused too
    duplicate = register(inspectorates.inspector, received_on=D(2026, 11, 25))
    assert duplicate.duplicate_of == first
    with pytest.raises(Conflict):
        services.letter_transfer(
            actor=inspectorates.inspector, letter=duplicate, to_name="UBND tỉnh"
        )


def test_only_a_letter_outside_competence_is_guided_or_transferred(inspectorates: Any) -> None:
    letter = register(inspectorates.inspector)
    with pytest.raises(Conflict):
        services.letter_guide(actor=inspectorates.inspector, letter=letter, to_name="UBND")
    services.letter_classify(
        actor=inspectorates.inspector,
        letter=letter,
        classification=rules.Classification.COMPLAINT,
        competence=rules.Competence.WITHIN,
    )
    with pytest.raises(Conflict):
        services.letter_transfer(actor=inspectorates.inspector, letter=letter, to_name="UBND")


def test_transfer_names_the_body_and_not_itself(inspectorates: Any) -> None:
    letter = outside(inspectorates)
    with pytest.raises(ValidationFailed) as refused:
        services.letter_transfer(
            actor=inspectorates.inspector,
            letter=letter,
            to_agency=inspectorates.nghe_an,
            on=D(2026, 11, 1),
        )
    assert set(refused.value.fields) == {"to_agency", "on"}


def test_another_agency_does_not_handle_the_letter(inspectorates: Any) -> None:
    letter = outside(inspectorates)
    with pytest.raises(AccessDenied):
        services.letter_transfer(
            actor=inspectorates.inspector_ha_tinh, letter=letter, to_name="UBND"
        )


def test_urge_a_transferred_letter(inspectorates: Any) -> None:
    letter = outside(inspectorates)
    with pytest.raises(Conflict):
        services.letter_urge(actor=inspectorates.inspector, letter=letter)
    services.letter_transfer(
        actor=inspectorates.inspector, letter=letter, to_name="UBND tỉnh", on=D(2026, 11, 5)
    )
    services.letter_urge(actor=inspectorates.inspector, letter=letter, on=D(2026, 11, 20))
    services.letter_urge(actor=inspectorates.inspector, letter=letter, on=D(2026, 11, 27))
    letter.refresh_from_db()
    assert (letter.urged_count, letter.last_urged_on) == (2, D(2026, 11, 27))
    assert AuditEvent.objects.filter(action="oversight.letter.urged").count() == 2


def reception(**changes: Any) -> services.ReceptionData:
    values: dict[str, Any] = {
        "held_on": D(2026, 11, 10),
        "kind": rules.SessionKind.LEADER_PERIODIC,
        "mode": rules.SessionMode.IN_PERSON,
        "received_by": "Giám đốc Sở Tư pháp Phạm Văn Hùng",
        "citizen_name": "Nguyễn Văn Khải",
        "raised": "Bồi thường đất vườn khi thu hồi đất",
    }
    values.update(changes)
    return services.ReceptionData(**values)


def test_reception_without_and_with_a_letter(inspectorates: Any) -> None:
    alone = services.reception_record(actor=inspectorates.inspector, data=reception())
    assert alone.letter is None
    with_letter = services.reception_record(
        actor=inspectorates.inspector,
        data=reception(headcount=6),
        letter_data=letter_data(channel=rules.Channel.RECEPTION, received_on=D(2026, 11, 10)),
    )
    assert with_letter.letter is not None
    assert with_letter.letter.channel == rules.Channel.RECEPTION
    assert with_letter.delegation  # six people are a crowd
    assert AuditEvent.objects.filter(action="oversight.reception.recorded").count() == 2


def test_online_reception_from_decree_154(inspectorates: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.reception_record(
            actor=inspectorates.inspector,
            data=reception(mode=rules.SessionMode.ONLINE, held_on=D(2026, 6, 30)),
        )
    assert set(refused.value.fields) == {"mode"}
    session = services.reception_record(
        actor=inspectorates.inspector,
        data=reception(mode=rules.SessionMode.ONLINE, held_on=D(2026, 7, 1)),
    )
    assert session.mode == "online"


def test_a_refused_reception_writes_nothing(inspectorates: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.reception_record(
            actor=inspectorates.inspector,
            data=reception(citizen_name=""),
            letter_data=letter_data(),
        )
    assert not Letter.objects.exists()
    assert not ReceptionSession.objects.exists()


def test_handling_due_counts_working_days_over_tet() -> None:
    # Received on Friday 13 Feb 2026, the last working day before Tết (holiday 14–22 Feb):
    # the 10 working days run from Monday 23 Feb to Friday 6 Mar.
    assert rules.handling_due(D(2026, 2, 13)) == D(2026, 3, 6)
