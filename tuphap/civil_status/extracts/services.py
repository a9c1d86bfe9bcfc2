"""Issuing certificates, extracts and copies of extracts, and their public verification.

* The original (Giấy khai sinh, Giấy chứng nhận kết hôn, Trích lục khai tử, the other events'
  extracts) is issued by the registering commune — or the commune that succeeded it in 2025.
* A copy of the extract (bản sao trích lục) is issued by **any** commune's civil status officer,
  whatever the place of registration (Luật Hộ tịch Art. 63–64; NĐ 87/2020 Art. 13(1)): the one
  deliberate exception to jurisdiction in this app. The read is audited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.civil_status.extracts import certificates, codes
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration import permissions
from tuphap.civil_status.registration.models import Amendment, Registration
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.places.models import AdministrativeUnit, Level

MAX_COPIES: Final = 20
CODE_ATTEMPTS: Final = 5


def _issuing_commune(
    actor: Any, chosen: AdministrativeUnit | None, day: datetime.date
) -> AdministrativeUnit:
    """The commune the copy is issued by: the one chosen, or the officer's only commune."""
    if chosen is None:
        units = jurisdiction.covered_units(actor)
        candidates = (
            AdministrativeUnit.objects.none()
            if units is None
            else AdministrativeUnit.objects.valid_on(day).filter(
                level=Level.COMMUNE, pk__in=units.values("id")
            )
        )
        found: list[AdministrativeUnit] = list(candidates.select_related("province")[:2])
        if len(found) != 1:
            raise ValidationFailed(
                _("Choose the commune that issues the copy."),
                fields={"issuing_commune": _("This field is required.")},
            )
        return found[0]
    if chosen.level != Level.COMMUNE or not chosen.is_valid_on(day):
        raise ValidationFailed(
            _("A copy is issued by a commune that exists today."),
            fields={"issuing_commune": _("Choose a commune valid today.")},
        )
    if not jurisdiction.covers(actor, chosen):
        raise AccessDenied(_("You may issue copies only in your own commune."))
    return chosen


def _check(actor: Any, registration: Registration, kind: str, copies: int) -> None:
    if not permissions.can_issue_extract(actor):
        raise AccessDenied(_("Only a civil status officer may issue certificates and extracts."))
    fields: dict[str, str] = {}
    if kind not in Extract.Kind.values:
        fields["kind"] = _("Choose original or copy.")
    if not 1 <= copies <= MAX_COPIES:
        fields["copies"] = _("Enter a number from 1 to %(maximum)d.") % {"maximum": MAX_COPIES}
    if fields:
        raise ValidationFailed(_("The extract cannot be issued."), fields=fields)
    if kind == Extract.Kind.ORIGINAL and not jurisdiction.covers(actor, registration.commune):
        raise AccessDenied(
            _("The original is issued only by the registering commune; issue a copy instead.")
        )


@transaction.atomic
def extract_issue(
    *,
    actor: Any,
    registration: Registration,
    kind: str,
    copies: int = 1,
    issuing_commune: AdministrativeUnit | None = None,
    signer_name: str | None = None,
    signer_title: str | None = None,
) -> Extract:
    """Issue the original or ``copies`` copies of the extract of ``registration``: one row with
    an unguessable verification code and the snapshot of what is printed."""
    _check(actor, registration, kind, copies)
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("book", "commune__province", "person", "other_person")
        .prefetch_related("amendments")
        .get(pk=registration.pk)
    )
    if locked.status == Registration.Status.DELETED:
        raise Conflict(
            _("The entry was deleted by a decision; nothing can be issued from it."),
            code="entry_deleted",
        )
    now = timezone.now()
    today = timezone.localdate(now)
    if kind == Extract.Kind.ORIGINAL:
        issuer = locked.commune
        name = locked.signer_name if signer_name is None else signer_name
        title = locked.signer_title if signer_title is None else signer_title
    else:
        issuer = _issuing_commune(actor, issuing_commune, today)
        name, title = signer_name or "", signer_title or ""
    printed = certificates.snapshot(
        registration=locked,
        kind=kind,
        issuing_commune=issuer,
        issued_on=today,
        copies=copies,
        signer_name=name,
        signer_title=title,
    )
    extract = _create_with_code(
        registration=locked,
        kind=kind,
        title=printed["title"],
        copies=copies,
        snapshot=printed,
        amendment_count_at_issue=locked.amendment_count,
        issuing_commune=issuer,
        province_id=issuer.province_id,
        issued_at=now,
        issued_by=actor,
    )
    audit.record(
        actor=actor,
        action="civil_status.extract.issued",
        obj=extract,
        data={
            "registration": locked.pk,
            "kind": kind,
            "copies": copies,
            "issuing_commune": issuer.pk,
            # The copy exception: an officer reading an entry of another commune's register.
            "outside_jurisdiction": not jurisdiction.covers(actor, locked.commune),
        },
    )
    return extract


def _create_with_code(**values: Any) -> Extract:
    """A collision of 80 random bits is not expected; retry a few times all the same."""
    for _attempt in range(CODE_ATTEMPTS):
        code = codes.generate()
        if Extract.objects.filter(code=code).exists():
            continue
        try:
            with transaction.atomic():
                return Extract.objects.create(code=code, **values)
        except IntegrityError:
            continue
    raise Conflict(_("No free verification code was found; try again."), code="code_exhausted")


# -- public verification ------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public page shows about a genuine paper."""

    extract: Extract
    amendments_since_issue: list[Amendment]
    deleted: bool

    @property
    def amended(self) -> bool:
        return bool(self.amendments_since_issue)


@transaction.atomic
def extract_verify(*, code: str) -> Verification | None:
    """Look a printed code up, for anyone (no sign-in). Every lookup is audited: a found one as
    an anonymous read of personal data, a miss with the code tried."""
    normalised = codes.normalise(code)
    extract = (
        Extract.objects.select_related("registration", "issuing_commune")
        .filter(code=normalised)
        .first()
        if normalised
        else None
    )
    if extract is None:
        audit.record(
            actor=None,
            action="civil_status.extract.verification_failed",
            data={"code": code.strip()[:40]},
        )
        return None
    registration = extract.registration
    later = list(
        registration.amendments.filter(number__gt=extract.amendment_count_at_issue)
        .exclude(kind=Amendment.Kind.DELETION)
        .order_by("number")
    )
    deleted = registration.status == Registration.Status.DELETED
    audit.record(
        actor=None,
        action="civil_status.extract.verified",
        obj=extract,
        data={"registration": registration.pk, "amended": bool(later), "deleted": deleted},
    )
    return Verification(extract=extract, amendments_since_issue=later, deleted=deleted)
