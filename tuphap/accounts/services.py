"""Writes to agencies and users. Each function is one transaction with its audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User, UserRole
from tuphap.accounts.roles import Role
from tuphap.core import audit
from tuphap.core.errors import ValidationFailed
from tuphap.places.models import AdministrativeUnit


@transaction.atomic
def agency_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    level: str,
    name_en: str = "",
    parent: Agency | None = None,
    province: AdministrativeUnit | None = None,
    jurisdiction: Iterable[AdministrativeUnit] = (),
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Agency:
    errors: dict[str, str] = {}
    if kind not in AgencyKind.values:
        errors["kind"] = f"Unknown agency kind {kind!r}."
    if level not in AgencyLevel.values:
        errors["level"] = f"Unknown agency level {level!r}."
    if Agency.objects.filter(code=code).exists():
        errors["code"] = f"An agency with code {code!r} already exists."
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = "The end of validity is before its start."
    if level != AgencyLevel.NATIONAL and not jurisdiction:
        errors["jurisdiction"] = "An agency below national level needs a jurisdiction."
    if errors:
        raise ValidationFailed("The agency cannot be created.", fields=errors)
    agency = Agency.objects.create(
        code=code,
        name=name,
        name_en=name_en,
        kind=kind,
        level=level,
        parent=parent,
        province=province,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    units = list(jurisdiction)
    agency.jurisdiction.set(units)
    audit.record(
        actor=actor,
        action="accounts.agency.created",
        obj=agency,
        data={"code": code, "kind": kind, "jurisdiction": [unit.pk for unit in units]},
    )
    return agency


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    agency: Agency | None,
    roles: Iterable[str],
    full_name: str = "",
    email: str = "",
    check_password: bool = True,
    admin_site_access: bool = False,
) -> User:
    role_list = sorted(set(roles))
    errors: dict[str, list[str]] = {}
    unknown = [role for role in role_list if role not in Role.values]
    if unknown:
        errors["roles"] = [f"Unknown role {role!r}." for role in unknown]
    if User.objects.filter(username=username).exists():
        errors["username"] = [f"The user name {username!r} is taken."]
    candidate = User(username=username, full_name=full_name, email=email, agency=agency)
    if check_password:
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if errors:
        raise ValidationFailed("The user cannot be created.", fields=errors)
    candidate.set_password(password)
    candidate.is_staff = candidate.is_superuser = admin_site_access
    candidate.save()
    UserRole.objects.bulk_create([UserRole(user=candidate, role=role) for role in role_list])
    audit.record(
        actor=actor,
        action="accounts.user.created",
        obj=candidate,
        data={"agency": agency.code if agency else None, "roles": role_list}
        | ({"admin_site_access": True} if admin_site_access else {}),
    )
    return candidate


@transaction.atomic
def user_set_roles(*, actor: Any, user: User, roles: Iterable[str]) -> User:
    wanted = set(roles)
    unknown = sorted(role for role in wanted if role not in Role.values)
    if unknown:
        raise ValidationFailed(
            "Unknown role.", fields={"roles": [f"Unknown role {r!r}." for r in unknown]}
        )
    before = set(user.roles.values_list("role", flat=True))
    user.roles.exclude(role__in=wanted).delete()
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in wanted - before])
    user.__dict__.pop("_role_cache", None)
    audit.record(
        actor=actor,
        action="accounts.user.roles_changed",
        obj=user,
        data={"before": sorted(before), "after": sorted(wanted)},
    )
    return user


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """Issue (or return the existing) API token for a user who has just authenticated."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit.record(actor=user, action="accounts.token.issued", obj=user)
    return token
