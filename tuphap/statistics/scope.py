"""The work a register's indicators share, for the length of one refresh and no longer.

A register often computes all its figures in one pass over its records (enforcement's month
counters, a legal aid month's figures) and then serves each of its indicators from that pass.
The refresh and the drain (``statistics.services``) run inside :func:`refresh_scope`; a
register's source keeps its pass in :func:`cache` under its own name, so the indicators of one
refresh reuse it and the next refresh computes it again from the records. Outside a refresh,
``cache`` is a new empty dict every time: nothing is reused.

This replaced the registers' module-level caches keyed by a fingerprint of their tables (row
counts, the largest id, the last timestamp), which could serve figures of an earlier state
when a change kept the fingerprint (an edited row, an id reused after a rollback on SQLite)
and kept a national pass in memory after the refresh had ended.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from tuphap.core.periods import month_end

_current: ContextVar[dict[str, dict[Any, Any]] | None] = ContextVar("refresh_scope", default=None)


@contextmanager
def refresh_scope() -> Iterator[None]:
    """Share the registers' passes among the indicators computed inside; a scope opened inside
    another is the outer one."""
    if _current.get() is not None:
        yield
        return
    token = _current.set({})
    try:
        yield
    finally:
        _current.reset(token)


def cache(name: str) -> dict[Any, Any]:
    """The dict ``name`` (a register's module name) of the current refresh: empty at its
    start, dropped at its end; outside a refresh, a new empty dict."""
    shared = _current.get()
    if shared is None:
        return {}
    return shared.setdefault(name, {})


def monthly(
    name: str,
    start: datetime.date,
    end: datetime.date,
    load: Callable[[datetime.date], Any],
    compute: Callable[[Any, datetime.date, datetime.date], Any],
) -> dict[datetime.date, Any]:
    """Each month's own figures from ``start`` to ``end``: the register's facts loaded once up
    to ``end`` (``load(until)``), then ``compute(facts, first day, last day)`` per month; kept
    as ``name`` for the rest of the refresh."""
    shared = cache(name)
    key = (start, end)
    if key not in shared:  # a refresh asks for two windows at most: flows, and stocks from
        facts = load(month_end(end))  # the month before
        result = {}
        month = start
        while month <= end:
            last = month_end(month)
            result[month] = compute(facts, month, last)
            month = last + datetime.timedelta(days=1)
        shared[key] = result
    figures: dict[datetime.date, Any] = shared[key]
    return figures
