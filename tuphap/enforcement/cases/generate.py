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
        place = rng.choices(pool, weights)[0]
        office = place.office_id if rng.random() < 0.85 else place.provincial_id
        effective = decided - datetime.timedelta(days=rng.randint(5, 200))
        issued = effective - datetime.timedelta(days=rng.randint(0, 45))
        basis = Basis.ON_REQUEST if rng.random() < 0.45 else Basis.EX_OFFICIO
        requested = decided - datetime.timedelta(
            days=rng.randint(0, min(4, (decided - effective).days))
        )
        amount = 0 if rng.random() < 0.1 else int(rng.lognormvariate(17.0, 1.6)) + 1
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        steps, movements, state, ground, classified = _journal(rng, decided, amount, basis, today)
        yield CaseRow(
            line=index,
            agency_id=office,
            place_id=place.id,
            province_id=place.province_id,
            court_name=f"Tòa án nhân dân {place.province_id}-{rng.randint(1, 12)}",
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
            asset_recovery=rng.random() < 0.01,
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
    user = generator_user()
    rows = iter_rows(cases=cases, seed=seed, years=years, today=today, offices=offices)
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
