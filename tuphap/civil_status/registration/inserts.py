"""The register's rows are written with ``tuphap.core.inserts.insert``, an INSERT built once per
model and database (issue 17); the audit row and the outbox message of a registration are
written through it too."""

from __future__ import annotations

from tuphap.core.inserts import insert

__all__ = ["insert"]
