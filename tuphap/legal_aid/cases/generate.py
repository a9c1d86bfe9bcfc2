"""A consistent legal aid dataset, written through the services, for the demo, the statistics
and the benchmarks.

``ensure_centres`` creates the State Legal Aid Centres the country had (one per old province
until 30 Jun 2025, one per new province from 1 Jul 2025), each with a generator officer and a
roster of performers valid over the whole span, where they do not exist yet. ``generate`` draws
``cases`` requests over a span of days, each at a commune valid on its day and handled by the
centre competent then, and plays each through the services: a notice of a procedural body for
a share of the criminal matters (some late), the acceptance, the assignment (mostly on time),
the work and one of the ends — or none, for the recent ones. A pure function of the seed and of
the places and centres in the database.
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
from tuphap.legal_aid.cases import rules, services
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.providers.models import Performer, PerformerKind
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

OLD_END = REORGANISATION_DATE - datetime.timedelta(days=1)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Lan", "Minh", "Nam", "Thảo", "Tú", "Yến")
MATTERS = {
    "criminal": "Bào chữa trong vụ án hình sự",
    "civil": "Tranh chấp hợp đồng vay tài sản",
    "administrative": "Khiếu kiện quyết định hành chính",
    "marriage_family": "Ly hôn, nuôi con",
    "land": "Tranh chấp quyền sử dụng đất",
    "labour": "Đơn phương chấm dứt hợp đồng lao động",
    "other": "Tư vấn pháp luật khác",
}
GROUPS = [str(g) for g in rules.Group.values]
GROUP_WEIGHTS = [8, 22, 12, 14, 6, 6, 3, 2, 8, 7, 3, 5, 2, 2]
FIELDS = [str(f) for f in rules.Field.values]
FIELD_WEIGHTS = [45, 15, 5, 12, 12, 5, 6]
STATUSES = ["arrested", "detained", "accused", "defendant", "victim"]


@dataclass
class CentreWorld:
    centre: Agency
    officer: User
    communes: list[AdministrativeUnit]
    performers: list[Performer]
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass
class Result:
    cases: int = 0
    notices: int = 0
    states: Counter[str] = field(default_factory=Counter)


def roster(centre: Agency, *, prefix: str, count: int = 5) -> list[Performer]:
    """The centre's performers, created where missing: valid from 2018, none expiring."""
    performers = []
    kinds = [PerformerKind.OFFICER, PerformerKind.CONTRACT_LAWYER, PerformerKind.COLLABORATOR]
    for index in range(count):
        kind = kinds[index % len(kinds)]
        performer, _created = Performer.objects.get_or_create(
            kind=kind,
            document_number=f"{prefix}-{centre.code}-{index + 1:02d}",
            defaults={
                "full_name": f"{FAMILY[index % len(FAMILY)]} Văn {GIVEN[index % len(GIVEN)]}",
                "centre": centre,
                "valid_from": datetime.date(2018, 1, 1),
                "valid_to": None,
            },
        )
        performers.append(performer)
    return performers


def world_of(centre: Agency, officer: User) -> CentreWorld:
    """A centre's communes (of the provinces in its jurisdiction) and its roster."""
    provinces = list(centre.jurisdiction.all())
    communes = list(
        AdministrativeUnit.objects.filter(level=Level.COMMUNE, province__in=provinces).order_by(
            "pk"
        )
    )
    return CentreWorld(
        centre, officer, communes, roster(centre, prefix="TGPL"), centre.valid_from, centre.valid_to
    )


def officer_for(centre: Agency) -> User:
    """The generator's own officer of ``centre`` (no password: nobody signs in with it)."""
    username = f"tgpl-generator-{centre.code.lower()}"
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = user_create(
        actor=None,
        username=username,
        password=secrets.token_urlsafe(24),
        agency=centre,
        roles=[Role.LEGAL_AID_OFFICER],
        full_name=f"Trợ giúp viên (sinh dữ liệu) {centre.code}",
        check_password=False,
    )
    user.set_unusable_password()  # a generator's account: nobody signs in with it
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def ensure_centres() -> list[CentreWorld]:
    """A centre per old province (until 30 Jun 2025) and per new one (from 1 Jul 2025)."""
    ministry = Agency.objects.filter(level=AgencyLevel.NATIONAL).order_by("pk").first()
    worlds = []
    for province in AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by("pk"):
        old = province.boundaries == "old"
        code = f"TGPL-{province.code}{'-CU' if old else ''}"
        short = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        centre = Agency.objects.filter(code=code).first()
        if centre is None:
            centre = Agency.objects.create(
                code=code,
                name=f"Trung tâm Trợ giúp pháp lý nhà nước {short}",
                kind=AgencyKind.LEGAL_AID_CENTRE,
                level=AgencyLevel.PROVINCE,
                parent=ministry,
                province=province,
                valid_from=None if old else REORGANISATION_DATE,
                valid_to=OLD_END if old else None,
            )
            centre.jurisdiction.set([province])
        worlds.append(world_of(centre, officer_for(centre)))
    return worlds


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(7, 21), rng.choice((0, 15, 30, 45))), LOCAL_TIME_ZONE
    )


def _birth(group: str, day: datetime.date, rng: random.Random) -> datetime.date:
    """A date of birth fitting the group's ages on ``day``: born in ``day.year - age - 1``, the
    person is ``age`` or ``age + 1`` that day."""
    lowest, under = rules.AGE_BOUNDS.get(group, (18, 80))
    age = rng.randint(lowest if lowest is not None else 6, (under or 85) - 2)
    return datetime.date(day.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))


def generate(
    worlds: list[CentreWorld],
    *,
    cases: int,
    seed: int,
    first_day: datetime.date,
    last_day: datetime.date,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Play ``cases`` requests through the services, spread over [first_day, last_day]."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    now = timezone.now()
    result = Result()
    span = (last_day - first_day).days
    for index in range(cases):
        day = first_day + datetime.timedelta(days=rng.randint(0, span))
        candidates = [w for w in worlds if w.covers(day) and w.communes]
        if not candidates:
            continue
        world = rng.choice(candidates)
        places = [c for c in world.communes if c.is_valid_on(day)]
        if not places:
            continue
        with transaction.atomic():
            state = _play(world, rng.choice(places), day, rng, now, seed, index)
        if state[0] == "skipped":  # its notice would come after now: not written
            continue
        result.cases += 1
        result.notices += int(state[1])
        result.states[state[0]] += 1
        if progress is not None:
            progress(1)
    return result


def _play(
    world: CentreWorld,
    place: AdministrativeUnit,
    day: datetime.date,
    rng: random.Random,
    now: datetime.datetime,
    seed: int,
    index: int,
) -> tuple[str, bool]:
    """One request and its life; returns its final state and whether a notice opened it."""
    group = rng.choices(GROUPS, GROUP_WEIGHTS)[0]
    field_ = rng.choices(FIELDS, FIELD_WEIGHTS)[0]
    criminal = field_ == rules.Field.CRIMINAL
    form = rules.Form.PARTICIPATION if criminal else rng.choice(list(rules.Form.values))
    status = rng.choice(STATUSES) if criminal else ""
    # Never in the future: a request of today is made before now.
    asked = min(_moment(day, rng), now - datetime.timedelta(hours=1))
    data = services.RequestData(
        full_name=f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN)} {seed}-{index}",
        sex=rng.choice(("male", "female")),
        group=group,
        matter=MATTERS[field_],
        form=form,
        field=field_,
        requested_at=asked,
        date_of_birth=_birth(group, day, rng),
        address=place.name,
        proof="Giấy tờ chứng minh diện",
        financial_difficulty=(
            rules.FinancialDifficulty.NEAR_POOR if rules.needs_financial_difficulty(group) else ""
        ),
        procedural_status=status,
        stage=rng.choice(("investigation", "prosecution", "trial")) if criminal else "",
    )
    officer = world.officer

    def until(moment: datetime.datetime) -> bool:
        return moment <= now

    if criminal and rng.random() < 0.6:
        limit = rules.notice_limit_hours(status) or 24
        late = rng.random() < 0.1
        notified = asked + datetime.timedelta(
            hours=limit + rng.randint(1, 30) if late else rng.uniform(0.5, limit - 0.5)
        )
        if not until(notified):
            return "skipped", False
        notice = services.notice_record(
            actor=officer,
            place=place,
            data=data,
            notice=services.NoticeData(
                body_kind=rng.choice(list(rules.BodyKind.values)),
                body_name="Cơ quan Cảnh sát điều tra Công an tỉnh",
                person_requested_at=asked,
                notified_at=notified,
            ),
        )
        case, accepted_at, from_notice = notice.case, notified, True
    else:
        detail = services.request_open(actor=officer, place=place, data=data)
        case, from_notice = detail.case, False
        if rng.random() < 0.04:
            ground = rng.choice(list(rules.RefusalGround.values))
            services.case_step(
                actor=officer,
                case=case,
                transition="refuse",
                data=services.StepData(ground=ground),
                at=min(now, asked + datetime.timedelta(hours=2)),
            )
            return legal_aid.REFUSED, False
        accepted_at = asked + datetime.timedelta(hours=rng.randint(1, 30))
        if not until(accepted_at):
            return legal_aid.RECEIVED, False
        immediate = rng.random() < 0.2
        services.case_accept(
            actor=officer,
            case=case,
            immediate=immediate,
            ground=rules.ImmediateGround.PREVENT_HARM if immediate else "",
            at=accepted_at,
        )
    custody = status in rules.IN_CUSTODY
    on_time = rng.random() < 0.93
    delay = (
        datetime.timedelta(hours=rng.uniform(0.5, 11) if custody else rng.uniform(2, 40))
        if on_time
        else datetime.timedelta(hours=rng.uniform(13, 40) if custody else rng.uniform(130, 300))
    )
    assigned_at = accepted_at + delay
    if not until(assigned_at):
        return legal_aid.ACCEPTED, from_notice
    performer = rng.choice(world.performers)
    services.case_assign_performer(
        actor=officer, case=case, performer_id=performer.pk, at=assigned_at
    )
    started = assigned_at + datetime.timedelta(days=rng.randint(1, 5))
    if not until(started):
        return legal_aid.ASSIGNED, from_notice
    services.case_step(actor=officer, case=case, transition="start", at=started)
    ended = started + datetime.timedelta(days=rng.randint(10, 150))
    if not until(ended):
        return legal_aid.IN_PROGRESS, from_notice
    roll = rng.random()
    if roll < 0.86:
        services.case_step(
            actor=officer,
            case=case,
            transition="complete",
            data=services.StepData(result="Đã thực hiện xong trợ giúp pháp lý"),
            at=ended,
        )
        if criminal and rng.random() < 0.12:
            services.case_evaluate(
                actor=officer,
                case=case,
                complex_typical=True,
                criteria=rng.sample(list(rules.Criterion.values), 2),
                satisfaction=rules.Satisfaction.SATISFIED,
                on=min(case_deadlines.local_date(now), case_deadlines.local_date(ended)),
            )
        return legal_aid.COMPLETED, from_notice
    if roll < 0.95:
        ground = rng.choice(["not_eligible", "withdrew", "obstructs"])
        services.case_step(
            actor=officer,
            case=case,
            transition="discontinue",
            data=services.StepData(ground=ground),
            at=ended,
        )
        return legal_aid.DISCONTINUED, from_notice
    services.case_step(
        actor=officer,
        case=case,
        transition="terminate",
        data=services.StepData(reason="Cơ quan tiến hành tố tụng đình chỉ vụ án"),
        at=ended,
    )
    return legal_aid.TERMINATED, from_notice


def rollup_codes() -> list[str]:
    from tuphap.legal_aid.cases import indicators

    return [indicator.code for indicator in indicators.INDICATORS if indicator.is_stored]
