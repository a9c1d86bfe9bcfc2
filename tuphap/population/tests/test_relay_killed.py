"""The relay process killed with SIGKILL in the middle of a batch, then run again.

The relay runs as a real subprocess (``manage.py relay_population --once``), so it must see the
test's rows. On PostgreSQL it connects to the test database itself (the test is
``transaction=True``, so the rows are committed). pytest's SQLite test database lives in memory,
which no other process can open: the test copies it into a temporary file with SQLite's backup
API, points the relay at that file with ``DATABASE_URL``, and copies the file back into the
in-memory database before asserting through the ORM. Both ways the relay works on a real,
durable database exactly as in production.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tuphap.places.tests import factories as place_factories
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import ROOT, Standin, enqueue_births

BIRTHS = 20


def _database_url(tmp_path: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"]
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        return f"postgres://{user}{password}@{host}:{port or 5432}/{settings['NAME']}"
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "relay.sqlite3")
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{tmp_path / 'relay.sqlite3'}"


def _read_back(tmp_path: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(tmp_path / "relay.sqlite3")
        source.backup(connection.connection)
        source.close()


def _relay(
    url: str,
    database_url: str,
    *,
    once: bool = True,
    concurrency: int = 4,
    batch_endpoint: bool = True,
) -> subprocess.Popen[str]:
    command = [sys.executable, str(ROOT / "manage.py"), "relay_population"]
    command += ["--once"] if once else []
    command += ["--url", url, "--batch", "5", "--lease-seconds", "1", "--worker-id", "doomed"]
    command += ["--concurrency", str(concurrency)]
    command += [] if batch_endpoint else ["--no-batch-endpoint"]
    command += ["--backoff-base", "0.01", "--backoff-cap", "0.02", "--timeout", "2"]
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        command,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_relay_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    standin: Standin, tmp_path: Path
) -> None:
    # Given 20 births in the outbox and a slow population database (30 ms per request)
    if standin.process is None:
        standin.start()
    standin.control(latency_ms=30)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    messages = enqueue_births(province, BIRTHS)
    before = standin.count()
    database_url = _database_url(tmp_path)
    # When the relay is killed with SIGKILL while it is sending
    doomed = _relay(standin.url, database_url)
    deadline = time.monotonic() + 20
    while standin.count() < before + 3:
        assert doomed.poll() is None, doomed.communicate()
        assert time.monotonic() < deadline, "the relay never started sending"
        time.sleep(0.005)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    killed_at = standin.count() - before
    _read_back(tmp_path)
    leased = OutboxMessage.objects.exclude(claimed_by="").count()
    # Then it died mid-way, leaving leased rows behind
    assert 3 <= killed_at < BIRTHS
    assert leased >= 1
    # When the leases have run out and the relay runs again to the end
    time.sleep(1.1)
    again = _relay(standin.url, database_url)
    _output, errors = again.communicate(timeout=60)
    assert again.returncode == 0, errors
    _read_back(tmp_path)
    standin.control()
    # Then every birth created exactly one citizen, and every message is sent with its PIN
    assert standin.count() == before + BIRTHS
    rows = list(OutboxMessage.objects.order_by("id"))
    assert [row.pk for row in rows] == [m.pk for m in messages]
    assert {row.status for row in rows} == {MessageStatus.SENT}
    assert {row.claimed_by for row in rows} == {""}
    status, body = standin.call("GET", "/citizens?registered_on=2026-11-20")
    assert status == 200
    held: dict[str, Any] = {c["request_key"]: c["pin"] for c in body["citizens"]}
    assert {str(row.idempotency_key): row.response["pin"] for row in rows} == {  # type: ignore[index]
        key: held[key] for key in (str(row.idempotency_key) for row in rows)
    }


@pytest.mark.django_db(transaction=True)
def test_sigterm_stops_the_relay_after_the_requests_in_flight(
    standin: Standin, tmp_path: Path
) -> None:
    # Given 10 births, a slow population database and a relay running without --once
    if standin.process is None:
        standin.start()
    standin.control(latency_ms=40)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    enqueue_births(province, 10)
    before = standin.count()
    database_url = _database_url(tmp_path)
    # (one message per request, two requests in flight at most: stopping leaves some unsent)
    running = _relay(standin.url, database_url, once=False, concurrency=2, batch_endpoint=False)
    deadline = time.monotonic() + 20
    while standin.count() < before + 2:
        assert running.poll() is None, running.communicate()
        assert time.monotonic() < deadline, "the relay never started sending"
        time.sleep(0.005)
    # When it gets SIGTERM
    running.send_signal(signal.SIGTERM)
    output, errors = running.communicate(timeout=10)
    standin.control()
    _read_back(tmp_path)
    # Then it exits cleanly, every answer it got is recorded, and it leased nothing away
    assert running.returncode == 0, errors
    sent = OutboxMessage.objects.filter(status=MessageStatus.SENT).count()
    assert sent == standin.count() - before
    assert 2 <= sent < 10
    assert json.loads(output.splitlines()[-1])["sent"] == sent
    assert set(OutboxMessage.objects.values_list("claimed_by", flat=True)) == {""}
