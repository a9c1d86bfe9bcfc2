"""What to do with an answer: one handler per message kind, registered by the register that sends
it (e.g. civil status records the PIN on the person). The relay calls the handler inside the
transaction that marks the message sent, so the answer and its effect commit together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tuphap.population.models import MessageKind, OutboxMessage

Handler = Callable[[OutboxMessage, dict[str, Any]], None]

_HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    """Register ``handler(message, response)`` for ``kind`` (replaces an earlier one)."""
    if kind not in MessageKind.values:
        raise ValueError(f"unknown message kind {kind!r}")
    _HANDLERS[kind] = handler


def unregister(kind: str) -> None:
    _HANDLERS.pop(kind, None)


def get(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)
