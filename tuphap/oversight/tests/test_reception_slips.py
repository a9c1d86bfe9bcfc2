"""The guidance and transfer slips of a letter as DOCX (TT 05/2021 forms, NĐ 30/2020 layout):
read back with python-docx, linked from the letter once guided or transferred, audited, within
the jurisdiction only, and a denouncer never named on a transfer slip."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse

from tuphap.core.models import AuditEvent
from tuphap.oversight.reception import rules, services, slips
from tuphap.oversight.tests.conftest import D
from tuphap.oversight.tests.test_reception_services import register, sender

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def outside(inspector: Any, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "classification": rules.Classification.COMPLAINT,
        "competence": rules.Competence.OUTSIDE,
        "senders": (sender(address="Khối 5, phường Trường Vinh"),),
    }
    values.update(changes)
    return register(inspector, **values)


def read(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The paragraphs of the body and the cells' text of each table."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    return paragraphs, tables


def slip_url(letter: Any, kind: str) -> str:
    return reverse("oversight:letter_slip", kwargs={"letter_id": letter.pk, "kind": kind})


def test_the_vietnamese_date_of_issue() -> None:
    assert slips.vietnamese_date("Nghệ An", D(2026, 11, 5)) == "Nghệ An, ngày 05 tháng 11 năm 2026"
    assert slips.vietnamese_date("Hà Nội", D(2027, 2, 14)) == "Hà Nội, ngày 14 tháng 02 năm 2027"
    assert slips.vietnamese_date("Hà Nội", D(2026, 7, 1)) == "Hà Nội, ngày 01 tháng 7 năm 2026"


def test_the_transfer_slip(inspectorates: Any) -> None:
    letter = outside(inspectorates.inspector)
    services.letter_transfer(
        actor=inspectorates.inspector,
        letter=letter,
        to_agency=inspectorates.ha_tinh,
        note="Đề nghị thông báo kết quả cho Sở Tư pháp Nghệ An.",
        on=D(2026, 11, 5),
    )
    client = client_for(inspectorates.inspector)
    page = client.get(reverse("oversight:letter", kwargs={"letter_id": letter.pk}))
    text = page.content.decode()
    assert 'data-testid="slip-transfer"' in text
    assert 'data-testid="slip-guidance"' not in text
    answer = client.get(slip_url(letter, "transfer"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == slips.CONTENT_TYPE
    assert f"phieu-chuyen-don-{letter.number}-2026.docx" in answer["Content-Disposition"]
    paragraphs, tables = read(answer.content)
    left, right = tables[0]
    assert "SỞ TƯ PHÁP NGHỆ AN" in left
    assert f"Số: {letter.number}/PCĐ" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Nghệ An, ngày 05 tháng 11 năm 2026" in right
    assert "PHIẾU CHUYỂN ĐƠN" in paragraphs
    assert "Kính gửi: Sở Tư pháp Hà Tĩnh" in paragraphs
    body = "\n".join(paragraphs)
    assert "Ngày 02/11/2026, Sở Tư pháp Nghệ An nhận được đơn khiếu nại" in body
    assert "ông/bà Nguyễn Văn Khải (địa chỉ: Khối 5, phường Trường Vinh)" in body
    assert "chuyển đơn đến Sở Tư pháp Hà Tĩnh để xem xét, giải quyết theo thẩm quyền" in body
    assert "Đề nghị thông báo kết quả cho Sở Tư pháp Nghệ An." in body
    assert "Nơi nhận:" in tables[1][0]
    assert "THỦ TRƯỞNG CƠ QUAN" in tables[1][1]
    # the personal identification number is not on the slip
    assert "040090001234" not in body + "".join(tables[1])
    event = AuditEvent.objects.get(action="oversight.letter.slip", object_id=str(letter.pk))
    assert event.data == {"kind": "transfer", "protected": False}
    # the letter has no guidance slip
    assert client.get(slip_url(letter, "guidance")).status_code == 404
    assert client.get(slip_url(letter, "decision")).status_code == 404


def test_the_guidance_slip_of_several_senders(inspectorates: Any) -> None:
    letter = outside(
        inspectorates.inspector,
        senders=(
            sender(address="Khối 5, phường Trường Vinh", representative=True),
            sender("Trần Thị Lan", "040190005678"),
        ),
    )
    services.letter_guide(
        actor=inspectorates.inspector,
        letter=letter,
        to_name="Tòa án nhân dân khu vực 1 - Nghệ An",
        guidance="Kèm theo bản sao quyết định bị khiếu nại.",
        on=D(2026, 11, 9),
    )
    answer = client_for(inspectorates.inspector).get(slip_url(letter, "guidance"))
    assert answer.status_code == 200
    paragraphs, tables = read(answer.content)
    assert f"Số: {letter.number}/PHD" in tables[0][0]
    assert "Nghệ An, ngày 09 tháng 11 năm 2026" in tables[0][1]
    assert "PHIẾU HƯỚNG DẪN" in paragraphs
    assert "Kính gửi: Ông/Bà Nguyễn Văn Khải" in paragraphs
    body = "\n".join(paragraphs)
    assert "đại diện cho 2 người cùng ký đơn" in body
    assert "không thuộc thẩm quyền giải quyết của Sở Tư pháp Nghệ An" in body
    assert "gửi đơn đến Tòa án nhân dân khu vực 1 - Nghệ An" in body
    assert "Kèm theo bản sao quyết định bị khiếu nại." in body


def test_no_slip_before_the_letter_is_guided_or_transferred(inspectorates: Any) -> None:
    letter = outside(inspectorates.inspector)
    client = client_for(inspectorates.inspector)
    page = client.get(reverse("oversight:letter", kwargs={"letter_id": letter.pk}))
    assert 'data-testid="slip-' not in page.content.decode()
    assert client.get(slip_url(letter, "transfer")).status_code == 404
    assert client.get(slip_url(letter, "guidance")).status_code == 404
    assert not AuditEvent.objects.filter(action="oversight.letter.slip").exists()


def test_the_slip_within_the_jurisdiction_only(inspectorates: Any, world: Any) -> None:
    letter = outside(inspectorates.inspector)
    services.letter_transfer(
        actor=inspectorates.inspector, letter=letter, to_name="UBND tỉnh Nghệ An", on=D(2026, 11, 5)
    )
    url = slip_url(letter, "transfer")
    for user, status in (
        (world.users["provincial_specialist"], 200),
        (world.users["ministry_specialist"], 200),
        (world.users["provincial_specialist_ha_tinh"], 404),
        (inspectorates.inspector_ha_tinh, 404),
        (world.users["statistics_officer"], 403),
    ):
        assert client_for(user).get(url).status_code == status, user
    assert Client().get(url).status_code == 302
    assert AuditEvent.objects.filter(action="oversight.letter.slip").count() == 2


def test_a_denunciations_transfer_slip_names_no_denouncer(inspectorates: Any, world: Any) -> None:
    letter = outside(
        inspectorates.inspector,
        content="Tố cáo cán bộ địa chính phường Trường Vinh nhận tiền khi làm sổ đỏ",
        subject="",
        classification=rules.Classification.DENUNCIATION,
    )
    services.letter_transfer(
        actor=inspectorates.inspector,
        letter=letter,
        to_name="Ủy ban nhân dân phường Trường Vinh",
        on=D(2026, 11, 4),
    )
    answer = client_for(inspectorates.inspector).get(slip_url(letter, "transfer"))
    paragraphs, tables = read(answer.content)
    text = "\n".join(paragraphs) + "".join(tables[1])
    assert "Nguyễn Văn Khải" not in text
    assert "Khối 5" not in text
    assert "đơn tố cáo" in text
    assert "được giữ bí mật" in text
    assert "Người tố cáo (để biết);" in tables[1][0]
    # those who may not see the denouncer's name do not print the slip, nor see its link
    specialist = client_for(world.users["provincial_specialist"])
    assert specialist.get(slip_url(letter, "transfer")).status_code == 403
    page = specialist.get(reverse("oversight:letter", kwargs={"letter_id": letter.pk}))
    assert 'data-testid="slip-' not in page.content.decode()
    event = AuditEvent.objects.get(action="oversight.letter.slip")
    assert event.data == {"kind": "transfer", "protected": True}


def test_the_slip_is_vietnamese_whatever_the_readers_language(inspectorates: Any) -> None:
    letter = outside(inspectorates.inspector)
    services.letter_transfer(
        actor=inspectorates.inspector,
        letter=letter,
        to_name="UBND tỉnh Nghệ An",
        on=datetime.date(2026, 11, 5),
    )
    client = client_for(inspectorates.inspector)
    answer = client.get(slip_url(letter, "transfer"), HTTP_ACCEPT_LANGUAGE="en")
    paragraphs, _tables = read(answer.content)
    assert "PHIẾU CHUYỂN ĐƠN" in paragraphs
