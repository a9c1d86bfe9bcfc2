"""The writes of dissemination: a session recorded (with its documents and the reporters or
propagandists who led it), a Law Day campaign. One transaction each, with its audit row
(docs/domain/outreach.md §2–§3)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency, AgencyLevel
from tuphap.core import audit
from tuphap.core.errors import FieldErrors
from tuphap.outreach.dissemination import rules
from tuphap.outreach.dissemination.models import Campaign, Session, SessionDocument
from tuphap.outreach.people import selectors as people_selectors
from tuphap.outreach.people.models import Disseminator
from tuphap.outreach.people.services import check_place, ensure_worker
from tuphap.places.models import AdministrativeUnit

# The number and symbol of a Vietnamese legal document: "35/2013/QH13", "15/2014/NĐ-CP",
# "03/2019/TT-BTP", "Hiến pháp 2013" is not one (give it as a title).
DOCUMENT_NUMBER = re.compile(r"^[0-9]{1,5}/[0-9]{4}/[0-9A-ZĐa-zđ\-]+$")


def level_of(agency: Agency) -> str:
    if agency.level == AgencyLevel.NATIONAL:
        return rules.Level.CENTRAL
    if agency.level == AgencyLevel.COMMUNE:
        return rules.Level.COMMUNE
    return rules.Level.PROVINCE


@dataclass(frozen=True)
class DocumentData:
    number: str
    title: str = ""


@dataclass(frozen=True)
class SessionData:
    held_on: datetime.date
    form: str
    topics: str
    target_groups: Sequence[str]
    participants: int = 0
    contestants: int = 0
    materials: int = 0
    venue: str = ""
    documents: Sequence[DocumentData] = field(default_factory=tuple)
    leader_ids: Sequence[int] = field(default_factory=tuple)
    campaign_id: int | None = None


def _check_session(
    errors: FieldErrors, actor: Any, data: SessionData
) -> tuple[list[Disseminator], Campaign | None]:
    today = timezone.localdate()
    if data.held_on is None:
        errors.add("held_on", _("This field is required."))
    elif data.held_on > today:
        errors.add("held_on", _("Record a session once it has been held."))
    if data.form not in rules.Form.values:
        errors.add("form", _("Choose a form of Art. 11 of the Law on Dissemination."))
    if not data.topics.strip():
        errors.add("topics", _("Give the topics disseminated."))
    groups = list(data.target_groups)
    if not groups:
        errors.add("target_groups", _("Choose at least one target group."))
    elif any(group not in rules.TargetGroup.values for group in groups):
        errors.add("target_groups", _("Choose target groups from the list."))
    for name in ("participants", "contestants", "materials"):
        if getattr(data, name) < 0:
            errors.add(name, _("A number of people or copies is not negative."))
    if data.participants > rules.MAX_PARTICIPANTS:
        errors.add("participants", _("This number is too large for one session."))
    elif data.form == rules.Form.DIRECT and data.participants > rules.MAX_DIRECT_PARTICIPANTS:
        errors.add("participants", _("A direct session cannot have this many participants."))
    if (
        data.form in (rules.Form.DIRECT, rules.Form.COUNSELLING, rules.Form.CONTEST)
        and data.participants < 1
    ):
        errors.add("participants", _("Give the number of participants (lượt người)."))
    if data.form == rules.Form.CONTEST:
        if data.contestants < 1:
            errors.add("contestants", _("A contest has its number of contestants."))
        elif data.contestants > data.participants:
            errors.add("contestants", _("The contestants are among the participants."))
    elif data.contestants:
        errors.add("contestants", _("Only a contest has contestants."))
    if data.form == rules.Form.MATERIALS and data.materials < 1:
        errors.add("materials", _("Give the number of copies distributed."))
    for index, document in enumerate(data.documents):
        if not DOCUMENT_NUMBER.match(document.number.strip()):
            errors.add(
                "documents",
                _("Document %(n)d: give its number and symbol, e.g. 35/2013/QH13.")
                % {"n": index + 1},
            )
            break
    leaders: list[Disseminator] = []
    if data.leader_ids:
        wanted = set(data.leader_ids)
        leaders = list(people_selectors.disseminators_for(actor).filter(pk__in=wanted))
        if len(leaders) != len(wanted):
            errors.add("leaders", _("Choose reporters or propagandists of your lists."))
        elif data.held_on is not None and any(not p.is_active_on(data.held_on) for p in leaders):
            errors.add("leaders", _("A leader was not recognised on the session's date."))
    campaign = None
    if data.campaign_id is not None:
        campaign = Campaign.objects.filter(pk=data.campaign_id, agency=actor.agency).first()
        if campaign is None:
            errors.add("campaign", _("Choose a Law Day campaign of your agency."))
        elif data.held_on is not None and not rules.in_law_day_window(
            data.held_on, campaign.starts_on, campaign.ends_on
        ):
            errors.add("campaign", _("The session is outside the campaign's dates."))
    return leaders, campaign


@transaction.atomic
def session_record(*, actor: Any, place: AdministrativeUnit | None, data: SessionData) -> Session:
    """Record a session held by the actor's agency at ``place`` (a unit valid on its date, in
    the actor's jurisdiction). Every bad field is reported at once; nothing is written."""
    ensure_worker(actor)
    errors = FieldErrors()
    leaders, campaign = _check_session(errors, actor, data)
    check_place(errors, actor, place, data.held_on)
    errors.raise_if_any()
    assert place is not None  # noqa: S101 - checked
    session = Session.objects.create(
        held_on=data.held_on,
        place=place,
        venue=data.venue.strip(),
        organiser=actor.agency,
        level=level_of(actor.agency),
        form=data.form,
        topics=data.topics.strip(),
        target_groups=sorted(set(data.target_groups)),
        participants=data.participants,
        contestants=data.contestants,
        materials=data.materials,
        campaign=campaign,
        recorded_by=actor,
    )
    if leaders:
        session.leaders.add(*leaders)
    SessionDocument.objects.bulk_create(
        SessionDocument(session=session, number=d.number.strip(), title=d.title.strip())
        for d in data.documents
    )
    audit.record(
        actor=actor,
        action="outreach.session.recorded",
        obj=session,
        data={"form": session.form, "participants": session.participants},
    )
    return session


@transaction.atomic
def campaign_create(
    *, actor: Any, year: int, title: str, starts_on: datetime.date, ends_on: datetime.date
) -> Campaign:
    """The actor's agency's Law Day campaign of ``year``: its window contains 9 November."""
    ensure_worker(actor)
    errors = FieldErrors()
    if not title.strip():
        errors.add("title", _("This field is required."))
    if ends_on < starts_on:
        errors.add("ends_on", _("The end is before the start."))
    elif not starts_on <= rules.law_day(year) <= ends_on:
        errors.add("starts_on", _("A Law Day campaign includes 9 November of its year (Art. 8)."))
    if Campaign.objects.filter(agency=actor.agency, year=year).exists():
        errors.add("year", _("Your agency already has this year's campaign."))
    errors.raise_if_any()
    campaign = Campaign.objects.create(
        agency=actor.agency, year=year, title=title.strip(), starts_on=starts_on, ends_on=ends_on
    )
    audit.record(actor=actor, action="outreach.campaign.created", obj=campaign, data={"year": year})
    return campaign
