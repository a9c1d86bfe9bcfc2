from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuphap.core import periods
from tuphap.core.periods import NotMonthAligned, Period, PeriodKind

D = datetime.date


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2023", PeriodKind.YEAR, D(2023, 1, 1), D(2023, 12, 31)),
        ("2023H1", PeriodKind.HALF, D(2023, 1, 1), D(2023, 6, 30)),
        ("2023H2", PeriodKind.HALF, D(2023, 7, 1), D(2023, 12, 31)),
        ("2023Q1", PeriodKind.QUARTER, D(2023, 1, 1), D(2023, 3, 31)),
        ("2023Q2", PeriodKind.QUARTER, D(2023, 4, 1), D(2023, 6, 30)),
        ("2023Q3", PeriodKind.QUARTER, D(2023, 7, 1), D(2023, 9, 30)),
        ("2023Q4", PeriodKind.QUARTER, D(2023, 10, 1), D(2023, 12, 31)),
        ("2023M01", PeriodKind.MONTH, D(2023, 1, 1), D(2023, 1, 31)),
        ("2023M02", PeriodKind.MONTH, D(2023, 2, 1), D(2023, 2, 28)),
        ("2024M02", PeriodKind.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
        ("2023M11", PeriodKind.MONTH, D(2023, 11, 1), D(2023, 11, 30)),
        ("2023M12", PeriodKind.MONTH, D(2023, 12, 1), D(2023, 12, 31)),
        ("THADS2023", PeriodKind.THADS_YEAR, D(2022, 10, 1), D(2023, 9, 30)),
        ("THADS2023M01", PeriodKind.THADS_MONTHS, D(2022, 10, 1), D(2022, 10, 31)),
        ("THADS2023M03", PeriodKind.THADS_MONTHS, D(2022, 10, 1), D(2022, 12, 31)),
        ("THADS2023M05", PeriodKind.THADS_MONTHS, D(2022, 10, 1), D(2023, 2, 28)),
        ("THADS2024M05", PeriodKind.THADS_MONTHS, D(2023, 10, 1), D(2024, 2, 29)),
        ("THADS2023M06", PeriodKind.THADS_MONTHS, D(2022, 10, 1), D(2023, 3, 31)),
        ("THADS2023M12", PeriodKind.THADS_MONTHS, D(2022, 10, 1), D(2023, 9, 30)),
        ("ADM2023", PeriodKind.ADM_YEAR, D(2022, 12, 15), D(2023, 12, 14)),
        ("TERM2021", PeriodKind.TERM, D(2021, 1, 1), D(2025, 12, 31)),
        ("TERM2026", PeriodKind.TERM, D(2026, 1, 1), D(2030, 12, 31)),
    ],
    ids=lambda value: str(value),
)
def test_parse_gives_kind_and_inclusive_dates(
    code: str, kind: PeriodKind, start: datetime.date, end: datetime.date
) -> None:
    period = periods.parse(code)

    assert (period.kind, period.start, period.end, str(period), period.code) == (
        kind,
        start,
        end,
        code,
        code,
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [("2023q4", "2023Q4"), (" thads2023m06 ", "THADS2023M06"), ("term2021", "TERM2021")],
    ids=["lower-case", "spaces-and-lower", "term-lower"],
)
def test_parse_accepts_lower_case_and_surrounding_spaces(text: str, code: str) -> None:
    assert periods.parse(text).code == code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2023M13", "the month must be 01…12"),
        ("2023M00", "the month must be 01…12"),
        ("2023M1", "the month must be 01…12"),
        ("2023M001", "the month must be 01…12"),
        ("THADS2023M13", "the month must be 01…12"),
        ("THADS2023M00", "the month must be 01…12"),
        ("2023Q5", "the quarter must be 1…4"),
        ("2023Q0", "the quarter must be 1…4"),
        ("2023H3", "the half must be 1…2"),
        ("THADS2023Q1", "THADS periods are cumulative months"),
        ("THADS2023H1", "THADS periods are cumulative months"),
        ("ADM2023M01", "ADM periods have no M part"),
        ("TERM2021H1", "TERM periods have no H part"),
        ("TERM2023", "a government term starts every 5 years"),
        ("0999", "the year must be between 1901 and 9990"),
        ("9999", "the year must be between 1901 and 9990"),
        ("23", "is not a period code"),
        ("2023-11", "is not a period code"),
        ("", "is not a period code"),
        ("Q4 2023", "is not a period code"),
        ("2023W01", "is not a period code"),
        ("THADS", "is not a period code"),
    ],
    ids=lambda value: str(value) or "empty",
)
def test_parse_refuses_malformed_or_impossible_codes(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        periods.parse(code)


def test_parse_refuses_what_is_not_text() -> None:
    with pytest.raises(ValueError, match="must be text"):
        periods.parse(2023)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "year", "index", "message"),
    [
        (PeriodKind.MONTH, 2023, 13, "between 1 and 12"),
        (PeriodKind.YEAR, 2023, 1, "has no index"),
        (PeriodKind.TERM, 2022, 0, "every 5 years"),
        (PeriodKind.HALF, 1800, 1, "between 1901 and 9990"),
    ],
    ids=["month-13", "year-with-index", "term-off-cycle", "year-too-early"],
)
def test_constructing_an_impossible_period_is_refused(
    kind: PeriodKind, year: int, index: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Period(kind, year, index)


@pytest.mark.parametrize(
    ("code", "previous", "last_year"),
    [
        ("2023", "2022", "2022"),
        ("2023H1", "2022H2", "2022H1"),
        ("2023H2", "2023H1", "2022H2"),
        ("2023Q1", "2022Q4", "2022Q1"),
        ("2023Q3", "2023Q2", "2022Q3"),
        ("2023M01", "2022M12", "2022M01"),
        ("2023M11", "2023M10", "2022M11"),
        ("THADS2023", "THADS2022", "THADS2022"),
        ("THADS2023M06", "THADS2023M05", "THADS2022M06"),
        ("THADS2023M01", "THADS2022M12", "THADS2022M01"),
        ("ADM2023", "ADM2022", "ADM2022"),
        ("TERM2021", "TERM2016", "TERM2016"),
    ],
    ids=lambda value: str(value),
)
def test_previous_and_same_period_last_year(code: str, previous: str, last_year: str) -> None:
    period = periods.parse(code)

    assert (period.previous().code, period.same_period_last_year().code) == (previous, last_year)


def test_next_is_the_inverse_of_previous() -> None:
    assert periods.parse("2023M12").next().code == "2024M01"
    assert periods.parse("THADS2022M12").next().code == "THADS2023M01"
    assert periods.parse("TERM2021").next().code == "TERM2026"


@pytest.mark.parametrize(
    ("code", "term", "term_start", "term_end"),
    [
        # calendar year: the term counts the calendar years 2021–2025
        ("2021M01", "TERM2021", D(2021, 1, 1), D(2025, 12, 31)),
        ("2023", "TERM2021", D(2021, 1, 1), D(2025, 12, 31)),
        ("2023H1", "TERM2021", D(2021, 1, 1), D(2025, 12, 31)),
        ("2025Q4", "TERM2021", D(2021, 1, 1), D(2025, 12, 31)),
        ("2026H1", "TERM2026", D(2026, 1, 1), D(2030, 12, 31)),
        ("2020M12", "TERM2016", D(2016, 1, 1), D(2020, 12, 31)),
        # THADS year: the term counts THADS2021–THADS2025, 1 Oct 2020 – 30 Sep 2025
        ("THADS2020", "TERM2016", D(2015, 10, 1), D(2020, 9, 30)),  # "nhiệm kỳ 2016-2020"
        ("THADS2021", "TERM2021", D(2020, 10, 1), D(2025, 9, 30)),  # opens on 1 Oct 2020
        ("THADS2021M01", "TERM2021", D(2020, 10, 1), D(2025, 9, 30)),
        ("THADS2022M03", "TERM2021", D(2020, 10, 1), D(2025, 9, 30)),
        ("THADS2023M06", "TERM2021", D(2020, 10, 1), D(2025, 9, 30)),
        ("THADS2023", "TERM2021", D(2020, 10, 1), D(2025, 9, 30)),  # the 2023 review
        ("THADS2025M12", "TERM2021", D(2020, 10, 1), D(2025, 9, 30)),
        ("THADS2026", "TERM2026", D(2025, 10, 1), D(2030, 9, 30)),  # opens on 1 Oct 2025
        ("THADS2027M01", "TERM2026", D(2025, 10, 1), D(2030, 9, 30)),
        # administrative year: the term counts ADM2021–ADM2025, 15 Dec 2020 – 14 Dec 2025
        ("ADM2021", "TERM2021", D(2020, 12, 15), D(2025, 12, 14)),
        ("ADM2022", "TERM2021", D(2020, 12, 15), D(2025, 12, 14)),
        ("ADM2025", "TERM2021", D(2020, 12, 15), D(2025, 12, 14)),
        ("ADM2026", "TERM2026", D(2025, 12, 15), D(2030, 12, 14)),
        ("ADM2020", "TERM2016", D(2015, 12, 15), D(2020, 12, 14)),
        # the term itself
        ("TERM2021", "TERM2021", D(2021, 1, 1), D(2025, 12, 31)),
        ("TERM2016", "TERM2016", D(2016, 1, 1), D(2020, 12, 31)),
    ],
    ids=lambda value: str(value),
)
def test_term_and_term_window_per_calendar(
    code: str, term: str, term_start: datetime.date, term_end: datetime.date
) -> None:
    period = periods.parse(code)

    assert (period.term().code, period.term_start(), period.term_end()) == (
        term,
        term_start,
        term_end,
    )


def test_term_to_date_of_the_2023_review_covers_three_thads_years() -> None:
    """The 2023 review's "từ đầu nhiệm kỳ" enforcement figure (1,609,462 cases, about 2.8 years
    at 2023's 574,819) is the sum of THADS2021, THADS2022 and THADS2023: 36 months from
    1 Oct 2020 (docs/domain/term-to-date.md)."""
    period = periods.parse("THADS2023")

    months = periods.months_between(period.term_start(), period.end)

    assert len(months) == 36
    assert months[0] == D(2020, 10, 1)
    assert months[-1] == D(2023, 9, 1)
    assert months == [
        *periods.thads_year(2021).months(),
        *periods.thads_year(2022).months(),
        *periods.thads_year(2023).months(),
    ]


def test_the_term_of_a_calendar_year_and_of_the_thads_year_of_that_name_agree() -> None:
    for year in range(2014, 2034):
        calendar = periods.calendar_year(year).term()
        assert periods.thads_year(year).term() == calendar
        assert periods.thads_months(year, 6).term() == calendar
        assert periods.adm_year(year).term() == calendar


def test_months_lists_first_days_of_whole_months() -> None:
    assert periods.parse("2023Q4").months() == [D(2023, 10, 1), D(2023, 11, 1), D(2023, 12, 1)]
    assert periods.parse("THADS2023M03").months() == [
        D(2022, 10, 1),
        D(2022, 11, 1),
        D(2022, 12, 1),
    ]
    assert len(periods.parse("THADS2023").months()) == 12
    assert len(periods.parse("TERM2021").months()) == 60


def test_months_of_the_administrative_year_is_refused() -> None:
    with pytest.raises(NotMonthAligned, match="monthly rollups"):
        periods.parse("ADM2023").months()


@pytest.mark.parametrize(
    ("code", "scope", "actual_until", "estimate"),
    [
        ("2023H1", "local", D(2023, 5, 31), (D(2023, 6, 1), D(2023, 6, 30))),
        ("2023H1", "central", D(2023, 5, 31), (D(2023, 6, 1), D(2023, 6, 30))),
        ("2023", "central", D(2023, 11, 30), (D(2023, 12, 1), D(2023, 12, 31))),
        ("2023", "local", D(2023, 10, 31), (D(2023, 11, 1), D(2023, 12, 31))),
        ("2023H2", "local", D(2023, 12, 31), None),
        ("2023Q2", "local", D(2023, 6, 30), None),
        ("THADS2023", "local", D(2023, 9, 30), None),
    ],
    ids=lambda value: str(value),
)
def test_reporting_windows_of_tt_03_2019_art_6(
    code: str,
    scope: periods.Scope,
    actual_until: datetime.date,
    estimate: tuple[datetime.date, datetime.date] | None,
) -> None:
    period = periods.parse(code)

    assert (period.actual_until(scope), period.estimate_window(scope)) == (actual_until, estimate)


def test_actual_until_refuses_an_unknown_scope() -> None:
    with pytest.raises(ValueError, match="'central' or 'local'"):
        periods.parse("2023").actual_until("district")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2023", "Năm 2023", "Year 2023"),
        ("2023H1", "6 tháng đầu năm 2023", "First half of 2023"),
        ("2023H2", "6 tháng cuối năm 2023", "Second half of 2023"),
        ("2023Q4", "Quý IV năm 2023", "Fourth quarter of 2023"),
        ("2023M11", "Tháng 11 năm 2023", "November 2023"),
        (
            "THADS2023",
            "Năm thống kê THADS 2023 (01/10/2022–30/09/2023)",
            "THADS statistical year 2023 (1 Oct 2022 – 30 Sep 2023)",
        ),
        (
            "THADS2023M06",
            "6 tháng năm thống kê THADS 2023 (01/10/2022–31/03/2023)",
            "6 months of THADS statistical year 2023 (1 Oct 2022 – 31 Mar 2023)",
        ),
        (
            "ADM2023",
            "Kỳ báo cáo hành chính năm 2023 (15/12/2022–14/12/2023)",
            "Administrative reporting year 2023 (15 Dec 2022 – 14 Dec 2023)",
        ),
        (
            "TERM2021",
            "Nhiệm kỳ 2021–2026 (01/01/2021–31/12/2025)",
            "Government term 2021–2026 (1 Jan 2021 – 31 Dec 2025)",
        ),
    ],
    ids=lambda value: str(value),
)
def test_labels_in_vietnamese_and_english(code: str, vi: str, en: str) -> None:
    period = periods.parse(code)

    assert (period.label("vi"), period.label("en-gb"), period.label_vi, period.label_en) == (
        vi,
        en,
        vi,
        en,
    )


def test_periods_are_immutable_values() -> None:
    period = periods.parse("2023Q4")

    with pytest.raises(AttributeError):
        period.year = 2024  # type: ignore[misc]
    assert period == periods.quarter(2023, 4)
    assert len({period, periods.quarter(2023, 4)}) == 1


def test_constructors_build_the_same_values_as_parse() -> None:
    assert [
        periods.calendar_year(2023),
        periods.half(2023, 1),
        periods.month(2023, 11),
        periods.thads_year(2023),
        periods.thads_months(2023, 6),
        periods.adm_year(2023),
        periods.term(2021),
    ] == [
        periods.parse(code)
        for code in (
            "2023",
            "2023H1",
            "2023M11",
            "THADS2023",
            "THADS2023M06",
            "ADM2023",
            "TERM2021",
        )
    ]


_years = st.integers(min_value=periods.MIN_YEAR + 10, max_value=periods.MAX_YEAR - 10)
_any_period = st.one_of(
    st.builds(periods.calendar_year, _years),
    st.builds(periods.half, _years, st.integers(1, 2)),
    st.builds(periods.quarter, _years, st.integers(1, 4)),
    st.builds(periods.month, _years, st.integers(1, 12)),
    st.builds(periods.thads_year, _years),
    st.builds(periods.thads_months, _years, st.integers(1, 12)),
    st.builds(periods.adm_year, _years),
    st.builds(lambda n: periods.term(periods.TERM_EPOCH + 5 * n), st.integers(-20, 1500)),
)


@given(_any_period)
def test_parse_of_format_gives_the_period_back(period: Period) -> None:
    assert periods.parse(periods.format_period(period)) == period
    assert periods.parse(str(period).lower()) == period


@given(_any_period)
def test_period_invariants(period: Period) -> None:
    assert period.start <= period.end
    assert period.previous().next() == period
    assert period.previous().start < period.start or period.kind is PeriodKind.THADS_MONTHS
    if period.kind is not PeriodKind.ADM_YEAR:
        months = period.months()
        assert months[0] == period.start
        assert periods.month_end(months[-1]) == period.end
    term = period.term()
    assert term.year <= period.year <= term.year + periods.TERM_YEARS - 1
    assert period.term_start() <= period.year_start <= period.start
    assert period.end <= period.term_end()
    # each calendar's term is five of its years, starting at most a quarter before the term
    assert term.start - datetime.timedelta(days=92) <= period.term_start() <= term.start
    assert period.term_start() == periods.Period(period.kind, term.year, period.index).year_start
    assert period.same_period_last_year().kind is period.kind


@given(_any_period)
def test_consecutive_non_cumulative_periods_leave_no_gap(period: Period) -> None:
    if period.kind is not PeriodKind.THADS_MONTHS:
        assert period.previous().end + datetime.timedelta(days=1) == period.start
