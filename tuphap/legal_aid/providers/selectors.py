"""The reads of the providers' roster, for a user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from tuphap.accounts import jurisdiction
from tuphap.legal_aid.providers import permissions, rules
from tuphap.legal_aid.providers.models import ParticipatingOrganisation, Performer


def assignable_performers(actor: Any) -> QuerySet[Performer]:
    """The performers the actor's centre assigns from: its own (and its branches') and the
    lawyers of the participating organisations registered in its province."""
    agency = getattr(actor, "agency", None)
    if agency is None or not permissions.is_centre(agency):
        return Performer.objects.none()
    centre = permissions.centre_of(agency)
    return Performer.objects.filter(
        Q(centre=centre) | Q(centre__parent=centre) | Q(organisation__province=centre.province)
    ).select_related("centre", "organisation")


def roster_for_user(user: Any) -> QuerySet[Performer]:
    """The performers ``user`` may see: a centre's officers see their centre's roster; the
    readers those of the provinces in their jurisdiction; nobody else any."""
    if permissions.can_work(user):
        return assignable_performers(user)
    if not permissions.can_read(user):
        return Performer.objects.none()
    units = jurisdiction.covered_units(user)
    performers = Performer.objects.select_related("centre", "organisation")
    if units is None:
        return performers
    ids = units.values("id")
    return performers.filter(Q(centre__province__in=ids) | Q(organisation__province__in=ids))


def organisations_for_user(user: Any) -> QuerySet[ParticipatingOrganisation]:
    if not permissions.can_read(user):
        return ParticipatingOrganisation.objects.none()
    agency = getattr(user, "agency", None)
    if agency is not None and permissions.is_centre(agency):
        return ParticipatingOrganisation.objects.filter(
            province=permissions.centre_of(agency).province
        )
    units = jurisdiction.covered_units(user)
    if units is None:
        return ParticipatingOrganisation.objects.all()
    return ParticipatingOrganisation.objects.filter(province__in=units.values("id"))


@dataclass(frozen=True)
class RosterRow:
    performer: Performer
    status: str  # "valid", "expiring", "expired", "not_yet", "inactive"
    days_left: int | None


def roster_status(performer: Performer, today: datetime.date) -> RosterRow:
    """The roster's warning for a performer: expired, expiring within 30 days, not yet valid,
    off the roster, or valid (docs §5)."""
    if not performer.active:
        return RosterRow(performer, "inactive", None)
    if performer.valid_from > today:
        return RosterRow(performer, "not_yet", None)
    if performer.valid_to is None:
        return RosterRow(performer, "valid", None)
    left = (performer.valid_to - today).days
    if left < 0:
        return RosterRow(performer, "expired", left)
    if left <= rules.EXPIRY_WARNING_DAYS:
        return RosterRow(performer, "expiring", left)
    return RosterRow(performer, "valid", left)
