"""The reads of the applications, for a user."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework.models import CaseAction
from tuphap.civil_status.applications.models import Application
from tuphap.civil_status.registration.selectors import require_reader
from tuphap.core.errors import NotFound


def application_list_for_user(
    user: Any, *, state: str = "", open_only: bool = False, event_type: str = ""
) -> QuerySet[Application]:
    """Applications of the communes the user covers, newest first."""
    require_reader(user)
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
