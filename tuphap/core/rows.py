"""Model instances read by a statement written out once (issue 17: every birth registration reads
the token's user, the commune, the register book and the namesakes).

``Model.objects.raw()`` works out, for every query, which columns the cursor returned, in which
order the model takes them and how each is converted; for a statement whose columns we list
ourselves that is known once. ``columns(model)`` lists the model's concrete columns in its own
order, and ``read(model, row)`` makes the instance from such a row as the ORM makes it: each value
through the converters the ORM applies to that field on this database, then ``Model.from_db``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model

M = TypeVar("M", bound=Model)

# per (model, database): the field names, and (position, field's column, converters) of the
# fields that have converters
_Converters = list[tuple[int, Any, list[Callable[..., Any]]]]
_READERS: dict[tuple[type[Model], str], tuple[list[str], _Converters]] = {}


def columns(model: type[Model], table: str = "") -> str:
    """The model's concrete columns in its order, quoted, each prefixed with ``table.``."""
    quote = connection.ops.quote_name
    prefix = f"{table}." if table else ""
    return ", ".join(f"{prefix}{quote(field.column)}" for field in model._meta.concrete_fields)


def _reader(model: type[Model]) -> tuple[list[str], _Converters]:
    key = (model, connection.alias)
    reader = _READERS.get(key)
    if reader is None:
        names, converters = [], []
        for position, field in enumerate(model._meta.concrete_fields):
            names.append(field.attname)
            column = field.get_col(model._meta.db_table)
            own = field.get_db_converters(connection)  # type: ignore[attr-defined]  # not in stubs
            found = connection.ops.get_db_converters(column) + own
            if found:
                converters.append((position, column, found))
        reader = _READERS[key] = (names, converters)
    return reader


def read(model: type[M], row: Sequence[Any]) -> M:
    """The instance of ``model`` from the first ``len(concrete_fields)`` values of ``row``,
    selected by ``columns(model)``."""
    names, converters = _reader(model)
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the proxy per value
    values = list(row[: len(names)])
    for position, column, functions in converters:
        value = values[position]
        for function in functions:
            value = function(value, column, database)
        values[position] = value
    return model.from_db(DEFAULT_DB_ALIAS, names, values)


def fetch(model: type[M], sql: str, params: Sequence[Any]) -> list[M]:
    """The instances of the rows ``sql`` (selecting ``columns(model)``) returns."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [read(model, row) for row in cursor.fetchall()]
