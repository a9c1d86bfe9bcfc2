"""The roster's rules (docs/domain/legal-aid.md §5). No database."""

from __future__ import annotations

from typing import Final

# The roster warns this many days before a card or contract expires [D].
EXPIRY_WARNING_DAYS: Final = 30
