"""The indicator protocol: what a register declares to contribute to statistics.

A register app declares its indicators in its own ``indicators.py`` (autodiscovered when the
statistics app is ready) and registers them::

    from tuphap.statistics.indicators import Aggregation, Indicator, TimeBehaviour, Unit
    from tuphap.statistics.registry import registry

    def _cases_done(start: date, end: date) -> Iterable[SourceRow]:
        # one row per (month, place, agency): counts of the register's records in [start, end];
        # place None for work done at central level (no administrative place)
        ...

    registry.register(Indicator(
        code="thads.cases.done", name_vi="Số việc thi hành xong", name_en="Cases completed",
        unit=Unit.COUNT, aggregation=Aggregation.SUM, time=TimeBehaviour.FLOW,
        source=_cases_done,
    ))

Stored indicators (``sum`` and ``latest``) have a ``source``; the refresh job calls it for whole
months and keeps its rows in the rollup table. ``ratio`` and ``derived`` indicators are never
stored: a report divides the aggregated numerator by the aggregated denominator, or adds up the
signed terms of a derived one (``terms=("carried_out@opening", "received")``: a term suffixed
``@opening`` is that stock at the end of the month before the window). Store flows and
month-end stocks; derive what follows from them (ADR 0020). See docs/domain/statistics.md.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import get_language

# (first day of the month, place id or None for central level, agency id or None, integer
# value). A central-level row (no place) is work done at central level, e.g. a law promulgated;
# it counts in the national total and shows as its own row in province and commune reports.
SourceRow = tuple[datetime.date, int | None, int | None, int]
# source(start, end) with start the first day of the first month and end the last day of the
# last month, both inclusive: the rows of every month in between.
Source = Callable[[datetime.date, datetime.date], Iterable[SourceRow]]
# The same rows restricted to some (place id, agency id) cells: the incremental refresh's
# source (ADR 0021). It returns the rows of those cells only, equal to ``Source``'s for them.
CellSource = Callable[
    [datetime.date, datetime.date, frozenset[tuple[int | None, int | None]]], Iterable[SourceRow]
]

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class Unit(enum.StrEnum):
    COUNT = "count"
    VND = "vnd"  # integer đồng
    PERCENT = "percent"
    PEOPLE = "people"


class Aggregation(enum.StrEnum):
    SUM = "sum"  # add places up; over months per ``time``
    RATIO = "ratio"  # numerator / denominator × 100, computed at report time
    LATEST = "latest"  # per place, the value of the last month in the window that has one
    # A signed sum of other indicators over the same window, computed at report time (ADR 0020)
    DERIVED = "derived"


# A derived term suffixed with this is the (stored, month-end) stock of the month before the
# window: the opening stock of the window, e.g. "carried_out@opening" is "carried in".
OPENING = "@opening"


class TimeBehaviour(enum.StrEnum):
    FLOW = "flow"  # add the months up (cases received)
    STOCK_START = "stock_start"  # the window's first month (carried in)
    STOCK_END = "stock_end"  # the window's last month (carried forward)
    # Each month's row is the figure from the start of its statistical year (e.g. 1 October for
    # enforcement) to the month's end: a window's figure is its last month's row, and only a
    # window that starts at a year start has one (a term or an arbitrary window has none).
    YEAR_TO_DATE = "year_to_date"


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    unit: Unit
    aggregation: Aggregation = Aggregation.SUM
    time: TimeBehaviour = TimeBehaviour.FLOW
    source: Source | None = None
    numerator: str | None = None  # ratio only: indicator codes
    denominator: str | None = None
    description: str = ""
    year_start_month: int = 1  # for YEAR_TO_DATE: the month its statistical year starts (10: THADS)
    terms: tuple[str, ...] = ()  # derived only: "[-]code[@opening]"
    # optional: the source restricted to (place, agency) cells (ADR 0021); without it a changed
    # cell is refreshed by recomputing its whole months
    cell_source: CellSource | None = None
    # ``terms`` parsed once (reports read them for every figure they derive)
    _signed: tuple[tuple[int, str, bool], ...] = field(
        default=(), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise ValueError(
                f"Indicator code {self.code!r} must be dotted lower-case words, "
                "e.g. 'thads.cases.done'."
            )
        for name in ("unit", "aggregation", "time"):
            value = getattr(self, name)
            kind = {"unit": Unit, "aggregation": Aggregation, "time": TimeBehaviour}[name]
            if not isinstance(value, kind):
                object.__setattr__(self, name, kind(value))
        if not 1 <= self.year_start_month <= 12:
            raise ValueError(f"Indicator {self.code}: year_start_month must be 1 to 12.")
        if self.aggregation is Aggregation.RATIO:
            if not self.numerator or not self.denominator:
                raise ValueError(f"Ratio indicator {self.code} needs a numerator and denominator.")
            if self.source is not None:
                raise ValueError(f"Ratio indicator {self.code} is computed, it has no source.")
            if self.unit is not Unit.PERCENT:
                raise ValueError(f"Ratio indicator {self.code} must have unit 'percent'.")
        elif self.aggregation is Aggregation.DERIVED:
            if not self.terms:
                raise ValueError(f"Derived indicator {self.code} needs its terms.")
            if self.source is not None or self.numerator or self.denominator:
                raise ValueError(f"Derived indicator {self.code} is computed from its terms only.")
            for term in self.terms:
                if not CODE_PATTERN.match(term.removeprefix("-").removesuffix(OPENING)):
                    raise ValueError(f"Derived indicator {self.code}: bad term {term!r}.")
        else:
            if self.source is None:
                raise ValueError(f"Indicator {self.code} needs a source to be stored.")
            if self.numerator or self.denominator:
                raise ValueError("Only ratio indicators have a numerator and denominator.")
        if self.terms and self.aggregation is not Aggregation.DERIVED:
            raise ValueError(f"Only derived indicators have terms ({self.code}).")
        signed = []
        for term in self.terms:
            code = term.removeprefix("-")
            sign = -1 if term.startswith("-") else 1
            signed.append((sign, code.removesuffix(OPENING), code.endswith(OPENING)))
        object.__setattr__(self, "_signed", tuple(signed))

    @property
    def parts(self) -> tuple[str, str]:
        """A ratio's numerator and denominator codes."""
        if self.numerator is None or self.denominator is None:
            raise ValueError(f"Indicator {self.code} is not a ratio.")
        return self.numerator, self.denominator

    @property
    def signed_terms(self) -> tuple[tuple[int, str, bool], ...]:
        """A derived indicator's ``(sign, code, opening)`` terms."""
        return self._signed

    @property
    def inputs(self) -> list[str]:
        """The codes a computed indicator is made from (ratio parts or derived terms)."""
        if self.aggregation is Aggregation.RATIO:
            return list(self.parts)
        return list(dict.fromkeys(code for _, code, _ in self.signed_terms))

    def rows(self, start: datetime.date, end: datetime.date) -> Iterable[SourceRow]:
        """A stored indicator's source rows for the months from ``start`` to ``end``."""
        if self.source is None:
            raise ValueError(f"Indicator {self.code} is computed, it has no source.")
        return self.source(start, end)

    @property
    def is_stored(self) -> bool:
        return self.aggregation not in (Aggregation.RATIO, Aggregation.DERIVED)

    @property
    def name(self) -> str:
        """The name in the active language (Vietnamese by default)."""
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


@dataclass(frozen=True)
class Identity:
    """A balance a report must satisfy, e.g. ``total = carried_in + received``:
    ``left`` equals the sum of ``right`` (a code prefixed with ``-`` is subtracted).
    Checked on every report that shows one of its indicators, for every row and window."""

    code: str
    left: str
    right: tuple[str, ...]
    description: str = ""

    # ``right`` parsed once (a report checks every identity for every row and window)
    _terms: tuple[tuple[int, str], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.right:
            raise ValueError(f"Identity {self.code} needs at least one term on the right.")
        terms = tuple((-1, t[1:]) if t.startswith("-") else (1, t) for t in self.right)
        object.__setattr__(self, "_terms", terms)

    @property
    def terms(self) -> tuple[tuple[int, str], ...]:
        """``(sign, code)`` of each right-hand term."""
        return self._terms

    @property
    def codes(self) -> list[str]:
        return [self.left, *(code for _, code in self.terms)]

    def __str__(self) -> str:
        right = " ".join(
            f"{'-' if sign < 0 else '+'} {code}" for sign, code in self.terms
        ).removeprefix("+ ")
        return f"{self.left} = {right}"
