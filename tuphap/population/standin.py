"""A stand-in for the National Population Database (CSDLQG về dân cư), for development and tests.

A real HTTP/JSON service in its own process (``manage.py population_standin``), standard library
only: ``ThreadingHTTPServer`` and ``sqlite3``. Citizens, events and idempotency records live in
its own SQLite file (WAL, ``synchronous=FULL``), so it survives being stopped and started. Writes
go through one writer thread that commits the requests queued meanwhile together (group commit,
``Writer``): each request is applied under its own savepoint and answered only once the
transaction holding it is durable. Faults are switchable while it runs through
``POST /_control``. The protocol is documented in docs/population-protocol.md.

It imports nothing from Django so that it starts fast and stays a faithful "other system".
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import queue
import random
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlsplit

from tuphap.population import pins

logger = logging.getLogger("tuphap.population.standin")

VIETNAM: Final = datetime.timezone(datetime.timedelta(hours=7))
EVENT_KINDS: Final = ("death", "marriage", "correction")
CORRECTABLE: Final = ("full_name", "sex", "date_of_birth", "father_pin", "mother_pin")
DROP_WHEN: Final = ("before", "after", "random")
_EVENT_PATH: Final = re.compile(r"^/citizens/(\d{12})/events$")
_CITIZEN_PATH: Final = re.compile(r"^/citizens/(\d{12})$")
BATCH_LIMIT: Final = 500

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS citizen (
    id INTEGER PRIMARY KEY,
    pin TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    sex TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    birth_province_code TEXT NOT NULL,
    father_pin TEXT,
    mother_pin TEXT,
    registered_on TEXT NOT NULL,
    request_key TEXT NOT NULL,
    deceased_on TEXT,
    spouse_pin TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS citizen_registered_on ON citizen (registered_on);
CREATE TABLE IF NOT EXISTS event (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizen (id),
    kind TEXT NOT NULL,
    occurred_on TEXT,
    registered_on TEXT NOT NULL,
    data TEXT NOT NULL,
    request_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_registered_on ON event (registered_on);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


@dataclass
class Faults:
    """The switches. Rates are probabilities in [0, 1]; ``drop_when`` says whether a dropped
    request is applied first ("after", the dangerous case) or not ("before"), or either."""

    latency_ms: int = 0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    drop_when: str = "random"
    drop_hold_ms: int = 20

    def update(self, changes: dict[str, Any]) -> list[str]:
        """Apply ``changes``; return the names of bad fields (nothing is applied then)."""
        bad: list[str] = []
        new = Faults(**asdict(self))
        for name, value in changes.items():
            if name in ("latency_ms", "drop_hold_ms"):
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    bad.append(name)
                else:
                    setattr(new, name, value)
            elif name in ("error_rate", "drop_rate"):
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                if not numeric or not 0 <= value <= 1:
                    bad.append(name)
                else:
                    setattr(new, name, float(value))
            elif name == "drop_when":
                if value not in DROP_WHEN:
                    bad.append(name)
                else:
                    new.drop_when = value
            else:
                bad.append(name)
        if not bad:
            for name, value in asdict(new).items():
                setattr(self, name, value)
        return bad


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"code": code, "message": message, "fields": fields or {}}}


class Dropped(Exception):
    """Close the connection without an answer."""


class Store:
    """The stand-in's data, one SQLite file. Every write is one IMMEDIATE transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as connection:
            connection.executescript(SCHEMA)

    def add_known_citizens(self, citizens: Iterable[KnownCitizen]) -> int:
        """Hold ``citizens`` as known before our requests (one transaction; a PIN already held
        is left as it is). Each is registered on its date of birth, with the request key
        ``known:<pin>`` (no request of ours created it). Returns how many were added."""
        rows = list(citizens)
        for citizen in rows:
            errors = known_citizen_errors(citizen)
            if errors:
                raise ValueError(f"known citizen {citizen.pin!r}: {errors}")
        connection = self.connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            before = connection.total_changes
            connection.executemany(
                "INSERT OR IGNORE INTO citizen (pin, full_name, sex, date_of_birth,"
                " birth_province_code, father_pin, mother_pin, registered_on, request_key,"
                " created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        c.pin,
                        c.full_name.strip(),
                        c.sex,
                        c.date_of_birth,
                        c.pin[:3],
                        c.father_pin or None,
                        c.mother_pin or None,
                        c.date_of_birth,
                        f"known:{c.pin}",
                        _now(),
                    )
                    for c in rows
                ],
            )
            added = connection.total_changes - before
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            connection.close()
        return added

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection


@dataclass(frozen=True)
class KnownCitizen:
    """A citizen the population database held before any request of ours: a person born and
    registered elsewhere or earlier, whose PIN a register already knows (a parent, a spouse, the
    deceased). ``date_of_birth`` is ``YYYY-MM-DD``; the birth province is the PIN's prefix."""

    pin: str
    full_name: str
    sex: str
    date_of_birth: str
    father_pin: str | None = None
    mother_pin: str | None = None


def known_citizen_errors(citizen: KnownCitizen) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not pins.is_well_formed(citizen.pin):
        errors["pin"] = "not a 12-digit PIN"
    if not citizen.full_name.strip():
        errors["full_name"] = "required"
    if citizen.sex not in ("male", "female"):
        errors["sex"] = "must be 'male' or 'female'"
    _date(citizen.date_of_birth, "date_of_birth", errors, required=True)
    _pin_field(citizen.father_pin, "father_pin", errors)
    _pin_field(citizen.mother_pin, "mother_pin", errors)
    return errors


def _today() -> str:
    return datetime.datetime.now(VIETNAM).date().isoformat()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def _date(value: Any, field: str, errors: dict[str, str], *, required: bool) -> str | None:
    if value in (None, ""):
        if required:
            errors[field] = "required"
        return None
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        errors[field] = "not a date (YYYY-MM-DD)"
        return None


def _pin_field(value: Any, field: str, errors: dict[str, str]) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not pins.is_well_formed(value):
        errors[field] = "not a 12-digit PIN"
        return None
    return value


def _citizen(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "citizen_id": row["id"],
        "pin": row["pin"],
        "full_name": row["full_name"],
        "sex": row["sex"],
        "date_of_birth": row["date_of_birth"],
        "birth_province_code": row["birth_province_code"],
        "father_pin": row["father_pin"],
        "mother_pin": row["mother_pin"],
        "registered_on": row["registered_on"],
        "request_key": row["request_key"],
        "deceased_on": row["deceased_on"],
        "spouse_pin": row["spouse_pin"],
    }


def create_citizen(db: sqlite3.Connection, body: dict[str, Any], key: str) -> dict[str, Any]:
    errors: dict[str, str] = {}
    full_name = body.get("full_name")
    if not isinstance(full_name, str) or not full_name.strip():
        errors["full_name"] = "required"
    sex = body.get("sex")
    if sex not in ("male", "female"):
        errors["sex"] = "must be 'male' or 'female'"
    born = _date(body.get("date_of_birth"), "date_of_birth", errors, required=True)
    province = body.get("birth_province_code")
    if not isinstance(province, str) or not pins.PROVINCE_CODE_PATTERN.match(province):
        errors["birth_province_code"] = "must be 3 digits"
    father = _pin_field(body.get("father_pin"), "father_pin", errors)
    mother = _pin_field(body.get("mother_pin"), "mother_pin", errors)
    registered_on = _date(body.get("registered_on"), "registered_on", errors, required=False)
    if born and not errors:
        year = int(born[:4])
        if not pins.FIRST_YEAR <= year <= pins.LAST_YEAR:
            errors["date_of_birth"] = "year outside 1900–2399"
    if errors:
        raise ApiError(422, "invalid", "The birth data are not valid.", errors)
    full_name, sex, province, born = str(full_name), str(sex), str(province), str(born)
    for _attempt in range(50):
        pin = pins.generate(province_code=province, year=int(born[:4]), sex=sex)
        if db.execute("SELECT 1 FROM citizen WHERE pin = ?", (pin,)).fetchone() is None:
            break
    else:  # pragma: no cover - a million numbers per prefix and year
        raise ApiError(503, "pin_space_exhausted", "No free PIN for this prefix.")
    cursor = db.execute(
        "INSERT INTO citizen (pin, full_name, sex, date_of_birth, birth_province_code, father_pin,"
        " mother_pin, registered_on, request_key, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            pin,
            full_name.strip(),
            sex,
            born,
            province,
            father,
            mother,
            registered_on or _today(),
            key,
            _now(),
        ),
    )
    return {"pin": pin, "citizen_id": cursor.lastrowid}


def add_event(db: sqlite3.Connection, pin: str, body: dict[str, Any], key: str) -> dict[str, Any]:
    row = db.execute("SELECT * FROM citizen WHERE pin = ?", (pin,)).fetchone()
    if row is None:
        raise ApiError(404, "unknown_pin", "No citizen has this PIN.")
    errors: dict[str, str] = {}
    kind = body.get("kind")
    if kind not in EVENT_KINDS:
        errors["kind"] = f"must be one of {', '.join(EVENT_KINDS)}"
    occurred_on = _date(body.get("occurred_on"), "occurred_on", errors, required=kind == "death")
    registered_on = _date(body.get("registered_on"), "registered_on", errors, required=False)
    data = body.get("data") or {}
    if not isinstance(data, dict):
        errors["data"] = "must be an object"
        data = {}
    if kind == "marriage":
        _pin_field(data.get("spouse_pin"), "data.spouse_pin", errors)
    if kind == "correction":
        unknown = sorted(set(data) - set(CORRECTABLE))
        if unknown or not data:
            errors["data"] = f"corrects only {', '.join(CORRECTABLE)}"
    if errors:
        raise ApiError(422, "invalid", "The event data are not valid.", errors)
    if row["deceased_on"] is not None:
        raise ApiError(409, "deceased", "The citizen is recorded as deceased.")
    if kind == "death":
        db.execute("UPDATE citizen SET deceased_on = ? WHERE id = ?", (occurred_on, row["id"]))
    elif kind == "marriage":
        db.execute(
            "UPDATE citizen SET spouse_pin = ? WHERE id = ?", (data.get("spouse_pin"), row["id"])
        )
    else:
        for name, value in data.items():  # names checked against CORRECTABLE above
            db.execute(f"UPDATE citizen SET {name} = ? WHERE id = ?", (value, row["id"]))  # noqa: S608
    cursor = db.execute(
        "INSERT INTO event (citizen_id, kind, occurred_on, registered_on, data, request_key,"
        " created_at) VALUES (?,?,?,?,?,?,?)",
        (row["id"], kind, occurred_on, registered_on or _today(), json.dumps(data), key, _now()),
    )
    return {"event_id": cursor.lastrowid, "pin": pin, "kind": kind}


class Handler(BaseHTTPRequestHandler):
    server: StandinServer
    protocol_version = "HTTP/1.1"  # keep-alive: a relay reuses its connection
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK add ~40 ms to every answer on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    # -- plumbing --------------------------------------------------------------------------------

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _read_json(self) -> tuple[bytes, dict[str, Any]]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError as error:
            raise ApiError(400, "bad_json", "The body is not JSON.") from error
        if not isinstance(body, dict):
            raise ApiError(400, "bad_json", "The body must be a JSON object.")
        return raw, body

    def _drop(self) -> None:
        hold = self.server.faults.drop_hold_ms
        if hold:
            time.sleep(hold / 1000)
        self.close_connection = True

    def _faults(self, *, write: bool) -> str | None:
        """Apply latency and 503s; return "before"/"after" when this request is to be dropped."""
        faults = self.server.faults
        if faults.latency_ms:
            time.sleep(faults.latency_ms / 1000)
        chance = self.server.random
        if faults.error_rate and chance.random() < faults.error_rate:
            raise ApiError(503, "unavailable", "Injected fault: service unavailable.")
        if faults.drop_rate and chance.random() < faults.drop_rate:
            when = faults.drop_when
            if when == "random" or not write:
                when = chance.choice(("before", "after")) if write else "before"
            return when
        return None

    def _dispatch(self, method: str) -> None:
        try:
            self._route(method)
        except ApiError as error:
            self._send(error.status, error.body)
        except Dropped:
            self._drop()
        except Exception:
            logger.exception("stand-in failed on %s %s", method, self.path)
            self._send(500, {"error": {"code": "server_error", "message": "Internal error."}})

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    # -- routes ----------------------------------------------------------------------------------

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path).rstrip("/") or "/"
        if method == "POST" and path == "/_control":
            _raw, body = self._read_json()
            bad = self.server.faults.update(body)
            if bad:
                raise ApiError(
                    422, "invalid", "Unknown switch or bad value.", dict.fromkeys(bad, "invalid")
                )
            self._send(200, asdict(self.server.faults))
            return
        if method == "GET" and path == "/_control":
            self._send(200, asdict(self.server.faults))
            return
        if method == "GET" and path == "/citizens/count":  # never faulted: tests count with it
            with self.server.store.connect() as db:
                (count,) = db.execute("SELECT COUNT(*) FROM citizen").fetchone()
            self._send(200, {"count": count})
            return
        if method == "POST" and (path == "/citizens" or _EVENT_PATH.match(path)):
            self._write(path)
            return
        if method == "POST" and path == "/batch":
            self._write_batch()
            return
        if method == "GET":
            drop = self._faults(write=False)
            if drop:
                raise Dropped
            self._read(path, parse_qs(url.query))
            return
        raise ApiError(404 if method == "GET" else 405, "not_found", "No such resource.")

    def _read(self, path: str, query: dict[str, list[str]]) -> None:
        db = self.server.store.connect()
        try:
            if match := _CITIZEN_PATH.match(path):
                row = db.execute("SELECT * FROM citizen WHERE pin = ?", (match[1],)).fetchone()
                if row is None:
                    raise ApiError(404, "unknown_pin", "No citizen has this PIN.")
                events = db.execute(
                    "SELECT id, kind, occurred_on, registered_on, data, request_key FROM event"
                    " WHERE citizen_id = ? ORDER BY id",
                    (row["id"],),
                ).fetchall()
                self._send(200, {**_citizen(row), "events": [_event(e) for e in events]})
            elif path in ("/citizens", "/events"):
                errors: dict[str, str] = {}
                day = _date(
                    (query.get("registered_on") or [""])[0], "registered_on", errors, required=True
                )
                if errors:
                    raise ApiError(422, "invalid", "Give registered_on=YYYY-MM-DD.", errors)
                if path == "/citizens":
                    rows = db.execute(
                        "SELECT * FROM citizen WHERE registered_on = ? ORDER BY id", (day,)
                    ).fetchall()
                    self._send(200, {"citizens": [_citizen(row) for row in rows]})
                else:
                    rows = db.execute(
                        "SELECT event.*, citizen.pin FROM event JOIN citizen ON citizen.id ="
                        " event.citizen_id WHERE event.registered_on = ? ORDER BY event.id",
                        (day,),
                    ).fetchall()
                    self._send(
                        200, {"events": [{**_event(row), "pin": row["pin"]} for row in rows]}
                    )
            else:
                raise ApiError(404, "not_found", "No such resource.")
        finally:
            db.close()

    def _write(self, path: str) -> None:
        key = (self.headers.get("Idempotency-Key") or "").strip()
        _raw, body = self._read_json()
        if not key or len(key) > 200:
            raise ApiError(400, "idempotency_key_required", "Send an Idempotency-Key header.")
        drop = self._faults(write=True)
        if drop == "before":
            raise Dropped
        request_hash = hashlib.sha256(
            path.encode() + b"\n" + json.dumps(body, sort_keys=True).encode()
        ).hexdigest()
        write = _Write(path, body, key, request_hash)
        self.server.writer.submit_many([write])
        if write.error is not None:
            raise write.error
        if drop == "after":
            raise Dropped
        self._send(
            write.status,
            write.answer,
            {"Idempotent-Replayed": "true" if write.replayed else "false"},
        )

    def _write_batch(self) -> None:
        """Several writes in one request: each item is the request it names, with its own key,
        applied in order and answered as if it had been sent alone."""
        _raw, body = self._read_json()
        requests = body.get("requests")
        if not isinstance(requests, list) or not 1 <= len(requests) <= BATCH_LIMIT:
            raise ApiError(
                422,
                "invalid",
                "Send the writes as requests.",
                {"requests": f"a list of 1 to {BATCH_LIMIT} requests"},
            )
        drop = self._faults(write=True)
        if drop == "before":
            raise Dropped
        items: list[_Write | ApiError] = [_batch_item(item) for item in requests]
        self.server.writer.submit_many([item for item in items if isinstance(item, _Write)])
        if drop == "after":
            raise Dropped
        answers = []
        for item in items:
            if isinstance(item, ApiError):
                answers.append({"status": item.status, "body": item.body, "replayed": False})
            elif item.error is not None:
                server_error = {"error": {"code": "server_error", "message": "Internal error."}}
                answers.append({"status": 500, "body": server_error, "replayed": False})
            else:
                answers.append(
                    {"status": item.status, "body": item.answer, "replayed": item.replayed}
                )
        self._send(200, {"answers": answers})


def _batch_item(item: Any) -> _Write | ApiError:
    if not isinstance(item, dict):
        return ApiError(400, "bad_json", "A batch item must be a JSON object.")
    path = item.get("path")
    if not isinstance(path, str) or not (path == "/citizens" or _EVENT_PATH.match(path)):
        return ApiError(404, "not_found", "No such resource.", {"path": "not a write path"})
    key = item.get("idempotency_key")
    if not isinstance(key, str) or not key.strip() or len(key.strip()) > 200:
        return ApiError(400, "idempotency_key_required", "Give each item an idempotency_key.")
    body = item.get("body")
    if not isinstance(body, dict):
        return ApiError(400, "bad_json", "The body must be a JSON object.")
    request_hash = hashlib.sha256(
        path.encode() + b"\n" + json.dumps(body, sort_keys=True).encode()
    ).hexdigest()
    return _Write(path, body, key.strip(), request_hash)


@dataclass(eq=False)
class _Write:
    """One write request waiting for the writer, then its outcome."""

    path: str
    body: dict[str, Any]
    key: str
    request_hash: str
    done: threading.Event = field(default_factory=threading.Event)
    status: int = 0
    answer: Any = None
    replayed: bool = False
    error: BaseException | None = None


def apply_write(db: sqlite3.Connection, write: _Write) -> None:
    """The idempotency check, the change and the stored answer, inside the caller's
    transaction. A refusal is an answer too: the same key gets the same refusal."""
    stored = db.execute(
        "SELECT request_hash, status, body FROM idempotency WHERE key = ?", (write.key,)
    ).fetchone()
    if stored is not None:
        if stored["request_hash"] != write.request_hash:
            error = ApiError(
                409,
                "idempotency_key_reused",
                "This Idempotency-Key was used with a different request.",
            )
            write.status, write.answer = error.status, error.body
            return
        write.status, write.answer, write.replayed = (
            stored["status"],
            json.loads(stored["body"]),
            True,
        )
        return
    try:
        if match := _EVENT_PATH.match(write.path):
            write.answer, write.status = add_event(db, match[1], write.body, write.key), 201
        else:
            write.answer, write.status = create_citizen(db, write.body, write.key), 201
    except ApiError as error:
        write.answer, write.status = error.body, error.status
    db.execute(
        "INSERT INTO idempotency (key, request_hash, status, body, created_at) VALUES (?,?,?,?,?)",
        (write.key, write.request_hash, write.status, json.dumps(write.answer), _now()),
    )


class Writer:
    """Group commit. One thread owns the write connection: it takes every write request queued
    meanwhile (up to ``group``), applies each under its own savepoint in one ``BEGIN IMMEDIATE``
    transaction, commits once (one fsync for the group), and only then lets their handlers
    answer. Each request is still all-or-nothing and answered only once it is durable; what
    changes is that concurrent requests share a commit instead of queueing for one each."""

    def __init__(self, store: Store, *, group: int = 256) -> None:
        self.store = store
        self.group = group
        self.queue: queue.SimpleQueue[_Write | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="standin-writer", daemon=True)
        self.thread.start()

    def submit_many(self, writes: list[_Write]) -> None:
        """Queue ``writes`` (applied in this order) and wait until each is committed."""
        for write in writes:
            self.queue.put(write)
        for write in writes:
            write.done.wait()

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=5)

    def _run(self) -> None:
        db = self.store.connect()
        try:
            while True:
                first = self.queue.get()
                if first is None:
                    return
                writes = [first]
                while len(writes) < self.group:
                    try:
                        following = self.queue.get_nowait()
                    except queue.Empty:
                        break
                    if following is None:
                        self._commit(db, writes)
                        return
                    writes.append(following)
                self._commit(db, writes)
        finally:
            db.close()

    def _commit(self, db: sqlite3.Connection, writes: list[_Write]) -> None:
        try:
            db.execute("BEGIN IMMEDIATE")
            for write in writes:
                db.execute("SAVEPOINT request")
                try:
                    apply_write(db, write)
                except Exception as error:
                    logger.exception("stand-in failed on POST %s", write.path)
                    db.execute("ROLLBACK TO request")
                    write.error = error
                db.execute("RELEASE request")
            db.execute("COMMIT")
        except Exception as error:
            logger.exception("stand-in could not commit %d writes", len(writes))
            if db.in_transaction:
                db.execute("ROLLBACK")
            for write in writes:
                write.error = write.error or error
        finally:
            for write in writes:
                write.done.set()


def _event(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "event_id": row["id"],
        "kind": row["kind"],
        "occurred_on": row["occurred_on"],
        "registered_on": row["registered_on"],
        "data": json.loads(row["data"]),
        "request_key": row["request_key"],
    }


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], store: Store, faults: Faults, seed: int | None):
        super().__init__(address, Handler)
        self.store = store
        self.faults = faults
        self.random = random.Random(seed)  # noqa: S311 - fault injection, not security
        self.lock = threading.Lock()
        self.writer = Writer(store)

    def server_close(self) -> None:
        super().server_close()
        self.writer.close()


def serve(
    *,
    host: str,
    port: int,
    data: Path,
    faults: Faults,
    seed: int | None = None,
    ready: Any = None,
) -> None:
    """Run until interrupted. ``ready(port)`` is called once the socket listens."""
    server = StandinServer((host, port), Store(data), faults, seed)
    if ready is not None:
        ready(server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
