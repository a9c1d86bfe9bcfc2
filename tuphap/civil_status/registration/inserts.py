"""New rows of the register written with an INSERT built once per model and database, instead of
compiled by the ORM for every row (issue 17: a registration writes the person, its version and
the entry; compiling each INSERT cost as much CPU as the rest of the row's work).

``insert(instance)`` does what ``instance.save()`` does for a new row of a plain model: the
fields' ``pre_save`` (``auto_now_add``), the related objects' checks, each value prepared by its
field for the database, the primary key read back, the instance marked saved. A model it does
not cover (inheritance, database defaults, generated fields, a value that is an expression) or
one with ``pre_save``/``post_save`` receivers goes through ``save()`` unchanged.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection
from django.db.models import NOT_PROVIDED, Field, GeneratedField, Model, signals

M = TypeVar("M", bound=Model)

_STATEMENTS: dict[tuple[type[Model], str], tuple[str, list[Field[Any, Any]]] | None] = {}


def _statement(model: type[Model]) -> tuple[str, list[Field[Any, Any]]] | None:
    key = (model, connection.alias)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _build(model)
    return _STATEMENTS[key]


def _build(model: type[Model]) -> tuple[str, list[Field[Any, Any]]] | None:
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
    return sql, fields


def insert(instance: M) -> M:
    """Write ``instance`` as a new row (its primary key unset) and return it, saved."""
    model = type(instance)
    statement = _statement(model)
    if (
        statement is None
        or instance.pk is not None
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
    ):
        instance.save(force_insert=True)
        return instance
    sql, fields = statement
    instance._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    values = [field.pre_save(instance, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        instance.save(force_insert=True)
        return instance
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (pk,) = cursor.fetchone()
    setattr(instance, model._meta.pk.attname, pk)
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance
