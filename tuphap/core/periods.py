"""Statistical periods: typed, immutable values for the sector's three calendars and the term.

Codes (``str(period)`` gives the code back; ``parse(code)`` reads it):

=================  ==========================================  ===============================
code               period                                      calendar
=================  ==========================================  ===============================
``2023``           1 Jan – 31 Dec 2023                         calendar year (TT 03/2019 Art. 6)
``2023H1``         1 Jan – 30 Jun 2023 (``H2``: 1 Jul – 31 Dec)  calendar year
``2023Q4``         1 Oct – 31 Dec 2023                         calendar year
``2023M11``        1 – 30 Nov 2023                             calendar year
``THADS2023``      1 Oct 2022 – 30 Sep 2023                    enforcement (THADS) year
``THADS2023M06``   1 Oct 2022 – 31 Mar 2023 (cumulative)       enforcement (THADS) year
``ADM2023``        15 Dec 2022 – 14 Dec 2023                   administrative reporting year
``TERM2021``       1 Jan 2021 – 31 Dec 2025 (convention)       government term "2021–2026"
=================  ==========================================  ===============================

The legal basis and the conventions (the term window, what ``previous()`` of a cumulative period
is) are in ``docs/domain/statistics.md``; where term-to-date starts in each calendar, with its
sources and arithmetic, in ``docs/domain/term-to-date.md``. Pure: no Django models.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
import enum
import re
from dataclasses import dataclass
from typing import Literal

MIN_YEAR = 1901  # THADS and ADM years start in the previous calendar year
MAX_YEAR = 9990  # leaves room for next()/term arithmetic inside datetime.date
TERM_EPOCH = 2021  # a government term starts in 2021, 2026, 2031, … (and 2016, 2011, …)
TERM_YEARS = 5

Scope = Literal["central", "local"]


class PeriodKind(enum.StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    THADS_YEAR = "thads_year"
    THADS_MONTHS = "thads_months"  # cumulative 1…12 months from 1 October
    ADM_YEAR = "adm_year"
    TERM = "term"


class Calendar(enum.StrEnum):
    CALENDAR = "calendar"  # 1 Jan – 31 Dec
    THADS = "thads"  # 1 Oct – 30 Sep
    ADMINISTRATIVE = "administrative"  # 15 Dec – 14 Dec
    TERM = "term"


_CALENDAR_OF = {
    PeriodKind.YEAR: Calendar.CALENDAR,
    PeriodKind.HALF: Calendar.CALENDAR,
    PeriodKind.QUARTER: Calendar.CALENDAR,
    PeriodKind.MONTH: Calendar.CALENDAR,
    PeriodKind.THADS_YEAR: Calendar.THADS,
    PeriodKind.THADS_MONTHS: Calendar.THADS,
    PeriodKind.ADM_YEAR: Calendar.ADMINISTRATIVE,
    PeriodKind.TERM: Calendar.TERM,
}

# How many steps a year has, for the kinds that have an index.
_STEPS = {
    PeriodKind.HALF: 2,
    PeriodKind.QUARTER: 4,
    PeriodKind.MONTH: 12,
    PeriodKind.THADS_MONTHS: 12,
}


class NotMonthAligned(ValueError):
    """The period does not consist of whole calendar months (the administrative year)."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of the months from ``start``'s month to ``end``'s month, both included."""
    first = start.replace(day=1)
    count = (end.year - first.year) * 12 + end.month - first.month + 1
    return [add_months(first, offset) for offset in range(max(count, 0))]


def term_year_of(day: datetime.date) -> int:
    """The first year of the government term (by this module's convention) containing ``day``."""
    return TERM_EPOCH + (day.year - TERM_EPOCH) // TERM_YEARS * TERM_YEARS


def _year_start(calendar: Calendar, year: int) -> datetime.date:
    """The first day of the year named ``year`` in ``calendar`` (a term's year: 1 January)."""
    if calendar is Calendar.THADS:
        return datetime.date(year - 1, 10, 1)
    if calendar is Calendar.ADMINISTRATIVE:
        return datetime.date(year - 1, 12, 15)
    return datetime.date(year, 1, 1)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTHS_EN = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_QUARTERS_EN = {1: "First", 2: "Second", 3: "Third", 4: "Fourth"}


def _vi(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _en(day: datetime.date) -> str:
    return f"{day.day} {_MONTHS_EN[day.month][:3]} {day.year}"


@dataclass(frozen=True)
class Period:
    """One statistical period. ``year`` is the year in the code (``THADS2023`` → 2023);
    ``index`` is the half, quarter, month or number of cumulative months (0 when none)."""

    kind: PeriodKind
    year: int
    index: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.kind, PeriodKind):
            raise ValueError(f"Unknown period kind {self.kind!r}.")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"The year must be between {MIN_YEAR} and {MAX_YEAR}.")
        steps = _STEPS.get(self.kind)
        if steps is None and self.index != 0:
            raise ValueError(f"A {self.kind} period has no index.")
        if steps is not None and not 1 <= self.index <= steps:
            raise ValueError(f"A {self.kind} index must be between 1 and {steps}.")
        if self.kind is PeriodKind.TERM and (self.year - TERM_EPOCH) % TERM_YEARS:
            raise ValueError(
                f"A government term starts every {TERM_YEARS} years "
                f"({TERM_EPOCH - TERM_YEARS}, {TERM_EPOCH}, {TERM_EPOCH + TERM_YEARS}, …)."
            )

    # -- identity -------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        kind, year, index = self.kind, self.year, self.index
        if kind is PeriodKind.YEAR:
            return f"{year}"
        if kind is PeriodKind.HALF:
            return f"{year}H{index}"
        if kind is PeriodKind.QUARTER:
            return f"{year}Q{index}"
        if kind is PeriodKind.MONTH:
            return f"{year}M{index:02d}"
        if kind is PeriodKind.THADS_YEAR:
            return f"THADS{year}"
        if kind is PeriodKind.THADS_MONTHS:
            return f"THADS{year}M{index:02d}"
        if kind is PeriodKind.ADM_YEAR:
            return f"ADM{year}"
        return f"TERM{year}"

    def __str__(self) -> str:
        return self.code

    @property
    def calendar(self) -> Calendar:
        return _CALENDAR_OF[self.kind]

    # -- dates ----------------------------------------------------------------------------------

    @property
    def start(self) -> datetime.date:
        """The first day, inclusive."""
        kind, year, index = self.kind, self.year, self.index
        if kind in (PeriodKind.YEAR, PeriodKind.TERM):
            return datetime.date(year, 1, 1)
        if kind is PeriodKind.HALF:
            return datetime.date(year, 6 * index - 5, 1)
        if kind is PeriodKind.QUARTER:
            return datetime.date(year, 3 * index - 2, 1)
        if kind is PeriodKind.MONTH:
            return datetime.date(year, index, 1)
        if kind in (PeriodKind.THADS_YEAR, PeriodKind.THADS_MONTHS):
            return datetime.date(year - 1, 10, 1)
        return datetime.date(year - 1, 12, 15)  # ADM_YEAR

    @property
    def end(self) -> datetime.date:
        """The last day, inclusive."""
        kind, year, index = self.kind, self.year, self.index
        if kind is PeriodKind.YEAR:
            return datetime.date(year, 12, 31)
        if kind is PeriodKind.HALF:
            return month_end(datetime.date(year, 6 * index, 1))
        if kind is PeriodKind.QUARTER:
            return month_end(datetime.date(year, 3 * index, 1))
        if kind is PeriodKind.MONTH:
            return month_end(self.start)
        if kind is PeriodKind.THADS_YEAR:
            return datetime.date(year, 9, 30)
        if kind is PeriodKind.THADS_MONTHS:
            return month_end(add_months(self.start, index - 1))
        if kind is PeriodKind.ADM_YEAR:
            return datetime.date(year, 12, 14)
        return datetime.date(year + TERM_YEARS - 1, 12, 31)  # TERM

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[datetime.date]:
        """The first days of the months the period covers.

        Raises ``NotMonthAligned`` for the administrative year (15 Dec – 14 Dec): it cuts two
        months in half, so the monthly rollups cannot serve it."""
        if self.kind is PeriodKind.ADM_YEAR:
            raise NotMonthAligned(
                f"{self.code} runs from 15 December to 14 December and does not consist of whole "
                "months; administrative reporting years cannot be served by the monthly rollups."
            )
        return months_between(self.start, self.end)

    # -- neighbours -----------------------------------------------------------------------------

    def _shift(self, steps: int) -> Period:
        """The period ``steps`` positions later (earlier if negative) in the same sequence."""
        count = _STEPS.get(self.kind)
        if count is None:
            size = TERM_YEARS if self.kind is PeriodKind.TERM else 1
            return Period(self.kind, self.year + steps * size)
        position = self.year * count + self.index - 1 + steps
        return Period(self.kind, position // count, position % count + 1)

    def previous(self) -> Period:
        """The period just before, of the same kind: ``2023M01`` → ``2022M12``, ``2023Q1`` →
        ``2022Q4``, ``TERM2021`` → ``TERM2016``. For the cumulative THADS periods it is the
        previous step of the series: ``THADS2023M06`` → ``THADS2023M05``, and ``THADS2023M01``
        → ``THADS2022M12`` (the whole previous THADS year)."""
        return self._shift(-1)

    def next(self) -> Period:
        return self._shift(1)

    def same_period_last_year(self) -> Period:
        """The same period one year earlier ("cùng kỳ"): ``THADS2023M06`` → ``THADS2022M06``.
        A government term has no year-earlier twin; its comparable period is the previous term."""
        if self.kind is PeriodKind.TERM:
            return self.previous()
        return Period(self.kind, self.year - 1, self.index)

    def term(self) -> Period:
        """The government term this period is counted in: the term whose five years, **named as
        this period's calendar names them**, include the period's year. ``TERM2021`` counts the
        calendar years 2021–2025, the THADS years ``THADS2021``–``THADS2025`` (1 Oct 2020 – 30 Sep
        2025) and the administrative years ``ADM2021``–``ADM2025`` (15 Dec 2020 – 14 Dec 2025).
        Basis: docs/domain/term-to-date.md (the sector's "từ đầu nhiệm kỳ" THADS figures count
        from THADS2021)."""
        if self.kind is PeriodKind.TERM:
            return self
        return Period(PeriodKind.TERM, term_year_of(datetime.date(self.year, 1, 1)))

    @property
    def year_start(self) -> datetime.date:
        """The first day of the period's year in its own calendar."""
        return _year_start(self.calendar, self.year)

    def term_start(self) -> datetime.date:
        """Where term-to-date figures start: the first day of the term's first year in this
        period's calendar (docs/domain/term-to-date.md). For TERM2021: calendar periods start on
        1 Jan 2021, THADS periods on 1 Oct 2020 (the start of THADS2021), administrative periods
        on 15 Dec 2020 (the start of ADM2021); the term period itself on 1 Jan 2021."""
        return _year_start(self.calendar, self.term().year)

    def term_end(self) -> datetime.date:
        """The last day of the term's last year in this period's calendar: for TERM2021, 31 Dec
        2025 (calendar), 30 Sep 2025 (THADS2025), 14 Dec 2025 (ADM2025)."""
        last = self.term().year + TERM_YEARS - 1
        return _year_start(self.calendar, last + 1) - datetime.timedelta(days=1)

    # -- reporting windows (TT 03/2019/TT-BTP Art. 6) -------------------------------------------

    def actual_until(self, scope: Scope = "local") -> datetime.date:
        """The last day of *actual* data in the periodic report of this period; the rest up to
        ``end`` is estimated. TT 03/2019/TT-BTP Art. 6: the 6-month report (H1) has actual data
        to 31 May; the annual report to 30 Nov for central units and 31 Oct for localities. The
        official annual report, and every other period, has actual data to the end."""
        if scope not in ("central", "local"):
            raise ValueError("The scope must be 'central' or 'local'.")
        if self.kind is PeriodKind.HALF and self.index == 1:
            return datetime.date(self.year, 5, 31)
        if self.kind is PeriodKind.YEAR:
            if scope == "central":
                return datetime.date(self.year, 11, 30)
            return datetime.date(self.year, 10, 31)
        return self.end

    def estimate_window(self, scope: Scope = "local") -> tuple[datetime.date, datetime.date] | None:
        """The days whose figures are estimated in the periodic report, or ``None``."""
        until = self.actual_until(scope)
        if until >= self.end:
            return None
        return until + datetime.timedelta(days=1), self.end

    # -- labels ---------------------------------------------------------------------------------

    def label(self, language: str = "vi") -> str:
        return self.label_en if language.lower().startswith("en") else self.label_vi

    @property
    def label_vi(self) -> str:
        kind, year, index = self.kind, self.year, self.index
        span = f"({_vi(self.start)}–{_vi(self.end)})"
        if kind is PeriodKind.YEAR:
            return f"Năm {year}"
        if kind is PeriodKind.HALF:
            return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
        if kind is PeriodKind.QUARTER:
            return f"Quý {_ROMAN[index]} năm {year}"
        if kind is PeriodKind.MONTH:
            return f"Tháng {index:02d} năm {year}"
        if kind is PeriodKind.THADS_YEAR:
            return f"Năm thống kê THADS {year} {span}"
        if kind is PeriodKind.THADS_MONTHS:
            return f"{index} tháng năm thống kê THADS {year} {span}"
        if kind is PeriodKind.ADM_YEAR:
            return f"Kỳ báo cáo hành chính năm {year} {span}"
        return f"Nhiệm kỳ {year}–{year + TERM_YEARS} {span}"

    @property
    def label_en(self) -> str:
        kind, year, index = self.kind, self.year, self.index
        span = f"({_en(self.start)} – {_en(self.end)})"
        if kind is PeriodKind.YEAR:
            return f"Year {year}"
        if kind is PeriodKind.HALF:
            return f"{'First' if index == 1 else 'Second'} half of {year}"
        if kind is PeriodKind.QUARTER:
            return f"{_QUARTERS_EN[index]} quarter of {year}"
        if kind is PeriodKind.MONTH:
            return f"{_MONTHS_EN[index]} {year}"
        if kind is PeriodKind.THADS_YEAR:
            return f"THADS statistical year {year} {span}"
        if kind is PeriodKind.THADS_MONTHS:
            months = "month" if index == 1 else "months"
            return f"{index} {months} of THADS statistical year {year} {span}"
        if kind is PeriodKind.ADM_YEAR:
            return f"Administrative reporting year {year} {span}"
        return f"Government term {year}–{year + TERM_YEARS} {span}"


# -- constructors -------------------------------------------------------------------------------


def calendar_year(year: int) -> Period:
    return Period(PeriodKind.YEAR, year)


def half(year: int, index: int) -> Period:
    return Period(PeriodKind.HALF, year, index)


def quarter(year: int, index: int) -> Period:
    return Period(PeriodKind.QUARTER, year, index)


def month(year: int, index: int) -> Period:
    return Period(PeriodKind.MONTH, year, index)


def thads_year(year: int) -> Period:
    return Period(PeriodKind.THADS_YEAR, year)


def thads_months(year: int, count: int) -> Period:
    return Period(PeriodKind.THADS_MONTHS, year, count)


def adm_year(year: int) -> Period:
    return Period(PeriodKind.ADM_YEAR, year)


def term(year: int) -> Period:
    return Period(PeriodKind.TERM, year)


# -- parsing ------------------------------------------------------------------------------------

_CODE = re.compile(
    r"^(?P<prefix>THADS|ADM|TERM)?(?P<year>\d{4})(?:(?P<letter>[HQM])(?P<index>\d+))?$"
)
_EXAMPLES = "2023, 2023H1, 2023Q4, 2023M11, THADS2023, THADS2023M06, ADM2023, TERM2021"


def parse(code: str) -> Period:
    """Read a period code. Raises ``ValueError`` naming what is wrong."""
    if not isinstance(code, str):
        raise ValueError(f"A period code must be text, not {type(code).__name__}.")
    text = code.strip().upper()
    match = _CODE.match(text)
    if match is None:
        raise ValueError(f"{code!r} is not a period code; examples: {_EXAMPLES}.")
    prefix, letter, digits = match["prefix"], match["letter"], match["index"]
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{code!r}: the year must be between {MIN_YEAR} and {MAX_YEAR}.")
    if prefix in ("ADM", "TERM") and letter:
        raise ValueError(f"{code!r}: {prefix} periods have no {letter} part.")
    if prefix == "THADS" and letter in ("H", "Q"):
        raise ValueError(f"{code!r}: THADS periods are cumulative months, THADS{year}M01…M12.")
    if letter is None:
        kind = {
            None: PeriodKind.YEAR,
            "THADS": PeriodKind.THADS_YEAR,
            "ADM": PeriodKind.ADM_YEAR,
            "TERM": PeriodKind.TERM,
        }[prefix]
        if kind is PeriodKind.TERM and (year - TERM_EPOCH) % TERM_YEARS:
            raise ValueError(
                f"{code!r}: a government term starts every {TERM_YEARS} years "
                f"(… {TERM_EPOCH - TERM_YEARS}, {TERM_EPOCH}, {TERM_EPOCH + TERM_YEARS} …)."
            )
        return Period(kind, year)
    kind = {
        "H": PeriodKind.HALF,
        "Q": PeriodKind.QUARTER,
        "M": PeriodKind.THADS_MONTHS if prefix == "THADS" else PeriodKind.MONTH,
    }[letter]
    steps = _STEPS[kind]
    width = 2 if letter == "M" else 1
    index = int(digits)
    if len(digits) != width or not 1 <= index <= steps:
        expected = f"01…{steps}" if width == 2 else f"1…{steps}"
        what = {"H": "half", "Q": "quarter", "M": "month"}[letter]
        raise ValueError(f"{code!r}: the {what} must be {expected}.")
    return Period(kind, year, index)


def format_period(period: Period) -> str:
    return period.code
