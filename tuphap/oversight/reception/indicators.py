"""What letter handling and citizen reception contribute to statistics: ``oversight.letters.*``
and ``oversight.receptions*`` per month, place and agency, on the justice statistics calendar
(calendar year), with the identities of Biểu 01/XLD (docs/domain/oversight.md §4)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from django.utils import translation

from tuphap.oversight.reception import figures, rules
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

LETTERS = "oversight.letters"
RECEPTIONS = "oversight.receptions"

# code (after the prefix): (figure name, time behaviour, Vietnamese, English)
LETTER_DEFINITIONS: dict[str, tuple[str, TimeBehaviour, str, str]] = {
    "carried_in": (
        "carried_in",
        TimeBehaviour.STOCK_START,
        "Đơn kỳ trước chuyển sang",
        "Letters carried over",
    ),
    "received": ("received", TimeBehaviour.FLOW, "Đơn tiếp nhận trong kỳ", "Letters received"),
    "handled": ("handled", TimeBehaviour.FLOW, "Đơn đã xử lý", "Letters handled"),
    "carried_out": (
        "carried_out",
        TimeBehaviour.STOCK_END,
        "Đơn chưa xử lý (chuyển kỳ sau)",
        "Letters not yet handled",
    ),
    "eligible": ("eligible", TimeBehaviour.FLOW, "Đơn đủ điều kiện xử lý", "Eligible letters"),
    "matters": (
        "matters",
        TimeBehaviour.FLOW,
        "Vụ việc đủ điều kiện xử lý",
        "Eligible matters",
    ),
    "not_eligible": (
        "not_eligible",
        TimeBehaviour.FLOW,
        "Đơn không đủ điều kiện xử lý",
        "Letters not eligible",
    ),
    "complaint": ("complaint", TimeBehaviour.FLOW, "Đơn khiếu nại", "Complaint letters"),
    "denunciation": ("denunciation", TimeBehaviour.FLOW, "Đơn tố cáo", "Denunciation letters"),
    "petition": (
        "petition",
        TimeBehaviour.FLOW,
        "Đơn kiến nghị, phản ánh",
        "Petition and feedback letters",
    ),
    "within": ("within", TimeBehaviour.FLOW, "Đơn thuộc thẩm quyền", "Within competence"),
    "within.complaint": (
        "within.complaint",
        TimeBehaviour.FLOW,
        "Đơn thuộc thẩm quyền: khiếu nại",
        "Within competence: complaints",
    ),
    "within.denunciation": (
        "within.denunciation",
        TimeBehaviour.FLOW,
        "Đơn thuộc thẩm quyền: tố cáo",
        "Within competence: denunciations",
    ),
    "within.petition": (
        "within.petition",
        TimeBehaviour.FLOW,
        "Đơn thuộc thẩm quyền: kiến nghị, phản ánh",
        "Within competence: petitions",
    ),
    "outside": ("outside", TimeBehaviour.FLOW, "Đơn không thuộc thẩm quyền", "Outside competence"),
    "guided": ("guided", TimeBehaviour.FLOW, "Hướng dẫn", "Senders guided"),
    "transferred": ("transferred", TimeBehaviour.FLOW, "Chuyển đơn", "Letters transferred"),
    "urged": ("urged", TimeBehaviour.FLOW, "Đôn đốc giải quyết", "Letters urged"),
    "duplicates": (
        "duplicates",
        TimeBehaviour.FLOW,
        "Đơn trùng lặp (không tính)",
        "Duplicate letters (not counted)",
    ),
}
RECEPTION_DEFINITIONS: dict[str, tuple[str, TimeBehaviour, str, str]] = {
    "": ("receptions", TimeBehaviour.FLOW, "Lượt tiếp công dân", "Receptions of citizens"),
    ".people": ("people", TimeBehaviour.FLOW, "Người được tiếp", "People received"),
    ".crowds": ("crowds", TimeBehaviour.FLOW, "Đoàn đông người", "Crowds received"),
    ".online": ("online", TimeBehaviour.FLOW, "Tiếp công dân trực tuyến", "Online receptions"),
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
    code: str, name: str, time: TimeBehaviour, vi: str, en: str, unit: Unit = Unit.COUNT
) -> Indicator:
    return Indicator(
        code=code,
        name_vi=f"Xử lý đơn – {vi}",
        name_en=f"Letter handling – {en}",
        unit=unit,
        aggregation=Aggregation.SUM,
        time=time,
        source=_source(name),
        description="docs/domain/oversight.md §4 (Biểu 01/XLD)",
    )


def indicators() -> list[Indicator]:
    result = [
        _indicator(f"{LETTERS}.{code}", name, time, vi, en)
        for code, (name, time, vi, en) in LETTER_DEFINITIONS.items()
    ]
    for value, label in rules.Field.choices:
        with translation.override("vi"):
            label_vi = str(label)
        with translation.override("en"):
            label_en = str(label)
        result.append(
            _indicator(
                f"{LETTERS}.field.{value}",
                f"field.{value}",
                TimeBehaviour.FLOW,
                f"Đơn đủ điều kiện theo lĩnh vực: {label_vi.lower()}",
                f"Eligible letters by field: {label_en.lower()}",
            )
        )
    for suffix, (name, time, vi, en) in RECEPTION_DEFINITIONS.items():
        unit = Unit.PEOPLE if name == "people" else Unit.COUNT
        result.append(_indicator(f"{RECEPTIONS}{suffix}", name, time, vi, en, unit))
    for value, label in rules.SessionKind.choices:
        with translation.override("vi"):
            label_vi = str(label)
        with translation.override("en"):
            label_en = str(label)
        result.append(
            _indicator(
                f"{RECEPTIONS}.{value}",
                f"receptions.{value}",
                TimeBehaviour.FLOW,
                f"Lượt tiếp: {label_vi.lower()}",
                f"Receptions: {label_en.lower()}",
            )
        )
    return result


def identities() -> list[Identity]:
    base = LETTERS
    return [
        Identity(
            f"{base}.balance",
            f"{base}.carried_out",
            (f"{base}.carried_in", f"{base}.received", f"-{base}.handled"),
            "Biểu 01/XLD: tổng số đơn = kỳ trước chuyển sang + tiếp nhận = đã xử lý + chưa xử lý",
        ),
        Identity(
            f"{base}.handled_parts",
            f"{base}.handled",
            (f"{base}.eligible", f"{base}.not_eligible"),
            "đã xử lý = đủ điều kiện + không đủ điều kiện",
        ),
        Identity(
            f"{base}.by_content",
            f"{base}.eligible",
            (f"{base}.complaint", f"{base}.denunciation", f"{base}.petition"),
            "đủ điều kiện = khiếu nại + tố cáo + kiến nghị, phản ánh",
        ),
        Identity(
            f"{base}.by_competence",
            f"{base}.eligible",
            (f"{base}.within", f"{base}.outside"),
            "đủ điều kiện = thuộc thẩm quyền + không thuộc thẩm quyền",
        ),
        Identity(
            f"{base}.within_parts",
            f"{base}.within",
            tuple(f"{base}.within.{content}" for content in figures.CONTENTS),
            "thuộc thẩm quyền = khiếu nại + tố cáo + kiến nghị, phản ánh",
        ),
        Identity(
            f"{base}.outside_parts",
            f"{base}.outside",
            (f"{base}.guided", f"{base}.transferred"),
            "không thuộc thẩm quyền = hướng dẫn + chuyển đơn",
        ),
        Identity(
            f"{base}.by_field",
            f"{base}.eligible",
            tuple(f"{base}.field.{value}" for value in rules.Field.values),
            "đủ điều kiện = tổng theo lĩnh vực",
        ),
        Identity(
            f"{RECEPTIONS}.by_kind",
            RECEPTIONS,
            tuple(f"{RECEPTIONS}.{value}" for value in rules.SessionKind.values),
            "lượt tiếp = thường xuyên + định kỳ của lãnh đạo + đột xuất",
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
