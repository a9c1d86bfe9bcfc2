"""Helpers of the complaint and denunciation tests: the data of a complaint and of a
denunciation, a remote place, and a clock set to a moment (time-machine)."""

from __future__ import annotations

import datetime
from typing import Any

from tuphap.oversight.complaints import services as complaints
from tuphap.oversight.complaints.models import Complaint
from tuphap.oversight.denunciations import services as denunciations
from tuphap.oversight.denunciations.models import Denunciation
from tuphap.oversight.tests.conftest import at
from tuphap.places.models import AdministrativeUnit
from tuphap.places.tests import factories as place_factories

D = datetime.date


def complaint_data(**changes: Any) -> complaints.ComplaintData:
    values: dict[str, Any] = {
        "subject": "Khiếu nại quyết định thu hồi đất",
        "content": "Ông Lê Văn Khiếu khiếu nại Quyết định số 12/QĐ-UBND về thu hồi đất ở.",
        "act_kind": "decision",
        "act_description": "Quyết định số 12/QĐ-UBND ngày 02/01/2026",
        "respondent": "Chủ tịch UBND phường Trường Vinh",
        "known_on": D(2026, 6, 1),
        "received_on": D(2026, 6, 30),
        "complainants": (complaints.ComplainantData("Lê Văn Khiếu", "040090001234"),),
    }
    values.update(changes)
    return complaints.ComplaintData(**values)


def open_complaint(
    inspector: Any, place: AdministrativeUnit, time_machine: Any, **changes: Any
) -> Complaint:
    data = complaint_data(**changes)
    time_machine.move_to(at(f"{data.received_on.isoformat()} 09:00"), tick=False)
    return complaints.complaint_open(actor=inspector, place=place, data=data)


def denunciation_data(**changes: Any) -> denunciations.DenunciationData:
    values: dict[str, Any] = {
        "subject": "Tố cáo cán bộ địa chính nhận tiền",
        "content": "Cán bộ địa chính phường nhận tiền để làm nhanh hồ sơ cấp giấy chứng nhận.",
        "field": "official_duty",
        "denounced_name": "Nguyễn Văn Bị Tố",
        "denounced_position": "Công chức địa chính phường Trường Vinh",
        "received_on": D(2026, 8, 17),
        "several_sites": False,
        "denouncers": (
            denunciations.DenouncerData(
                "Trần Thị Tố Giác", "040190005678", "Khối 5, phường Trường Vinh", "0912345678"
            ),
        ),
    }
    values.update(changes)
    return denunciations.DenunciationData(**values)


def open_denunciation(
    inspector: Any, place: AdministrativeUnit, time_machine: Any, **changes: Any
) -> Denunciation:
    data = denunciation_data(**changes)
    time_machine.move_to(at(f"{data.received_on.isoformat()} 09:00"), tick=False)
    return denunciations.denunciation_open(actor=inspector, place=place, data=data)


def remote_zone(province: AdministrativeUnit) -> AdministrativeUnit:
    """A special zone (đặc khu) of ``province``: remote by its type."""
    return place_factories.commune("99901", "Đặc khu Hòn Ngư", province)


def move(time_machine: Any, day: datetime.date, hour: str = "10:00") -> None:
    time_machine.move_to(at(f"{day.isoformat()} {hour}"), tick=False)
