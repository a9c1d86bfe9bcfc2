"""Reads of the civil status register, always limited to the user's jurisdiction.

A person is visible where any of their entries was registered, or where their record was opened.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework.models import CaseAction
from tuphap.civil_status import permissions
from tuphap.civil_status.models import Application, Extract, Person, RegisterBook, Registration
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.core.text import fold

_DIGITS = re.compile(r"^\d{12}$")


def _require_reader(user: Any) -> None:
    if not permissions.can_view_register(user):
        raise AccessDenied(_("You may not read the civil status register."))


def registration_list_for_user(user: Any) -> QuerySet[Registration]:
    _require_reader(user)
    queryset = Registration.objects.select_related("book", "commune", "person", "other_person")
    return jurisdiction.scope(queryset, user, place_field="commune")


def registration_get_for_user(user: Any, registration_id: int) -> Registration:
    try:
        return registration_list_for_user(user).get(pk=registration_id)
    except Registration.DoesNotExist:
        raise NotFound(_("No such registration.")) from None


def person_list_for_user(user: Any) -> QuerySet[Person]:
    _require_reader(user)
    units = jurisdiction.covered_units(user)
    queryset = Person.objects.select_related("registered_in")
    if units is None:
        return queryset
    unit_ids = units.values("id")
    entries = Registration.objects.filter(commune__in=unit_ids)
    return queryset.filter(
        Q(registered_in__in=unit_ids)
        | Exists(entries.filter(person=OuterRef("pk")))
        | Exists(entries.filter(other_person=OuterRef("pk")))
    )


def person_get_for_user(user: Any, person_id: int) -> Person:
    """The person, if the user may see them. The caller audits the read (``record_read``)."""
    try:
        return person_list_for_user(user).get(pk=person_id)
    except Person.DoesNotExist:
        raise NotFound(_("No such person.")) from None


def person_search(
    user: Any, *, query: str = "", year_of_birth: int | None = None, limit: int = 50
) -> list[Person]:
    """By PIN (12 digits) or by name with or without diacritics, optionally the year of birth."""
    queryset = person_list_for_user(user)
    text = query.strip()
    if _DIGITS.match(text):
        queryset = queryset.filter(pin=text)
    elif text:
        queryset = queryset.filter(full_name_folded__contains=fold(text))
    elif year_of_birth is None:
        return []
    if year_of_birth is not None:
        queryset = queryset.filter(date_of_birth__year=year_of_birth)
    return list(queryset.order_by("full_name_folded", "id")[:limit])


def registration_find(
    user: Any,
    *,
    volume_number: str = "",
    entry_number: int,
    year: int | None = None,
    event_type: str | None = None,
) -> list[Registration]:
    """By book (volume number, or event type and year) and entry number."""
    queryset = (
        registration_list_for_user(user)
        .filter(entry_number=entry_number)
        .prefetch_related("amendments")
    )
    if volume_number:
        queryset = queryset.filter(book__volume_number=volume_number.strip())
    if year is not None:
        queryset = queryset.filter(year=year)
    if event_type:
        queryset = queryset.filter(event_type=event_type)
    return list(queryset[:50])


def registrations_of_day(user: Any, day: datetime.date | None = None) -> QuerySet[Registration]:
    day = day or timezone.localdate()
    return registration_list_for_user(user).filter(registered_on=day).order_by("-id")


def pins_pending_for_user(user: Any) -> QuerySet[Person]:
    """Persons whose PIN was asked of the population database and has not come back."""
    return (
        person_list_for_user(user)
        .filter(pin__isnull=True, pin_requested_at__isnull=False)
        .order_by("pin_requested_at", "id")
    )


def person_history(person: Person) -> dict[str, Any]:
    """The person's versions and entries (with their amendments), oldest first."""
    registrations = (
        Registration.objects.filter(Q(person=person) | Q(other_person=person))
        .select_related("book", "commune")
        .prefetch_related("amendments__author")
        .order_by("registered_on", "id")
    )
    return {
        "versions": list(person.versions.select_related("actor").order_by("number")),
        "registrations": list(registrations),
    }


def book_list_for_user(user: Any) -> QuerySet[RegisterBook]:
    _require_reader(user)
    return jurisdiction.scope(
        RegisterBook.objects.select_related("commune"), user, place_field="commune"
    )


def book_get_for_user(user: Any, book_id: int) -> RegisterBook:
    try:
        return book_list_for_user(user).get(pk=book_id)
    except RegisterBook.DoesNotExist:
        raise NotFound(_("No such register book.")) from None


# -- applications -------------------------------------------------------------------------------


def application_list_for_user(
    user: Any, *, state: str = "", open_only: bool = False, event_type: str = ""
) -> QuerySet[Application]:
    """Applications of the communes the user covers, newest first."""
    _require_reader(user)
    queryset = Application.objects.select_related(
        "case", "commune", "registration__book", "officer"
    )
    if state:
        queryset = queryset.filter(case__state=state)
    if open_only:
        queryset = queryset.filter(case__closed_at__isnull=True)
    if event_type:
        queryset = queryset.filter(event_type=event_type)
    return jurisdiction.scope(queryset, user, place_field="commune")


def application_get_for_user(user: Any, application_id: int) -> Application:
    try:
        return application_list_for_user(user).get(pk=application_id)
    except Application.DoesNotExist:
        raise NotFound(_("No such application.")) from None


def application_queue_for_user(user: Any) -> QuerySet[Application]:
    """The open applications, the earliest appointment first, then those not yet accepted in the
    order they were received."""
    return application_list_for_user(user, open_only=True).order_by(
        F("due_on").asc(nulls_last=True), "received_at", "case_id"
    )


def application_journal(application: Application) -> QuerySet[CaseAction]:
    return application.case.actions.select_related("actor").order_by("sequence")


# -- issued extracts ----------------------------------------------------------------------------


def extract_list_for_user(user: Any) -> QuerySet[Extract]:
    """Papers issued from an entry of the user's jurisdiction, or issued there (a copy)."""
    _require_reader(user)
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
    return extract_list_for_user(user).filter(registration=registration).order_by("-issued_at")


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
