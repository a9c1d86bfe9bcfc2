"""The bulk writer shared by the import and the generator: one transaction, COPY on PostgreSQL.

See the package docstring."""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
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


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys from the table's sequence (PostgreSQL)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _column(model_field: Any) -> str:
    return str(model_field.column)


def insert(
    model: type[models.Model], rows: list[dict[str, Any]], *, ids: bool = False
) -> list[int]:
    """Insert ``rows`` (dicts by attribute name, same keys in each) into ``model``'s table:
    ``COPY`` on PostgreSQL, ``bulk_create`` on SQLite. With ``ids``, the new keys in order."""
    if not rows:
        return []
    if not _is_postgres():
        objects = [model(**row) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects] if ids else []
    keys = list(rows[0])
    new_ids: list[int] = []
    if ids:
        new_ids = _reserve_ids(model, len(rows))
    opts = model._meta
    columns = [_column(opts.get_field(key)) for key in keys]
    json_keys = {
        index for index, key in enumerate(keys) if isinstance(opts.get_field(key), models.JSONField)
    }
    if ids:
        columns.insert(0, "id")
    sql = 'COPY "{}" ({}) FROM STDIN'.format(
        opts.db_table, ", ".join(f'"{column}"' for column in columns)
    )
    with connection.cursor() as cursor:
        raw_cursor: Any = cursor.cursor  # the psycopg 3 cursor
        with raw_cursor.copy(sql) as copy:
            for index, row in enumerate(rows):
                values = [row[key] for key in keys]
                for position in json_keys:
                    values[position] = json.dumps(values[position], ensure_ascii=False)
                if ids:
                    values.insert(0, new_ids[index])
                copy.write_row(values)
    if len(rows) >= ANALYZE_AFTER:
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


def _load(
    rows: list[CaseRow],
    actor: Any,
    source: str,
    movement_user_id: int | None,
    progress: Any,
    recorded: MovementBatch,
) -> LoadResult:
    now = timezone.now()
    _lock_recorded(recorded)
    numbers, spans = _reserve_numbers(rows)
    # judgments: reuse the office's recorded ones, create the others once
    keys = sorted({row.judgment_key for row in rows})
    judgment_ids: dict[JudgmentKey, int] = {}
    agencies = sorted({key[0] for key in keys})
    wanted = set(keys)
    for numbers_among in among("number", sorted({key[2] for key in keys})):
        for pk, agency_id, court, number, issued in Judgment.objects.filter(
            numbers_among, agency_id__in=agencies
        ).values_list("id", "agency_id", "court_name", "number", "issued_on"):
            if (agency_id, court, number, issued) in wanted:
                judgment_ids[(agency_id, court, number, issued)] = pk
    first_rows: dict[JudgmentKey, CaseRow] = {}
    for row in rows:
        if row.judgment_key not in judgment_ids:
            first_rows.setdefault(row.judgment_key, row)
    new_keys = list(first_rows)
    created = insert(
        Judgment,
        [
            {
                "agency_id": key[0],
                "court_name": key[1],
                "number": key[2],
                "issued_on": key[3],
                "kind": first_rows[key].judgment_kind,
                "effective_on": first_rows[key].effective_on,
                "created_at": now,
            }
            for key in new_keys
        ],
        ids=True,
    )
    judgment_ids.update(zip(new_keys, created, strict=True))
    _tick(progress, "judgments")
    request_ids = insert(
        EnforcementRequest,
        [
            {
                "judgment_id": judgment_ids[row.judgment_key],
                "basis": row.basis,
                "requested_on": row.requested_on,
                "requester_name": row.requester_name,
                "created_at": now,
            }
            for row in rows
        ],
        ids=True,
    )
    _tick(progress, "requests")
    case_rows = []
    for row, case_number in zip(rows, numbers, strict=True):
        last = row.steps[-1]
        terminal = workflow.SPEC.is_terminal(row.state)
        case_rows.append(
            {
                "register": workflow.REGISTER,
                "number": case_number,
                "year": row.decision_date.year,
                "agency_id": row.agency_id,
                "place_id": row.place_id,
                "province_id": row.province_id,
                "event_date": row.decision_date,
                "rule_set": _rule_set(row.decision_date),
                "state": row.state,
                "state_since": _at(last[3], now),
                "opened_at": _at(row.steps[0][3], now),
                "closed_at": _at(last[3], now) if terminal else None,
                "due_at": None,
                "overdue_since": None,
                "paused_at": _at(last[3], now)
                if row.state in (workflow.POSTPONED, workflow.SUSPENDED)
                else None,
                "clock": {},
                "assignee_id": None,
                "last_sequence": len(row.steps),
                "updated_at": now,
            }
        )
    case_ids = insert(Case, case_rows, ids=True)
    del case_rows
    _tick(progress, "cases")
    insert(
        EnforcementCase,
        [
            {
                "case_id": case_id,
                "agency_id": row.agency_id,
                "judgment_id": judgment_ids[row.judgment_key],
                "request_id": request_id,
                "decision_number": row.decision_number,
                "decision_date": row.decision_date,
                "decision_year": row.decision_date.year,
                "law_version": rules.law_version(row.decision_date),
                "condition_ground": row.condition_ground,
                "classified_on": row.classified_on,
                "asset_recovery": row.asset_recovery,
                "credit_institution_debt": row.credit_institution_debt,
                "amount_to_enforce": row.amount,
            }
            for row, case_id, request_id in zip(rows, case_ids, request_ids, strict=True)
        ],
    )
    _tick(progress, "details")
    insert(
        Party,
        [
            {
                "enforcement_case_id": case_id,
                "role": PartyRole.OBLIGOR,
                "kind": row.obligor_kind,
                "name": row.obligor_name,
                "identification_number": row.obligor_identification
                if row.obligor_kind == PartyKind.PERSON
                else "",
                "organisation_code": row.obligor_identification
                if row.obligor_kind == PartyKind.ORGANISATION
                else "",
                "address": "",
            }
            for row, case_id in zip(rows, case_ids, strict=True)
        ],
    )
    insert(
        Obligation,
        [
            {
                "enforcement_case_id": case_id,
                "kind": ObligationKind.MONEY if row.amount else ObligationKind.NON_MONEY,
                "amount": row.amount or None,
                "description": row.obligation,
            }
            for row, case_id in zip(rows, case_ids, strict=True)
        ],
    )
    _tick(progress, "parties")
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    actions = [
        {
            "case_id": case_id,
            "sequence": sequence,
            "province_id": row.province_id,
            "kind": CaseAction.Kind.OPENED if not transition else CaseAction.Kind.TRANSITIONED,
            "transition": transition,
            "actor_id": actor_id,
            "at": _at(day, now),
            "recorded_at": now,
            "from_state": from_state,
            "to_state": to_state,
            "payload": {**extra, "decided_on": day.isoformat()} if transition else extra,
            "reason": "",
        }
        for row, case_id in zip(rows, case_ids, strict=True)
        for sequence, (transition, from_state, to_state, day, extra) in enumerate(row.steps, 1)
    ]
    action_count = len(actions)
    insert(CaseAction, actions)
    del actions
    _tick(progress, "journal")
    movements = [
        {
            "enforcement_case_id": case_id,
            "province_id": row.province_id,
            "kind": kind,
            "amount": amount,
            "on_date": day,
            "note": note,
            "recorded_by_id": movement_user_id,
            "recorded_at": now,
        }
        for row, case_id in zip(rows, case_ids, strict=True)
        for kind, amount, day, note in row.movements
    ]
    movements += [
        {
            "enforcement_case_id": movement.case_id,
            "province_id": movement.province_id,
            "kind": movement.kind,
            "amount": movement.amount,
            "on_date": movement.on_date,
            "note": movement.note,
            "recorded_by_id": movement_user_id,
            "recorded_at": now,
        }
        for movement in recorded.rows
    ]
    if movements and movement_user_id is None:
        raise ValueError("Movements need the user who records them.")
    movement_count = len(movements)
    insert(Movement, movements)
    _tick(progress, "movements")
    audit.record(
        actor=actor,
        action=AUDIT_ACTION,
        data={
            "source": source,
            "cases": len(rows),
            "judgments": len(new_keys),
            "actions": action_count,
            "movements": movement_count,
            "movements_of_recorded_cases": len(recorded.rows),
            "numbers": spans,
        },
    )
    return LoadResult(len(rows), len(new_keys), action_count, movement_count, spans)


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
