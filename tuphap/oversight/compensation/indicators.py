"""What the state compensation register contributes to statistics: ``oversight.compensation.*``
per month, place and agency responsible, on the justice statistics calendar (calendar year;
docs/domain/compensation.md §6)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from django.utils import translation

from tuphap.oversight.compensation import figures, rules
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

PREFIX = "oversight.compensation"
SOURCE = "docs/domain/compensation.md §6; Luật TNBTCNN 2017"

# code: (figure name, time behaviour, unit, Vietnamese, English)
DEFINITIONS: dict[str, tuple[str, TimeBehaviour, Unit, str, str]] = {
    "received": (
        "received",
        TimeBehaviour.FLOW,
        Unit.COUNT,
        "Yêu cầu bồi thường đã nhận",
        "Claims received",
    ),
    "refused": (
        "refused",
        TimeBehaviour.FLOW,
        Unit.COUNT,
        "Yêu cầu không thụ lý",
        "Claims refused",
    ),
    "carried_in": (
        "carried_in",
        TimeBehaviour.STOCK_START,
        Unit.COUNT,
        "Vụ việc kỳ trước chuyển sang",
        "Claims carried in",
    ),
    "accepted": ("accepted", TimeBehaviour.FLOW, Unit.COUNT, "Vụ việc thụ lý mới", "Accepted"),
    "done": ("done", TimeBehaviour.FLOW, Unit.COUNT, "Vụ việc đã kết thúc", "Claims done"),
    "resolved": (
        "resolved",
        TimeBehaviour.FLOW,
        Unit.COUNT,
        "Vụ việc đã ban hành quyết định giải quyết bồi thường",
        "Claims resolved by a decision",
    ),
    "resolved_on_time": (
        "resolved_on_time",
        TimeBehaviour.FLOW,
        Unit.COUNT,
        "Giải quyết đúng thời hạn",
        "Resolved on time",
    ),
    "resolved_late": (
        "resolved_late",
        TimeBehaviour.FLOW,
        Unit.COUNT,
        "Giải quyết quá thời hạn",
        "Resolved late",
    ),
    "terminated": (
        "terminated",
        TimeBehaviour.FLOW,
        Unit.COUNT,
        "Vụ việc đình chỉ giải quyết",
        "Resolutions terminated",
    ),
    "to_court": (
        "to_court",
        TimeBehaviour.FLOW,
        Unit.COUNT,
        "Vụ việc chuyển sang Tòa án",
        "Taken to court",
    ),
    "carried_out": (
        "carried_out",
        TimeBehaviour.STOCK_END,
        Unit.COUNT,
        "Vụ việc chuyển kỳ sau",
        "Claims carried out",
    ),
    "advances": ("advances", TimeBehaviour.FLOW, Unit.COUNT, "Lượt tạm ứng", "Advances paid"),
    "amount_claimed": (
        "amount_claimed",
        TimeBehaviour.FLOW,
        Unit.VND,
        "Số tiền yêu cầu bồi thường",
        "Amount claimed",
    ),
    "amount_decided": (
        "amount_decided",
        TimeBehaviour.FLOW,
        Unit.VND,
        "Số tiền quyết định bồi thường",
        "Amount decided",
    ),
    "amount_paid": (
        "amount_paid",
        TimeBehaviour.FLOW,
        Unit.VND,
        "Số tiền đã chi trả bồi thường",
        "Amount paid",
    ),
    "advance_amount": (
        "advance_amount",
        TimeBehaviour.FLOW,
        Unit.VND,
        "Số tiền đã tạm ứng",
        "Amount advanced",
    ),
    "recourse_decided": (
        "recourse_decided",
        TimeBehaviour.FLOW,
        Unit.VND,
        "Số tiền quyết định hoàn trả",
        "Recourse decided",
    ),
    "recourse_collected": (
        "recourse_collected",
        TimeBehaviour.FLOW,
        Unit.VND,
        "Số tiền hoàn trả đã thu",
        "Recourse collected",
    ),
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


def _indicator(
    code: str, name: str, time: TimeBehaviour, unit: Unit, vi: str, en: str
) -> Indicator:
    return Indicator(
        code=f"{PREFIX}.{code}",
        name_vi=f"BTNN – {vi}",
        name_en=f"State compensation – {en}",
        unit=unit,
        aggregation=Aggregation.SUM,
        time=time,
        source=_source(name),
        description=SOURCE,
    )


def indicators() -> list[Indicator]:
    result = [
        _indicator(code, name, time, unit, vi, en)
        for code, (name, time, unit, vi, en) in DEFINITIONS.items()
    ]
    for value, label in rules.Sector.choices:
        with translation.override("vi"):
            label_vi = str(label)
        with translation.override("en"):
            label_en = str(label)
        result.append(
            _indicator(
                f"accepted.sector.{value}",
                f"sector.{value}",
                TimeBehaviour.FLOW,
                Unit.COUNT,
                f"Vụ việc thụ lý mới: {label_vi.lower()}",
                f"Accepted: {label_en.lower()}",
            )
        )
    result.append(
        Indicator(
            code=f"{PREFIX}.resolved_on_time_rate",
            name_vi="BTNN – Tỷ lệ giải quyết đúng thời hạn",
            name_en="State compensation – Share resolved on time",
            unit=Unit.PERCENT,
            aggregation=Aggregation.RATIO,
            numerator=f"{PREFIX}.resolved_on_time",
            denominator=f"{PREFIX}.resolved",
        )
    )
    return result


def identities() -> list[Identity]:
    base = PREFIX
    return [
        Identity(
            f"{base}.balance",
            f"{base}.carried_out",
            (f"{base}.carried_in", f"{base}.accepted", f"-{base}.done"),
            "chuyển kỳ sau = kỳ trước chuyển sang + thụ lý mới − đã kết thúc",
        ),
        Identity(
            f"{base}.done_parts",
            f"{base}.done",
            (f"{base}.resolved", f"{base}.terminated", f"{base}.to_court"),
            "đã kết thúc = đã ra quyết định + đình chỉ + chuyển Tòa án",
        ),
        Identity(
            f"{base}.resolved_parts",
            f"{base}.resolved",
            (f"{base}.resolved_on_time", f"{base}.resolved_late"),
            "đã ra quyết định = đúng hạn + quá hạn",
        ),
        Identity(
            f"{base}.by_sector",
            f"{base}.accepted",
            tuple(f"{base}.accepted.sector.{value}" for value in rules.Sector.values),
            "thụ lý mới = tổng theo lĩnh vực",
        ),
    ]


INDICATORS = indicators()
IDENTITIES = identities()

for _indicator_ in INDICATORS:
    if _indicator_.code not in registry:
        registry.register(_indicator_)
for _identity in IDENTITIES:
    with contextlib.suppress(ValueError):  # already registered (module imported twice)
        registry.register_identity(_identity)
