"""Wait snapshots: the bottlenecks' time in state at a past moment without recomputing the past
from the whole journal (ADR 0017).

A snapshot of a day holds, per (register, state, agency, place), when each case open at the
start of that day in Việt Nam (its ``moment``) entered the state it was in, sorted, with the
case ids in the same order, as the journal recorded it up to the build's start less ``MARGIN``
(its ``cutoff``: a transaction that took its time and committed after the build still counts).
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

A day's snapshot is built once: by the daily job for the day a year ago and the next, or by the
first reader who needs a missing one (the others wait for its commit: one row per day, unique).
"""

from __future__ import annotations

import contextlib
import datetime
import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

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

# Journal rows recorded this long before the build started are taken as all committed.
MARGIN = datetime.timedelta(hours=1)
YEAR = datetime.timedelta(days=365)  # as core.bottlenecks.YEAR
# Snapshots of days older than the day a year ago by more than this are deleted by the job.
KEEP = datetime.timedelta(days=7)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)
# A change of state: the condition of the journal's partial indexes, word for word.
STATE_CHANGE = Q(kind__in=["opened", "transitioned"]) & ~Q(from_state=F("to_state"))

Entry = tuple[str, str, int, int]  # register, state, agency id, entered (microseconds)


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


def _latest_states(moment: datetime.datetime, cutoff: datetime.datetime) -> Iterator[Any]:
    """Per case open at ``moment`` (as its row says now): its last change of state dated by
    ``moment`` and recorded by ``cutoff``, as (case, state, time, register, agency, place)."""
    rows = (
        CaseAction.objects.filter(STATE_CHANGE, at__lte=moment, recorded_at__lte=cutoff)
        .filter(case__opened_at__lte=moment)
        .filter(Q(case__closed_at__isnull=True) | Q(case__closed_at__gt=moment))
    )
    columns = ("case_id", "to_state", "at", "case__register", "case__agency_id", "case__place_id")
    if connection.vendor == "postgresql":
        yield from (
            rows.order_by("case_id", "-sequence")
            .distinct("case_id")
            .values_list(*columns)
            .iterator(chunk_size=10_000)
        )
        return
    last = None
    for row in rows.order_by("case_id", "sequence").values_list(*columns).iterator(chunk_size=5000):
        if last is not None and last[0] != row[0]:
            yield last
        last = row
    if last is not None:
        yield last


def build(day: datetime.date) -> WaitSnapshot:
    """The snapshot of ``day``, built now unless it exists. Safe to call at once from several
    processes: the day's row is unique, so a second builder waits for the first's commit and
    returns its snapshot."""
    now = timezone.now()
    moment = moment_of(day)
    with transaction.atomic():
        try:
            with transaction.atomic():
                snapshot = WaitSnapshot.objects.create(
                    day=day, moment=moment, cutoff=now - MARGIN, built_at=now
                )
        except IntegrityError:  # built meanwhile by another process, committed: use it
            return WaitSnapshot.objects.get(day=day)
        groups: dict[tuple[str, str, int, int | None], list[tuple[int, int]]] = defaultdict(list)
        with _work_memory():
            for case_id, state, entered, register, agency_id, place_id in _latest_states(
                moment, snapshot.cutoff
            ):
                if not terminal(register, state):
                    groups[(register, state, agency_id, place_id)].append(
                        (micros(entered), case_id)
                    )
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
        snapshot.save(update_fields=["cases"])
    return snapshot


def snapshot_for(day: datetime.date) -> WaitSnapshot:
    """The day's snapshot, built on demand when missing."""
    return WaitSnapshot.objects.filter(day=day).first() or build(day)


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


def _percentile(entered: list[int], moment: int, fraction: float) -> float:
    """``analytics.percentile`` of the days in the state, from the entry times ascending (the
    days descending): only the two values around the rank are computed, the same floats."""
    last = len(entered) - 1
    position = last * fraction
    low, high = math.floor(position), math.ceil(position)

    def days(rank: int) -> float:
        return (moment - entered[last - rank]) / 10**6 / DAY_SECONDS

    return days(low) + (days(high) - days(low)) * (position - low)


def summarise(
    entries: dict[tuple[str, str, int], list[int]], moment: datetime.datetime
) -> tuple[StateStats, AgencyStats]:
    """Per (register, state, agency) entry times -> the per-state and per-agency figures."""
    at = micros(moment)
    per_state: dict[tuple[str, str], list[list[int]]] = defaultdict(list)
    by_agency: AgencyStats = defaultdict(list)
    for (register, state, agency_id), entered in entries.items():
        entered.sort()
        per_state[(register, state)].append(entered)
        by_agency[(register, state)].append(
            (agency_id, len(entered), _percentile(entered, at, 0.9))
        )
    stats: StateStats = {}
    for key, parts in per_state.items():
        merged = sorted(chain.from_iterable(parts))
        stats[key] = (len(merged), _percentile(merged, at, 0.5), _percentile(merged, at, 0.9))
    return stats, dict(by_agency)


def _changed(snapshot: WaitSnapshot, moment: datetime.datetime) -> Any:
    """The journal's changes of state the snapshot does not hold for ``moment``: dated after
    its moment up to ``moment`` (a), or recorded after its cutoff and dated before (b)."""
    return CaseAction.objects.filter(STATE_CHANGE).filter(
        Q(at__gt=snapshot.moment, at__lte=moment)
        | Q(recorded_at__gt=snapshot.cutoff, at__lte=snapshot.moment)
    )


def entries_at(reader: Any, moment: datetime.datetime) -> dict[tuple[str, str, int], list[int]]:
    """Per (register, state, agency), when each case open at ``moment`` that ``reader`` may see
    entered the state it was in then (microseconds): the day's snapshot, corrected."""
    from tuphap.casework import deadlines

    snapshot = snapshot_for(deadlines.local_date(moment))
    changed = _changed(snapshot, moment)
    changed_ids = set(changed.values_list("case_id", flat=True))
    entries: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    groups = _scoped(WaitSnapshotGroup.objects.filter(snapshot=snapshot), reader)
    for register, state, agency_id, entered, case_ids in groups.values_list(
        "register", "state", "agency_id", "entered", "case_ids"
    ).iterator(chunk_size=500):
        times = unpack(entered)
        if changed_ids:
            ids = unpack(case_ids)
            if not changed_ids.isdisjoint(ids):
                times = array(
                    "q",
                    (at for at, case in zip(times, ids, strict=True) if case not in changed_ids),
                )
        entries[(register, state, agency_id)].extend(times)
    if changed_ids:
        cases = _scoped(Case.objects.all(), reader).filter(pk__in=changed.values("case_id"))
        latest: dict[int, Entry] = {}
        for case_id, state, at, register, agency_id in (
            CaseAction.objects.filter(STATE_CHANGE, at__lte=moment, case__in=cases.values("pk"))
            .order_by("case_id", "sequence")
            .values_list("case_id", "to_state", "at", "case__register", "case__agency_id")
            .iterator(chunk_size=5000)
        ):
            latest[case_id] = (register, state, agency_id, micros(at))
        for register, state, agency_id, entered in latest.values():
            if not terminal(register, state):
                entries[(register, state, agency_id)].append(entered)
    return entries


def waits_at(reader: Any, moment: datetime.datetime) -> tuple[StateStats, AgencyStats]:
    """The figures of ``bottlenecks.state_waits`` for the cases open at ``moment``, from the
    snapshot of its day: per (register, state) (cases, median, 90th percentile of the days in
    the state) and each agency's (id, cases, 90th percentile). Terminal states are not kept."""
    return summarise(entries_at(reader, moment), moment)


def refresh(today: datetime.date | None = None) -> dict[str, int]:
    """Build the snapshots of the day a year ago and of the next (ready when it begins) if
    missing; delete those older than ``KEEP`` before the day a year ago. Idempotent."""
    from tuphap.casework import deadlines

    today = today or deadlines.local_date(timezone.now())
    built = 0
    for day in (today - YEAR, today - YEAR + datetime.timedelta(days=1)):
        if not WaitSnapshot.objects.filter(day=day).exists():
            build(day)
            built += 1
    _total, deleted = WaitSnapshot.objects.filter(day__lt=today - YEAR - KEEP).delete()
    return {"built": built, "deleted": deleted.get(WaitSnapshot._meta.label, 0)}


def refresh_job(run: jobs.Run) -> dict[str, int]:
    """The scheduled run (``core.jobs``; registered in ``apps.py``)."""
    return refresh()
