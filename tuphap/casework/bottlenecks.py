"""The bottlenecks every register on the case engine shares (ADR 0017): overdue cases, the
slowest state of open cases, and the backlog carried over by age. Each is measured per register
over the cases the reader may see, now and at the same moment a year ago, and links to the list
of the cases behind it (``casework:cases``).

*A year ago* is rebuilt from the cases themselves: a case was open then when it was opened by
then and closed after (or not yet); it was overdue then when its due time was before then. The
due time is the case's last one, so a case whose deadline was later extended counts as it stands
now (documented in ``docs/domain/bottlenecks.md``). Time in state is measured on the open cases
(how long each has been in its current state) and, a year ago, on the cases open then, in the
state the journal gives them then (its last state change by then), for as long as they had been
in it then. The page reads both moments from the wait snapshots of their days, corrected to the
moment (``casework.snapshots``, ``state_waits_for``); ``state_waits`` recomputes the same from
every case and the journal, the reference they are tested against.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.casework import permissions, registry, snapshots
from tuphap.casework.analytics import DAY_SECONDS, percentile
from tuphap.casework.models import Case, CaseAction
from tuphap.core.bottlenecks import YEAR, Figure, Finding, Line

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
    then = now - YEAR
    with planned():
        for register, agency_id, agency_name, count, worst in (
            cases.overdue(now)
            .values_list("register", "agency_id", "agency__name")
            # COUNT(*): the index ``case_running_due`` alone answers (it holds no id).
            .annotate(count=Count("*"), worst=Min("due_at"))
            .order_by()
        ):
            by_agency[register].append((agency_id, agency_name, count, worst))
        last_year = dict(
            cases.filter(opened_at__lte=then, due_at__lt=then, paused_at__isnull=True)
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=then))
            .values_list("register")
            .annotate(count=Count("*"))
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


# Per (register, state): (open cases, median, 90th percentile of the days in the state);
# per (register, state): each agency's (agency id, open cases, 90th percentile).
StateStats = snapshots.StateStats
AgencyStats = snapshots.AgencyStats
# The journal rows that can change a case's state (assignments, pauses and extensions do not).
STATE_ROWS = (CaseAction.Kind.OPENED, CaseAction.Kind.TRANSITIONED)


def _open_then(cases: Any, then: datetime.datetime) -> Any:
    """The cases that may have been open at ``then`` (opened by then, not closed by then). A case
    closed before ``then`` and reopened since is among them; the journal says it was closed."""
    return cases.filter(opened_at__lte=then).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=then)
    )


def _summarise(rows: Iterable[tuple[str, str, int, float]]) -> tuple[StateStats, AgencyStats]:
    """(register, state, agency id, days) rows -> the per-state and per-agency figures, with the
    percentiles of ``analytics.percentile`` (the same interpolation as ``percentile_cont``)."""
    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    agencies: dict[tuple[str, str], dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for register, state, agency_id, days in rows:
        waits[(register, state)].append(days)
        agencies[(register, state)][agency_id].append(days)
    stats: StateStats = {}
    for key, values in waits.items():
        values.sort()
        stats[key] = (len(values), percentile(values, 0.5) or 0.0, percentile(values, 0.9) or 0.0)
    by_agency: AgencyStats = {
        key: [
            (agency_id, len(days), percentile(sorted(days), 0.9) or 0.0)
            for agency_id, days in per_agency.items()
        ]
        for key, per_agency in agencies.items()
    }
    return stats, by_agency


def _waits_python(
    cases: Any, now: datetime.datetime, then: datetime.datetime, *, last_year: bool = True
) -> tuple[tuple[StateStats, AgencyStats], tuple[StateStats, AgencyStats]]:
    """The figures now and at ``then`` (unless not ``last_year``: empty), in Python (SQLite has
    no percentile)."""
    rows_now = (
        (register, state, agency_id, (now - since).total_seconds() / DAY_SECONDS)
        for register, state, agency_id, since in cases.open()
        .values_list("register", "state", "agency_id", "state_since")
        .order_by()
        .iterator(chunk_size=5000)
    )
    figures_now = _summarise(rows_now)
    if not last_year:
        return figures_now, _summarise([])
    candidates = _open_then(cases, then)
    # A case whose state has not changed since ``then`` was in its current state then; for the
    # others, the journal's last state change by ``then`` says which state, since when.
    entered: dict[int, tuple[str, datetime.datetime]] = {}
    for case_id, to_state, moment in (
        CaseAction.objects.filter(
            case__in=candidates.filter(state_since__gt=then).values("pk"),
            at__lte=then,
            kind__in=STATE_ROWS,
        )
        .exclude(from_state=F("to_state"))
        .order_by("case_id", "sequence")
        .values_list("case_id", "to_state", "at")
        .iterator(chunk_size=5000)
    ):
        entered[case_id] = (to_state, moment)
    rows_then = []
    for case_id, register, state, agency_id, since in (
        candidates.values_list("pk", "register", "state", "agency_id", "state_since")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        if since > then:
            if case_id not in entered:
                continue  # no journal row by then: unknown, left out
            state, since = entered[case_id]
        if snapshots.terminal(register, state):
            continue  # closed then (and reopened since): not an open case then
        rows_then.append((register, state, agency_id, (then - since).total_seconds() / DAY_SECONDS))
    return figures_now, _summarise(rows_then)


@contextlib.contextmanager
def planned() -> Iterator[None]:
    """On PostgreSQL, for the statements inside: no JIT compilation (on these few-hundred-ms
    statements over a national table it costs more than it saves: 580 ms of 1.7 s measured at
    100,000 open cases) and room to sort in memory. ``SET LOCAL`` ends with the transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def _waits_postgresql(
    cases: Any, now: datetime.datetime, then: datetime.datetime, *, last_year: bool = True
) -> tuple[tuple[StateStats, AgencyStats], tuple[StateStats, AgencyStats]]:
    """The same figures in two statements, grouped per state and per (state, agency) in one
    pass each (``GROUPING SETS``) with ``percentile_cont``:

    * now: the open cases, read in group order from the index ``case_open_waits`` alone (no
      sort, no table read);
    * a year ago: the open cases whose state has not changed since ``then`` (the same index),
      and the cases open then whose state has changed since, in the state of their journal's
      last change by ``then``: one probe each of ``case_action_state_changes`` (the changes of
      state, newest first, with their time and state: read from the index alone). The
      condition of that partial index is repeated word for word (kinds as ``STATE_ROWS``) so
      that the planner can use it."""
    try:
        open_sql, open_params = (
            cases.open().values("register", "state", "agency_id", "state_since").order_by().query
        ).sql_with_params()
        changed_sql, changed_params = (
            _open_then(cases, then)
            .filter(state_since__gt=then)
            .values("id", "register", "agency_id")
            .order_by()
            .query
        ).sql_with_params()
    except EmptyResultSet:  # a scope that can match nothing (a jurisdiction with no units)
        return _summarise([]), _summarise([])
    grouped = """
        SELECT register, state, agency_id, GROUPING(agency_id), COUNT(*),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
            percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
        FROM waits
        GROUP BY GROUPING SETS ((register, state, agency_id), (register, state))
    """
    now_sql = f"""
        WITH waits AS (
            SELECT n.register, n.state, n.agency_id,
                date_part('epoch', %s - n.state_since) / 86400.0 AS days
            FROM ({open_sql}) n
        ) {grouped}
    """  # noqa: S608 - the subquery is Django's, with its parameters
    then_sql = f"""
        WITH waits AS (
            SELECT n.register, n.state, n.agency_id,
                date_part('epoch', %s - n.state_since) / 86400.0 AS days
            FROM ({open_sql}) n
            WHERE n.state_since <= %s
            UNION ALL
            SELECT c.register, j.to_state, c.agency_id,
                date_part('epoch', %s - j.at) / 86400.0
            FROM ({changed_sql}) c
            CROSS JOIN LATERAL (
                SELECT a.to_state, a.at FROM casework_caseaction a
                WHERE a.case_id = c.id AND a.at <= %s
                    AND a.kind IN ('opened', 'transitioned') AND NOT (a.from_state = a.to_state)
                ORDER BY a.sequence DESC LIMIT 1
            ) j
        ) {grouped}
    """  # noqa: S608 - the subqueries are Django's, with their parameters
    statements = [(now_sql, [now, *open_params])]
    if last_year:
        statements.append((then_sql, [then, *open_params, then, then, *changed_params, then]))
    result: list[tuple[StateStats, AgencyStats]] = []
    with planned(), connection.cursor() as cursor:
        for sql, params in statements:
            stats: StateStats = {}
            by_agency: AgencyStats = defaultdict(list)
            cursor.execute(sql, params)
            for register, state, agency_id, total, count, p50, p90 in cursor.fetchall():
                if snapshots.terminal(register, state):
                    continue  # a year ago: closed then, reopened since (now: never)
                if total:
                    stats[(register, state)] = (count, float(p50), float(p90))
                else:
                    by_agency[(register, state)].append((agency_id, count, float(p90)))
            result.append((stats, dict(by_agency)))
    if not last_year:
        result.append(_summarise([]))
    return result[0], result[1]


def state_waits(
    cases: Any, now: datetime.datetime
) -> tuple[tuple[StateStats, AgencyStats], tuple[StateStats, AgencyStats]]:
    """The days the cases have been in their state: for the open cases now, and for the cases
    open at the same moment a year ago, as they stood then (state and since when, from the
    journal). Each: per (register, state) (count, median, 90th percentile), and per (register,
    state) each agency's (id, count, 90th percentile). Terminal states are left out (a case in
    one a year ago was closed then). Recomputed from the whole journal: the reference the wait
    snapshots are tested against; the page reads ``state_waits_for``."""
    then = now - YEAR
    if connection.vendor == "postgresql":
        return _waits_postgresql(cases, now, then)
    return _waits_python(cases, now, then)


def state_waits_for(
    reader: Any, now: datetime.datetime
) -> tuple[tuple[StateStats, AgencyStats], tuple[StateStats, AgencyStats]]:
    """``state_waits(cases_for(reader), now)``, the same figures, each read from the wait
    snapshot of its day and its corrections (``casework.snapshots``): today's for now, that
    of the day a year ago for then, instead of every open case and the journal of every case
    open then. (The journal has no step dated after now: ``services._effective_time``.)"""
    return snapshots.waits_at(reader, now), snapshots.waits_at(reader, now - YEAR)


def _ranked(stats: StateStats, spec: registry.RegisterSpec) -> list[tuple[float, str, int, float]]:
    """The non-terminal states, slowest first: (90th percentile, state, count, median)."""
    return sorted(
        (
            (p90, state, count, median)
            for (register, state), (count, median, p90) in stats.items()
            if register == spec.code and not spec.is_terminal(state)
        ),
        key=lambda item: (-item[0], item[1]),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def slowest_state(reader: Any, now: datetime.datetime) -> list[Finding]:
    """Per register: the state whose open cases have waited longest (90th percentile of the
    days in the state), with the agencies holding most of them; each beside the same figures at
    the same moment a year ago (the cases open then, their time in their state then)."""
    (stats, by_agency), (stats_then, by_agency_then) = state_waits_for(reader, now)
    findings = []
    for spec in _specs(register for register, _state in stats):
        ranked = _ranked(stats, spec)
        if not ranked:
            continue
        p90, state, count, median = ranked[0]
        count_then, median_then, p90_then = stats_then.get((spec.code, state), (0, None, None))
        ranked_then = _ranked(stats_then, spec)
        note = _("Median %(median)s days in the state.") % {"median": round(median, 1)}
        if median_then is not None:
            note += " " + _("A year ago: %(median)s days.") % {"median": round(median_then, 1)}
        if ranked_then and ranked_then[0][1] != state:
            note += " " + _(
                "A year ago the slowest state was %(state)s (90th percentile %(days)s days)."
            ) % {"state": spec.state_label(ranked_then[0][1]), "days": round(ranked_then[0][0])}
        # Every state measured now or a year ago, the slowest now first.
        now_by_state = {item[1]: item for item in ranked}
        then_by_state = {item[1]: item for item in ranked_then}
        order = [item[1] for item in ranked]
        order += [item[1] for item in ranked_then if item[1] not in now_by_state]
        figures: list[Figure] = []
        for code in order:
            current, before = now_by_state.get(code), then_by_state.get(code)
            label = spec.state_label(code)
            figures += [
                Figure(
                    _("%(state)s: open cases") % {"state": label},
                    current[2] if current else 0,
                    before[2] if before else 0,
                ),
                Figure(
                    _("%(state)s: median, days") % {"state": label},
                    _round(current[3]) if current else None,
                    _round(before[3]) if before else None,
                ),
                Figure(
                    _("%(state)s: 90th percentile, days") % {"state": label},
                    _round(current[0]) if current else None,
                    _round(before[0]) if before else None,
                ),
            ]
        top = by_agency.get((spec.code, state), [])
        then_agencies = {row[0]: row for row in by_agency_then.get((spec.code, state), [])}
        ids = {row[0] for row in top}
        names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
        top = sorted(top, key=lambda row: (-row[1], names.get(row[0], "")))[:TOP]
        findings.append(
            Finding(
                key=f"casework.slowest_state.{spec.code}",
                area=spec.name,
                measure=_("Open cases in the slowest state: %(state)s")
                % {"state": spec.state_label(state)},
                count=count,
                last_year=count_then,
                url=list_url(register=spec.code, state=state),
                days_label=_("90th percentile, days in the state"),
                days=round(p90, 1),
                days_last_year=_round(p90_then),
                note=note,
                figures=tuple(figures),
                lines=tuple(
                    Line(
                        names.get(agency_id, str(agency_id)),
                        agency_count,
                        round(agency_p90, 1),
                        list_url(register=spec.code, state=state, agency=agency_id),
                        last_year=then_agencies[agency_id][1] if agency_id in then_agencies else 0,
                        days_last_year=(
                            round(then_agencies[agency_id][2], 1)
                            if agency_id in then_agencies
                            else None
                        ),
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
    bands: dict[str, Q] = {}
    for low, high in AGE_BANDS:
        condition = Q(opened_at__lte=_years_before(now, low))
        if high is not None:
            condition &= Q(opened_at__gt=_years_before(now, high))
        bands[f"band_{low}"] = condition
    # One pass over the cases opened more than a year ago: those open now, by band, and those
    # that a year ago were open and opened more than a year before (a subset: opened earlier).
    # (A scan of most of the table: PostgreSQL 15 prefers it to any covering index tried.)
    then = now - YEAR
    counts = {}
    last_year = {}
    with planned():
        for row in (
            cases.filter(opened_at__lte=_years_before(now, 1))
            .values("register")
            .annotate(
                total=Count("opened_at", filter=Q(closed_at__isnull=True)),
                last_year=Count(
                    "opened_at",
                    filter=Q(opened_at__lte=_years_before(then, 1))
                    & (Q(closed_at__isnull=True) | Q(closed_at__gt=then)),
                ),
                **{
                    band: Count("opened_at", filter=Q(closed_at__isnull=True) & condition)
                    for band, condition in bands.items()
                },
            )
            .order_by()
        ):
            if row["total"]:
                counts[row["register"]] = row
            if row["last_year"]:
                last_year[row["register"]] = row["last_year"]
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
