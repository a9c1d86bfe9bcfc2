"""Structured logs: LOG_FORMAT=json gives one JSON object a line."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from tuphap.core import context
from tuphap.core.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[3]


def _record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("tuphap.test", logging.WARNING, __file__, 1, message, args, None)
    for name, value in extra.items():
        setattr(record, name, value)
    return record


def test_a_line_is_json_with_the_request_id_and_the_extra_fields() -> None:
    with context.bound(context.RequestContext(request_id="abc123def456", channel="web")):
        line = JsonFormatter().format(_record("sent %d of %s", 3, "Hà Tĩnh", job="relay"))

    parsed = json.loads(line)
    assert parsed["message"] == "sent 3 of Hà Tĩnh"
    assert (parsed["level"], parsed["logger"]) == ("WARNING", "tuphap.test")
    assert parsed["request_id"] == "abc123def456"
    assert parsed["job"] == "relay"
    assert parsed["time"].endswith("+00:00")
    assert "\n" not in line
    # Outside a request or a job run no id is made up.
    assert "request_id" not in json.loads(JsonFormatter().format(_record("idle")))


def test_an_exception_travels_in_the_line() -> None:
    try:
        raise ValueError("bad row")
    except ValueError:
        record = _record("import failed")
        record.exc_info = sys.exc_info()

    parsed = json.loads(JsonFormatter().format(record))

    assert parsed["exception"].startswith("Traceback")
    assert parsed["exception"].endswith("ValueError: bad row")


def test_the_settings_choose_the_format_from_the_environment() -> None:
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('tuphap.check').warning('hello %s', 'world')"
    )
    environment = {**os.environ, "DEBUG": "true", "LOG_FORMAT": "json"}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"

    result = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    plain = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment, "LOG_FORMAT": "plain"},
        capture_output=True,
        text=True,
    )
    wrong = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment, "LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["logger"], line["message"]) == ("tuphap.check", "hello world")
    assert plain.stderr.strip().endswith("WARNING tuphap.check hello world")
    assert wrong.returncode != 0
    assert "LOG_FORMAT must be one of plain, json" in wrong.stderr
