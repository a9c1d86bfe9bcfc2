"""The reads of the extracts and copies, for a user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration import permissions
from tuphap.civil_status.registration.models import Registration
from tuphap.civil_status.registration.selectors import require_reader
from tuphap.core.errors import AccessDenied, NotFound


def extract_list_for_user(user: Any) -> QuerySet[Extract]:
    """Papers issued from an entry of the user's jurisdiction, or issued there (a copy)."""
    require_reader(user)
    queryset = Extract.objects.select_related("registration__book", "issuing_commune", "issued_by")
    units = jurisdiction.covered_units(user)
    if units is None:
        return queryset
    unit_ids = units.values("id")
    return queryset.filter(Q(registration__commune__in=unit_ids) | Q(issuing_commune__in=unit_ids))


def extract_get_for_user(user: Any, extract_id: int) -> Extract:
    try:
        return extract_list_for_user(user).get(pk=extract_id)
    except Extract.DoesNotExist:
        raise NotFound(_("No such extract.")) from None


def extracts_of_registration(user: Any, registration: Registration) -> QuerySet[Extract]:
    return (
        extract_list_for_user(user)
        .filter(registration=registration)
        .select_related("registration__person")
        .order_by("-issued_at")
    )


def _require_copy_issuer(user: Any) -> None:
    if not permissions.can_issue_extract(user):
        raise AccessDenied(_("Only a civil status officer may issue copies of extracts."))


def registration_get_for_copy(user: Any, registration_id: int) -> Registration:
    """Any entry, for an officer issuing a copy of its extract: copies are issued regardless of
    the place of registration (Luật Hộ tịch Art. 63–64), the one exception to jurisdiction.
    The caller audits the read."""
    _require_copy_issuer(user)
    queryset = Registration.objects.select_related("book", "commune", "person", "other_person")
    try:
        return queryset.get(pk=registration_id)
    except Registration.DoesNotExist:
        raise NotFound(_("No such registration.")) from None


def registration_find_for_copy(
    user: Any, *, commune_code: str, volume_number: str, entry_number: int
) -> list[Registration]:
    """The entry a citizen's paper names, anywhere in the country: the registering commune's
    code (re-used in 2025, so up to two communes match), the volume number and the entry number.
    The caller audits the read."""
    _require_copy_issuer(user)
    return list(
        Registration.objects.select_related("book", "commune__province", "person")
        .filter(
            commune__code=commune_code.strip(),
            book__volume_number=volume_number.strip(),
            entry_number=entry_number,
        )
        .order_by("id")[:5]
    )
