"""Writes of the enforcement register. Each service is one transaction with its audit row;
the case's state changes go through ``tuphap.casework.services.case_transition`` (journal,
clock, 409 refusals). Bad input raises ``ValidationFailed`` naming every wrong field before
anything is written.

The import of historical data (another module) calls the same functions:
``case_open`` with the dataclasses below, then ``case_classify``, ``movement_record`` and
``case_transition`` with the ``decided_on`` date of each paper decision.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import services as case_services
from tuphap.casework.models import Case, CaseAction
from tuphap.core import audit
from tuphap.core import deadlines as core_deadlines
from tuphap.core.calendar import default_calendar
from tuphap.core.deadlines import Unit
from tuphap.core.errors import AccessDenied, Conflict, FieldErrors, NotFound, ValidationFailed
from tuphap.enforcement.cases import balance, history, permissions, rules, workflow
from tuphap.enforcement.cases.models import (
    WITHOUT_CONDITION_GROUNDS,
    Basis,
    ConditionGround,
    EnforcementCase,
    EnforcementRequest,
    Judgment,
    JudgmentKind,
    Movement,
    MovementKind,
    Obligation,
    ObligationKind,
    Party,
    PartyKind,
    PartyRole,
    Target,
)
from tuphap.places.models import AdministrativeUnit
from tuphap.statistics import services as statistics_services

PIN = re.compile(r"[0-9]{12}")
# the indicators this register marks as changed (``thads.*``, ADR 0021)
STATISTICS_PREFIX = "thads"


# -- input ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgmentData:
    court_name: str
    number: str
    issued_on: datetime.date
    kind: str
    effective_on: datetime.date


@dataclass(frozen=True)
class RequestData:
    basis: str
    requested_on: datetime.date
    requester_name: str = ""


@dataclass(frozen=True)
class PartyData:
    role: str
    kind: str
    name: str
    identification_number: str = ""
    organisation_code: str = ""
    address: str = ""


@dataclass(frozen=True)
class ObligationData:
    kind: str
    amount: int | None = None
    description: str = ""


def local_today() -> datetime.date:
    return case_deadlines.local_date(timezone.now())


def is_identification_number(value: str) -> bool:
    """12 digits (NĐ 137/2015 Art. 13; Luật Căn cước 2023 Art. 12). No check digit is defined
    in any source (domain.md §1.1), so none is checked."""
    return bool(PIN.fullmatch(value))


def request_limit(effective_on: datetime.date) -> datetime.date:
    """The last day a party may request enforcement: 5 years from the judgment's legal effect,
    rolled forward past a day off (Luật THADS 2008 Art. 30; BLDS 2015 Art. 148(5)). The time of
    postponement, suspension and force majeure that extends it is not recorded here."""
    years = (
        rules.REQUEST_LIMIT_YEARS_NEW
        if effective_on >= rules.NEW_LAW_FROM
        else rules.REQUEST_LIMIT_YEARS_OLD
    )
    return core_deadlines.due_date(effective_on, years, Unit.YEARS, calendar=default_calendar())


def _check_judgment(data: JudgmentData, errors: FieldErrors, today: datetime.date) -> None:
    if not data.court_name.strip():
        errors.add("judgment.court_name", _("This field is required."))
    if not data.number.strip():
        errors.add("judgment.number", _("This field is required."))
    if data.kind not in JudgmentKind.values:
        errors.add("judgment.kind", _("Choose a judgment type."))
    if data.issued_on > today:
        errors.add("judgment.issued_on", _("The date must not be in the future."))
    if data.effective_on < data.issued_on:
        errors.add("judgment.effective_on", _("A judgment takes effect on or after its date."))
    elif data.effective_on > today:
        errors.add("judgment.effective_on", _("The date must not be in the future."))


def _check_request(
    data: RequestData, judgment: JudgmentData, decision_date: datetime.date, errors: FieldErrors
) -> None:
    if data.basis not in Basis.values:
        errors.add("request.basis", _("Choose ex officio or on request."))
        return
    if data.requested_on < judgment.effective_on:
        errors.add(
            "request.requested_on", _("The request date is before the judgment took effect.")
        )
    elif data.requested_on > decision_date:
        errors.add("request.requested_on", _("The request date is after the decision date."))
    if data.basis == Basis.ON_REQUEST:
        if not data.requester_name.strip():
            errors.add("request.requester_name", _("This field is required."))
        limit = request_limit(judgment.effective_on)
        if data.requested_on > limit:
            errors.add(
                "request.requested_on",
                _(
                    "The time limit for requesting enforcement ended on %(limit)s "
                    "(5 years from the judgment's legal effect, Art. 30 of the Law on civil "
                    "judgment enforcement)."
                )
                % {"limit": limit.strftime("%d/%m/%Y")},
            )


def _check_parties(parties: list[PartyData], errors: FieldErrors) -> None:
    if not any(party.role == PartyRole.OBLIGOR for party in parties):
        errors.add("parties", _("Name at least one obligor."))
    for index, party in enumerate(parties):
        prefix = f"parties[{index}]"
        if party.role not in PartyRole.values:
            errors.add(f"{prefix}.role", _("Choose obligor, obligee or interested party."))
        if not party.name.strip():
            errors.add(f"{prefix}.name", _("This field is required."))
        if party.kind == PartyKind.PERSON:
            if party.identification_number and not is_identification_number(
                party.identification_number
            ):
                errors.add(
                    f"{prefix}.identification_number",
                    _("An identification number has exactly 12 digits."),
                )
            if party.organisation_code:
                errors.add(f"{prefix}.organisation_code", _("A person has no organisation code."))
        elif party.kind == PartyKind.ORGANISATION:
            if not party.organisation_code.strip():
                errors.add(f"{prefix}.organisation_code", _("This field is required."))
            if party.identification_number:
                errors.add(
                    f"{prefix}.identification_number",
                    _("An organisation has no personal identification number."),
                )
        else:
            errors.add(f"{prefix}.kind", _("Choose person or organisation."))


def _check_obligations(obligations: list[ObligationData], errors: FieldErrors) -> int:
    if not obligations:
        errors.add("obligations", _("Name at least one obligation."))
    total = 0
    for index, obligation in enumerate(obligations):
        prefix = f"obligations[{index}]"
        if obligation.kind == ObligationKind.MONEY:
            amount = obligation.amount
            if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
                errors.add(f"{prefix}.amount", _("Enter a whole positive number of đồng."))
            else:
                total += amount
        elif obligation.kind == ObligationKind.NON_MONEY:
            if obligation.amount is not None:
                errors.add(f"{prefix}.amount", _("A non-money obligation has no amount."))
            if not obligation.description.strip():
                errors.add(f"{prefix}.description", _("Describe the obligation."))
        else:
            errors.add(f"{prefix}.kind", _("Choose money or non-money."))
    return total


# -- opening -------------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    actor: Any,
    place: AdministrativeUnit,
    judgment: JudgmentData,
    request: RequestData,
    decision_number: str,
    decision_date: datetime.date,
    parties: list[PartyData],
    obligations: list[ObligationData],
    asset_recovery: bool = False,
    credit_institution_debt: bool = False,
    assignee: Any = None,
) -> EnforcementCase:
    """Open the case of one enforcement decision in the actor's office: the judgment (reused
    when the office already received it), the request, the case (numbered, in the state
    "accepted", its notice deadline running), the parties and the obligations.

    The case's event date is the decision date, so the law version and the rule set follow
    it. Every invalid field is reported at once (400); nothing is written then."""
    agency = getattr(actor, "agency", None)
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only the staff of an enforcement office may open cases."))
    assert agency is not None  # noqa: S101 - can_work checked it
    today = local_today()
    errors = FieldErrors()
    decision_number = decision_number.strip()
    if not decision_number:
        errors.add("decision_number", _("This field is required."))
    if decision_date > today:
        errors.add("decision_date", _("The date must not be in the future."))
    _check_judgment(judgment, errors, today)
    _check_request(request, judgment, decision_date, errors)
    _check_parties(parties, errors)
    total = _check_obligations(obligations, errors)
    if (
        decision_number
        and EnforcementCase.objects.filter(
            agency=agency, decision_year=decision_date.year, decision_number=decision_number
        ).exists()
    ):
        errors.add("decision_number", _("This office already has a decision with this number."))
    if not place.is_valid_on(decision_date):
        errors.add("place", _("Choose the administrative unit valid on the decision date."))
    elif not jurisdiction.covers(actor, place):
        errors.add("place", _("Choose a place within your jurisdiction."))
    existing = Judgment.objects.filter(
        agency=agency,
        court_name=judgment.court_name.strip(),
        number=judgment.number.strip(),
        issued_on=judgment.issued_on,
    ).first()
    if existing is not None and (
        existing.kind != judgment.kind or existing.effective_on != judgment.effective_on
    ):
        errors.add(
            "judgment.number",
            _("This judgment is already recorded with another type or effective date."),
        )
    errors.raise_if_any()

    judgment_row = existing or Judgment.objects.create(
        agency=agency,
        court_name=judgment.court_name.strip(),
        number=judgment.number.strip(),
        issued_on=judgment.issued_on,
        kind=judgment.kind,
        effective_on=judgment.effective_on,
    )
    request_row = EnforcementRequest.objects.create(
        judgment=judgment_row,
        basis=request.basis,
        requested_on=request.requested_on,
        requester_name=request.requester_name.strip(),
    )
    case = case_services.case_open(
        actor=actor,
        register=workflow.REGISTER,
        agency=agency,
        place=place,
        event_date=decision_date,
        assignee=assignee,
        payload={"decision_number": decision_number},
    )
    detail = EnforcementCase.objects.create(
        case=case,
        agency=agency,
        judgment=judgment_row,
        request=request_row,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_year=decision_date.year,
        law_version=rules.law_version(decision_date),
        asset_recovery=asset_recovery,
        credit_institution_debt=credit_institution_debt,
        amount_to_enforce=total,
    )
    Party.objects.bulk_create(
        [
            Party(
                enforcement_case=detail,
                role=party.role,
                kind=party.kind,
                name=party.name.strip(),
                identification_number=party.identification_number,
                organisation_code=party.organisation_code.strip(),
                address=party.address.strip(),
            )
            for party in parties
        ]
    )
    Obligation.objects.bulk_create(
        [
            Obligation(
                enforcement_case=detail,
                kind=obligation.kind,
                amount=obligation.amount,
                description=obligation.description.strip(),
            )
            for obligation in obligations
        ]
    )
    audit.record(
        actor=actor,
        action="enforcement.case.opened",
        obj=case,
        data={
            "decision_number": decision_number,
            "decision_date": decision_date.isoformat(),
            "law_version": detail.law_version,
            "basis": request.basis,
            "amount_to_enforce": total,
            "parties": len(parties),
        },
    )
    _mark(case, detail, decision_date)
    return detail


def _mark(case: Case, detail: EnforcementCase, day: datetime.date) -> None:
    """The case's (place, office) cell of the THADS figures changed from ``day``'s month on:
    queued for the incremental refresh in this transaction (ADR 0021)."""
    statistics_services.mark_changed(
        STATISTICS_PREFIX, place_id=case.place_id, agency_id=detail.agency_id, from_month=day
    )


# -- state changes -------------------------------------------------------------------------------


def _detail_for(actor: Any, case: Case) -> EnforcementCase:
    if not case_permissions.can_view_case(actor, case):
        raise NotFound(_("No such case."))
    detail = EnforcementCase.objects.select_related("request").filter(case=case).first()
    if detail is None:
        raise NotFound(_("No such enforcement case."))
    return detail


def _checked_decided_on(
    detail: EnforcementCase, case: Case, decided_on: datetime.date | None
) -> datetime.date:
    day = decided_on or local_today()
    if day > local_today():
        raise ValidationFailed(
            _("The date is in the future."),
            fields={"decided_on": _("The date must not be in the future.")},
        )
    last = history.step_dates(case, detail.decision_date)[-1][2]
    if day < last:
        raise ValidationFailed(
            _("The date is before the case's last step."),
            fields={
                "decided_on": _("The date must not be before %(day)s.")
                % {"day": last.strftime("%d/%m/%Y")}
            },
        )
    return day


def effective_at(case: Case, day: datetime.date) -> datetime.datetime:
    """When the step is journaled: now for a decision of today; for an earlier paper decision
    the end of its day, so that its deadline runs from it and its rule set is the one in force
    then — but never before the case's last journal row (the engine keeps the journal in order;
    a decision dated before the case was recorded starts its clock from the recording)."""
    now = timezone.now()
    if day >= local_today():
        return now
    moment = min(now, case_deadlines.end_of_day(day))
    last = (
        CaseAction.objects.filter(case=case).order_by("-sequence").values_list("at", flat=True)
    ).first()
    return max(moment, last) if last is not None else moment


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: Case,
    transition: str,
    decided_on: datetime.date | None = None,
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> Case:
    """Make ``transition`` with the date of its decision (today by default) through the case
    engine: the date must not be in the future nor before the case's last step (400); a
    transition not allowed now is refused with 409 and nothing is written."""
    detail = _detail_for(actor, case)
    day = _checked_decided_on(detail, case, decided_on)
    changed = case_services.case_transition(
        actor=actor,
        case=case,
        transition=transition,
        payload={**(payload or {}), history.DECIDED_ON: day.isoformat()},
        reason=reason,
        at=effective_at(case, day),
    )
    _mark(case, detail, day)
    return changed


@transaction.atomic
def case_classify(
    *,
    actor: Any,
    case: Case,
    with_conditions: bool,
    ground: str,
    decided_on: datetime.date | None = None,
    reason: str = "",
) -> EnforcementCase:
    """Classify the case with or without conditions (Luật THADS 2008 Art. 44, 44a): the
    transition ``classify_with`` / ``classify_without`` (the latter starts the 6-month
    re-verification clock), and the ground and date on the case detail."""
    valid = (
        WITHOUT_CONDITION_GROUNDS if not with_conditions else frozenset({ConditionGround.HAS_MEANS})
    )
    if ground not in valid:
        raise ValidationFailed(
            _("The ground does not fit the classification."),
            fields={
                "ground": _("Use one of: %(choices)s.") % {"choices": ", ".join(sorted(valid))}
            },
        )
    detail = _detail_for(actor, case)
    day = _checked_decided_on(detail, case, decided_on)
    name = "classify_with" if with_conditions else "classify_without"
    case_services.case_transition(
        actor=actor,
        case=case,
        transition=name,
        payload={"ground": ground, history.DECIDED_ON: day.isoformat()},
        reason=reason,
        at=effective_at(case, day),
    )
    detail.condition_ground = ground
    detail.classified_on = day
    detail.save(update_fields=["condition_ground", "classified_on"])
    audit.record(
        actor=actor,
        action="enforcement.case.classified",
        obj=case,
        data={"with_conditions": with_conditions, "ground": ground, "on": day.isoformat()},
    )
    _mark(case, detail, day)
    detail.case.refresh_from_db()
    return detail


# -- money ---------------------------------------------------------------------------------------


@transaction.atomic
def movement_record(
    *,
    actor: Any,
    case: Case,
    kind: str,
    amount: int,
    on_date: datetime.date,
    note: str = "",
) -> Movement:
    """Record money collected from the obligor, exempted/reduced, or paid out to the obligee.
    Collected and reduced together never exceed the amount to enforce; paid out never exceeds
    what was collected. The case row is locked so that two clerks cannot both overdraw it."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    detail = _detail_for(actor, locked)
    if not permissions.can_work(actor) or actor.agency_id != locked.agency_id:
        raise AccessDenied(_("Only the staff of the case's office may record money."))
    if not locked.is_open:
        raise Conflict(_("The case is closed."))
    errors = FieldErrors()
    if kind not in MovementKind.values:
        errors.add("kind", _("Choose collected, reduced or paid out."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        errors.add("amount", _("Enter a whole positive number of đồng."))
    if on_date > local_today():
        errors.add("on_date", _("The date must not be in the future."))
    elif on_date < detail.decision_date:
        errors.add("on_date", _("The date is before the enforcement decision."))
    errors.raise_if_any()
    money = balance.money_of(detail)
    if kind == MovementKind.PAID_OUT:
        if amount > money.collected - money.paid_out:
            errors.add(
                "amount",
                _("Only %(amount)s đồng collected is not yet paid out.")
                % {"amount": money.collected - money.paid_out},
            )
    elif amount > money.outstanding:
        errors.add(
            "amount",
            _("Only %(amount)s đồng remains to be enforced.") % {"amount": money.outstanding},
        )
    errors.raise_if_any()
    movement = Movement.objects.create(
        enforcement_case=detail,
        # an enforcement case always has a place (never a central-level case)
        province_id=cast(int, locked.province_id),
        kind=kind,
        amount=amount,
        on_date=on_date,
        note=note.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="enforcement.money.recorded",
        obj=locked,
        data={"kind": kind, "amount": amount, "on_date": on_date.isoformat()},
    )
    _mark(locked, detail, on_date)
    return movement


# -- targets -------------------------------------------------------------------------------------


def _rate(value: Any, name: str, errors: FieldErrors) -> Decimal:
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(name, _("Enter a percentage from 0 to 100."))
        return Decimal(0)
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        errors.add(name, _("Enter a percentage from 0 to 100."))
        return Decimal(0)
    return rate.quantize(Decimal("0.01"))


@transaction.atomic
def target_set(*, actor: Any, agency: Agency, year: int, case_rate: Any, money_rate: Any) -> Target:
    """Set (or change) an office's rate targets for THADS statistical year ``year``."""
    if not permissions.can_set_targets(actor):
        raise AccessDenied(_("Only the ministry sets enforcement targets."))
    errors = FieldErrors()
    if not permissions.is_enforcement_office(agency):
        errors.add("agency", _("Choose an enforcement office."))
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        errors.add("year", _("Enter a year from 2000 to 2100."))
    cases = _rate(case_rate, "case_rate", errors)
    money = _rate(money_rate, "money_rate", errors)
    errors.raise_if_any()
    target, created = Target.objects.update_or_create(
        agency=agency,
        year=year,
        defaults={"case_rate": cases, "money_rate": money, "set_by": actor},
    )
    audit.record(
        actor=actor,
        action="enforcement.target.set",
        obj=target,
        data={
            "agency": agency.pk,
            "year": year,
            "case_rate": str(cases),
            "money_rate": str(money),
            "created": created,
        },
    )
    return target
