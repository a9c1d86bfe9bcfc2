"""B13: the outbox relay to the population database, against a raw poll-and-send loop.

Builds a throw-away SQLite database (a temporary directory; or the database named by
``--database-url``), starts the stand-in population database as a subprocess, and measures:

1. **Throughput**: N births (default 2,000) delivered by ``relay.run(once=True)`` — lease claim,
   send with the idempotency key over a keep-alive connection, record the answer, call the
   handler, audit row, one transaction per answer. Baseline, in the same run: the same payloads
   (fresh keys, so the stand-in does the same work) in a bare table, claimed with plain SQL
   (``SKIP LOCKED`` on PostgreSQL) and sent with ``http.client``, one UPDATE per answer, no app
   code. Ratio = ours ÷ baseline.
2. **Outage drain**: the stand-in is stopped for ``--outage`` seconds (default 60; e.g.
   ``--outage 10`` for a quick run) while births keep being registered (20 a second) and a relay
   keeps trying (back-off base 0.5 s, capped at ``--backoff-cap``, default 5 s, instead of the
   production 300 s: the cap bounds how long a row may sleep after the database is back). Then the
   stand-in is started again and the time until nothing is pending is measured. Target: drain
   ≤ 2 × the outage.

Run: ``.venv/bin/python bench/bench_relay.py [--events N] [--outage S]``. Prints figures; asserts
nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
_parser.add_argument("--events", type=int, default=2000)
_parser.add_argument("--outage", type=float, default=60.0, help="seconds the stand-in is down")
_parser.add_argument("--backoff-cap", type=float, default=5.0)
_parser.add_argument("--database-url", default="")
ARGS = _parser.parse_args()
_directory = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{_directory.name}/bench_relay.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402 - after the environment is set

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tuphap.places.models import AdministrativeUnit, Level  # noqa: E402
from tuphap.population import relay, services  # noqa: E402
from tuphap.population.models import MessageStatus, OutboxMessage  # noqa: E402

BATCH = 100


class Standin:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = 0
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        command = [sys.executable, str(ROOT / "manage.py"), "population_standin"]
        command += ["--port", str(self.port), "--data", str(self.data)]
        self.process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            command, cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        match = re.search(r":(\d+) ", self.process.stdout.readline())
        assert match, "the stand-in did not start"
        self.port = int(match[1])

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait()
        self.process = None

    def count(self) -> int:
        link = HTTPConnection("127.0.0.1", self.port, timeout=10)
        link.request("GET", "/citizens/count")
        count = json.loads(link.getresponse().read())["count"]
        link.close()
        return int(count)


def payload(number: int) -> dict[str, Any]:
    return {
        "full_name": f"Nguyễn Văn Đo {number}",
        "sex": "male" if number % 2 else "female",
        "date_of_birth": "2026-11-01",
        "birth_province_code": "040",
        "registered_on": "2026-11-23",
    }


def enqueue(province: AdministrativeUnit, first: int, count: int) -> None:
    with transaction.atomic():
        for number in range(first, first + count):
            services.outbox_enqueue(
                kind="birth", payload=payload(number), subject=province, province=province
            )


def config(url: str, **changes: Any) -> relay.RelayConfig:
    values: dict[str, Any] = {
        "base_url": url,
        "timeout": 5.0,
        "worker_id": "bench",
        "batch": BATCH,
        "lease_seconds": 120.0,
    }
    values.update(changes)
    return relay.RelayConfig(**values)


def raw_loop(port: int, count: int) -> float:
    """Plain SQL claim + http.client send: the physical floor of the same delivery."""
    skip_locked = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE raw_outbox (id integer PRIMARY KEY, idempotency_key varchar(36),"
            " payload text, status varchar(10), response text)"
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO raw_outbox VALUES (%s, %s, %s, 'pending', NULL)",
            [(n, str(uuid.uuid4()), json.dumps(payload(n), sort_keys=True)) for n in range(count)],
        )
    link = HTTPConnection("127.0.0.1", port, timeout=5)
    started = time.perf_counter()
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, idempotency_key, payload FROM raw_outbox WHERE status = 'pending'"
                f" ORDER BY id LIMIT {BATCH}{skip_locked}"
            )
            rows = cursor.fetchall()
            if rows:
                marks = ",".join(["%s"] * len(rows))
                cursor.execute(
                    f"UPDATE raw_outbox SET status = 'claimed' WHERE id IN ({marks})",
                    [row[0] for row in rows],
                )
        if not rows:
            break
        for row_id, key, body in rows:
            link.request(
                "POST",
                "/citizens",
                body=body.encode(),
                headers={"Idempotency-Key": key, "Content-Type": "application/json"},
            )
            answer = link.getresponse().read().decode()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE raw_outbox SET status = 'sent', response = %s WHERE id = %s",
                    [answer, row_id],
                )
    elapsed = time.perf_counter() - started
    link.close()
    return elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    province = AdministrativeUnit.objects.create(
        code="40", name="Tỉnh Nghệ An", name_folded="tinh nghe an", level=Level.PROVINCE
    )
    standin = Standin(Path(_directory.name) / "standin.sqlite3")
    standin.start()
    url = f"http://127.0.0.1:{standin.port}"
    events = ARGS.events
    print(f"B13 relay bench: {events} births, {connection.vendor}, batch {BATCH}")

    # 1. Throughput -----------------------------------------------------------------------
    enqueue(province, 0, events)
    before = standin.count()
    started = time.perf_counter()
    stats = relay.run(config(url), once=True)
    ours = time.perf_counter() - started
    assert stats.sent == events, stats
    assert standin.count() == before + events
    before = standin.count()
    baseline = raw_loop(standin.port, events)
    assert standin.count() == before + events
    ours_rate, raw_rate = events / ours, events / baseline
    print(f"  relay (app):       {ours_rate:8.0f} events/s  ({ours:.2f} s)")
    print(f"  raw loop baseline: {raw_rate:8.0f} events/s  ({baseline:.2f} s)")
    print(f"  ratio ours/baseline: {ours_rate / raw_rate:.2f}  (target ≥ 0.5)")

    # 2. Outage drain ---------------------------------------------------------------------
    before = standin.count()
    standin.stop()
    stop = threading.Event()
    outage_config = config(
        url, backoff_base=0.5, backoff_cap=ARGS.backoff_cap, idle_seconds=0.2, timeout=2.0
    )

    def keep_relaying() -> None:
        try:
            relay.run(outage_config, stop=stop)
        finally:
            connection.close()

    worker = threading.Thread(target=keep_relaying)
    worker.start()
    outage_end = time.monotonic() + ARGS.outage
    number = events
    while time.monotonic() < outage_end:  # 20 births a second keep being registered
        enqueue(province, number, 10)
        number += 10
        time.sleep(0.5)
    backlog = OutboxMessage.objects.filter(status=MessageStatus.PENDING).count()
    standin.start()
    back = time.monotonic()
    while OutboxMessage.objects.filter(status=MessageStatus.PENDING).exists():
        time.sleep(0.05)
    drain = time.monotonic() - back
    stop.set()
    worker.join()
    delivered = standin.count() - before
    standin.stop()
    assert delivered == backlog, (delivered, backlog)
    print(
        f"  outage {ARGS.outage:.0f} s (back-off cap {ARGS.backoff_cap:.0f} s): backlog {backlog},"
        f" drained in {drain:.2f} s = {drain / ARGS.outage:.2f}× the outage (target ≤ 2×);"
        f" delivered {delivered}, none twice"
    )


if __name__ == "__main__":
    main()
