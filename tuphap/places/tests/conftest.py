"""A light version of the root ``world`` for this app's tests: the same places, and one user
made without hashing a password (the API tests authenticate with ``force_authenticate``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tuphap.accounts.models import User
from tuphap.places.models import AdministrativeUnit
from tuphap.places.tests import factories


@dataclass
class Places:
    nghe_an: AdministrativeUnit
    ha_tinh: AdministrativeUnit
    nghe_an_old: AdministrativeUnit
    ha_tinh_old: AdministrativeUnit
    vinh: AdministrativeUnit
    vinh_old: AdministrativeUnit
    ha_tinh_ward: AdministrativeUnit
    reader: User


@pytest.fixture
def places(db: Any) -> Places:
    nghe_an = factories.province("40", "Tỉnh Nghệ An")
    ha_tinh = factories.province("42", "Tỉnh Hà Tĩnh")
    nghe_an_old = factories.province("40", "Tỉnh Nghệ An", old=True)
    ha_tinh_old = factories.province("42", "Tỉnh Hà Tĩnh", old=True)
    factories.succession(nghe_an_old, nghe_an)
    factories.succession(ha_tinh_old, ha_tinh)
    vinh = factories.commune("16681", "Phường Trường Vinh", nghe_an)
    vinh_old = factories.commune("16681", "Phường Lê Mao", nghe_an_old, old=True)
    factories.succession(vinh_old, vinh)
    ha_tinh_ward = factories.commune("18070", "Phường Thành Sen", ha_tinh)
    reader = User.objects.create(username="reader", full_name="Reader")  # no agency, no role
    return Places(nghe_an, ha_tinh, nghe_an_old, ha_tinh_old, vinh, vinh_old, ha_tinh_ward, reader)
