"""Durability (issue #11): acknowledged API writes survive ``kill -9`` of the production start.

Builds its own PostgreSQL database (``tuphap_durability`` on the server of ``DATABASE_URL``,
default ``postgres://postgres@127.0.0.1:5432/``; dropped and recreated), migrates it and writes
the little it needs through the services: a province and a commune, the commune's People's
Committee with a civil status officer, the province's enforcement office with an officer and a
few open cases, an API token for each officer. Then it starts the production start
(``scripts/serve_production.sh``: gunicorn with ``--web-workers`` processes and the worker,
``DEBUG`` off) and a stand-in population database for the worker's relay, as subprocesses.

For ``--seconds`` (default 90) ``--clients`` threads (default 6: half register births through
``POST /api/v1/civil-status/births/``, half record money through ``POST
/api/v1/enforcement/cases/<id>/money``) send writes, each with its own ``Idempotency-Key``
(docs/adr/0013). A request whose answer never came (connection reset, refused, timed out) or
that answered 5xx is sent again with the SAME key until it is answered; every 2xx answer is an
acknowledged write, kept with its key and the id it returned. Meanwhile ``--kills`` (default
20) ``SIGKILL``s fall at random moments: mostly on a gunicorn web process (the master starts
another), and now and then on the gunicorn master, on the worker (``manage.py run_worker``) or
on the whole start at once (then this script, as the process manager would, kills what is left
of it and starts it again). When the time is up each client finishes the write in hand.

Then the database is checked: every acknowledged write exists, once, with the id it answered;
a birth has its audit row, its outbox row, its stored answer and, once the population
database answered, the child's PIN, and the numbers of every register book run without a
gap; a money movement has its audit row (found by the request id, which the client sends as
``X-Request-ID``) and its stored answer; no key has two writes, and no write, audit row or
outbox row stands without its other half. Prints acknowledged, found,
lost, duplicated, half-written, kills and the run time; exits 1 if anything is lost,
duplicated, half-written or a book has a gap. The database is dropped after a clean run and
kept for inspection otherwise. Every process it started is stopped on exit, Ctrl-C included.

``--without-keys`` is the control: the same run with no ``Idempotency-Key``, where a write
whose answer was lost is written again by its retry; the check must find those duplicates.

Run: ``.venv/bin/python bench/bench_durability.py [--seconds 90] [--kills 20] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench" / "durability"
DB_NAME = "tuphap_durability"
BIRTHS = "/api/v1/civil-status/births/"
MONEY = "/api/v1/enforcement/cases/{case}/money"
BIRTH_ACTION = "civil_status.birth.registered"
MONEY_ACTION = "enforcement.money.recorded"
CASES = 4
GRACE_SECONDS = 90.0  # after the run, how long a client keeps retrying the write in hand

# -- the check (pure: tuphap/web/tests/test_durability_check.py runs it on a few rows) ----------


@dataclass(frozen=True)
class Ack:
    """A write the server acknowledged (2xx): its kind, key and the id it answered (the
    registration's for a birth, the case's for a money movement)."""

    kind: str  # "birth" | "movement"
    key: str
    id: int


@dataclass(frozen=True)
class BirthRow:
    registration_id: int
    key: str  # the birth certificate number the client sent: its idempotency key
    book_id: int
    first_number: int  # the book's first entry number
    commune_id: int
    year: int
    entry_number: int
    audits: int  # its civil_status.birth.registered audit rows
    outboxes: int  # its population outbox rows
    # its outbox row is sent (the population database answered) but the child has no PIN
    sent_without_pin: bool = False


@dataclass(frozen=True)
class MovementRow:
    movement_id: int
    key: str  # the note the client sent: its idempotency key
    case_id: int
    audits: int  # enforcement.money.recorded audit rows whose request id is the key


@dataclass
class Rows:
    """What the database holds, read by ``gather``."""

    births: list[BirthRow] = field(default_factory=list)
    movements: list[MovementRow] = field(default_factory=list)
    # audit or outbox rows of the bench's actions that belong to no write
    orphans: list[str] = field(default_factory=list)
    # the stored answer (status) of each key that has one
    answers: dict[str, int | None] = field(default_factory=dict)


@dataclass
class Verdict:
    acknowledged: int = 0
    found: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    half_written: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    unacknowledged: int = 0  # committed writes whose answer no client received

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.half_written or self.gaps)


def check(acks: Iterable[Ack], rows: Rows, *, keyed: bool = True) -> Verdict:
    """Compare the acknowledged writes with the rows: lost (acknowledged, not there, or there
    under another id), duplicated (one key, two writes), half-written (a write without its
    audit or outbox row or its stored answer, or such a row without its write) and gaps (a
    register book whose numbers do not run on from its first number, or a commune's year that
    does not run 1..n). ``keyed=False`` (the control run, sent without keys) expects no
    stored answers."""
    verdict = Verdict()
    births: dict[str, list[BirthRow]] = defaultdict(list)
    for birth in rows.births:
        births[birth.key].append(birth)
    movements: dict[str, list[MovementRow]] = defaultdict(list)
    for movement in rows.movements:
        movements[movement.key].append(movement)
    acked: set[str] = set()
    for ack in acks:
        verdict.acknowledged += 1
        acked.add(ack.key)
        if ack.kind == "birth":
            ids = [birth.registration_id for birth in births.get(ack.key, [])]
        else:
            ids = [movement.case_id for movement in movements.get(ack.key, [])]
        if ack.id in ids:
            verdict.found += 1
        elif ids:
            verdict.lost.append(f"{ack.kind} {ack.key}: answered id {ack.id}, the rows have {ids}")
        else:
            verdict.lost.append(f"{ack.kind} {ack.key} (id {ack.id}): not in the database")
        if keyed and ack.key not in rows.answers:
            verdict.half_written.append(f"{ack.kind} {ack.key}: no stored answer for its key")
    counts = [(key, len(found)) for key, found in births.items()]
    counts += [(key, len(found)) for key, found in movements.items()]
    verdict.duplicated = [f"{key}: {count} writes" for key, count in counts if count > 1]
    for birth in rows.births:
        if birth.audits != 1 or birth.outboxes != 1:
            verdict.half_written.append(
                f"registration {birth.registration_id}: {birth.audits} audit rows, "
                f"{birth.outboxes} outbox rows"
            )
        if birth.sent_without_pin:
            verdict.half_written.append(
                f"registration {birth.registration_id}: the PIN answer is recorded, not the PIN"
            )
    for movement in rows.movements:
        if movement.audits != 1:
            verdict.half_written.append(
                f"movement {movement.movement_id}: {movement.audits} audits"
            )
    verdict.half_written.extend(rows.orphans)
    verdict.unacknowledged = len((set(births) | set(movements)) - acked)
    verdict.gaps = book_gaps(rows.births)
    return verdict


def book_gaps(births: Iterable[BirthRow]) -> list[str]:
    books: dict[int, list[int]] = defaultdict(list)
    firsts: dict[int, int] = {}
    years: dict[tuple[int, int], list[int]] = defaultdict(list)
    for birth in births:
        books[birth.book_id].append(birth.entry_number)
        firsts[birth.book_id] = birth.first_number
        years[birth.commune_id, birth.year].append(birth.entry_number)
    gaps = []
    for book, numbers in sorted(books.items()):
        first = firsts[book]
        if sorted(numbers) != list(range(first, first + len(numbers))):
            gaps.append(f"book {book}: numbers {_ranges(numbers)}, from {first}")
    for (commune, year), numbers in sorted(years.items()):
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            gaps.append(f"commune {commune} {year}: numbers {_ranges(numbers)}")
    return gaps


def _ranges(numbers: list[int]) -> str:
    ordered, parts = sorted(numbers), []
    start = previous = ordered[0]
    for number in [*ordered[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(f"{start}" if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ",".join(parts)


# -- the database --------------------------------------------------------------------------------


def _database(server_url: str) -> str:
    """Drop and recreate the bench's database; its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    return f"{server_url}/{DB_NAME}"


def _drop(server_url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
        )


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "true"  # this process only sets up and checks; the server runs without
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass(frozen=True)
class World:
    commune_id: int
    civil_status_token: str
    enforcement_token: str
    case_ids: list[int]


def build_world() -> World:
    """The places, agencies, officers, tokens and open cases the clients write to."""
    from django.db import transaction
    from django.utils import timezone

    from tuphap.accounts import services as accounts
    from tuphap.accounts.models import AgencyKind, AgencyLevel
    from tuphap.accounts.roles import Role
    from tuphap.enforcement.cases import services as enforcement
    from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

    with transaction.atomic():
        province = AdministrativeUnit.objects.create(
            code="40",
            name="Tỉnh Nghệ An",
            name_folded="tinh nghe an",
            level=Level.PROVINCE,
            valid_from=REORGANISATION_DATE,
        )
        province.province = province
        province.save(update_fields=["province"])
        commune = AdministrativeUnit.objects.create(
            code="16681",
            name="Phường Trường Vinh",
            name_folded="phuong truong vinh",
            level=Level.COMMUNE,
            parent=province,
            province=province,
            valid_from=REORGANISATION_DATE,
        )
        committee = accounts.agency_create(
            actor=None,
            code="UBND-16681",
            name="UBND phường Trường Vinh",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            level=AgencyLevel.COMMUNE,
            province=province,
            jurisdiction=[commune],
        )
        office = accounts.agency_create(
            actor=None,
            code="THADS-40",
            name="Thi hành án dân sự tỉnh Nghệ An",
            kind=AgencyKind.ENFORCEMENT_PROVINCIAL,
            level=AgencyLevel.PROVINCE,
            province=province,
            jurisdiction=[province],
        )
        clerk = accounts.user_create(
            actor=None,
            username="durability.hotich",
            password=uuid.uuid4().hex,
            agency=committee,
            roles=[Role.CIVIL_STATUS_OFFICER],
            check_password=False,
        )
        officer = accounts.user_create(
            actor=None,
            username="durability.chv",
            password=uuid.uuid4().hex,
            agency=office,
            roles=[Role.ENFORCEMENT_OFFICER],
            check_password=False,
        )
        today = timezone.localdate()
        days = datetime.timedelta
        cases = [
            enforcement.case_open(
                actor=officer,
                place=commune,
                judgment=enforcement.JudgmentData(
                    court_name="Tòa án nhân dân khu vực 1 - Nghệ An",
                    number=f"{number}/2026/DS-ST",
                    issued_on=today - days(120),
                    kind="civil",
                    effective_on=today - days(90),
                ),
                request=enforcement.RequestData(
                    basis="on_request",
                    requested_on=today - days(30),
                    requester_name="Nguyễn Văn An",
                ),
                decision_number=f"{number}/QĐ-THADS",
                decision_date=today - days(20),
                parties=[
                    enforcement.PartyData(
                        role="obligor",
                        kind="person",
                        name="Trần Văn Bình",
                        identification_number=f"04008500{number:04d}",
                    ),
                    enforcement.PartyData(role="obligee", kind="person", name="Nguyễn Văn An"),
                ],
                # far more than a run collects, so that no movement is refused for the balance
                obligations=[enforcement.ObligationData("money", 10**15)],
                assignee=officer,
            )
            for number in range(1, CASES + 1)
        ]
    return World(
        commune.pk,
        accounts.token_issue(user=clerk).key,
        accounts.token_issue(user=officer).key,
        [case.case_id for case in cases],
    )


def gather() -> Rows:
    """Read the writes, their audit and outbox rows and the stored answers."""
    from tuphap.civil_status.registration.models import EventType, Registration
    from tuphap.core.models import AuditEvent, IdempotentRequest
    from tuphap.enforcement.cases.models import Movement
    from tuphap.population.models import MessageStatus, OutboxMessage

    registration_type = Registration._meta.label_lower
    birth_audits = Counter(
        AuditEvent.objects.filter(action=BIRTH_ACTION).values_list("object_id", flat=True)
    )
    outboxes: Counter[str] = Counter()
    sent = set()
    for subject, state in OutboxMessage.objects.filter(
        kind="birth", subject_type=registration_type
    ).values_list("subject_id", "status"):
        outboxes[subject] += 1
        if state == MessageStatus.SENT:
            sent.add(subject)
    money_audits = Counter(
        AuditEvent.objects.filter(action=MONEY_ACTION).values_list("request_id", flat=True)
    )
    rows = Rows()
    for values in Registration.objects.filter(event_type=EventType.BIRTH).values(
        "id",
        "details",
        "book_id",
        "book__first_number",
        "commune_id",
        "year",
        "entry_number",
        "person__pin",
    ):
        key = str(values["id"])
        rows.births.append(
            BirthRow(
                values["id"],
                values["details"].get("birth_certificate_number", ""),
                values["book_id"],
                values["book__first_number"],
                values["commune_id"],
                values["year"],
                values["entry_number"],
                birth_audits.pop(key, 0),
                outboxes.pop(key, 0),
                key in sent and not values["person__pin"],
            )
        )
    for movement_id, note, case_id in Movement.objects.values_list(
        "id", "note", "enforcement_case__case_id"
    ):
        # one audit row each; a key written twice (the control run) needs two
        audits = 1 if money_audits[note] > 0 else 0
        money_audits[note] -= audits
        rows.movements.append(MovementRow(movement_id, note, case_id, audits))
    rows.orphans += [f"audit row of registration {key} that does not exist" for key in birth_audits]
    rows.orphans += [f"outbox row of registration {key} that does not exist" for key in outboxes]
    rows.orphans += [
        f"money audit row of request {key} without its movement"
        for key, left in money_audits.items()
        if left > 0
    ]
    rows.answers = dict(IdempotentRequest.objects.values_list("key", "status"))
    return rows


def outbox_states() -> dict[str, int]:
    from django.db.models import Count

    from tuphap.population.models import OutboxMessage

    return dict(OutboxMessage.objects.values_list("status").annotate(Count("id")).order_by())


def stale_locks() -> list[str]:
    """The job locks still held once every process is stopped: those of killed workers, which
    no worker takes over before they expire (docs/operations.md, "The worker")."""
    from django.utils import timezone

    from tuphap.core.models import JobState

    now = timezone.now()
    held = JobState.objects.filter(locked_until__gt=now).order_by("name")
    return [
        f"{job.name} for {(job.locked_until - now).total_seconds() / 60:.0f} min more"
        for job in held
        if job.locked_until is not None
    ]


# -- the production start and the stand-in -------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid → (parent pid, command line), from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            found[int(entry.name)] = (int(fields[1]), command)
    return found


class Standin:
    """The stand-in population database the worker's relay sends the births to."""

    def __init__(self, log: IO[bytes]) -> None:
        command = [sys.executable, str(ROOT / "manage.py"), "population_standin", "--port", "0"]
        command += ["--data", str(BENCH_DIR / "standin.sqlite3")]
        (BENCH_DIR / "standin.sqlite3").unlink(missing_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=log, start_new_session=True
        )
        output = self.process.stdout
        assert output is not None
        match = re.search(rb":(\d+) ", output.readline())
        if not match:
            raise SystemExit("the population stand-in did not start")
        self.url = f"http://127.0.0.1:{match[1].decode()}"
        # the rest of its output goes to the log, so that a full pipe never blocks it
        threading.Thread(target=lambda: log.writelines(output), daemon=True).start()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Production:
    """``scripts/serve_production.sh`` in its own process group, kept running as a process
    manager would: when it ends, whatever is left of its group is killed and it starts again."""

    def __init__(self, environment: dict[str, str], log: IO[bytes]) -> None:
        self.environment = environment
        self.log = log
        self.port = int(environment["BIND"].rsplit(":", 1)[1])
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.keeper = threading.Thread(target=self._keep, daemon=True)

    def start(self) -> None:
        with self.lock:
            self.process = subprocess.Popen(  # noqa: S603 - the repository's own start script
                ["/bin/bash", str(ROOT / "scripts" / "serve_production.sh")],
                cwd=ROOT,
                env=self.environment,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.starts += 1

    def _keep(self) -> None:
        while not self.stopping.wait(0.1):
            with self.lock:
                ended = self.process is not None and self.process.poll() is not None
                group = self.process.pid if self.process is not None else 0
            if ended and not self.stopping.is_set():
                self._kill_group(group)
                self.start()

    @staticmethod
    def _kill_group(group: int, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, sig)

    def ready(self, timeout: float) -> bool:
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            try:
                link = HTTPConnection("127.0.0.1", self.port, timeout=2)
                link.request("GET", "/readyz", headers={"Host": "127.0.0.1"})
                status = link.getresponse().status
                link.close()
                if status == 200:
                    return True
            except (OSError, HTTPException):
                pass
            time.sleep(0.2)
        return False

    def pids(self) -> dict[str, list[int]]:
        """The script, the gunicorn master, its web processes and the worker, by their role."""
        with self.lock:
            script = self.process.pid if self.process and self.process.poll() is None else 0
        found: dict[str, list[int]] = {"script": [script] if script else []}
        table = _processes()
        children = [pid for pid, (parent, _) in table.items() if parent == script and script]
        masters = [pid for pid in children if "gunicorn" in table[pid][1]]
        found["gunicorn master"] = masters
        found["web process"] = [pid for pid, (parent, _) in table.items() if parent in masters]
        found["run_worker"] = [pid for pid in children if "run_worker" in table[pid][1]]
        return found

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            process = self.process
        if process is None:
            return
        self._kill_group(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=40)
        time.sleep(0.5)
        self._kill_group(process.pid)  # anything still there (an orphan of an earlier kill)
        if process.poll() is None:
            process.wait()


# -- the kills -----------------------------------------------------------------------------------

KINDS = ("web process", "gunicorn master", "run_worker", "everything")


def kill_plan(kills: int, seconds: float, rng: random.Random) -> list[tuple[float, str]]:
    """``kills`` moments in the run, each with what it kills: a tenth each (at least one when
    there are four or more kills) on the gunicorn master, on the worker and on the whole start,
    the rest on gunicorn's web processes."""
    each = max(1, kills // 10) if kills >= 4 else 0
    kinds = [*([KINDS[1]] * each), *([KINDS[2]] * each), *([KINDS[3]] * each)]
    kinds += [KINDS[0]] * (kills - len(kinds))
    rng.shuffle(kinds)
    moments = sorted(rng.uniform(1.0, max(1.5, seconds - 2.0)) for _ in range(kills))
    return list(zip(moments, kinds, strict=True))


@dataclass
class Kill:
    at: float
    kind: str
    pid: int


def killer(
    production: Production,
    plan: list[tuple[float, str]],
    started: float,
    stop: threading.Event,
    rng: random.Random,
    done: list[Kill],
) -> None:
    for moment, kind in plan:
        if stop.wait(max(0.0, started + moment - time.monotonic())):
            return
        limit = time.monotonic() + 30  # the start may be coming back from the previous kill
        while not stop.is_set() and time.monotonic() < limit:
            pids = production.pids()
            targets = pids["script"] if kind == "everything" else pids[kind]
            if targets and (kind == "web process" or production.ready(0.1)):
                break
            time.sleep(0.1)
        else:
            continue
        pid = rng.choice(targets)
        try:
            if kind == "everything":
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        done.append(Kill(time.monotonic() - started, kind, pid))


# -- the clients ---------------------------------------------------------------------------------


@dataclass
class Ledger:
    acks: list[Ack] = field(default_factory=list)
    attempts: int = 0
    unanswered: int = 0  # attempts whose answer never came (sent again with the same key)
    dropped: int = 0  # of those, attempts whose connection the client closed before the answer
    server_errors: int = 0  # 5xx answers (nothing stored; sent again with the same key)
    replayed: int = 0  # acknowledgements that were the stored answer of an earlier attempt
    refused: list[str] = field(default_factory=list)  # 4xx: a bench mistake, reported
    abandoned: list[str] = field(default_factory=list)  # keys still unanswered after the grace
    keyed: bool = True  # False: the control run, whose writes carry no Idempotency-Key
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, **changes: int) -> None:
        with self.lock:
            for name, amount in changes.items():
                setattr(self, name, getattr(self, name) + amount)


class Dropped(ConnectionError):
    """The client hung up after sending, as a lost network answer would leave it."""


def _post(
    port: int, path: str, body: bytes, headers: dict[str, str], drop: bool
) -> tuple[int, bytes, bool]:
    link = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        link.request("POST", path, body=body, headers=headers)
        if drop:
            raise Dropped
        answer = link.getresponse()
        return answer.status, answer.read(), answer.getheader("Idempotent-Replayed") == "true"
    finally:
        link.close()


def send(
    ledger: Ledger,
    port: int,
    kind: str,
    path: str,
    body: bytes,
    token: str,
    key: str,
    id_of: Callable[[Any], int],
    give_up_at: Callable[[], float],
    drop: Callable[[], bool],
) -> None:
    """Send one write until it is answered, every time with the same key; ``drop()`` says
    whether to hang up on an attempt without reading its answer."""
    headers = {
        "Authorization": f"Token {token}",
        "Content-Type": "application/json",
        "Host": "127.0.0.1",
        "X-Request-ID": key,  # so that the audit row names the key (RequestContextMiddleware)
    }
    if ledger.keyed:
        headers["Idempotency-Key"] = key
    pause = 0.05
    while True:
        ledger.count(attempts=1)
        try:
            status, text, replayed = _post(port, path, body, headers, drop())
        except Dropped:
            ledger.count(unanswered=1, dropped=1)
            status, text, replayed = 0, b"", False
        except (OSError, HTTPException):
            ledger.count(unanswered=1)
            status, text, replayed = 0, b"", False
        if 200 <= status < 300:
            ack = Ack(kind, key, id_of(json.loads(text)))
            with ledger.lock:
                ledger.acks.append(ack)
                ledger.replayed += replayed
            return
        if 400 <= status < 500:
            with ledger.lock:
                ledger.refused.append(f"{kind} {status} {text[:300]!r}")
            return
        if status >= 500:
            ledger.count(server_errors=1)
        if time.monotonic() > give_up_at():
            with ledger.lock:
                ledger.abandoned.append(f"{kind} {key}")
            return
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


FAMILIES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ")
MIDDLES = {"male": ("Văn", "Đức", "Minh", "Quốc"), "female": ("Thị", "Ngọc", "Thu", "Thanh")}
GIVENS = {"male": ("An", "Bình", "Cường", "Dũng", "Hùng"), "female": ("Hoa", "Lan", "Mai", "Hà")}


def birth_body(rng: random.Random, today: datetime.date, commune_id: int, key: str) -> bytes:
    sex = rng.choice(("male", "female"))
    family = rng.choice(FAMILIES)
    born = today - datetime.timedelta(days=rng.randint(1, 50))
    father = f"{family} {rng.choice(MIDDLES['male'])} {rng.choice(GIVENS['male'])}"
    mother = f"{rng.choice(FAMILIES)} Thị {rng.choice(GIVENS['female'])}"
    return json.dumps(
        {
            "commune_id": commune_id,
            "child": {
                "family_name": family,
                "middle_name": rng.choice(MIDDLES[sex]),
                "given_name": rng.choice(GIVENS[sex]),
                "sex": sex,
                "date_of_birth": born.isoformat(),
                "place_of_birth": "Trạm y tế phường Trường Vinh",
            },
            "mother": {"full_name": mother, "year_of_birth": born.year - 27},
            "father": {"full_name": father, "year_of_birth": born.year - 29},
            "declarant": {"full_name": father, "relationship": "cha"},
            "birth_certificate_number": key,  # finds the write by its key afterwards
            "different_person_confirmed": True,  # names repeat; the duplicate search still runs
        },
        ensure_ascii=False,
    ).encode()


def movement_body(rng: random.Random, today: datetime.date, key: str) -> bytes:
    return json.dumps(
        {
            "kind": rng.choice(("collected", "collected", "reduced")),
            "amount": rng.randint(1, 50_000) * 1000,
            "on_date": today.isoformat(),
            "note": key,  # finds the write by its key afterwards
        }
    ).encode()


def client(
    index: int,
    world: World,
    port: int,
    ledger: Ledger,
    stop: threading.Event,
    give_up_at: Callable[[], float],
    seed: int,
    drop_rate: float,
) -> None:
    rng = random.Random(f"{seed}-{index}")
    dice = random.Random(f"{seed}-{index}-drop")

    def drop() -> bool:
        return dice.random() < drop_rate

    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()
    while not stop.is_set():
        key = uuid.uuid4().hex
        if index % 2 == 0:
            body = birth_body(rng, today, world.commune_id, key)
            send(ledger, port, "birth", BIRTHS, body, world.civil_status_token, key,
                 lambda answer: int(answer["id"]), give_up_at, drop)  # fmt: skip
        else:
            case = rng.choice(world.case_ids)
            body = movement_body(rng, today, key)
            send(ledger, port, "movement", MONEY.format(case=case), body, world.enforcement_token,
                 key, lambda answer: int(answer["case"]["id"]), give_up_at, drop)  # fmt: skip


# -- the run -------------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=90.0, help="how long the clients write")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs during the run")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument(
        "--drop", type=float, default=0.05, help="share of attempts the client hangs up on"
    )
    parser.add_argument("--seed", type=int, default=None, help="for the kill moments and bodies")
    parser.add_argument("--keep", action="store_true", help="keep the database after a clean run")
    parser.add_argument(
        "--without-keys",
        action="store_true",
        help="the control: send no Idempotency-Key, so that a retry may write twice",
    )
    return parser.parse_args()


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0]


def main() -> int:
    arguments = _arguments()
    seed = arguments.seed if arguments.seed is not None else random.SystemRandom().randrange(10**6)
    rng = random.Random(seed)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "static").mkdir(exist_ok=True)
    server_url = _server_url()
    began = time.monotonic()
    database_url = _database(server_url)
    _django(database_url)
    world = build_world()
    from django.db import connection

    connection.close()
    port = _free_port()
    log_path = BENCH_DIR / "servers.log"  # the production start and the stand-in
    standin = production = None
    stop, finished = threading.Event(), threading.Event()
    ledger = Ledger(keyed=not arguments.without_keys)
    kills: list[Kill] = []
    give_up = [float("inf")]
    try:
        log = log_path.open("wb")
        standin = Standin(log)
        environment = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "durability-bench-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "BIND": f"127.0.0.1:{port}",
            "WEB_WORKERS": str(arguments.web_workers),
            "MIGRATE": "false",  # migrated above; every restart would run it again
            "COLLECTSTATIC": "false",  # the API needs no static files
            "VAR_DIR": str(BENCH_DIR),
            "TASKS_BACKEND": "database",
            "POPULATION_DB_URL": standin.url,
            "LOG_LEVEL": "WARNING",
            "PYTHON": sys.executable,
            "GUNICORN": str(Path(sys.executable).parent / "gunicorn"),
        }
        production = Production(environment, log)
        production.start()
        production.keeper.start()
        if not production.ready(60):
            raise SystemExit(f"the production start did not become ready; see {log_path}")
        print(
            f"durability: PostgreSQL {DB_NAME}, {arguments.web_workers} gunicorn processes and "
            f"the worker (scripts/serve_production.sh, DEBUG off) on :{port}; "
            f"{arguments.clients} clients for {arguments.seconds:.0f} s, {arguments.kills} "
            f"kills, seed {seed}; {os.cpu_count()} CPUs"
            + ("; CONTROL RUN without Idempotency-Key" if arguments.without_keys else "")
        )
        threads = [
            threading.Thread(
                target=client,
                args=(index, world, port, ledger, stop, lambda: give_up[0], seed, arguments.drop),
                daemon=True,
            )
            for index in range(arguments.clients)
        ]
        started = time.monotonic()
        plan = kill_plan(arguments.kills, arguments.seconds, rng)
        murderer = threading.Thread(
            target=killer, args=(production, plan, started, finished, rng, kills), daemon=True
        )
        for thread in [*threads, murderer]:
            thread.start()
        finished.wait(arguments.seconds)
        finished.set()
        stop.set()
        murderer.join()
        give_up[0] = time.monotonic() + GRACE_SECONDS
        for thread in threads:
            thread.join()
        run_time = time.monotonic() - started
    finally:
        # stopped in every case (Ctrl-C included), before the database is read or dropped
        stop.set()
        finished.set()
        if production is not None:
            production.stop()
        if standin is not None:
            standin.stop()
    states = outbox_states()
    locks = stale_locks()
    verdict = check(ledger.acks, gather(), keyed=ledger.keyed)
    connection.close()
    report(verdict, ledger, kills, arguments.kills, production.starts - 1, run_time, states, locks)
    print(f"  whole bench {time.monotonic() - began:.0f} s; logs in {log_path}")
    if verdict.ok and not arguments.keep:
        _drop(server_url)
    else:
        print(f"  database kept: {database_url}")
    return 0 if verdict.ok else 1


def report(
    verdict: Verdict,
    ledger: Ledger,
    kills: list[Kill],
    planned: int,
    restarts: int,
    run_time: float,
    states: dict[str, int],
    locks: list[str],
) -> None:
    by_kind = Counter(ack.kind for ack in ledger.acks)
    killed = Counter(kill.kind for kill in kills)
    print(
        f"  acknowledged {verdict.acknowledged} ({by_kind['birth']} births, "
        f"{by_kind['movement']} money movements), found {verdict.found}, lost "
        f"{len(verdict.lost)}, duplicated {len(verdict.duplicated)}, half-written "
        f"{len(verdict.half_written)}, book gaps {len(verdict.gaps)}"
    )
    print(
        f"  kills {len(kills)} of {planned} planned ("
        + ", ".join(f"{killed[kind]} {kind}" for kind in KINDS)
        + f"), restarts of the production start {restarts}, run time {run_time:.1f} s"
    )
    print(
        f"  requests {ledger.attempts}: {ledger.unanswered} unanswered ({ledger.dropped} "
        f"hung up on by the client, the rest cut by the kills) and "
        f"{ledger.server_errors} 5xx, each sent again"
        f"{' with its key' if ledger.keyed else ''}; {ledger.replayed} "
        f"acknowledgements were stored answers replayed; committed but never acknowledged "
        f"{verdict.unacknowledged}; refused {len(ledger.refused)}, abandoned "
        f"{len(ledger.abandoned)}"
    )
    print(
        "  population outbox: "
        + ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
        + "; job locks left by killed workers: "
        + (", ".join(locks) or "none")
    )
    problems = [
        *(f"lost: {line}" for line in verdict.lost),
        *(f"duplicated: {line}" for line in verdict.duplicated),
        *(f"half-written: {line}" for line in verdict.half_written),
        *(f"gap: {line}" for line in verdict.gaps),
        *(f"refused: {line}" for line in ledger.refused),
        *(f"abandoned: {line}" for line in ledger.abandoned),
    ]
    for line in problems[:20]:
        print(f"  {line}")
    print(f"  {'PASS' if verdict.ok else 'FAIL'}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the processes were stopped on the way out (main's finally)
        print(f"durability: interrupted; database {DB_NAME} kept", file=sys.stderr)
        sys.exit(130)
