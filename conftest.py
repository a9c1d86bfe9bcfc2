"""Shared fixtures: a small world of places and agencies, and one persona per role.

Two provinces after the 2025 reorganisation (Nghệ An 40 and Hà Tĩnh 42), their predecessors,
a commune in each, the ministry, and the agencies of each province. Every persona is a user of
one of those agencies with one role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.test import APIClient

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.places.models import AdministrativeUnit
from tuphap.places.tests import factories as place_factories

# The browser tests' fixtures (Chromium driven by Playwright), for every app's browser tests.
pytest_plugins = ["tuphap.web.tests.browser_support"]


@dataclass
class World:
    nghe_an: AdministrativeUnit
    ha_tinh: AdministrativeUnit
    nghe_an_old: AdministrativeUnit
    ha_tinh_old: AdministrativeUnit
    vinh: AdministrativeUnit  # a new commune of Nghệ An
    vinh_old: AdministrativeUnit  # its predecessor
    ha_tinh_ward: AdministrativeUnit
    ministry: Agency
    doj_nghe_an: Agency
    doj_ha_tinh: Agency
    commune_vinh: Agency
    users: dict[str, User] = field(default_factory=dict)


@pytest.fixture
def world(db: Any) -> World:
    nghe_an = place_factories.province("40", "Tỉnh Nghệ An")
    ha_tinh = place_factories.province("42", "Tỉnh Hà Tĩnh")
    nghe_an_old = place_factories.province("40", "Tỉnh Nghệ An", old=True)
    ha_tinh_old = place_factories.province("42", "Tỉnh Hà Tĩnh", old=True)
    place_factories.succession(nghe_an_old, nghe_an)
    place_factories.succession(ha_tinh_old, ha_tinh)
    vinh = place_factories.commune("16681", "Phường Trường Vinh", nghe_an)
    vinh_old = place_factories.commune("16681", "Phường Lê Mao", nghe_an_old, old=True)
    place_factories.succession(vinh_old, vinh)
    ha_tinh_ward = place_factories.commune("18070", "Phường Thành Sen", ha_tinh)

    ministry = account_factories.agency(
        "BTP", "Bộ Tư pháp", kind=AgencyKind.MINISTRY, level=AgencyLevel.NATIONAL
    )
    doj_nghe_an = account_factories.agency(
        "STP-40", "Sở Tư pháp Nghệ An", units=[nghe_an], parent=ministry
    )
    doj_ha_tinh = account_factories.agency(
        "STP-42", "Sở Tư pháp Hà Tĩnh", units=[ha_tinh], parent=ministry
    )
    commune_vinh = account_factories.agency(
        "UBND-16681",
        "UBND phường Trường Vinh",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[vinh],
        parent=doj_nghe_an,
    )
    world = World(
        nghe_an,
        ha_tinh,
        nghe_an_old,
        ha_tinh_old,
        vinh,
        vinh_old,
        ha_tinh_ward,
        ministry,
        doj_nghe_an,
        doj_ha_tinh,
        commune_vinh,
    )
    make = account_factories.user
    world.users = {
        "civil_status_officer": make("hotich_vinh", commune_vinh, Role.CIVIL_STATUS_OFFICER),
        "provincial_specialist": make("chuyenvien_nghean", doj_nghe_an, Role.PROVINCIAL_SPECIALIST),
        "provincial_specialist_ha_tinh": make(
            "chuyenvien_hatinh", doj_ha_tinh, Role.PROVINCIAL_SPECIALIST
        ),
        "statistics_officer": make("thongke_nghean", doj_nghe_an, Role.STATISTICS_OFFICER),
        "ministry_specialist": make("chuyenvien_bo", ministry, Role.MINISTRY_SPECIALIST),
        "leader": make("lanhdao_bo", ministry, Role.LEADER),
        "auditor": make("kiemtoan_bo", ministry, Role.AUDITOR),
        "auditor_nghe_an": make("kiemtoan_nghean", doj_nghe_an, Role.AUDITOR),
        "administrator": make("quantri_bo", ministry, Role.ADMINISTRATOR),
    }
    return world


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def enforcement_offices(world: World) -> tuple[Agency, Agency]:
    """The provincial enforcement offices of Nghệ An and Hà Tĩnh (from 1 July 2025)."""

    def office(province: AdministrativeUnit, label: str) -> Agency:
        return account_factories.agency(
            f"THADS-{province.code}",
            f"Thi hành án dân sự tỉnh {label}",
            kind=AgencyKind.ENFORCEMENT_PROVINCIAL,
            level=AgencyLevel.PROVINCE,
            units=[province],
            parent=world.ministry,
        )

    return office(world.nghe_an, "Nghệ An"), office(world.ha_tinh, "Hà Tĩnh")
