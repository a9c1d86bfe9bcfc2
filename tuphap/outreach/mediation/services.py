"""The writes of grassroots mediation: teams and their members (the Art. 12(1) composition
checked on every change), a mediator stopping (Art. 11), and the mediation book: a matter
received, refused on an Art. 3 ground, a mediator assigned (the 3-day start clock), the start,
the sessions, the outcome and the follow-up of the agreement. Each call is one transaction:
the case engine's step, the book's detail and an audit row (docs/domain/outreach.md §4–§6)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.errors import FieldErrors, NotFound, ValidationFailed
from tuphap.outreach.mediation import rules
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.mediation.models import MediationCase, Meeting, Membership, Team
from tuphap.outreach.people import permissions
from tuphap.outreach.people import rules as people_rules
from tuphap.outreach.people.models import Mediator
from tuphap.outreach.people.services import check_place, ensure_worker, mediator_for_update
from tuphap.places.models import AdministrativeUnit, Level


def _today() -> datetime.date:
    return case_deadlines.local_date(timezone.now())


def _moment(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


# -- teams -------------------------------------------------------------------------------------


def recheck(team: Team, *, on: datetime.date | None = None) -> list[str]:
    """Recompute the team's Art. 12(1) check from its members active on ``on`` (today)."""
    day = on or _today()
    members = [
        (m.mediator.sex, m.mediator.ethnic_minority)
        for m in team.memberships.select_related("mediator")
        if m.is_active_on(day) and m.mediator.is_active_on(day)
    ]
    team.problems = rules.composition_problems(members, minority_area=team.minority_area)
    team.complete = not team.problems
    team.checked_at = timezone.now()
    team.save(update_fields=["problems", "complete", "checked_at"])
    return list(team.problems)


@transaction.atomic
def team_create(
    *,
    actor: Any,
    place: AdministrativeUnit | None,
    village: str,
    established_on: datetime.date,
    name: str = "",
    decision_number: str = "",
    minority_area: bool = False,
) -> Team:
    """A mediation team of a village or residential group of a commune (Art. 12(2): decided by
    the commune chairman). It is incomplete until it has its members."""
    ensure_worker(actor)
    errors = FieldErrors()
    if not village.strip():
        errors.add("village", _("Give the village or residential group."))
    if established_on > _today():
        errors.add("established_on", _("The date must not be in the future."))
    if place is not None and place.level != Level.COMMUNE:
        errors.add("place", _("A mediation team belongs to a commune."))
    else:
        check_place(errors, actor, place, established_on)
    if (
        place is not None
        and Team.objects.filter(place=place, village__iexact=village.strip()).exists()
    ):
        errors.add("village", _("This village already has a mediation team."))
    errors.raise_if_any()
    assert place is not None  # noqa: S101 - checked above
    team = Team.objects.create(
        agency=actor.agency,
        place=place,
        village=village.strip(),
        name=name.strip() or _("Mediation team of %(village)s") % {"village": village.strip()},
        decision_number=decision_number.strip(),
        established_on=established_on,
        minority_area=minority_area,
    )
    recheck(team)
    audit.record(
        actor=actor, action="outreach.team.created", obj=team, data={"village": team.village}
    )
    return team


def team_for_update(actor: Any, team_id: int) -> Team:
    team = Team.objects.select_for_update().select_related("place").filter(pk=team_id).first()
    if team is None or not permissions.can_work_in(actor, team.place):
        raise NotFound(_("No such mediation team."))
    return team


@transaction.atomic
def member_add(
    *, actor: Any, team_id: int, mediator_id: int, joined_on: datetime.date, is_leader: bool = False
) -> list[str]:
    """Put a mediator of the same commune in the team (a mediator in one team at a time); a new
    leader replaces the old one (Art. 14). Returns what the team still lacks."""
    ensure_worker(actor)
    team = team_for_update(actor, team_id)
    mediator = mediator_for_update(actor, mediator_id)
    errors = FieldErrors()
    if mediator.place_id != team.place_id:
        errors.add("mediator", _("The mediator is of another commune."))
    if not mediator.is_active_on(joined_on):
        errors.add("joined_on", _("The mediator is not recognised on that date."))
    if joined_on > _today():
        errors.add("joined_on", _("The date must not be in the future."))
    if Membership.objects.filter(mediator=mediator, left_on__isnull=True).exists():
        errors.add("mediator", _("The mediator is already in a team."))
    errors.raise_if_any()
    if is_leader:
        team.memberships.filter(is_leader=True, left_on__isnull=True).update(is_leader=False)
    Membership.objects.create(
        team=team, mediator=mediator, is_leader=is_leader, joined_on=joined_on
    )
    problems = recheck(team)
    audit.record(
        actor=actor,
        action="outreach.team.member_added",
        obj=team,
        data={"mediator": mediator.pk, "leader": is_leader, "complete": team.complete},
    )
    return problems


@transaction.atomic
def member_leave(
    *, actor: Any, team_id: int, mediator_id: int, left_on: datetime.date
) -> list[str]:
    """The mediator leaves the team; the composition is checked again."""
    ensure_worker(actor)
    team = team_for_update(actor, team_id)
    membership = team.memberships.filter(mediator_id=mediator_id, left_on__isnull=True).first()
    if membership is None:
        raise ValidationFailed(
            _("The mediator is not in the team."), fields={"mediator": _("Not a member.")}
        )
    if left_on < membership.joined_on or left_on > _today():
        raise ValidationFailed(
            _("The date is not between joining and today."),
            fields={"left_on": _("Give a date from joining to today.")},
        )
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    problems = recheck(team)
    audit.record(
        actor=actor,
        action="outreach.team.member_left",
        obj=team,
        data={"mediator": mediator_id, "complete": team.complete},
    )
    return problems


@transaction.atomic
def mediator_stop(*, actor: Any, mediator_id: int, on: datetime.date, ground: str) -> Mediator:
    """The commune chairman's decision that a mediator stops (Art. 11): the mediator leaves
    every team, whose composition is checked again."""
    ensure_worker(actor)
    mediator = mediator_for_update(actor, mediator_id)
    errors = FieldErrors()
    if ground not in people_rules.MediatorEnd.values:
        errors.add("ground", _("Choose a ground of Art. 11(1)."))
    if on < mediator.decision_date or on > _today():
        errors.add("on", _("Give a date from the recognition to today."))
    if mediator.ended_on is not None:
        errors.add("on", _("The mediator has already stopped."))
    errors.raise_if_any()
    mediator.ended_on = on
    mediator.end_ground = ground
    mediator.save(update_fields=["ended_on", "end_ground"])
    teams = []
    for membership in Membership.objects.select_for_update().filter(
        mediator=mediator, left_on__isnull=True
    ):
        membership.left_on = on
        membership.save(update_fields=["left_on"])
        teams.append(membership.team)
    for team in teams:
        recheck(team)
    audit.record(
        actor=actor, action="outreach.mediator.stopped", obj=mediator, data={"ground": ground}
    )
    return mediator


# -- the mediation book ------------------------------------------------------------------------


@dataclass(frozen=True)
class MatterData:
    field: str
    origin: str
    parties: str
    dispute: str
    received_at: datetime.datetime


def _transition(**kwargs: Any) -> Case:
    with book.through_services():
        return case_services.case_transition(**kwargs)


@transaction.atomic
def case_receive(*, actor: Any, team_id: int, data: MatterData) -> MediationCase:
    """Enter a matter in the commune's mediation book for a team of the actor's jurisdiction
    (Art. 16 gives how it came)."""
    ensure_worker(actor)
    team = team_for_update(actor, team_id)
    errors = FieldErrors()
    if data.field not in rules.Field.values:
        errors.add("field", _("Choose the kind of matter."))
    if data.origin not in rules.Origin.values:
        errors.add("origin", _("Choose how the matter came (Art. 16)."))
    if not data.parties.strip():
        errors.add("parties", _("Give the parties."))
    if not data.dispute.strip():
        errors.add("dispute", _("Describe the dispute."))
    if data.received_at is None or timezone.is_naive(data.received_at):
        errors.add("received_at", _("Give a time with its time zone."))
    elif data.received_at > timezone.now():
        errors.add("received_at", _("The time must not be in the future."))
    errors.raise_if_any()
    day = case_deadlines.local_date(data.received_at)
    if day < team.established_on:
        raise ValidationFailed(
            _("The team did not exist yet."),
            fields={"received_at": _("The team was established later.")},
        )
    case = case_services.case_open(
        actor=actor,
        register=book.REGISTER,
        agency=actor.agency,
        place=team.place,
        event_date=day,
        assignee=actor,
        payload={"field": data.field, "origin": data.origin, "team": team.pk},
        at=data.received_at,
    )
    detail = MediationCase.objects.create(
        case=case,
        team=team,
        field=data.field,
        origin=data.origin,
        parties=data.parties.strip(),
        dispute=data.dispute.strip(),
        received_on=day,
    )
    audit.record(
        actor=actor,
        action="outreach.mediation.received",
        obj=case,
        data={"team": team.pk, "field": data.field, "origin": data.origin},
    )
    return detail


def _detail_for(actor: Any, case_id: int) -> MediationCase:
    ensure_worker(actor)
    case = Case.objects.select_for_update().filter(pk=case_id, register=book.REGISTER).first()
    if case is None or not case_permissions.can_view_case(actor, case):
        raise NotFound(_("No such mediation case."))
    detail = (
        MediationCase.objects.select_for_update(of=("self",))  # the mediator may be empty
        .select_related("team", "mediator")
        .get(case=case)
    )
    detail.case = case
    return detail


def _team_mediator(detail: MediationCase, mediator_id: int | None, day: datetime.date) -> Mediator:
    membership = (
        Membership.objects.select_related("mediator")
        .filter(team=detail.team, mediator_id=mediator_id or 0)
        .first()
    )
    if (
        membership is None
        or not membership.is_active_on(day)
        or not membership.mediator.is_active_on(day)
    ):
        raise ValidationFailed(
            _("Choose a mediator of the team."),
            fields={"mediator": _("Choose a mediator who is in the team on that day (Art. 18).")},
        )
    return membership.mediator


@transaction.atomic
def case_assign(
    *, actor: Any, case_id: int, mediator_id: int | None, at: datetime.datetime | None = None
) -> MediationCase:
    """The team leader assigns a mediator (Art. 18(1)), or another one (Art. 18(3)); before the
    start the 3-day clock runs from this day (Art. 20(2))."""
    detail = _detail_for(actor, case_id)
    moment = _moment(at)
    day = case_deadlines.local_date(moment)
    mediator = _team_mediator(detail, mediator_id, day)
    if mediator.pk == detail.mediator_id:
        raise ValidationFailed(
            _("This mediator is already assigned."),
            fields={"mediator": _("Choose another mediator.")},
        )
    name = book.REASSIGN if detail.case.state == book.IN_PROGRESS else book.ASSIGN
    previous = detail.mediator_id
    case = _transition(
        actor=actor,
        case=detail.case,
        transition=name,
        payload={"mediator": mediator.pk, "previous": previous},
        at=moment,
    )
    detail.case = case
    detail.mediator = mediator
    if name == book.ASSIGN:
        detail.assigned_on = day
        detail.start_due_on = case_deadlines.local_date(case.due_at) if case.due_at else None
    detail.save()
    audit.record(
        actor=actor,
        action="outreach.mediation.assigned",
        obj=case,
        data={
            "mediator": mediator.pk,
            "previous": previous,
            "start_due_on": str(detail.start_due_on),
        },
    )
    return detail


@transaction.atomic
def case_start(
    *, actor: Any, case_id: int, at: datetime.datetime | None = None, mediator_id: int | None = None
) -> MediationCase:
    """The mediation begins: on time when on or before the day due (Art. 20(2)); a mediator
    who witnessed the matter may begin at once, without an assignment (then name the mediator)."""
    detail = _detail_for(actor, case_id)
    moment = _moment(at)
    day = case_deadlines.local_date(moment)
    if detail.case.state == book.RECEIVED:
        if detail.origin != rules.Origin.WITNESSED:
            raise ValidationFailed(
                _("Assign a mediator first."),
                fields={
                    "transition": _(
                        "Only a mediator who witnessed the matter begins without an assignment."
                    )
                },
            )
        detail.mediator = _team_mediator(detail, mediator_id, day)
        detail.assigned_on = day
    case = _transition(actor=actor, case=detail.case, transition=book.START, at=moment)
    detail.case = case
    detail.started_on = day
    detail.started_on_time = detail.start_due_on is None or day <= detail.start_due_on
    detail.save()
    audit.record(
        actor=actor,
        action="outreach.mediation.started",
        obj=case,
        data={"on_time": detail.started_on_time, "mediator": detail.mediator_id},
    )
    return detail


@transaction.atomic
def meeting_record(
    *, actor: Any, case_id: int, held_on: datetime.date, note: str, venue: str = ""
) -> Meeting:
    """A mediation session of a case being mediated (Art. 21)."""
    detail = _detail_for(actor, case_id)
    errors = FieldErrors()
    if detail.case.state != book.IN_PROGRESS:
        errors.add("case", _("Sessions are recorded while the case is being mediated."))
    if not note.strip():
        errors.add("note", _("Say what happened."))
    if held_on > _today() or (detail.started_on and held_on < detail.started_on):
        errors.add("held_on", _("Give a date from the start to today."))
    errors.raise_if_any()
    meeting = Meeting.objects.create(
        case=detail, held_on=held_on, note=note.strip(), venue=venue.strip()
    )
    audit.record(
        actor=actor, action="outreach.mediation.session", obj=detail.case, data={"on": str(held_on)}
    )
    return meeting


@transaction.atomic
def case_conclude(
    *,
    actor: Any,
    case_id: int,
    transition: str,
    agreement: str = "",
    written_settlement: bool = False,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> MediationCase:
    """The end of the mediation (Art. 23): the parties agree (successful, with the agreement,
    Art. 24), do not agree (unsuccessful, Art. 27), a party asks to stop, or the mediator ends
    it when no agreement can be reached."""
    detail = _detail_for(actor, case_id)
    errors = FieldErrors()
    if transition not in book.OUTCOMES:
        errors.add("transition", _("Choose how the mediation ended."))
    if transition == book.SUCCEED and not agreement.strip():
        errors.add("agreement", _("Write down the agreement reached."))
    if transition in (book.END_BY_PARTY, book.END_BY_MEDIATOR) and not reason.strip():
        errors.add("reason", _("Give the reason the mediation ended."))
    if transition != book.SUCCEED and written_settlement:
        errors.add("written_settlement", _("Only a successful mediation has a written settlement."))
    errors.raise_if_any()
    moment = _moment(at)
    case = _transition(
        actor=actor, case=detail.case, transition=transition, reason=reason.strip(), at=moment
    )
    detail.case = case
    detail.ended_on = case_deadlines.local_date(moment)
    detail.agreement = agreement.strip()
    detail.written_settlement = written_settlement
    detail.end_reason = reason.strip()
    detail.save()
    audit.record(
        actor=actor, action="outreach.mediation.concluded", obj=case, data={"state": case.state}
    )
    return detail


@transaction.atomic
def case_refuse(
    *, actor: Any, case_id: int, ground: str, reason: str = "", at: datetime.datetime | None = None
) -> MediationCase:
    """A matter the law excludes from grassroots mediation (Art. 3(1); NĐ 15/2014 Art. 5–6),
    refused with its ground; the parties are guided to the competent body."""
    detail = _detail_for(actor, case_id)
    if ground not in rules.Exclusion.values:
        raise ValidationFailed(
            _("Give the ground of the refusal."),
            fields={"ground": _("Choose a ground of Art. 3(1).")},
        )
    moment = _moment(at)
    case = _transition(
        actor=actor,
        case=detail.case,
        transition=book.REFUSE,
        payload={"ground": ground},
        reason=reason.strip(),
        at=moment,
    )
    detail.case = case
    detail.exclusion = ground
    detail.end_reason = reason.strip()
    detail.ended_on = case_deadlines.local_date(moment)
    detail.save()
    audit.record(
        actor=actor, action="outreach.mediation.refused", obj=case, data={"ground": ground}
    )
    return detail


@transaction.atomic
def follow_up(
    *, actor: Any, case_id: int, performance: str, on: datetime.date, note: str = ""
) -> MediationCase:
    """The mediator's follow-up of a successful agreement (Art. 26)."""
    detail = _detail_for(actor, case_id)
    errors = FieldErrors()
    if detail.case.state != book.SUCCESSFUL:
        errors.add("case", _("Only a successful mediation has an agreement to follow up."))
    if performance not in rules.Performance.values or not performance:
        errors.add("performance", _("Choose how the agreement was performed."))
    if on > _today() or (detail.ended_on and on < detail.ended_on):
        errors.add("on", _("Give a date from the agreement to today."))
    errors.raise_if_any()
    detail.performance = performance
    detail.followed_up_on = on
    detail.follow_up_note = note.strip()
    detail.save(update_fields=["performance", "followed_up_on", "follow_up_note"])
    audit.record(
        actor=actor,
        action="outreach.mediation.followed_up",
        obj=detail.case,
        data={"performance": performance},
    )
    return detail
