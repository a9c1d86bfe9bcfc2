"""What to do with an answer: one handler per message kind, registered by the register that sends
it (e.g. civil status records the PIN on the person). The relay calls the handler inside the
transaction that marks the message sent, so the answer and its effect commit together.

A handler takes one message at a time (``register``: ``handler(message, response)``, the message
an ``OutboxMessage``) or the answered messages of a whole batch (``register_many``:
``handler([(message, response), …])``, each message an ``Answered``: the fields the relay read
when it claimed the row, no model instance; ``instance(message)`` gives the model instance when
one is needed, e.g. as the object of an audit row). The relay prefers the batch form: one call per
batch instead of one per message, and no instance built per message. If a batch handler raises,
the relay cannot tell which message it failed on: the batch is rolled back and every message is
recorded again in its own transaction, with the handler called again on that one message, so a
handler that keeps failing on one message holds back only that message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from tuphap.population.models import MessageKind, OutboxMessage


class Answered(Protocol):
    """What a batch handler may read of an answered message (an ``OutboxMessage`` has it all)."""

    @property
    def pk(self) -> Any: ...

    @property
    def kind(self) -> str: ...

    @property
    def subject_type(self) -> str: ...

    @property
    def subject_id(self) -> str: ...

    @property
    def attempts(self) -> int: ...

    @property
    def payload(self) -> Any: ...


Handler = Callable[[OutboxMessage, dict[str, Any]], None]
BatchHandler = Callable[[list[tuple[Any, dict[str, Any]]]], None]

_HANDLERS: dict[str, Handler] = {}
_BATCH_HANDLERS: dict[str, BatchHandler] = {}


def _check(kind: str) -> None:
    if kind not in MessageKind.values:
        raise ValueError(f"unknown message kind {kind!r}")


def batch_form(many: BatchHandler) -> Callable[[Handler], Handler]:
    """Decorate a handler of one message with its batch form (which must do for each message
    what the handler does): ``register`` then registers the batch form too."""

    def decorate(handler: Handler) -> Handler:
        handler.__dict__["population_batch_form"] = many
        return handler

    return decorate


def register(kind: str, handler: Handler) -> None:
    """Register ``handler(message, response)`` for ``kind`` (replaces an earlier one, of either
    form); with its batch form if it was decorated with ``batch_form``."""
    _check(kind)
    many = getattr(handler, "population_batch_form", None)
    if many is not None:
        _BATCH_HANDLERS[kind] = many
    else:
        _BATCH_HANDLERS.pop(kind, None)
    _HANDLERS[kind] = handler


def register_many(kind: str, handler: BatchHandler) -> None:
    """Register ``handler([(message, response), …])`` for ``kind``, called once per batch with
    its answered messages of that kind, in the batch's order (replaces an earlier one, of either
    form)."""
    _check(kind)

    def one(message: OutboxMessage, response: dict[str, Any]) -> None:
        handler([(message, response)])

    _BATCH_HANDLERS[kind] = handler
    _HANDLERS[kind] = one


def unregister(kind: str) -> None:
    _HANDLERS.pop(kind, None)
    _BATCH_HANDLERS.pop(kind, None)


def get(kind: str) -> Handler | None:
    """The handler of ``kind`` taking one message (a batch handler called with one message)."""
    return _HANDLERS.get(kind)


def get_many(kind: str) -> BatchHandler | None:
    """The batch handler of ``kind``, if it was registered in that form."""
    return _BATCH_HANDLERS.get(kind)


def instance(message: Any) -> OutboxMessage:
    """The model instance of a message a batch handler was given."""
    if isinstance(message, OutboxMessage):
        return message
    made: OutboxMessage | None = message.instance()
    if made is None:
        raise OutboxMessage.DoesNotExist(f"outbox message {message.pk}")
    return made
