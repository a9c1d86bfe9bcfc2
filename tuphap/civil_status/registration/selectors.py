"""Reads of the civil status register, always limited to the user's jurisdiction.

A person is visible where any of their entries was registered, or where their record was opened.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.civil_status.registration import permissions
from tuphap.civil_status.registration.models import Person, RegisterBook, Registration
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.core.text import fold

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill

_DIGITS = re.compile(r"^\d{12}$")


def require_reader(user: Any) -> None:
    if not permissions.can_view_register(user):
        raise AccessDenied(_("You may not read the civil status register."))


def registration_list_for_user(user: Any) -> QuerySet[Registration]:
    require_reader(user)
    queryset = Registration.objects.select_related("book", "commune", "person", "other_person")
    return jurisdiction.scope(queryset, user, place_field="commune")


def registration_get_for_user(user: Any, registration_id: int) -> Registration:
    try:
        return registration_list_for_user(user).get(pk=registration_id)
    except Registration.DoesNotExist:
        raise NotFound(_("No such registration.")) from None


def person_list_for_user(user: Any) -> QuerySet[Person]:
    require_reader(user)
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
    require_reader(user)
    return jurisdiction.scope(
        RegisterBook.objects.select_related("commune"), user, place_field="commune"
    )


def book_get_for_user(user: Any, book_id: int) -> RegisterBook:
    try:
        return book_list_for_user(user).get(pk=book_id)
    except RegisterBook.DoesNotExist:
        raise NotFound(_("No such register book.")) from None


# -- applications -------------------------------------------------------------------------------


# -- issued extracts ----------------------------------------------------------------------------


def registration_drill_figures() -> tuple[str, ...]:
    """The review figures the register's list can drill to: the counts of
    ``registration.indicators.COUNTS`` (``birth.registered``, ``death.registered``…)."""
    from tuphap.civil_status.registration.indicators import COUNTS

    return tuple(COUNTS)


def registration_drill(drill: Drill) -> Q:
    """The registrations behind ``drill`` (ADR 0018), by the indicator's own definition: the
    event, its condition, registered in the window, at a commune of the province. A civil status
    row has no agency: an agency's figure counts none of them."""
    from tuphap.civil_status.registration.indicators import COUNTS

    event_type, condition, _vi, _en = COUNTS[drill.figure]
    chosen = Q(
        event_type=event_type,
        status=Registration.Status.REGISTERED,
        **drill.days("registered_on"),
    )
    if condition is not None:
        chosen &= condition
    if drill.agency is not None:
        return Q(pk__in=[])
    return chosen & drill.within("commune", None)
