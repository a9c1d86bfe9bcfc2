"""Cards on the landing dashboard. A register app adds its card in ``AppConfig.ready()``
(``dashboard.add_card``); the shell renders whatever cards return a context for the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Card:
    key: str
    template_name: str
    # Returns the card's template context, or None when the card does not apply to the user.
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 50


CARDS: list[Card] = []


def add_card(card: Card) -> None:
    if all(existing.key != card.key for existing in CARDS):
        CARDS.append(card)


def cards_for(request: HttpRequest) -> list[tuple[Card, dict[str, Any]]]:
    shown = []
    for card in sorted(CARDS, key=lambda item: (item.order, item.key)):
        context = card.context(request)
        if context is not None:
            shown.append((card, context))
    return shown
