"""The writes of the denunciation register: received (from a letter or directly), checked,
transferred (notifying the denouncer) or accepted or not, verified, extended (complex: once;
especially complex: twice; each with its written notice), concluded, the conclusion handled,
withdrawn (which ends the case only when no violation is suspected), and the explicit right to
read a denouncer's identity. Each call is one transaction: the case engine's step, the detail
and an audit row — never with the denouncer's identity in the journal or the audit data
(docs/domain/denunciations.md)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency
from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import AccessDenied, Conflict, FieldErrors, ValidationFailed
from tuphap.oversight.complaints import steps
from tuphap.oversight.denunciations import permissions, rules
from tuphap.oversight.denunciations import workflow as flow
from tuphap.oversight.denunciations.models import (
    Denouncer,
    Denunciation,
    ExtensionNotice,
    IdentityGrant,
    Suspension,
)
from tuphap.oversight.reception import rules as reception_rules
from tuphap.oversight.reception.models import Letter
from tuphap.places.models import AdministrativeUnit

PIN_LENGTH = 12


@dataclass(frozen=True)
class DenouncerData:
    full_name: str
    pin: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DenunciationData:
    subject: str
    content: str
    field: str
    denounced_name: str
    denounced_position: str
    received_on: datetime.date
    several_sites: bool = False
    denouncers: Sequence[DenouncerData] = dataclasses.field(default_factory=tuple)
    letter_id: int | None = None


STEPS = steps.Steps(
    register=flow.REGISTER,
    model=Denunciation,
    can_change=permissions.can_change,
    through_services=flow.through_services,
    audit_prefix="oversight.denunciation",
    not_found=gettext_lazy("No such denunciation."),
    not_allowed=gettext_lazy("Only an inspector of the receiving agency records its steps."),
    before_last_step=gettext_lazy("The date is before the denunciation's last step."),
)
_today = steps.today
moment_of = steps.moment_of
_due_day = steps.due_day
_transition = STEPS.transition


def _ensure_worker(actor: Any) -> None:
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an inspector records denunciations."))


def _check(errors: FieldErrors, data: DenunciationData) -> None:
    for name in ("subject", "content", "denounced_name"):
        if not getattr(data, name).strip():
            errors.add(name, _("This field is required."))
    if data.field not in rules.Field.values:
        errors.add("field", _("Choose official duties or state management."))
    if not isinstance(data.received_on, datetime.date):
        errors.add("received_on", _("This field is required."))
    elif data.received_on > _today():
        errors.add("received_on", _("The date must not be in the future."))
    if not data.denouncers:
        errors.add("denouncers", _("Give the denouncer (a denunciation is never anonymous)."))
    for index, person in enumerate(data.denouncers, start=1):
        if not person.full_name.strip():
            errors.add(f"denouncers.{index}.full_name", _("This field is required."))
        if person.pin and (len(person.pin) != PIN_LENGTH or not person.pin.isdigit()):
            errors.add(
                f"denouncers.{index}.pin", _("A personal identification number is 12 digits.")
            )


def _letter(errors: FieldErrors, actor: Any, letter_id: int | None) -> Letter | None:
    if letter_id is None:
        return None
    letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
    if letter is None or letter.agency_id != actor.agency_id:
        errors.add("letter", _("No such letter in your agency's book."))
        return None
    if letter.classification != reception_rules.Classification.DENUNCIATION:
        errors.add("letter", _("This letter is not classified as a denunciation."))
    elif Denunciation.objects.filter(letter=letter).exists():
        errors.add("letter", _("A denunciation has already been opened from this letter."))
    return letter


@transaction.atomic
def denunciation_open(
    *,
    actor: Any,
    place: AdministrativeUnit,
    data: DenunciationData,
    at: datetime.datetime | None = None,
) -> Denunciation:
    """Receive a denunciation: the check runs 7 working days from receipt (10 at several
    places), the transfer, if outside competence, 5 working days. The actor becomes its
    resolver (the case's assignee), who alone sees the denouncer until someone else is given
    the right. From a letter, its senders become the denouncers unless others are given."""
    _ensure_worker(actor)
    errors = FieldErrors()
    letter = _letter(errors, actor, data.letter_id)
    if not data.denouncers and letter is not None:
        data = DenunciationData(
            **{
                **data.__dict__,
                "denouncers": tuple(
                    DenouncerData(s.full_name, s.pin, s.address, s.phone)
                    for s in letter.senders.order_by("position")
                ),
            }
        )
    _check(errors, data)
    if isinstance(data.received_on, datetime.date):
        if not place.is_valid_on(data.received_on):
            errors.add("place", _("Choose the administrative unit valid on the date of receipt."))
        elif not jurisdiction.covers(actor, place):
            errors.add("place", _("Choose a place within your jurisdiction."))
    errors.raise_if_any()
    moment = at or moment_of(data.received_on)
    case = case_services.case_open(
        actor=actor,
        register=flow.REGISTER,
        agency=actor.agency,
        place=place,
        event_date=data.received_on,
        assignee=actor,
        payload={"field": data.field, "several_sites": data.several_sites},
        at=moment,
    )
    if data.several_sites:
        case = _transition(
            actor=actor,
            case=case,
            transition=flow.SEVERAL_SITES,
            payload={"received_on": data.received_on.isoformat()},
            at=moment,
        )
    calendar = default_calendar()
    detail = Denunciation.objects.create(
        case=case,
        agency=actor.agency,
        letter=letter,
        subject=data.subject.strip(),
        content=data.content.strip(),
        field=data.field,
        denounced_name=data.denounced_name.strip(),
        denounced_position=data.denounced_position.strip(),
        received_on=data.received_on,
        several_sites=data.several_sites,
        check_due_on=_due_day(case) or data.received_on,
        transfer_due_on=rules.due(data.received_on, rules.TRANSFER, calendar=calendar),
    )
    Denouncer.objects.bulk_create(
        [
            Denouncer(
                denunciation=detail,
                position=index,
                full_name=person.full_name.strip(),
                pin=person.pin,
                address=person.address.strip(),
                phone=person.phone.strip(),
            )
            for index, person in enumerate(data.denouncers, start=1)
        ]
    )
    audit.record(
        actor=actor,
        action="oversight.denunciation.received",
        obj=case,
        data={
            "check_due_on": detail.check_due_on.isoformat(),
            "several_sites": detail.several_sites,
            "denouncers": len(data.denouncers),
            "letter": letter.pk if letter else None,
        },
    )
    return detail


def detail_for(actor: Any, case: Case | int) -> Denunciation:
    """The denunciation of ``case``, locked, if ``actor`` may see it and works in its agency."""
    detail: Denunciation = STEPS.detail_for(actor, case)
    return detail


def _check_day(detail: Denunciation, day: datetime.date | None, name: str = "on") -> datetime.date:
    return STEPS.check_day(detail, day, name)


def _audit(actor: Any, detail: Denunciation, action: str, **data: Any) -> None:
    STEPS.audit(actor, detail, action, **data)


@transaction.atomic
def denunciation_check(
    *, actor: Any, case: Case | int, note: str, on: datetime.date | None = None
) -> Denunciation:
    """Record the result of the check (Art. 24): the denunciation then waits for the decision
    to accept, refuse or transfer it, within the same limit."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    if not note.strip():
        raise ValidationFailed(
            _("Give the result of the check."), fields={"note": _("This field is required.")}
        )
    detail.case = _transition(
        actor=actor, case=detail.case, transition=flow.CHECK, at=moment_of(day)
    )
    detail.checked_on = day
    detail.check_note = note.strip()
    detail.save()
    _audit(actor, detail, "checked", on_time=day <= detail.check_due_on)
    return detail


@transaction.atomic
def denunciation_transfer(
    *,
    actor: Any,
    case: Case | int,
    to_agency_id: int | None = None,
    to_name: str = "",
    notified_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Denunciation:
    """Transfer a denunciation outside the agency's competence to the competent body, within 5
    working days of receipt, and notify the denouncer (Art. 24(1)(b))."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    errors = FieldErrors()
    target: Agency | None = None
    if to_agency_id is not None:
        target = Agency.objects.exclude(pk=detail.agency_id).filter(pk=to_agency_id).first()
        if target is None:
            errors.add("to_agency", _("Choose another agency."))
    elif not to_name.strip():
        errors.add("to_name", _("Name the competent body."))
    if notified_on is None:
        errors.add("notified_on", _("The denouncer must be notified of the transfer."))
    elif notified_on < day or notified_on > _today():
        errors.add("notified_on", _("Give a date from the transfer to today."))
    errors.raise_if_any()
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.TRANSFER,
        payload={"to": target.pk if target else None},
        at=moment_of(day),
    )
    detail.transferred_on = day
    detail.transferred_to = target
    detail.transferred_to_name = target.name if target else to_name.strip()
    detail.denouncer_notified_on = notified_on
    detail.transferred_on_time = day <= detail.transfer_due_on
    detail.save()
    _audit(actor, detail, "transferred", on_time=detail.transferred_on_time)
    return detail


@transaction.atomic
def denunciation_accept(
    *, actor: Any, case: Case | int, on: datetime.date | None = None
) -> Denunciation:
    """Accept the denunciation (Art. 29): the resolution runs 30 days (Art. 30)."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    detail.case = _transition(
        actor=actor, case=detail.case, transition=flow.ACCEPT, at=moment_of(day)
    )
    detail.accepted_on = day
    detail.accepted_on_time = day <= detail.check_due_on
    detail.resolution_due_on = _due_day(detail.case)
    detail.save()
    _audit(actor, detail, "accepted", on_time=detail.accepted_on_time)
    return detail


@transaction.atomic
def denunciation_not_accept(
    *, actor: Any, case: Case | int, ground: str, reason: str = "", on: datetime.date | None = None
) -> Denunciation:
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    if ground not in rules.NonAcceptanceGround.values:
        raise ValidationFailed(
            _("Choose the ground of non-acceptance."),
            fields={"ground": _("Choose a ground of Art. 29 of the Law on Denunciations.")},
        )
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.NOT_ACCEPT,
        payload={"ground": ground},
        reason=reason.strip(),
        at=moment_of(day),
    )
    detail.not_accepted_ground = ground
    detail.end_reason = reason.strip()
    detail.save()
    _audit(actor, detail, "not_accepted", ground=ground)
    return detail


@transaction.atomic
def denunciation_verify(
    *, actor: Any, case: Case | int, on: datetime.date | None = None
) -> Denunciation:
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    detail.case = _transition(actor=actor, case=detail.case, transition="verify", at=moment_of(day))
    detail.save()
    _audit(actor, detail, "verifying")
    return detail


@transaction.atomic
def denunciation_extend(
    *,
    actor: Any,
    case: Case | int,
    complexity: str,
    reason: str,
    on: datetime.date | None = None,
) -> ExtensionNotice:
    """Extend the resolution by 30 days, with its written notice (Art. 30): once for a complex
    case, twice for an especially complex one. The complexity is recorded with its reason."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    errors = FieldErrors()
    if complexity not in (rules.Complexity.COMPLEX, rules.Complexity.ESPECIALLY_COMPLEX):
        errors.add("complexity", _("Choose complex or especially complex."))
    if not reason.strip():
        errors.add("reason", _("Give the reason of the extension."))
    if detail.case.state not in flow.EXTEND:
        errors.add("case", _("Only a denunciation being resolved is extended."))
    errors.raise_if_any()
    granted = detail.extensions.count()
    if granted >= rules.EXTENSIONS_ALLOWED[complexity]:
        raise Conflict(
            _("A complex denunciation is extended once, an especially complex one twice.")
        )
    due_before = _due_day(detail.case)
    if due_before is None:
        raise Conflict(_("No resolution limit is running on this denunciation."))
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.EXTEND[detail.case.state],
        payload={"from": due_before.isoformat(), "complexity": complexity},
        reason=reason.strip(),
        at=moment_of(day),
    )
    detail.complexity = complexity
    detail.complexity_reason = reason.strip()
    detail.resolution_due_on = _due_day(detail.case)
    detail.save()
    notice = ExtensionNotice.objects.create(
        denunciation=detail,
        number=granted + 1,
        decided_on=day,
        reason=reason.strip(),
        due_before=due_before,
        due_after=detail.resolution_due_on or due_before,
        decided_by=actor,
    )
    _audit(
        actor,
        detail,
        "extended",
        number=notice.number,
        complexity=complexity,
        due_after=notice.due_after.isoformat(),
    )
    return notice


@transaction.atomic
def denunciation_conclude(
    *,
    actor: Any,
    case: Case | int,
    number: str,
    outcome: str,
    money_recovered: int = 0,
    on: datetime.date | None = None,
) -> Denunciation:
    """The conclusion on the content of the denunciation (Art. 35): found right, partly right
    or wrong; on time when issued by the (extended) resolution limit."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    errors = FieldErrors()
    if not number.strip():
        errors.add("number", _("Give the number of the conclusion."))
    if outcome not in rules.Outcome.values:
        errors.add("outcome", _("Choose right, partly right or wrong."))
    if (
        isinstance(money_recovered, bool)
        or not isinstance(money_recovered, int)
        or money_recovered < 0
    ):
        errors.add("money_recovered", _("Give a whole number of đồng, zero or more."))
    errors.raise_if_any()
    due_before = _due_day(detail.case)
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.CONCLUDE,
        payload={"number": number.strip(), "outcome": outcome},
        at=moment_of(day),
    )
    detail.concluded_on = day
    detail.conclusion_number = number.strip()
    detail.outcome = outcome
    detail.money_recovered = money_recovered
    detail.concluded_on_time = due_before is None or day <= due_before
    detail.save()
    _audit(actor, detail, "concluded", outcome=outcome, on_time=detail.concluded_on_time)
    return detail


@transaction.atomic
def denunciation_handle(
    *, actor: Any, case: Case | int, handling: str, on: datetime.date | None = None
) -> Denunciation:
    """The handling of the conclusion (Art. 36): discipline, recovery, transfer to the police."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    if not handling.strip():
        raise ValidationFailed(
            _("Describe how the conclusion was handled."),
            fields={"handling": _("This field is required.")},
        )
    detail.case = _transition(
        actor=actor, case=detail.case, transition=flow.HANDLE, at=moment_of(day)
    )
    detail.handled_on = day
    detail.handling = handling.strip()
    detail.save()
    _audit(actor, detail, "handled")
    return detail


@transaction.atomic
def denunciation_withdraw(
    *,
    actor: Any,
    case: Case | int,
    reason: str = "",
    violation_suspected: bool = False,
    on: datetime.date | None = None,
) -> Denunciation:
    """Record the denouncer's withdrawal (Art. 33). It ends the case only when no violation is
    suspected; otherwise the withdrawal is recorded and the resolution goes on."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    if detail.case.state not in flow.BEFORE_ACCEPTANCE | flow.RESOLVING | {flow.SUSPENDED}:
        raise Conflict(_("A denunciation is withdrawn only before its conclusion."))
    if detail.withdrawn_on is not None:
        raise Conflict(_("The withdrawal has already been recorded."))
    detail.withdrawn_on = day
    detail.violation_suspected = violation_suspected
    detail.end_reason = reason.strip()
    if not violation_suspected:
        detail.case = _transition(
            actor=actor,
            case=detail.case,
            transition=flow.WITHDRAW,
            reason=reason.strip(),
            at=moment_of(day),
        )
    detail.save()
    _audit(actor, detail, "withdrawn", ended=not violation_suspected)
    return detail


def suspension_notice_due(day: datetime.date) -> datetime.date:
    """The day the decision to suspend or terminate must be sent by (Art. 34(4))."""
    return rules.due(day, rules.SUSPENSION_NOTICE, calendar=default_calendar())


@transaction.atomic
def denunciation_suspend(
    *,
    actor: Any,
    case: Case | int,
    ground: str,
    reason: str,
    on: datetime.date | None = None,
) -> Suspension:
    """Suspend the resolution (tạm đình chỉ, Art. 34(1)) on one of its grounds: the resolution
    clock stands still from the day of the decision until the continuation decision (the
    suspended days are not counted, Art. 34(2)); the decision is sent within 5 working days
    (Art. 34(4))."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    errors = FieldErrors()
    if ground not in rules.SuspensionGround.values:
        errors.add("ground", _("Choose a ground of Art. 34(1) of the Law on Denunciations."))
    if not reason.strip():
        errors.add("reason", _("Give the reason."))
    if detail.case.state not in flow.RESOLVING:
        errors.add("case", _("Only a denunciation being resolved is suspended."))
    errors.raise_if_any()
    due_before = _due_day(detail.case)
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.SUSPEND,
        payload={"ground": ground},
        reason=reason.strip(),
        at=moment_of(day),
    )
    detail.save()
    suspension = Suspension.objects.create(
        denunciation=detail,
        ground=ground,
        reason=reason.strip(),
        suspended_on=day,
        notice_due_on=suspension_notice_due(day),
        due_before=due_before,
        decided_by=actor,
    )
    _audit(
        actor,
        detail,
        "suspended",
        ground=ground,
        notice_due_on=suspension.notice_due_on.isoformat(),
    )
    return suspension


@transaction.atomic
def denunciation_continue(
    *, actor: Any, case: Case | int, on: datetime.date | None = None
) -> Suspension:
    """Continue a suspended resolution (Art. 34(2)): the clock runs again from the
    continuation decision, its end pushed back by the days it stood still."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    suspension = detail.suspensions.filter(continued_on__isnull=True).order_by("-pk").first()
    if detail.case.state != flow.SUSPENDED or suspension is None:
        raise Conflict(_("Only a suspended denunciation is continued."))
    detail.case = _transition(
        actor=actor, case=detail.case, transition=flow.CONTINUE, at=moment_of(day)
    )
    detail.resolution_due_on = _due_day(detail.case)
    detail.save()
    suspension.continued_on = day
    suspension.due_after = detail.resolution_due_on
    suspension.save(update_fields=["continued_on", "due_after"])
    _audit(
        actor,
        detail,
        "continued",
        due_on=detail.resolution_due_on.isoformat() if detail.resolution_due_on else None,
    )
    return suspension


@transaction.atomic
def denunciation_terminate(
    *,
    actor: Any,
    case: Case | int,
    ground: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> Denunciation:
    """Terminate the resolution (đình chỉ, Art. 34(3)) on one of its grounds; the decision is
    sent within 5 working days (Art. 34(4))."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    if ground not in rules.TerminationGround.values:
        raise ValidationFailed(
            _("Choose the ground of termination."),
            fields={"ground": _("Choose a ground of Art. 34(3) of the Law on Denunciations.")},
        )
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.TERMINATE,
        payload={"ground": ground},
        reason=reason.strip(),
        at=moment_of(day),
    )
    detail.terminated_on = day
    detail.termination_ground = ground
    detail.end_reason = reason.strip()
    detail.save()
    _audit(
        actor,
        detail,
        "terminated",
        ground=ground,
        notice_due_on=suspension_notice_due(day).isoformat(),
    )
    return detail


@transaction.atomic
def identity_grant(*, actor: Any, case: Case | int, user_id: int, reason: str) -> IdentityGrant:
    """The resolver gives one more user of the agency the right to read the denouncer's
    identity on this case (audited)."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    if detail.case.assignee_id != actor.pk:
        raise AccessDenied(_("Only the resolver of the denunciation gives this right."))
    errors = FieldErrors()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or getattr(user, "agency_id", None) != detail.agency_id:
        errors.add("user", _("Choose an active user of the receiving agency."))
    elif (
        user.pk == actor.pk or IdentityGrant.objects.filter(denunciation=detail, user=user).exists()
    ):
        errors.add("user", _("This user may already read the identity."))
    if not reason.strip():
        errors.add("reason", _("Give the reason."))
    errors.raise_if_any()
    assert user is not None  # noqa: S101 - refused above
    grant = IdentityGrant.objects.create(
        denunciation=detail, user=user, granted_by=actor, reason=reason.strip()
    )
    _audit(actor, detail, "identity_granted", user=user_id)
    return grant
