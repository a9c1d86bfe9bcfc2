"""The application flow (domain.md §2.4) on the case engine: submitted → (needs supplement ↔
submitted) → accepted [appointment slip; the handling time starts] → registered → result handed
over; or refused with a written reason, or withdrawn. Each service is one transaction: the
application row, the case's journal row (through ``case_transition``) and an audit row.

Legal basis of every time limit: ``tuphap/civil_status/deadlines.py`` and docs §9.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import registry
from tuphap.casework import services as case_services
from tuphap.casework import workflow as case_workflow
from tuphap.casework.deadlines import local_date
from tuphap.civil_status.applications import data as application_data
from tuphap.civil_status.applications import workflow
from tuphap.civil_status.applications.models import Application, ApplicationReceiptCounter, Channel
from tuphap.civil_status.registration import deadlines
from tuphap.civil_status.registration.models import EventType
from tuphap.civil_status.registration.services.common import Declarant, officer_at
from tuphap.core import audit, counters
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.places.models import AdministrativeUnit

# The hour written on the appointment slip for the due day [D]: a file that counts as received
# on a day is accepted by 15:00 (Luật Hộ tịch Art. 5(3)), so the result can be ready by then.
APPOINTMENT_TIME: Final = datetime.time(16, 0)


@dataclass(frozen=True)
class Applicant:
    full_name: str
    id_number: str = ""
    relationship: str = ""
    contact: str = ""


def _officer_of(actor: Any, application: Application) -> None:
    """The actor is a civil status officer of the application's commune."""
    officer_at(actor, application.commune, timezone.localdate())


def _audit(actor: Any, application: Application, verb: str, **data: Any) -> None:
    audit.record(
        actor=actor,
        action=f"civil_status.application.{verb}",
        obj=application,
        data={"event": application.event_type, "state": application.case.state, **data},
    )


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("case", "commune")
        .get(pk=application.pk)
    )


def _move(
    actor: Any,
    application: Application,
    transition: str,
    payload: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    application.case = case_services.case_transition(
        actor=actor,
        case=application.case,
        transition=transition,
        payload=payload,
        reason=reason,
    )


def _applicant(application: Application) -> Declarant:
    return Declarant(
        application.applicant_name,
        application.applicant_relationship,
        application.applicant_id_number,
    )


def _received(received_at: datetime.datetime | None) -> datetime.datetime:
    now = timezone.now()
    if received_at is None:
        return now
    if timezone.is_naive(received_at):
        raise ValidationFailed(
            _("The time of receipt needs a time zone."),
            fields={"received_at": _("Enter a valid time.")},
        )
    if received_at > now:
        raise ValidationFailed(
            _("The file cannot be received in the future."),
            fields={"received_at": _("Enter a time that has passed.")},
        )
    return received_at


# -- submission and supplement ---------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    event_type: str,
    applicant: Applicant,
    data: dict[str, Any] | None = None,
    channel: str = Channel.IN_PERSON,
    received_at: datetime.datetime | None = None,
) -> Application:
    """Record a file received by the commune (in person, online or by post). Its contents are
    checked when it is accepted; until then no handling time runs."""
    received = _received(received_at)
    officer_at(actor, commune, local_date(received))
    fields: dict[str, str] = {}
    if event_type not in EventType.values:
        fields["event_type"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(EventType.values)
        }
    if channel not in Channel.values:
        fields["channel"] = _("Choose in_person, online or post.")
    if not applicant.full_name.strip():
        fields["applicant.full_name"] = _("This field is required.")
    if data is not None and not isinstance(data, dict):
        fields["data"] = _("Send a JSON object.")
    if fields:
        raise ValidationFailed(_("The application cannot be recorded."), fields=fields)
    case = case_services.case_open(
        actor=actor,
        register=workflow.REGISTER,
        agency=actor.agency,
        place=commune,
        event_date=local_date(received),
        assignee=actor,
        payload={"event": event_type, "channel": channel},
    )
    application = Application.objects.create(
        case=case,
        event_type=event_type,
        commune=commune,
        applicant_name=applicant.full_name.strip(),
        applicant_id_number=applicant.id_number.strip(),
        applicant_relationship=applicant.relationship.strip(),
        applicant_contact=applicant.contact.strip(),
        data=data or {},
        channel=channel,
        received_at=received,
        officer=actor,
    )
    _audit(actor, application, "submitted", channel=channel, received_at=received.isoformat())
    return application


@transaction.atomic
def application_request_supplement(
    *, actor: Any, application: Application, missing: list[str], note: str = ""
) -> Application:
    """Ask the applicant for what the file lacks (listed); the handling time has not started
    and does not start until the complete file is accepted (NĐ 87/2020 Art. 12(3))."""
    application = _locked(application)
    _officer_of(actor, application)
    items = [item.strip() for item in missing if isinstance(item, str) and item.strip()]
    if not items:
        raise ValidationFailed(
            _("Say what is missing from the file."),
            fields={"missing": _("List at least one missing paper or piece of information.")},
        )
    _move(actor, application, "request_supplement", {"missing": items, "note": note.strip()})
    now = timezone.now()
    application.supplement_requests = [
        *application.supplement_requests,
        {"at": now.isoformat(), "missing": items, "note": note.strip(), "answered_at": None},
    ]
    application.save(update_fields=["supplement_requests"])
    _audit(actor, application, "supplement_requested", missing=items)
    return application


@transaction.atomic
def application_resubmit(
    *, actor: Any, application: Application, data: dict[str, Any] | None = None, note: str = ""
) -> Application:
    """Record the supplemented file: ``data`` (if given) completes or replaces fields of the
    data filed."""
    application = _locked(application)
    _officer_of(actor, application)
    if data is not None and not isinstance(data, dict):
        raise ValidationFailed(
            _("The data of the application must be an object."),
            fields={"data": _("Send a JSON object.")},
        )
    _move(actor, application, "resubmit", {"fields": sorted(data or {}), "note": note.strip()})
    if data:
        application.data = {**application.data, **data}
    requests = list(application.supplement_requests)
    if requests:
        requests[-1] = {**requests[-1], "answered_at": timezone.now().isoformat()}
    application.supplement_requests = requests
    application.save(update_fields=["data", "supplement_requests"])
    _audit(actor, application, "resubmitted", fields=sorted(data or {}))
    return application


# -- acceptance: the appointment slip -------------------------------------------------------------


def _appointment(due: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(due, APPOINTMENT_TIME, tzinfo=LOCAL_TIME_ZONE)


@transaction.atomic
def application_accept(*, actor: Any, application: Application) -> Application:
    """Officially accept the complete file: the handling time of its procedure starts
    (``deadlines.TIME_LIMITS``), and the appointment slip gets the commune's next receipt
    number of the year and the appointment day. An incomplete file is refused (400) naming
    each missing field: ask for a supplement instead."""
    application = _locked(application)
    _officer_of(actor, application)
    application_data.prepare(
        application.event_type, application.data, actor=actor, applicant=_applicant(application)
    )
    _move(actor, application, "accept")
    now = timezone.now()
    assert application.case.due_at is not None  # noqa: S101 - the accept step schedules one
    due = local_date(application.case.due_at)
    limit = deadlines.time_limit(application.event_type, application.data)
    application.receipt_year = local_date(now).year
    application.receipt_number = counters.next_number(
        ApplicationReceiptCounter, commune=application.commune, year=application.receipt_year
    )
    application.accepted_at = now
    application.due_on = due
    application.appointment_at = _appointment(due)
    application.time_limit_basis = limit.basis
    application.save(
        update_fields=[
            "receipt_year",
            "receipt_number",
            "accepted_at",
            "due_on",
            "appointment_at",
            "time_limit_basis",
        ]
    )
    _audit(
        actor,
        application,
        "accepted",
        receipt=application.receipt_label,
        due_on=due.isoformat(),
        time_limit=limit.code,
    )
    return application


@transaction.atomic
def application_extend(*, actor: Any, application: Application, reason: str) -> Application:
    """Extend the handling time once for a verification, by what the procedure allows (e.g. a
    marriage to 5 working days, Luật Hộ tịch Art. 18(2)); the appointment moves with it."""
    application = _locked(application)
    _officer_of(actor, application)
    if not (reason or "").strip():
        raise ValidationFailed(
            _("Give the reason for the verification."),
            fields={"reason": _("This field is required.")},
        )
    if application.case.state != workflow.ACCEPTED:
        raise Conflict(_("Only an accepted application can be extended for verification."))
    application.case = case_services.case_extend(
        actor=actor, case=application.case, reason=reason.strip()
    )
    assert application.case.due_at is not None  # noqa: S101 - an extension keeps a due day
    application.due_on = local_date(application.case.due_at)
    application.appointment_at = _appointment(application.due_on)
    application.save(update_fields=["due_on", "appointment_at"])
    _audit(actor, application, "extended", due_on=application.due_on.isoformat())
    return application


# -- registration and closing ---------------------------------------------------------------------


@transaction.atomic
def application_register(
    *, actor: Any, application: Application, different_person_confirmed: bool = False
) -> Application:
    """Register the event with the application's data through the event's own service, in this
    transaction, and link the entry. A refusal of the event service (e.g. 409
    ``possible_duplicate``) leaves the application as it was: confirm and call again."""
    application = _locked(application)
    _officer_of(actor, application)
    case = application.case
    now = timezone.now()
    case_workflow.check_transition(
        spec=registry.get(case.register),
        case=case,
        actor=actor,
        name="register",
        payload={},
        day=local_date(now),
    )
    prepared = application_data.prepare(
        application.event_type, application.data, actor=actor, applicant=_applicant(application)
    )
    registration = prepared.register(
        actor=actor,
        commune=application.commune,
        received_at=application.received_at,
        different_person_confirmed=different_person_confirmed,
    )
    _move(
        actor,
        application,
        "register",
        {"registration_id": registration.pk, "entry_number": registration.entry_number},
    )
    application.registration = registration
    application.registered_at = now
    application.on_time = application.due_on is not None and local_date(now) <= application.due_on
    application.save(update_fields=["registration", "registered_at", "on_time"])
    _audit(
        actor,
        application,
        "registered",
        registration=registration.pk,
        on_time=application.on_time,
    )
    return application


@transaction.atomic
def application_return(*, actor: Any, application: Application, note: str = "") -> Application:
    """Record that the result (certificate, extract) was handed over: the application closes."""
    application = _locked(application)
    _officer_of(actor, application)
    _move(actor, application, "return_result", {"note": note.strip()})
    application.closed_at = application.case.closed_at
    application.save(update_fields=["closed_at"])
    _audit(actor, application, "returned")
    return application


@transaction.atomic
def application_refuse(*, actor: Any, application: Application, reason: str) -> Application:
    """Refuse the application with the written reason the applicant receives (domain.md §2.4:
    Luật Hộ tịch Art. 5(2) [U])."""
    application = _locked(application)
    _officer_of(actor, application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("A refusal needs its written reason."),
            fields={"reason": _("This field is required.")},
        )
    _move(actor, application, "refuse", reason=reason)
    application.refusal_reason = reason
    application.closed_at = application.case.closed_at
    application.save(update_fields=["refusal_reason", "closed_at"])
    _audit(actor, application, "refused", reason=reason)
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application, reason: str = "") -> Application:
    """Record that the applicant withdrew the file before registration."""
    application = _locked(application)
    _officer_of(actor, application)
    _move(actor, application, "withdraw", reason=(reason or "").strip())
    application.closed_at = application.case.closed_at
    application.save(update_fields=["closed_at"])
    _audit(actor, application, "withdrawn")
    return application


def ensure_officer(actor: Any, application: Application) -> None:
    """For the pages: whether the actions may be shown (raises ``AccessDenied``)."""
    try:
        _officer_of(actor, application)
    except ValidationFailed as error:
        raise AccessDenied(error.message) from None
