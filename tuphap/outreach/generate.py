"""A consistent outreach dataset, written through the services, for the demo, the statistics
and the benchmark.

``ensure_worlds`` gives every commune People's Committee (and every provincial Department of
Justice) a generator officer; each commune gets a complete mediation team of one residential
group (two women among four mediators) and a propagandist, each province a law reporter, where
they do not exist yet. ``generate`` draws ``sessions`` dissemination sessions over a span of
days (forms, groups and participants weighted like the sector's reports) and a mediation case
for every fifth session, each played through the services: assignment, a start mostly within
the 3 days, sessions, an outcome (about 80 % successful) and the follow-up — or a refusal on an
Art. 3 ground, or nothing yet for the recent ones. A pure function of the seed and of the
places and agencies in the database.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.services import user_create
from tuphap.casework import deadlines as case_deadlines
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.outreach.dissemination import rules as dissemination_rules
from tuphap.outreach.dissemination import services as dissemination
from tuphap.outreach.mediation import services as mediation
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.mediation.models import Team
from tuphap.outreach.people import services as people
from tuphap.outreach.people.models import Disseminator
from tuphap.places.models import AdministrativeUnit, Level

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Lan", "Minh", "Nam", "Thảo", "Tú", "Yến")
FORMS = [str(v) for v in dissemination_rules.Form.values]
FORM_WEIGHTS = [2, 40, 12, 8, 15, 5, 6, 4, 3, 4, 1]
GROUPS = [str(v) for v in dissemination_rules.TargetGroup.values]
TOPICS = (
    "Luật Hòa giải ở cơ sở",
    "Phòng, chống bạo lực gia đình",
    "Luật Đất đai năm 2024",
    "An toàn giao thông",
    "Phòng, chống ma túy",
    "Luật Bảo vệ quyền lợi người tiêu dùng",
    "Hiến pháp năm 2013",
    "Luật Cư trú",
)
DOCUMENTS = (
    ("35/2013/QH13", "Luật Hòa giải ở cơ sở"),
    ("14/2012/QH13", "Luật Phổ biến, giáo dục pháp luật"),
    ("31/2024/QH15", "Luật Đất đai"),
    ("15/2014/NĐ-CP", "Nghị định quy định chi tiết Luật Hòa giải ở cơ sở"),
)
FIELDS = ["marriage_family", "land", "civil", "neighbours", "minor_violation", "other"]
FIELD_WEIGHTS = [25, 30, 15, 20, 5, 5]
OUTCOMES = [book.SUCCEED, book.FAIL, book.END_BY_PARTY, book.END_BY_MEDIATOR]
OUTCOME_WEIGHTS = [82, 12, 4, 2]


@dataclass
class AgencyWorld:
    agency: Agency
    officer: User
    place: AdministrativeUnit  # the commune, or the province of a Department of Justice
    team: Team | None
    leaders: list[int]
    mediators: list[int]
    valid_from: datetime.date


@dataclass
class Result:
    sessions: int = 0
    cases: int = 0
    states: Counter[str] = field(default_factory=Counter)


def officer_for(agency: Agency) -> User:
    """The generator's own outreach officer of ``agency`` (no password: nobody signs in)."""
    username = f"pbgdpl-generator-{agency.code.lower()}"
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = user_create(
        actor=None,
        username=username,
        password=secrets.token_urlsafe(24),
        agency=agency,
        roles=[Role.OUTREACH_OFFICER],
        full_name=f"Cán bộ tư pháp (sinh dữ liệu) {agency.code}",
        check_password=False,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _name(rng: random.Random, middle: str) -> str:
    return f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"


def _commune_world(agency: Agency, officer: User, rng: random.Random) -> AgencyWorld | None:
    commune = agency.jurisdiction.filter(level=Level.COMMUNE).order_by("pk").first()
    if commune is None:
        return None
    start = max(filter(None, [agency.valid_from, commune.valid_from, datetime.date(2021, 1, 1)]))
    team = Team.objects.filter(place=commune).order_by("pk").first()
    if team is None:
        team = mediation.team_create(
            actor=officer,
            place=commune,
            village="Tổ dân phố 1",
            established_on=start,
            decision_number="01/QĐ-UBND",
        )
        for index, sex in enumerate(("female", "male", "female", "male")):
            person = people.mediator_recognise(
                actor=officer,
                place=commune,
                data=people.MediatorData(
                    full_name=_name(rng, "Thị" if sex == "female" else "Văn"),
                    sex=sex,
                    village="Tổ dân phố 1",
                    decision_number=f"{index + 2:02d}/QĐ-UBND",
                    decision_date=start,
                    election_share=rng.randint(55, 95),
                ),
            )
            mediation.member_add(
                actor=officer,
                team_id=team.pk,
                mediator_id=person.pk,
                joined_on=start,
                is_leader=index == 0,
            )
        people.disseminator_recognise(
            actor=officer,
            place=commune,
            data=people.DisseminatorData(
                kind="propagandist",
                full_name=_name(rng, "Thị"),
                sex="female",
                degree="none",
                recognised_by="commune_chairman",
                decision_number="09/QĐ-UBND",
                decision_date=start,
            ),
        )
    mediators = list(
        team.memberships.filter(left_on__isnull=True).values_list("mediator_id", flat=True)
    )
    leaders = list(Disseminator.objects.filter(agency=agency).values_list("pk", flat=True))
    return AgencyWorld(agency, officer, commune, team, leaders, mediators, start)


def _province_world(agency: Agency, officer: User, rng: random.Random) -> AgencyWorld | None:
    province = agency.province or agency.jurisdiction.filter(level=Level.PROVINCE).first()
    if province is None:
        return None
    start = max(filter(None, [agency.valid_from, province.valid_from, datetime.date(2021, 1, 1)]))
    if not Disseminator.objects.filter(agency=agency).exists():
        people.disseminator_recognise(
            actor=officer,
            place=province,
            data=people.DisseminatorData(
                kind="reporter",
                full_name=_name(rng, "Văn"),
                sex="male",
                degree="law",
                experience_years=8,
                recognised_by="provincial_chairman",
                decision_number="150/QĐ-UBND",
                decision_date=start,
            ),
        )
    leaders = list(Disseminator.objects.filter(agency=agency).values_list("pk", flat=True))
    return AgencyWorld(agency, officer, province, None, leaders, [], start)


@transaction.atomic
def ensure_worlds(*, seed: int = 0, officers: dict[int, User] | None = None) -> list[AgencyWorld]:
    """Every commune committee and Department of Justice in force today, with an officer
    (``officers`` by agency id, else the generator's own) and its team and lists."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    today = timezone.localdate()
    worlds = []
    agencies = Agency.objects.filter(
        kind__in=[AgencyKind.COMMUNE_COMMITTEE, AgencyKind.DEPARTMENT_OF_JUSTICE]
    ).order_by("pk")
    for agency in agencies:
        if agency.valid_to is not None and agency.valid_to < today:
            continue
        officer = (officers or {}).get(agency.pk) or officer_for(agency)
        make = _commune_world if agency.kind == AgencyKind.COMMUNE_COMMITTEE else _province_world
        world = make(agency, officer, rng)
        if world is not None and world.place.is_valid_on(today):
            worlds.append(world)
    return worlds


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL_TIME_ZONE)


def _session(rng: random.Random, world: AgencyWorld, day: datetime.date) -> None:
    form = rng.choices(FORMS, FORM_WEIGHTS)[0]
    participants = {"mass_media": rng.randint(500, 20_000), "bookcase": rng.randint(10, 200)}.get(
        form, rng.randint(20, 400)
    )
    contestants = rng.randint(10, participants) if form == "contest" else 0
    materials = rng.randint(50, 2000) if form == "materials" else rng.choice([0, 0, 50, 100, 200])
    documents = [dissemination.DocumentData(*rng.choice(DOCUMENTS))] if rng.random() < 0.6 else []
    dissemination.session_record(
        actor=world.officer,
        place=world.place,
        data=dissemination.SessionData(
            held_on=day,
            form=form,
            topics=rng.choice(TOPICS),
            target_groups=rng.sample(GROUPS[:6], rng.randint(1, 2)),
            participants=participants,
            contestants=contestants,
            materials=materials,
            documents=documents,
            leader_ids=world.leaders[:1] if world.leaders and rng.random() < 0.7 else [],
        ),
    )


def _case(
    rng: random.Random,
    world: AgencyWorld,
    day: datetime.date,
    now: datetime.datetime,
    result: Result,
) -> None:
    assert world.team is not None  # noqa: S101 - only communes have cases
    received = _moment(day, rng.randint(7, 10))
    if received > now:
        return
    refused = rng.random() < 0.03
    detail = mediation.case_receive(
        actor=world.officer,
        team_id=world.team.pk,
        data=mediation.MatterData(
            field=rng.choices(FIELDS, FIELD_WEIGHTS)[0],
            origin=rng.choice(["request", "request", "referral", "witnessed"]),
            parties=f"{_name(rng, 'Văn')} và {_name(rng, 'Thị')}",
            dispute="Mâu thuẫn, tranh chấp trong khu dân cư",
            received_at=received,
        ),
    )
    result.cases += 1
    case_id = detail.case_id

    def done(state: str) -> None:
        result.states[state] += 1

    if refused:
        mediation.case_refuse(
            actor=world.officer,
            case_id=case_id,
            ground="crime_or_sanction",
            at=received + datetime.timedelta(hours=1),
        )
        done(book.REFUSED)
        return
    assigned = received + datetime.timedelta(hours=1)
    if assigned > now:
        done(book.RECEIVED)
        return
    mediation.case_assign(
        actor=world.officer, case_id=case_id, mediator_id=rng.choice(world.mediators), at=assigned
    )
    started = assigned + datetime.timedelta(
        days=rng.choices([0, 1, 2, 3, 5], [20, 35, 25, 12, 8])[0], hours=2
    )
    if started > now:
        done(book.ASSIGNED)
        return
    mediation.case_start(actor=world.officer, case_id=case_id, at=started)
    ended = started + datetime.timedelta(days=rng.randint(0, 20), hours=3)
    if ended > now:
        done(book.IN_PROGRESS)
        return
    transition = rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
    mediation.case_conclude(
        actor=world.officer,
        case_id=case_id,
        transition=transition,
        agreement="Các bên thống nhất phương án giải quyết" if transition == book.SUCCEED else "",
        written_settlement=transition == book.SUCCEED and rng.random() < 0.3,
        reason="" if transition in (book.SUCCEED, book.FAIL) else "Một bên đề nghị dừng",
        at=ended,
    )
    follow = case_deadlines.local_date(ended) + datetime.timedelta(days=30)
    if transition == book.SUCCEED and _moment(follow, 9) <= now:
        mediation.follow_up(
            actor=world.officer,
            case_id=case_id,
            performance=rng.choice(["performed", "performed", "partly"]),
            on=follow,
        )
    done(book.OUTCOMES[transition])


def generate(
    worlds: list[AgencyWorld],
    *,
    sessions: int,
    seed: int,
    first_day: datetime.date,
    last_day: datetime.date,
    progress: Callable[[int], object] | None = None,
) -> Result:
    """``sessions`` sessions and a mediation case for every fifth one, through the services."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = timezone.now()
    result = Result()
    communes = [w for w in worlds if w.team is not None]
    for index in range(sessions):
        world = rng.choice(worlds)
        start = max(first_day, world.valid_from)
        if start > last_day:
            continue
        day = start + datetime.timedelta(days=rng.randint(0, (last_day - start).days))
        with transaction.atomic():
            _session(rng, world, day)
            result.sessions += 1
            if communes and index % 5 == 0:
                commune = rng.choice(communes)
                case_day = max(day, commune.valid_from)
                _case(rng, commune, case_day, now, result)
        if progress is not None:
            progress(1)
    return result


def rollup_codes() -> list[str]:
    from tuphap.outreach.dissemination import indicators as dissemination_indicators
    from tuphap.outreach.mediation import indicators as mediation_indicators

    return [
        i.code
        for i in (*dissemination_indicators.INDICATORS, *mediation_indicators.INDICATORS)
        if i.is_stored
    ]


# -- calibrated years, in bulk ---------------------------------------------------------------

SESSION_BLOCK = 10_000


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``parts`` positive integers adding up to ``total`` exactly (lognormally spread)."""
    if parts == 0:
        return []
    if total < parts:
        raise ValueError("Fewer participants than sessions.")
    weights = [rng.lognormvariate(0.0, 0.8) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    raw = [weight * scale for weight in weights]
    shares = [1 + int(value) for value in raw]
    by_fraction = sorted(range(parts), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in by_fraction[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _organisers(
    first: datetime.date, last: datetime.date
) -> list[tuple[AdministrativeUnit, Agency]]:
    """The old provinces (the places until 30 Jun 2025), each with the Department of Justice
    that organised its sessions from ``first`` to ``last``: its own, or its successor
    province's when that one was in force over the whole span; else one is created for the
    old province (``STP-CU-<code>``, in force until 30 Jun 2025), as the enforcement generator
    creates the old provinces' enforcement departments."""
    from tuphap.places.models import REORGANISATION_DATE, UnitSuccession

    ministry = Agency.objects.filter(level=AgencyLevel.NATIONAL).order_by("pk").first()
    departments = list(
        Agency.objects.filter(kind=AgencyKind.DEPARTMENT_OF_JUSTICE).order_by("code")
    )
    by_province: dict[int, Agency] = {}
    for agency in departments:
        if (agency.valid_from is None or agency.valid_from <= first) and (
            agency.valid_to is None or last <= agency.valid_to
        ):
            by_province.setdefault(agency.province_id or 0, agency)
    successors = dict(
        UnitSuccession.objects.filter(predecessor__level=Level.PROVINCE).values_list(
            "predecessor_id", "successor_id"
        )
    )
    provinces = AdministrativeUnit.objects.filter(
        level=Level.PROVINCE, valid_to__isnull=False
    ).order_by("code")
    result = []
    for unit in provinces:
        organiser = by_province.get(unit.pk) or by_province.get(successors.get(unit.pk, 0))
        if organiser is None:
            short = unit.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
            organiser, created = Agency.objects.get_or_create(
                code=f"STP-CU-{unit.code}",
                defaults={
                    "name": f"Sở Tư pháp {short}",
                    "kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
                    "level": AgencyLevel.PROVINCE,
                    "parent": ministry,
                    "province": unit,
                    "valid_to": REORGANISATION_DATE - datetime.timedelta(days=1),
                },
            )
            if created:
                organiser.jurisdiction.set([unit])
        result.append((unit, organiser))
    return result


def write_sessions(*, plan: dict[int, tuple[int, int]], seed: int) -> int:
    """For each calendar year of ``plan`` (year → (sessions, participants)): exactly that many
    direct dissemination sessions with exactly that many participants in all, held in the year
    at the old provinces by their Department of Justice of the time (``_organisers``), written
    in blocks of ``SESSION_BLOCK`` rows (``bulk_create``), one transaction and one audit row
    per year: the volume of a national term (1.5 million sessions) cannot go through
    ``session_record`` one at a time. The rows are the ones ``session_record`` writes for
    such a session."""
    from tuphap.core import audit
    from tuphap.outreach.dissemination.models import Session

    if not plan:
        return 0
    organisers = _organisers(datetime.date(min(plan), 1, 1), datetime.date(max(plan), 12, 31))
    if not organisers:
        raise ValueError("No province of the old boundaries: load the places first.")
    written = 0
    for year, (sessions, participants) in sorted(plan.items()):
        rng = random.Random(f"{seed}:sessions:{year}")  # noqa: S311 - test data, not secrets
        last = min(datetime.date(year, 12, 31), case_deadlines.local_date(timezone.now()))
        span = (last - datetime.date(year, 1, 1)).days
        counts = _split(participants, sessions, rng)
        with transaction.atomic():
            for start in range(0, sessions, SESSION_BLOCK):
                rows = []
                for share in counts[start : start + SESSION_BLOCK]:
                    place, organiser = rng.choice(organisers)
                    rows.append(
                        Session(
                            held_on=datetime.date(year, 1, 1)
                            + datetime.timedelta(days=rng.randint(0, span)),
                            place=place,
                            organiser=organiser,
                            level=dissemination.level_of(organiser),
                            form=dissemination_rules.Form.DIRECT,
                            topics=rng.choice(TOPICS),
                            target_groups=sorted(rng.sample(GROUPS[:6], rng.randint(1, 2))),
                            participants=share,
                        )
                    )
                Session.objects.bulk_create(rows, batch_size=2_000)
            audit.record(
                actor=None,
                action="outreach.sessions.generated",
                data={"year": year, "sessions": sessions, "participants": participants},
            )
        written += sessions
    return written
