"""Fixtures of the enforcement tests: THADS offices and their staff in Nghệ An and Hà Tĩnh,
and a helper that opens a case through the service at a frozen moment."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from conftest import enforcement_offices
from tuphap.accounts.models import Agency, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.enforcement.cases import services
from tuphap.enforcement.cases.models import EnforcementCase

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
class Staff:
    office_nghe_an: Agency
    office_ha_tinh: Agency
    officer: User
    head: User
    officer_ha_tinh: User
    ministry: User


@pytest.fixture
def staff(world: Any) -> Staff:
    nghe_an, ha_tinh = enforcement_offices(world)
    make = account_factories.user
    return Staff(
        nghe_an,
        ha_tinh,
        make("chv_nghean", nghe_an, Role.ENFORCEMENT_OFFICER),
        make("truong_nghean", nghe_an, Role.ENFORCEMENT_HEAD),
        make("chv_hatinh", ha_tinh, Role.ENFORCEMENT_OFFICER),
        world.users["ministry_specialist"],
    )


def judgment(**changes: Any) -> services.JudgmentData:
    values: dict[str, Any] = {
        "court_name": "Tòa án nhân dân khu vực 1 - Nghệ An",
        "number": "15/2025/DS-ST",
        "issued_on": D(2025, 9, 10),
        "kind": "civil",
        "effective_on": D(2025, 10, 10),
    }
    values.update(changes)
    return services.JudgmentData(**values)


def request(**changes: Any) -> services.RequestData:
    values: dict[str, Any] = {
        "basis": "on_request",
        "requested_on": D(2026, 4, 20),
        "requester_name": "Nguyễn Văn An",
    }
    values.update(changes)
    return services.RequestData(**values)


def obligor(**changes: Any) -> services.PartyData:
    values: dict[str, Any] = {
        "role": "obligor",
        "kind": "person",
        "name": "Trần Văn Bình",
        "identification_number": "040085001234",
    }
    values.update(changes)
    return services.PartyData(**values)


OBLIGEE = services.PartyData(role="obligee", kind="person", name="Nguyễn Văn An")


OpenCase = Callable[..., EnforcementCase]


@pytest.fixture
def open_case(world: Any, staff: Staff, time_machine: Any) -> OpenCase:
    """Open a case in Vinh (Nghệ An) at ``when`` (time stays frozen there)."""
    counter = iter(range(1, 10_000))

    def _open(
        when: str = "2026-04-27 09:00",
        *,
        decision_date: datetime.date | None = None,
        amount: int | None = 100_000_000,
        actor: User | None = None,
        place: Any = None,
        **changes: Any,
    ) -> EnforcementCase:
        moment = at(when)
        time_machine.move_to(moment, tick=False)
        obligations = (
            [services.ObligationData("money", amount)]
            if amount
            else [services.ObligationData("non_money", None, "Trả lại xe máy")]
        )
        arguments: dict[str, Any] = {
            "actor": actor or staff.officer,
            "place": place or world.vinh,
            "judgment": judgment(),
            "request": request(),
            "decision_number": f"{next(counter)}/QĐ-THADS",
            "decision_date": decision_date or moment.date(),
            "parties": [obligor(), OBLIGEE],
            "obligations": obligations,
        }
        arguments.update(changes)
        return services.case_open(**arguments)

    return _open
