"""Reconciliation: what we sent on a day against what the population database holds for it.

Both sides are matched by the idempotency key, which the population database keeps with each
citizen and event it created (``request_key``). Differences:

* ``missing_there``: a message of ours (not refused) that the population database does not hold;
* ``missing_here``: a record there that no message of ours explains;
* ``different``: the same key with different fields (our payload, our recorded PIN);
* ``unrecorded_answer``: held there, but here the message is not marked sent (the answer was lost,
  e.g. the connection dropped after the request was applied): retrying it is safe and records
  the PIN.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any, Final

from tuphap.population.client import Client
from tuphap.population.models import MessageKind, MessageStatus, OutboxMessage

BIRTH_FIELDS: Final = (
    "full_name",
    "sex",
    "date_of_birth",
    "birth_province_code",
    "father_pin",
    "mother_pin",
)


@dataclass(frozen=True)
class Difference:
    kind: str
    key: str
    message_id: int | None
    detail: str

    def as_line(self) -> str:
        message = f"message #{self.message_id}" if self.message_id else "no message"
        return f"{self.kind}\t{self.key}\t{message}\t{self.detail}"


class ReconciliationError(Exception):
    pass


def _fetch(client: Client, path: str, day: datetime.date, name: str) -> list[dict[str, Any]]:
    answer = client.request("GET", path, query={"registered_on": day.isoformat()})
    if answer.outcome != "ok" or answer.body is None:
        raise ReconciliationError(f"GET {path} failed: {answer.error}")
    rows = answer.body.get(name)
    if not isinstance(rows, list):
        raise ReconciliationError(f"GET {path}: no {name!r} list in the answer")
    return rows


def _norm(value: Any) -> Any:
    return None if value == "" else value


def compare(*, day: datetime.date, client: Client) -> list[Difference]:
    there: dict[str, dict[str, Any]] = {}
    for row in _fetch(client, "/citizens", day, "citizens"):
        there[str(row.get("request_key"))] = {**row, "_kind": MessageKind.BIRTH}
    for row in _fetch(client, "/events", day, "events"):
        there[str(row.get("request_key"))] = {**row, "_kind": row.get("kind")}
    differences: list[Difference] = []
    ours = OutboxMessage.objects.filter(registered_on=day).order_by("id")
    seen: set[str] = set()
    for message in ours.iterator():
        key = str(message.idempotency_key)
        seen.add(key)
        remote = there.get(key)
        if remote is None:
            # A refusal applied nothing there; a resolved message was closed by an officer.
            if message.status not in (MessageStatus.FAILED_PERMANENTLY, MessageStatus.RESOLVED):
                differences.append(
                    Difference(
                        "missing_there", key, message.pk, f"{message.kind}, {message.status}"
                    )
                )
            continue
        changed = []
        if remote["_kind"] != message.kind:
            changed.append(f"kind: here {message.kind!r}, there {remote['_kind']!r}")
        if message.kind == MessageKind.BIRTH:
            for name in BIRTH_FIELDS:
                mine, theirs = _norm(message.payload.get(name)), _norm(remote.get(name))
                if mine != theirs:
                    changed.append(f"{name}: here {mine!r}, there {theirs!r}")
            recorded_pin = (message.response or {}).get("pin")
            if message.status == MessageStatus.SENT and recorded_pin != remote.get("pin"):
                changed.append(f"pin: here {recorded_pin!r}, there {remote.get('pin')!r}")
        elif message.payload.get("pin") != remote.get("pin"):
            changed.append(f"pin: here {message.payload.get('pin')!r}, there {remote.get('pin')!r}")
        if changed:
            differences.append(Difference("different", key, message.pk, "; ".join(changed)))
        if message.status != MessageStatus.SENT:
            differences.append(
                Difference(
                    "unrecorded_answer",
                    key,
                    message.pk,
                    f"{message.kind}, {message.status} here, held there"
                    + (f" as PIN {remote['pin']}" if remote.get("pin") else ""),
                )
            )
    for key, remote in there.items():
        if key not in seen:
            # A key of ours from another day, or a record another system created.
            known = _uuid_or_none(key)
            if known is not None and OutboxMessage.objects.filter(idempotency_key=known).exists():
                continue
            differences.append(
                Difference("missing_here", key, None, f"{remote['_kind']}, PIN {remote.get('pin')}")
            )
    return differences


def _uuid_or_none(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None
