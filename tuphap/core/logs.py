"""Structured logs: one JSON object a line, for a log collector (``LOG_FORMAT=json``).

Each line carries the time (UTC, ISO 8601), level, logger, message, the request id of the web
or API request or the worker's job run it belongs to (``core.context``), the fields a caller
passes in ``extra`` and, for an exception, its traceback. gunicorn's access lines
(``config/gunicorn.py``) carry the request's method, path, status, size and duration."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Mapping
from typing import Any, Final

from tuphap.core import context

# The attributes every LogRecord has; anything else on a record came from ``extra``.
_STANDARD: Final = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request_id = context.bound_request_id()
        if request_id is not None:
            line["request_id"] = request_id
        for name, value in record.__dict__.items():
            if name not in _STANDARD and not name.startswith("_"):
                line[name] = value
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            line.update(_access(record.args))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _access(atoms: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of one gunicorn access line (its "atoms")."""
    request_id = atoms.get("{x-request-id}o")
    fields = {
        "remote": atoms.get("h"),
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q") or "",
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
        "bytes": atoms.get("B"),
        "duration_seconds": float(atoms.get("L") or 0),
        "user_agent": atoms.get("a"),
    }
    if request_id:
        fields["request_id"] = request_id
    return fields
