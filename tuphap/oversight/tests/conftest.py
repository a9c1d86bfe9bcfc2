"""Fixtures shared by the oversight tests (reception, complaints, denunciations, compensation,
inspections): the inspectorates of the ministry and of Nghệ An and Hà Tĩnh and their
inspectors, on top of the project's ``world``. Areas may append fixtures below."""

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
class Inspectorates:
    """Who receives citizens and letters in the tests. The provinces' letters are received by
    their Department of Justice (``world.doj_nghe_an``, ``world.doj_ha_tinh``); the ministry's
    by its inspectorate, a national unit."""

    ministry: Agency  # Thanh tra Bộ Tư pháp (national)
    nghe_an: Agency  # world.doj_nghe_an
    ha_tinh: Agency  # world.doj_ha_tinh
    inspector: User  # Nghệ An
    inspector_ha_tinh: User
    inspector_ministry: User
    leader_nghe_an: User  # a read-only leader of Nghệ An's department


@pytest.fixture
def inspectorates(world: Any) -> Inspectorates:
    ministry = account_factories.agency(
        "TTB",
        "Thanh tra Bộ Tư pháp",
        kind=AgencyKind.MINISTRY_UNIT,
        level=AgencyLevel.NATIONAL,
        parent=world.ministry,
    )
    make = account_factories.user
    return Inspectorates(
        ministry=ministry,
        nghe_an=world.doj_nghe_an,
        ha_tinh=world.doj_ha_tinh,
        inspector=make("thanhtra_nghean", world.doj_nghe_an, Role.INSPECTOR),
        inspector_ha_tinh=make("thanhtra_hatinh", world.doj_ha_tinh, Role.INSPECTOR),
        inspector_ministry=make("thanhtra_bo", ministry, Role.INSPECTOR),
        leader_nghe_an=make("lanhdao_nghean", world.doj_nghe_an, Role.LEADER),
    )
