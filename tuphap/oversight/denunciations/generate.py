"""Generated denunciations for the demo and for volume tests, through the services only: each
received on a day of the window and taken as far along its path as the dates allow (checked,
transferred, accepted or not, verified, extended, concluded, handled, withdrawn)."""

from __future__ import annotations

import contextlib
import datetime
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tuphap.casework.models import Case
from tuphap.core.errors import DomainError
from tuphap.oversight.complaints.generate import GIVEN, SURNAMES
from tuphap.oversight.denunciations import rules, services

SUBJECTS = (
    ("Tố cáo cán bộ nhận tiền của người dân", "official_duty", "Công chức địa chính"),
    ("Tố cáo vi phạm trong cấp phép xây dựng", "state_management", "Công chức xây dựng"),
    ("Tố cáo lạm quyền trong xử phạt", "official_duty", "Trưởng công an xã"),
    ("Tố cáo vi phạm quản lý đất đai", "state_management", "Chủ tịch UBND xã"),
)


@dataclass
class Result:
    denunciations: int = 0
    states: dict[str, int] = field(default_factory=dict)


def generate(
    *,
    actor: Any,
    places: Sequence[Any],
    count: int,
    seed: int,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    transfer_to: Any = None,
    tick: Callable[[int], None] | None = None,
) -> Result:
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    today = services._today()
    last_day = min(last_day or today, today)
    span = max((last_day - first_day).days, 0)
    result = Result()
    for index in range(count):
        received = first_day + datetime.timedelta(days=rng.randint(0, span))
        subject, kind, position = rng.choice(SUBJECTS)
        detail = services.denunciation_open(
            actor=actor,
            place=rng.choice(list(places)),
            data=services.DenunciationData(
                subject=subject,
                content=f"{subject} (đơn số {index + 1}).",
                field=kind,
                denounced_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                denounced_position=position,
                received_on=received,
                several_sites=rng.random() < 0.2,
                denouncers=(services.DenouncerData(f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"),),
            ),
        )
        with contextlib.suppress(DomainError):
            _advance(rng, actor, detail, today, transfer_to)
        state = Case.objects.get(pk=detail.case_id).state
        result.denunciations += 1
        result.states[state] = result.states.get(state, 0) + 1
        if tick is not None:
            tick(index + 1)
    return result


def _advance(
    rng: random.Random, actor: Any, detail: Any, today: datetime.date, transfer_to: Any
) -> None:
    case = detail.case_id
    day = detail.received_on + datetime.timedelta(days=rng.randint(1, 6))
    if day > today:
        return
    draw = rng.random()
    if draw < 0.15:
        services.denunciation_transfer(
            actor=actor,
            case=case,
            to_agency_id=getattr(transfer_to, "pk", None),
            to_name="" if transfer_to else "Ủy ban nhân dân tỉnh",
            notified_on=day,
            on=day,
        )
        return
    services.denunciation_check(actor=actor, case=case, note="Đã kiểm tra điều kiện thụ lý", on=day)
    if draw < 0.25:
        services.denunciation_not_accept(
            actor=actor, case=case, ground=rules.NonAcceptanceGround.NO_BASIS, on=day
        )
        return
    detail = services.denunciation_accept(actor=actor, case=case, on=day)
    day += datetime.timedelta(days=rng.randint(1, 5))
    if day > today:
        return
    services.denunciation_verify(actor=actor, case=case, on=day)
    if rng.random() < 0.05:
        services.denunciation_withdraw(actor=actor, case=case, reason="Rút đơn", on=day)
        return
    # About one in twelve waits for an expert examination (Art. 34): suspended, then continued
    # (its limit pushed back by the suspended days) unless still waiting today. Chosen by the
    # case's number, not the random sequence, so the other cases play as before.
    if detail.case.number % 12 == 5:
        day += datetime.timedelta(days=3)
        if day > today:
            return
        services.denunciation_suspend(
            actor=actor,
            case=case,
            ground=rules.SuspensionGround.AWAITING_EXPERTISE,
            reason="Chờ kết quả giám định lại",
            on=day,
        )
        day += datetime.timedelta(days=20)
        if day > today:
            return
        suspension = services.denunciation_continue(actor=actor, case=case, on=day)
        detail.resolution_due_on = suspension.due_after
    due = detail.resolution_due_on
    if rng.random() < 0.25 and due is not None and due - datetime.timedelta(days=2) <= today:
        day = max(day, due - datetime.timedelta(days=2))
        detail = services.denunciation_extend(
            actor=actor,
            case=case,
            complexity=rules.Complexity.COMPLEX,
            reason="Vụ việc có nhiều nội dung phải xác minh",
            on=day,
        )
    day += datetime.timedelta(days=rng.randint(10, 45))
    if day > today:
        return
    services.denunciation_conclude(
        actor=actor,
        case=case,
        number=f"{rng.randint(1, 999)}/KL-TTr",
        outcome=rng.choice([o.value for o in rules.Outcome]),
        money_recovered=rng.choice([0, 0, 10_000_000]),
        on=day,
    )
    day += datetime.timedelta(days=rng.randint(3, 20))
    if day <= today:
        services.denunciation_handle(
            actor=actor, case=case, handling="Kiểm điểm trách nhiệm, khắc phục hậu quả", on=day
        )


def generate_for(
    receivers: Sequence[Any],
    *,
    count: int,
    seed: int,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    tick: Callable[[int], None] | None = None,
) -> Result:
    """``count`` denunciations shared among ``receivers`` (objects with ``agency`` and
    ``inspector``), each transferring to the next receiver's agency: for ``generate_oversight``."""
    from tuphap.accounts import jurisdiction

    total = Result()
    done = 0
    active = [r for r in receivers if getattr(r, "inspector", None) is not None]
    for index, receiver in enumerate(active):
        share = count // len(active) + (1 if index < count % len(active) else 0)
        day = last_day or services._today()
        places = [
            p for p in jurisdiction.communes_for(receiver.inspector)[:60] if p.is_valid_on(day)
        ]
        if not share or not places:
            continue
        other = active[(index + 1) % len(active)]
        result = generate(
            actor=receiver.inspector,
            places=places[:20],
            count=share,
            seed=seed + index,
            first_day=first_day,
            last_day=last_day,
            transfer_to=other.agency if other is not receiver else None,
            tick=_offset(tick, done),
        )
        done += result.denunciations
        total.denunciations += result.denunciations
        for state, n in result.states.items():
            total.states[state] = total.states.get(state, 0) + n
    return total


def _offset(tick: Callable[[int], None] | None, base: int) -> Callable[[int], None] | None:
    if tick is None:
        return None
    report = tick

    def shifted(n: int) -> None:
        report(base + n)

    return shifted


def rollup_codes() -> list[str]:
    from tuphap.oversight.denunciations import indicators

    return [i.code for i in indicators.INDICATORS if i.is_stored]
