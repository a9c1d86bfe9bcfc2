"""Recording dissemination sessions through the services, against the same rows inserted in raw
SQL in the same run.

Builds a throw-away SQLite database (a temporary directory; ``BENCH_DATABASE_URL`` for another,
e.g. PostgreSQL) with a province, a commune, its People's Committee, the committee's outreach
officer and a propagandist.

1. **Ours**: ``SESSIONS`` sessions recorded with ``dissemination.services.session_record``
   (every field checked, the place valid on the date and in the jurisdiction, the leader from
   the roster and recognised on the date, the session, its leader link, its document, the audit
   row) — one service call, one transaction per session.
2. **Baseline**: the very rows the service wrote for each session (session, leader link,
   document, audit), read back and inserted again with plain ``INSERT`` statements under new
   keys, one transaction per session: the cost of the writes alone, with no checks.

Prints sessions per second, the median time per session and the ratio. Asserts nothing about
speed. Run: ``.venv/bin/python bench/bench_outreach.py`` (``BENCH_SESSIONS`` to change N).
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_directory = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{_directory.name}/bench_outreach.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"

import django  # noqa: E402 - after the environment is set

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tuphap.accounts.models import AgencyKind, AgencyLevel  # noqa: E402
from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.accounts.tests import factories as account_factories  # noqa: E402
from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.outreach.dissemination import services  # noqa: E402
from tuphap.outreach.dissemination.models import Session, SessionDocument  # noqa: E402
from tuphap.outreach.people import services as people  # noqa: E402
from tuphap.places.tests import factories as place_factories  # noqa: E402

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "400"))
FIRST_DAY = datetime.date(2025, 8, 1)


def setup() -> tuple[Any, Any, Any]:
    call_command("migrate", verbosity=0)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    commune = place_factories.commune("16681", "Phường Trường Vinh", province)
    committee = account_factories.agency(
        "UBND-16681",
        "UBND phường Trường Vinh",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[commune],
    )
    officer = account_factories.user("phobien_bench", committee, Role.OUTREACH_OFFICER)
    with transaction.atomic():
        leader = people.disseminator_recognise(
            actor=officer,
            place=commune,
            data=people.DisseminatorData(
                kind="propagandist",
                full_name="Tuyên truyền viên Bench",
                sex="female",
                degree="none",
                recognised_by="commune_chairman",
                decision_number="01/QĐ-UBND",
                decision_date=datetime.date(2025, 7, 15),
            ),
        )
    return commune, officer, leader


def ours(commune: Any, officer: Any, leader: Any) -> tuple[list[float], list[int]]:
    timings, ids = [], []
    for index in range(SESSIONS):
        data = services.SessionData(
            held_on=FIRST_DAY + datetime.timedelta(days=index % 480),
            form="contest" if index % 10 == 0 else "direct",
            topics="Luật Hòa giải ở cơ sở",
            target_groups=["public", "farmers"],
            participants=100 + index % 50,
            contestants=40 if index % 10 == 0 else 0,
            materials=50,
            documents=[services.DocumentData("35/2013/QH13", "Luật Hòa giải ở cơ sở")],
            leader_ids=[leader.pk],
        )
        started = time.perf_counter()
        session = services.session_record(actor=officer, place=commune, data=data)
        timings.append(time.perf_counter() - started)
        ids.append(session.pk)
    return timings, ids


def _rows(model: Any, **filters: Any) -> list[dict[str, Any]]:
    return list(model.objects.filter(**filters).values())


def _insert(cursor: Any, table: str, row: dict[str, Any], model: Any = None) -> None:
    if model is not None:
        fields = [f for f in model._meta.concrete_fields if f.attname in row]
        columns = [f.column for f in fields]
        values = [f.get_db_prep_save(row[f.attname], connection) for f in fields]
    else:
        columns, values = list(row), list(row.values())
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    cursor.execute(
        f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", values
    )


def baseline(ids: list[int]) -> list[float]:
    """The same rows per session, read back, inserted again under new keys (no checks)."""
    offset = max(ids) + 1_000_000
    links = Session.leaders.through
    plans = []
    for session_id in ids:
        session = {**_rows(Session, pk=session_id)[0]}
        session["id"] += offset
        leaders = [
            {"session_id": session["id"], "disseminator_id": link["disseminator_id"]}
            for link in links.objects.filter(session_id=session_id).values("disseminator_id")
        ]
        documents = [
            {**d, "id": None, "session_id": session["id"]}
            for d in _rows(SessionDocument, session_id=session_id)
        ]
        audits = [
            {**a, "id": None, "object_id": str(session["id"])}
            for a in _rows(
                AuditEvent, object_id=str(session_id), action="outreach.session.recorded"
            )
        ]
        for row in [*documents, *audits]:
            row.pop("id")
        plans.append((session, leaders, documents, audits))
    timings = []
    for session, leaders, documents, audits in plans:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            _insert(cursor, Session._meta.db_table, session, Session)
            for link in leaders:
                _insert(cursor, links._meta.db_table, link)
            for document in documents:
                _insert(cursor, SessionDocument._meta.db_table, document, SessionDocument)
            for audit in audits:
                _insert(cursor, AuditEvent._meta.db_table, audit, AuditEvent)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    commune, officer, leader = setup()
    ours_timings, ids = ours(commune, officer, leader)
    base_timings = baseline(ids)
    assert Session.objects.count() == 2 * SESSIONS
    ours_total, base_total = sum(ours_timings), sum(base_timings)
    print(f"outreach: {SESSIONS} dissemination sessions recorded ({connection.vendor})")
    print("  rows per session: 1 session, 1 leader link, 1 document, 1 audit")
    print(
        f"  ours (services):   {SESSIONS / ours_total:8.1f} sessions/s, "
        f"median {statistics.median(ours_timings) * 1000:6.2f} ms/session"
    )
    print(
        f"  baseline (raw SQL): {SESSIONS / base_total:7.1f} sessions/s, "
        f"median {statistics.median(base_timings) * 1000:6.2f} ms/session"
    )
    print(f"  ratio ours/baseline throughput: {base_total / ours_total:.3f}")


if __name__ == "__main__":
    main()
