from __future__ import annotations

from typing import Any

from django.db import connection

from tuphap.core.migration_operations import drop_index
from tuphap.core.models import AuditEvent


def _indexes_on(table: str, column: str) -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name
        for name, about in found.items()
        if about["index"] and about["columns"] == [column] and not about["unique"]
    }


class _Editor:
    """What the operation uses of a schema editor (SQLite's own cannot open inside the test's
    transaction)."""

    connection = connection

    def quote_name(self, name: str) -> str:
        return connection.ops.quote_name(name)

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_drop_index_drops_only_the_index_and_reverses_to_it(db: Any) -> None:
    table = AuditEvent._meta.db_table
    operation = drop_index(table, "actor_id", "tuphap_test_actor_index")
    foreign_keys_before = _foreign_keys(table)
    operation.reverse_code(None, _Editor())  # reversed: the index is made again
    assert _indexes_on(table, "actor_id") == {"tuphap_test_actor_index"}
    operation.code(None, _Editor())
    operation.code(None, _Editor())  # and dropping what is not there is no error
    assert _indexes_on(table, "actor_id") == set()
    assert _foreign_keys(table) == foreign_keys_before  # the constraint is left as it was


def _foreign_keys(table: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: about["foreign_key"] for name, about in found.items() if about["foreign_key"]}
