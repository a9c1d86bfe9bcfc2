"""What an officer may do with a message that could not be delivered (docs/domain/population.md
§3.1), as pure functions: which actions apply in which status, and which fields of each kind
of message may be corrected before it is sent again."""

from __future__ import annotations

import datetime
from typing import Any, Final

from django.utils.translation import gettext as _

from tuphap.population import pins
from tuphap.population.models import MessageKind, MessageStatus

# The fields of a message an officer may correct, by kind; "data.x" is the event's data.
CORRECTABLE: Final[dict[str, tuple[str, ...]]] = {
    MessageKind.BIRTH: (
        "full_name",
        "sex",
        "date_of_birth",
        "birth_province_code",
        "father_pin",
        "mother_pin",
    ),
    MessageKind.DEATH: ("pin", "occurred_on"),
    MessageKind.MARRIAGE: ("pin", "occurred_on", "data.spouse_pin"),
    MessageKind.CORRECTION: ("pin",),
}
REQUIRED: Final = frozenset(
    {"full_name", "sex", "date_of_birth", "birth_province_code", "pin", "data.spouse_pin"}
)
PIN_FIELDS: Final = frozenset({"pin", "father_pin", "mother_pin", "data.spouse_pin"})
DATE_FIELDS: Final = frozenset({"date_of_birth", "occurred_on"})

# The actions, in the order they are offered.
RESEND: Final = "resend"  # the same request with the same key
CORRECT: Final = "correct"  # corrected fields, a new key
RESOLVE: Final = "resolve"  # closed with a written reason, never sent


def actions_for(status: str) -> tuple[str, ...]:
    """An unanswered message may have been applied there (the answer lost), so it is resent
    unchanged with its key, which can never apply it twice; changing it under a new key could
    register the event twice. A refused one was applied nowhere: resending it unchanged would
    bring the same refusal, so it is corrected and sent under a new key. Either may be closed."""
    if status == MessageStatus.NEEDS_RECONCILIATION:
        return (RESEND, RESOLVE)
    if status == MessageStatus.FAILED_PERMANENTLY:
        return (CORRECT, RESOLVE)
    return ()


def current_value(payload: dict[str, Any], name: str) -> Any:
    if name.startswith("data."):
        return (payload.get("data") or {}).get(name.removeprefix("data."))
    return payload.get(name)


def with_value(payload: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    changed = dict(payload)
    if name.startswith("data."):
        changed["data"] = {**(payload.get("data") or {}), name.removeprefix("data."): value}
    else:
        changed[name] = value
    return changed


def field_error(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be sent as ``name``, or None. Values are strings ("" clears an
    optional field)."""
    if not isinstance(value, str):
        return _("Enter text.")
    value = value.strip()
    if not value:
        return _("This field is required.") if name in REQUIRED else None
    if name in PIN_FIELDS and not pins.is_well_formed(value):
        return _("A personal identification number has 12 digits.")
    if name in DATE_FIELDS:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return _("Enter a valid date.")
    if name == "sex" and value not in ("male", "female"):
        return _("Sex must be male or female.")
    if name == "birth_province_code" and not pins.PROVINCE_CODE_PATTERN.match(value):
        return _("A province code has 3 digits.")
    return None
