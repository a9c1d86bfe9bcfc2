"""What the register benchmarks share for their raw-SQL baselines: read a record's rows back
as plain dicts and insert them again with hand-written INSERTs (no services, no checks), and the
gapless counter's bump as one UPDATE. Not a benchmark itself (``make bench`` runs bench_*.py)."""

from __future__ import annotations

from typing import Any

from django.db import connection


def rows(model: Any, **filters: Any) -> list[dict[str, Any]]:
    return list(model.objects.filter(**filters).values())


def insert(cursor: Any, model: Any, row: dict[str, Any]) -> None:
    """One hand-written INSERT of ``row`` (attribute names) into ``model``'s table."""
    fields = [f for f in model._meta.concrete_fields if f.attname in row]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [f.get_db_prep_save(row[f.attname], connection) for f in fields]
    cursor.execute(
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"VALUES ({marks})",
        values,
    )


def counter_update() -> str:
    """The case counter's bump, as the baseline writes it."""
    from tuphap.casework.models import CaseCounter

    return f"UPDATE {CaseCounter._meta.db_table} SET last_number = last_number + 1 WHERE id = %s"
