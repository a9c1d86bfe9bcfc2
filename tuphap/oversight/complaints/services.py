"""The writes of the complaint register: a complaint received (from a letter or directly),
accepted or not, verified, the dialogue, the determination that it is complex, the decisions of
both instances, the second complaint or the lawsuit, the legal effect and the enforcement,
withdrawal (whole or by some complainants), suspension, continuation and termination. Each call
is one transaction: the case engine's step, the register's detail and an audit row
(docs/domain/complaints.md)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuphap.accounts import jurisdiction
from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import AccessDenied, Conflict, FieldErrors, ValidationFailed
from tuphap.oversight.complaints import permissions, rules, steps
from tuphap.oversight.complaints import workflow as flow
from tuphap.oversight.complaints.models import Complainant, Complaint, ComplexityDetermination
from tuphap.oversight.reception import rules as reception_rules
from tuphap.oversight.reception.models import Letter
from tuphap.places import selectors as places_selectors
from tuphap.places.models import AdministrativeUnit

PIN_LENGTH = 12


@dataclass(frozen=True)
class ComplainantData:
    full_name: str
    pin: str = ""
    address: str = ""
    representative: bool = False


@dataclass(frozen=True)
class ComplaintData:
    """A complaint as received: what is complained of, against whom, when it was known and
    received, and who complains (several may sign one complaint)."""

    subject: str
    content: str
    act_kind: str
    act_description: str
    respondent: str
    known_on: datetime.date
    received_on: datetime.date
    complainants: Sequence[ComplainantData] = field(default_factory=tuple)
    letter_id: int | None = None
    # A complaint about civil judgment enforcement runs under that law's limits.
    regime: str = rules.Regime.GENERAL
    thads_act: str = ""


STEPS = steps.Steps(
    register=flow.REGISTER,
    model=Complaint,
    can_change=permissions.can_change,
    through_services=flow.through_services,
    audit_prefix="oversight.complaint",
    not_found=gettext_lazy("No such complaint."),
    not_allowed=gettext_lazy("Only an inspector of the resolving agency records its steps."),
    before_last_step=gettext_lazy("The date is before the complaint's last step."),
)
_today = steps.today
moment_of = steps.moment_of
_due_day = steps.due_day
_transition = STEPS.transition


def _ensure_worker(actor: Any) -> None:
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an inspector records complaints."))


def _check_complainants(errors: FieldErrors, people: Sequence[ComplainantData]) -> None:
    if not people:
        errors.add("complainants", _("Give at least one complainant."))
        return
    for index, person in enumerate(people, start=1):
        if not person.full_name.strip():
            errors.add(f"complainants.{index}.full_name", _("This field is required."))
        if person.pin and (len(person.pin) != PIN_LENGTH or not person.pin.isdigit()):
            errors.add(
                f"complainants.{index}.pin", _("A personal identification number is 12 digits.")
            )


def _check_data(errors: FieldErrors, data: ComplaintData) -> None:
    for name in ("subject", "content", "act_description", "respondent"):
        if not getattr(data, name).strip():
            errors.add(name, _("This field is required."))
    if data.act_kind not in rules.ActKind.values:
        errors.add("act_kind", _("Choose an administrative decision, an act or a discipline."))
    if data.regime not in rules.Regime.values:
        errors.add("regime", _("Choose the Law on Complaints or the enforcement law."))
    elif data.regime == rules.Regime.THADS and data.thads_act not in rules.ThadsAct.values:
        errors.add("thads_act", _("Choose the kind of enforcement act complained of."))
    elif data.regime == rules.Regime.GENERAL and data.thads_act:
        errors.add("thads_act", _("Only a complaint about enforcement has an enforcement act."))
    today = _today()
    if not isinstance(data.received_on, datetime.date):
        errors.add("received_on", _("This field is required."))
    elif data.received_on > today:
        errors.add("received_on", _("The date must not be in the future."))
    if not isinstance(data.known_on, datetime.date):
        errors.add("known_on", _("This field is required."))
    elif isinstance(data.received_on, datetime.date) and data.known_on > data.received_on:
        errors.add("known_on", _("The complainant cannot have known of the act after complaining."))


def _letter(errors: FieldErrors, actor: Any, letter_id: int | None) -> Letter | None:
    if letter_id is None:
        return None
    letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
    if letter is None or letter.agency_id != actor.agency_id:
        errors.add("letter", _("No such letter in your agency's book."))
        return None
    if letter.classification != reception_rules.Classification.COMPLAINT:
        errors.add("letter", _("This letter is not classified as a complaint."))
    elif letter.handling != reception_rules.Handling.ACCEPTED:
        errors.add("letter", _("This letter has not been taken up for resolution."))
    elif Complaint.objects.filter(letter=letter).exists():
        errors.add("letter", _("A complaint has already been opened from this letter."))
    return letter


def remote_basis(place: AdministrativeUnit | None, day: datetime.date) -> str:
    """Why ``place`` is a remote area on ``day`` (``rules.remote_basis``), the decision listing
    it read from the places register as at that day."""
    listing = places_selectors.remote_listing_on(place, day)
    return rules.remote_basis(place, listing=listing.decision if listing else "")


@transaction.atomic
def complaint_open(
    *,
    actor: Any,
    place: AdministrativeUnit,
    data: ComplaintData,
    at: datetime.datetime | None = None,
) -> Complaint:
    """Receive a complaint in the actor's agency: the case is numbered in the agency's book and
    the acceptance clock runs under the rules of the day of receipt (10 days; 7 working days
    from 1 Jul 2026). The 90-day statute's end is recorded (an expired statute is a ground of
    non-acceptance, decided at acceptance, not here). From a letter, its senders become the
    complainants unless others are given."""
    _ensure_worker(actor)
    errors = FieldErrors()
    _check_data(errors, data)
    letter = _letter(errors, actor, data.letter_id)
    people = list(data.complainants)
    if not people and letter is not None:
        people = [
            ComplainantData(s.full_name, s.pin, s.address, s.representative)
            for s in letter.senders.order_by("position")
        ]
    _check_complainants(errors, people)
    if isinstance(data.received_on, datetime.date):
        if not place.is_valid_on(data.received_on):
            errors.add("place", _("Choose the administrative unit valid on the date of receipt."))
        elif not jurisdiction.covers(actor, place):
            errors.add("place", _("Choose a place within your jurisdiction."))
    errors.raise_if_any()
    calendar = default_calendar()
    remote = remote_basis(place, data.received_on)
    moment = at or moment_of(data.received_on)
    case = case_services.case_open(
        actor=actor,
        register=flow.REGISTER,
        agency=actor.agency,
        place=place,
        event_date=data.received_on,
        assignee=actor,
        payload={"act_kind": data.act_kind, "letter": letter.pk if letter else None},
        at=moment,
    )
    detail = Complaint.objects.create(
        case=case,
        agency=actor.agency,
        letter=letter,
        subject=data.subject.strip(),
        content=data.content.strip(),
        act_kind=data.act_kind,
        act_description=data.act_description.strip(),
        respondent=data.respondent.strip(),
        known_on=data.known_on,
        received_on=data.received_on,
        regime=data.regime,
        thads_act=data.thads_act,
        statute_ends_on=rules.statute_end(
            data.known_on, calendar=calendar, regime=data.regime, thads_act=data.thads_act
        ),
        remote=bool(remote),
        accept_due_on=_due_day(case),
    )
    Complainant.objects.bulk_create(
        [
            Complainant(
                complaint=detail,
                position=index,
                full_name=person.full_name.strip(),
                pin=person.pin,
                address=person.address.strip(),
                representative=person.representative,
            )
            for index, person in enumerate(people, start=1)
        ]
    )
    audit.record(
        actor=actor,
        action="oversight.complaint.received",
        obj=case,
        data={
            "rule_set": case.rule_set,
            "regime": data.regime,
            "accept_due_on": detail.accept_due_on.isoformat() if detail.accept_due_on else None,
            "remote": detail.remote,
            "remote_basis": remote,
            "complainants": len(people),
            "letter": letter.pk if letter else None,
        },
    )
    return detail


def detail_for(actor: Any, case: Case | int) -> Complaint:
    """The complaint of ``case``, locked, if ``actor`` may see it and works in its agency."""
    detail: Complaint = STEPS.detail_for(actor, case)
    return detail


def _check_day(detail: Complaint, day: datetime.date | None, name: str = "on") -> datetime.date:
    return STEPS.check_day(detail, day, name)


def _audit(actor: Any, detail: Complaint, action: str, **data: Any) -> None:
    STEPS.audit(actor, detail, action, **data)


def _active_complainants(detail: Complaint) -> list[Complainant]:
    return list(detail.complainants.filter(withdrawn_on__isnull=True).order_by("position"))


@transaction.atomic
def complaint_accept(
    *,
    actor: Any,
    case: Case | int,
    on: datetime.date | None = None,
    statute_excuse: str = "",
) -> Complaint:
    """Accept the complaint (thụ lý) at first instance, or the second complaint at second
    instance: the resolution clock starts (Art. 28 / 37: 30 or 45 days; remote areas 45 or 60).
    A complaint of several people needs their representative; a first complaint made after the
    90-day statute needs the excuse of Art. 9 (illness, disaster, travel, obstacle)."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    state = detail.case.state
    day = _check_day(detail, on)
    errors = FieldErrors()
    people = _active_complainants(detail)
    if len(people) > 1 and not any(p.representative for p in people):
        errors.add(
            "complainants",
            _("A complaint of several people is accepted once they appoint a representative."),
        )
    if (
        state == flow.RECEIVED
        and detail.received_on > detail.statute_ends_on
        and not statute_excuse.strip()
    ):
        errors.add(
            "statute_excuse",
            _(
                "The complaint came after its time limit (ended %(day)s): give the obstacle "
                "that excuses it, or refuse it on that ground."
            )
            % {"day": f"{detail.statute_ends_on:%d/%m/%Y}"},
        )
    errors.raise_if_any()
    due_before = _due_day(detail.case)
    second = state == flow.SECOND_RECEIVED
    updated = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.ACCEPT_SECOND if second else flow.ACCEPT,
        payload={"complex": False, "start": day.isoformat()},
        reason=statute_excuse.strip(),
        at=moment_of(day),
    )
    detail.case = updated
    detail.accepted_on_time = due_before is None or day <= due_before
    detail.stage_started_on = day
    if second:
        detail.second_accepted_on = day
        detail.second_due_on = _due_day(updated)
    else:
        detail.accepted_on = day
        detail.first_due_on = _due_day(updated)
    detail.save()
    _audit(actor, detail, "accepted", instance=detail.instance, on_time=detail.accepted_on_time)
    return detail


@transaction.atomic
def complaint_not_accept(
    *,
    actor: Any,
    case: Case | int,
    ground: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> Complaint:
    """Refuse to accept, on a ground of Art. 11, with the reasoned notice."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    if ground not in rules.NonAcceptanceGround.values:
        raise ValidationFailed(
            _("Choose the ground of non-acceptance."),
            fields={"ground": _("Choose a ground of Art. 11 of the Law on Complaints.")},
        )
    name = flow.NOT_ACCEPT_SECOND if detail.case.state == flow.SECOND_RECEIVED else flow.NOT_ACCEPT
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=name,
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
def complaint_determine_complex(
    *,
    actor: Any,
    case: Case | int,
    criteria: Sequence[str],
    reasoning: str,
    document_number: str = "",
    on: datetime.date | None = None,
) -> ComplexityDetermination:
    """Record in writing that the complaint is complex, with the criteria it meets (NĐ 124/2020
    Art. 3a): the running instance's limit becomes 45 days (first instance; remote 60) or 60
    days (second instance; remote 70) from the stage's start. Once per instance."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    state = detail.case.state
    day = _check_day(detail, on)
    errors = FieldErrors()
    if state not in flow.DETERMINE_COMPLEX:
        errors.add("case", _("A complaint is found complex while it is being resolved."))
    chosen = sorted(set(criteria))
    unknown = rules.unknown_criteria(chosen)
    if not chosen:
        errors.add("criteria", _("Choose the criteria of a complex case that it meets."))
    elif unknown:
        errors.add("criteria", _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(unknown)})
    if not reasoning.strip():
        errors.add("reasoning", _("Give the reasoning of the determination."))
    if detail.complex_now:
        errors.add("criteria", _("This instance has already been found complex."))
    errors.raise_if_any()
    instance = detail.instance
    due_before = _due_day(detail.case)
    start = detail.stage_started_on or day
    updated = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.DETERMINE_COMPLEX[state],
        payload={"complex": True, "start": start.isoformat(), "criteria": chosen},
        reason=reasoning.strip(),
        at=moment_of(day),
    )
    detail.case = updated
    if instance == rules.Instance.SECOND:
        detail.complex_second = True
        detail.second_due_on = _due_day(updated)
    else:
        detail.complex_first = True
        detail.first_due_on = _due_day(updated)
    detail.save()
    determination = ComplexityDetermination.objects.create(
        complaint=detail,
        instance=instance,
        criteria=chosen,
        reasoning=reasoning.strip(),
        document_number=document_number.strip(),
        decided_on=day,
        decided_by=actor,
        due_before=due_before,
        due_after=_due_day(updated),
    )
    _audit(
        actor,
        detail,
        "found_complex",
        instance=instance,
        criteria=chosen,
        due_after=determination.due_after.isoformat() if determination.due_after else None,
    )
    return determination


@transaction.atomic
def complaint_decide(
    *,
    actor: Any,
    case: Case | int,
    number: str,
    outcome: str,
    on: datetime.date | None = None,
    money_restored: int = 0,
    rights_restored: int = 0,
) -> Complaint:
    """Record the decision of the running instance (number, date, found right / partly right /
    wrong; money and rights restored). A first-instance decision opens the window for a second
    complaint or a lawsuit (30 days; remote 45); a second-instance decision the 30 (45) days
    before it takes effect. At second instance the dialogue must have been held."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    state = detail.case.state
    day = _check_day(detail, on)
    errors = FieldErrors()
    if not number.strip():
        errors.add("number", _("Give the number of the decision."))
    if outcome not in rules.Outcome.values:
        errors.add("outcome", _("Choose right, partly right or wrong."))
    if (
        isinstance(money_restored, bool)
        or not isinstance(money_restored, int)
        or money_restored < 0
    ):
        errors.add("money_restored", _("Give a whole number of đồng, zero or more."))
    if (
        isinstance(rights_restored, bool)
        or not isinstance(rights_restored, int)
        or rights_restored < 0
    ):
        errors.add("rights_restored", _("Give a whole number of persons, zero or more."))
    if state == flow.SECOND_ACCEPTED:
        errors.add(
            "case", _("Hold the dialogue first: it is mandatory at second instance (Art. 39).")
        )
    errors.raise_if_any()
    due_before = _due_day(detail.case)
    second = state in flow.SECOND_RESOLVING
    updated = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.DECIDE_SECOND if second else flow.DECIDE_FIRST,
        payload={"number": number.strip(), "outcome": outcome},
        at=moment_of(day),
    )
    detail.case = updated
    on_time = due_before is None or day <= due_before
    if second:
        detail.second_decided_on = day
        detail.second_decision_number = number.strip()
        detail.second_outcome = outcome
        detail.second_on_time = on_time
    else:
        detail.first_decided_on = day
        detail.first_decision_number = number.strip()
        detail.first_outcome = outcome
        detail.first_on_time = on_time
    detail.window_ends_on = _due_day(updated)
    detail.money_restored += money_restored
    detail.rights_restored += rights_restored
    detail.save()
    _audit(actor, detail, "decided", instance=detail.instance, outcome=outcome, on_time=on_time)
    return detail


@transaction.atomic
def complaint_second(
    *, actor: Any, case: Case | int, received_on: datetime.date | None = None
) -> Complaint:
    """Record the second complaint against the first-instance decision (Art. 33); its
    acceptance clock follows the rules in force on the day it was received."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, received_on, "received_on")
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.SECOND_COMPLAINT,
        payload={"received_on": day.isoformat()},
        at=moment_of(day),
    )
    detail.instance = rules.Instance.SECOND
    detail.second_received_on = day
    detail.accept_due_on = _due_day(detail.case)
    detail.accepted_on_time = None
    detail.stage_started_on = None
    detail.save()
    late = detail.window_ends_on is not None and day > detail.window_ends_on
    _audit(actor, detail, "second_received", after_window=late)
    return detail


SIMPLE_STEPS = frozenset(
    {
        "verify",
        "dialogue",
        "dialogue_second",
        "lawsuit_first",
        "lawsuit_second",
        "first_effective",
        "second_effective",
        "enforce",
    }
)


@transaction.atomic
def complaint_step(
    *,
    actor: Any,
    case: Case | int,
    transition: str,
    on: datetime.date | None = None,
    note: str = "",
) -> Complaint:
    """The steps with no data of their own: start the verification, record the dialogue (at
    either instance), a lawsuit at the court, the legal effect (after the window, with no second
    complaint or lawsuit), the enforcement of the decision."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    if transition not in SIMPLE_STEPS:
        raise ValidationFailed(
            _("Record this step with its own action."),
            fields={"transition": _("Record this step with its own action.")},
        )
    if (
        transition in ("first_effective", "second_effective")
        and detail.window_ends_on is not None
        and day <= detail.window_ends_on
    ):
        raise Conflict(
            _("The decision takes effect only after %(day)s.")
            % {"day": f"{detail.window_ends_on:%d/%m/%Y}"}
        )
    detail.case = _transition(
        actor=actor, case=detail.case, transition=transition, reason=note.strip(), at=moment_of(day)
    )
    if transition.startswith("lawsuit"):
        detail.lawsuit_on = day
    elif transition.endswith("effective"):
        detail.effective_on = day
    elif transition == "enforce":
        detail.enforced_on = day
    detail.save()
    _audit(actor, detail, "step", transition=transition)
    return detail


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationFailed(
            _("Give the reason."), fields={"reason": _("This field is required.")}
        )
    return reason.strip()


@transaction.atomic
def complaint_suspend(
    *, actor: Any, case: Case | int, reason: str, on: datetime.date | None = None
) -> Complaint:
    """Suspend the resolution (from 1 Jul 2026, law Art. 11a; NĐ 155/2026 Art. 12): the clock
    stops; the decision is sent within 3 working days."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    reason = _reason(reason)
    detail.case = _transition(
        actor=actor, case=detail.case, transition=flow.SUSPEND, reason=reason, at=moment_of(day)
    )
    detail.suspended_on = day
    detail.save()
    _audit(actor, detail, "suspended", notice_due_on=suspension_notice_due(day).isoformat())
    return detail


def suspension_notice_due(day: datetime.date) -> datetime.date:
    return rules.due(day, rules.SUSPENSION_NOTICE, calendar=default_calendar())


@transaction.atomic
def complaint_continue(
    *, actor: Any, case: Case | int, on: datetime.date | None = None
) -> Complaint:
    """Continue a suspended resolution: the instance's whole limit runs again from the
    continuation decision (NĐ 155/2026 Art. 12)."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    second = detail.instance == rules.Instance.SECOND
    detail.case = _transition(
        actor=actor,
        case=detail.case,
        transition=flow.CONTINUE_SECOND if second else flow.CONTINUE_FIRST,
        payload={"complex": detail.complex_now, "start": day.isoformat()},
        at=moment_of(day),
    )
    detail.continued_on = day
    detail.stage_started_on = day
    if second:
        detail.second_due_on = _due_day(detail.case)
    else:
        detail.first_due_on = _due_day(detail.case)
    detail.save()
    _audit(actor, detail, "continued", due_on=str(_due_day(detail.case)))
    return detail


@transaction.atomic
def complaint_terminate(
    *, actor: Any, case: Case | int, reason: str, on: datetime.date | None = None
) -> Complaint:
    """Terminate the resolution (đình chỉ, from 1 Jul 2026, law Art. 11a)."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    reason = _reason(reason)
    detail.case = _transition(
        actor=actor, case=detail.case, transition=flow.TERMINATE, reason=reason, at=moment_of(day)
    )
    detail.terminated_on = day
    detail.end_reason = reason
    detail.save()
    _audit(actor, detail, "terminated")
    return detail


@transaction.atomic
def complaint_withdraw(
    *,
    actor: Any,
    case: Case | int,
    complainant_ids: Sequence[int] | None = None,
    reason: str = "",
    on: datetime.date | None = None,
) -> Complaint:
    """Record a withdrawal (Art. 10): by every remaining complainant (``complainant_ids`` None
    or all of them), which ends the case; or by some of many (NĐ 155/2026 Art. 5), which marks
    them and goes on with the others."""
    _ensure_worker(actor)
    detail = detail_for(actor, case)
    day = _check_day(detail, on)
    active = _active_complainants(detail)
    by_id = {person.pk: person for person in active}
    chosen = list(by_id) if complainant_ids is None else list(dict.fromkeys(complainant_ids))
    unknown = [pk for pk in chosen if pk not in by_id]
    if not chosen or unknown:
        raise ValidationFailed(
            _("Choose complainants who have not withdrawn."),
            fields={"complainant_ids": _("Choose complainants who have not withdrawn.")},
        )
    if detail.case.state not in flow.BEFORE_DECISION:
        raise Conflict(_("A complaint is withdrawn only before it is decided."))
    Complainant.objects.filter(pk__in=chosen).update(withdrawn_on=day)
    whole = len(chosen) == len(active)
    if whole:
        detail.case = _transition(
            actor=actor,
            case=detail.case,
            transition=flow.WITHDRAW,
            reason=reason.strip(),
            at=moment_of(day),
        )
        detail.withdrawn_on = day
        detail.end_reason = reason.strip()
        detail.save()
    _audit(actor, detail, "withdrawn", whole=whole, complainants=len(chosen))
    return detail
