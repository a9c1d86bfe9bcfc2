"""The writes of the legal aid register: a request received, a procedural body's notice, the
acceptance, the assignment of a performer, the steps to the end, the evaluation and the survey.
Each call is one transaction: the case engine's step, the register's detail and an audit row
(docs/domain/legal-aid.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core import audit, persons
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import AccessDenied, FieldErrors, NotFound, ValidationFailed
from tuphap.legal_aid.cases import rules
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice, Sex
from tuphap.legal_aid.providers import permissions
from tuphap.legal_aid.providers import services as providers
from tuphap.legal_aid.providers.models import Performer
from tuphap.places.models import AdministrativeUnit

PIN_LENGTH = 12


@dataclass(frozen=True)
class RequestData:
    """A request for legal aid (Mẫu 02): the person, the eligibility, the matter."""

    full_name: str
    sex: str
    group: str
    matter: str
    form: str
    field: str
    requested_at: datetime.datetime
    date_of_birth: datetime.date | None = None
    pin: str = ""
    address: str = ""
    proof: str = ""
    financial_difficulty: str = ""
    especially_difficult_area: bool = False
    procedural_status: str = ""
    stage: str = ""


@dataclass(frozen=True)
class NoticeData:
    """A procedural body's notice (TTLT 10/2018 Art. 3)."""

    body_kind: str
    body_name: str
    person_requested_at: datetime.datetime
    notified_at: datetime.datetime
    officer_name: str = ""


def _transition(**kwargs: Any) -> Case:
    """A step of the case engine, made by this module (the register's guard lets only it)."""
    with legal_aid.through_services():
        return case_services.case_transition(**kwargs)


def _now() -> datetime.datetime:
    return timezone.now()


def _aware(errors: FieldErrors, name: str, moment: datetime.datetime | None) -> bool:
    if moment is None:
        errors.add(name, _("This field is required."))
        return False
    if timezone.is_naive(moment):
        errors.add(name, _("Give a time with its time zone."))
        return False
    if moment > _now():
        errors.add(name, _("The time must not be in the future."))
        return False
    return True


def _check_request(errors: FieldErrors, data: RequestData) -> None:
    for name in ("full_name", "matter"):
        if not getattr(data, name).strip():
            errors.add(name, _("This field is required."))
    if data.sex not in Sex.values:
        errors.add("sex", _("Choose male or female."))
    if data.group not in rules.Group.values:
        errors.add("group", _("Choose an eligibility group of Art. 7 of the Law on Legal Aid."))
    elif rules.needs_financial_difficulty(data.group) and not data.financial_difficulty:
        errors.add(
            "financial_difficulty",
            _(
                "This group is eligible only in financial difficulty: a near-poor household or "
                "a monthly social allowance (Decree 144/2017 Art. 2)."
            ),
        )
    if data.financial_difficulty not in rules.FinancialDifficulty.values:
        errors.add("financial_difficulty", _("Choose a near-poor household or a social allowance."))
    if data.form not in rules.Form.values:
        errors.add("form", _("Choose participation in proceedings, advice or representation."))
    if data.field not in rules.Field.values:
        errors.add("field", _("Choose the field of the matter."))
    if data.procedural_status not in rules.ProceduralStatus.values:
        errors.add("procedural_status", _("Choose the person's status in the proceedings."))
    if data.stage not in rules.Stage.values:
        errors.add("stage", _("Choose investigation, prosecution or trial."))
    if data.field == rules.Field.CRIMINAL and data.form == rules.Form.PARTICIPATION:
        if not data.procedural_status:
            errors.add("procedural_status", _("A criminal matter needs the person's status."))
        if not data.stage:
            errors.add("stage", _("Participation in criminal proceedings needs its stage."))
    if data.pin and (len(data.pin) != PIN_LENGTH or not data.pin.isdigit()):
        errors.add("pin", _("A personal identification number is 12 digits."))
    day = (
        case_deadlines.local_date(data.requested_at)
        if _aware(errors, "requested_at", data.requested_at)
        else None
    )
    if day is not None and data.date_of_birth is not None:
        if data.date_of_birth > day:
            errors.add("date_of_birth", _("The date of birth is after the request."))
        elif rules.age_fits(data.group, data.date_of_birth, day) is False:
            errors.add("date_of_birth", _("The person is not of the age of this group."))


def _check_place(errors: FieldErrors, actor: Any, place: AdministrativeUnit, day: Any) -> None:
    if day is not None and not place.is_valid_on(day):
        errors.add("place", _("Choose the administrative unit valid on the request date."))
    elif not jurisdiction.covers(actor, place):
        errors.add("place", _("Choose a place within your jurisdiction."))


def _age_check(actor: Any, detail: LegalAidCase) -> None:
    """For an age-based group with a PIN: compare with the civil status register's date of
    birth (docs §2). The read of personal data is audited; a mismatch is shown, not refused."""
    if not detail.pin or detail.group not in rules.AGE_BOUNDS:
        return
    person = persons.by_pin(detail.pin)
    audit.record(
        actor=actor,
        action="legal_aid.person.checked",
        obj=detail.case,
        data={"pin": detail.pin, "found": person is not None},
    )
    if person is None or person.date_of_birth is None:
        detail.age_check = "not_found"
        return
    detail.registered_birth_date = person.date_of_birth
    fits = rules.age_fits(
        detail.group, person.date_of_birth, case_deadlines.local_date(detail.requested_at)
    )
    detail.age_check = "match" if fits else "mismatch"


def _create(actor: Any, place: AdministrativeUnit, data: RequestData, at: Any) -> LegalAidCase:
    agency = actor.agency
    case = case_services.case_open(
        actor=actor,
        register=legal_aid.REGISTER,
        agency=agency,
        place=place,
        event_date=case_deadlines.local_date(data.requested_at),
        assignee=actor,
        payload={"group": data.group, "form": data.form},
        at=at,
    )
    detail = LegalAidCase(
        case=case,
        centre=agency,
        full_name=data.full_name.strip(),
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        pin=data.pin,
        address=data.address.strip(),
        group=data.group,
        proof=data.proof.strip(),
        financial_difficulty=data.financial_difficulty,
        especially_difficult_area=data.especially_difficult_area,
        matter=data.matter.strip(),
        form=data.form,
        field=data.field,
        procedural_status=data.procedural_status,
        stage=data.stage,
        requested_at=data.requested_at,
    )
    _age_check(actor, detail)
    detail.save()
    return detail


def _ensure_worker(actor: Any) -> None:
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only the officers of a legal aid centre record legal aid."))


@transaction.atomic
def request_open(
    *, actor: Any, place: AdministrativeUnit, data: RequestData, at: Any = None
) -> LegalAidCase:
    """Receive a request in the actor's centre (Luật TGPL 2017 Art. 30(1)); the case is
    numbered in the centre's book. Every bad field is reported at once; nothing is written."""
    _ensure_worker(actor)
    errors = FieldErrors()
    _check_request(errors, data)
    _check_place(
        errors,
        actor,
        place,
        case_deadlines.local_date(data.requested_at)
        if data.requested_at and not timezone.is_naive(data.requested_at)
        else None,
    )
    errors.raise_if_any()
    detail = _create(actor, place, data, at or data.requested_at)
    audit.record(
        actor=actor,
        action="legal_aid.request.received",
        obj=detail.case,
        data={"group": detail.group, "form": detail.form, "field": detail.field},
    )
    return detail


@transaction.atomic
def notice_record(
    *,
    actor: Any,
    place: AdministrativeUnit,
    data: RequestData,
    notice: NoticeData,
    at: Any = None,
) -> ProceduralNotice:
    """A procedural body's notice of a person's request (TTLT 10/2018 Art. 3): the case is
    opened and accepted at once (ground "notified", Art. 30(4)), its assignment clock runs
    (12 hours for a person in custody), and the notice is flagged late when the body notified
    after its 12- or 24-hour limit. A notice before the request, or in the future, is refused."""
    _ensure_worker(actor)
    errors = FieldErrors()
    if notice.body_kind not in rules.BodyKind.values:
        errors.add("body_kind", _("Choose the investigation agency, the procuracy or the court."))
    if not notice.body_name.strip():
        errors.add("body_name", _("This field is required."))
    if not data.procedural_status:
        errors.add("procedural_status", _("A notice gives the person's status."))
    asked = _aware(errors, "person_requested_at", notice.person_requested_at)
    notified = _aware(errors, "notified_at", notice.notified_at)
    if asked and notified and notice.notified_at < notice.person_requested_at:
        errors.add("notified_at", _("The notice cannot be before the person's request."))
    data = RequestData(**{**data.__dict__, "requested_at": notice.person_requested_at})
    _check_request(errors, data)
    if asked:
        _check_place(errors, actor, place, case_deadlines.local_date(notice.person_requested_at))
    errors.raise_if_any()
    moment = at or notice.notified_at
    detail = _create(actor, place, data, moment)
    due = rules.notice_due(data.procedural_status, notice.person_requested_at)
    row = ProceduralNotice.objects.create(
        case=detail.case,
        centre=detail.centre,
        body_kind=notice.body_kind,
        body_name=notice.body_name.strip(),
        officer_name=notice.officer_name.strip(),
        procedural_status=data.procedural_status,
        person_requested_at=notice.person_requested_at,
        notified_at=notice.notified_at,
        due_at=due,
        late=due is not None and notice.notified_at > due,
    )
    row.case = _accept(
        actor, detail, immediate=True, ground=rules.ImmediateGround.NOTIFIED, at=moment
    )
    audit.record(
        actor=actor,
        action="legal_aid.notice.recorded",
        obj=detail.case,
        data={
            "body_kind": row.body_kind,
            "procedural_status": row.procedural_status,
            "person_requested_at": row.person_requested_at.isoformat(),
            "notified_at": row.notified_at.isoformat(),
            "late": row.late,
        },
    )
    return row


def _detail_for(actor: Any, case: Case) -> LegalAidCase:
    if not case_permissions.can_view_case(actor, case) or case.register != legal_aid.REGISTER:
        raise NotFound(_("No such legal aid case."))
    detail = LegalAidCase.objects.select_for_update().filter(case=case).first()
    if detail is None:
        raise NotFound(_("No such legal aid case."))
    # The case as it is now (the caller's object may be older than the last step).
    detail.case = Case.objects.select_for_update().get(pk=case.pk)
    return detail


def _moment(at: datetime.datetime | None) -> datetime.datetime:
    return at or _now()


def _accept(
    actor: Any, detail: LegalAidCase, *, immediate: bool, ground: str, at: datetime.datetime
) -> Case:
    name = legal_aid.ACCEPT_IMMEDIATELY if immediate else legal_aid.ACCEPT
    case = _transition(
        actor=actor,
        case=detail.case,
        transition=name,
        payload={"procedural_status": detail.procedural_status, "ground": ground},
        at=at,
    )
    detail.case = case
    detail.acceptance = rules.Acceptance.IMMEDIATE if immediate else rules.Acceptance.ORDINARY
    detail.immediate_ground = ground if immediate else ""
    detail.accepted_at = at
    detail.assign_due_at = case.due_at
    if immediate:
        days = (
            rules.PAPERS_WORKING_DAYS_DIFFICULT
            if detail.especially_difficult_area
            else rules.PAPERS_WORKING_DAYS
        )
        detail.papers_due_on = default_calendar().add_working_days(
            case_deadlines.local_date(at), days
        )
    detail.save()
    return case


@transaction.atomic
def case_accept(
    *,
    actor: Any,
    case: Case,
    immediate: bool = False,
    ground: str = "",
    at: datetime.datetime | None = None,
) -> LegalAidCase:
    """Accept the request (thụ lý): ordinarily, or immediately on an Art. 30(4) ground, after
    which the eligibility papers are due within 5 working days (10 in an especially difficult
    area). The assignment clock starts (3 working days; 12 hours for a person in custody)."""
    _ensure_worker(actor)
    detail = _detail_for(actor, case)
    case = detail.case
    if immediate and ground not in rules.ImmediateGround.values:
        raise ValidationFailed(
            _("Give the ground of the immediate acceptance."),
            fields={"ground": _("Choose a ground of Art. 30(4) of the Law on Legal Aid.")},
        )
    moment = _moment(at)
    updated = _accept(actor, detail, immediate=immediate, ground=ground, at=moment)
    audit.record(
        actor=actor,
        action="legal_aid.case.accepted",
        obj=updated,
        data={"acceptance": detail.acceptance, "ground": detail.immediate_ground},
    )
    return detail


@transaction.atomic
def case_assign_performer(
    *, actor: Any, case: Case, performer_id: int | None, at: datetime.datetime | None = None
) -> LegalAidCase:
    """Assign a performer (Mẫu 06), or replace the assigned one (Mẫu 07). The performer must be
    assignable on the day (card or contract valid, of this centre or of an organisation of its
    province; docs §5). The first assignment is on time when made by the clock's due moment."""
    _ensure_worker(actor)
    detail = _detail_for(actor, case)
    case = detail.case
    moment = _moment(at)
    performer = (
        Performer.objects.select_related("centre", "organisation").filter(pk=performer_id).first()
        if performer_id is not None
        else None
    )
    if performer is None:
        raise ValidationFailed(
            _("Choose a performer."), fields={"performer": _("Choose a performer.")}
        )
    providers.check_assignable(
        performer, centre=detail.centre, day=case_deadlines.local_date(moment)
    )
    if detail.performer_id == performer.pk:
        raise ValidationFailed(
            _("This performer is already assigned."),
            fields={"performer": _("Choose another performer to replace the assigned one.")},
        )
    first = case.state == legal_aid.ACCEPTED
    name = legal_aid.ASSIGN
    if not first:
        name = (
            legal_aid.REPLACE
            if case.state == legal_aid.ASSIGNED
            else "replace_performer_in_progress"
        )
    previous = detail.performer_id
    updated = _transition(
        actor=actor,
        case=case,
        transition=name,
        payload={"performer": performer.pk, "previous": previous},
        at=moment,
    )
    detail.case = updated
    detail.performer = performer
    detail.organisation = performer.organisation
    if first:
        detail.assigned_at = moment
        detail.assigned_on_time = detail.assign_due_at is None or moment <= detail.assign_due_at
    detail.save()
    audit.record(
        actor=actor,
        action="legal_aid.case.assigned" if first else "legal_aid.case.performer_replaced",
        obj=updated,
        data={
            "performer": performer.pk,
            "previous": previous,
            "on_time": detail.assigned_on_time,
        },
    )
    return detail


GROUNDS: dict[str, type[Any]] = {
    "refuse": rules.RefusalGround,
    "discontinue": rules.DiscontinueGround,
}


@dataclass(frozen=True)
class StepData:
    ground: str = ""
    reason: str = ""
    result: str = ""
    transferred_to: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def case_step(
    *,
    actor: Any,
    case: Case,
    transition: str,
    data: StepData | None = None,
    at: datetime.datetime | None = None,
) -> LegalAidCase:
    """Any other step: ask for documents, start, complete (with the result), refuse (an
    Art. 30(3) ground), transfer (to another centre), withdraw, discontinue (an Art. 37(1)
    ground), terminate (with the reason)."""
    _ensure_worker(actor)
    detail = _detail_for(actor, case)
    case = detail.case
    data = data or StepData()
    errors = FieldErrors()
    if transition in (legal_aid.ACCEPT, legal_aid.ACCEPT_IMMEDIATELY):
        errors.add("transition", _("Accept the request with its own action."))
    if transition in (legal_aid.ASSIGN, legal_aid.REPLACE, "replace_performer_in_progress"):
        errors.add("transition", _("Assign a performer with its own action."))
    choices = GROUNDS.get(transition)
    if choices is not None and data.ground not in choices.values:
        errors.add("ground", _("Choose the legal ground."))
    if transition == "terminate" and not data.reason.strip():
        errors.add("reason", _("Give the reason the case is terminated."))
    if transition == "complete" and not data.result.strip():
        errors.add("result", _("Describe the result of the legal aid."))
    target: Agency | None = None
    if transition == "transfer":
        target = (
            Agency.objects.filter(pk=data.transferred_to or 0, kind__in=permissions.CENTRE_KINDS)
            .exclude(pk=detail.centre_id)
            .first()
        )
        if target is None:
            errors.add("transferred_to", _("Choose another legal aid centre."))
    errors.raise_if_any()
    moment = _moment(at)
    updated = _transition(
        actor=actor,
        case=case,
        transition=transition,
        payload={"ground": data.ground, **({"to": target.pk} if target else {})},
        reason=data.reason,
        at=moment,
    )
    detail.case = updated
    if updated.closed_at is not None:
        detail.ended_at = moment
        detail.ground = data.ground
        detail.result = data.result.strip() or data.reason.strip()
        detail.transferred_to = target
    detail.save()
    audit.record(
        actor=actor,
        action="legal_aid.case.step",
        obj=updated,
        data={"transition": transition, "state": updated.state, "ground": data.ground},
    )
    return detail


@transaction.atomic
def papers_received(*, actor: Any, case: Case, on: datetime.date) -> LegalAidCase:
    """Record the day the eligibility papers arrived after an immediate acceptance."""
    _ensure_worker(actor)
    detail = _detail_for(actor, case)
    case = detail.case
    if detail.acceptance != rules.Acceptance.IMMEDIATE:
        raise ValidationFailed(
            _("Only an immediate acceptance waits for papers."),
            fields={"papers_received_on": _("This case was not accepted immediately.")},
        )
    if on > case_deadlines.local_date(_now()) or (
        detail.accepted_at and on < case_deadlines.local_date(detail.accepted_at)
    ):
        raise ValidationFailed(
            _("The date is not between the acceptance and today."),
            fields={"papers_received_on": _("Give a date from the acceptance to today.")},
        )
    detail.papers_received_on = on
    detail.save(update_fields=["papers_received_on"])
    audit.record(
        actor=actor,
        action="legal_aid.case.papers_received",
        obj=detail.case,
        data={"on": on.isoformat()},
    )
    return detail


@transaction.atomic
def case_evaluate(
    *,
    actor: Any,
    case: Case,
    complex_typical: bool,
    criteria: list[str],
    evaluation: str = "",
    satisfaction: str = "",
    on: datetime.date | None = None,
) -> LegalAidCase:
    """The evaluation of a completed case (TT 09/2018: complex, typical with the criteria it
    meets) and the person's satisfaction (Mẫu 11)."""
    _ensure_worker(actor)
    detail = _detail_for(actor, case)
    case = detail.case
    errors = FieldErrors()
    if case.state != legal_aid.COMPLETED:
        errors.add("case", _("Only a completed case is evaluated."))
    unknown = [c for c in criteria if c not in rules.Criterion.values]
    if unknown:
        errors.add("criteria", _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(unknown)})
    if complex_typical and not criteria:
        errors.add("criteria", _("A complex, typical case meets at least one criterion."))
    if satisfaction not in rules.Satisfaction.values:
        errors.add("satisfaction", _("Choose an answer of the survey."))
    errors.raise_if_any()
    detail.complex_typical = complex_typical
    detail.criteria = sorted(set(criteria)) if complex_typical else []
    detail.evaluation = evaluation.strip()
    detail.satisfaction = satisfaction
    detail.evaluated_on = on or case_deadlines.local_date(_now())
    detail.save()
    audit.record(
        actor=actor,
        action="legal_aid.case.evaluated",
        obj=case,
        data={
            "complex_typical": complex_typical,
            "criteria": detail.criteria,
            "satisfaction": satisfaction,
        },
    )
    return detail
