"""Structured logs: one JSON object a line, for a log collector (``LOG_FORMAT=json``).

Each line carries the time (UTC, ISO 8601), level, logger, message, the request id of the web
or API request or the worker's job run it belongs to (``core.context``), the fields a caller
passes in ``extra`` and, for an exception, its traceback."""

from __future__ import annotations

import datetime
import json
import logging
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
            "request_id": context.current().request_id,
            "process": record.process,
        }
        for name, value in record.__dict__.items():
            if name not in _STANDARD and not name.startswith("_"):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
