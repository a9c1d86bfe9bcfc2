"""Schema operations Django's own do not do well enough for tables of national size."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def drop_index(
    table: str, column: str, name: str, *, pattern_ops: bool = False
) -> migrations.RunPython:
    """Drop the index ``name`` on ``table (column)`` (recreated when the migration is reversed;
    ``pattern_ops``: PostgreSQL's ``varchar_pattern_ops`` twin Django gives an indexed text
    column). Paired with the field's ``db_index=False`` in ``SeparateDatabaseAndState``:
    Django's ``AlterField`` would also drop and re-add a foreign key's constraint, which
    PostgreSQL then checks against every row of the table under lock."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def backwards(apps: Any, schema_editor: Any) -> None:
        quote = schema_editor.quote_name
        vendor = schema_editor.connection.vendor
        if pattern_ops and vendor != "postgresql":
            return
        operator = " varchar_pattern_ops" if pattern_ops else ""
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)}{operator})"
        )

    return migrations.RunPython(forwards, backwards)
