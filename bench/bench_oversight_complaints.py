"""Opening, accepting and deciding complaints through the services, against the same rows
inserted in raw SQL in the same run.

Builds a throw-away SQLite database (a temporary directory; ``BENCH_DATABASE_URL`` for another,
e.g. PostgreSQL) with a province, a commune, a Department of Justice and its inspector.

1. **Ours**: ``CASES`` complaints received with ``services.complaint_open`` (the case numbered,
   its acceptance clock under the rules of the day of receipt, the detail, the complainant, the
   audit), accepted with ``complaint_accept`` (the resolution clock) and decided with
   ``complaint_decide`` (the window for a second complaint) — three service calls, three
   transactions per complaint, all checks made.
2. **Baseline**: the very rows the services wrote for each complaint (case, journal, detail,
   complainant, audit), read back and inserted again with plain ``INSERT`` statements under new
   keys, one transaction per complaint: the cost of the writes alone, with no checks.

Prints complaints per second, the median time per complaint and the ratio. Asserts nothing
about speed. Run: ``.venv/bin/python bench/bench_oversight_complaints.py`` (``BENCH_CASES``).
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
    "BENCH_DATABASE_URL", f"sqlite:///{_directory.name}/bench_oversight_complaints.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"

import django  # noqa: E402 - after the environment is set

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.accounts.tests import factories as account_factories  # noqa: E402
from tuphap.casework.models import Case, CaseAction, CaseCounter  # noqa: E402
from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.oversight.complaints import services  # noqa: E402
from tuphap.oversight.complaints.models import Complainant, Complaint  # noqa: E402
from tuphap.places.tests import factories as place_factories  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "400"))
START = datetime.date(2026, 7, 1)


def setup() -> tuple[Any, Any]:
    call_command("migrate", verbosity=0)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    commune = place_factories.commune("16681", "Phường Trường Vinh", province)
    department = account_factories.agency("STP-40", "Sở Tư pháp Nghệ An", units=[province])
    inspector = account_factories.user("thanhtra_bench", department, Role.INSPECTOR)
    return commune, inspector


def ours(commune: Any, inspector: Any) -> tuple[list[float], list[int]]:
    timings, case_ids = [], []
    for index in range(CASES):
        received = START + datetime.timedelta(days=index % 90)
        data = services.ComplaintData(
            subject=f"Khiếu nại số {index}",
            content="Khiếu nại quyết định thu hồi đất",
            act_kind="decision",
            act_description=f"Quyết định số {index}/QĐ-UBND",
            respondent="Chủ tịch UBND phường",
            known_on=received - datetime.timedelta(days=10),
            received_on=received,
            complainants=(services.ComplainantData(f"Người khiếu nại {index}"),),
        )
        started = time.perf_counter()
        detail = services.complaint_open(actor=inspector, place=commune, data=data)
        services.complaint_accept(
            actor=inspector, case=detail.case, on=received + datetime.timedelta(days=3)
        )
        services.complaint_decide(
            actor=inspector,
            case=detail.case,
            number=f"{index}/QĐ-STP",
            outcome="partly_right",
            on=received + datetime.timedelta(days=25),
        )
        timings.append(time.perf_counter() - started)
        case_ids.append(detail.case_id)
    return timings, case_ids


import rawsql  # noqa: E402 - after django.setup()
from rawsql import insert as _insert  # noqa: E402
from rawsql import rows as _rows  # noqa: E402

COUNTER_UPDATE = rawsql.counter_update()


def baseline(case_ids: list[int]) -> list[float]:
    """The same rows per case, read back, inserted again under new keys (no checks)."""
    offset = max(case_ids) + 1_000_000
    plans = []
    for case_id in case_ids:
        case = _rows(Case, pk=case_id)[0]
        case.update(id=case["id"] + offset, number=case["number"] + offset)
        actions = [
            {**a, "id": None, "case_id": case["id"]} for a in _rows(CaseAction, case_id=case_id)
        ]
        detail = {**_rows(Complaint, case_id=case_id)[0], "case_id": case["id"], "letter_id": None}
        notice = {**_rows(Complainant, complaint_id=case_id)[0], "complaint_id": case["id"]}
        audits = [
            {**a, "id": None, "object_id": str(case["id"])}
            for a in _rows(AuditEvent, object_id=str(case_id))
        ]
        for row in [*actions, notice, *audits]:
            row.pop("id")
        plans.append((case, actions, detail, notice, audits))
    counter = CaseCounter.objects.values_list("pk", flat=True).first()
    timings = []
    for case, actions, detail, notice, audits in plans:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(COUNTER_UPDATE, [counter])
            _insert(cursor, Case, case)
            for action in actions:
                _insert(cursor, CaseAction, action)
            _insert(cursor, Complaint, detail)
            _insert(cursor, Complainant, notice)
            for audit in audits:
                _insert(cursor, AuditEvent, audit)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    commune, inspector = setup()
    ours_timings, case_ids = ours(commune, inspector)
    rows = (
        CaseAction.objects.filter(case_id=case_ids[0]).count(),
        AuditEvent.objects.filter(object_id=str(case_ids[0])).count(),
    )
    base_timings = baseline(case_ids)
    assert Case.objects.filter(register="oversight.complaint").count() == 2 * CASES
    ours_total, base_total = sum(ours_timings), sum(base_timings)
    print(f"complaints: {CASES} received, accepted and decided ({connection.vendor})")
    print(
        f"  rows per complaint: 1 case, {rows[0]} journal, 1 detail, 1 complainant, {rows[1]} audit"
    )
    print(
        f"  ours (services):    {CASES / ours_total:8.1f} complaints/s, "
        f"median {statistics.median(ours_timings) * 1000:6.2f} ms/complaint"
    )
    print(
        f"  baseline (raw SQL): {CASES / base_total:8.1f} complaints/s, "
        f"median {statistics.median(base_timings) * 1000:6.2f} ms/complaint"
    )
    print(f"  ratio ours/baseline throughput: {base_total / ours_total:.3f}")


if __name__ == "__main__":
    main()
