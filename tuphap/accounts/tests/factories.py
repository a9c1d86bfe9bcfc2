from __future__ import annotations

import functools
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User, UserRole
from tuphap.places.models import AdministrativeUnit

PASSWORD = "correct-horse-battery-9"


def agency(
    code: str,
    name: str,
    *,
    kind: str = AgencyKind.DEPARTMENT_OF_JUSTICE,
    level: str = AgencyLevel.PROVINCE,
    units: Iterable[AdministrativeUnit] = (),
    parent: Agency | None = None,
) -> Agency:
    units = list(units)
    created = Agency.objects.create(
        code=code,
        name=name,
        kind=kind,
        level=level,
        parent=parent,
        province=units[0].province if units else None,
    )
    created.jurisdiction.set(units)
    return created


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per test session.
    return make_password(PASSWORD)


def user(username: str, agency: Agency | None, *roles: str) -> User:
    created = User.objects.create(
        username=username,
        password=_password_hash(),
        agency=agency,
        full_name=username.replace("_", " ").title(),
    )
    UserRole.objects.bulk_create([UserRole(user=created, role=role) for role in roles])
    return created
