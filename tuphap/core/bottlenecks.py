"""Bottlenecks: where work is stuck, across every register (ADR 0017).

A register joins the bottlenecks page by declaring **sources** in its ``AppConfig.ready()``
(``bottlenecks.add_source``), as it adds a card to the landing dashboard. A source measures, for
one reader, what is stuck *now* and how it stood *at the same moment last year*, and returns
``Finding`` rows; the page, the API and ``manage.py bottlenecks`` only rank and render them. A
source limits itself to what the reader may see (``reader`` is a user, or ``None`` for the
national view of the management command).

Nothing here knows a register: the case engine declares the measures every register on it
shares (overdue cases, time in state, backlog by age), and a register adds its own (detailing
obligations overdue, letters not handled in time, forms not submitted, recommendations not
followed up).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

YEAR = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Line:
    """One contributor to a finding (an agency, an assignee, a state, an age band), ranked."""

    label: str
    count: int
    # How late or how long, in days, for this contributor (the worst or the 90th percentile, as
    # the finding's ``days_label`` says); None when the measure has no duration.
    days: float | None = None
    url: str = ""
    # The same contributor at the same moment a year ago (None: not measured then).
    last_year: int | None = None
    days_last_year: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "count": self.count,
            "days": self.days,
            "last_year": self.last_year,
            "days_last_year": self.days_last_year,
            "url": self.url,
        }


@dataclass(frozen=True)
class Figure:
    """A further figure of a finding, now and a year ago (a median, another state's wait)."""

    label: str
    now: float | None
    last_year: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "now": self.now, "last_year": self.last_year}


@dataclass(frozen=True)
class Finding:
    """One measure of one area: how many items are stuck now, and a year ago."""

    key: str  # stable: "<source>.<area>", e.g. "casework.overdue.enforcement"
    area: str  # the register or area, as a reader names it
    measure: str  # what is counted ("Overdue cases")
    count: int
    last_year: int | None  # the same measure at the same moment a year ago; None: unknown
    url: str = ""  # the list of the records behind the count
    days_label: str = ""  # what Line.days and ``days`` mean ("worst, days late")
    days: float | None = None
    lines: tuple[Line, ...] = field(default_factory=tuple)
    note: str = ""  # how it is measured, when the reader needs to know
    days_last_year: float | None = None  # ``days`` at the same moment a year ago
    figures: tuple[Figure, ...] = field(default_factory=tuple)

    @property
    def change(self) -> int | None:
        return None if self.last_year is None else self.count - self.last_year

    @property
    def change_percent(self) -> float | None:
        if not self.last_year:
            return None
        return round((self.count - self.last_year) * 100 / self.last_year, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "area": self.area,
            "measure": self.measure,
            "count": self.count,
            "last_year": self.last_year,
            "change": self.change,
            "change_percent": self.change_percent,
            "days_label": self.days_label,
            "days": self.days,
            "days_last_year": self.days_last_year,
            "url": self.url,
            "note": self.note,
            "lines": [line.as_dict() for line in self.lines],
            "figures": [figure.as_dict() for figure in self.figures],
        }


# A source: (reader, now) -> findings. ``reader`` is a user or None (national).
Measure = Callable[[Any, datetime.datetime], Iterable[Finding]]


@dataclass(frozen=True)
class Source:
    key: str
    measure: Measure
    order: int = 50


SOURCES: list[Source] = []


def add_source(source: Source) -> None:
    if all(existing.key != source.key for existing in SOURCES):
        SOURCES.append(source)


def rank(findings: Iterable[Finding]) -> list[Finding]:
    """Worst first: the most items stuck, then the largest growth on last year; empty last."""
    return sorted(
        findings,
        key=lambda finding: (
            finding.count == 0,
            -finding.count,
            -(finding.change or 0),
            finding.key,
        ),
    )


def findings_for(reader: Any, now: datetime.datetime) -> list[Finding]:
    """Every source's findings for ``reader`` at ``now``, ranked."""
    found: list[Finding] = []
    for source in sorted(SOURCES, key=lambda item: (item.order, item.key)):
        found.extend(source.measure(reader, now))
    return rank(found)
