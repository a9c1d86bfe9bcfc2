"""What the legal aid register contributes to statistics: ``legal_aid.*`` per month, place and
centre, on the justice statistics calendar (calendar year; docs/domain/legal-aid.md §6)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from django.utils import translation

from tuphap.legal_aid.cases import figures, rules
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

PREFIX = "legal_aid"

# code: (figure name, time behaviour, Vietnamese, English)
FLOW_DEFINITIONS: dict[str, tuple[str, TimeBehaviour, str, str]] = {
    "cases.carried_in": (
        "carried_in",
        TimeBehaviour.STOCK_START,
        "Vụ việc kỳ trước chuyển sang",
        "Cases carried in",
    ),
    "cases.accepted": ("accepted", TimeBehaviour.FLOW, "Vụ việc thụ lý mới", "Cases accepted"),
    "cases.done": ("done", TimeBehaviour.FLOW, "Vụ việc đã kết thúc", "Cases done"),
    "cases.completed": ("completed", TimeBehaviour.FLOW, "Vụ việc hoàn thành", "Completed"),
    "cases.discontinued": (
        "discontinued",
        TimeBehaviour.FLOW,
        "Vụ việc không tiếp tục thực hiện",
        "Discontinued",
    ),
    "cases.terminated": ("terminated", TimeBehaviour.FLOW, "Vụ việc chấm dứt", "Terminated"),
    "cases.carried_out": (
        "carried_out",
        TimeBehaviour.STOCK_END,
        "Vụ việc chuyển kỳ sau",
        "Cases carried out",
    ),
    "notices.received": (
        "notices_received",
        TimeBehaviour.FLOW,
        "Thông báo của cơ quan tiến hành tố tụng",
        "Procedural bodies' notices",
    ),
    "notices.late": (
        "notices_late",
        TimeBehaviour.FLOW,
        "Thông báo quá thời hạn",
        "Notices past their limit",
    ),
    "assignments.on_time": (
        "assigned_on_time",
        TimeBehaviour.FLOW,
        "Cử người thực hiện đúng hạn",
        "Performers assigned on time",
    ),
    "assignments.late": (
        "assigned_late",
        TimeBehaviour.FLOW,
        "Cử người thực hiện quá hạn",
        "Performers assigned late",
    ),
    "cases.complex": (
        "complex",
        TimeBehaviour.FLOW,
        "Vụ việc phức tạp, điển hình",
        "Complex, typical cases",
    ),
}
CATEGORY_LABELS = {
    "form": ("Vụ việc thụ lý theo hình thức", "Cases accepted by form", rules.Form),
    "field": ("Vụ việc thụ lý theo lĩnh vực", "Cases accepted by field", rules.Field),
    "group": ("Vụ việc thụ lý theo diện người", "Cases accepted by group", rules.Group),
}
STAGE_LABELS = {
    "investigation": "giai đoạn điều tra",
    "prosecution": "giai đoạn truy tố",
    "trial": "giai đoạn xét xử",
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
            for (place, centre), values in result.items():
                if values[name]:
                    yield month, place, centre, values[name]

    return source


def _indicator(code: str, name: str, time: TimeBehaviour, vi: str, en: str) -> Indicator:
    return Indicator(
        code=f"{PREFIX}.{code}",
        name_vi=f"TGPL – {vi}",
        name_en=f"Legal aid – {en}",
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=time,
        source=_source(name),
        description="docs/domain/legal-aid.md §6",
    )


def indicators() -> list[Indicator]:
    result = [
        _indicator(code, name, time, vi, en)
        for code, (name, time, vi, en) in FLOW_DEFINITIONS.items()
    ]
    for category, (vi, en, choices) in CATEGORY_LABELS.items():
        for value, label in choices.choices:
            with translation.override("vi"):
                label_vi = str(label)
            with translation.override("en"):
                label_en = str(label)
            result.append(
                _indicator(
                    f"cases.{category}.{value}",
                    f"{category}.{value}",
                    TimeBehaviour.FLOW,
                    f"{vi}: {label_vi.lower()}",
                    f"{en}: {label_en.lower()}",
                )
            )
    for stage, vi in STAGE_LABELS.items():
        result.append(
            _indicator(
                f"participation.{stage}",
                f"stage.{stage}",
                TimeBehaviour.FLOW,
                f"Tham gia tố tụng {vi}",
                f"Participation in proceedings: {stage}",
            )
        )
    result += [
        Indicator(
            code=f"{PREFIX}.notices.late_rate",
            name_vi="TGPL – Tỷ lệ thông báo quá thời hạn",
            name_en="Legal aid – Share of notices past their limit",
            unit=Unit.PERCENT,
            aggregation=Aggregation.RATIO,
            numerator=f"{PREFIX}.notices.late",
            denominator=f"{PREFIX}.notices.received",
        ),
    ]
    return result


def identities() -> list[Identity]:
    base = f"{PREFIX}.cases"
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
            (f"{base}.completed", f"{base}.discontinued", f"{base}.terminated"),
            "đã kết thúc = hoàn thành + không tiếp tục + chấm dứt",
        ),
        Identity(
            f"{base}.by_form",
            f"{base}.accepted",
            tuple(f"{base}.form.{value}" for value in rules.Form.values),
            "thụ lý mới = tổng theo hình thức",
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
