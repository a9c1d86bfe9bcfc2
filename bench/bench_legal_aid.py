"""Opening and assigning legal aid cases through the services, against the same rows inserted
in raw SQL in the same run.

Builds a throw-away SQLite database (a temporary directory; ``BENCH_DATABASE_URL`` for another,
e.g. PostgreSQL) with a province, a commune, a legal aid centre, its officer and performer.

1. **Ours**: ``CASES`` procedural bodies' notices recorded with ``services.notice_record`` (the
   case opened and accepted at once, the notice row, the age check, the audit rows) and the
   performer assigned with ``services.case_assign_performer`` — two service calls, two
   transactions per case, all checks made.
2. **Baseline**: the very rows the services wrote for each case (case, journal, detail, notice,
   audit), read back and inserted again with plain ``INSERT`` statements under new keys, one
   transaction per case: the cost of the writes alone, with no checks.

Prints cases per second, the median time per case and the ratio. Asserts nothing about speed.
Run: ``.venv/bin/python bench/bench_legal_aid.py``.
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
    "BENCH_DATABASE_URL", f"sqlite:///{_directory.name}/bench_legal_aid.sqlite3"
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
from tuphap.casework.models import Case, CaseAction, CaseCounter  # noqa: E402
from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.legal_aid.cases import services  # noqa: E402
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice  # noqa: E402
from tuphap.legal_aid.providers.models import Performer, PerformerKind  # noqa: E402
from tuphap.places.tests import factories as place_factories  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "400"))
VN = datetime.timezone(datetime.timedelta(hours=7))
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=VN)


def setup() -> tuple[Any, Any, Any]:
    call_command("migrate", verbosity=0)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    commune = place_factories.commune("16681", "Phường Trường Vinh", province)
    centre = account_factories.agency(
        "TGPL-40",
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Nghệ An",
        kind=AgencyKind.LEGAL_AID_CENTRE,
        level=AgencyLevel.PROVINCE,
        units=[province],
    )
    officer = account_factories.user("tgpl_bench", centre, Role.LEGAL_AID_OFFICER)
    performer = Performer.objects.create(
        full_name="Luật sư Bench",
        kind=PerformerKind.CONTRACT_LAWYER,
        centre=centre,
        document_number="HD-BENCH",
        valid_from=datetime.date(2024, 1, 1),
    )
    return commune, officer, performer


def ours(commune: Any, officer: Any, performer: Any) -> tuple[list[float], list[int]]:
    timings, case_ids = [], []
    for index in range(CASES):
        asked = START + datetime.timedelta(minutes=10 * index)
        data = services.RequestData(
            full_name=f"Người được trợ giúp {index}",
            sex="male",
            group="poor_household",
            matter="Bị tạm giữ",
            form="participation",
            field="criminal",
            requested_at=asked,
            procedural_status="detained",
            stage="investigation",
        )
        notice = services.NoticeData(
            body_kind="investigation",
            body_name="Công an tỉnh Nghệ An",
            person_requested_at=asked,
            notified_at=asked + datetime.timedelta(hours=1),
        )
        started = time.perf_counter()
        row = services.notice_record(actor=officer, place=commune, data=data, notice=notice)
        services.case_assign_performer(
            actor=officer,
            case=row.case,
            performer_id=performer.pk,
            at=asked + datetime.timedelta(hours=3),
        )
        timings.append(time.perf_counter() - started)
        case_ids.append(row.case_id)
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
        detail = {**_rows(LegalAidCase, case_id=case_id)[0], "case_id": case["id"]}
        notice = {**_rows(ProceduralNotice, case_id=case_id)[0], "id": None, "case_id": case["id"]}
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
            _insert(cursor, LegalAidCase, detail)
            _insert(cursor, ProceduralNotice, notice)
            for audit in audits:
                _insert(cursor, AuditEvent, audit)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    commune, officer, performer = setup()
    ours_timings, case_ids = ours(commune, officer, performer)
    rows = (
        CaseAction.objects.filter(case_id=case_ids[0]).count(),
        AuditEvent.objects.filter(object_id=str(case_ids[0])).count(),
    )
    base_timings = baseline(case_ids)
    assert Case.objects.filter(register="legal_aid.case").count() == 2 * CASES
    ours_total, base_total = sum(ours_timings), sum(base_timings)
    print(f"legal aid: {CASES} notices opened, accepted and assigned ({connection.vendor})")
    print(f"  rows per case: 1 case, {rows[0]} journal, 1 detail, 1 notice, {rows[1]} audit")
    print(
        f"  ours (services):   {CASES / ours_total:8.1f} cases/s, "
        f"median {statistics.median(ours_timings) * 1000:6.2f} ms/case"
    )
    print(
        f"  baseline (raw SQL): {CASES / base_total:7.1f} cases/s, "
        f"median {statistics.median(base_timings) * 1000:6.2f} ms/case"
    )
    print(f"  ratio ours/baseline throughput: {base_total / ours_total:.3f}")


if __name__ == "__main__":
    main()
