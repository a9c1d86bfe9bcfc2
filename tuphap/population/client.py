"""The HTTP client of the population database, standard library only (``http.client``).

One ``Client`` holds one keep-alive connection and turns every outcome into an ``Answer``:
``ok`` (2xx), ``retry`` (5xx, 408, 425, 429, timeouts, refused or dropped connections) or
``fatal`` (any other 4xx: resending the same request cannot succeed). ``deliver_many`` sends
several messages in one ``POST /batch`` and classifies each item's answer the same way; a batch
that gets no answer as a whole is a ``retry`` for every item.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import quote, urlencode, urlsplit

RETRYABLE_STATUSES: Final = frozenset({408, 425, 429})
BATCH_PATH: Final = "/batch"
BIRTH_PATH: Final = "/citizens"  # a birth's body is the outbox payload itself

Outcome = Literal["ok", "retry", "fatal"]


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    status: int | None
    body: dict[str, Any] | None
    error: str = ""


def request_for(kind: str, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The path and JSON body that deliver one outbox message (see docs/population-protocol.md)."""
    if kind == "birth":
        return BIRTH_PATH, payload
    body = {key: value for key, value in payload.items() if key != "pin"}
    return f"/citizens/{quote(str(payload['pin']), safe='')}/events", {"kind": kind, **body}


class Client:
    def __init__(self, base_url: str, *, timeout: float) -> None:
        url = urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.scheme = url.scheme
        self.host = url.hostname
        self.port = url.port
        self.prefix = url.path.rstrip("/")
        self.timeout = timeout
        self._connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            factory = (
                http.client.HTTPSConnection
                if self.scheme == "https"
                else http.client.HTTPConnection
            )
            self._connection = factory(self.host, self.port, timeout=self.timeout)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        query: dict[str, str] | None = None,
    ) -> Answer:
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
        return self._exchange(method, path, data, idempotency_key=idempotency_key, query=query)

    def _exchange(
        self,
        method: str,
        path: str,
        data: bytes | None,
        *,
        idempotency_key: str | None = None,
        query: dict[str, str] | None = None,
    ) -> Answer:
        """One request with ``data`` (a JSON body already encoded) and its classified answer."""
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        target = self.prefix + path + (f"?{urlencode(query)}" if query else "")
        try:
            connection = self._connect()
            connection.request(method, target, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            status = response.status
            if response.will_close:
                self.close()
        except TimeoutError as error:
            self.close()
            return Answer("retry", None, None, f"timeout: {error}")
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return Answer("retry", None, None, f"{type(error).__name__}: {error}")
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"raw": raw[:500].decode(errors="replace")}
        return classify(status, parsed)

    def deliver(self, *, kind: str, payload: dict[str, Any], idempotency_key: str) -> Answer:
        path, body = request_for(kind, payload)
        return self.request("POST", path, body=body, idempotency_key=idempotency_key)

    def deliver_many(self, messages: list[tuple[str, dict[str, Any], str]]) -> list[Answer]:
        """Send ``(kind, payload, idempotency_key)`` messages in one ``POST /batch``; one answer
        per message, in order. Each item is the request ``deliver`` would send, with its key."""
        items = []
        for kind, payload, key in messages:
            path, body = request_for(kind, payload)
            items.append((path, key, json.dumps(body, ensure_ascii=False, sort_keys=True)))
        return self.deliver_encoded(items)

    def deliver_encoded(self, messages: list[tuple[str, str, str]]) -> list[Answer]:
        """``deliver_many`` of ``(path, idempotency_key, body)`` requests whose body is already
        JSON text (as ``request_for`` makes it; the outbox's payload of a birth as stored), so
        a message's JSON is not decoded and encoded again to be sent."""
        dumps = json.dumps
        parts = [
            f'{{"path": {dumps(path)}, "idempotency_key": {dumps(key)}, "body": {body}}}'
            for path, key, body in messages
        ]
        data = ('{"requests": [' + ", ".join(parts) + "]}").encode()
        answer = self._exchange("POST", BATCH_PATH, data)
        items = (answer.body or {}).get("answers") if answer.outcome == "ok" else None
        if isinstance(items, list) and len(items) == len(messages):
            return [_item_answer(item) for item in items]
        if answer.outcome == "ok":
            answer = Answer("retry", answer.status, answer.body, "batch: not one answer per item")
        # No item was answered: each is retried (or refused) as the batch was.
        return [answer] * len(messages)


def _item_answer(item: Any) -> Answer:
    if not isinstance(item, dict) or not isinstance(item.get("status"), int):
        return Answer("retry", None, None, f"batch: malformed item {str(item)[:200]}")
    return classify(item["status"], item.get("body"))


def classify(status: int, parsed: Any) -> Answer:
    """The outcome of an HTTP status and its parsed JSON body."""
    if not isinstance(parsed, dict):
        parsed = {"value": parsed}
    if 200 <= status < 300:
        return Answer("ok", status, parsed)
    reason = f"HTTP {status}: {json.dumps(parsed, ensure_ascii=False)[:500]}"
    if status >= 500 or status in RETRYABLE_STATUSES:
        return Answer("retry", status, parsed, reason)
    return Answer("fatal", status, parsed, reason)
