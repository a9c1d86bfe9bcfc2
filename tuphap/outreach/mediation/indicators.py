"""What grassroots mediation contributes to statistics: ``outreach.mediation.*`` per month,
place and commune, with the flow identity and the two success rates (docs/domain/outreach.md
§6)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from django.utils import translation

from tuphap.outreach.mediation import figures, rules
from tuphap.statistics import scope
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.registry import registry

PREFIX = "outreach.mediation"

DEFINITIONS: dict[str, tuple[TimeBehaviour, str, str]] = {
    "carried_in": (TimeBehaviour.STOCK_START, "Vụ việc kỳ trước chuyển sang", "Cases carried over"),
    "received": (TimeBehaviour.FLOW, "Vụ việc tiếp nhận mới", "Cases received"),
    "successful": (TimeBehaviour.FLOW, "Hòa giải thành", "Successful"),
    "unsuccessful": (TimeBehaviour.FLOW, "Hòa giải không thành", "Unsuccessful"),
    "ended": (
        TimeBehaviour.FLOW,
        "Chấm dứt theo yêu cầu hoặc quyết định của hòa giải viên",
        "Ended by a party or the mediator",
    ),
    "refused": (TimeBehaviour.FLOW, "Không thuộc phạm vi hòa giải ở cơ sở", "Refused (Art. 3)"),
    "concluded": (TimeBehaviour.FLOW, "Vụ việc đã kết thúc hòa giải", "Concluded"),
    "in_progress": (
        TimeBehaviour.STOCK_END,
        "Vụ việc đang hòa giải (chuyển kỳ sau)",
        "In progress (carried forward)",
    ),
    "started_on_time": (
        TimeBehaviour.FLOW,
        "Bắt đầu hòa giải đúng hạn 03 ngày",
        "Started within 3 days",
    ),
    "started_late": (TimeBehaviour.FLOW, "Bắt đầu hòa giải quá hạn", "Started late"),
}


def monthly(start: datetime.date, end: datetime.date) -> dict[datetime.date, figures.Figures]:
    """Each month's own figures from ``start`` to ``end``, from one load of the register per
    refresh (``statistics.scope``)."""
    return scope.monthly(
        __name__, start, end, lambda until: figures.load(until=until), figures.compute
    )


def _source(name: str) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        for month, result in monthly(start, end).items():
            for (place, agency), values in result.items():
                if values[name]:
                    yield month, place, agency, values[name]

    return source


def _indicator(code: str, name: str, time: TimeBehaviour, vi: str, en: str) -> Indicator:
    return Indicator(
        code=f"{PREFIX}.{code}",
        name_vi=f"HGCS – {vi}",
        name_en=f"Mediation – {en}",
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=time,
        source=_source(name),
        description="docs/domain/outreach.md §6",
    )


def indicators() -> list[Indicator]:
    result = [_indicator(code, code, time, vi, en) for code, (time, vi, en) in DEFINITIONS.items()]
    for value, label in rules.Field.choices:
        with translation.override("vi"):
            vi = str(label)
        with translation.override("en"):
            en = str(label)
        result.append(
            _indicator(
                f"received.field.{value}",
                f"field.{value}",
                TimeBehaviour.FLOW,
                f"Vụ việc tiếp nhận: {vi.lower()}",
                f"Received: {en.lower()}",
            )
        )
    result += [
        Indicator(
            code=f"{PREFIX}.success_rate",
            name_vi="HGCS – Tỷ lệ hòa giải thành (trên số vụ việc đã kết thúc hòa giải)",
            name_en="Mediation – Success rate (successful / concluded)",
            unit=Unit.PERCENT,
            aggregation=Aggregation.RATIO,
            numerator=f"{PREFIX}.successful",
            denominator=f"{PREFIX}.concluded",
            description="docs/domain/outreach.md §6: successful / concluded",
        ),
        Indicator(
            code=f"{PREFIX}.success_rate_received",
            name_vi="HGCS – Tỷ lệ hòa giải thành (trên số vụ việc tiếp nhận)",
            name_en="Mediation – Successful / received",
            unit=Unit.PERCENT,
            aggregation=Aggregation.RATIO,
            numerator=f"{PREFIX}.successful",
            denominator=f"{PREFIX}.received",
            description="docs/domain/outreach.md §6: successful / received in the window [U]",
        ),
    ]
    return result


def identities() -> list[Identity]:
    base = PREFIX
    return [
        Identity(
            f"{base}.balance",
            f"{base}.in_progress",
            (
                f"{base}.carried_in",
                f"{base}.received",
                f"-{base}.successful",
                f"-{base}.unsuccessful",
                f"-{base}.ended",
                f"-{base}.refused",
            ),
            "đang hòa giải = kỳ trước chuyển sang + tiếp nhận mới − thành − không thành"
            " − chấm dứt − không thuộc phạm vi",
        ),
        Identity(
            f"{base}.concluded_parts",
            f"{base}.concluded",
            (f"{base}.successful", f"{base}.unsuccessful", f"{base}.ended"),
            "đã kết thúc hòa giải = thành + không thành + chấm dứt",
        ),
        Identity(
            f"{base}.by_field",
            f"{base}.received",
            tuple(f"{base}.received.field.{value}" for value in rules.Field.values),
            "tiếp nhận mới = tổng theo loại việc",
        ),
    ]


INDICATORS = indicators()
IDENTITIES = identities()

for _indicator_ in INDICATORS:
    if _indicator_.code not in registry:
        registry.register(_indicator_)
for _identity in IDENTITIES:
    with contextlib.suppress(ValueError):
        registry.register_identity(_identity)
