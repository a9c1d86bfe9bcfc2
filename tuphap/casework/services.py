"""Writes of the case engine. Each service is one transaction: the case row (locked), its
journal row and its audit row; a refusal raises before anything is written, so nothing is
half-applied."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency
from tuphap.casework import deadlines, permissions, registry, workflow
from tuphap.casework.models import Case, CaseAction, CaseCounter, Notification
from tuphap.casework.registry import Clock, RegisterSpec
from tuphap.core import audit, counters
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.places.models import AdministrativeUnit

_CLOCK_FIELDS = ("clock", "due_at", "overdue_since")

# -- helpers -------------------------------------------------------------------------------------


def _lock(case: Case) -> Case:
    """The case row, locked until the end of the transaction (a second writer waits)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _ensure_visible(actor: Any, case: Case) -> None:
    if not permissions.can_view_case(actor, case):
        raise NotFound(_("No such case."))


def _payload(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    if payload is None:
        return {}
    if not isinstance(payload, Mapping):
        raise ValidationFailed(
            _("The details must be an object."), fields={"payload": _("Send a JSON object.")}
        )
    return dict(payload)


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give a reason."), fields={"reason": _("This field is required.")})
    return reason


def _effective_time(at: datetime.datetime | None, case: Case | None = None) -> datetime.datetime:
    """When the step took effect: now, or an earlier moment (recording a step done on paper),
    never in the future and never before the case's last journal entry."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationFailed(
            _("The time needs a time zone."), fields={"at": _("Give a time with its time zone.")}
        )
    if at > now:
        raise ValidationFailed(
            _("The time is in the future."), fields={"at": _("The time must not be in the future.")}
        )
    if case is not None:
        last = (
            CaseAction.objects.filter(case=case)
            .order_by("-sequence")
            .values_list("at", flat=True)
            .first()
        )
        if last is not None and at < last:
            raise ValidationFailed(
                _("The time is before the case's last recorded step."),
                fields={"at": _("The time must not be before %(time)s.") % {"time": last}},
            )
    return at


def _journal(
    case: Case,
    *,
    kind: str,
    actor: Any,
    at: datetime.datetime,
    from_state: str = "",
    to_state: str = "",
    transition: str = "",
    payload: dict[str, Any] | None = None,
    reason: str = "",
) -> CaseAction:
    """Append the next journal row; the caller holds the case lock and saves the case."""
    case.last_sequence += 1
    return CaseAction.objects.create(
        case=case,
        sequence=case.last_sequence,
        province_id=case.province_id,
        kind=kind,
        transition=transition,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at,
        from_state=from_state,
        to_state=to_state,
        payload=payload or {},
        reason=reason,
    )


def _set_due(case: Case, clock: deadlines.ClockData | None) -> None:
    """Store ``clock`` and its due time; an overdue mark goes once the new due time is ahead."""
    case.clock = clock or {}
    case.due_at = deadlines.due_at(clock, calendar=default_calendar())
    if case.due_at is None or case.due_at >= timezone.now():
        case.overdue_since = None


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _notify(*, recipient: Any, case: Case, kind: str, text: str) -> Notification:
    return Notification.objects.create(
        recipient=recipient, case=case, kind=kind, text=text, created_at=timezone.now()
    )


def task_recipients(case: Case) -> list[Any]:
    """Who gets a task on ``case``: its officer; for a case nobody holds (or whose officer has
    left), the agency's staff in the register's working roles, so that the task is not lost."""
    from django.contrib.auth import get_user_model

    if case.assignee_id is not None and case.assignee is not None and case.assignee.is_active:
        return [case.assignee]
    roles = registry.get(case.register).working_roles()
    return list(
        get_user_model()
        .objects.filter(agency_id=case.agency_id, is_active=True, roles__role__in=roles)
        .distinct()
        .order_by("id")
    )


def case_task(
    *, actor: Any, case: Case, kind: str, text: str, action: str, data: Mapping[str, Any]
) -> list[int]:
    """A task raised on ``case`` by another register's event (ADR 0019): a notification to each
    of ``task_recipients`` and one audit row ``action`` on the case, in the caller's
    transaction. Returns the ids of the users notified."""
    notified = [
        _notify(recipient=recipient, case=case, kind=kind, text=text[:500]).recipient_id
        for recipient in task_recipients(case)
    ]
    audit.record(actor=actor, action=action, obj=case, data={**data, "notified": notified})
    return notified


def _next_number(*, agency: Agency, register: str, year: int) -> int:
    """The next gapless case number of the agency, register and year."""
    return counters.next_number(CaseCounter, agency=agency, register=register, year=year)


# -- opening -------------------------------------------------------------------------------------


def _check_place(
    *, actor: Any, agency: Agency, place: AdministrativeUnit | None, event_date: datetime.date
) -> None:
    """A case is placed at a unit valid on its event date within the actor's jurisdiction, or,
    for a national agency's case only, nowhere (a central-level case)."""
    if place is None:
        if not agency.is_national:
            raise ValidationFailed(
                _("Only a national agency's case may be opened without a place."),
                fields={"place": _("Choose the administrative unit of the case.")},
            )
        return
    if not place.is_valid_on(event_date):
        raise ValidationFailed(
            _("The place did not exist on the event date."),
            fields={"place": _("Choose the administrative unit valid on the event date.")},
        )
    if not jurisdiction.covers(actor, place):
        raise ValidationFailed(
            _("The place is outside your jurisdiction."),
            fields={"place": _("Choose a place within your jurisdiction.")},
        )


@transaction.atomic
def case_open(
    *,
    actor: Any,
    register: str,
    agency: Agency,
    place: AdministrativeUnit | None,
    event_date: datetime.date,
    assignee: Any = None,
    payload: Mapping[str, Any] | None = None,
    at: datetime.datetime | None = None,
) -> Case:
    """Open a case of ``register`` in its initial state, numbered from the counter of
    (agency, register, year opened), with the initial deadline of the rule set in force at
    ``event_date`` counted from that date. ``place=None`` opens a central-level case, allowed
    only for a national agency's case. Registers call this from their own opening service
    and then create their detail row in the same transaction. ``at`` records a case opened
    earlier on paper (never in the future), so that its later steps may be dated too."""
    spec = registry.get(register)
    data = _payload(payload)
    if not permissions.can_open(actor, spec):
        raise AccessDenied(_("Your role may not open cases in this register."))
    actor_agency = getattr(actor, "agency", None)
    if actor_agency is None or (actor_agency.pk != agency.pk and not actor_agency.is_national):
        raise AccessDenied(_("You may open cases only for your own agency."))
    if isinstance(event_date, datetime.datetime) or not isinstance(event_date, datetime.date):
        raise TypeError("event_date is a datetime.date.")
    now = _effective_time(at)
    if event_date > deadlines.local_date(now):
        raise ValidationFailed(
            _("The event date is in the future."),
            fields={"event_date": _("The date must not be in the future.")},
        )
    _check_place(actor=actor, agency=agency, place=place, event_date=event_date)
    rule_set = spec.rule_set_on(event_date)
    year = deadlines.local_date(now).year
    case = Case(
        register=spec.code,
        number=_next_number(agency=agency, register=spec.code, year=year),
        year=year,
        agency=agency,
        place=place,
        province_id=None if place is None else place.province_id or place.pk,
        event_date=event_date,
        rule_set=rule_set.code,
        state=spec.initial_state,
        state_since=now,
        opened_at=now,
    )
    if rule_set.initial_deadline is not None:
        _set_due(case, deadlines.clock_started(rule_set.initial_deadline, event_date, at=now))
    if assignee is not None:
        if not permissions.can_be_assigned(assignee, case, spec):
            raise ValidationFailed(
                _("This user cannot be given the case."),
                fields={"assignee": _("Choose a user of the case's agency who works in it.")},
            )
        case.assignee = assignee
    case.save()
    _journal(
        case,
        kind=CaseAction.Kind.OPENED,
        actor=actor,
        at=now,
        to_state=case.state,
        payload=data,
    )
    case.save(update_fields=["last_sequence"])
    audit.record(
        actor=actor,
        action="casework.case.opened",
        obj=case,
        data={
            "register": spec.code,
            "number": case.display_number,
            "rule_set": rule_set.code,
            "state": case.state,
            "due_at": _iso(case.due_at),
            "assignee": assignee.pk if assignee is not None else None,
        },
    )
    return case


# -- transitions ---------------------------------------------------------------------------------


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: Case,
    transition: str,
    payload: Mapping[str, Any] | None = None,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> Case:
    """Apply the register's transition ``transition`` to ``case``, checked against the rule set
    of the case (see ``RegisterSpec.rule_selection``). A refusal raises ``TransitionNotAllowed``
    (409) or ``ValidationFailed`` (400) before anything is written."""
    data = _payload(payload)
    case = _lock(case)
    _ensure_visible(actor, case)
    spec = registry.get(case.register)
    at = _effective_time(at, case)
    day = deadlines.local_date(at)
    check = workflow.check_transition(
        spec=spec, case=case, actor=actor, name=transition, payload=data, day=day
    )
    step = check.transition
    from_state = case.state
    effect = Clock.STOP if spec.is_terminal(step.target) else step.clock_effect
    details: dict[str, Any] = {}
    if effect is Clock.START and step.schedule is not None:
        case.paused_at = None
        scheduled = step.schedule(case=case, payload=data, at=at)
        _set_due(
            case, deadlines.clock_started(scheduled.rule, scheduled.start, at=scheduled.start_at)
        )
    elif effect is Clock.START and step.deadline is not None:
        case.paused_at = None
        _set_due(case, deadlines.clock_started(step.deadline, day, at=at))
    elif effect is Clock.STOP:
        case.paused_at = None
        _set_due(case, None)
    elif effect is Clock.PAUSE:
        case.paused_at = at
    elif effect is Clock.RESUME:
        details = _resume_clock(case, at)
    case.state = step.target
    if step.target != from_state:
        case.state_since = at
    if spec.is_terminal(step.target):
        case.closed_at = at
    elif case.closed_at is not None:
        case.closed_at = None  # reopened
    action = _journal(
        case,
        kind=CaseAction.Kind.TRANSITIONED,
        actor=actor,
        at=at,
        from_state=from_state,
        to_state=step.target,
        transition=step.name,
        payload={**data, **details} if details else data,
        reason=reason.strip(),
    )
    case.save()
    audit.record(
        actor=actor,
        action="casework.case.transitioned",
        obj=case,
        data={
            "transition": step.name,
            "rule_set": check.rule_set.code,
            "from": from_state,
            "to": step.target,
            "sequence": action.sequence,
            "due_at": _iso(case.due_at),
        },
    )
    return case


# -- assignment ----------------------------------------------------------------------------------


@transaction.atomic
def case_assign(*, actor: Any, case: Case, assignee: Any, reason: str = "") -> Case:
    """Give the case to ``assignee`` (a user of the case's agency who works in the register).
    A reassignment needs a reason; both are journaled and the new assignee is notified."""
    case = _lock(case)
    _ensure_visible(actor, case)
    spec = registry.get(case.register)
    if not permissions.can_assign(actor, spec):
        raise AccessDenied(_("Your role may not assign cases in this register."))
    if not case.is_open:
        raise Conflict(_("A closed case cannot be assigned."))
    if assignee is None or not permissions.can_be_assigned(assignee, case, spec):
        raise ValidationFailed(
            _("This user cannot be given the case."),
            fields={"assignee": _("Choose a user of the case's agency who works in it.")},
        )
    if assignee.pk == case.assignee_id:
        raise ValidationFailed(
            _("The case is already assigned to this user."),
            fields={"assignee": _("Choose another user.")},
        )
    previous = case.assignee
    reason = _required_reason(reason) if previous is not None else (reason or "").strip()
    now = timezone.now()
    case.assignee = assignee
    _journal(
        case,
        kind=CaseAction.Kind.ASSIGNED,
        actor=actor,
        at=now,
        from_state=case.state,
        to_state=case.state,
        payload={
            "from": previous.pk if previous else None,
            "from_name": str(previous) if previous else "",
            "to": assignee.pk,
            "to_name": str(assignee),
        },
        reason=reason,
    )
    case.save(update_fields=["assignee", "last_sequence", "updated_at"])
    if assignee.pk != getattr(actor, "pk", None):
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Case %(number)s (%(register)s) was assigned to you.") % {
                "number": case.display_number,
                "register": spec.name,
            }
        _notify(recipient=assignee, case=case, kind=Notification.Kind.ASSIGNED, text=text)
    audit.record(
        actor=actor,
        action="casework.case.assigned",
        obj=case,
        data={"from": previous.pk if previous else None, "to": assignee.pk, "reason": reason},
    )
    return case


# -- the clock: pause, resume, extend ------------------------------------------------------------


def _ensure_clock_manager(actor: Any, case: Case) -> RegisterSpec:
    _ensure_visible(actor, case)
    spec = registry.get(case.register)
    if not permissions.can_manage_clock(actor, spec):
        raise AccessDenied(_("Your role may not change the deadline of cases in this register."))
    if not case.is_open:
        raise Conflict(_("The case is closed."))
    return spec


def _resume_clock(case: Case, at: datetime.datetime) -> dict[str, Any]:
    """Restart a paused clock at ``at``: the paused days are added to its pauses and ``due_at``
    recomputed by the calendar engine. Returns what changed, for the journal."""
    assert case.paused_at is not None  # noqa: S101 - checked by the callers
    paused_at = case.paused_at
    due_before = case.due_at
    case.paused_at = None
    if case.clock and deadlines.in_hours(case.clock):
        _set_due(case, deadlines.clock_with_paused_time(case.clock, paused_at, at))
        return {
            "paused_seconds": max(0, int((at - paused_at).total_seconds())),
            "due_before": _iso(due_before),
            "due_after": _iso(case.due_at),
        }
    pause = deadlines.paused_days(deadlines.local_date(paused_at), deadlines.local_date(at))
    if case.clock and pause is not None:
        _set_due(case, deadlines.clock_with_pause(case.clock, pause))
    paused = (pause.last_day - pause.first_day).days + 1 if pause else 0
    return {
        "paused_days": paused,
        "due_before": _iso(due_before),
        "due_after": _iso(case.due_at),
    }


@transaction.atomic
def case_pause(*, actor: Any, case: Case, reason: str, at: datetime.datetime | None = None) -> Case:
    """Stop the case's clock (a postponement or suspension decision). ``due_at`` stays as it
    was until the clock is resumed; a paused case is neither due soon nor overdue."""
    case = _lock(case)
    _ensure_clock_manager(actor, case)
    reason = _required_reason(reason)
    if case.paused_at is not None:
        raise Conflict(_("The clock of this case is already paused."))
    at = _effective_time(at, case)
    case.paused_at = at
    _journal(
        case,
        kind=CaseAction.Kind.PAUSED,
        actor=actor,
        at=at,
        from_state=case.state,
        to_state=case.state,
        reason=reason,
    )
    case.save(update_fields=["paused_at", "last_sequence", "updated_at"])
    audit.record(actor=actor, action="casework.case.paused", obj=case, data={"paused_at": _iso(at)})
    return case


@transaction.atomic
def case_resume(
    *, actor: Any, case: Case, reason: str = "", at: datetime.datetime | None = None
) -> Case:
    """Restart the clock: ``due_at`` is pushed back by the days it stood still (from the pause
    day to the day before ``at``), counted in the deadline's own unit by the calendar engine."""
    case = _lock(case)
    _ensure_clock_manager(actor, case)
    if case.paused_at is None:
        raise Conflict(_("The clock of this case is not paused."))
    at = _effective_time(at, case)
    details = _resume_clock(case, at)
    _journal(
        case,
        kind=CaseAction.Kind.RESUMED,
        actor=actor,
        at=at,
        from_state=case.state,
        to_state=case.state,
        payload=details,
        reason=(reason or "").strip(),
    )
    case.save(
        update_fields=[
            "paused_at",
            "clock",
            "due_at",
            "overdue_since",
            "last_sequence",
            "updated_at",
        ]
    )
    audit.record(actor=actor, action="casework.case.resumed", obj=case, data=details)
    return case


@transaction.atomic
def case_extend(*, actor: Any, case: Case, reason: str) -> Case:
    """Extend the running deadline once more, as the rule that started it allows (amount and
    maximum count); ``ExtensionLimitReached`` (409) past the maximum."""
    case = _lock(case)
    _ensure_clock_manager(actor, case)
    reason = _required_reason(reason)
    if not case.clock or case.paused_at is not None:
        raise Conflict(_("No deadline is running on this case."))
    if not case.clock.get("extension"):
        raise Conflict(_("This deadline cannot be extended."))
    due_before = case.due_at
    calendar = default_calendar()
    _set_due(case, deadlines.clock_extended(case.clock, calendar=calendar))
    details = {
        "extension": case.clock["extensions"],
        "due_before": _iso(due_before),
        "due_after": _iso(case.due_at),
    }
    _journal(
        case,
        kind=CaseAction.Kind.EXTENDED,
        actor=actor,
        at=timezone.now(),
        from_state=case.state,
        to_state=case.state,
        payload=details,
        reason=reason,
    )
    case.save(update_fields=[*_CLOCK_FIELDS, "last_sequence", "updated_at"])
    audit.record(actor=actor, action="casework.case.extended", obj=case, data=details)
    return case


# -- the overdue poller --------------------------------------------------------------------------


@dataclass(frozen=True)
class PollResult:
    marked: int
    notified: int
    now: datetime.datetime

    def as_dict(self) -> dict[str, Any]:
        return {"marked": self.marked, "notified": self.notified, "now": self.now.isoformat()}


@transaction.atomic
def overdue_poll(*, now: datetime.datetime | None = None, limit: int = 500) -> PollResult:
    """Mark up to ``limit`` open, running cases whose ``due_at`` has passed as overdue, and
    notify each one's assignee once. A system run (no actor).

    Safe to run twice, and twice at once: rows are claimed with ``SELECT … FOR UPDATE SKIP
    LOCKED`` where the database has it (PostgreSQL), and the update only touches rows not yet
    marked (``overdue_since IS NULL``), so a case is marked and notified once per due date. On
    SQLite the IMMEDIATE transaction makes concurrent runs take turns. An audit row records each
    run that marked something; a run that finds nothing writes nothing.
    """
    now = now or timezone.now()
    candidates = Case.objects.filter(
        closed_at__isnull=True,
        paused_at__isnull=True,
        overdue_since__isnull=True,
        due_at__lt=now,
    ).order_by("due_at")
    if connection.features.has_select_for_update_skip_locked:
        candidates = candidates.select_for_update(skip_locked=True)
    rows = list(candidates.values_list("id", "assignee_id", "register", "number", "year")[:limit])
    if not rows:
        return PollResult(0, 0, now)
    ids = [row[0] for row in rows]
    # The rows are ours alone: locked on PostgreSQL, and on SQLite no other writer runs inside
    # this IMMEDIATE transaction. The condition still guards against a double mark.
    marked = Case.objects.filter(id__in=ids, overdue_since__isnull=True).update(overdue_since=now)
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for _id, assignee_id, register_code, number, year in rows:
            if assignee_id is None:
                continue
            name = registry.get(register_code).name if register_code in registry.REGISTRY else ""
            text = _("Case %(number)s (%(register)s) is overdue.") % {
                "number": f"{number}/{year}",
                "register": name or register_code,
            }
            notices.append(
                Notification(
                    recipient_id=assignee_id,
                    case_id=_id,
                    kind=Notification.Kind.OVERDUE,
                    text=text,
                    created_at=now,
                )
            )
    Notification.objects.bulk_create(notices)
    result = PollResult(marked, len(notices), now)
    audit.record(actor=None, action="casework.overdue.polled", data=result.as_dict())
    return result


# -- notifications -------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, actor: Any, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's unread notifications (all, or those listed) as read; returns how many."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(id__in=notification_ids)
    count = unread.update(read_at=timezone.now())
    if count:
        audit.record(actor=actor, action="casework.notification.read", data={"count": count})
    return count
