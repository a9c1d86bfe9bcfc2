"""Complaints and denunciations opened from a letter of the reception desk: the letter must be
of the agency, of the right class (and, for a complaint, taken up for resolution), and opened
once; its senders become the complainants or the (protected) denouncers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tuphap.core.errors import ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.oversight.complaints import services as complaints
from tuphap.oversight.denunciations import selectors
from tuphap.oversight.denunciations import services as denunciations
from tuphap.oversight.reception import services as reception
from tuphap.oversight.tests.complaints_support import (
    D,
    complaint_data,
    denunciation_data,
    move,
)

pytestmark = pytest.mark.django_db


def _letter(
    officer: Any, classification: str, competence: str = "within", first: str = "Nguyễn Văn Khải"
) -> Any:
    return reception.letter_register(
        actor=officer,
        data=reception.LetterData(
            received_on=D(2026, 11, 2),
            channel="post",
            content=f"Đơn của hộ {first} và hộ bên cạnh về {classification}, {competence}",
            senders=(
                reception.SenderData(first, representative=True),
                reception.SenderData("Nguyễn Thị Hoa"),
            ),
            classification=classification,
            field="land",
            competence=competence,
        ),
    )


def test_a_complaint_from_a_letter_takes_its_senders_once(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 11, 3))
    letter = _letter(officer, "complaint")
    detail = complaints.complaint_open(
        actor=officer,
        place=world.vinh,
        data=complaint_data(
            received_on=D(2026, 11, 2),
            known_on=D(2026, 10, 20),
            complainants=(),
            letter_id=letter.pk,
        ),
    )
    assert detail.letter_id == letter.pk
    assert [(p.full_name, p.representative) for p in detail.complainants.all()] == [
        ("Nguyễn Văn Khải", True),
        ("Nguyễn Thị Hoa", False),
    ]
    with pytest.raises(ValidationFailed) as twice:
        complaints.complaint_open(
            actor=officer,
            place=world.vinh,
            data=complaint_data(
                received_on=D(2026, 11, 2), known_on=D(2026, 10, 20), letter_id=letter.pk
            ),
        )
    assert "letter" in twice.value.fields
    # another province's inspector cannot use the letter
    with pytest.raises(ValidationFailed) as foreign:
        complaints.complaint_open(
            actor=inspectorates.inspector_ha_tinh,
            place=world.ha_tinh_ward,
            data=complaint_data(
                received_on=D(2026, 11, 2), known_on=D(2026, 10, 20), letter_id=letter.pk
            ),
        )
    assert "letter" in foreign.value.fields


def test_a_letter_of_another_class_or_not_taken_up_is_refused(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 11, 3))
    petition = _letter(officer, "denunciation")
    outside = _letter(officer, "complaint", competence="outside", first="Phan Văn Khác")
    for letter, reason in ((petition, "not classified"), (outside, "not been taken up")):
        with pytest.raises(ValidationFailed) as refused:
            complaints.complaint_open(
                actor=officer,
                place=world.vinh,
                data=complaint_data(
                    received_on=D(2026, 11, 2), known_on=D(2026, 10, 20), letter_id=letter.pk
                ),
            )
        assert reason in " ".join(refused.value.fields["letter"])


def test_a_denunciation_from_a_letter_protects_its_senders(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    move(time_machine, D(2026, 11, 3))
    letter = _letter(officer, "denunciation")
    detail = denunciations.denunciation_open(
        actor=officer,
        place=world.vinh,
        data=denunciation_data(received_on=D(2026, 11, 2), denouncers=(), letter_id=letter.pk),
    )
    assert [p.full_name for p in selectors.denouncers_for(officer, detail)] == [
        "Nguyễn Văn Khải",
        "Nguyễn Thị Hoa",
    ]
    trail = json.dumps(
        list(
            AuditEvent.objects.filter(action__startswith="oversight.denunciation").values(
                "data", "object_label"
            )
        ),
        ensure_ascii=False,
    )
    assert "Nguyễn Văn Khải" not in trail
