"""Who is acting and from where, for the audit trail.

The request middleware fills these for web and API requests; commands and tasks set them with
``acting_as``. Services never read the request: they read this context through ``audit``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_address: str | None = None
    channel: str = "system"  # web, api, command, task, system


_current: ContextVar[RequestContext | None] = ContextVar("tuphap_request_context", default=None)


def current() -> RequestContext:
    context = _current.get()
    if context is None:
        return RequestContext(request_id=new_request_id())
    return context


def bound_request_id() -> str | None:
    """The id of the request or task being served, None outside one (for log lines, which must
    not invent one)."""
    context = _current.get()
    return None if context is None else context.request_id


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def bound(context: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def channel(name: str) -> Iterator[RequestContext]:
    """Run a command or task body under its own request id."""
    with bound(RequestContext(request_id=new_request_id(), channel=name)) as context:
        yield context
