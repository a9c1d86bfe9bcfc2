"""What dissemination contributes to statistics: ``outreach.sessions``, ``.participants``,
``.contests``, ``.contestants``, ``.materials`` per month, place and organiser, and the sessions
and participants by form, target group and level (docs/domain/outreach.md §3)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from django.utils import translation

from tuphap.outreach.dissemination import figures, rules
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

PREFIX = "outreach"
TOTALS: dict[str, tuple[Unit, str, str]] = {
    "sessions": (Unit.COUNT, "Số cuộc phổ biến, giáo dục pháp luật", "Dissemination sessions"),
    "participants": (Unit.PEOPLE, "Số lượt người tham dự", "Participants"),
    "contests": (Unit.COUNT, "Số cuộc thi tìm hiểu pháp luật", "Legal-knowledge contests"),
    "contestants": (Unit.PEOPLE, "Số lượt người dự thi", "Contestants"),
    "materials": (Unit.COUNT, "Số tài liệu được phát hành", "Materials distributed"),
}
CATEGORIES = {
    "form": ("theo hình thức", "by form", rules.Form),
    "group": ("theo đối tượng", "by target group", rules.TargetGroup),
    "level": ("theo cấp", "by level", rules.Level),
}


def _figures(start: datetime.date, end: datetime.date) -> figures.Figures:
    """The sessions' figures of the window, computed once per refresh (``statistics.scope``)."""
    shared = scope.cache(__name__)
    if (start, end) not in shared:
        shared[(start, end)] = figures.compute(start, end)
    computed: figures.Figures = shared[(start, end)]
    return computed


def _source(name: str) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        for (month, place, organiser), values in _figures(start, end).items():
            if values[name]:
                yield month, place, organiser, values[name]

    return source


def _indicator(code: str, name: str, unit: Unit, vi: str, en: str) -> Indicator:
    return Indicator(
        code=f"{PREFIX}.{code}",
        name_vi=f"PBGDPL – {vi}",
        name_en=f"Dissemination – {en}",
        unit=unit,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.FLOW,
        source=_source(name),
        description="docs/domain/outreach.md §3",
    )


def _labels(label: object) -> tuple[str, str]:
    with translation.override("vi"):
        vi = str(label)
    with translation.override("en"):
        en = str(label)
    return vi, en


def indicators() -> list[Indicator]:
    result = [_indicator(code, code, unit, vi, en) for code, (unit, vi, en) in TOTALS.items()]
    for category, (vi, en, choices) in CATEGORIES.items():
        for value, label in choices.choices:
            label_vi, label_en = _labels(label)
            for measure in ("sessions", "participants"):
                unit, measure_vi, measure_en = TOTALS[measure]
                result.append(
                    _indicator(
                        f"{measure}.{category}.{value}",
                        f"{measure}.{category}.{value}",
                        unit,
                        f"{measure_vi} {vi}: {label_vi.lower()}",
                        f"{measure_en} {en}: {label_en.lower()}",
                    )
                )
    return result


def identities() -> list[Identity]:
    result = []
    for measure in ("sessions", "participants"):
        for category in ("form", "level"):
            choices = CATEGORIES[category][2]
            result.append(
                Identity(
                    f"{PREFIX}.{measure}.by_{category}",
                    f"{PREFIX}.{measure}",
                    tuple(f"{PREFIX}.{measure}.{category}.{value}" for value in choices.values),
                    f"{TOTALS[measure][1].lower()} = tổng {CATEGORIES[category][0]}",
                )
            )
    result.append(
        Identity(
            f"{PREFIX}.contests.are_contest_sessions",
            f"{PREFIX}.contests",
            (f"{PREFIX}.sessions.form.contest",),
            "số cuộc thi = số cuộc theo hình thức thi tìm hiểu pháp luật",
        )
    )
    return result


INDICATORS = indicators()
IDENTITIES = identities()

for _indicator_ in INDICATORS:
    if _indicator_.code not in registry:
        registry.register(_indicator_)
for _identity in IDENTITIES:
    with contextlib.suppress(ValueError):
        registry.register_identity(_identity)
