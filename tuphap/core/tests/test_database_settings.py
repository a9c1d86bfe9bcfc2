"""The database connection's options (ADR 0022): on PostgreSQL the parameters are bound by the
server and a statement a connection repeats is prepared there."""

from __future__ import annotations

import pytest
from django.db import connection

from tuphap.core.models import AuditEvent

pytestmark = pytest.mark.django_db

QUERY = f"SELECT COUNT(*) FROM {AuditEvent._meta.db_table} WHERE action = %s"  # noqa: S608


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_statement_repeated_on_a_connection_is_prepared_on_postgresql() -> None:
    options = connection.settings_dict["OPTIONS"]
    if connection.vendor != "postgresql":
        # SQLite binds its own parameters: no server to prepare on
        assert "server_side_binding" not in options
        return
    assert options["server_side_binding"] is True
    threshold = options["prepare_threshold"]  # None: DATABASE_PREPARE_THRESHOLD=0
    assert not [text for text in _prepared() if AuditEvent._meta.db_table in text]
    with connection.cursor() as cursor:
        for _ in range((threshold or 5) + 1):
            cursor.execute(QUERY, ["statistics.rollups.refreshed"])
            assert cursor.fetchone() == (0,)
    prepared = [text for text in _prepared() if AuditEvent._meta.db_table in text]
    if threshold is None:
        assert prepared == []
        return
    # the parameter travelled apart from the text ($1), and the text is prepared once
    assert len(prepared) == 1
    assert "$1" in prepared[0]
