from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tuphap.accounts.models import User
from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit


@pytest.fixture
def admin_client_light(places: Any, client: Client) -> Client:
    client.force_login(User.objects.create(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "16681"}, ["Phường Lê Mao", "Phường Trường Vinh"]),
        ({"q": "thanh sen"}, ["Phường Thành Sen"]),
        ({"level__exact": "province", "boundaries": "old"}, ["Tỉnh Nghệ An", "Tỉnh Hà Tĩnh"]),
        (
            {"level__exact": "commune", "boundaries": "new"},
            ["Phường Trường Vinh", "Phường Thành Sen"],
        ),
    ],
    ids=["search-code", "search-folded-name", "old-provinces", "new-communes"],
)
def test_unit_changelist_search_and_filters(
    admin_client_light: Client, params: dict[str, str], expected: list[str]
) -> None:
    response = admin_client_light.get("/admin/places/administrativeunit/", params)

    assert response.status_code == 200
    assert [unit.name for unit in response.context["cl"].result_list] == expected


def test_correcting_a_name_refolds_it_and_audits(admin_client_light: Client, places: Any) -> None:
    unit = places.ha_tinh_ward
    url = f"/admin/places/administrativeunit/{unit.pk}/change/"
    form = {
        "code": unit.code,
        "name": "Phường Thành Sen Mới",
        "level": unit.level,
        "unit_type": unit.unit_type,
        "parent": unit.parent_id,
        "province": unit.province_id,
        "valid_from": "2025-07-01",
        "valid_to": "",
        "successions-TOTAL_FORMS": "0",
        "successions-INITIAL_FORMS": "0",
    }

    response = admin_client_light.post(url, form)

    assert response.status_code == 302
    unit = AdministrativeUnit.objects.get(pk=unit.pk)
    assert (unit.name, unit.name_folded) == ("Phường Thành Sen Mới", "phuong thanh sen moi")
    event = AuditEvent.objects.get(action="places.unit.changed")
    assert (event.actor_username, event.data) == ("root", {"fields": ["name"]})


def test_succession_changelist_and_unit_cannot_be_deleted(
    admin_client_light: Client, places: Any
) -> None:
    listing = admin_client_light.get("/admin/places/unitsuccession/", {"q": "le mao"})
    delete = admin_client_light.get(
        f"/admin/places/administrativeunit/{places.vinh_old.pk}/delete/"
    )

    assert [str(row) for row in listing.context["cl"].result_list] == [
        "Phường Lê Mao → Phường Trường Vinh (whole)"
    ]
    assert delete.status_code == 403
