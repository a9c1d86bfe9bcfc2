"""Wait snapshots: the bottlenecks' time in state at a past moment without recomputing the past
from the whole journal (ADR 0017).

A snapshot of a day holds, per (register, state, agency, place), when each case open at the
start of that day in Việt Nam (its ``moment``) entered the state it was in, sorted, with the
case ids in the same order, as the build saw the journal; the rows recorded before the build's
start less ``MARGIN`` (its ``cutoff``) are taken as seen (a transaction that took its time and
committed after the build is counted by the corrections).
Reading the waits at a moment ``then`` of that day takes the snapshot and corrects it with the
journal rows it cannot hold, both read through indexes of the journal:

* (a) the changes of state dated between the snapshot's moment and ``then``
  (``case_action_state_at``);
* (b) the changes of state recorded after the cutoff and dated before the moment: a late step
  may be dated back to any time after the case's last entry (``services._effective_time``), so
  the past is not fixed (``case_action_state_recorded``).

Every case with such a row is taken out of the snapshot by id and put back as the journal gives
it at ``then`` (its last change of state by then); every other case stands in the snapshot as it
stood at ``then``: its journal has no change of state between the two moments, and none it did
not see. The figures are therefore exactly those the journal gives (``bottlenecks.state_waits``,
checked by the tests on SQLite and PostgreSQL). A reader's jurisdiction filters the groups by
their register, place and agency as ``permissions.visible_cases`` filters the cases.

A day's snapshot is built once: by the daily job (today's, for the time in state now, and those
of the day a year ago and the next), or by the first reader who finds neither its day's nor the
day before's (the others wait for its commit: one row per day, unique); it is rebuilt once when
it was built just after a bulk load (``UNSETTLED``).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from tuphap.casework import permissions, registry
from tuphap.casework.analytics import DAY_SECONDS
from tuphap.casework.models import Case, CaseAction, WaitSnapshot, WaitSnapshotGroup
from tuphap.core import jobs
from tuphap.core.deadlines import LOCAL_TIME_ZONE

# Per (register, state): (cases, median, 90th percentile of the days in the state).
StateStats = dict[tuple[str, str], tuple[int, float, float]]
# Per (register, state): each agency's (agency id, cases, 90th percentile).
AgencyStats = dict[tuple[str, str], list[tuple[int, int, float]]]

# Journal rows recorded this long before the build started are taken as all committed (the
# longest transaction writing the journal: an import block).
MARGIN = datetime.timedelta(minutes=10)
# A snapshot with this many changes of state recorded in the margin before its build is rebuilt
# once the margin has passed (normal work records a few dozen in ten minutes).
UNSETTLED = 1_000
YEAR = datetime.timedelta(days=365)  # as core.bottlenecks.YEAR
# Snapshots of days older than the day a year ago by more than this are deleted by the job.
KEEP = datetime.timedelta(days=7)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)
# A change of state: the condition of the journal's partial indexes, word for word.
STATE_CHANGE = Q(kind__in=["opened", "transitioned"]) & ~Q(from_state=F("to_state"))


def micros(moment: datetime.datetime) -> int:
    """Microseconds since the epoch: exact, and (moment - since) / 10**6 is the same float as
    ``timedelta.total_seconds()``."""
    return (moment - EPOCH) // MICROSECOND


def pack(values: Iterable[int]) -> bytes:
    """8-byte signed integers, little-endian."""
    packed = array("q", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack(data: bytes | memoryview) -> array[int]:
    values = array("q")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def moment_of(day: datetime.date) -> datetime.datetime:
    """The start of ``day`` in Việt Nam: the moment a day's snapshot stands for."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LOCAL_TIME_ZONE)


def terminal(register: str, state: str) -> bool:
    """A state that closes the case (of a register that is declared)."""
    return register in registry.REGISTRY and registry.get(register).is_terminal(state)


_LATEST_SQL = """
    SELECT c.id, c.register, c.state, c.agency_id, c.place_id,
        (EXTRACT(EPOCH FROM c.state_since) * 1000000)::bigint
    FROM casework_case c
    WHERE c.closed_at IS NULL AND c.state_since <= %(moment)s
    UNION ALL
    SELECT c.id, c.register, j.to_state, c.agency_id, c.place_id,
        (EXTRACT(EPOCH FROM j.at) * 1000000)::bigint
    FROM casework_case c
    CROSS JOIN LATERAL (
        SELECT a.to_state, a.at FROM casework_caseaction a
        WHERE a.case_id = c.id AND a.at <= %(moment)s
            AND a.kind IN ('opened', 'transitioned') AND NOT (a.from_state = a.to_state)
        ORDER BY a.sequence DESC LIMIT 1
    ) j
    WHERE c.opened_at <= %(moment)s AND (c.closed_at IS NULL OR c.closed_at > %(moment)s)
        AND c.state_since > %(moment)s
"""


def _latest_states(moment: datetime.datetime) -> Iterable[tuple[int, str, str, int, Any, int]]:
    """Per case open at ``moment``: (case, register, state, agency, place, entered in
    microseconds), its last change of state dated by then. A case whose state has not changed
    since (``state_since`` at most the moment) is its row; the others, one probe each of the
    journal's index ``case_action_state_changes`` (its condition repeated word for word), as
    ``bottlenecks.state_waits`` does. On PostgreSQL one statement, its times as integers."""
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(_LATEST_SQL, {"moment": moment}, binary=True)
            return cursor.fetchall()
    rows: list[tuple[int, str, str, int, Any, int]] = [
        (case_id, register, state, agency_id, place_id, micros(since))
        for case_id, register, state, agency_id, place_id, since in Case.objects.filter(
            closed_at__isnull=True, state_since__lte=moment
        )
        .values_list("pk", "register", "state", "agency_id", "place_id", "state_since")
        .iterator(chunk_size=5000)
    ]
    changed = Case.objects.filter(opened_at__lte=moment, state_since__gt=moment).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=moment)
    )
    last: dict[int, tuple[int, str, str, int, Any, int]] = {}
    for case_id, state, at, register, agency_id, place_id in (
        CaseAction.objects.filter(STATE_CHANGE, at__lte=moment, case__in=changed.values("pk"))
        .order_by("case_id", "sequence")
        .values_list(
            "case_id", "to_state", "at", "case__register", "case__agency_id", "case__place_id"
        )
        .iterator(chunk_size=5000)
    ):
        last[case_id] = (case_id, register, state, agency_id, place_id, micros(at))
    return rows + list(last.values())


def _fill(snapshot: WaitSnapshot) -> None:
    """Write the snapshot's groups (inside the caller's transaction)."""
    groups: dict[tuple[str, str, int, int | None], list[tuple[int, int]]] = defaultdict(list)
    with _work_memory():
        for case_id, register, state, agency_id, place_id, entered in _latest_states(
            snapshot.moment
        ):
            if not terminal(register, state):
                groups[(register, state, agency_id, place_id)].append((entered, case_id))
    rows = []
    for (register, state, agency_id, place_id), members in groups.items():
        members.sort()
        rows.append(
            WaitSnapshotGroup(
                snapshot=snapshot,
                register=register,
                state=state,
                agency_id=agency_id,
                place_id=place_id,
                count=len(members),
                entered=pack(entered for entered, _case in members),
                case_ids=pack(case for _entered, case in members),
            )
        )
    WaitSnapshotGroup.objects.bulk_create(rows, batch_size=500)
    snapshot.cases = sum(row.count for row in rows)
    snapshot.save(update_fields=["cases", "cutoff", "built_at"])


def build(day: datetime.date) -> WaitSnapshot:
    """The snapshot of ``day``, built now unless it exists. Safe to call at once from several
    processes: the day's row is unique, so a second builder waits for the first's commit and
    returns its snapshot."""
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                snapshot = WaitSnapshot.objects.create(
                    day=day, moment=moment_of(day), cutoff=now - MARGIN, built_at=now
                )
        except IntegrityError:  # built meanwhile by another process, committed: use it
            return WaitSnapshot.objects.get(day=day)
        _fill(snapshot)
    return snapshot


def _unsettled(snapshot: WaitSnapshot) -> bool:
    """Whether many changes of state dated by the snapshot's moment were recorded in the margin
    before its build (a bulk load just before it): the build saw them, but the readings correct
    every such case, so the snapshot is rebuilt once the margin has passed."""
    if timezone.now() < snapshot.built_at + MARGIN:
        return False
    recent = CaseAction.objects.filter(
        STATE_CHANGE,
        recorded_at__gt=snapshot.cutoff,
        recorded_at__lte=snapshot.built_at,
        at__lte=snapshot.moment,
    )
    return recent.values("pk")[:UNSETTLED].count() >= UNSETTLED


def rebuild(snapshot: WaitSnapshot) -> WaitSnapshot:
    """The snapshot built again now, in place (the row locked: a second rebuilder finds it
    rebuilt and leaves it)."""
    now = timezone.now()
    with transaction.atomic():
        current = WaitSnapshot.objects.select_for_update().filter(pk=snapshot.pk).first()
        if current is None or current.built_at != snapshot.built_at:
            return current or snapshot_for(snapshot.day)
        WaitSnapshotGroup.objects.filter(snapshot=current).delete()
        current.cutoff, current.built_at = now - MARGIN, now
        _fill(current)
    return current


def snapshot_for(day: datetime.date) -> WaitSnapshot:
    """The snapshot for a moment of ``day``: the day's, or the day before's (its corrections
    then span two days, as exact), built on demand when both are missing, rebuilt when it was
    built just after a bulk load (``_unsettled``)."""
    snapshot = WaitSnapshot.objects.filter(
        day__lte=day, day__gte=day - datetime.timedelta(days=1)
    ).order_by("-day").first() or build(day)
    return rebuild(snapshot) if _unsettled(snapshot) else snapshot


@contextlib.contextmanager
def _work_memory() -> Iterator[None]:
    """On PostgreSQL, inside the build's transaction: room to sort its rows in memory and no
    JIT compilation (``SET LOCAL``: this transaction only; see ``bottlenecks.planned``)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
    yield


def _scoped(queryset: Any, reader: Any) -> Any:
    """Rows with ``register``, ``place`` and ``agency``, limited as ``visible_cases`` limits
    cases (all of them for the national view)."""
    return queryset if reader is None else permissions.visible_cases(queryset, reader)


class Waits:
    """The entry times of one (register, state[, agency]) at a moment, ascending, without
    copying them: the snapshot's sorted arrays (one per place, or per agency and place), less
    the entries of the cases corrected (``removed``), plus their entries at the moment
    (``added``). ``kth`` finds a rank by bisecting the values, so a national state of 300,000
    cases is neither merged nor sorted."""

    SMALL = 2_000  # up to this many entries, merging them is quicker than bisecting

    def __init__(self) -> None:
        self.parts: list[array[int]] = []
        self.added: list[int] = []
        self.removed: list[int] = []

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts) + len(self.added) - len(self.removed)

    def extend(self, other: Waits) -> None:
        self.parts += other.parts
        self.added += other.added
        self.removed += other.removed

    def ranks(self, ranks: Iterable[int]) -> dict[int, int]:
        """The entries at ``ranks`` (0: the earliest)."""
        wanted = sorted(set(ranks))
        if len(self.parts) == 1 and not self.added and not self.removed:
            return {rank: self.parts[0][rank] for rank in wanted}
        if len(self) <= self.SMALL:
            merged = sorted(chain(chain.from_iterable(self.parts), self.added))
            for value in self.removed:
                del merged[bisect.bisect_left(merged, value)]
            return {rank: merged[rank] for rank in wanted}
        self.added.sort()
        self.removed.sort()
        return {rank: self._kth(rank) for rank in wanted}

    def _count_to(self, value: int) -> int:
        return (
            sum(bisect.bisect_right(part, value) for part in self.parts)
            + bisect.bisect_right(self.added, value)
            - bisect.bisect_right(self.removed, value)
        )

    def _kth(self, rank: int) -> int:
        """The smallest value with more than ``rank`` entries at or below it: an entry."""
        low = min(chain((part[0] for part in self.parts if part), self.added))
        high = max(chain((part[-1] for part in self.parts if part), self.added))
        while low < high:
            middle = (low + high) // 2
            if self._count_to(middle) > rank:
                high = middle
            else:
                low = middle + 1
        return low


def _percentiles(
    waits: Waits, moment: int, fractions: tuple[float, ...]
) -> tuple[int, list[float]]:
    """``analytics.percentile`` of the days in the state at ``moment`` (microseconds) for each
    fraction: the days ascending are the entries descending, and only the values around each
    rank are computed (the same floats as computing them all)."""
    last = len(waits) - 1
    positions = [last * fraction for fraction in fractions]
    bounds = [(math.floor(position), math.ceil(position)) for position in positions]
    entries = waits.ranks(last - rank for pair in bounds for rank in pair)

    def days(rank: int) -> float:
        return (moment - entries[last - rank]) / 10**6 / DAY_SECONDS

    return last + 1, [
        days(low) + (days(high) - days(low)) * (position - low)
        for position, (low, high) in zip(positions, bounds, strict=True)
    ]


def summarise(
    waits: dict[tuple[str, str, int], Waits], moment: datetime.datetime
) -> tuple[StateStats, AgencyStats]:
    """Per (register, state, agency) entry times -> the per-state and per-agency figures."""
    at = micros(moment)
    per_state: dict[tuple[str, str], Waits] = defaultdict(Waits)
    by_agency: AgencyStats = defaultdict(list)
    for (register, state, agency_id), agency_waits in waits.items():
        if not len(agency_waits):
            continue
        per_state[(register, state)].extend(agency_waits)
        count, (p90,) = _percentiles(agency_waits, at, (0.9,))
        by_agency[(register, state)].append((agency_id, count, p90))
    stats: StateStats = {}
    for key, state_waits in per_state.items():
        count, (median, p90) = _percentiles(state_waits, at, (0.5, 0.9))
        stats[key] = (count, median, p90)
    return stats, dict(by_agency)


def _changed(snapshot: WaitSnapshot, moment: datetime.datetime) -> Any:
    """The journal's changes of state the snapshot does not hold for ``moment``: dated after
    its moment up to ``moment`` (a), or recorded after its cutoff and dated before (b)."""
    return CaseAction.objects.filter(STATE_CHANGE).filter(
        Q(at__gt=snapshot.moment, at__lte=moment)
        | Q(recorded_at__gt=snapshot.cutoff, at__lte=snapshot.moment)
    )


def _held(
    groups: dict[tuple[str, str, int, int | None], tuple[array[int], Any]],
    states: dict[tuple[str, int, int | None], list[str]],
    key: tuple[str, int, int | None],
    case_id: int,
    guess: tuple[str, int] | None,
) -> tuple[str, int] | None:
    """Where the snapshot holds the case, as (state, entered), or None. First where its journal
    says the build saw it (the rows recorded by the build's start: a bisection, checked by id),
    else (a row that committed late) by its id in every group of its register, agency and
    place."""
    register, agency_id, place_id = key
    if guess is not None:
        state, entered = guess
        group = groups.get((register, state, agency_id, place_id))
        if group is not None:
            times, ids = group
            case_ids = unpack(ids)
            position = bisect.bisect_left(times, entered)
            while position < len(times) and times[position] == entered:
                if case_ids[position] == case_id:
                    return guess
                position += 1
    for state in states.get(key, []):
        times, ids = groups[(register, state, agency_id, place_id)]
        with contextlib.suppress(ValueError):
            return state, times[unpack(ids).index(case_id)]
    return None


def _rows(queryset: Any) -> Iterable[tuple[Any, ...]]:
    """The rows of a ``values_list`` query set. On PostgreSQL in the binary format, through a
    cursor of the same connection (and transaction) that binds its parameters on the server:
    the snapshot's arrays come as bytes, not as hexadecimal text, and times as numbers (at
    300,000 open cases, 25 ms instead of 80 for the arrays)."""
    if connection.vendor != "postgresql":
        return list(queryset.iterator(chunk_size=5000))
    import psycopg

    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a scope that can match nothing (a jurisdiction with no units)
        return []
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        return cursor.fetchall()


def waits_for(reader: Any, moment: datetime.datetime) -> dict[tuple[str, str, int], Waits]:
    """Per (register, state, agency), when each case open at ``moment`` that ``reader`` may see
    entered the state it was in then: the day's snapshot, corrected. Each corrected case is
    taken out where the snapshot holds it (``_held``) and put back as the journal gives it at
    ``moment``."""
    from tuphap.casework import deadlines

    snapshot = snapshot_for(deadlines.local_date(moment))
    waits: dict[tuple[str, str, int], Waits] = defaultdict(Waits)
    groups: dict[tuple[str, str, int, int | None], tuple[array[int], Any]] = {}
    states: dict[tuple[str, int, int | None], list[str]] = defaultdict(list)
    scoped = _scoped(WaitSnapshotGroup.objects.filter(snapshot=snapshot), reader)
    for register, state, agency_id, place_id, entered, case_ids in _rows(
        scoped.values_list("register", "state", "agency_id", "place_id", "entered", "case_ids")
    ):
        times = unpack(entered)
        groups[(register, state, agency_id, place_id)] = (times, case_ids)
        states[(register, agency_id, place_id)].append(state)
        waits[(register, state, agency_id)].parts.append(times)
    changed = _scoped(Case.objects.all(), reader).filter(
        pk__in=_changed(snapshot, moment).values("case_id")
    )
    rows = _rows(
        CaseAction.objects.filter(STATE_CHANGE, at__lte=moment, case__in=changed.values("pk"))
        .order_by("case_id", "sequence")
        .values_list(
            "case_id",
            "to_state",
            "at",
            "recorded_at",
            "case__register",
            "case__agency_id",
            "case__place_id",
        )
    )
    seen: dict[int, tuple[str, int]] = {}  # the case as the build saw it: state, entered
    before: set[int] = set()  # the cases with a change of state by the snapshot's moment
    latest: dict[int, tuple[str, str, int, int | None, int]] = {}
    for case_id, state, at, recorded_at, register, agency_id, place_id in rows:
        if at <= snapshot.moment:
            before.add(case_id)
            if recorded_at <= snapshot.built_at:
                seen[case_id] = (state, micros(at))
        latest[case_id] = (register, state, agency_id, place_id, micros(at))
    for case_id, (register, state, agency_id, place_id, entered) in latest.items():
        if case_id in before:
            held = _held(
                groups, states, (register, agency_id, place_id), case_id, seen.get(case_id)
            )
            if held is not None:
                waits[(register, held[0], agency_id)].removed.append(held[1])
        if not terminal(register, state):
            waits[(register, state, agency_id)].added.append(entered)
    return waits


def waits_at(reader: Any, moment: datetime.datetime) -> tuple[StateStats, AgencyStats]:
    """The figures of ``bottlenecks.state_waits`` for the cases open at ``moment``, from the
    snapshot of its day: per (register, state) (cases, median, 90th percentile of the days in
    the state) and each agency's (id, cases, 90th percentile). Terminal states are not kept."""
    return summarise(waits_for(reader, moment), moment)


def refresh(today: datetime.date | None = None) -> dict[str, int]:
    """Build, if missing, the snapshots of today (the time in state now), of the day a year ago
    and of the next (ready when it begins); delete the others but the last ``KEEP`` days of
    each (a snapshot read a year later is rebuilt then, with few late steps to correct).
    Idempotent."""
    from tuphap.casework import deadlines

    today = today or deadlines.local_date(timezone.now())
    year_ago = today - YEAR
    built = 0
    for day in (year_ago, year_ago + datetime.timedelta(days=1), today):
        if not WaitSnapshot.objects.filter(day=day).exists():
            build(day)
            built += 1
    kept = Q(day__gte=year_ago - KEEP, day__lte=year_ago + datetime.timedelta(days=1)) | Q(
        day__gte=today - KEEP, day__lte=today
    )
    _total, deleted = WaitSnapshot.objects.exclude(kept).delete()
    return {"built": built, "deleted": deleted.get(WaitSnapshot._meta.label, 0)}


def refresh_job(run: jobs.Run) -> dict[str, int]:
    """The scheduled run (``core.jobs``; registered in ``apps.py``)."""
    return refresh()
