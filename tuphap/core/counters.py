"""Gapless numbers (case numbers, register entry numbers) from a locked counter row.

A counter model has the fields of its key and ``last_number``. ``next_number`` must run inside
the caller's transaction: the row stays locked until it commits, so two writers never take the
same number, and a rollback gives the number back. Never ``max() + 1``.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import IntegrityError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F


def next_number(model: type[models.Model], **key: Any) -> int:
    manager = model._default_manager
    connection = connections[manager.db]
    if not connection.in_atomic_block:
        raise RuntimeError("next_number must run inside the caller's transaction.")
    # The UPDATE takes the row lock (held until the caller commits) and bumps the number; it
    # changes nothing only when the counter does not exist yet.
    number = _bump(model, connection, key)
    if number is None:
        try:
            with transaction.atomic(using=manager.db):
                manager.create(**key)
        except IntegrityError:
            pass  # another transaction created the row first (and has committed): use theirs
        number = _bump(model, connection, key)
    if number is None:
        raise RuntimeError(f"No {model.__name__} row for {key} after creating it.")
    return number


def _bump(
    model: type[models.Model], connection: BaseDatabaseWrapper, key: dict[str, Any]
) -> int | None:
    """The bumped number, or ``None`` when the counter row does not exist. One ``UPDATE …
    RETURNING`` where the database has it (PostgreSQL, SQLite ≥ 3.35), else the ORM's UPDATE
    and a SELECT of the locked row."""
    sql = bump_statement(model, connection, key)
    if sql is not None:
        with connection.cursor() as cursor:
            cursor.execute(*sql)
            row = cursor.fetchone()
        return None if row is None else int(row[0])
    rows = model._default_manager.filter(**key)
    if not rows.update(last_number=F("last_number") + 1):
        return None
    number: int = rows.values_list("last_number", flat=True).get()
    return number


def bump_statement(
    model: type[models.Model], connection: BaseDatabaseWrapper, key: dict[str, Any]
) -> tuple[str, list[Any]] | None:
    """The ``UPDATE … SET last_number = last_number + 1 … RETURNING last_number`` of the
    counter ``key`` and its parameters, where the database has it (else ``None``): what
    ``next_number`` runs, and what a caller that reads a row keyed on the new number in the
    same statement (``WITH c AS (…) SELECT …``, PostgreSQL) puts in front of its query. Such a
    caller runs it inside its transaction, as ``next_number`` must run, and falls back to
    ``next_number`` when it returns no row (the counter does not exist yet)."""
    if connection.vendor == "sqlite":
        if connection.Database.sqlite_version_info < (3, 35):  # type: ignore[attr-defined]
            return None
    elif connection.vendor != "postgresql":
        return None
    meta = model._meta
    quote = connection.ops.quote_name
    conditions: list[str] = []
    params: list[Any] = []
    for name, value in key.items():
        if "__" in name:
            return None  # a lookup, not a field: leave it to the ORM
        field = cast(models.Field[Any, Any], meta.get_field(name))
        if isinstance(value, models.Model):
            value = value.pk
        column = quote(field.column)
        if value is None:
            conditions.append(f"{column} IS NULL")
        else:
            conditions.append(f"{column} = %s")
            params.append(field.get_db_prep_value(value, connection))
    last = quote(cast(models.Field[Any, Any], meta.get_field("last_number")).column)
    where = " AND ".join(conditions) or "1 = 1"
    # Only quoted names from the model's meta go into the text; every value is a parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {last} = {last} + 1 WHERE {where} RETURNING {last}"  # noqa: S608
    return sql, params
