"""Generated complaints for the demo and for volume tests, through the services only: each
complaint received on a day of the window and taken as far along its path as the dates allow
(accepted or not, verified, found complex, decided on time or late, second complaint,
suspended and continued, withdrawn, effective and enforced), so every state has real cases."""

from __future__ import annotations

import contextlib
import datetime
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tuphap.casework.models import Case
from tuphap.core.errors import DomainError
from tuphap.oversight.complaints import rules, services
from tuphap.oversight.complaints import workflow as flow

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Hồ", "Ngô")
GIVEN = ("Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Hải", "Thị Lan", "Văn Minh")
SUBJECTS = (
    ("Khiếu nại quyết định thu hồi đất", "decision", "Quyết định thu hồi đất số {n}/QĐ-UBND"),
    ("Khiếu nại phương án bồi thường", "decision", "Quyết định phê duyệt phương án số {n}/QĐ"),
    ("Khiếu nại việc từ chối cấp giấy chứng nhận", "act", "Văn bản trả lời số {n}/UBND"),
    ("Khiếu nại quyết định xử phạt", "decision", "Quyết định xử phạt số {n}/QĐ-XPHC"),
    ("Khiếu nại quyết định kỷ luật", "discipline", "Quyết định kỷ luật số {n}/QĐ-KL"),
)


@dataclass
class Result:
    complaints: int = 0
    states: dict[str, int] = field(default_factory=dict)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def generate(
    *,
    actor: Any,
    places: Sequence[Any],
    count: int,
    seed: int,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    tick: Callable[[int], None] | None = None,
) -> Result:
    """``count`` complaints received by ``actor``'s agency from ``first_day`` to ``last_day``
    (today by default), in ``places``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    today = services._today()
    last_day = min(last_day or today, today)
    span = max((last_day - first_day).days, 0)
    result = Result()
    for index in range(count):
        received = first_day + datetime.timedelta(days=rng.randint(0, span))
        subject, kind, act = rng.choice(SUBJECTS)
        several = rng.random() < 0.2
        people = [services.ComplainantData(_name(rng), representative=several)]
        if several:
            people.append(services.ComplainantData(_name(rng)))
        detail = services.complaint_open(
            actor=actor,
            place=rng.choice(list(places)),
            data=services.ComplaintData(
                subject=subject,
                content=f"{subject}: {act.format(n=index + 1)}.",
                act_kind=kind,
                act_description=act.format(n=index + 1),
                respondent="Chủ tịch Ủy ban nhân dân",
                known_on=received - datetime.timedelta(days=rng.randint(3, 60)),
                received_on=received,
                complainants=tuple(people),
            ),
        )
        # a path the dates do not allow: the complaint stays where it is
        with contextlib.suppress(DomainError):
            _advance(rng, actor, detail, today)
        state = Case.objects.get(pk=detail.case_id).state
        result.complaints += 1
        result.states[state] = result.states.get(state, 0) + 1
        if tick is not None:
            tick(index + 1)
    return result


def _advance(rng: random.Random, actor: Any, detail: Any, today: datetime.date) -> None:
    case = detail.case_id
    day = detail.received_on + datetime.timedelta(days=rng.randint(1, 6))
    if day > today:
        return
    if rng.random() < 0.1 or detail.received_on > detail.statute_ends_on:
        services.complaint_not_accept(
            actor=actor, case=case, ground=rules.NonAcceptanceGround.STATUTE_EXPIRED, on=day
        )
        return
    detail = services.complaint_accept(actor=actor, case=case, on=day)
    day += datetime.timedelta(days=rng.randint(1, 5))
    if day > today:
        return
    services.complaint_step(actor=actor, case=case, transition="verify", on=day)
    if rng.random() < 0.25:
        services.complaint_determine_complex(
            actor=actor,
            case=case,
            criteria=[rules.ComplexCriterion.SEVERAL_SITES],
            reasoning="Phải xác minh tại nhiều địa điểm.",
            on=day,
        )
    if rng.random() < 0.05:
        services.complaint_withdraw(
            actor=actor, case=case, reason="Người khiếu nại rút đơn", on=day
        )
        return
    if day >= rules.NEW_RULES_FROM and rng.random() < 0.08:
        services.complaint_suspend(actor=actor, case=case, reason="Chờ kết quả giám định", on=day)
        day += datetime.timedelta(days=rng.randint(10, 30))
        if day > today:
            return
        services.complaint_continue(actor=actor, case=case, on=day)
    day += datetime.timedelta(days=rng.randint(5, 45))
    if day > today:
        return
    services.complaint_step(actor=actor, case=case, transition="dialogue", on=day)
    outcome = rng.choice([o.value for o in rules.Outcome])
    detail = services.complaint_decide(
        actor=actor,
        case=case,
        number=f"{rng.randint(1, 999)}/QĐ-GQKN",
        outcome=outcome,
        money_restored=rng.choice([0, 0, 5_000_000, 20_000_000]) if outcome != "wrong" else 0,
        on=day,
    )
    if rng.random() < 0.2:
        day += datetime.timedelta(days=rng.randint(5, 20))
        if day > today:
            return
        services.complaint_second(actor=actor, case=case, received_on=day)
        day += datetime.timedelta(days=rng.randint(1, 6))
        if day > today:
            return
        services.complaint_accept(actor=actor, case=case, on=day)
        day += datetime.timedelta(days=rng.randint(10, 40))
        if day > today:
            return
        services.complaint_step(actor=actor, case=case, transition="dialogue_second", on=day)
        day += datetime.timedelta(days=rng.randint(1, 20))
        if day > today:
            return
        detail = services.complaint_decide(
            actor=actor,
            case=case,
            number=f"{rng.randint(1, 999)}/QĐ-GQKN2",
            outcome=outcome,
            on=day,
        )
    window = detail.window_ends_on
    if window is None or window >= today:
        return
    day = max(day, window) + datetime.timedelta(days=1)
    if day > today:
        return
    step = "second_effective" if detail.case.state == flow.SECOND_DECIDED else "first_effective"
    services.complaint_step(actor=actor, case=case, transition=step, on=day)
    day += datetime.timedelta(days=rng.randint(5, 30))
    if day <= today and rng.random() < 0.7:
        services.complaint_step(actor=actor, case=case, transition="enforce", on=day)


def generate_for(
    receivers: Sequence[Any],
    *,
    count: int,
    seed: int,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    tick: Callable[[int], None] | None = None,
) -> Result:
    """``count`` complaints shared among ``receivers`` (objects with ``inspector``, e.g. the
    reception generator's ``Receiver``), each in the communes of its inspector's jurisdiction:
    for ``generate_oversight``."""
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
        result = generate(
            actor=receiver.inspector,
            places=places[:20],
            count=share,
            seed=seed + index,
            first_day=first_day,
            last_day=last_day,
            tick=_offset(tick, done),
        )
        done += result.complaints
        total.complaints += result.complaints
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
    from tuphap.oversight.complaints import indicators

    return [i.code for i in indicators.INDICATORS if i.is_stored]
