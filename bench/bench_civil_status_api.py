"""B2 (B19 on SQLite): registering a birth through the API, against the same rows written as one
raw SQL transaction, measured in the same run.

The app is served by gunicorn (the production WSGI server) on a loopback port; ``--clients``
(default 16) threads POST births to ``/api/v1/civil-status/births/`` with API tokens for
``--seconds`` (default 15, after ``--warmup`` 3) and check that every answer is 201. One request
is the whole path: token authentication, input validation, the officer's jurisdiction, the
duplicate search, the gapless number from the commune's locked counter, the registration, the
person and its version, the population database request (outbox), the audit row, one commit.

Baseline, same run, same tables and indexes: ``--clients`` connections each write, in ONE
transaction per registration, the same rows (person, counter update, registration, person
version, outbox, audit) with plain SQL (psycopg, ``synchronous_commit=on``; sqlite3 with WAL and
``synchronous=FULL``), for the same time. The two sides take turns: ``--rounds`` (default 5)
rounds of ours then the baseline, each a share of ``--seconds``, the server up throughout (its
sync workers idle while the baseline runs), so that a shared machine whose speed drifts over a
minute slows both sides alike. Ratio = ours ÷ baseline registrations per second over all rounds;
each round's ratio is printed too.
Targets (issue 17, over docs/perf B2): ≥ 300 registrations/s, ratio ≥ 0.25, p95 ≤ 100 ms,
p99 ≤ 250 ms at 16 concurrent clients, ≈ 5 ms of server CPU per registration.

Before the server starts, a probe registers births in this process through the WSGI handler
(the production settings, ``DEBUG`` off, as a gunicorn worker runs them): it prints the SQL
statements of one registration (the round trips, with BEGIN and COMMIT), its CPU, and with
``--profile N`` where the CPU goes (authentication, validation, the commune, the officer's
checks, duplicate search, counter and book, inserts, the version, outbox and audit rows written
together, commit, response; ``--profile-out F`` writes the whole profile for pstats). The figures
print the statements per registration beside the throughput, the server's CPU and the database
server's CPU per registration on each side (the PostgreSQL processes, from ``/proc``).

Then the register is put in service before the server starts: the baseline's warm-up writes rows
into every table a registration writes, and ``ANALYZE`` gives them the statistics autovacuum keeps.
Without that the measure is the first minute of an empty database, not the register: a
connection keeps the plans it made (the prepared statements' generic plans, the foreign-key
checks'), and plans made on an empty table read the whole table (every registration, for the
check of the version's registration) or the whole day (the duplicate search) ever after, so the
server's database CPU per registration grew round after round (0.9 to 1.5 ms over 55 s, 8
December) until autovacuum or a new connection made them again.

The data: a province, ``--communes`` communes (default 16: one officer per commune, as in real
life; ``--communes 1`` puts all 16 officers on the same book counter, which every registration of
a commune must lock until it commits), each with a People's Committee, and 16 officers with
tokens; optionally ``--preload`` persons already in the register.

Database: PostgreSQL when ``DATABASE_URL`` names it — a database ``tuphap_bench_cs`` on that
server, created, migrated and dropped here — else a throw-away SQLite file under ``var/bench/``
served by one gunicorn worker (SQLite writes serialise). Prints figures; asserts nothing about
speed, only that every request succeeded and the books have no gap.
Run: ``.venv/bin/python bench/bench_civil_status_api.py [--seconds 15] [--workers 3]
[--profile 300]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_NAME = "tuphap_bench_cs"
SQLITE_FILE = BENCH_DIR / "bench_civil_status_api.sqlite3"
ENDPOINT = "/api/v1/civil-status/births/"
SERVER_ENVIRONMENT = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
    "TASKS_BACKEND": "immediate",
}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="measured seconds per side")
    parser.add_argument(
        "--rounds", type=int, default=5, help="turns the two sides take within those seconds"
    )
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--communes", type=int, default=16)
    parser.add_argument("--workers", type=int, default=0, help="0: 3 on PostgreSQL, 1 on SQLite")
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--preload", type=int, default=0, help="persons in the register before")
    parser.add_argument(
        "--profile", type=int, default=0, help="births profiled in-process (0: no profile)"
    )
    parser.add_argument("--profile-out", default="", help="write the whole cProfile here")
    parser.add_argument(
        "--probe-only",
        action="store_true",
        help="only the in-process probe: no server, no baseline",
    )
    parser.add_argument("--inner", default="", help=argparse.SUPPRESS)
    return parser.parse_args()


# -- set-up (inner process) ----------------------------------------------------------------------


def _django(database_url: str) -> None:
    # The production settings the server runs with (DEBUG off): the in-process probe below
    # measures the same middleware and code path as the gunicorn workers.
    os.environ.update(SERVER_ENVIRONMENT)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass(frozen=True)
class Officer:
    user_id: int
    username: str
    agency_id: int
    token: str
    commune_id: int
    province_id: int


def build_world(communes: int, clients: int) -> list[Officer]:
    """A province, its communes with their committees, and one officer with a token per
    client (spread over the communes)."""
    from tuphap.accounts import services
    from tuphap.accounts.models import AgencyKind, AgencyLevel
    from tuphap.accounts.roles import Role
    from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

    province = AdministrativeUnit.objects.create(
        code="40",
        name="Tỉnh Nghệ An",
        name_folded="tinh nghe an",
        level=Level.PROVINCE,
        valid_from=REORGANISATION_DATE,
    )
    province.province = province
    province.save(update_fields=["province"])
    units = [
        AdministrativeUnit.objects.create(
            code=f"{16600 + index}",
            name=f"Xã Thử {index}",
            name_folded=f"xa thu {index}",
            level=Level.COMMUNE,
            parent=province,
            province=province,
            valid_from=REORGANISATION_DATE,
        )
        for index in range(1, communes + 1)
    ]
    committees = [
        services.agency_create(
            actor=None,
            code=f"UBND-{unit.code}",
            name=f"UBND {unit.name}",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            level=AgencyLevel.COMMUNE,
            province=province,
            jurisdiction=[unit],
        )
        for unit in units
    ]
    officers = []
    for index in range(clients):
        committee, unit = committees[index % communes], units[index % communes]
        user = services.user_create(
            actor=None,
            username=f"bench.hotich.{index}",
            password=uuid.uuid4().hex,
            agency=committee,
            roles=[Role.CIVIL_STATUS_OFFICER],
            check_password=False,
        )
        token = services.token_issue(user=user)
        officers.append(
            Officer(user.pk, user.username, committee.pk, token.key, unit.pk, province.pk)
        )
    return officers


def preload_persons(count: int, officer: Officer) -> None:
    """``count`` persons born over 80 years, as a register of some size has."""
    if count <= 0:
        return
    from tuphap.civil_status.registration.models import Person

    rng = random.Random(7)
    start = datetime.date(1946, 1, 1)
    batch = []
    for number in range(count):
        family, middle, given = _name(rng, "male" if number % 2 else "female")
        batch.append(
            Person(
                family_name=family,
                middle_name=middle,
                given_name=given,
                full_name_folded=f"{family} {middle} {given}".lower(),
                family_given_folded=f"{family} {given}".lower(),
                sex="male" if number % 2 else "female",
                date_of_birth=start + datetime.timedelta(days=rng.randint(0, 29_000)),
                registered_in_id=officer.commune_id,
                province_id=officer.province_id,
            )
        )
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)


# -- request bodies ------------------------------------------------------------------------------


def _name(rng: random.Random, sex: str) -> tuple[str, str, str]:
    from tuphap.civil_status import generate

    families = [name for name, _weight in generate.FAMILY_NAMES]
    weights = [weight for _name, weight in generate.FAMILY_NAMES]
    return (
        rng.choices(families, weights)[0],
        rng.choice(generate.MIDDLE_NAMES[sex]),
        rng.choice(generate.GIVEN_NAMES[sex]),
    )


@dataclass(frozen=True)
class Birth:
    family: str
    middle: str
    given: str
    sex: str
    born: datetime.date
    mother: str
    father: str


def draw_birth(rng: random.Random, today: datetime.date) -> Birth:
    sex = rng.choice(("male", "female"))
    family, middle, given = _name(rng, sex)
    mother = " ".join(_name(rng, "female"))
    return Birth(
        family,
        middle,
        given,
        sex,
        today - datetime.timedelta(days=rng.randint(1, 50)),
        mother,
        f"{family} {' '.join(_name(rng, 'male')[1:])}",
    )


def api_body(birth: Birth, commune_id: int) -> bytes:
    return json.dumps(
        {
            "commune_id": commune_id,
            "child": {
                "family_name": birth.family,
                "middle_name": birth.middle,
                "given_name": birth.given,
                "sex": birth.sex,
                "date_of_birth": birth.born.isoformat(),
                "place_of_birth": "Trạm y tế xã",
            },
            "mother": {"full_name": birth.mother, "year_of_birth": birth.born.year - 27},
            "father": {"full_name": birth.father, "year_of_birth": birth.born.year - 29},
            "declarant": {"full_name": birth.father, "relationship": "cha"},
            # the duplicate search runs either way; a name drawn twice must not fail the run
            "different_person_confirmed": True,
        },
        ensure_ascii=False,
    ).encode()


# -- measuring -----------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latencies: list[float], errors: list[str]) -> None:
        with self.lock:
            self.latencies.extend(latencies)
            self.errors.extend(errors)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def analyze() -> None:
    """Statistics of every table, as autovacuum keeps them for a database in use."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def database_cpu_seconds() -> float:
    """CPU used so far by the PostgreSQL server on this machine: its processes, and the backends
    that have exited (their parent's children's time); Linux ``/proc``, 0 elsewhere."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, IndexError, ValueError):
            continue
        if name == "postgres":
            values = fields.split()
            total += sum(int(values[index]) for index in (11, 12, 13, 14))
    return total / ticks


def drive(clients: int, seconds: float, work: Any) -> tuple[Tally, float, float]:
    """``clients`` threads call ``work(index, deadline, tally)``; returns the tally, the wall
    time and the CPU seconds this process spent (the load generator's own cost)."""
    tally = Tally()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(target=work, args=(index, deadline, tally)) for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    used = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
    return tally, wall, used


def api_worker(port: int, officers: list[Officer], today: datetime.date) -> Any:
    def work(index: int, deadline: float, tally: Tally) -> None:
        officer = officers[index]
        rng = random.Random(f"api-{index}-{deadline}")
        headers = {
            "Authorization": f"Token {officer.token}",
            "Content-Type": "application/json",
            "Host": "127.0.0.1",
        }
        link = HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, errors = [], []
        while time.perf_counter() < deadline:
            body = api_body(draw_birth(rng, today), officer.commune_id)
            began = time.perf_counter()
            try:
                link.request("POST", ENDPOINT, body=body, headers=headers)
                answer = link.getresponse()
                text = answer.read()
                status = answer.status
                if answer.getheader("Connection", "").lower() == "close":
                    link.close()
            except OSError as error:
                link.close()
                status, text = 0, str(error).encode()
            latencies.append(time.perf_counter() - began)
            if status != 201:
                errors.append(f"{status} {text[:300]!r}")
        link.close()
        tally.add(latencies, errors)

    return work


# -- the in-process probe -----------------------------------------------------------------------

# The parts of one registration, each the cumulative time of the functions named (file ending,
# function); nested parts are indented under the part that contains them.
PARTS: tuple[tuple[str, str, str], ...] = (
    ("whole request (WSGI handler)", "django/core/handlers/wsgi.py", "__call__"),
    ("  middleware before and after the view", "", ""),
    ("  token authentication", "rest_framework/authentication.py", "authenticate"),
    ("  input validation", "rest_framework/serializers.py", "is_valid"),
    ("  the commune", "civil_status/registration/apis.py", "_commune"),
    ("  the service (one transaction)", "civil_status/registration/services/events.py",
     "birth_register"),
    ("    officer's roles and jurisdiction", "civil_status/registration/services/common.py",
     "officer_at"),
    ("    duplicate search", "civil_status/registration/persons.py", "duplicates"),
    ("    person insert", "civil_status/registration/persons.py", "create"),
    ("    counter lock and book", "civil_status/registration/books.py", "next_entry"),
    ("    registration insert", "civil_status/registration/services/common.py", "write_entry"),
    ("    version, outbox and audit rows together", "tuphap/core/inserts.py", "insert_all"),
    ("    commit", "django/db/transaction.py", "__exit__"),
    ("  response (serializer and JSON)", "civil_status/registration/apis.py", "_created"),
)  # fmt: skip


class Probe:
    """Registrations through the WSGI handler in this process, as a gunicorn worker calls it
    (same settings, middleware and view), to count the statements of one registration and
    measure its CPU; with ``--profile`` also where the CPU goes."""

    def __init__(self, officers: list[Officer], today: datetime.date) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()
        self.officers = officers
        self.today = today
        self.rng = random.Random("probe")
        self.done = 0
        self.profile_out = ""

    def register(self) -> None:
        import io

        officer = self.officers[self.done % len(self.officers)]
        self.done += 1
        body = api_body(draw_birth(self.rng, self.today), officer.commune_id)
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": ENDPOINT,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_AUTHORIZATION": f"Token {officer.token}",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        statuses: list[str] = []

        def start_response(status: str, headers: Any, info: Any = None) -> Any:
            statuses.append(status)
            return lambda data: None

        answer = self.handler(environ, start_response)
        text = b"".join(answer)
        if not statuses[0].startswith("201"):
            raise SystemExit(f"probe registration failed: {statuses[0]} {text[:300]!r}")

    def statements(self) -> list[str]:
        """The SQL statements of one registration (besides the BEGIN and COMMIT)."""
        from django.db import connection

        seen: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            self.register()
        return seen

    def cpu_ms(self, batches: int, size: int) -> float:
        """CPU per registration, the least of ``batches`` batches: on a shared machine another
        process's work only ever adds to a batch's CPU (caches, the other hyperthread)."""
        best = float("inf")
        for _ in range(batches):
            started = time.process_time()
            for _ in range(size):
                self.register()
            best = min(best, (time.process_time() - started) / size * 1000)
        return best

    def profile(self, count: int, cpu_ms: float) -> list[str]:
        """Each part's share of the request under cProfile (CPU clock), and that share of the
        unprofiled CPU per registration."""
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(count):
            self.register()
        profiler.disable()
        summary = pstats.Stats(profiler)
        if self.profile_out:  # the whole profile, for pstats or snakeviz
            summary.dump_stats(self.profile_out)
        stats: dict[Any, Any] = summary.stats  # type: ignore[attr-defined]

        def cumulative(suffix: str, name: str) -> float:
            return sum(
                value[3]
                for (path, _line, function), value in stats.items()
                if function == name and path.endswith(suffix)
            )

        times = {label: cumulative(suffix, name) for label, suffix, name in PARTS if suffix}
        whole = times[PARTS[0][0]] or float("nan")
        # the entry is written by write_entry, which takes the counter and book first
        times["    registration insert"] -= times["    counter lock and book"]
        view = sum(times[label] for label, suffix, _name in PARTS[2:] if suffix and
                   not label.startswith("    "))  # fmt: skip
        times["  middleware before and after the view"] = whole - view
        # the steady figure on a shared machine: the same code makes the same calls
        calls = float(summary.total_calls) / count  # type: ignore[attr-defined]
        lines = [f"    Python function calls per registration: {calls:,.0f}"]
        for label, _suffix, _name in PARTS:
            share = times[label] / whole
            lines.append(f"    {label:<42} {share:6.1%}  ≈ {share * cpu_ms:5.2f} ms")
        return lines


def probe(
    officers: list[Officer], today: datetime.date, profile: int, profile_out: str = ""
) -> tuple[int, float]:
    """Print the statements of one registration and its CPU in this process; returns both."""
    from django.db import connection

    runner = Probe(officers, today)
    runner.profile_out = profile_out
    for _ in range(30):  # warm the process: imports, caches, prepared connections
        runner.register()
    statements = runner.statements()
    cpu_ms = runner.cpu_ms(8, 40)
    print(
        f"  statements per registration: {len(statements)} + BEGIN and COMMIT "
        f"= {len(statements) + 2} round trips to the database; in-process CPU per registration "
        f"(the WSGI handler, DEBUG off, least of 8 batches of 40): {cpu_ms:.2f} ms"
    )
    for sql in statements:
        print(f"    {' '.join(sql.split())[:110]}")
    if profile:
        print(f"  where the CPU goes (cProfile over {profile} births, shares of the request):")
        for line in runner.profile(profile, cpu_ms):
            print(line)
    connection.close()
    return len(statements) + 2, cpu_ms


# -- the raw baseline ----------------------------------------------------------------------------

PERSON_SQL = """INSERT INTO civil_status_person (pin, family_name, middle_name, given_name,
 full_name_folded, family_given_folded, sex, date_of_birth, place_of_birth, native_place,
 ethnicity, nationality, residence, mother_name, mother_name_folded, father_name,
 pin_requested_at, version, created_at, updated_at, registered_in_id, province_id)
 VALUES (NULL, %s, %s, %s, %s, %s, %s, %s, '', '', 'Kinh', 'Việt Nam', '', %s, %s, %s, %s, 1,
 %s, %s, %s, %s) RETURNING id"""
COUNTER_SQL = """UPDATE civil_status_registercounter SET last_number = last_number + 1
 WHERE commune_id = %s AND event_type = 'birth' AND year = %s RETURNING last_number"""
BOOK_SQL = """INSERT INTO civil_status_registerbook (commune_id, province_id, event_type, year,
 volume, volume_number, pages, first_number, status, entries_count, corrected_count, blank_pages)
 VALUES (%s, %s, 'birth', %s, %s, %s, 200, %s, 'open', NULL, NULL, NULL) ON CONFLICT DO NOTHING"""
REGISTRATION_SQL = """INSERT INTO civil_status_registration (book_id, event_type, commune_id,
 province_id, year, entry_number, person_id, event_date, received_at, registered_on, on_time,
 is_re_registration, has_foreign_element, details, signer_name, signer_title, status,
 amendment_count, created_by_id, created_at)
 VALUES ((SELECT id FROM civil_status_registerbook WHERE commune_id = %s AND event_type = 'birth'
 AND year = %s AND volume = %s), 'birth', %s, %s, %s, %s, %s, %s, %s, %s, TRUE, FALSE, FALSE, %s,
 '', '', 'registered', 0, %s, %s) RETURNING id"""
VERSION_SQL = """INSERT INTO civil_status_personversion (person_id, number, data, registration_id,
 reason, actor_id, created_at) VALUES (%s, 1, %s, %s, 'Birth registered', %s, %s)"""
OUTBOX_SQL = """INSERT INTO population_outboxmessage (kind, payload, idempotency_key, subject_type,
 subject_id, province_id, registered_on, status, attempts, next_attempt_at, claimed_by,
 last_error, created_at, clock_started_at, resolution_reason)
 VALUES ('birth', %s, %s, 'civil_status.registration', %s, %s, %s, 'pending', 0, %s, '', '', %s,
 %s, '')"""
AUDIT_SQL = """INSERT INTO core_auditevent (occurred_at, actor_id, actor_username, agency_id,
 action, object_type, object_id, object_label, data, request_id, client_address, channel)
 VALUES (%s, %s, %s, %s, 'civil_status.birth.registered', 'civil_status.registration', %s, %s,
 %s, %s, '127.0.0.1', 'api')"""


def raw_registration(
    cursor: Any, officer: Officer, birth: Birth, now: datetime.datetime, today: datetime.date
) -> None:
    """The rows one birth registration writes, in the order the service writes them."""
    full = f"{birth.family} {birth.middle} {birth.given}"
    cursor.execute(
        PERSON_SQL,
        (birth.family, birth.middle, birth.given, full.lower(),
         f"{birth.family} {birth.given}".lower(), birth.sex, birth.born,
         birth.mother, birth.mother.lower(), birth.father, now, now, now, officer.commune_id,
         officer.province_id),
    )  # fmt: skip
    person = cursor.fetchone()[0]
    cursor.execute(COUNTER_SQL, (officer.commune_id, today.year))
    number = cursor.fetchone()[0]
    volume = (number - 1) // 200 + 1
    if (number - 1) % 200 == 0:
        cursor.execute(
            BOOK_SQL,
            (officer.commune_id, officer.province_id, today.year, volume,
             f"{volume:02d}-TP/HT-{today.year}-KS", (volume - 1) * 200 + 1),
        )  # fmt: skip
    details = {"mother": {"full_name": birth.mother}, "father": {"full_name": birth.father}}
    cursor.execute(
        REGISTRATION_SQL,
        (officer.commune_id, today.year, volume, officer.commune_id, officer.province_id,
         today.year, number, person, birth.born, now, today, json.dumps(details), officer.user_id,
         now),
    )  # fmt: skip
    registration = cursor.fetchone()[0]
    snapshot = {"family_name": birth.family, "given_name": birth.given, "sex": birth.sex}
    cursor.execute(VERSION_SQL, (person, json.dumps(snapshot), registration, officer.user_id, now))
    payload = {"full_name": full, "sex": birth.sex, "date_of_birth": birth.born.isoformat()}
    cursor.execute(
        OUTBOX_SQL,
        (json.dumps(payload), str(uuid.uuid4()), str(registration), officer.province_id, today,
         now, now, now),
    )  # fmt: skip
    cursor.execute(
        AUDIT_SQL,
        (now, officer.user_id, officer.username, officer.agency_id, str(registration),
         f"KS số {number}", json.dumps({"entry_number": number}), uuid.uuid4().hex),
    )  # fmt: skip


class SqliteCursor:
    """A sqlite3 cursor that takes the psycopg placeholders and values."""

    def __init__(self, connection: Any) -> None:
        self.cursor = connection.cursor()

    def execute(self, sql: str, values: tuple[Any, ...]) -> None:
        converted = tuple(
            value.replace(tzinfo=None).isoformat(sep=" ")  # Django keeps UTC without an offset
            if isinstance(value, datetime.datetime)
            else value.isoformat()
            if isinstance(value, datetime.date)
            else value
            for value in values
        )
        self.cursor.execute(sql.replace("%s", "?").replace("TRUE", "1").replace("FALSE", "0"),
                            converted)  # fmt: skip

    def fetchone(self) -> Any:
        return self.cursor.fetchone()


def raw_worker(database_url: str, officers: list[Officer], today: datetime.date) -> Any:
    def work(index: int, deadline: float, tally: Tally) -> None:
        officer = officers[index]
        rng = random.Random(f"raw-{index}-{deadline}")
        latencies, errors = [], []
        if database_url.startswith("sqlite"):
            import sqlite3

            link: Any = sqlite3.connect(
                database_url.removeprefix("sqlite:///"), timeout=30, isolation_level=None
            )
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
                link.execute(f"PRAGMA {pragma}")
            begin, cursor = "BEGIN IMMEDIATE", SqliteCursor(link)
        else:
            import psycopg

            link = psycopg.connect(database_url, autocommit=True)
            link.execute("SET synchronous_commit = on")
            begin, cursor = "BEGIN", link.cursor()
        while time.perf_counter() < deadline:
            birth = draw_birth(rng, today)
            began = time.perf_counter()
            try:
                cursor.execute(begin, ())
                raw_registration(cursor, officer, birth, datetime.datetime.now(datetime.UTC), today)
                cursor.execute("COMMIT", ())
            except Exception as error:
                errors.append(repr(error)[:300])
                cursor.execute("ROLLBACK", ())
            latencies.append(time.perf_counter() - began)
        link.close()
        tally.add(latencies, errors)

    return work


# -- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """gunicorn serving the app on a loopback port; always stopped by ``stop``."""

    def __init__(self, database_url: str, workers: int, worker_class: str, threads: int) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        command += ["--worker-class", worker_class, "--threads", str(threads)]
        command += ["--backlog", "256", "--timeout", "60", "--log-level", "warning"]
        environment = {**os.environ, **SERVER_ENVIRONMENT, "DATABASE_URL": database_url}
        (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)  # whitenoise looks there
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603
        self._wait()

    def _wait(self) -> None:
        limit = time.monotonic() + 30
        while time.monotonic() < limit:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn exited while starting")
            try:
                link = HTTPConnection("127.0.0.1", self.port, timeout=2)
                link.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                link.getresponse().read()
                link.close()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 30 s")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers (Linux ``/proc``; 0 elsewhere)."""
        ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, parent = int(stat.parent.name), int(fields[1])
            if self.process.pid in (pid, parent):
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- the run -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    rate: float
    p50: float
    p95: float
    p99: float
    count: int
    errors: list[str]
    client_cpu: float  # share of one core used by this process

    @classmethod
    def of(cls, tally: Tally, wall: float, cpu: float) -> Figures:
        ok = len(tally.latencies) - len(tally.errors)
        return cls(
            ok / wall,
            percentile(tally.latencies, 0.50) * 1000,
            percentile(tally.latencies, 0.95) * 1000,
            percentile(tally.latencies, 0.99) * 1000,
            ok,
            tally.errors,
            cpu / wall,
        )

    def line(self, label: str) -> str:
        return (
            f"  {label:<34} {self.rate:8.0f} registrations/s  p50 {self.p50:6.1f} ms  "
            f"p95 {self.p95:6.1f} ms  p99 {self.p99:6.1f} ms  ({self.count} ok, "
            f"{len(self.errors)} errors; client CPU {self.client_cpu:.0%} of a core)"
        )


def check_books() -> tuple[int, int]:
    """(registrations, books with a gap): every commune's numbers must run 1..n."""
    from django.db.models import Count, Max

    from tuphap.civil_status.registration.models import Registration

    per_commune = Registration.objects.values("commune_id").annotate(
        total=Count("id"), last=Max("entry_number")
    )
    gaps = sum(1 for row in per_commune if row["total"] != row["last"])
    return Registration.objects.count(), gaps


def describe(database_url: str, engine: str) -> str:
    from django.db import connection

    if engine == "postgresql":
        with connection.cursor() as cursor:
            settings = []
            for name in ("server_version", "synchronous_commit", "shared_buffers", "fsync"):
                cursor.execute(f"SHOW {name}")
                settings.append(f"{name}={cursor.fetchone()[0]}")
        return "PostgreSQL " + ", ".join(settings)
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} WAL synchronous=FULL"


def run(arguments: argparse.Namespace, database_url: str) -> None:
    import django
    import gunicorn
    from django.utils import timezone

    engine = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    workers = arguments.workers or (1 if engine == "sqlite" else 3)
    officers = build_world(arguments.communes, arguments.clients)
    preload_persons(arguments.preload, officers[0])
    today = timezone.localdate()
    scenario = "B19" if engine == "sqlite" else "B2"
    print(
        f"{scenario} birth registration: {describe(database_url, engine)}"
        f"; Python {platform.python_version()}, Django {django.get_version()}, gunicorn "
        f"{gunicorn.__version__} ({workers} {arguments.worker_class} worker(s)"
        f"{f' × {arguments.threads} threads' if arguments.worker_class == 'gthread' else ''}); "
        f"{arguments.clients} clients over {arguments.communes} communes, "
        f"{arguments.preload} persons preloaded, {os.cpu_count()} CPUs (server, database and "
        f"clients share them; load average {os.getloadavg()[0]:.1f} before the run)"
    )
    round_trips, probe_cpu = probe(officers, today, arguments.profile, arguments.profile_out)
    if arguments.probe_only:
        return
    # A register in service, not the first minute of an empty database: rows in every table the
    # registration writes (the baseline's warm-up), and the statistics autovacuum keeps. The
    # server's connections open after that, so the plans they keep (the prepared statements'
    # generic plans, the foreign-key checks') are made as in service, not on empty tables.
    baseline = raw_worker(database_url, officers, today)
    drive(arguments.clients, min(arguments.warmup, 1.0), baseline)
    analyze()
    server = Server(database_url, workers, arguments.worker_class, arguments.threads)
    rounds = max(1, arguments.rounds)
    share = arguments.seconds / rounds
    ours_tally, raw_tally = Tally(), Tally()
    ours_time = raw_time = ours_cpu = raw_cpu = server_cpu = 0.0
    ours_database = raw_database = 0.0
    ratios = []
    try:
        api = api_worker(server.port, officers, today)
        drive(arguments.clients, arguments.warmup, api)
        # The two sides take turns, a share of the time each, so that a machine whose speed
        # drifts (another tenant, the other hyperthread) slows both alike.
        for _ in range(rounds):
            before, database_before = server.cpu_seconds(), database_cpu_seconds()
            tally, wall, cpu = drive(arguments.clients, share, api)
            server_cpu += server.cpu_seconds() - before
            ours_database += database_cpu_seconds() - database_before
            ours_tally.add(tally.latencies, tally.errors)
            ours_time, ours_cpu = ours_time + wall, ours_cpu + cpu
            ours_rate = (len(tally.latencies) - len(tally.errors)) / wall
            database_before = database_cpu_seconds()
            tally, wall, cpu = drive(arguments.clients, share, baseline)
            raw_database += database_cpu_seconds() - database_before
            raw_tally.add(tally.latencies, tally.errors)
            raw_time, raw_cpu = raw_time + wall, raw_cpu + cpu
            ratios.append(ours_rate / ((len(tally.latencies) - len(tally.errors)) / wall))
    finally:
        server.stop()
    ours = Figures.of(ours_tally, ours_time, ours_cpu)
    raw = Figures.of(raw_tally, raw_time, raw_cpu)
    load = os.getloadavg()[0]
    server_ms = server_cpu / ours.count * 1000 if ours.count else float("nan")
    print(
        f"  server CPU per registration: {server_ms:.1f} ms (gunicorn workers; "
        f"{server_cpu / ours_time:.0%} of a core while serving; in-process "
        f"{probe_cpu:.1f} ms); {round_trips} round trips per registration; load average "
        f"{load:.1f} after the run"
    )
    if engine == "postgresql":
        per = [
            cpu / figures.count * 1000 if figures.count else float("nan")
            for cpu, figures in ((ours_database, ours), (raw_database, raw))
        ]
        print(
            f"  database CPU per registration (the PostgreSQL processes): ours {per[0]:.2f} ms "
            f"({ours_database / ours_time:.0%} of a core), baseline {per[1]:.2f} ms "
            f"({raw_database / raw_time:.0%} of a core)"
        )
    print(
        f"  {rounds} rounds of {share:.1f} s a side, ours then the baseline; each round's ratio: "
        + ", ".join(f"{ratio:.3f}" for ratio in ratios)
    )
    registered, gaps = check_books()
    report(ours, raw, registered, gaps, scenario, server_ms, round_trips)
    print(f"  load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def report(
    ours: Figures,
    raw: Figures,
    registered: int,
    gaps: int,
    scenario: str,
    server_ms: float,
    round_trips: int,
) -> None:
    print(ours.line("ours (HTTP + DRF + services):") + f"; {round_trips} round trips each")
    print(raw.line("baseline (same rows, raw SQL):"))
    ratio = ours.rate / raw.rate if raw.rate else float("nan")
    print(f"  ratio ours/baseline: {ratio:.3f}")
    # issue 17: ≥ 300/s with 16 clients, p95 ≤ 100 ms, ≥ 0.25× raw SQL, ≈ 5 ms of server CPU
    verdict = {
        "≥ 300/s": ours.rate >= 300,
        "ratio ≥ 0.25": ratio >= 0.25,
        "p95 ≤ 100 ms": ours.p95 <= 100,
        "p99 ≤ 250 ms": ours.p99 <= 250,
        "server CPU ≤ 5 ms": server_ms <= 5,
    }
    print(
        f"  {scenario} targets: "
        + ", ".join(f"{name} {'met' if met else 'NOT met'}" for name, met in verdict.items())
    )
    print(
        f"  registrations in the database (API and baseline): {registered}; communes with a "
        f"gap: {gaps}"
    )
    for error in (ours.errors + raw.errors)[:5]:
        print(f"  error: {error}")
    if ours.errors or raw.errors or gaps:
        raise SystemExit("some registrations failed or a book has a gap")


# -- entry ---------------------------------------------------------------------------------------


def _postgres(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    base, _, _name = database_url.rpartition("/")
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    try:
        subprocess.run(  # noqa: S603 - this script, with a URL we built
            [sys.executable, __file__, *sys.argv[1:], "--inner", f"{base}/{DB_NAME}"], check=True
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
            )


def _sqlite() -> None:
    def clean() -> None:
        for old in BENCH_DIR.glob(f"{SQLITE_FILE.name}*"):
            old.unlink()

    clean()
    try:
        subprocess.run(  # noqa: S603 - this script, with a throw-away SQLite file
            [sys.executable, __file__, *sys.argv[1:], "--inner", f"sqlite:///{SQLITE_FILE}"],
            check=True,
        )
    finally:
        clean()


def main() -> None:
    arguments = _arguments()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if arguments.inner:
        _django(arguments.inner)
        run(arguments, arguments.inner)
        return
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        _postgres(url)
    else:
        _sqlite()


if __name__ == "__main__":
    main()
