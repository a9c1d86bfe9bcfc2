"""B13: the outbox relay to the population database, against a raw loop and the stand-in alone.

Builds a throw-away SQLite database (a temporary directory; or the database named by
``--database-url``), starts the stand-in population database as a subprocess, and measures:

1. **The stand-in alone**: the same births (fresh keys) sent by a bare client over
   ``--concurrency`` keep-alive connections, no database on our side: the ceiling of the other
   end, so that the figures below are known not to be the stand-in's.
2. **Throughput**: N births (default 2,000) delivered by ``relay.run(once=True)`` — a batch of
   ``--batch`` rows leased in one transaction, sent over ``--concurrency`` keep-alive connections
   with their idempotency keys, the answers, handler calls and audit rows recorded in one
   transaction per batch. Baseline, in the same run and with the same treatment: the same
   payloads (fresh keys, so the stand-in does the same work) in a bare table, a batch claimed with
   one ``UPDATE … RETURNING`` (``SKIP LOCKED`` on PostgreSQL), sent with ``http.client`` over as
   many connections, the answers written with one ``executemany`` per batch, the next batch
   claimed and sent while the last is recorded (as the relay does), no app code. Ratio = ours ÷
   baseline. A second baseline does the same on the relay's own tables (the outbox with its
   indexes, one audit row per answer) in hand-written SQL: what the application itself costs.
3. **Outage drain**: the stand-in is stopped for ``--outage`` seconds (default 60; e.g.
   ``--outage 10`` for a quick run) while births keep being registered (20 a second) and a relay
   keeps trying (back-off base 0.5 s, capped at ``--backoff-cap``, default 5 s, instead of the
   production 300 s: the cap bounds how long a row may sleep after the database is back). Then the
   stand-in is started again and the time until nothing is pending is measured. Target: drain
   ≤ 2 × the outage.

Run: ``.venv/bin/python bench/bench_relay.py [--events N] [--outage S] [--batch N]
[--concurrency N] [--database-url URL]``. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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
_parser.add_argument("--batch", type=int, default=100, help="rows claimed per round")
_parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
_parser.add_argument(
    "--profile", default="", help="write a cProfile of the relay phase to this file"
)
_parser.add_argument(
    "--batch-endpoint",
    action=argparse.BooleanOptionalAction,
    default=True,
    help="several messages per POST /batch (all three measurements alike)",
)
ARGS = _parser.parse_args()
_directory = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{_directory.name}/bench_relay.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402 - after the environment is set

django.setup()

from django.conf import settings  # noqa: E402

# Measured as production runs (DEBUG off): the debug cursor's query log costs every
# measurement alike (on SQLite it quotes the parameters of each statement with a query).
settings.DEBUG = False

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.places.models import AdministrativeUnit, Level  # noqa: E402
from tuphap.population import relay, services  # noqa: E402
from tuphap.population.models import DUE_INDEX, MessageStatus, OutboxMessage  # noqa: E402

BATCH = ARGS.batch
CONCURRENCY = ARGS.concurrency
BATCH_ENDPOINT = ARGS.batch_endpoint


class Standin:
    running: list[subprocess.Popen[str]] = []  # stopped at exit, even after a failure

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
        Standin.running.append(self.process)
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
        "concurrency": CONCURRENCY,
        "batch_endpoint": BATCH_ENDPOINT,
        "lease_seconds": 120.0,
    }
    values.update(changes)
    return relay.RelayConfig(**values)


Row = tuple[int, str, str]  # id, idempotency key, JSON body


class Links:
    """One keep-alive connection per sending thread, closed at the end."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.local = threading.local()
        self.all: list[HTTPConnection] = []
        self.lock = threading.Lock()

    def _post(self, path: str, body: bytes, headers: dict[str, str]) -> bytes:
        link = getattr(self.local, "link", None)
        if link is None:
            link = self.local.link = HTTPConnection("127.0.0.1", self.port, timeout=5)
            with self.lock:
                self.all.append(link)
        link.request(
            "POST", path, body=body, headers={**headers, "Content-Type": "application/json"}
        )
        response = link.getresponse()
        answer = response.read()
        assert response.status in (200, 201), answer
        return answer

    def send(self, rows: list[Row]) -> list[tuple[str, int]]:
        """Deliver ``rows`` (one request each, or one ``POST /batch``); (answer, id) pairs."""
        if not BATCH_ENDPOINT:
            return [
                (self._post("/citizens", body.encode(), {"Idempotency-Key": key}).decode(), row_id)
                for row_id, key, body in rows
            ]
        items = ",".join(
            f'{{"path": "/citizens", "idempotency_key": "{key}", "body": {body}}}'
            for _row_id, key, body in rows
        )
        answers = json.loads(self._post("/batch", f'{{"requests": [{items}]}}'.encode(), {}))
        results = []
        for (row_id, _key, _body), item in zip(rows, answers["answers"], strict=True):
            assert item["status"] == 201, item
            results.append((json.dumps(item["body"]), row_id))
        return results

    def close(self) -> None:
        for link in self.all:
            link.close()


def start_sending(pool: ThreadPoolExecutor, links: Links, rows: list[Row]) -> list[Future[Any]]:
    """``rows`` cut into ``CONCURRENCY`` parts sent at once (one message per part without the
    batch endpoint, as the relay's chains of births are)."""
    size = -(-len(rows) // CONCURRENCY) if BATCH_ENDPOINT else 1
    parts = [rows[start : start + size] for start in range(0, len(rows), size)]
    return [pool.submit(links.send, part) for part in parts]


def send_concurrently(pool: ThreadPoolExecutor, links: Links, rows: list[Row]) -> list[Any]:
    return [answer for future in start_sending(pool, links, rows) for answer in future.result()]


def pipelined(
    port: int, claim: Callable[[], list[Row]], record: Callable[[list[tuple[str, int]]], None]
) -> None:
    """Like the relay: the next batch is claimed and sent while the last one is recorded."""
    links = Links(port)
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        rows = claim()
        flight = start_sending(pool, links, rows) if rows else None
        while flight is not None:
            answers = [answer for future in flight for answer in future.result()]
            rows = claim()
            flight = start_sending(pool, links, rows) if rows else None
            record(answers)
    links.close()


class Cpu:
    """CPU seconds spent by this process (all its threads) and by the stand-in, over a phase:
    a machine shared with other work changes the wall time far more than the CPU time."""

    def __init__(self, standin_pid: int) -> None:
        self.standin_pid = standin_pid
        self.ours = self.theirs = 0.0

    def _standin(self) -> float:
        fields = Path(f"/proc/{self.standin_pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> Cpu:
        self._ours, self._theirs = time.process_time(), self._standin()
        return self

    def __exit__(self, *exc: object) -> None:
        self.ours = time.process_time() - self._ours
        self.theirs = self._standin() - self._theirs

    def per_event(self, count: int) -> str:
        ours, theirs = self.ours / count * 1e6, self.theirs / count * 1e6
        return f"CPU/event: ours {ours:4.0f} µs, stand-in {theirs:4.0f} µs"


def standin_alone(port: int, count: int) -> float:
    """The stand-in's ceiling: a bare client, the same bodies and concurrency, no database."""
    rows = [(n, str(uuid.uuid4()), json.dumps(payload(n), sort_keys=True)) for n in range(count)]
    links = Links(port)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        for start in range(0, count, BATCH):
            send_concurrently(pool, links, rows[start : start + BATCH])
    elapsed = time.perf_counter() - started
    links.close()
    return elapsed


def raw_loop(port: int, count: int, cpu: Cpu) -> float:
    """Plain SQL claim + http.client sends, batched and concurrent like the relay: the physical
    floor of the same delivery."""
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

    def claim() -> list[Row]:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE raw_outbox SET status = 'claimed' WHERE id IN (SELECT id FROM"
                " raw_outbox WHERE status = 'pending' ORDER BY id"
                f" LIMIT {BATCH}{skip_locked}) RETURNING id, idempotency_key, payload"
            )
            return sorted(cursor.fetchall())

    def record(answers: list[tuple[str, int]]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE raw_outbox SET status = 'sent', response = %s WHERE id = %s", answers
            )

    started = time.perf_counter()
    with cpu:
        pipelined(port, claim, record)
    return time.perf_counter() - started


def raw_same_rows(port: int, cpu: Cpu) -> float:
    """The same delivery hand-written in SQL on the relay's own tables: births enqueued as for
    the relay, claimed from the outbox with one ``UPDATE … RETURNING``, sent like the others,
    the answers and one audit row per answer written with one ``executemany`` each per batch.
    What it lacks against the relay is the application: models, the handler, the outcome
    classification, the JSON preparation of the fields."""
    outbox, audit = OutboxMessage._meta.db_table, AuditEvent._meta.db_table
    postgres = connection.vendor == "postgresql"
    skip_locked = " FOR UPDATE SKIP LOCKED" if postgres else ""
    # the relay's own plan on SQLite: the partial index of due rows (tuphap.population.relay)
    indexed_by = "" if postgres else f" INDEXED BY {DUE_INDEX}"
    jsonb = "::jsonb" if postgres else ""
    adapt = connection.ops.adapt_datetimefield_value
    claimed: dict[int, tuple[Any, ...]] = {}

    def claim() -> list[Row]:
        moment = timezone.now()
        now, lease = adapt(moment), adapt(moment + datetime.timedelta(seconds=120))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {outbox} SET claimed_by = 'raw', lease_expires_at = %s,"
                " attempts = attempts + 1 WHERE id IN (SELECT id FROM"
                f" {outbox}{indexed_by} WHERE status = 'pending' AND next_attempt_at <= %s"
                " AND (lease_expires_at IS NULL OR lease_expires_at <= %s)"
                f" ORDER BY next_attempt_at, id LIMIT {BATCH}{skip_locked})"
                " RETURNING id, idempotency_key, payload, attempts, kind, subject_type,"
                " subject_id",
                [lease, now, now],
            )
            rows = sorted(cursor.fetchall())
        claimed.update((row[0], row) for row in rows)
        return [
            (row[0], str(row[1]), row[2] if isinstance(row[2], str) else json.dumps(row[2]))
            for row in rows
        ]

    def record(answers: list[tuple[str, int]]) -> None:
        now = adapt(timezone.now())
        rows = [claimed.pop(row_id) for _answer, row_id in answers]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {outbox} SET status = 'sent', response = %s{jsonb}, sent_at = %s,"
                " claimed_by = '', lease_expires_at = NULL, last_error = '' WHERE id = %s",
                [(answer, now, row_id) for answer, row_id in answers],
            )
            cursor.executemany(
                f"INSERT INTO {audit} (occurred_at, actor_id, actor_username, agency_id,"
                " action, object_type, object_id, object_label, data, request_id,"
                " client_address, channel) VALUES (%s, NULL, '', NULL,"
                " 'population.message.answered', 'population.outboxmessage', %s, %s,"
                f" %s{jsonb}, '', NULL, '')",
                [
                    (
                        now,
                        str(row[0]),
                        f"{row[4]} {row[5]}#{row[6]} (sent)",
                        f'{{"kind": "{row[4]}", "attempts": {row[3]}, "response": {answer}}}',
                    )
                    for row, (answer, _row_id) in zip(rows, answers, strict=True)
                ],
            )

    started = time.perf_counter()
    with cpu:
        pipelined(port, claim, record)
    return time.perf_counter() - started


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    call_command("migrate", verbosity=0)
    province = AdministrativeUnit.objects.create(
        code="40", name="Tỉnh Nghệ An", name_folded="tinh nghe an", level=Level.PROVINCE
    )
    standin = Standin(Path(_directory.name) / "standin.sqlite3")
    standin.start()
    url = f"http://127.0.0.1:{standin.port}"
    events = ARGS.events
    mode = "POST /batch" if BATCH_ENDPOINT else "one request per message"
    print(
        f"B13 relay bench: {events} births, {connection.vendor}, batch {BATCH},"
        f" {CONCURRENCY} connections, {mode}; load average {_load()}"
    )
    assert standin.process is not None
    phases = ("alone", "ours", "raw", "same", "alone again")
    cpu = {name: Cpu(standin.process.pid) for name in phases}

    # 1. The stand-in alone ---------------------------------------------------------------
    standin_alone(standin.port, min(events, 200))  # warm-up: connections, the stand-in's file
    before = standin.count()
    with cpu["alone"]:
        alone = standin_alone(standin.port, events)
    assert standin.count() == before + events

    # 2. Throughput -----------------------------------------------------------------------
    enqueue(province, 0, events)
    before = standin.count()
    started = time.perf_counter()
    profile = cProfile.Profile() if ARGS.profile else None
    with cpu["ours"]:
        if profile is not None:
            profile.enable()
        stats = relay.run(config(url), once=True)
        if profile is not None:
            profile.disable()
            profile.dump_stats(ARGS.profile)
    ours = time.perf_counter() - started
    assert stats.sent == events, stats
    assert standin.count() == before + events
    before = standin.count()
    baseline = raw_loop(standin.port, events, cpu["raw"])
    assert standin.count() == before + events
    before = standin.count()
    enqueue(province, events, events)
    same = raw_same_rows(standin.port, cpu["same"])
    assert standin.count() == before + events
    assert not OutboxMessage.objects.filter(status=MessageStatus.PENDING).exists()
    with cpu["alone again"]:
        alone_again = standin_alone(standin.port, events)
    best = "alone" if alone <= alone_again else "alone again"
    alone = min(alone, alone_again)
    rates = {
        "stand-in alone": (events / alone, alone, best),
        "relay (app)": (events / ours, ours, "ours"),
        "raw loop, bare table": (events / baseline, baseline, "raw"),
        "raw SQL, same tables": (events / same, same, "same"),
    }
    for label, (rate, seconds, phase) in rates.items():
        print(
            f"  {label + ':':22} {rate:6.0f} events/s ({seconds:.2f} s)"
            f"  {cpu[phase].per_event(events)}"
        )
    ours_rate, alone_rate = events / ours, events / alone
    print("  (stand-in alone: the better of a run before the others and one after them)")
    print(
        f"  ratio ours/raw loop: {ours_rate / rates['raw loop, bare table'][0]:.2f} (target ≥ 0.8);"
        f" ours/raw SQL same tables: {ours_rate / rates['raw SQL, same tables'][0]:.2f};"
        f" ours/stand-in alone: {ours_rate / alone_rate:.2f}"
    )
    print(f"  load average after the throughput phases: {_load()}")

    # 3. Outage drain -----------------------------------------------------------------------
    number = 2 * events
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
    try:
        main()
    finally:
        for process in Standin.running:
            process.terminate()
