"""The bottlenecks every register on the case engine shares (ADR 0017): overdue cases, the
slowest state of open cases, and the backlog carried over by age. Each is measured per register
over the cases the reader may see, now and at the same moment a year ago, and links to the list
of the cases behind it (``casework:cases``).

*A year ago* is rebuilt from the cases themselves: a case was open then when it was opened by
then and closed after (or not yet); it was overdue then when its due time was before then. The
due time is the case's last one, so a case whose deadline was later extended counts as it stands
now (documented in ``docs/domain/bottlenecks.md``). Time in state is measured on the open cases
(how long each has been in its current state); a year ago it is not rebuilt (the journal would be
read whole).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Min, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.casework import permissions, registry
from tuphap.casework.analytics import DAY_SECONDS, percentile
from tuphap.casework.models import Case
from tuphap.core.bottlenecks import YEAR, Finding, Line

# The age bands of the backlog carried over, in years since the case was opened.
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((1, 2), (2, 3), (3, 5), (5, None))
TOP = 5  # contributors listed per finding


def cases_for(reader: Any) -> Any:
    """The cases ``reader`` may see (all of them for the national view)."""
    cases = Case.objects.all()
    return cases if reader is None else permissions.visible_cases(cases, reader)


def list_url(**filters: Any) -> str:
    query = {key: value for key, value in filters.items() if value not in (None, "")}
    return f"{reverse('casework:cases')}?{urlencode(query)}"


def _days(delta: datetime.timedelta) -> float:
    return round(delta.total_seconds() / DAY_SECONDS, 1)


def _specs(codes: Iterable[str]) -> Iterator[registry.RegisterSpec]:
    for code in sorted(set(codes)):
        if code in registry.REGISTRY:
            yield registry.get(code)


def overdue(reader: Any, now: datetime.datetime) -> list[Finding]:
    """Per register: the open cases past their due time, by agency, the worst first."""
    cases = cases_for(reader)
    by_agency: dict[str, list[tuple[int, str, int, datetime.datetime]]] = defaultdict(list)
    for register, agency_id, agency_name, count, worst in (
        cases.overdue(now)
        .values_list("register", "agency_id", "agency__name")
        .annotate(count=Count("id"), worst=Min("due_at"))
        .order_by()
    ):
        by_agency[register].append((agency_id, agency_name, count, worst))
    then = now - YEAR
    last_year = dict(
        cases.filter(opened_at__lte=then, due_at__lt=then, paused_at__isnull=True)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=then))
        .values_list("register")
        .annotate(count=Count("id"))
        .order_by()
    )
    findings = []
    for spec in _specs(set(by_agency) | set(last_year)):
        rows = sorted(by_agency.get(spec.code, []), key=lambda row: (-row[2], row[3]))
        worst = min((row[3] for row in rows), default=None)
        findings.append(
            Finding(
                key=f"casework.overdue.{spec.code}",
                area=spec.name,
                measure=_("Overdue cases"),
                count=sum(row[2] for row in rows),
                last_year=last_year.get(spec.code, 0),
                url=list_url(register=spec.code, overdue="1"),
                days_label=_("worst, days late"),
                days=_days(now - worst) if worst else None,
                lines=tuple(
                    Line(
                        name,
                        count,
                        _days(now - oldest),
                        list_url(register=spec.code, overdue="1", agency=agency_id),
                    )
                    for agency_id, name, count, oldest in rows[:TOP]
                ),
            )
        )
    return findings


class _Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont`` (linear interpolation, as ``analytics.percentile``)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float) -> None:
        super().__init__(expression, fraction=fraction)


def _state_waits(
    cases: Any, now: datetime.datetime
) -> tuple[dict[tuple[str, str], tuple[int, float, float]], Any]:
    """Per (register, state) of the open cases: (count, median, 90th percentile) of the days in
    the state, and a function giving, for chosen (register, state) pairs, each agency's (count,
    90th percentile). In the database on PostgreSQL; in Python elsewhere (SQLite has no
    percentile)."""
    open_cases = cases.open()
    if connection.vendor == "postgresql":
        days = RawSQL("EXTRACT(EPOCH FROM (%s - casework_case.state_since)) / 86400.0", [now])
        stats = {
            (register, state): (count, p50, p90)
            for register, state, count, p50, p90 in open_cases.values_list("register", "state")
            .annotate(count=Count("id"), p50=_Percentile(days, 0.5), p90=_Percentile(days, 0.9))
            .order_by()
        }

        def by_agency(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[Any]]:
            condition = Q(pk__in=[])
            for register, state in pairs:
                condition |= Q(register=register, state=state)
            found: dict[tuple[str, str], list[Any]] = defaultdict(list)
            for register, state, agency_id, count, p90 in (
                open_cases.filter(condition)
                .values_list("register", "state", "agency_id")
                .annotate(count=Count("id"), p90=_Percentile(days, 0.9))
                .order_by()
            ):
                found[(register, state)].append((agency_id, count, p90))
            return found

        return stats, by_agency

    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    agencies: dict[tuple[str, str], dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    rows = open_cases.values_list("register", "state", "agency_id", "state_since").order_by()
    for register, state, agency_id, since in rows.iterator(chunk_size=5000):
        wait = (now - since).total_seconds() / DAY_SECONDS
        waits[(register, state)].append(wait)
        agencies[(register, state)][agency_id].append(wait)
    stats = {}
    for key, values in waits.items():
        values.sort()
        stats[key] = (len(values), percentile(values, 0.5) or 0.0, percentile(values, 0.9) or 0.0)

    def by_agency_python(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[Any]]:
        return {
            key: [
                (agency_id, len(days), percentile(sorted(days), 0.9) or 0.0)
                for agency_id, days in agencies[key].items()
            ]
            for key in pairs
        }

    return stats, by_agency_python


def slowest_state(reader: Any, now: datetime.datetime) -> list[Finding]:
    """Per register: the state whose open cases have waited longest (90th percentile of the
    days in the state), with the agencies holding most of them."""
    stats, by_agency = _state_waits(cases_for(reader), now)
    ranked: dict[str, list[tuple[float, str, int, float]]] = defaultdict(list)
    for (register, state), (count, median, p90) in stats.items():
        ranked[register].append((float(p90 or 0.0), state, count, float(median or 0.0)))
    specs = {spec.code: spec for spec in _specs(ranked)}
    for register in list(ranked):
        spec = specs.get(register)
        ranked[register] = sorted(
            (item for item in ranked[register] if spec and not spec.is_terminal(item[1])),
            key=lambda item: (-item[0], item[1]),
        )
    chosen = [(register, items[0][1]) for register, items in ranked.items() if items]
    contributors = by_agency(chosen)
    ids = {agency_id for rows in contributors.values() for agency_id, *_rest in rows}
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    findings = []
    for register, state in sorted(chosen):
        spec = specs[register]
        p90, _state, count, median = ranked[register][0]
        others = "; ".join(
            _("%(state)s: %(days)s days") % {"state": spec.state_label(code), "days": round(p)}
            for p, code, _count, _median in ranked[register][1:4]
        )
        note = _("Median %(median)s days in the state.") % {"median": round(median, 1)}
        if others:
            note += " " + _("Next slowest (90th percentile): %(states)s.") % {"states": others}
        top = sorted(
            contributors.get((register, state), []),
            key=lambda row: (-row[1], names.get(row[0], "")),
        )[:TOP]
        findings.append(
            Finding(
                key=f"casework.slowest_state.{register}",
                area=spec.name,
                measure=_("Open cases in the slowest state: %(state)s")
                % {"state": spec.state_label(state)},
                count=count,
                last_year=None,
                url=list_url(register=register, state=state),
                days_label=_("90th percentile, days in the state"),
                days=round(p90, 1),
                note=note,
                lines=tuple(
                    Line(
                        names.get(agency_id, str(agency_id)),
                        agency_count,
                        round(float(agency_p90 or 0.0), 1),
                        list_url(register=register, state=state, agency=agency_id),
                    )
                    for agency_id, agency_count, agency_p90 in top
                ),
            )
        )
    return findings


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def backlog(reader: Any, now: datetime.datetime) -> list[Finding]:
    """Per register: the open cases opened more than a year ago, by age band."""
    cases = cases_for(reader)
    bands = {}
    for low, high in AGE_BANDS:
        condition = Q(opened_at__lte=_years_before(now, low))
        if high is not None:
            condition &= Q(opened_at__gt=_years_before(now, high))
        bands[f"band_{low}"] = Count("id", filter=condition)
    counts = {
        row["register"]: row
        for row in cases.open()
        .filter(opened_at__lte=_years_before(now, 1))
        .values("register")
        .annotate(total=Count("id"), **bands)
        .order_by()
    }
    then = now - YEAR
    last_year = dict(
        cases.filter(opened_at__lte=_years_before(then, 1))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=then))
        .values_list("register")
        .annotate(count=Count("id"))
        .order_by()
    )
    findings = []
    for spec in _specs(set(counts) | set(last_year)):
        row = counts.get(spec.code, {})
        lines = []
        for low, high in AGE_BANDS:
            label = (
                _("%(low)d to %(high)d years") % {"low": low, "high": high}
                if high is not None
                else _("more than %(low)d years") % {"low": low}
            )
            before = _years_before(now, low).date().isoformat()
            after = _years_before(now, high).date().isoformat() if high else ""
            lines.append(
                Line(
                    label,
                    row.get(f"band_{low}", 0),
                    None,
                    list_url(register=spec.code, opened_before=before, opened_after=after),
                )
            )
        findings.append(
            Finding(
                key=f"casework.backlog.{spec.code}",
                area=spec.name,
                measure=_("Cases carried over, open for more than a year"),
                count=row.get("total", 0),
                last_year=last_year.get(spec.code, 0),
                url=list_url(
                    register=spec.code, opened_before=_years_before(now, 1).date().isoformat()
                ),
                lines=tuple(lines),
            )
        )
    return findings
