"""A consistent national THADS dataset for demonstrations and benchmarks.

``ensure_offices`` creates the enforcement offices the country had (until 30 Jun 2025: a
provincial department per old province and a sub-department per old district; from 1 Jul 2025:
a provincial office per new province and regional offices sharing its communes), with their
jurisdictions, where they do not exist yet. ``build_rows`` draws ``cases`` enforcement decisions
over ``years`` THADS statistical years (1 Oct – 30 Sep) ending with the last whole one, each at a
commune valid on its decision date, handled by the office competent then, with a journal that
follows the register's transitions (``workflow.SPEC``) on non-decreasing dates and money
movements that never exceed the amount to enforce. The rows are written by
``imports.load`` — the import's bulk path — in blocks of ``BLOCK`` cases taken in decision-date
order (so memory holds one block and the case numbers follow the decision dates as in one
block), and are a pure function of the seed and the places and offices in the database.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.enforcement.cases import imports, rules, workflow
from tuphap.enforcement.cases.imports import CaseRow, MovementRow, Step
from tuphap.enforcement.cases.models import (
    WITHOUT_CONDITION_GROUNDS,
    Basis,
    ConditionGround,
    JudgmentKind,
    MovementKind,
    PartyKind,
)
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

OLD_END = REORGANISATION_DATE - datetime.timedelta(days=1)
GENERATOR_USER = "thads-generator"
COMMUNES_PER_REGION = 35
BLOCK = 100_000  # cases written per transaction by ``generate``
KINDS = list(JudgmentKind.values)
KIND_WEIGHTS = [30, 25, 2, 12, 15, 3, 1, 1, 11]
WITHOUT_GROUNDS = sorted(WITHOUT_CONDITION_GROUNDS)

# -- offices -------------------------------------------------------------------------------------


@dataclass
class Offices:
    """Which office handles a place: by unit id, before and after the reorganisation."""

    old_province: dict[int, int]  # old province id → department id
    old_district: dict[int, int]  # old district id → sub-department id
    new_province: dict[int, int]  # new province id → provincial office id
    new_commune: dict[int, int]  # new commune id → regional office id


def _office(
    code: str,
    name: str,
    kind: str,
    level: str,
    unit: AdministrativeUnit,
    units: list[AdministrativeUnit],
    parent: Agency | None,
    valid: tuple[datetime.date | None, datetime.date | None],
) -> Agency:
    agency, created = Agency.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "level": level,
            "parent": parent,
            "province_id": unit.province_id or unit.pk,
            "valid_from": valid[0],
            "valid_to": valid[1],
        },
    )
    if created:
        agency.jurisdiction.set(units)
    return agency


@transaction.atomic
def ensure_offices() -> Offices:
    """The enforcement offices of every province, created where missing (by code)."""
    ministry = Agency.objects.filter(level=AgencyLevel.NATIONAL).order_by("pk").first()
    units = list(AdministrativeUnit.objects.all().order_by("pk"))
    offices = Offices({}, {}, {}, {})
    by_parent: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            by_parent[unit.parent_id].append(unit)
    for unit in units:
        if unit.level != Level.PROVINCE:
            continue
        short = unit.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        if unit.boundaries == "old":
            department = _office(
                f"CTHADS-{unit.code}",
                f"Cục Thi hành án dân sự {short}",
                AgencyKind.ENFORCEMENT_DEPARTMENT,
                AgencyLevel.PROVINCE,
                unit,
                [unit],
                ministry,
                (None, OLD_END),
            )
            offices.old_province[unit.pk] = department.pk
            for district in by_parent[unit.pk]:
                if district.level != Level.DISTRICT:
                    continue
                sub = _office(
                    f"CCTHADS-{district.code}",
                    f"Chi cục Thi hành án dân sự {district.name}",
                    AgencyKind.ENFORCEMENT_SUBDEPARTMENT,
                    AgencyLevel.DISTRICT,
                    district,
                    [district],
                    department,
                    (None, OLD_END),
                )
                offices.old_district[district.pk] = sub.pk
            continue
        provincial = _office(
            f"THADS-{unit.code}",
            f"Thi hành án dân sự {short}",
            AgencyKind.ENFORCEMENT_PROVINCIAL,
            AgencyLevel.PROVINCE,
            unit,
            [unit],
            ministry,
            (REORGANISATION_DATE, None),
        )
        offices.new_province[unit.pk] = provincial.pk
        communes = [child for child in by_parent[unit.pk] if child.level == Level.COMMUNE]
        regions = max(1, -(-len(communes) // COMMUNES_PER_REGION))
        for index in range(regions):
            share = communes[index::regions]
            if not share:
                continue
            regional = _office(
                f"THADS-{unit.code}-KV{index + 1}",
                f"Phòng Thi hành án dân sự khu vực {index + 1} - {short}",
                AgencyKind.ENFORCEMENT_REGIONAL,
                AgencyLevel.REGION,
                unit,
                share,
                provincial,
                (REORGANISATION_DATE, None),
            )
            for commune in share:
                offices.new_commune[commune.pk] = regional.pk
    return offices


def generator_user() -> User:
    """The user recorded as having entered the generated money movements."""
    user, created = User.objects.get_or_create(
        username=GENERATOR_USER, defaults={"full_name": "THADS data generator", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# -- cases ---------------------------------------------------------------------------------------


def year_range(years: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """``years`` whole THADS years ending with the last 30 September on or before ``today``."""
    last_end = datetime.date(
        today.year if today >= datetime.date(today.year, 9, 30) else today.year - 1, 9, 30
    )
    return datetime.date(last_end.year - years, 10, 1), last_end


@dataclass(frozen=True)
class _Place:
    id: int
    province_id: int
    office_id: int  # the local office (sub-department or regional office)
    provincial_id: int  # the provincial department or office


def _places(offices: Offices) -> tuple[list[_Place], list[_Place]]:
    """The places a case can be decided at, before and after the reorganisation."""
    old: list[_Place] = []
    new: list[_Place] = []
    for unit in AdministrativeUnit.objects.filter(level=Level.COMMUNE).order_by("pk"):
        province = unit.province_id or unit.parent_id
        if province is None:
            continue
        if unit.boundaries == "old" and province in offices.old_province:
            provincial = offices.old_province[province]
            local = offices.old_district.get(unit.parent_id or 0, provincial)
            old.append(_Place(unit.pk, province, local, provincial))
        elif unit.boundaries == "new" and province in offices.new_province:
            provincial = offices.new_province[province]
            new.append(
                _Place(unit.pk, province, offices.new_commune.get(unit.pk, provincial), provincial)
            )
    if not old:
        old = [_Place(p, p, o, o) for p, o in offices.old_province.items()]
    if not new:
        new = [_Place(p, p, o, o) for p, o in offices.new_province.items()]
    return old, new


def _add(day: datetime.date, rng: random.Random, low: int, high: int) -> datetime.date:
    return day + datetime.timedelta(days=rng.randint(low, high))


def _journal(
    rng: random.Random, decided: datetime.date, amount: int, basis: str, today: datetime.date
) -> tuple[list[Step], list[MovementRow], str, str, datetime.date | None]:
    """The steps, movements, final state, ground and classification date of one case."""
    steps: list[Step] = [("", "", workflow.ACCEPTED, decided, {})]
    movements: list[MovementRow] = []
    state, day = workflow.ACCEPTED, decided
    ground, classified = "", None

    def step(name: str, target: str, when: datetime.date, **extra: Any) -> bool:
        nonlocal state, day
        if when > today:
            return False
        steps.append((name, state, target, when, extra))
        state, day = target, when
        return True

    def collect(until: datetime.date, share: int) -> None:
        """Collect ``share`` đồng in one to three parts between ``day`` and ``until``, paying
        each out to the obligee within 10 days (never after ``until``)."""
        parts = rng.randint(1, 3)
        left = share
        for index in range(parts):
            if left <= 0:
                break
            part = left if index == parts - 1 else rng.randint(1, left)
            when = day + datetime.timedelta(days=rng.randint(0, max(0, (until - day).days)))
            reduced = rng.random() < 0.08
            movements.append(
                (MovementKind.REDUCED if reduced else MovementKind.COLLECTED, part, when, "")
            )
            if not reduced:
                paid = min(until, when + datetime.timedelta(days=rng.randint(0, 10)))
                movements.append((MovementKind.PAID_OUT, part, paid, ""))
            left -= part

    if not step("notify", workflow.VOLUNTARY, _add(day, rng, 1, 3)):
        return steps, movements, state, ground, classified
    if not step("start_verification", workflow.VERIFYING, _add(day, rng, 10, 14)):
        return steps, movements, state, ground, classified
    with_conditions = rng.random() < 0.72
    if with_conditions:
        ground = ConditionGround.HAS_MEANS
        if not step(
            "classify_with", workflow.WITH_CONDITIONS, _add(day, rng, 3, 20), ground=ground
        ):
            return steps, movements, state, "", classified
        classified = day
        if rng.random() < 0.2:
            step("start_coercion", workflow.ENFORCING, _add(day, rng, 5, 60))
        outcome = rng.random()
        end = _add(day, rng, 15, 400)
        if outcome < 0.62 and end <= today:
            if amount:
                collect(end, amount)
            step("complete", workflow.COMPLETED, end)
        elif outcome < 0.72 and end <= today:
            if amount and rng.random() < 0.5:
                collect(end, rng.randint(1, amount))
            step("terminate", workflow.TERMINATED, end)
        elif outcome < 0.76 and end <= today:
            step("delegate", workflow.DELEGATED, end)
        elif outcome < 0.80 and end <= today:
            step("postpone", workflow.POSTPONED, end)
        elif amount and rng.random() < 0.5:
            collect(min(end, today), rng.randint(1, amount))
        return steps, movements, state, ground, classified
    ground = rng.choice(WITHOUT_GROUNDS)
    if not step(
        "classify_without", workflow.WITHOUT_CONDITIONS, _add(day, rng, 3, 20), ground=ground
    ):
        return steps, movements, state, "", classified
    classified = day
    while rng.random() < 0.8 and step(
        "reverify", workflow.WITHOUT_CONDITIONS, _add(day, rng, 150, 182)
    ):
        when = _add(day, rng, 1, 3)
        if (
            when >= classified + datetime.timedelta(days=366)
            and when <= rules.OLD_LAW_UNTIL  # the old law: any basis, 1 year, 2 verifications
            and rng.random() < 0.5
        ):
            step("move_to_separate_book", workflow.SEPARATE_BOOK, when)
            break
    if state == workflow.WITHOUT_CONDITIONS and rng.random() < 0.05:
        step("terminate", workflow.TERMINATED, _add(day, rng, 5, 60))
    return steps, movements, state, ground, classified


def decision_number(seed: int, index: int) -> str:
    """Numbers carry the seed, so that a second run with another seed adds to the first."""
    return f"{index}/QĐ-G{seed}"


def build_rows(
    *, cases: int, seed: int, years: int, today: datetime.date, offices: Offices
) -> list[CaseRow]:
    """``cases`` generated rows; the same seed on the same places and offices gives the same."""
    return list(iter_rows(cases=cases, seed=seed, years=years, today=today, offices=offices))


def iter_rows(
    *, cases: int, seed: int, years: int, today: datetime.date, offices: Offices
) -> Iterator[CaseRow]:
    """The rows of ``build_rows`` one by one, in the order of their decision dates (so that
    rows written in several blocks are numbered in that order, as one block would be). The
    decision dates are drawn first; each row then draws the rest from its own generator,
    seeded by the seed and its index, so memory holds only the dates."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    first, last = year_range(years, today)
    old, new = _places(offices)
    if not old and not new:
        raise ValueError("No places: load the administrative units first.")
    weights_old = [rng.uniform(0.3, 3.0) for _ in old]
    weights_new = [rng.uniform(0.3, 3.0) for _ in new]
    # Cumulative once: ``choices`` with plain weights adds them all up at every call (10,000
    # communes per case); with ``cum_weights`` it bisects, and draws the same place.
    weights_old = list(itertools.accumulate(weights_old))
    weights_new = list(itertools.accumulate(weights_new))
    span = (last - first).days
    days = [rng.randint(0, span) for _ in range(cases)]
    for position in sorted(range(cases), key=days.__getitem__):
        index = position + 1
        rng = random.Random(f"{seed}:{index}")  # noqa: S311 - test data, not secrets
        decided = first + datetime.timedelta(days=days[position])
        pool, weights = (old, weights_old) if decided <= OLD_END else (new, weights_new)
        if not pool:
            pool, weights = (new, weights_new) if pool is old else (old, weights_old)
            decided = max(decided, REORGANISATION_DATE) if pool is new else min(decided, OLD_END)
        place = rng.choices(pool, cum_weights=weights)[0]
        office = place.office_id if rng.random() < 0.85 else place.provincial_id
        effective = decided - datetime.timedelta(days=rng.randint(5, 200))
        issued = effective - datetime.timedelta(days=rng.randint(0, 45))
        basis = Basis.ON_REQUEST if rng.random() < 0.45 else Basis.EX_OFFICIO
        requested = decided - datetime.timedelta(
            days=rng.randint(0, min(4, (decided - effective).days))
        )
        amount = 0 if rng.random() < 0.1 else int(rng.lognormvariate(17.0, 1.6)) + 1
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        journal = _journal(rng, decided, amount, basis, today)
        yield _row(
            rng,
            seed=seed,
            index=index,
            place=place,
            office=office,
            decided=decided,
            effective=effective,
            issued=issued,
            basis=basis,
            requested=requested,
            amount=amount,
            kind=kind,
            recovery=None,
            journal=journal,
        )


Journal = tuple[list[Step], list[MovementRow], str, str, datetime.date | None]


def _row(
    rng: random.Random,
    *,
    seed: int,
    index: int,
    place: _Place,
    office: int,
    decided: datetime.date,
    effective: datetime.date,
    issued: datetime.date,
    basis: str,
    requested: datetime.date,
    amount: int,
    kind: str,
    recovery: bool | None,
    journal: Journal,
) -> CaseRow:
    """One generated case row: the judgment, the parties and the journal given; ``recovery``
    None draws the asset-recovery flag (1 %) after the court, as the rows always have."""
    steps, movements, state, ground, classified = journal
    court = f"Tòa án nhân dân {place.province_id}-{rng.randint(1, 12)}"
    if recovery is None:
        recovery = rng.random() < 0.01
    return CaseRow(
        line=index,
        agency_id=office,
        place_id=place.id,
        province_id=place.province_id,
        court_name=court,
        judgment_number=f"{index}/{issued.year}/G{seed}",
        judgment_date=issued,
        judgment_kind=kind,
        effective_on=effective,
        basis=basis,
        requested_on=requested,
        requester_name=f"Người yêu cầu {index}" if basis == Basis.ON_REQUEST else "",
        decision_number=decision_number(seed, index),
        decision_date=decided,
        amount=amount,
        obligation="" if amount else "Trả lại tài sản",
        obligor_name=f"Người phải thi hành án {index}",
        obligor_kind=PartyKind.PERSON,
        obligor_identification="",
        asset_recovery=recovery,
        credit_institution_debt=rng.random() < 0.05,
        state=state,
        condition_ground=ground,
        classified_on=classified,
        steps=[
            (
                name,
                source,
                target,
                when,
                {**extra, "generated": seed} if not name else extra,
            )
            for name, source, target, when, extra in steps
        ],
        movements=movements,
    )


# -- calibrated years ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearPlan:
    """What THADS year ``year`` (1 Oct of ``year`` − 1 to 30 Sep of ``year``) must report:
    ``done`` cases done (``thads.cases.done``) with ``money`` đồng done
    (``thads.money.done``), of which ``recovery_done`` cases and ``recovery_money`` đồng in
    asset recovery (``thads.recovery.*``); and ``open_cases`` more cases decided in the year
    that stay without conditions and move no money (they are to enforce, not done)."""

    year: int
    done: int
    money: int
    recovery_done: int = 0
    recovery_money: int = 0
    open_cases: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.recovery_done <= self.done or self.recovery_money < 0:
            raise ValueError(f"THADS{self.year}: the asset recovery exceeds the year.")
        if self.money - self.recovery_money < self.done - self.recovery_done:
            raise ValueError(f"THADS{self.year}: less than 1 đồng a case.")
        if self.recovery_money < self.recovery_done or (
            self.recovery_money and not self.recovery_done
        ):
            raise ValueError(f"THADS{self.year}: asset recovery money needs its cases.")

    @property
    def cases(self) -> int:
        return self.done + self.open_cases


def split(total: int, parts: int, rng: random.Random, sigma: float = 1.2) -> list[int]:
    """``parts`` positive integers adding up to ``total`` exactly, lognormally spread (the
    remainder of the rounding down goes to the largest fractions)."""
    if parts == 0:
        if total:
            raise ValueError("An amount with no case to carry it.")
        return []
    if total < parts:
        raise ValueError("Less than 1 a part.")
    weights = [rng.lognormvariate(0.0, sigma) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    raw = [weight * scale for weight in weights]
    shares = [1 + int(value) for value in raw]
    left = total - sum(shares)
    by_fraction = sorted(range(parts), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in by_fraction[:left]:
        shares[i] += 1
    return shares


def _verified(rng: random.Random, decided: datetime.date) -> tuple[list[Step], datetime.date]:
    """A planned case's first steps: accepted on ``decided``, notified, verification started;
    and the day it is classified (the step itself is the caller's)."""
    notified = _add(decided, rng, 1, 3)
    verifying = _add(notified, rng, 10, 14)
    classified = _add(verifying, rng, 3, 15)
    steps: list[Step] = [
        ("", "", workflow.ACCEPTED, decided, {}),
        ("notify", workflow.ACCEPTED, workflow.VOLUNTARY, notified, {}),
        ("start_verification", workflow.VOLUNTARY, workflow.VERIFYING, verifying, {}),
    ]
    return steps, classified


def _done_journal(
    rng: random.Random, decided: datetime.date, amount: int, year_end: datetime.date
) -> Journal:
    """A case that ends in its year: notified, verified, classified with conditions, then
    completed with its whole amount collected and paid out (or, one in ten, terminated, its
    amount written off: done money too, ``figures.compute``), all on or before ``year_end``."""
    steps, classified = _verified(rng, decided)
    end = classified + datetime.timedelta(
        days=rng.randint(0, max(0, min(300, (year_end - classified).days)))
    )
    steps.append(
        (
            "classify_with",
            workflow.VERIFYING,
            workflow.WITH_CONDITIONS,
            classified,
            {"ground": ConditionGround.HAS_MEANS},
        )
    )
    movements: list[MovementRow] = []
    if rng.random() < 0.1:
        steps.append(("terminate", workflow.WITH_CONDITIONS, workflow.TERMINATED, end, {}))
        return steps, movements, workflow.TERMINATED, ConditionGround.HAS_MEANS, classified
    if amount:
        movements.append((MovementKind.COLLECTED, amount, end, ""))
        movements.append((MovementKind.PAID_OUT, amount, end, ""))
    steps.append(("complete", workflow.WITH_CONDITIONS, workflow.COMPLETED, end, {}))
    return steps, movements, workflow.COMPLETED, ConditionGround.HAS_MEANS, classified


def _open_journal(rng: random.Random, decided: datetime.date) -> Journal:
    """A case verified and classified without conditions, moving no money."""
    steps, classified = _verified(rng, decided)
    ground = rng.choice(WITHOUT_GROUNDS)
    steps.append(
        (
            "classify_without",
            workflow.VERIFYING,
            workflow.WITHOUT_CONDITIONS,
            classified,
            {"ground": ground},
        )
    )
    return steps, [], workflow.WITHOUT_CONDITIONS, ground, classified


PLAN_MARGIN = 45  # days before a year's end after which no planned case is decided


def iter_planned_rows(*, plans: list[YearPlan], seed: int, offices: Offices) -> Iterator[CaseRow]:
    """The rows of ``plans``, year after year in decision-date order: each year's done cases
    decided and ended inside it, so that the year's ``thads.cases.done`` and
    ``thads.money.done`` (and the asset recovery's) are exactly the plan's, and its open cases.
    A pure function of the plans, the seed and the places and offices."""
    old, new = _places(offices)
    rng = random.Random(f"{seed}:planned")  # noqa: S311 - test data, not secrets
    weights_old = [rng.uniform(0.3, 3.0) for _ in old]
    weights_new = [rng.uniform(0.3, 3.0) for _ in new]
    # Cumulative once: ``choices`` with plain weights adds them all up at every call (10,000
    # communes per case); with ``cum_weights`` it bisects, and draws the same place.
    weights_old = list(itertools.accumulate(weights_old))
    weights_new = list(itertools.accumulate(weights_new))
    index = 0
    for plan in sorted(plans, key=lambda p: p.year):
        first = datetime.date(plan.year - 1, 10, 1)
        last = datetime.date(plan.year, 9, 30)
        span = (last - first).days - PLAN_MARGIN
        year_rng = random.Random(f"{seed}:THADS{plan.year}")  # noqa: S311 - test data
        ordinary = plan.done - plan.recovery_done
        amounts = [(True, a) for a in split(plan.recovery_money, plan.recovery_done, year_rng)]
        amounts += [
            (False, a)
            for a in split(plan.money - plan.recovery_money, ordinary, year_rng, sigma=1.6)
        ]
        amounts += [(False, -1)] * plan.open_cases  # -1: an open case
        year_rng.shuffle(amounts)
        days = sorted(year_rng.randint(0, span) for _ in amounts)
        for (recovery, amount), offset in zip(amounts, days, strict=True):
            index += 1
            row_rng = random.Random(f"{seed}:planned:{index}")  # noqa: S311 - test data
            decided = first + datetime.timedelta(days=offset)
            pool, weights = (old, weights_old) if decided <= OLD_END else (new, weights_new)
            place = row_rng.choices(pool, cum_weights=weights)[0]
            office = place.office_id if row_rng.random() < 0.85 else place.provincial_id
            effective = decided - datetime.timedelta(days=row_rng.randint(5, 200))
            issued = effective - datetime.timedelta(days=row_rng.randint(0, 45))
            basis = Basis.ON_REQUEST if row_rng.random() < 0.45 else Basis.EX_OFFICIO
            requested = decided - datetime.timedelta(days=row_rng.randint(0, 4))
            kind = row_rng.choices(KINDS, KIND_WEIGHTS)[0]
            if amount < 0:
                journal = _open_journal(row_rng, decided)
                amount = int(row_rng.lognormvariate(17.0, 1.6)) + 1
            else:
                journal = _done_journal(row_rng, decided, amount, last)
            yield _row(
                row_rng,
                seed=seed,
                index=index,
                place=place,
                office=office,
                decided=decided,
                effective=effective,
                issued=issued,
                basis=basis,
                requested=requested,
                amount=amount,
                kind=kind,
                recovery=recovery,
                journal=journal,
            )


def generate_planned(
    *, plans: list[YearPlan], seed: int, progress: Any = None
) -> imports.LoadResult:
    """``generate`` for calibrated years: the rows of ``iter_planned_rows`` written through the
    import's bulk path in blocks of ``BLOCK``."""
    cases = sum(plan.cases for plan in plans)
    offices = ensure_offices()
    rows = iter_planned_rows(plans=plans, seed=seed, offices=offices)
    return _write(rows, cases, seed, progress)


def blocks(cases: int) -> int:
    """How many blocks of at most ``BLOCK`` cases ``generate`` writes."""
    return max(1, -(-cases // BLOCK))


def generate(
    *, cases: int, seed: int, years: int, today: datetime.date, progress: Any = None
) -> imports.LoadResult:
    """Create the offices, draw the cases and write them through the import's bulk path, in
    blocks of at most ``BLOCK`` cases (one transaction and one audit row each), so that memory
    holds one block whatever the size: a national five-year dataset is millions of cases."""
    offices = ensure_offices()
    rows = iter_rows(cases=cases, seed=seed, years=years, today=today, offices=offices)
    return _write(rows, cases, seed, progress)


def _write(rows: Iterator[CaseRow], cases: int, seed: int, progress: Any) -> imports.LoadResult:
    """Write ``cases`` rows in blocks of at most ``BLOCK``, one transaction and audit row each."""
    user = generator_user()
    total = imports.LoadResult(0, 0, 0, 0, {})
    for number in range(1, blocks(cases) + 1):
        block = list(itertools.islice(rows, BLOCK))
        if progress is not None:
            progress.update(1)
        result = imports.load(
            block,
            actor=None,
            source=f"generator seed={seed}"
            + (f" block {number}/{blocks(cases)}" if cases > BLOCK else ""),
            movement_user_id=user.pk,
            progress=progress,
        )
        numbers = dict(total.numbers)
        for key, (low, high) in result.numbers.items():
            known = numbers.get(key)
            numbers[key] = (min(low, known[0]), max(high, known[1])) if known else (low, high)
        total = imports.LoadResult(
            total.cases + result.cases,
            total.judgments + result.judgments,
            total.actions + result.actions,
            total.movements + result.movements,
            numbers,
        )
    return total


def rollup_codes() -> list[str]:
    """The stored THADS indicators (the rates are computed from them), or none when the
    register's indicators are not declared."""
    try:
        from tuphap.enforcement.cases import indicators
    except ImportError:  # pragma: no cover - the register without statistics
        return []
    return [
        indicator.code
        for indicator in indicators.INDICATORS
        if indicator.source is not None
        and indicator.code.startswith(("thads.cases.", "thads.money."))
    ]
