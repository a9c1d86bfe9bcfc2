"""The outreach demo (autodiscovered by ``load_demo``): a year of dissemination sessions and of
the mediation book for the demo communes and departments, the demo officer (``demo.phobien``)
working the first commune, so that the workqueue (a case not started within 3 days first), the
book, the teams, the rosters and the dashboard show real work in every state."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tuphap.accounts.models import User
from tuphap.casework import deadlines as case_deadlines
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.demo import Output, step
from tuphap.outreach import generate
from tuphap.outreach.dissemination import services as dissemination
from tuphap.outreach.dissemination.models import Session
from tuphap.outreach.mediation import services as mediation

DEMO_OFFICER = "demo.phobien"
SESSIONS = 240


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL_TIME_ZONE)


@step(57)
def outreach(output: Output, show_progress: bool) -> None:
    if Session.objects.exists():
        return
    officer = User.objects.filter(username=DEMO_OFFICER).select_related("agency").first()
    officers = {officer.agency_id: officer} if officer is not None and officer.agency_id else {}
    worlds = generate.ensure_worlds(seed=15, officers=officers)
    if not worlds:
        return
    today = case_deadlines.local_date(timezone.now())
    result = generate.generate(
        worlds,
        sessions=SESSIONS,
        seed=15,
        first_day=today - datetime.timedelta(days=365),
        last_day=today,
    )
    mine = next((w for w in worlds if officer is not None and w.officer == officer), None)
    if mine is not None and mine.team is not None:
        _officer_work(mine, today)
    output.write(f"  {result.sessions} dissemination sessions, {result.cases} mediation cases")


def _officer_work(world: generate.AgencyWorld, today: datetime.date) -> None:
    """The demo officer's own open work: a case not started within the 3 days, one to start,
    one waiting for a mediator, and this year's Law Day campaign."""
    assert world.team is not None  # noqa: S101 - a commune's world
    officer = world.officer
    for days_ago, parties, assign in (
        (6, "Ông Nguyễn Văn Hùng và ông Trần Văn Dũng", True),
        (1, "Bà Lê Thị Hoa và bà Phạm Thị Mai", True),
        (0, "Ông Hồ Văn Nam và bà Võ Thị Lan", False),
    ):
        day = today - datetime.timedelta(days=days_ago)
        detail = mediation.case_receive(
            actor=officer,
            team_id=world.team.pk,
            data=mediation.MatterData(
                field="neighbours",
                origin="request",
                parties=parties,
                dispute="Tranh chấp ranh giới, lối đi giữa hai hộ",
                received_at=min(_at(day, 7), timezone.now()),
            ),
        )
        if assign and world.mediators:
            mediation.case_assign(
                actor=officer,
                case_id=detail.case_id,
                mediator_id=world.mediators[0],
                at=min(_at(day, 8), timezone.now()),
            )
    year = today.year
    if today >= datetime.date(year, 10, 15):
        dissemination.campaign_create(
            actor=officer,
            year=year,
            title=f"Hưởng ứng Ngày Pháp luật Việt Nam {year}",
            starts_on=datetime.date(year, 10, 15),
            ends_on=datetime.date(year, 11, 30),
        )
