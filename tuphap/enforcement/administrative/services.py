"""The writes of the THAHC register: an administrative judgment registered for follow-up, and
its steps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.casework import permissions as case_permissions
from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, FieldErrors, NotFound, ValidationFailed
from tuphap.enforcement.administrative import workflow as administrative
from tuphap.enforcement.administrative.models import AdministrativeJudgment
from tuphap.enforcement.cases import history, permissions
from tuphap.enforcement.cases.services import effective_at, local_today
from tuphap.places.models import AdministrativeUnit

# -- THAHC: follow-up of administrative judgments (docs/domain/enforcement.md §8) ---------------


@dataclass(frozen=True)
class AdministrativeData:
    court_name: str
    number: str
    issued_on: datetime.date
    effective_on: datetime.date
    received_on: datetime.date
    body_name: str
    obligation: str
    body_code: str = ""
    obligee_name: str = ""


@transaction.atomic
def administrative_open(
    *,
    actor: Any,
    place: AdministrativeUnit,
    data: AdministrativeData,
    assignee: Any = None,
) -> AdministrativeJudgment:
    """Register an administrative judgment for follow-up in the actor's office (NĐ 71/2016
    Art. 14): the case (state "registered", the 5-working-day notice deadline running from the
    receipt date) and its detail. Every invalid field is reported at once; nothing is written
    then. One judgment is followed up once per office."""
    agency = getattr(actor, "agency", None)
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only the staff of an enforcement office may open cases."))
    assert agency is not None  # noqa: S101 - can_work checked it
    today = local_today()
    errors = FieldErrors()
    for name in ("court_name", "number", "body_name", "obligation"):
        if not getattr(data, name).strip():
            errors.add(name, _("This field is required."))
    if data.issued_on > today:
        errors.add("issued_on", _("The date must not be in the future."))
    if data.effective_on < data.issued_on:
        errors.add("effective_on", _("A judgment takes effect on or after its date."))
    if data.received_on < data.issued_on:
        errors.add("received_on", _("The judgment is received on or after its date."))
    elif data.received_on > today:
        errors.add("received_on", _("The date must not be in the future."))
    if AdministrativeJudgment.objects.filter(
        agency=agency,
        court_name=data.court_name.strip(),
        number=data.number.strip(),
        issued_on=data.issued_on,
    ).exists():
        errors.add("number", _("This office already follows up this judgment."))
    if data.received_on <= today and not place.is_valid_on(data.received_on):
        errors.add("place", _("Choose the administrative unit valid on the receipt date."))
    elif not jurisdiction.covers(actor, place):
        errors.add("place", _("Choose a place within your jurisdiction."))
    errors.raise_if_any()
    case = case_services.case_open(
        actor=actor,
        register=administrative.REGISTER,
        agency=agency,
        place=place,
        event_date=data.received_on,
        assignee=assignee,
        payload={"judgment_number": data.number.strip()},
    )
    detail = AdministrativeJudgment.objects.create(
        case=case,
        agency=agency,
        court_name=data.court_name.strip(),
        number=data.number.strip(),
        issued_on=data.issued_on,
        effective_on=data.effective_on,
        received_on=data.received_on,
        body_name=data.body_name.strip(),
        body_code=data.body_code.strip(),
        obligee_name=data.obligee_name.strip(),
        obligation=data.obligation.strip(),
    )
    audit.record(
        actor=actor,
        action="enforcement.administrative.opened",
        obj=case,
        data={
            "court_name": detail.court_name,
            "number": detail.number,
            "issued_on": detail.issued_on.isoformat(),
            "received_on": detail.received_on.isoformat(),
            "body_name": detail.body_name,
        },
    )
    return detail


@transaction.atomic
def administrative_transition(
    *,
    actor: Any,
    case: Case,
    transition: str,
    decided_on: datetime.date | None = None,
    reason: str = "",
    compulsion_number: str = "",
) -> AdministrativeJudgment:
    """Record a follow-up step on the date it happened (today by default): the notice, urging,
    the court's compulsion decision (its number is required), the meeting, the report up, the
    body's compliance, or a closing for another reason. A date in the future or before the last
    step is refused (400), a step not allowed now with 409; nothing is written then."""
    if not case_permissions.can_view_case(actor, case):
        raise NotFound(_("No such case."))
    detail = AdministrativeJudgment.objects.filter(case=case).first()
    if detail is None:
        raise NotFound(_("No such administrative judgment."))
    day = decided_on or local_today()
    if day > local_today():
        raise ValidationFailed(
            _("The date is in the future."),
            fields={"decided_on": _("The date must not be in the future.")},
        )
    last = history.step_dates(case, detail.received_on)[-1][2]
    if day < last:
        raise ValidationFailed(
            _("The date is before the case's last step."),
            fields={
                "decided_on": _("The date must not be before %(day)s.")
                % {"day": last.strftime("%d/%m/%Y")}
            },
        )
    payload: dict[str, Any] = {history.DECIDED_ON: day.isoformat()}
    if transition == administrative.COMPEL:
        if not compulsion_number.strip():
            raise ValidationFailed(
                _("Give the number of the court's compulsion decision."),
                fields={"compulsion_number": _("This field is required.")},
            )
        payload["compulsion_number"] = compulsion_number.strip()
    updated = case_services.case_transition(
        actor=actor,
        case=case,
        transition=transition,
        payload=payload,
        reason=reason,
        at=effective_at(case, day),
    )
    if transition == administrative.COMPEL:
        detail.compulsion_number = compulsion_number.strip()
        detail.compulsion_date = day
        detail.save(update_fields=["compulsion_number", "compulsion_date"])
    audit.record(
        actor=actor,
        action="enforcement.administrative.step",
        obj=updated,
        data={"transition": transition, "on": day.isoformat(), "state": updated.state},
    )
    detail.case = updated
    return detail
