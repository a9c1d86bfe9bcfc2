"""Who may see and change cases. The only place the engine's access rules live.

* **See**: a case is visible to a user whose agency's jurisdiction covers the case's place
  (``tuphap.accounts.jurisdiction.scope``), and to the users of the case's own agency. National
  agencies see every case. A central-level case (no place) is never covered by a provincial or
  commune jurisdiction (``place IN (covered units)`` is never true of a NULL place): only
  national agencies and the case's own agency see it.
* **Change**: a visible case, by a role the register allows for that operation. Leaders and
  auditors (``READ_ONLY_ROLES``) never change a register, whatever else is declared.
"""

from __future__ import annotations

from typing import Any, cast

from tuphap.accounts import jurisdiction
from tuphap.accounts.roles import READ_ONLY_ROLES
from tuphap.casework.models import Case, CaseQuerySet
from tuphap.casework.registry import REGISTRY, RegisterSpec, Transition, all_registers


def roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(user.role_set())


def writable_roles(user: Any) -> frozenset[str]:
    """The user's roles that may change a register (read-only roles removed)."""
    return roles(user) - READ_ONLY_ROLES


def visible_cases(queryset: CaseQuerySet, user: Any) -> CaseQuerySet:
    """``queryset`` limited to the cases ``user`` may see: of the registers one of the user's
    roles may read (``RegisterSpec.reader_roles``), within the user's jurisdiction or of the
    user's own agency."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    held = roles(user)
    readable = [spec.code for spec in all_registers() if held & spec.reader_roles()]
    queryset = queryset.filter(register__in=readable)
    # scope() keeps the query set's class; its annotation only says QuerySet.
    by_place = cast(CaseQuerySet, jurisdiction.scope(queryset, user, place_field="place"))
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return by_place
    return by_place | queryset.filter(agency_id=agency_id)


def can_view_case(user: Any, case: Case) -> bool:
    """``visible_cases`` for one case. The common case, a case of the user's own agency in a
    register the user's roles read, is answered without a query (the same rule)."""
    agency_id = getattr(user, "agency_id", None)
    if (
        agency_id is not None
        and agency_id == case.agency_id
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and case.register in REGISTRY
        and roles(user) & REGISTRY.get(case.register).reader_roles()
    ):
        return True
    return visible_cases(Case.objects.filter(pk=case.pk), user).exists()


def can_open(user: Any, spec: RegisterSpec) -> bool:
    return bool(writable_roles(user) & spec.open_roles)


def can_make(user: Any, transition: Transition) -> bool:
    return bool(writable_roles(user) & transition.roles)


def can_assign(user: Any, spec: RegisterSpec) -> bool:
    return bool(writable_roles(user) & spec.assign_roles)


def can_manage_clock(user: Any, spec: RegisterSpec) -> bool:
    return bool(writable_roles(user) & spec.clock_roles)


def can_be_assigned(user: Any, case: Case, spec: RegisterSpec) -> bool:
    """A case goes to an active user of its agency who can work in the register."""
    return (
        getattr(user, "is_active", False)
        and getattr(user, "agency_id", None) == case.agency_id
        and bool(writable_roles(user) & spec.working_roles())
    )
