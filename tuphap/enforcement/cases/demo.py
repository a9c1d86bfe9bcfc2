"""Demo enforcement work: a year and more of cases in the regional offices THADS-40-KV1 (Nghệ
An) and THADS-42-KV1 (Hà Tĩnh), made through the services, with cases in every state, money
collected and paid out, and targets. Idempotent: an office that has cases is left alone."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from tuphap.accounts import services as account_services
from tuphap.accounts.models import Agency, User
from tuphap.accounts.roles import Role
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.demo import DEMO_PASSWORD, Output, step
from tuphap.enforcement.cases import balance, services
from tuphap.enforcement.cases.models import EnforcementCase
from tuphap.places.models import AdministrativeUnit

Action = tuple[str, float]

# Each template ends in the state it is named after. "collect" takes a share of what is owed.
TEMPLATES: dict[str, list[Action]] = {
    "accepted": [],
    "voluntary_period": [("notify", 0)],
    "verifying": [("notify", 0), ("start_verification", 0)],
    "with_conditions": [("start_verification", 0), ("with", 0), ("collect", 0.3)],
    "enforcing": [
        ("notify", 0),
        ("start_verification", 0),
        ("with", 0),
        ("start_coercion", 0),
        ("collect", 0.5),
        ("pay_out", 0),
    ],
    "without_conditions": [("start_verification", 0), ("without", 0), ("reverify", 0)],
    "postponed": [("start_verification", 0), ("with", 0), ("postpone", 0)],
    "suspended": [("start_verification", 0), ("with", 0), ("start_coercion", 0), ("suspend", 0)],
    "completed": [
        ("notify", 0),
        ("start_verification", 0),
        ("with", 0),
        ("collect", 1),
        ("pay_out", 0),
        ("complete", 0),
    ],
    "completed_voluntarily": [("notify", 0), ("collect", 1), ("pay_out", 0), ("complete", 0)],
    "terminated": [("start_verification", 0), ("with", 0), ("collect", 0.2), ("terminate", 0)],
    "delegated": [("notify", 0), ("delegate", 0)],
}
# These need two years "without conditions" (NĐ 152/2026 Art. 22): decided in 2024 on the
# communes that preceded the office's ones.
LONG_TEMPLATES: dict[str, list[Action]] = {
    "separate_book": [
        ("start_verification", 0),
        ("without", 0),
        ("reverify", 0),
        ("reverify", 0),
        ("move_to_separate_book", 0),
    ],
    "request_returned": [
        ("start_verification", 0),
        ("without", 0),
        ("reverify", 0),
        ("reverify", 0),
        ("return_request", 0),
    ],
}
COURTS = {"40": "Tòa án nhân dân khu vực 1 - Nghệ An", "42": "Tòa án nhân dân khu vực 1 - Hà Tĩnh"}
NAMES = ("Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đặng Văn")
GIVEN = ("An", "Bình", "Cúc", "Dũng", "Hoa", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc")
KINDS = ("civil", "civil", "criminal", "marriage_family", "business", "labour", "administrative")


def office_head(code: str, office: Agency) -> User:
    username = "demo.truongphong" if code == "40" else f"demo.truongphong.{code}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    return account_services.user_create(
        actor=None,
        username=username,
        password=DEMO_PASSWORD,
        agency=office,
        roles=[Role.ENFORCEMENT_HEAD],
        full_name=f"Trưởng phòng THADS khu vực 1 ({code})",
        check_password=False,
    )


def _open(
    rng: random.Random,
    *,
    actor: User,
    code: str,
    index: int,
    place: AdministrativeUnit,
    decided: datetime.date,
    ex_officio: bool,
    assignee: User | None = None,
) -> EnforcementCase:
    effective = decided - datetime.timedelta(days=rng.randint(15, 400))
    obligor = f"{rng.choice(NAMES)} {rng.choice(GIVEN)}"
    obligee = f"{rng.choice(NAMES)} {rng.choice(GIVEN)}"
    money = rng.random() > 0.1
    amount = rng.choice([5, 12, 30, 75, 150, 400, 1_200, 2_500]) * 1_000_000
    return services.case_open(
        actor=actor,
        place=place,
        judgment=services.JudgmentData(
            court_name=COURTS[code],
            number=f"{index}/{effective.year}/DS-ST",
            issued_on=effective - datetime.timedelta(days=30),
            kind=rng.choice(KINDS),
            effective_on=effective,
        ),
        request=services.RequestData("ex_officio", decided)
        if ex_officio
        else services.RequestData("on_request", decided, obligee),
        decision_number=f"{index}/QĐ-THADS",
        decision_date=decided,
        parties=[
            services.PartyData(
                "obligor",
                "person",
                obligor,
                f"0{code}{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}",
            ),
            services.PartyData("obligee", "person", obligee),
        ],
        obligations=[services.ObligationData("money", amount)]
        if money
        else [services.ObligationData("non_money", None, "Trả lại tài sản (xe máy)")],
        asset_recovery=rng.random() < 0.15,
        credit_institution_debt=rng.random() < 0.1,
        assignee=assignee or actor,
    )


def _play(
    actor: User,
    detail: EnforcementCase,
    actions: list[Action],
    days: list[datetime.date],
) -> None:
    case = detail.case
    for (name, share), day in zip(actions, days, strict=True):
        case = Case.objects.get(pk=case.pk)
        owed = balance.outstanding(detail)
        if name == "collect":
            amount = owed if share >= 1 else int(owed * share)
            if amount > 0:
                services.movement_record(
                    actor=actor, case=case, kind="collected", amount=amount, on_date=day
                )
        elif name == "pay_out":
            money = balance.money_of(detail)
            if money.collected > money.paid_out:
                services.movement_record(
                    actor=actor,
                    case=case,
                    kind="paid_out",
                    amount=money.collected - money.paid_out,
                    on_date=day,
                )
        elif name in ("with", "without"):
            services.case_classify(
                actor=actor,
                case=case,
                with_conditions=name == "with",
                ground="has_means" if name == "with" else "no_means",
                decided_on=day,
            )
        else:
            services.case_transition(actor=actor, case=case, transition=name, decided_on=day)


def spread_dates(
    rng: random.Random, start: datetime.date, end: datetime.date, count: int
) -> list[datetime.date]:
    """``count`` increasing dates after ``start``, by ``end`` at the latest."""
    span = max((end - start).days, count)
    return sorted(start + datetime.timedelta(days=rng.randint(1, span)) for _ in range(count))


def _office_work(output: Output, code: str, rng: random.Random, today: datetime.date) -> int:
    office = Agency.objects.filter(code=f"THADS-{code}-KV1").first()
    if office is None:
        output.write(f"  no office THADS-{code}-KV1: skipped")
        return 0
    if EnforcementCase.objects.filter(agency=office).exists():
        output.write(f"  THADS-{code}-KV1 already has cases")
        return 0
    head = office_head(code, office)
    communes = list(office.jurisdiction.order_by("code"))
    old_communes = list(
        AdministrativeUnit.objects.filter(
            successions__successor__in=communes, valid_to__isnull=False
        )
        .distinct()
        .order_by("code")
    )
    index = 0
    first_day = datetime.date(2025, 7, 1)  # the office and its communes exist from then
    plans: list[tuple[str, list[Action]]] = [
        (name, actions)
        for name, actions in TEMPLATES.items()
        for _ in range(2 if code == "40" else 1)
    ]
    plans += [(name, actions) for name, actions in TEMPLATES.items() if rng.random() < 0.5]
    # The demo enforcement officer works half of Nghệ An's cases: their "My work" is real.
    officer = User.objects.filter(username="demo.chaphanhvien", agency=office).first()
    for _name, actions in plans:
        index += 1
        decided = first_day + datetime.timedelta(
            days=rng.randint(0, max((today - first_day).days - 30, 1))
        )
        detail = _open(
            rng,
            actor=head,
            code=code,
            index=index,
            place=rng.choice(communes),
            decided=decided,
            ex_officio=rng.random() < 0.4,
            assignee=officer if officer is not None and index % 2 else None,
        )
        _play(head, detail, actions, spread_dates(rng, decided, today, len(actions)))
    if old_communes:
        for name, actions in LONG_TEMPLATES.items():
            index += 1
            decided = datetime.date(2024, 5, 6) + datetime.timedelta(days=rng.randint(0, 20))
            detail = _open(
                rng,
                actor=head,
                code=code,
                index=index,
                place=old_communes[0],
                decided=decided,
                ex_officio=name == "separate_book",
            )
            # classified without conditions by mid-2024; the last step more than 2 years later
            days = [
                decided + datetime.timedelta(days=10),
                decided + datetime.timedelta(days=20),
                decided + datetime.timedelta(days=200),
                decided + datetime.timedelta(days=400),
                min(today, decided + datetime.timedelta(days=20 + 735)),
            ]
            _play(head, detail, actions, days)
    for year in (2026, 2027):
        bo = User.objects.filter(username="demo.bo").first()
        if bo is not None:
            services.target_set(
                actor=bo,
                agency=office,
                year=year,
                case_rate=rng.choice([80, 82, 85]),
                money_rate=rng.choice([40, 45, 50]),
            )
    return index


@step(50)
@transaction.atomic
def enforcement_cases(output: Output, show_progress: bool) -> None:
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not a secret
    today = case_deadlines.local_date(timezone.now())
    total = sum(_office_work(output, code, rng, today) for code in ("40", "42"))
    if total:
        output.write(f"  {total} enforcement cases")


def states_present() -> dict[str, int]:
    """How many demo cases are in each state (for the tests and a quick look)."""
    counts: dict[str, int] = {}
    for state in Case.objects.filter(register="enforcement.civil").values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts
