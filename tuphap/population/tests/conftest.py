"""The stand-in population database as a real subprocess, and helpers to drive the relay."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from tuphap.places.models import AdministrativeUnit
from tuphap.places.tests import factories as place_factories
from tuphap.population import relay, services
from tuphap.population.models import MessageStatus, OutboxMessage

ROOT = Path(__file__).resolve().parents[3]
_LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


class Standin:
    """One stand-in process; ``stop()`` and ``start()`` again keep the port and the data."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = 0
        self.process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, str(ROOT / "manage.py"), "population_standin"]
        command += ["--port", str(self.port), "--data", str(self.data), "--seed", "7"]
        self.process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            command, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=os.environ.copy()
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = _LISTENING.search(line)
        assert match, f"stand-in did not start: {line!r}"
        self.port = int(match[1])

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def call(self, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)  # noqa: S310 - loopback http
        if key is not None:
            request.add_header("Idempotency-Key", key)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def control(self, **switches: Any) -> None:
        defaults = {"latency_ms": 0, "error_rate": 0, "drop_rate": 0, "drop_when": "random"}
        status, _body = self.call("POST", "/_control", {**defaults, **switches})
        assert status == 200

    def count(self) -> int:
        status, body = self.call("GET", "/citizens/count")
        assert status == 200
        return int(body["count"])


@pytest.fixture(scope="module")
def standin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Standin]:
    server = Standin(tmp_path_factory.mktemp("standin") / "standin.sqlite3")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def clean_standin(standin: Standin) -> Standin:
    """The module's stand-in, running and with every fault off."""
    if standin.process is None:
        standin.start()
    standin.control()
    return standin


def relay_config(url: str, **overrides: Any) -> relay.RelayConfig:
    values: dict[str, Any] = {
        "base_url": url,
        "timeout": 2.0,
        "worker_id": "test-relay",
        "batch": 5,
        "lease_seconds": 30.0,
        "backoff_base": 0.01,
        "backoff_cap": 0.03,
        "give_up_after": 3600.0,
    }
    values.update(overrides)
    return relay.RelayConfig(**values)


def drain(config: relay.RelayConfig, *, within: float = 10.0) -> list[relay.RelayStats]:
    """Run the relay (``once``) until no message is pending, or fail after ``within`` seconds."""
    runs = []
    deadline = time.monotonic() + within
    while OutboxMessage.objects.filter(status=MessageStatus.PENDING).exists():
        assert time.monotonic() < deadline, "the outbox did not drain"
        runs.append(relay.run(config, once=True))
        time.sleep(config.backoff_cap)
    return runs


@pytest.fixture
def province(db: Any) -> AdministrativeUnit:
    return place_factories.province("40", "Tỉnh Nghệ An")


def birth_payload(number: int, **changes: Any) -> dict[str, Any]:
    payload = {
        "full_name": f"Nguyễn Văn Thử {number}",
        "sex": "male" if number % 2 else "female",
        "date_of_birth": "2026-11-01",
        "birth_province_code": "040",
        "registered_on": "2026-11-20",
    }
    payload.update(changes)
    return payload


def enqueue_births(subject: AdministrativeUnit, count: int, **changes: Any) -> list[OutboxMessage]:
    with transaction.atomic():
        return [
            services.outbox_enqueue(
                kind="birth", payload=birth_payload(n, **changes), subject=subject, province=subject
            )
            for n in range(count)
        ]


@pytest.fixture(autouse=True)
def _registered_handlers() -> Iterator[None]:
    """The handlers registered by the apps are back after a test that replaced or removed one
    (tests of other apps run after these in the same session)."""
    from tuphap.population import handlers

    one, many = dict(handlers._HANDLERS), dict(handlers._BATCH_HANDLERS)
    yield
    handlers._HANDLERS.clear()
    handlers._HANDLERS.update(one)
    handlers._BATCH_HANDLERS.clear()
    handlers._BATCH_HANDLERS.update(many)
