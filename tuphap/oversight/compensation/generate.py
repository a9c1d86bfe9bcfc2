"""A consistent state compensation dataset, written through the services, for the demo, the
statistics and the benchmarks.

``ensure_agencies`` gives each province after the 2025 reorganisation an agency responsible for
compensation (its provincial police, an "other state agency") with a generator officer, where
none exists. ``generate`` draws ``count`` claims over a span of days, each at a commune of the
agency's province, and plays each through the services as far as its dates allow: missing
papers for some, the acceptance (a few refused, some late), the resolver, the verification, an
advance for some, the negotiation, the decision (mostly on time), the funding, the notice and
the payment, a recourse for some paid claims; a few terminated or taken to court. A pure
function of the seed and of the places and agencies in the database."""

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
from tuphap.casework.models import Case
from tuphap.core.calendar import default_calendar
from tuphap.oversight.compensation import permissions, rules, services
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Lan", "Minh", "Nam", "Thảo", "Tú", "Yến")
ACTS = {
    "administrative": "Quyết định thu hồi đất bị hủy vì trái pháp luật",
    "criminal": "Bị tạm giam rồi được tuyên không phạm tội",
    "civil_administrative": "Áp dụng biện pháp khẩn cấp tạm thời trái pháp luật",
    "enforcement": "Kê biên nhầm tài sản của người không phải người phải thi hành án",
}
BASIS = {
    "administrative": "annulled",
    "criminal": "acquittal",
    "civil_administrative": "judgment",
    "enforcement": "complaint",
}
SECTORS = list(ACTS)
SECTOR_WEIGHTS = [30, 45, 10, 15]


@dataclass
class AgencyWorld:
    agency: Agency
    officer: User
    communes: list[AdministrativeUnit]


@dataclass
class Result:
    claims: int = 0
    states: Counter[str] = field(default_factory=Counter)


def officer_for(agency: Agency) -> User:
    """The generator's own officer of ``agency`` (nobody signs in with it)."""
    username = f"btnn-generator-{agency.code.lower()}"
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = user_create(
        actor=None,
        username=username,
        password=secrets.token_urlsafe(24),
        agency=agency,
        roles=[Role.COMPENSATION_OFFICER],
        full_name=f"Cán bộ bồi thường (sinh dữ liệu) {agency.code}",
        check_password=False,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def world_of(agency: Agency, officer: User) -> AgencyWorld:
    provinces = list(agency.jurisdiction.all())
    communes = list(
        AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, province__in=provinces, valid_from=REORGANISATION_DATE
        ).order_by("pk")
    )
    return AgencyWorld(agency, officer, communes)


@transaction.atomic
def ensure_agencies() -> list[AgencyWorld]:
    """The agency responsible for compensation of each new province (its police, where there is
    no other agency with a compensation officer), with its generator officer."""
    ministry = Agency.objects.filter(level=AgencyLevel.NATIONAL).order_by("pk").first()
    worlds = []
    for province in AdministrativeUnit.objects.filter(
        level=Level.PROVINCE, valid_from=REORGANISATION_DATE
    ).order_by("pk"):
        code = f"CA-{province.code}"
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            short = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
            agency = Agency.objects.create(
                code=code,
                name=f"Công an {'thành phố' if province.name.startswith('Thành phố') else 'tỉnh'} "
                f"{short}",
                kind=AgencyKind.OTHER_STATE_BODY,
                level=AgencyLevel.PROVINCE,
                parent=ministry,
                province=province,
                valid_from=REORGANISATION_DATE,
            )
            agency.jurisdiction.set([province])
        world = world_of(agency, officer_for(agency))
        if world.communes:
            worlds.append(world)
    return worlds


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"


def _later(day: datetime.date, rng: random.Random, low: int, high: int) -> datetime.date:
    """A working day ``low``..``high`` working days after ``day``."""
    return default_calendar().add_working_days(day, rng.randint(low, high))


def _damages(sector: str, rng: random.Random) -> dict[str, int]:
    million = 1_000_000
    damages = {"mental": rng.randint(20, 400) * million}
    if sector == "criminal":
        damages["lost_income"] = rng.randint(10, 200) * million
    if sector in ("administrative", "enforcement") or rng.random() < 0.3:
        damages["property"] = rng.randint(20, 2000) * million
    if rng.random() < 0.4:
        damages["other_costs"] = rng.randint(1, 30) * million
    return damages


def _play(world: AgencyWorld, received: datetime.date, rng: random.Random) -> Case:
    """One claim, from receipt as far as the dates allow (never past today)."""
    today = case_deadlines.local_date(timezone.now())
    actor = world.officer
    sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
    basis_received = received - datetime.timedelta(days=rng.randint(5, 300))
    damages = _damages(sector, rng)
    claim = services.claim_open(
        actor=actor,
        place=rng.choice(world.communes),
        data=services.ClaimData(
            claimant_kind=rng.choices(["injured", "heir", "representative"], [80, 12, 8])[0],
            claimant_name=_name(rng),
            injured_name=_name(rng),
            basis_kind=BASIS[sector],
            basis_number=f"{rng.randint(1, 400)}/{basis_received.year}",
            basis_date=basis_received - datetime.timedelta(days=rng.randint(1, 10)),
            basis_received_on=basis_received,
            sector=sector,
            unlawful_act=ACTS[sector],
            received_on=received,
            damages=damages,
            honour_form=rng.choice(["", "", "apology", "publication"]),
            claimant_address=rng.choice(world.communes).name,
        ),
    )
    case = claim.case

    def go(name: str, on: datetime.date, **data: object) -> bool:
        nonlocal case
        if on > today:
            return False
        services.claim_step(
            actor=actor,
            case=case,
            transition=name,
            data=services.StepData(on=on, **data),  # type: ignore[arg-type]
        )
        case = Case.objects.get(pk=case.pk)
        return True

    day = received
    if rng.random() < 0.25:
        if not go("request_papers", day := _later(day, rng, 1, 5)):
            return case
        if not go("file_complete", day := _later(day, rng, 1, 5)):
            return case
    if rng.random() < 0.07:
        go("refuse", _later(day, rng, 1, 2), ground=rng.choice(rules.RefusalGround.values))
        return case
    complex_claim = rng.random() < 0.2
    if not go(
        "accept", day := _later(day, rng, 1, 3 if rng.random() < 0.1 else 2), complex=complex_claim
    ):
        return case
    accepted = day
    if not go("assign_resolver", day := _later(day, rng, 1, 2), resolver_id=actor.pk):
        return case
    if rng.random() < 0.3:
        mental = damages["mental"]
        computable = damages.get("other_costs", 0)
        advance_on = _later(accepted, rng, 0, 2) if rng.random() < 0.5 else day
        if advance_on <= today and advance_on >= accepted:
            advance = services.advance_request(
                actor=actor,
                case=case,
                requested_on=advance_on,
                mental=mental,
                computable=computable,
                amount=rules.advance_minimum(mental, computable),
            )
            paid_on = _later(advance_on, rng, 1, 6)
            if paid_on <= today:
                services.advance_pay(actor=actor, case=case, advance_id=advance.pk, paid_on=paid_on)
            case = Case.objects.get(pk=case.pk)
    if rng.random() < 0.04:
        go("terminate", _later(day, rng, 1, 5), ground="withdrawn")
        return case
    verified = {head: amount * rng.randint(60, 100) // 100 for head, amount in damages.items()}
    verify_days = 30 if complex_claim else 15
    verify_on = max(
        day + datetime.timedelta(days=1),
        accepted + datetime.timedelta(days=rng.randint(5, verify_days)),
    )
    if not go("verify", day := verify_on, amounts=verified):
        return case
    if not go("start_negotiation", day := _later(day, rng, 1, 2)):
        return case
    if rng.random() < 0.03:
        go("to_court", day + datetime.timedelta(days=3), court_name="Tòa án nhân dân khu vực 1")
        return case
    limit = 15 if complex_claim else 10
    decided_on = day + datetime.timedelta(
        days=rng.randint(1, limit + (3 if rng.random() < 0.1 else 0))
    )
    handed = decided_on + datetime.timedelta(days=rng.randint(0, 2))
    if handed > today or not go(
        "decide",
        decided_on,
        amounts=verified,
        decision_number=f"{rng.randint(1, 300)}/QĐ-BTNN",
        handed_over_on=handed,
    ):
        return case
    effective = rules.decision_effective_on(handed)
    day = effective
    for name, low, high in (
        ("request_funding", 0, 2),
        ("funds_received", 2, 6),
        ("notify", 1, 2),
        ("pay", 1, 2),
    ):
        day = _later(day, rng, low, high)
        if not go(name, day):
            return case
    if rng.random() < 0.2:
        claim.refresh_from_db()
        total = services.totals(claim)
        recourse_on = day + datetime.timedelta(days=rng.randint(10, 60))
        if recourse_on <= today:
            amount = max(1, (total["paid"] + total["advanced"]) // rng.randint(5, 20))
            services.recourse_decide(
                actor=actor,
                case=case,
                official_name=_name(rng),
                decision_number=f"{rng.randint(1, 99)}/QĐ-HT",
                decided_on=recourse_on,
                amount=amount,
            )
            instalment_on = recourse_on + datetime.timedelta(days=30)
            if instalment_on <= today:
                services.recourse_collect(
                    actor=actor, case=case, paid_on=instalment_on, amount=max(1, amount // 3)
                )
    return case


def generate(
    *,
    count: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
    worlds: list[AgencyWorld] | None = None,
) -> Result:
    """Play ``count`` claims through the services, received over [first_day, last_day] (the last
    year by default, never before the 2025 reorganisation)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    today = case_deadlines.local_date(timezone.now())
    last_day = min(last_day or today, today)
    first_day = max(first_day or last_day - datetime.timedelta(days=365), REORGANISATION_DATE)
    worlds = [w for w in (worlds if worlds is not None else ensure_agencies()) if w.communes]
    worlds = [w for w in worlds if permissions.can_work(w.officer)]
    result = Result()
    if not worlds or first_day > last_day:
        return result
    span = (last_day - first_day).days
    for _ in range(count):
        world = rng.choice(worlds)
        received = first_day + datetime.timedelta(days=rng.randint(0, span))
        with transaction.atomic():
            case = _play(world, received, rng)
        result.claims += 1
        result.states[case.state] += 1
        if progress is not None:
            progress(1)
    return result
