"""What the inspections register contributes to statistics: ``oversight.inspections.*`` per
month, place and inspecting agency (calendar year; docs/domain/inspections.md §6)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from django.utils import translation

from tuphap.oversight.inspections import figures, rules
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

PREFIX = "oversight.inspections"
SOURCE = "docs/domain/inspections.md §6"

DEFINITIONS: dict[str, tuple[str, Unit, str, str]] = {
    "decided": (
        "decided",
        Unit.COUNT,
        "Cuộc thanh tra, kiểm tra đã quyết định",
        "Inspections decided",
    ),
    "inter_sectoral": (
        "inter_sectoral",
        Unit.COUNT,
        "Đoàn kiểm tra liên ngành thi hành pháp luật xử lý vi phạm hành chính",
        "Inter-sectoral inspections of administrative-violation enforcement",
    ),
    "concluded": ("concluded", Unit.COUNT, "Kết luận đã ban hành", "Conclusions issued"),
    "recommendations": ("recommendations", Unit.COUNT, "Kiến nghị", "Recommendations"),
    "implemented": (
        "implemented",
        Unit.COUNT,
        "Kiến nghị đã thực hiện",
        "Recommendations implemented",
    ),
    "money_recommended": (
        "money_recommended",
        Unit.VND,
        "Số tiền kiến nghị thu hồi",
        "Money recommended for recovery",
    ),
    "money_recovered": ("money_recovered", Unit.VND, "Số tiền đã thu hồi", "Money recovered"),
    "decisions_checked": (
        "decisions_checked",
        Unit.COUNT,
        "Quyết định xử phạt được kiểm tra",
        "Sanctioning decisions checked",
    ),
    "violations": ("violations", Unit.COUNT, "Vi phạm phát hiện", "Violations found"),
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


def _indicator(code: str, name: str, unit: Unit, vi: str, en: str) -> Indicator:
    return Indicator(
        code=f"{PREFIX}.{code}",
        name_vi=f"Thanh tra – {vi}",
        name_en=f"Inspections – {en}",
        unit=unit,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.FLOW,
        source=_source(name),
        description=SOURCE,
    )


def _labels(choices: type[object]) -> list[tuple[str, str, str]]:
    rows = []
    for value, label in choices.choices:  # type: ignore[attr-defined]
        with translation.override("vi"):
            vi = str(label)
        with translation.override("en"):
            en = str(label)
        rows.append((str(value), vi.lower(), en.lower()))
    return rows


def indicators() -> list[Indicator]:
    result = [_indicator(code, *definition) for code, definition in DEFINITIONS.items()]
    for value, vi, en in _labels(rules.Kind):
        result.append(
            _indicator(
                f"kind.{value}", f"kind.{value}", Unit.COUNT, f"Cuộc: {vi}", f"By kind: {en}"
            )
        )
    for value, vi, en in _labels(rules.RecommendationKind):
        result.append(
            _indicator(
                f"recommendation.{value}",
                f"recommendation.{value}",
                Unit.COUNT,
                f"Kiến nghị: {vi}",
                f"Recommendations: {en}",
            )
        )
    for value, vi, en in _labels(rules.FindingKind):
        result.append(
            _indicator(
                f"violation.{value}",
                f"violation.{value}",
                Unit.COUNT,
                f"Vi phạm: {vi}",
                f"Violations: {en}",
            )
        )
    return result


def identities() -> list[Identity]:
    return [
        Identity(
            f"{PREFIX}.by_kind",
            f"{PREFIX}.decided",
            tuple(f"{PREFIX}.kind.{k}" for k in rules.Kind.values),
            "cuộc đã quyết định = tổng theo loại",
        ),
        Identity(
            f"{PREFIX}.recommendations_by_kind",
            f"{PREFIX}.recommendations",
            tuple(f"{PREFIX}.recommendation.{k}" for k in rules.RecommendationKind.values),
            "kiến nghị = tổng theo loại",
        ),
        Identity(
            f"{PREFIX}.violations_by_kind",
            f"{PREFIX}.violations",
            tuple(f"{PREFIX}.violation.{k}" for k in rules.FindingKind.values),
            "vi phạm = tổng theo loại",
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
