"""The URL converter of record ids: ``<id:case_id>``.

Django's ``int`` converter takes any run of digits, so ``/api/v1/cases/84331377793639181149022``
reached a query that SQLite cannot bind (an ``OverflowError``, a server error). An id is a
positive integer that fits the database's 64-bit keys; anything else names no record and is
answered 404 by the resolver, before any view runs. The API schema describes the same bounds
(``PATH_CONVERTER_OVERRIDES`` in the settings)."""

from __future__ import annotations

# 18 digits stay below 2**63 - 1, the largest key of PostgreSQL's bigint and SQLite's INTEGER.
ID_MAX = 10**18 - 1


class IdConverter:
    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(value)
