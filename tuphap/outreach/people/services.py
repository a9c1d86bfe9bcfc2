"""The writes of the people area: a law reporter or propagandist recognised (the Art. 35/37
conditions checked), a mediator recognised (Art. 7–8), a mediator's training, a mediator
stopping (Art. 11). One transaction each, with its audit row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, FieldErrors, NotFound, ValidationFailed
from tuphap.outreach.people import permissions, rules
from tuphap.outreach.people.models import Disseminator, Mediator, Training
from tuphap.places.models import AdministrativeUnit, Level


def _today() -> datetime.date:
    return timezone.localdate()


def ensure_worker(actor: Any) -> None:
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an outreach officer records dissemination and mediation."))


def check_place(
    errors: FieldErrors, actor: Any, place: AdministrativeUnit | None, day: Any
) -> None:
    """The place is a unit valid on ``day`` inside the actor's jurisdiction."""
    if place is None:
        errors.add("place", _("Choose the place."))
    elif day is not None and not place.is_valid_on(day):
        errors.add("place", _("Choose an administrative unit valid on that date."))
    elif not jurisdiction.covers(actor, place):
        errors.add("place", _("Choose a place within your jurisdiction."))


def _check_decision(errors: FieldErrors, number: str, day: datetime.date | None) -> None:
    if not number.strip():
        errors.add("decision_number", _("Give the number of the recognition decision."))
    if day is None:
        errors.add("decision_date", _("This field is required."))
    elif day > _today():
        errors.add("decision_date", _("The date must not be in the future."))


@dataclass(frozen=True)
class DisseminatorData:
    kind: str
    full_name: str
    sex: str
    degree: str
    recognised_by: str
    decision_number: str
    decision_date: datetime.date
    experience_years: int = 0
    workplace: str = ""
    good_standing: bool = True
    can_communicate: bool = True


@transaction.atomic
def disseminator_recognise(
    *, actor: Any, place: AdministrativeUnit | None, data: DisseminatorData
) -> Disseminator:
    """Enter a law reporter or propagandist in the list of the actor's agency with the
    decision that recognised them. A reporter must meet Art. 35(1) (a degree and its years of
    work) and be recognised by the minister or the provincial chairman; a propagandist must
    meet Art. 37(1) and be recognised by the commune chairman, for a commune."""
    ensure_worker(actor)
    errors = FieldErrors()
    if data.kind not in rules.Kind.values:
        errors.add("kind", _("Choose a law reporter or a propagandist."))
    if not data.full_name.strip():
        errors.add("full_name", _("This field is required."))
    if data.sex not in rules.Sex.values:
        errors.add("sex", _("Choose male or female."))
    if data.degree not in rules.Degree.values:
        errors.add("degree", _("Choose the degree."))
    if data.experience_years < 0 or data.experience_years > 60:
        errors.add("experience_years", _("Give the years of work, 0 to 60."))
    _check_decision(errors, data.decision_number, data.decision_date)
    allowed = rules.RECOGNISERS.get(data.kind, frozenset())
    if data.kind in rules.Kind.values and data.recognised_by not in allowed:
        errors.add(
            "recognised_by",
            _("A law reporter is recognised by the minister or the provincial chairman (Art. 36).")
            if data.kind == rules.Kind.REPORTER
            else _("A propagandist is recognised by the commune chairman (Art. 37(2))."),
        )
    if data.kind == rules.Kind.REPORTER:
        failures = rules.reporter_failures(
            degree=data.degree,
            years=data.experience_years,
            good_standing=data.good_standing,
            can_communicate=data.can_communicate,
        )
    else:
        failures = rules.propagandist_failures(
            good_standing=data.good_standing, can_communicate=data.can_communicate
        )
    for name, message in failures.items():
        errors.add(name, message)
    if data.kind == rules.Kind.PROPAGANDIST and (place is None or place.level != Level.COMMUNE):
        errors.add("place", _("A propagandist is recognised for a commune."))
    if data.recognised_by == rules.Recogniser.MINISTER:
        if place is not None:
            errors.add("place", _("A reporter recognised by the minister has no local place."))
        elif actor.agency.province_id is not None:
            errors.add("recognised_by", _("Only a central agency keeps the minister's reporters."))
    elif place is not None or data.kind == rules.Kind.REPORTER:
        check_place(errors, actor, place, data.decision_date)
    errors.raise_if_any()
    if Disseminator.objects.filter(
        agency=actor.agency,
        decision_number=data.decision_number.strip(),
        full_name=data.full_name.strip(),
    ).exists():
        raise ValidationFailed(
            _("This person is already in the list with this decision."),
            fields={"decision_number": _("Already recorded.")},
        )
    person = Disseminator.objects.create(
        kind=data.kind,
        full_name=data.full_name.strip(),
        sex=data.sex,
        agency=actor.agency,
        place=place,
        workplace=data.workplace.strip(),
        degree=data.degree,
        experience_years=data.experience_years,
        recognised_by=data.recognised_by,
        decision_number=data.decision_number.strip(),
        decision_date=data.decision_date,
    )
    audit.record(
        actor=actor,
        action="outreach.disseminator.recognised",
        obj=person,
        data={"kind": person.kind, "decision": person.decision_number},
    )
    return person


@dataclass(frozen=True)
class MediatorData:
    full_name: str
    sex: str
    village: str
    decision_number: str
    decision_date: datetime.date
    ethnic_minority: bool = False
    date_of_birth: datetime.date | None = None
    election_share: int | None = None
    resident: bool = True
    voluntary: bool = True


@transaction.atomic
def mediator_recognise(
    *, actor: Any, place: AdministrativeUnit | None, data: MediatorData
) -> Mediator:
    """A mediator recognised by the commune chairman's decision (Art. 8(4)): a Vietnamese
    citizen residing in the village who volunteers (Art. 7), elected by more than half of the
    households (Art. 8(3)(a)) when the share is given."""
    ensure_worker(actor)
    errors = FieldErrors()
    if not data.full_name.strip():
        errors.add("full_name", _("This field is required."))
    if data.sex not in rules.Sex.values:
        errors.add("sex", _("Choose male or female."))
    if not data.village.strip():
        errors.add("village", _("Give the village or residential group."))
    if not data.resident:
        errors.add("resident", _("A mediator resides permanently in the village (Art. 7)."))
    if not data.voluntary:
        errors.add("voluntary", _("A mediator takes part voluntarily (Art. 7)."))
    if data.election_share is not None and not (rules.ELECTION_SHARE < data.election_share <= 100):
        errors.add(
            "election_share",
            _("A mediator is proposed by more than half of the households (Art. 8(3)(a))."),
        )
    _check_decision(errors, data.decision_number, data.decision_date)
    if place is not None and place.level != Level.COMMUNE:
        errors.add("place", _("A mediator is recognised for a commune."))
    else:
        check_place(errors, actor, place, data.decision_date)
    errors.raise_if_any()
    assert place is not None  # noqa: S101 - checked above
    mediator = Mediator.objects.create(
        full_name=data.full_name.strip(),
        sex=data.sex,
        ethnic_minority=data.ethnic_minority,
        date_of_birth=data.date_of_birth,
        agency=actor.agency,
        place=place,
        village=data.village.strip(),
        election_share=data.election_share,
        decision_number=data.decision_number.strip(),
        decision_date=data.decision_date,
    )
    audit.record(
        actor=actor,
        action="outreach.mediator.recognised",
        obj=mediator,
        data={"decision": mediator.decision_number, "village": mediator.village},
    )
    return mediator


def mediator_for_update(actor: Any, mediator_id: int) -> Mediator:
    mediator = Mediator.objects.select_for_update().filter(pk=mediator_id).first()
    if mediator is None or not permissions.can_work_in(actor, mediator.place):
        raise NotFound(_("No such mediator."))
    return mediator


@transaction.atomic
def training_record(
    *, actor: Any, mediator_id: int, held_on: datetime.date, title: str, hours: int = 4
) -> Training:
    ensure_worker(actor)
    mediator = mediator_for_update(actor, mediator_id)
    errors = FieldErrors()
    if not title.strip():
        errors.add("title", _("This field is required."))
    if held_on > _today():
        errors.add("held_on", _("The date must not be in the future."))
    if not 1 <= hours <= 200:
        errors.add("hours", _("Give the hours, 1 to 200."))
    errors.raise_if_any()
    row = Training.objects.create(
        mediator=mediator, held_on=held_on, title=title.strip(), hours=hours
    )
    audit.record(
        actor=actor, action="outreach.mediator.trained", obj=mediator, data={"title": row.title}
    )
    return row
