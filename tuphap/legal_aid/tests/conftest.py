"""Fixtures of the legal aid tests: the centres of Nghệ An and Hà Tĩnh, their officers and
performers, and helpers that build a request and a notice."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.legal_aid.cases import services
from tuphap.legal_aid.providers.models import Performer, PerformerKind

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


def at(text: str) -> datetime.datetime:
    """``"2026-08-27 10:00"`` as an aware datetime in Việt Nam."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Centres:
    nghe_an: Agency
    ha_tinh: Agency
    officer: User  # Nghệ An
    officer_ha_tinh: User
    lawyer: Performer  # Nghệ An, contract valid 2024–2027
    expired: Performer  # Nghệ An, contract ended 30 Jun 2026
    lawyer_ha_tinh: Performer


def centre(world: Any, province: Any, label: str) -> Agency:
    return account_factories.agency(
        f"TGPL-{province.code}",
        f"Trung tâm Trợ giúp pháp lý nhà nước tỉnh {label}",
        kind=AgencyKind.LEGAL_AID_CENTRE,
        level=AgencyLevel.PROVINCE,
        units=[province],
        parent=world.doj_nghe_an if province == world.nghe_an else world.doj_ha_tinh,
    )


UNTIL_2027 = D(2027, 12, 31)


def performer(
    name: str, agency: Agency, number: str, valid_to: datetime.date | None = UNTIL_2027
) -> Performer:
    return Performer.objects.create(
        full_name=name,
        kind=PerformerKind.CONTRACT_LAWYER,
        centre=agency,
        document_number=number,
        valid_from=D(2024, 1, 1),
        valid_to=valid_to,
    )


@pytest.fixture
def centres(world: Any) -> Centres:
    nghe_an = centre(world, world.nghe_an, "Nghệ An")
    ha_tinh = centre(world, world.ha_tinh, "Hà Tĩnh")
    make = account_factories.user
    return Centres(
        nghe_an,
        ha_tinh,
        make("trogiup_nghean", nghe_an, Role.LEGAL_AID_OFFICER),
        make("trogiup_hatinh", ha_tinh, Role.LEGAL_AID_OFFICER),
        performer("Luật sư Nguyễn Văn An", nghe_an, "HD-01/2024"),
        performer("Luật sư Trần Thị Bình", nghe_an, "HD-02/2024", valid_to=D(2026, 6, 30)),
        performer("Luật sư Lê Văn Cường", ha_tinh, "HD-07/2024"),
    )


def request_data(**changes: Any) -> services.RequestData:
    values: dict[str, Any] = {
        "full_name": "Nguyễn Văn Bị",
        "sex": "male",
        "group": "poor_household",
        "matter": "Bị tạm giữ vì nghi trộm cắp tài sản",
        "form": "participation",
        "field": "criminal",
        "procedural_status": "detained",
        "stage": "investigation",
        "requested_at": at("2026-12-05 20:00"),
        "date_of_birth": D(1990, 3, 4),
        "address": "Phường Trường Vinh",
        "proof": "Giấy chứng nhận hộ nghèo số 12/2026",
    }
    values.update(changes)
    return services.RequestData(**values)


def notice_data(**changes: Any) -> services.NoticeData:
    values: dict[str, Any] = {
        "body_kind": "investigation",
        "body_name": "Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An",
        "person_requested_at": at("2026-12-05 20:00"),
        "notified_at": at("2026-12-05 22:00"),
        "officer_name": "Điều tra viên Hồ Văn Dũng",
    }
    values.update(changes)
    return services.NoticeData(**values)
