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

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

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


def slowest_state(reader: Any, now: datetime.datetime) -> list[Finding]:
    """Per register: the state whose open cases have waited longest (90th percentile of the
    days in the state), with the agencies holding most of them."""
    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    agencies: dict[tuple[str, str], dict[tuple[int, str], list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    rows = (
        cases_for(reader)
        .open()
        .values_list("register", "state", "agency_id", "agency__name", "state_since")
        .order_by()
    )
    for register, state, agency_id, agency_name, since in rows.iterator(chunk_size=5000):
        days = (now - since).total_seconds() / DAY_SECONDS
        waits[(register, state)].append(days)
        agencies[(register, state)][(agency_id, agency_name)].append(days)
    findings = []
    for spec in _specs(register for register, _state in waits):
        states = []
        for (register, state), values in waits.items():
            if register == spec.code and not spec.is_terminal(state):
                values.sort()
                states.append((percentile(values, 0.9) or 0.0, state, values))
        if not states:
            continue
        states.sort(key=lambda item: (-item[0], item[1]))
        p90, state, values = states[0]
        median = percentile(values, 0.5) or 0.0
        contributors = sorted(
            agencies[(spec.code, state)].items(), key=lambda item: (-len(item[1]), item[0][1])
        )
        others = "; ".join(
            _("%(state)s: %(days)s days") % {"state": spec.state_label(code), "days": round(p)}
            for p, code, _values in states[1:4]
        )
        note = _("Median %(median)s days in the state.") % {"median": round(median, 1)}
        if others:
            note += " " + _("Next slowest (90th percentile): %(states)s.") % {"states": others}
        findings.append(
            Finding(
                key=f"casework.slowest_state.{spec.code}",
                area=spec.name,
                measure=_("Open cases in the slowest state: %(state)s")
                % {"state": spec.state_label(state)},
                count=len(values),
                last_year=None,
                url=list_url(register=spec.code, state=state),
                days_label=_("90th percentile, days in the state"),
                days=round(p90, 1),
                note=note,
                lines=tuple(
                    Line(
                        name,
                        len(days),
                        round(percentile(sorted(days), 0.9) or 0.0, 1),
                        list_url(register=spec.code, state=state, agency=agency_id),
                    )
                    for (agency_id, name), days in contributors[:TOP]
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
