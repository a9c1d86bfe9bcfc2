"""A consistent inspection dataset, written through the services, for the demo and the
statistics: an agency's plan of each year, inspections of every kind decided over a span of days
and played as far as their dates allow (on-site work, report, conclusion, recommendations
followed up, sampled sanctioning decisions for the inter-sectoral ones, the close). A pure
function of the seed and of the agency."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tuphap.accounts.models import User
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.oversight.inspections import rules, services
from tuphap.oversight.inspections.models import Inspection, InspectionPlan, PlanItem

SUBJECTS = (
    ("Phòng Công chứng số {n}", rules.SubjectKind.NOTARY),
    ("Văn phòng công chứng Hồng Lam {n}", rules.SubjectKind.NOTARY),
    ("Công ty đấu giá hợp danh số {n}", rules.SubjectKind.AUCTION),
    ("UBND xã số {n} (hộ tịch, chứng thực)", rules.SubjectKind.JUSTICE_OFFICE),
    ("Phòng Thi hành án dân sự khu vực {n}", rules.SubjectKind.ENFORCEMENT),
    ("Văn phòng luật sư số {n}", rules.SubjectKind.LAWYER),
)
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em")


@dataclass
class Result:
    inspections: int = 0
    states: Counter[str] = field(default_factory=Counter)


def _plan(actor: User, year: int, rng: random.Random) -> InspectionPlan:
    plan = InspectionPlan.objects.filter(agency_id=actor.agency_id or 0, year=year).first()
    if plan is not None:
        return plan
    items = []
    for index in range(8):
        name, _kind = SUBJECTS[index % len(SUBJECTS)]
        items.append(
            services.ItemData(
                name.format(n=index + 1),
                rules.Form.CHECK if index % 3 == 2 else rules.Form.INSPECTION,
                quarter=index % 4 + 1,
            )
        )
    approved = min(datetime.date(year - 1, 12, 15), case_deadlines.local_date(timezone.now()))
    return services.plan_approve(
        actor=actor,
        year=year,
        approval_number=f"01/QĐ-KH-{year}",
        approved_on=approved,
        items=items,
    )


def _later(day: datetime.date, rng: random.Random, low: int, high: int) -> datetime.date:
    return day + datetime.timedelta(days=rng.randint(low, high))


def _play(
    actor: User,
    decided: datetime.date,
    index: int,
    rng: random.Random,
    law: bool | None = None,
) -> Case:
    """One inspection played through the services; ``law`` whether it is an inter-sectoral
    inspection of administrative-violation enforcement (drawn, one in four, when None)."""
    today = case_deadlines.local_date(timezone.now())
    kind = rng.choices(
        [rules.Kind.PLANNED, rules.Kind.UNANNOUNCED, rules.Kind.SIGNS, rules.Kind.POST_AUDIT],
        [55, 15, 20, 10],
    )[0]
    item_id = audited_id = None
    if kind == rules.Kind.PLANNED:
        plan = _plan(actor, decided.year, rng)
        free = PlanItem.objects.filter(plan=plan, dropped=False, inspections__isnull=True).first()
        if free is None:
            kind = rules.Kind.UNANNOUNCED
        else:
            item_id = free.pk
    if kind == rules.Kind.POST_AUDIT:
        done = Inspection.objects.filter(
            agency_id=actor.agency_id or 0, conclusion_date__lt=decided
        ).first()
        if done is None:
            kind = rules.Kind.SIGNS
        else:
            audited_id = done.pk
    if law is None:
        law = rng.random() < 0.25
    name, subject_kind = SUBJECTS[index % len(SUBJECTS)]
    team = [services.MemberData(NAMES[0], rules.MemberRole.HEAD, "Sở Tư pháp")]
    team += [
        services.MemberData(n, rules.MemberRole.MEMBER, "Công an tỉnh" if law else "Sở Tư pháp")
        for n in NAMES[1 : rng.randint(2, 5)]
    ]
    inspection = services.inspection_open(
        actor=actor,
        data=services.InspectionData(
            kind=kind,
            form=rules.Form.INSPECTION,
            title=(
                "Kiểm tra liên ngành thi hành pháp luật về xử lý vi phạm hành chính"
                if law
                else f"Thanh tra {name.format(n=index + 1)}"
            ),
            decision_number=f"{index + 1}/QĐ-TTr",
            decision_date=decided,
            issuer="Giám đốc Sở Tư pháp",
            scope="Việc chấp hành pháp luật",
            period_from=datetime.date(decided.year - 1, 1, 1),
            period_to=datetime.date(decided.year - 1, 12, 31),
            subjects=[(name.format(n=index + 1), subject_kind)],
            team=team,
            plan_item_id=item_id,
            audited_id=audited_id,
            inter_sectoral=law,
            violations_law=law,
        ),
    )
    case = inspection.case

    def go(name: str, on: datetime.date, **kw: str) -> bool:
        nonlocal case
        if on > today:
            return False
        services.inspection_step(actor=actor, case=case, transition=name, on=on, **kw)
        case = Case.objects.get(pk=case.pk)
        return True

    if not go("start_on_site", day := _later(decided, rng, 3, 14)):
        return case
    if law:
        for n in range(rng.randint(3, 8)):
            record = day - datetime.timedelta(days=rng.randint(60, 500))
            decision = record + datetime.timedelta(days=rng.choice((3, 5, 7, 7, 9, 12)))
            complied = decision + datetime.timedelta(days=rng.choice((5, 8, 10, 14)))
            services.sample_add(
                actor=actor,
                case=case,
                data=services.SampleData(
                    f"{n + 1}/QĐ-XPHC",
                    record - datetime.timedelta(days=rng.randint(0, 3)),
                    record,
                    decision,
                    complied_on=complied if complied <= day and rng.random() < 0.9 else None,
                ),
            )
    if not go("end_on_site", day := _later(day, rng, 10, 40)):
        return case
    if not go("report", day := _later(day, rng, 5, 15)):
        return case
    if not go("conclude", day := _later(day, rng, 7, 30), number=f"{index + 1}/KL-TTr"):
        return case
    for _ in range(rng.randint(1, 4)):
        kind_of = rng.choice(rules.RecommendationKind.values)
        amount = rng.randint(5, 500) * 1_000_000 if kind_of == rules.RecommendationKind.MONEY else 0
        row = services.recommendation_add(
            actor=actor,
            case=case,
            kind=kind_of,
            text="Kiến nghị khắc phục",
            amount=amount,
            due_on=day + datetime.timedelta(days=rng.choice((30, 60, 90))),
        )
        follow = _later(day, rng, 20, 120)
        if follow <= today and rng.random() < 0.7:
            services.recommendation_follow_up(
                actor=actor,
                recommendation_id=row.pk,
                status=rules.RecommendationStatus.IMPLEMENTED,
                on=follow,
                recovered=amount,
            )
    close_on = _later(day, rng, 130, 160)
    if not Inspection.objects.get(pk=case.pk).recommendations.filter(status="open").exists():
        go("close", close_on)
    return case


def generate(
    *,
    count: int,
    seed: int,
    actor: User,
    progress: Callable[[int], None] | None = None,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
) -> Result:
    """Play ``count`` inspections of ``actor``'s agency through the services, decided over
    [first_day, last_day] (the last year by default)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    today = case_deadlines.local_date(timezone.now())
    last_day = min(last_day or today, today)
    first_day = first_day or last_day - datetime.timedelta(days=365)
    span = max(0, (last_day - first_day).days)
    days = sorted(first_day + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))
    result = Result()
    for index, decided in enumerate(days):
        with transaction.atomic():
            case = _play(actor, decided, index, rng)
        result.inspections += 1
        result.states[case.state] += 1
        if progress is not None:
            progress(1)
    return result


def generate_exact(*, actor: User, year: int, count: int, inter_sectoral: int, seed: int) -> int:
    """Exactly ``count`` inspections of ``actor``'s agency decided in calendar year ``year``
    (up to today), ``inter_sectoral`` of them inter-sectoral inspections of
    administrative-violation enforcement (``oversight.inspections.decided`` and
    ``.inter_sectoral`` of the year), played through the services."""
    if not 0 <= inter_sectoral <= count:
        raise ValueError("More inter-sectoral inspections than inspections.")
    rng = random.Random(f"{seed}:inspections:{year}")  # noqa: S311 - reproducible test data
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), case_deadlines.local_date(timezone.now()))
    if last < first:
        raise ValueError(f"{year} has not begun.")
    span = (last - first).days
    days = sorted(first + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))
    laws = [True] * inter_sectoral + [False] * (count - inter_sectoral)
    rng.shuffle(laws)
    offset = Inspection.objects.filter(agency_id=actor.agency_id or 0).count()
    for index, (decided, law) in enumerate(zip(days, laws, strict=True)):
        with transaction.atomic():
            _play(actor, decided, offset + index, rng, law=law)
    return count
