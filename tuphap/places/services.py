"""Writes to administrative units outside the loader: corrections made in the admin."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tuphap.core import audit
from tuphap.core.text import fold
from tuphap.places.models import AdministrativeUnit, RemoteAreaListing, UnitSuccession


@transaction.atomic
def unit_save(*, actor: Any, unit: AdministrativeUnit, changed: list[str]) -> AdministrativeUnit:
    """Create or correct one unit; the folded name always follows the name."""
    created = unit.pk is None
    unit.name_folded = fold(unit.name)
    unit.save()
    if unit.province_id is None and unit.level == "province":
        unit.province = unit
        unit.save(update_fields=["province"])
    audit.record(
        actor=actor,
        action="places.unit.created" if created else "places.unit.changed",
        obj=unit,
        data={"fields": sorted(changed)},
    )
    return unit


@transaction.atomic
def succession_save(
    *, actor: Any, succession: UnitSuccession, changed: list[str]
) -> UnitSuccession:
    created = succession.pk is None
    succession.save()
    audit.record(
        actor=actor,
        action="places.succession.created" if created else "places.succession.changed",
        obj=succession,
        data={"fields": sorted(changed), "kind": succession.kind},
    )
    return succession


@transaction.atomic
def succession_delete(*, actor: Any, succession: UnitSuccession) -> None:
    audit.record(
        actor=actor,
        action="places.succession.deleted",
        obj=succession,
        data={
            "predecessor_id": succession.predecessor_id,
            "successor_id": succession.successor_id,
            "kind": succession.kind,
        },
    )
    succession.delete()


@transaction.atomic
def remote_listing_save(
    *, actor: Any, listing: RemoteAreaListing, changed: list[str]
) -> RemoteAreaListing:
    """Record (or correct) a unit's listing as a remote area, audited."""
    created = listing.pk is None
    listing.save()
    audit.record(
        actor=actor,
        action="places.remote_listing.created" if created else "places.remote_listing.changed",
        obj=listing,
        data={
            "fields": sorted(changed),
            "unit_id": listing.unit_id,
            "decision": listing.decision,
            "valid_from": listing.valid_from.isoformat(),
            "valid_to": listing.valid_to.isoformat() if listing.valid_to else None,
        },
    )
    return listing


@transaction.atomic
def remote_listing_delete(*, actor: Any, listing: RemoteAreaListing) -> None:
    audit.record(
        actor=actor,
        action="places.remote_listing.deleted",
        obj=listing,
        data={"unit_id": listing.unit_id, "decision": listing.decision},
    )
    listing.delete()
