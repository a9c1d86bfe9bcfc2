"""New rows written with an INSERT built once per model and database, instead of compiled by the
ORM for every row (issue 17: a birth registration writes the person, its version, the entry, the
outbox message and the audit row; compiling each INSERT cost as much CPU as the rest of the row's
work).

``insert(instance)`` does what ``instance.save()`` does for a new row of a plain model: the
fields' ``pre_save`` (``auto_now_add``), the related objects' checks, each value prepared by its
field for the database, the primary key read back, the instance marked saved. A model it does
not cover (inheritance, database defaults, generated fields, a value that is an expression) or
one with ``pre_save``/``post_save`` receivers goes through ``save()`` unchanged.

Preparing a value is a chain of calls per field; for the fields of Django's own classes whose
preparation gives back a value of the field's plain type unchanged (a ``str`` for a ``CharField``,
an ``int`` for an integer field or a foreign key to an auto id, a ``bool``, ``None`` for a
field of those classes; on a database whose driver takes them as they are, a ``date`` for a
``DateField`` and an aware ``datetime`` for a ``DateTimeField``), that value is passed as it is.
Every other value, and every field of another class (a subclass included), goes through
``get_db_prep_save``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import (
    NOT_PROVIDED,
    AutoField,
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Field,
    ForeignKey,
    GeneratedField,
    IntegerField,
    Model,
    PositiveBigIntegerField,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    SmallAutoField,
    SmallIntegerField,
    TextField,
    signals,
)

M = TypeVar("M", bound=Model)

_INTEGER_FIELDS = (
    IntegerField,
    BigIntegerField,
    SmallIntegerField,
    PositiveIntegerField,
    PositiveBigIntegerField,
    PositiveSmallIntegerField,
)
_AUTO_FIELDS = (AutoField, BigAutoField, SmallAutoField)

# (the INSERT, its fields, per field the one type its preparation gives back unchanged or None)
_Statement = tuple[str, list[Field[Any, Any]], list[type | None]]
_STATEMENTS: dict[tuple[type[Model], str], _Statement | None] = {}


def _statement(model: type[Model]) -> _Statement | None:
    key = (model, connection.alias)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _build(model)
    return _STATEMENTS[key]


_SAMPLE_DAY = datetime.date(2026, 1, 1)
_SAMPLE_MOMENT = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _kept(adapt: Any, sample: Any) -> bool:
    """Whether the backend's adapter gives a value back as it is (PostgreSQL's, not SQLite's,
    which makes text of it)."""
    return adapt(sample) is sample


def _unchanged_type(field: Field[Any, Any]) -> type | None:
    """The type of value ``field.get_db_prep_save`` returns as it is on this database, if any."""
    kind = type(field)
    if kind in (CharField, TextField):
        return str
    if kind is BooleanField:
        return bool
    integers = type(connection.ops).adapt_integerfield_value is (
        BaseDatabaseOperations.adapt_integerfield_value
    )
    if kind in _INTEGER_FIELDS and integers:
        return int
    if kind is DateField and _kept(connection.ops.adapt_datefield_value, _SAMPLE_DAY):
        return datetime.date  # PostgreSQL's driver takes the date itself
    if kind is DateTimeField and settings.USE_TZ:
        # an aware one only: the field warns about a naive one and makes it aware
        adapt = connection.ops.adapt_datetimefield_value
        return datetime.datetime if _kept(adapt, _SAMPLE_MOMENT) else None
    if kind is ForeignKey and type(field.target_field) in _AUTO_FIELDS:  # type: ignore[attr-defined]
        # an auto id is prepared by validate_autopk_value, which every backend but MySQL's
        # "no zero" check leaves alone; the FK's value is the id itself
        validate = type(connection.ops).validate_autopk_value
        if validate is BaseDatabaseOperations.validate_autopk_value:
            return int
    return None


def _build(model: type[Model]) -> _Statement | None:
    meta = model._meta
    if meta.parents or meta.proxy or not connection.features.can_return_columns_from_insert:
        return None
    fields = []
    for field in meta.local_concrete_fields:
        if isinstance(field, GeneratedField) or field.db_default is not NOT_PROVIDED:
            return None
        if field is not meta.pk:
            fields.append(field)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Only quoted names from the model's meta go into the text; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"RETURNING {quote(meta.pk.column)}"
    )
    return sql, fields, [_unchanged_type(field) for field in fields]


def prepared(instance: Model, fields: list[Field[Any, Any]], plain: list[type | None]) -> list[Any]:
    """The INSERT's parameters: each field's ``pre_save`` value, prepared for the database."""
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the proxy per value
    values = []
    for field, unchanged in zip(fields, plain, strict=True):
        value = field.pre_save(instance, True)
        # None is NULL for all of these fields (a JSONField, whose None may be JSON null, has
        # no plain type); a datetime passes as it is only when it is aware
        if unchanged is not None and (
            value is None
            or (
                type(value) is unchanged
                and (unchanged is not datetime.datetime or cast(Any, value).tzinfo is not None)
            )
        ):
            values.append(value)
        elif hasattr(value, "resolve_expression"):
            raise _Expression
        else:
            values.append(field.get_db_prep_save(value, database))
    return values


class _Expression(Exception):  # a signal inside this module, never raised out of it
    """A value is an expression: the ORM compiles the INSERT."""


def _planned(instance: Model) -> tuple[str, list[Any]] | None:
    """The INSERT of ``instance`` and its parameters, or ``None`` when ``save()`` must write it
    (a model not covered, a primary key set, signal receivers, a value that is an expression)."""
    model = type(instance)
    statement = _statement(model)
    if (
        statement is None
        or instance.pk is not None
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
    ):
        return None
    sql, fields, plain = statement
    instance._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    try:
        return sql, prepared(instance, fields, plain)
    except _Expression:
        return None


def _saved(instance: Model, pk: Any) -> None:
    setattr(instance, type(instance)._meta.pk.attname, pk)
    instance._state.adding = False
    instance._state.db = connection.alias


def insert(instance: M) -> M:
    """Write ``instance`` as a new row (its primary key unset) and return it, saved."""
    planned = _planned(instance)
    if planned is None:
        instance.save(force_insert=True)
        return instance
    with connection.cursor() as cursor:
        cursor.execute(*planned)
        (pk,) = cursor.fetchone()
    _saved(instance, pk)
    return instance


_TOGETHER: dict[tuple[tuple[type[Model], ...], str], str] = {}


def _together_sql(models: tuple[type[Model], ...], statements: list[str]) -> str:
    key = (models, connection.alias)
    sql = _TOGETHER.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        parts = ", ".join(f"i{n} AS ({text})" for n, text in enumerate(statements))
        # Each part is a statement built by _build from the model's meta, each key a quoted
        # name from it; every value is a parameter.
        columns = [quote(model._meta.pk.column) for model in models]
        picks = ", ".join(f"(SELECT {pk} FROM i{n})" for n, pk in enumerate(columns))  # noqa: S608
        sql = _TOGETHER[key] = f"WITH {parts} SELECT {picks}"
    return sql


def insert_all(*instances: Model) -> None:
    """Write new rows that do not refer to one another (the audit row, the outbox message and
    the person's version of one registration), each saved as ``insert`` saves it. On PostgreSQL
    the rows ``insert`` covers go in ONE statement (each INSERT a data-modifying ``WITH`` part,
    the primary keys read back together: one round trip, its text fixed per list of models so
    the server prepares it); elsewhere, and for a row ``save()`` must write, one by one. A row
    that refers to another of the same call fails as an unsaved related object would."""
    planned = [(instance, _planned(instance)) for instance in instances]
    together = [(instance, plan) for instance, plan in planned if plan is not None]
    for instance, plan in planned:
        if plan is None:
            instance.save(force_insert=True)
    if connection.vendor != "postgresql" or len(together) < 2:
        for instance, plan in together:
            with connection.cursor() as cursor:
                cursor.execute(*plan)
                (pk,) = cursor.fetchone()
            _saved(instance, pk)
        return
    sql = _together_sql(
        tuple(type(instance) for instance, _plan in together),
        [plan[0] for _instance, plan in together],
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _instance, plan in together for value in plan[1]])
        keys = cursor.fetchone()
    for (instance, _plan), pk in zip(together, keys, strict=True):
        _saved(instance, pk)


# per (model, the fields given, database): the INSERT, and the fields left to their defaults
_ROWS: dict[tuple[type[Model], tuple[str, ...], str], tuple[str, list[Field[Any, Any]]]] = {}


_SELECTED: dict[tuple[type[Model], tuple[str, ...]], str] = {}


def _json_default(value: Any) -> Any:
    """A prepared value that JSON has no type for, as the text PostgreSQL reads back: a
    ``jsonb`` parameter as its JSON text, a date or time, a UUID, a decimal as ``str``."""
    wrapped = getattr(value, "obj", None)
    if wrapped is not None and hasattr(value, "dumps"):  # psycopg's Jsonb
        return json.dumps(wrapped)
    return str(value)


def _concrete(model: type[Model]) -> dict[str, Field[Any, Any]]:
    return {field.name: field for field in model._meta.local_concrete_fields}


def _column_type(field: Field[Any, Any]) -> str:
    """The PostgreSQL type of the field's column (a foreign key's: its target's)."""
    if isinstance(field, ForeignKey):
        return str(field.target_field.rel_db_type(connection))  # type: ignore[attr-defined]
    kind = field.db_type(connection)
    if kind is None:
        raise ValueError(f"{field}: no column type")
    return str(kind)


def _rows_statement(
    model: type[Model], names: tuple[str, ...]
) -> tuple[str, list[Field[Any, Any]]]:
    key = (model, names, connection.alias)
    statement = _ROWS.get(key)
    if statement is None:
        meta = model._meta
        if meta.parents or meta.proxy:
            raise ValueError(f"{meta.label}: insert_rows writes plain models only")
        concrete = _concrete(model)
        given = [concrete[name] for name in names]
        rest = [f for f in meta.local_concrete_fields if f is not meta.pk and f not in given]
        for field in [*given, *rest]:
            if isinstance(field, GeneratedField) or field.db_default is not NOT_PROVIDED:
                raise ValueError(f"{meta.label}.{field.name}: insert_rows cannot write it")
        quote = connection.ops.quote_name
        fields = [*given, *rest]
        columns = ", ".join(quote(str(f.column)) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
        statement = _ROWS[key] = (sql, rest)
    return statement


def insert_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write new rows of a plain ``model`` with an INSERT built once per model and fields, no
    instance made per row: for a writer of many rows at once (the population relay's audit
    rows). On PostgreSQL one ``INSERT … SELECT (e->>0)::type, … FROM json_array_elements(%s)``
    whose one parameter is the rows as a JSON array (encoded in C; one statement of fixed text,
    parsed once by psycopg and planned once by the server, one round trip); elsewhere the
    one-row INSERT run for every row (``executemany``, which SQLite runs in C without parsing
    the statement again).

    Each row holds the values of the fields ``names`` in that order, already as the database
    takes them: a ``str``, ``int``, ``bool`` or None as it is, a JSON column's value as its
    JSON text (``json.dumps`` of it, as the field encodes it: so a writer that has the text
    does not decode and encode it again), any other value as ``get_db_prep_save`` gives it.
    The primary key is the database's. Every other field gets what ``save()`` would give it:
    its default (a callable default is called for each row) or, for ``auto_now`` and
    ``auto_now_add``, the time of the call. No signals are sent."""
    if not rows:
        return
    sql, rest = _rows_statement(model, tuple(names))
    database = connections[DEFAULT_DB_ALIAS]
    constant: list[Any] = []
    per_row: list[tuple[int, Field[Any, Any]]] = []
    moment = None
    for position, field in enumerate(rest):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            if moment is None:
                from django.utils import timezone

                moment = timezone.now()
            constant.append(field.get_db_prep_save(moment, database))
        elif field.has_default() and callable(field.default):
            constant.append(None)
            per_row.append((position, field))
        else:
            constant.append(field.get_db_prep_save(field.get_default(), database))
    if per_row:
        params = []
        for row in rows:
            extra = list(constant)
            for position, field in per_row:
                extra[position] = field.get_db_prep_save(field.get_default(), database)
            params.append([*row, *extra])
    else:
        params = [[*row, *constant] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(sql, params)
            return
        head, _values, _marks = sql.rpartition(" VALUES ")
        selected = _SELECTED.get((model, tuple(names)))
        if selected is None:
            fields = [*(_concrete(model)[name] for name in names), *rest]
            selected = _SELECTED[(model, tuple(names))] = ", ".join(
                f"(e->>{position})::{_column_type(field)}" for position, field in enumerate(fields)
            )
        # The rows as one JSON array of arrays, encoded by json's C encoder: one parameter, a
        # statement of fixed text (parsed once by psycopg, planned once by the server).
        rows_json = json.dumps(params, default=_json_default)
        cursor.execute(
            f"{head} SELECT {selected} FROM json_array_elements(%s::json) AS e",  # noqa: S608
            [rows_json],
        )
