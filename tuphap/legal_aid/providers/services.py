"""The writes of the providers' roster: participating organisations and performers, and the
one check every assignment makes (docs/domain/legal-aid.md §5)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, FieldErrors, NotFound, ValidationFailed
from tuphap.legal_aid.providers import permissions, selectors
from tuphap.legal_aid.providers.models import (
    OrganisationKind,
    ParticipatingOrganisation,
    Performer,
    PerformerKind,
)
from tuphap.places.models import AdministrativeUnit


def _province_of(agency: Agency) -> AdministrativeUnit | None:
    return permissions.centre_of(agency).province


def _check_period(
    errors: FieldErrors, valid_from: datetime.date, valid_to: datetime.date | None
) -> None:
    if valid_to is not None and valid_to < valid_from:
        errors.add("valid_to", _("The end of validity is before its start."))


@transaction.atomic
def organisation_register(
    *,
    actor: Any,
    name: str,
    kind: str,
    registration_number: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> ParticipatingOrganisation:
    """Record an organisation registered to take part in legal aid in the actor's province
    (Luật TGPL 2017 Art. 15–17)."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only the officers of a legal aid centre keep the roster."))
    province = _province_of(actor.agency)
    errors = FieldErrors()
    if not name.strip():
        errors.add("name", _("This field is required."))
    if kind not in OrganisationKind.values:
        errors.add("kind", _("Choose a law firm or a legal consultancy centre."))
    if not registration_number.strip():
        errors.add("registration_number", _("This field is required."))
    elif ParticipatingOrganisation.objects.filter(
        province=province, registration_number=registration_number.strip()
    ).exists():
        errors.add("registration_number", _("An organisation with this number is registered."))
    _check_period(errors, valid_from, valid_to)
    if province is None:
        errors.add("province", _("Your centre has no province."))
    errors.raise_if_any()
    assert province is not None  # noqa: S101 - refused above
    organisation = ParticipatingOrganisation.objects.create(
        name=name.strip(),
        kind=kind,
        registration_number=registration_number.strip(),
        province=province,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    audit.record(
        actor=actor,
        action="legal_aid.organisation.registered",
        obj=organisation,
        data={"registration_number": organisation.registration_number, "kind": kind},
    )
    return organisation


@dataclass(frozen=True)
class PerformerData:
    full_name: str
    kind: str
    document_number: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    organisation_id: int | None = None


@transaction.atomic
def performer_register(*, actor: Any, data: PerformerData) -> Performer:
    """Add a performer to the actor's centre (an officer, a lawyer under contract, a
    collaborator) or to a participating organisation of its province (the organisation's
    lawyer), with the card or contract number and its validity."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only the officers of a legal aid centre keep the roster."))
    centre = permissions.centre_of(actor.agency)
    errors = FieldErrors()
    if not data.full_name.strip():
        errors.add("full_name", _("This field is required."))
    if data.kind not in PerformerKind.values:
        errors.add("kind", _("Choose the kind of performer."))
    if not data.document_number.strip():
        errors.add("document_number", _("Give the card or contract number."))
    elif Performer.objects.filter(
        kind=data.kind, document_number=data.document_number.strip()
    ).exists():
        errors.add("document_number", _("A performer with this card or contract is registered."))
    _check_period(errors, data.valid_from, data.valid_to)
    organisation = None
    if data.kind == PerformerKind.ORGANISATION_LAWYER:
        organisation = ParticipatingOrganisation.objects.filter(
            pk=data.organisation_id or 0, province=centre.province
        ).first()
        if organisation is None:
            errors.add(
                "organisation",
                _("Choose a participating organisation registered in your province."),
            )
    elif data.organisation_id is not None:
        errors.add("organisation", _("Only an organisation's lawyer belongs to an organisation."))
    errors.raise_if_any()
    performer = Performer.objects.create(
        full_name=data.full_name.strip(),
        kind=data.kind,
        centre=None if organisation is not None else centre,
        organisation=organisation,
        document_number=data.document_number.strip(),
        valid_from=data.valid_from,
        valid_to=data.valid_to,
    )
    audit.record(
        actor=actor,
        action="legal_aid.performer.registered",
        obj=performer,
        data={
            "kind": performer.kind,
            "document_number": performer.document_number,
            "valid_from": performer.valid_from.isoformat(),
            "valid_to": performer.valid_to.isoformat() if performer.valid_to else None,
        },
    )
    return performer


@transaction.atomic
def performer_change(
    *, actor: Any, performer_id: int, valid_to: datetime.date | None, active: bool, reason: str
) -> Performer:
    """Renew or end a performer's card or contract, or take them off the roster (a reason is
    required)."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only the officers of a legal aid centre keep the roster."))
    performer = (
        selectors.assignable_performers(actor).filter(pk=performer_id).select_for_update().first()
    )
    if performer is None:
        raise NotFound(_("No such performer."))
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", _("Give the reason for the change."))
    _check_period(errors, performer.valid_from, valid_to)
    errors.raise_if_any()
    before = {
        "valid_to": performer.valid_to.isoformat() if performer.valid_to else None,
        "active": performer.active,
    }
    performer.valid_to = valid_to
    performer.active = active
    performer.save(update_fields=["valid_to", "active"])
    audit.record(
        actor=actor,
        action="legal_aid.performer.changed",
        obj=performer,
        data={
            "before": before,
            "after": {"valid_to": valid_to.isoformat() if valid_to else None, "active": active},
            "reason": reason.strip(),
        },
    )
    return performer


def check_assignable(performer: Performer, *, centre: Agency, day: datetime.date) -> None:
    """Refuse (400, field ``performer``) a performer who may not be assigned a case of
    ``centre`` on ``day``: off the roster, card or contract not valid that day, of another
    centre, or of an organisation not registered in the province or not valid that day."""
    own = permissions.centre_of(centre)

    def refuse(message: str) -> ValidationFailed:
        return ValidationFailed(message, fields={"performer": message})

    if not performer.active:
        raise refuse(_("This performer is no longer on the roster."))
    if not performer.is_valid_on(day):
        raise refuse(
            _("The card or contract %(number)s is not valid on %(day)s (valid %(period)s).")
            % {
                "number": performer.document_number,
                "day": day.strftime("%d/%m/%Y"),
                "period": _validity(performer.valid_from, performer.valid_to),
            }
        )
    if performer.organisation_id is not None:
        organisation = performer.organisation
        assert organisation is not None  # noqa: S101 - the id is set
        if organisation.province_id != own.province_id:
            raise refuse(_("This performer's organisation is registered in another province."))
        if not organisation.is_valid_on(day):
            raise refuse(
                _("The registration of %(name)s is not valid on %(day)s.")
                % {"name": organisation.name, "day": day.strftime("%d/%m/%Y")}
            )
        return
    if performer.centre is None or permissions.centre_of(performer.centre).pk != own.pk:
        raise refuse(_("This performer works for another legal aid centre."))


def _validity(first: datetime.date, last: datetime.date | None) -> str:
    if last is None:
        return _("from %(first)s") % {"first": first.strftime("%d/%m/%Y")}
    return f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"
