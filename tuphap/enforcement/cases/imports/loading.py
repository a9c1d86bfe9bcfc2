"""The bulk writer shared by the import and the generator: one transaction, COPY on PostgreSQL.

See the package docstring."""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Case as DbCase
from django.db.models import F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case, CaseAction, CaseCounter
from tuphap.core import audit
from tuphap.enforcement.cases import rules, workflow
from tuphap.enforcement.cases.imports.columns import AUDIT_ACTION, BATCH, MOVEMENTS_SHEET
from tuphap.enforcement.cases.imports.movements import MovementBatch, _sums, validate_movements
from tuphap.enforcement.cases.imports.reading import (
    ImportRefused,
    Raw,
    RowError,
    read_rows,
    xlsx_sheets,
)
from tuphap.enforcement.cases.imports.validation import (
    CaseRow,
    JudgmentKey,
    _chunks,
    _text,
    among,
    validate,
)
from tuphap.enforcement.cases.models import (
    EnforcementCase,
    EnforcementRequest,
    Judgment,
    Movement,
    Obligation,
    ObligationKind,
    Party,
    PartyKind,
    PartyRole,
)

# -- writing -------------------------------------------------------------------------------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _reserve_ids(model: type[models.Model], count: int) -> Sequence[int]:
    """``count`` new primary keys from the table's sequence (PostgreSQL), ascending. The server
    draws them in one statement and sends back their range, three numbers instead of ``count``
    rows; the keys themselves only when another session drew from the sequence meanwhile (the
    range has holes)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 <> count(*)"
            " THEN array_agg(id ORDER BY id) END FROM ("
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id"
            " FROM generate_series(1, %s)) AS drawn",
            [table, count],
        )
        low, high, drawn = cursor.fetchone()
    return range(low, high + 1) if drawn is None else list(drawn)


def _column(model_field: Any) -> str:
    return str(model_field.column)


def insert(
    model: type[models.Model], rows: list[dict[str, Any]], *, ids: bool = False
) -> Sequence[int]:
    """Insert ``rows`` (dicts by attribute name, same keys in each) into ``model``'s table:
    ``COPY`` on PostgreSQL, ``bulk_create`` on SQLite. With ``ids``, the new keys in order."""
    if not rows:
        return []
    keys = list(rows[0])
    opts = model._meta
    json_keys = [key for key in keys if isinstance(opts.get_field(key), models.JSONField)]
    if json_keys and _is_postgres():
        rows = [{**row, **{key: _json(row[key]) for key in json_keys}} for row in rows]
    return write(model, keys, (tuple(row[key] for key in keys) for row in rows), len(rows), ids=ids)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    count: int,
    *,
    ids: bool = False,
) -> Sequence[int]:
    """Insert ``count`` rows, tuples of the attributes ``names`` in that order, into ``model``'s
    table: streamed into ``COPY … FROM STDIN`` on PostgreSQL as they are produced (no list of
    the rows is built; a JSON attribute is given as its text there), ``bulk_create`` in batches
    on SQLite (a JSON attribute as its value). With ``ids``, the new primary keys in order:
    reserved from the sequence before the COPY on PostgreSQL, read back on SQLite."""
    if count == 0:
        return []
    if not _is_postgres():
        objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects] if ids else []
    opts = model._meta
    columns = [_column(opts.get_field(name)) for name in names]
    new_ids: Sequence[int] = _reserve_ids(model, count) if ids else []
    if ids:
        columns.insert(0, "id")
    sql = 'COPY "{}" ({}) FROM STDIN'.format(
        opts.db_table, ", ".join(f'"{column}"' for column in columns)
    )
    written = 0
    with connection.cursor() as cursor:
        raw_cursor: Any = cursor.cursor  # the psycopg 3 cursor
        with raw_cursor.copy(sql) as copy:
            write_row = copy.write_row
            if ids:
                for new_id, row in zip(new_ids, rows, strict=True):
                    write_row((new_id, *row))
                written = len(new_ids)
            else:
                for row in rows:
                    write_row(row)
                    written += 1
    if written != count:
        raise RuntimeError(f"{opts.db_table}: {written} rows written, {count} announced.")
    if count >= ANALYZE_AFTER:
        _analyze_on_commit(opts.db_table)
    return new_ids


# A table that receives this many rows in one load is analysed once the load commits.
ANALYZE_AFTER = 10_000


def _analyze_on_commit(table: str) -> None:
    """Refresh the planner's statistics of ``table`` after the transaction commits: until
    autovacuum reaches a table bulk-loaded by COPY its statistics describe the table before
    the load, and the planner scans a 24-million-row journal for a few hundred cases (ADR
    0021: a drain took 10 s on the five-year dataset, 0.55 s once analysed)."""

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    transaction.on_commit(analyze)


@dataclass(frozen=True)
class LoadResult:
    cases: int
    judgments: int
    actions: int
    movements: int
    numbers: dict[str, tuple[int, int]]  # "agency_id/year" → (first, last)


def _reserve_numbers(rows: list[CaseRow]) -> tuple[list[int], dict[str, tuple[int, int]]]:
    """Case numbers from the engine's counters: per (office, year of the decision) one locked
    increment by the size of the block; the block is given in decision-date order."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[(row.agency_id, row.decision_date.year)].append(index)
    numbers = [0] * len(rows)
    spans: dict[str, tuple[int, int]] = {}
    counters = CaseCounter.objects.filter(register=workflow.REGISTER)
    agencies = sorted({agency_id for agency_id, _year in groups})
    years = sorted({year for _agency, year in groups})
    known = set(counters.filter(agency_id__in=agencies).values_list("agency_id", "year"))
    CaseCounter.objects.bulk_create(
        [
            CaseCounter(agency_id=agency_id, register=workflow.REGISTER, year=year)
            for agency_id, year in sorted(set(groups) - known)
        ],
        ignore_conflicts=True,  # a concurrent import may have created one meanwhile
    )
    # Lock every counter of the block, then move each by its block size in one statement.
    locked = {
        (agency_id, year): (pk, last)
        for pk, agency_id, year, last in counters.select_for_update()
        .filter(agency_id__in=agencies, year__in=years)
        .order_by("pk")
        .values_list("pk", "agency_id", "year", "last_number")
        if (agency_id, year) in groups
    }
    for chunk in _chunks(sorted(groups), 500):
        counters.filter(pk__in=[locked[key][0] for key in chunk]).update(
            last_number=F("last_number")
            + DbCase(
                *[When(pk=locked[key][0], then=Value(len(groups[key]))) for key in chunk],
                default=Value(0),
            )
        )
    for key, indexes in sorted(groups.items()):
        first = locked[key][1] + 1
        indexes.sort(key=lambda i: (rows[i].decision_date, rows[i].line))
        for offset, index in enumerate(indexes):
            numbers[index] = first + offset
        spans[f"{key[0]}/{key[1]}"] = (first, first + len(indexes) - 1)
    return numbers, spans


@functools.lru_cache(maxsize=8192)
def _moment(day: datetime.date) -> datetime.datetime:
    return case_deadlines.end_of_day(day)


def _at(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    return min(_moment(day), now)


@functools.lru_cache(maxsize=8192)  # a day of each of the years a file spans
def _rule_set(day: datetime.date) -> str:
    return workflow.SPEC.rule_set_on(day).code


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off while a file is checked and written: the rows are hundreds
    of thousands of long-lived objects without cycles, and each full collection walks all of
    them again (8 s of 80 at 190,000 cases). Reference counting still frees everything; the
    collector's state is restored afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(
    rows: list[CaseRow],
    *,
    actor: Any,
    source: str,
    movement_user_id: int | None = None,
    progress: Any = None,
    recorded: MovementBatch | None = None,
) -> LoadResult:
    """Write ``rows`` (already validated) and the movements of recorded cases in one
    transaction with one audit row."""
    with cyclic_gc_paused(), transaction.atomic():
        return _load(rows, actor, source, movement_user_id, progress, recorded or MovementBatch())


def _lock_recorded(recorded: MovementBatch) -> None:
    """Lock the recorded cases that get movements (as ``services.movement_record`` does) and
    refuse the file if their money moved since it was checked."""
    if not recorded.rows:
        return
    case_ids = sorted(recorded.seen)
    for chunk in _chunks(case_ids, 500):
        list(Case.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
    now: dict[int, tuple[int, int, int]] = {}
    for chunk in _chunks(case_ids, 500):
        now.update(_sums(chunk))
    changed = {
        case_id for case_id in case_ids if now.get(case_id, (0, 0, 0)) != recorded.seen[case_id]
    }
    if changed:
        raise ImportRefused(
            [
                RowError(
                    movement.line,
                    "decision_number",
                    _("Money was recorded on this case meanwhile: check the file again."),
                    MOVEMENTS_SHEET,
                )
                for movement in recorded.rows
                if movement.case_id in changed
            ]
        )


class _Moments(dict[datetime.date, datetime.datetime]):
    """The moment a step dated ``day`` is recorded at, the end of that day but never after
    ``now``: one computation per distinct day of the block, a dict lookup for every row."""

    def __init__(self, now: datetime.datetime) -> None:
        super().__init__()
        self.now = now

    def __missing__(self, day: datetime.date) -> datetime.datetime:
        moment = self[day] = _at(day, self.now)
        return moment


def _payload_text(extra: dict[str, Any], day: datetime.date) -> str:
    """The JSON text of an imported step's payload, ``{**extra, "decided_on": day}``: the
    import's one key (a decision number) is escaped alone, any other payload goes through
    ``json.dumps`` (the same text either way)."""
    if len(extra) == 1 and type(number := extra.get("decision_number")) is str:
        return f'{{"decision_number": {encode_basestring(number)}, "decided_on": "{day}"}}'
    return _json({**extra, "decided_on": day.isoformat()})


def _load(
    rows: list[CaseRow],
    actor: Any,
    source: str,
    movement_user_id: int | None,
    progress: Any,
    recorded: MovementBatch,
) -> LoadResult:
    """Each table's rows are produced by a generator as tuples and streamed into its COPY (or
    bulk_create on SQLite): no dict per row, no list of a table's rows."""
    now = timezone.now()
    postgres = _is_postgres()
    at = _Moments(now)
    _lock_recorded(recorded)
    numbers, spans = _reserve_numbers(rows)
    # judgments: reuse the office's recorded ones, create the others once
    wanted = {row.judgment_key for row in rows}
    judgment_ids: dict[JudgmentKey, int] = {}
    agencies = sorted({key[0] for key in wanted})
    for numbers_among in among("number", sorted({key[2] for key in wanted})):
        for pk, agency_id, court, number, issued in Judgment.objects.filter(
            numbers_among, agency_id__in=agencies
        ).values_list("id", "agency_id", "court_name", "number", "issued_on"):
            if (agency_id, court, number, issued) in wanted:
                judgment_ids[(agency_id, court, number, issued)] = pk
    first_rows: dict[JudgmentKey, CaseRow] = {}
    for row in rows:
        if row.judgment_key not in judgment_ids:
            first_rows.setdefault(row.judgment_key, row)
    created = write(
        Judgment,
        ("agency_id", "court_name", "number", "issued_on", "kind", "effective_on", "created_at"),
        (
            (key[0], key[1], key[2], key[3], first.judgment_kind, first.effective_on, now)
            for key, first in first_rows.items()
        ),
        len(first_rows),
        ids=True,
    )
    judgment_ids.update(zip(first_rows, created, strict=True))
    _tick(progress, "judgments")
    request_ids = write(
        EnforcementRequest,
        ("judgment_id", "basis", "requested_on", "requester_name", "created_at"),
        (
            (judgment_ids[row.judgment_key], row.basis, row.requested_on, row.requester_name, now)
            for row in rows
        ),
        len(rows),
        ids=True,
    )
    _tick(progress, "requests")
    register = workflow.REGISTER
    terminal = {state: workflow.SPEC.is_terminal(state) for state in {row.state for row in rows}}
    paused = (workflow.POSTPONED, workflow.SUSPENDED)
    empty_json: Any = "{}" if postgres else None
    case_ids = write(
        Case,
        (
            "register",
            "number",
            "year",
            "agency_id",
            "place_id",
            "province_id",
            "event_date",
            "rule_set",
            "state",
            "state_since",
            "opened_at",
            "closed_at",
            "due_at",
            "overdue_since",
            "paused_at",
            "clock",
            "assignee_id",
            "last_sequence",
            "updated_at",
        ),
        (
            (
                register,
                case_number,
                row.decision_date.year,
                row.agency_id,
                row.place_id,
                row.province_id,
                row.decision_date,
                _rule_set(row.decision_date),
                row.state,
                (last_at := at[row.steps[-1][3]]),
                at[row.steps[0][3]],
                last_at if terminal[row.state] else None,
                None,
                None,
                last_at if row.state in paused else None,
                empty_json if postgres else {},
                None,
                len(row.steps),
                now,
            )
            for row, case_number in zip(rows, numbers, strict=True)
        ),
        len(rows),
        ids=True,
    )
    _tick(progress, "cases")
    write(
        EnforcementCase,
        (
            "case_id",
            "agency_id",
            "judgment_id",
            "request_id",
            "decision_number",
            "decision_date",
            "decision_year",
            "law_version",
            "condition_ground",
            "classified_on",
            "asset_recovery",
            "credit_institution_debt",
            "amount_to_enforce",
        ),
        (
            (
                case_id,
                row.agency_id,
                judgment_ids[row.judgment_key],
                request_id,
                row.decision_number,
                row.decision_date,
                row.decision_date.year,
                rules.law_version(row.decision_date),
                row.condition_ground,
                row.classified_on,
                row.asset_recovery,
                row.credit_institution_debt,
                row.amount,
            )
            for row, case_id, request_id in zip(rows, case_ids, request_ids, strict=True)
        ),
        len(rows),
    )
    _tick(progress, "details")
    obligor, person, organisation = PartyRole.OBLIGOR, PartyKind.PERSON, PartyKind.ORGANISATION
    write(
        Party,
        (
            "enforcement_case_id",
            "role",
            "kind",
            "name",
            "identification_number",
            "organisation_code",
            "address",
        ),
        (
            (
                case_id,
                obligor,
                row.obligor_kind,
                row.obligor_name,
                row.obligor_identification if row.obligor_kind == person else "",
                row.obligor_identification if row.obligor_kind == organisation else "",
                "",
            )
            for row, case_id in zip(rows, case_ids, strict=True)
        ),
        len(rows),
    )
    money, non_money = ObligationKind.MONEY, ObligationKind.NON_MONEY
    write(
        Obligation,
        ("enforcement_case_id", "kind", "amount", "description"),
        (
            (case_id, money if row.amount else non_money, row.amount or None, row.obligation)
            for row, case_id in zip(rows, case_ids, strict=True)
        ),
        len(rows),
    )
    _tick(progress, "parties")
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    opened, transitioned = CaseAction.Kind.OPENED, CaseAction.Kind.TRANSITIONED
    action_count = sum(len(row.steps) for row in rows)
    write(
        CaseAction,
        (
            "case_id",
            "sequence",
            "province_id",
            "kind",
            "transition",
            "actor_id",
            "at",
            "recorded_at",
            "from_state",
            "to_state",
            "payload",
            "reason",
        ),
        (
            (
                case_id,
                sequence,
                row.province_id,
                transitioned if transition else opened,
                transition,
                actor_id,
                at[day],
                now,
                from_state,
                to_state,
                (
                    (_payload_text(extra, day) if transition else _json(extra))
                    if postgres
                    else ({**extra, "decided_on": day.isoformat()} if transition else extra)
                ),
                "",
            )
            for row, case_id in zip(rows, case_ids, strict=True)
            for sequence, (transition, from_state, to_state, day, extra) in enumerate(row.steps, 1)
        ),
        action_count,
    )
    _tick(progress, "journal")
    movement_count = sum(len(row.movements) for row in rows) + len(recorded.rows)
    if movement_count and movement_user_id is None:
        raise ValueError("Movements need the user who records them.")
    write(
        Movement,
        (
            "enforcement_case_id",
            "province_id",
            "kind",
            "amount",
            "on_date",
            "note",
            "recorded_by_id",
            "recorded_at",
        ),
        itertools.chain(
            (
                (case_id, row.province_id, kind, amount, day, note, movement_user_id, now)
                for row, case_id in zip(rows, case_ids, strict=True)
                for kind, amount, day, note in row.movements
            ),
            (
                (
                    movement.case_id,
                    movement.province_id,
                    movement.kind,
                    movement.amount,
                    movement.on_date,
                    movement.note,
                    movement_user_id,
                    now,
                )
                for movement in recorded.rows
            ),
        ),
        movement_count,
    )
    _tick(progress, "movements")
    audit.record(
        actor=actor,
        action=AUDIT_ACTION,
        data={
            "source": source,
            "cases": len(rows),
            "judgments": len(first_rows),
            "actions": action_count,
            "movements": movement_count,
            "movements_of_recorded_cases": len(recorded.rows),
            "numbers": spans,
        },
    )
    return LoadResult(len(rows), len(first_rows), action_count, movement_count, spans)


def _tick(progress: Any, label: str) -> None:
    if progress is not None:
        progress.set_postfix_str(label)
        progress.update(1)


def import_file(
    path: Path | None,
    *,
    actor: Any,
    default_agency: str = "",
    dry_run: bool = False,
    movements: Path | None = None,
) -> tuple[LoadResult | None, list[CaseRow]]:
    """Read, check and (unless ``dry_run``) load a cases file and/or a movements file (an XLSX
    cases book's sheet ``movements`` when no movements file is given). Raises
    ``ImportRefused`` with every error of both when any row is bad; nothing is written then."""
    if path is None and movements is None:
        raise ValueError("Give a cases file, a movements file or both.")
    with cyclic_gc_paused():
        return _import_file(path, actor, default_agency, dry_run, movements)


def _import_file(
    path: Path | None,
    actor: Any,
    default_agency: str,
    dry_run: bool,
    movements: Path | None,
) -> tuple[LoadResult | None, list[CaseRow]]:
    raws: list[tuple[int, Raw]] = []
    errors: list[RowError] = []
    if path is not None:
        raws, errors = read_rows(path)
        if not errors and not raws:
            errors = [RowError(2, "", _("The file has no data rows."))]
        if (
            movements is None
            and path.suffix.lower() == ".xlsx"
            and MOVEMENTS_SHEET in xlsx_sheets(path)
        ):
            movements = path
    money: list[tuple[int, Raw]] = []
    if movements is not None:
        money, money_errors = read_rows(movements, movements=True)
        errors += money_errors
        if not money_errors and not money and path is None:
            errors.append(RowError(2, "", _("The file has no data rows."), MOVEMENTS_SHEET))
        user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        if money and user_id is None:
            errors.append(
                RowError(
                    1,
                    "",
                    _("Money movements need the user who records them (--user)."),
                    MOVEMENTS_SHEET,
                )
            )
    if errors:
        raise ImportRefused(errors)
    rows, errors = validate(raws, default_agency=default_agency)
    batch = MovementBatch()
    if money:
        bad = {error.line for error in errors}
        pending = {
            (_text(raw, "agency_code") or default_agency, _text(raw, "decision_number"))
            for line, raw in raws
            if line in bad
        }
        batch, money_errors = validate_movements(
            money, cases=rows, pending=pending, default_agency=default_agency
        )
        errors += money_errors
    if errors:
        raise ImportRefused(errors)
    if dry_run:
        return None, rows
    names = " + ".join(dict.fromkeys(p.name for p in (path, movements) if p is not None))
    return (
        load(
            rows,
            actor=actor,
            source=names,
            movement_user_id=actor.pk if money else None,
            recorded=batch,
        ),
        rows,
    )
