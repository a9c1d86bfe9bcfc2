"""The writes of the state compensation register: a claim received, each step of its
resolution, the advance, postponements and suspensions, the decision, the payment chain and the
recourse against the official at fault. Each call is one transaction: the case engine's step,
the claim's detail and an audit row (docs/domain/compensation.md)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import User
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import services as case_services
from tuphap.casework import workflow as case_workflow
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.calendar import default_calendar
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, FieldErrors, NotFound, ValidationFailed
from tuphap.oversight.compensation import permissions, rules
from tuphap.oversight.compensation import workflow as compensation
from tuphap.oversight.compensation.models import (
    Advance,
    CompensationClaim,
    DamageItem,
    Interruption,
    Recourse,
    RecourseInstalment,
)
from tuphap.places.models import AdministrativeUnit

PIN_LENGTH = 12
# A step dated on an earlier day is placed at this hour of that day (a step of today at now).
PAST_STEP_HOUR = datetime.time(16, 0)


@dataclass(frozen=True)
class ClaimData:
    """A claim for compensation (the file of Art. 41)."""

    claimant_kind: str
    claimant_name: str
    basis_kind: str
    basis_number: str
    basis_date: datetime.date
    basis_received_on: datetime.date
    sector: str
    unlawful_act: str
    received_on: datetime.date
    damages: Mapping[str, int]  # head -> amount claimed, đồng
    claimant_pin: str = ""
    claimant_address: str = ""
    injured_name: str = ""
    basis_issuer: str = ""
    by_post: bool = False
    honour_form: str = ""
    excluded_periods: tuple[tuple[datetime.date, datetime.date], ...] = ()


@dataclass(frozen=True)
class StepData:
    """What a step records besides its date (each step reads the fields it needs)."""

    on: datetime.date | None = None
    ground: str = ""
    reason: str = ""
    complex: bool = False
    resolver_id: int | None = None
    amounts: Mapping[str, int] = field(default_factory=dict)  # verified or decided per head
    decision_number: str = ""
    handed_over_on: datetime.date | None = None
    agreed: bool = True
    ground_arose_on: datetime.date | None = None
    court_name: str = ""
    amount: int | None = None


def _today() -> datetime.date:
    return case_deadlines.local_date(timezone.now())


def _moment(on: datetime.date | None) -> datetime.datetime:
    """The moment a step dated ``on`` is journaled at: now for today, the afternoon of an
    earlier day (a step recorded from the paper file)."""
    if on is None or on >= _today():
        return timezone.now()
    return datetime.datetime.combine(on, PAST_STEP_HOUR, tzinfo=LOCAL_TIME_ZONE)


def _day(errors: FieldErrors, name: str, day: datetime.date | None, *, after: Any = None) -> bool:
    if day is None:
        errors.add(name, _("This field is required."))
        return False
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        errors.add(name, _("Give a date."))
        return False
    if day > _today():
        errors.add(name, _("The date must not be in the future."))
        return False
    if after is not None and day < after:
        errors.add(
            name, _("The date must not be before %(day)s.") % {"day": after.strftime("%d/%m/%Y")}
        )
        return False
    return True


def _money(errors: FieldErrors, name: str, amount: Any, *, required: bool = True) -> bool:
    if amount is None and not required:
        return True
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors.add(name, _("Give a whole number of đồng."))
        return False
    if amount < 0:
        errors.add(name, _("The amount must not be negative."))
        return False
    return True


def _ensure_worker(actor: Any) -> None:
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only a state compensation officer records compensation claims."))


def _transition(*, claim: CompensationClaim | None = None, **kwargs: Any) -> Case:
    """A step of the case engine, made by this module (the register's guard lets only it); a
    date before the last step is reported on the step's date. The deadline rules read
    ``claim``, the detail this service holds locked, instead of loading it again."""
    try:
        with compensation.through_services(), compensation.stepping(claim):
            return case_services.case_transition(**kwargs)
    except ValidationFailed as error:
        if "at" in error.fields:
            error.fields["on"] = error.fields.pop("at")
        raise


def _check_claim(errors: FieldErrors, data: ClaimData) -> None:
    for name in ("claimant_name", "basis_number", "unlawful_act"):
        if not str(getattr(data, name)).strip():
            errors.add(name, _("This field is required."))
    if data.claimant_kind not in rules.ClaimantKind.values:
        errors.add("claimant_kind", _("Choose the injured person, an heir or a representative."))
    elif data.claimant_kind != rules.ClaimantKind.INJURED and not data.injured_name.strip():
        errors.add("injured_name", _("An heir or a representative names the injured person."))
    if data.basis_kind not in rules.BasisKind.values:
        errors.add("basis_kind", _("Choose the kind of basis document."))
    if data.sector not in rules.Sector.values:
        errors.add("sector", _("Choose the sector of the unlawful act."))
    if data.honour_form not in rules.HonourForm.values:
        errors.add("honour_form", _("Choose a form of honour restoration."))
    if data.claimant_pin and (
        len(data.claimant_pin) != PIN_LENGTH or not data.claimant_pin.isdigit()
    ):
        errors.add("claimant_pin", _("A personal identification number is 12 digits."))
    basis = _day(errors, "basis_date", data.basis_date)
    received_basis = _day(
        errors,
        "basis_received_on",
        data.basis_received_on,
        after=data.basis_date if basis else None,
    )
    _day(
        errors,
        "received_on",
        data.received_on,
        after=data.basis_received_on if received_basis else None,
    )
    first_day = compensation.RULES.valid_from
    if isinstance(data.received_on, datetime.date) and first_day and data.received_on < first_day:
        errors.add("received_on", _("The Law on State Compensation 2017 applies from 1 July 2018."))
    for first, last in data.excluded_periods:
        if last < first:
            errors.add("excluded_periods", _("A period not counted ends before it starts."))
    if not data.damages:
        errors.add("damages", _("Claim at least one head of damage."))
    for head, amount in data.damages.items():
        if head not in rules.DamageHead.values:
            errors.add("damages", _("Unknown head of damage %(head)s.") % {"head": head})
        elif _money(errors, f"damage_{head}", amount) and amount == 0:
            errors.add(f"damage_{head}", _("A head claimed has an amount."))


@transaction.atomic
def claim_open(*, actor: Any, place: AdministrativeUnit, data: ClaimData) -> CompensationClaim:
    """Receive a claim in the actor's agency (Art. 41): the case is numbered in the agency's
    book, its 5-working-day review clock runs (Art. 42(1)), and the statute's last day is
    computed (Art. 6). Every bad field is reported at once; nothing is written."""
    _ensure_worker(actor)
    errors = FieldErrors()
    _check_claim(errors, data)
    if data.received_on and not place.is_valid_on(data.received_on):
        errors.add("place", _("Choose the administrative unit valid on the day of receipt."))
    elif not jurisdiction.covers(actor, place):
        errors.add("place", _("Choose a place within your jurisdiction."))
    errors.raise_if_any()
    calendar = default_calendar()
    agency = actor.agency
    case = case_services.case_open(
        actor=actor,
        register=compensation.REGISTER,
        agency=agency,
        place=place,
        event_date=data.received_on,
        assignee=actor,
        payload={"sector": data.sector, "claimed": sum(data.damages.values())},
        at=_moment(data.received_on),
    )
    claim = CompensationClaim.objects.create(
        case=case,
        agency=agency,
        claimant_kind=data.claimant_kind,
        claimant_name=data.claimant_name.strip(),
        claimant_pin=data.claimant_pin,
        claimant_address=data.claimant_address.strip(),
        injured_name=data.injured_name.strip(),
        basis_kind=data.basis_kind,
        basis_number=data.basis_number.strip(),
        basis_date=data.basis_date,
        basis_issuer=data.basis_issuer.strip(),
        basis_received_on=data.basis_received_on,
        excluded_periods=[[a.isoformat(), b.isoformat()] for a, b in data.excluded_periods],
        statute_ends_on=rules.statute_ends(
            data.basis_received_on, data.excluded_periods, calendar=calendar
        ),
        sector=data.sector,
        unlawful_act=data.unlawful_act.strip(),
        received_on=data.received_on,
        by_post=data.by_post,
        acknowledge_due_on=(
            rules.due(data.received_on, rules.ACKNOWLEDGE, calendar=calendar)
            if data.by_post
            else None
        ),
        honour_form=data.honour_form,
    )
    DamageItem.objects.bulk_create(
        DamageItem(claim=claim, head=head, claimed=amount) for head, amount in data.damages.items()
    )
    audit.record(
        actor=actor,
        action="oversight.compensation.received",
        obj=case,
        data={
            "sector": claim.sector,
            "claimed": sum(data.damages.values()),
            "statute_ends_on": claim.statute_ends_on.isoformat(),
        },
    )
    return claim


def _claim_for(actor: Any, case: Case) -> CompensationClaim:
    if (
        case.register != compensation.REGISTER
        or not case_permissions.can_view_case(actor, case)
        or not permissions.works_on(actor, case.agency_id)
    ):
        raise NotFound(_("No such compensation claim."))
    # The claim and its case read in one statement, both rows locked (the case row is what
    # the case engine locks too).
    claim = (
        CompensationClaim.objects.select_for_update(of=("self", "case"))
        .select_related("case")
        .filter(case_id=case.pk)
        .first()
    )
    if claim is None:
        raise NotFound(_("No such compensation claim."))
    return claim


def _due_day(case: Case) -> datetime.date | None:
    return case_deadlines.local_date(case.due_at) if case.due_at else None


def _amounts(
    errors: FieldErrors, claim: CompensationClaim, amounts: Mapping[str, int]
) -> dict[str, int]:
    """The amounts given for the claim's heads: one for each head claimed, none above it."""
    claimed = {item.head: item.claimed for item in claim.damages.all()}
    result = {}
    for head, limit in claimed.items():
        amount = amounts.get(head)
        name = f"damage_{head}"
        if amount is None:
            errors.add(name, _("Give an amount for each head claimed."))
        elif _money(errors, name, amount):
            if amount > limit:
                errors.add(name, _("The amount is more than the amount claimed."))
            result[head] = amount
    for head in amounts:
        if head not in claimed:
            errors.add(f"damage_{head}", _("This head of damage was not claimed."))
    return result


def _set_amounts(claim: CompensationClaim, column: str, amounts: Mapping[str, int]) -> None:
    items = list(claim.damages.all())
    for item in items:
        setattr(item, column, amounts.get(item.head))
    DamageItem.objects.bulk_update(items, [column])


SIMPLE_STEPS = frozenset(
    {"request_papers", "file_complete", "verify", "start_negotiation", "funds_received", "notify"}
)


@transaction.atomic
def claim_step(
    *, actor: Any, case: Case, transition: str, data: StepData | None = None
) -> CompensationClaim:
    """Any step of the resolution, dated ``data.on`` (today by default): each records its
    dates and what the law asks of it, checked before anything is written."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    case = claim.case
    data = data or StepData()
    on = data.on or _today()
    # A step the state does not allow is refused (409) before its fields are looked at.
    with compensation.through_services():
        case_workflow.check_transition(
            spec=compensation.SPEC, case=case, actor=actor, name=transition, payload={}, day=on
        )
    errors = FieldErrors()
    _day(errors, "on", on)
    calendar = default_calendar()
    payload: dict[str, Any] = {"on": on.isoformat()}
    updates: dict[str, Any] = {}
    amounts: dict[str, int] = {}
    if transition == "request_papers":
        updates = {
            "papers_requested_on": on,
            "papers_due_on": rules.due(on, rules.SUPPLY, calendar=calendar),
        }
    elif transition == "file_complete":
        updates = {
            "file_complete_on": on,
            "accept_due_on": rules.due(on, rules.ACCEPT, calendar=calendar),
        }
    elif transition == compensation.ACCEPT:
        if claim.received_on > claim.statute_ends_on:
            errors.add(
                "on",
                _(
                    "The claim came after the statute ended on %(day)s (Art. 6): refuse it on "
                    "that ground."
                )
                % {"day": claim.statute_ends_on.strftime("%d/%m/%Y")},
            )
        complete = claim.file_complete_on or claim.received_on
        accept_due = claim.accept_due_on or rules.due(complete, rules.ACCEPT, calendar=calendar)
        updates = {
            "accepted_on": on,
            "file_complete_on": complete,
            "accept_due_on": accept_due,
            "accepted_on_time": on <= accept_due,
            "complex": data.complex,
        }
        payload["complex"] = data.complex
    elif transition == "refuse":
        if data.ground not in rules.RefusalGround.values:
            errors.add("ground", _("Choose a ground of Art. 43(2)."))
        updates = {"refusal_ground": data.ground, "ended_on": on, "end_ground": data.ground}
    elif transition == compensation.ASSIGN:
        resolver = permissions.workers(
            User.objects.filter(pk=data.resolver_id or 0, agency_id=case.agency_id)
        ).first()
        if resolver is None:
            errors.add("resolver", _("Choose a compensation officer of the agency."))
        updates = {"resolver": resolver, "resolver_assigned_on": on}
    elif transition == "verify":
        amounts = _amounts(errors, claim, data.amounts)
        updates = {"verified_on": on}
    elif transition == "start_negotiation":
        updates = {"negotiation_started_on": on}
    elif transition == compensation.DECIDE:
        amounts = _amounts(errors, claim, data.amounts)
        if not data.decision_number.strip():
            errors.add("decision_number", _("This field is required."))
        handed = data.handed_over_on or on
        if _day(errors, "handed_over_on", handed, after=on):
            effective = rules.decision_effective_on(handed)
            payload["effective_on"] = effective.isoformat()
            due_day = _due_day(case)
            updates = {
                "decision_number": data.decision_number.strip(),
                "decided_on": on,
                "handed_over_on": handed,
                "effective_on": effective,
                "negotiation_agreed": data.agreed,
                "decision_due_on": due_day,
                "decided_on_time": due_day is None or on <= due_day,
            }
    elif transition == "cancel_decision":
        if not data.reason.strip():
            errors.add("reason", _("Give the reason the decision is cancelled."))
        updates = {
            "decision_cancelled_on": on,
            "decision_number": "",
            "decided_on": None,
            "handed_over_on": None,
            "effective_on": None,
            "decided_on_time": None,
            "decision_due_on": None,
        }
    elif transition == "request_funding":
        if claim.effective_on and on < claim.effective_on:
            errors.add(
                "on",
                _("The decision takes effect on %(day)s: request the funding from then.")
                % {"day": claim.effective_on.strftime("%d/%m/%Y")},
            )
        updates = {"funding_requested_on": on}
    elif transition == "funds_received":
        updates = {"funds_received_on": on}
    elif transition == "notify":
        updates = {"notified_on": on}
    elif transition == "pay":
        remaining = outstanding(claim)
        amount = remaining if data.amount is None else data.amount
        if _money(errors, "amount", amount) and not 0 < amount <= remaining:
            errors.add(
                "amount",
                _("Pay from 1 đồng to the %(amount)s đồng still owed.")
                % {"amount": f"{remaining:,}".replace(",", ".")},
            )
        updates = {"paid_on": on, "paid_amount": amount}
    elif transition == "terminate":
        if data.ground not in rules.TerminationGround.values:
            errors.add("ground", _("Choose a ground of Art. 51(1)."))
        arose = data.ground_arose_on or on
        if _day(errors, "ground_arose_on", arose) and arose > on:
            errors.add("ground_arose_on", _("The ground arises before the termination."))
        updates = {
            "ended_on": on,
            "end_ground": data.ground,
            "ground_arose_on": arose,
            "end_late": on > rules.due(arose, rules.TERMINATE_DECIDE, calendar=calendar),
        }
    elif transition == "to_court":
        if not data.court_name.strip():
            errors.add("court_name", _("Name the court."))
        updates = {"court_name": data.court_name.strip(), "court_filed_on": on, "ended_on": on}
    elif not compensation.SPEC.has_transition(transition):
        errors.add("transition", _("Not a step of this register."))
    errors.raise_if_any()
    updated = _transition(
        claim=claim,
        actor=actor,
        case=case,
        transition=transition,
        payload=payload,
        reason=data.reason,
        at=_moment(on),
    )
    claim.case = updated
    for name, value in updates.items():
        setattr(claim, name, value)
    if updates:  # only what the step changed (the rest of the row is as it was read, locked)
        claim.save(update_fields=list(updates))
    if transition == "verify":
        _set_amounts(claim, "verified", amounts)
    elif transition == compensation.DECIDE:
        _set_amounts(claim, "decided", amounts)
    elif transition == "cancel_decision":
        _set_amounts(claim, "decided", {})
    audit.record(
        actor=actor,
        action="oversight.compensation.step",
        obj=updated,
        data={
            "transition": transition,
            "state": updated.state,
            "on": on.isoformat(),
            **({"amounts": amounts} if amounts else {}),
            **({"ground": data.ground} if data.ground else {}),
        },
    )
    return claim


@transaction.atomic
def claim_extend(*, actor: Any, case: Case, reason: str) -> CompensationClaim:
    """Extend the verification (once, up to 15 days), the negotiation (once, up to 10 days) by
    agreement, or the payout (to 15 working days) as the running clock allows."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    claim.case = case_services.case_extend(actor=actor, case=claim.case, reason=reason)
    audit.record(
        actor=actor,
        action="oversight.compensation.extended",
        obj=claim.case,
        data={"state": claim.case.state, "due_at": claim.case.due_at.isoformat()}
        if claim.case.due_at
        else {"state": claim.case.state},
    )
    return claim


# -- money ---------------------------------------------------------------------------------------


def totals(claim: CompensationClaim) -> dict[str, int]:
    """The claim's money: claimed, verified, decided, advanced (paid), paid and still owed."""
    claimed = verified = decided = 0
    for item in claim.damages.all():
        claimed += item.claimed
        verified += item.verified or 0
        decided += item.decided or 0
    advanced = (
        claim.advances.filter(paid_on__isnull=False).aggregate(total=Sum("amount"))["total"] or 0
    )
    return {
        "claimed": claimed,
        "verified": verified,
        "decided": decided,
        "advanced": advanced,
        "paid": claim.paid_amount,
        "owed": max(0, decided - advanced - claim.paid_amount),
    }


def outstanding(claim: CompensationClaim) -> int:
    return totals(claim)["owed"]


@transaction.atomic
def advance_request(
    *,
    actor: Any,
    case: Case,
    requested_on: datetime.date,
    mental: int,
    computable: int,
    amount: int,
) -> Advance:
    """An advance (Art. 44), once the claim is accepted and before the decision: at least half of
    the mental harm and of the damages computable at once, due within 5 working days."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    errors = FieldErrors()
    if claim.case.state not in compensation.RESOLVING:
        errors.add("case", _("An advance is given after acceptance and before the decision."))
    _day(errors, "requested_on", requested_on, after=claim.accepted_on)
    mental_claimed = sum(item.claimed for item in claim.damages.all() if item.head == "mental")
    if _money(errors, "mental", mental) and mental > mental_claimed:
        errors.add("mental", _("More than the mental harm claimed."))
    _money(errors, "computable", computable)
    if _money(errors, "amount", amount) and not errors.fields:
        least = rules.advance_minimum(mental, computable)
        if amount < least or amount == 0:
            errors.add(
                "amount",
                _("At least half of the mental harm and computable damages: %(amount)s đồng.")
                % {"amount": f"{least:,}".replace(",", ".")},
            )
        elif amount > mental + computable:
            errors.add("amount", _("Not more than the mental harm and computable damages."))
    errors.raise_if_any()
    row = Advance.objects.create(
        claim=claim,
        requested_on=requested_on,
        mental=mental,
        computable=computable,
        minimum=rules.advance_minimum(mental, computable),
        amount=amount,
        due_on=rules.due(requested_on, rules.ADVANCE, calendar=default_calendar()),
    )
    audit.record(
        actor=actor,
        action="oversight.compensation.advance_requested",
        obj=claim.case,
        data={"amount": amount, "due_on": row.due_on.isoformat()},
    )
    return row


@transaction.atomic
def advance_pay(*, actor: Any, case: Case, advance_id: int, paid_on: datetime.date) -> Advance:
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    row = Advance.objects.select_for_update().filter(pk=advance_id, claim=claim).first()
    if row is None:
        raise NotFound(_("No such advance."))
    errors = FieldErrors()
    if row.paid_on is not None:
        errors.add("paid_on", _("This advance is already paid."))
    _day(errors, "paid_on", paid_on, after=row.requested_on)
    errors.raise_if_any()
    row.paid_on = paid_on
    row.paid_on_time = paid_on <= row.due_on
    row.save(update_fields=["paid_on", "paid_on_time"])
    audit.record(
        actor=actor,
        action="oversight.compensation.advance_paid",
        obj=claim.case,
        data={"advance": row.pk, "amount": row.amount, "on_time": row.paid_on_time},
    )
    return row


# -- postponement and suspension -----------------------------------------------------------------


@transaction.atomic
def interruption_start(
    *,
    actor: Any,
    case: Case,
    kind: str,
    reason: str,
    ground_arose_on: datetime.date,
    decided_on: datetime.date,
    until: datetime.date,
) -> Interruption:
    """Postpone (Art. 49: decided within 2 working days, at most 30 days) or suspend (Art. 50:
    decided within 1 working day) the resolution: the case's clock stands still from the
    decision; a decision after its limit is recorded and flagged."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    errors = FieldErrors()
    if kind not in rules.InterruptionKind.values:
        errors.add("kind", _("Choose a postponement or a suspension."))
    if claim.case.state not in compensation.RESOLVING:
        errors.add("kind", _("Only a claim being resolved is postponed or suspended."))
    if not reason.strip():
        errors.add("reason", _("This field is required."))
    arose = _day(errors, "ground_arose_on", ground_arose_on, after=claim.accepted_on)
    decided = _day(errors, "decided_on", decided_on, after=ground_arose_on if arose else None)
    if decided and (until is None or until <= decided_on):
        errors.add("until", _("The end is after the decision."))
    elif decided and kind in rules.INTERRUPTION_LIMITS:
        longest = rules.INTERRUPTION_LIMITS[rules.InterruptionKind(kind)][1]
        if (until - decided_on).days > longest:
            errors.add("until", _("At most %(days)d days.") % {"days": longest})
    errors.raise_if_any()
    limit = rules.INTERRUPTION_LIMITS[rules.InterruptionKind(kind)][0]
    decide_due = rules.due(ground_arose_on, limit, calendar=default_calendar())
    try:
        claim.case = case_services.case_pause(
            actor=actor, case=claim.case, reason=reason.strip(), at=_moment(decided_on)
        )
    except ValidationFailed as error:
        if "at" in error.fields:
            error.fields["decided_on"] = error.fields.pop("at")
        raise
    row = Interruption.objects.create(
        claim=claim,
        kind=kind,
        reason=reason.strip(),
        ground_arose_on=ground_arose_on,
        decided_on=decided_on,
        decide_due_on=decide_due,
        late=decided_on > decide_due,
        until=until,
    )
    audit.record(
        actor=actor,
        action="oversight.compensation.interrupted",
        obj=claim.case,
        data={"kind": kind, "late": row.late, "until": until.isoformat()},
    )
    return row


@transaction.atomic
def interruption_end(*, actor: Any, case: Case, resumed_on: datetime.date) -> Interruption:
    """Resume the resolution: the clock is pushed back by the days it stood still."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    row = (
        Interruption.objects.select_for_update()
        .filter(claim=claim, resumed_on__isnull=True)
        .order_by("-decided_on")
        .first()
    )
    if row is None:
        raise ValidationFailed(
            _("The resolution is not postponed or suspended."),
            fields={"resumed_on": _("Nothing to resume.")},
        )
    errors = FieldErrors()
    _day(errors, "resumed_on", resumed_on, after=row.decided_on)
    errors.raise_if_any()
    claim.case = case_services.case_resume(actor=actor, case=claim.case, at=_moment(resumed_on))
    row.resumed_on = resumed_on
    row.save(update_fields=["resumed_on"])
    audit.record(
        actor=actor,
        action="oversight.compensation.resumed",
        obj=claim.case,
        data={"kind": row.kind, "resumed_on": resumed_on.isoformat()},
    )
    return row


# -- honour and recourse -------------------------------------------------------------------------


@transaction.atomic
def honour_restored(*, actor: Any, case: Case, on: datetime.date) -> CompensationClaim:
    """Record the honour restored (Art. 56–58) in the form the claimant asked."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    errors = FieldErrors()
    if not claim.honour_form:
        errors.add("on", _("The claimant did not ask for honour restoration."))
    _day(errors, "on", on, after=claim.accepted_on)
    errors.raise_if_any()
    claim.honour_restored_on = on
    claim.save(update_fields=["honour_restored_on"])
    audit.record(
        actor=actor, action="oversight.compensation.honour_restored", obj=claim.case, data={}
    )
    return claim


@transaction.atomic
def recourse_decide(
    *,
    actor: Any,
    case: Case,
    official_name: str,
    decision_number: str,
    decided_on: datetime.date,
    amount: int,
    official_position: str = "",
) -> Recourse:
    """The recourse against the official at fault (Art. 65), once the compensation is paid:
    an amount up to what the State paid."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    errors = FieldErrors()
    if claim.case.state != compensation.PAID:
        errors.add("case", _("The recourse is decided once the compensation is paid."))
    if Recourse.objects.filter(claim=claim).exists():
        errors.add("case", _("The recourse of this claim is already decided."))
    for name, value in (("official_name", official_name), ("decision_number", decision_number)):
        if not value.strip():
            errors.add(name, _("This field is required."))
    _day(errors, "decided_on", decided_on, after=claim.paid_on)
    money = totals(claim)
    paid = money["paid"] + money["advanced"]
    if _money(errors, "amount", amount) and not 0 < amount <= paid:
        errors.add("amount", _("From 1 đồng to the amount the State paid."))
    errors.raise_if_any()
    row = Recourse.objects.create(
        claim=claim,
        official_name=official_name.strip(),
        official_position=official_position.strip(),
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        amount=amount,
    )
    audit.record(
        actor=actor,
        action="oversight.compensation.recourse_decided",
        obj=claim.case,
        data={"amount": amount},
    )
    return row


def recourse_collected(recourse: Recourse) -> int:
    return recourse.instalments.aggregate(total=Sum("amount"))["total"] or 0


@transaction.atomic
def recourse_collect(
    *, actor: Any, case: Case, paid_on: datetime.date, amount: int
) -> RecourseInstalment:
    """An instalment the official repaid; never more than is outstanding."""
    _ensure_worker(actor)
    claim = _claim_for(actor, case)
    recourse = Recourse.objects.select_for_update().filter(claim=claim).first()
    if recourse is None:
        raise ValidationFailed(
            _("No recourse is decided for this claim."),
            fields={"amount": _("Decide the recourse first.")},
        )
    errors = FieldErrors()
    _day(errors, "paid_on", paid_on, after=recourse.decided_on)
    left = recourse.amount - recourse_collected(recourse)
    if _money(errors, "amount", amount) and not 0 < amount <= left:
        errors.add(
            "amount",
            _("From 1 đồng to the %(amount)s đồng outstanding.")
            % {"amount": f"{left:,}".replace(",", ".")},
        )
    errors.raise_if_any()
    row = RecourseInstalment.objects.create(recourse=recourse, paid_on=paid_on, amount=amount)
    audit.record(
        actor=actor,
        action="oversight.compensation.recourse_collected",
        obj=claim.case,
        data={"amount": amount, "outstanding": left - amount},
    )
    return row
