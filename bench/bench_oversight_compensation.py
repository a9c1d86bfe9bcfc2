"""State compensation claims received, accepted and given a resolver through the services,
against the same rows inserted in raw SQL in the same run.

Builds a throw-away SQLite database (a temporary directory; ``BENCH_DATABASE_URL`` for another,
e.g. PostgreSQL) with a province, a commune, the agency responsible and two officers.

1. **Ours**: ``BENCH_CLAIMS`` claims received with ``services.claim_open`` (three damage heads,
   the statute computed), accepted and given a resolver with ``services.claim_step`` — three
   service calls, three transactions per claim, every check made, the clocks computed by the
   calendar engine.
2. **Baseline**: the very rows the services wrote for each claim (case, journal, detail, damage
   heads, audit), read back and inserted again with plain ``INSERT`` statements under new keys,
   one transaction per claim: the cost of the writes alone, with no checks.

Prints the statements each service call sends (one more claim, after the timed run), claims per
second, the median time per claim and the ratio. Asserts nothing about speed.
Run: ``.venv/bin/python bench/bench_oversight_compensation.py``.
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
    "BENCH_DATABASE_URL", f"sqlite:///{_directory.name}/bench_compensation.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"

import django  # noqa: E402 - after the environment is set

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tuphap.accounts.models import AgencyKind, AgencyLevel  # noqa: E402
from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.accounts.tests import factories as account_factories  # noqa: E402
from tuphap.casework.models import Case, CaseAction, CaseCounter  # noqa: E402
from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.oversight.compensation import services  # noqa: E402
from tuphap.oversight.compensation.models import CompensationClaim, DamageItem  # noqa: E402
from tuphap.places.tests import factories as place_factories  # noqa: E402

CLAIMS = int(os.environ.get("BENCH_CLAIMS", "300"))
RECEIVED = datetime.date(2026, 3, 2)


def setup() -> tuple[Any, Any, Any]:
    call_command("migrate", verbosity=0)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    commune = place_factories.commune("16681", "Phường Trường Vinh", province)
    police = account_factories.agency(
        "CA-40",
        "Công an tỉnh Nghệ An",
        kind=AgencyKind.OTHER_STATE_BODY,
        level=AgencyLevel.PROVINCE,
        units=[province],
    )
    officer = account_factories.user("btnn_bench", police, Role.COMPENSATION_OFFICER)
    resolver = account_factories.user("btnn_bench_2", police, Role.COMPENSATION_OFFICER)
    return commune, officer, resolver


def _claim(index: int) -> services.ClaimData:
    return services.ClaimData(
        claimant_kind="injured",
        claimant_name=f"Người yêu cầu {index}",
        basis_kind="acquittal",
        basis_number=f"{index}/2026/HS-PT",
        basis_date=datetime.date(2026, 1, 20),
        basis_received_on=datetime.date(2026, 1, 25),
        sector="criminal",
        unlawful_act="Bị tạm giam rồi được tuyên không phạm tội",
        received_on=RECEIVED,
        damages={"mental": 200_000_000, "lost_income": 60_000_000, "property": 40_000_000},
    )


def _accept(officer: Any, claim: Any) -> None:
    services.claim_step(
        actor=officer,
        case=claim.case,
        transition="accept",
        data=services.StepData(on=RECEIVED + datetime.timedelta(days=1)),
    )


def _assign(officer: Any, resolver: Any, claim: Any) -> None:
    services.claim_step(
        actor=officer,
        case=claim.case,
        transition="assign_resolver",
        data=services.StepData(on=RECEIVED + datetime.timedelta(days=2), resolver_id=resolver.pk),
    )


CPU: dict[str, float] = {}  # process time (no waiting on the disk), seconds


def ours(commune: Any, officer: Any, resolver: Any) -> tuple[list[float], list[int]]:
    timings, case_ids = [], []
    cpu = time.process_time()
    for index in range(CLAIMS):
        data = _claim(index)
        started = time.perf_counter()
        claim = services.claim_open(actor=officer, place=commune, data=data)
        _accept(officer, claim)
        _assign(officer, resolver, claim)
        timings.append(time.perf_counter() - started)
        case_ids.append(claim.case_id)
    CPU["ours"] = time.process_time() - cpu
    return timings, case_ids


def statements(commune: Any, officer: Any, resolver: Any) -> tuple[int, int, int]:
    """The statements (with BEGIN, SAVEPOINT and COMMIT) of each service call for one claim."""
    connection.queries_log.clear()  # a full log (DEBUG keeps 9,000) would count nothing
    with CaptureQueriesContext(connection) as opening:
        claim = services.claim_open(actor=officer, place=commune, data=_claim(CLAIMS))
    with CaptureQueriesContext(connection) as accepting:
        _accept(officer, claim)
    with CaptureQueriesContext(connection) as assigning:
        _assign(officer, resolver, claim)
    return len(opening), len(accepting), len(assigning)


import rawsql  # noqa: E402 - after django.setup()
from rawsql import insert as _insert  # noqa: E402
from rawsql import rows as _rows  # noqa: E402

COUNTER_UPDATE = rawsql.counter_update()


def baseline(case_ids: list[int]) -> list[float]:
    """The same rows per claim, read back, inserted again under new keys (no checks)."""
    offset = max(case_ids) + 1_000_000
    plans = []
    for case_id in case_ids:
        case = _rows(Case, pk=case_id)[0]
        case.update(id=case["id"] + offset, number=case["number"] + offset)
        actions = [{**a, "case_id": case["id"]} for a in _rows(CaseAction, case_id=case_id)]
        detail = {**_rows(CompensationClaim, case_id=case_id)[0], "case_id": case["id"]}
        damages = [{**d, "claim_id": case["id"]} for d in _rows(DamageItem, claim_id=case_id)]
        audits = [
            {**a, "object_id": str(case["id"])} for a in _rows(AuditEvent, object_id=str(case_id))
        ]
        for row in [*actions, *damages, *audits]:
            row.pop("id")
        plans.append((case, actions, detail, damages, audits))
    counter = CaseCounter.objects.values_list("pk", flat=True).first()
    timings = []
    cpu = time.process_time()
    for case, actions, detail, damages, audits in plans:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(COUNTER_UPDATE, [counter])
            _insert(cursor, Case, case)
            for action in actions:
                _insert(cursor, CaseAction, action)
            _insert(cursor, CompensationClaim, detail)
            for damage in damages:
                _insert(cursor, DamageItem, damage)
            for audit in audits:
                _insert(cursor, AuditEvent, audit)
        timings.append(time.perf_counter() - started)
    CPU["baseline"] = time.process_time() - cpu
    return timings


def main() -> None:
    commune, officer, resolver = setup()
    ours_timings, case_ids = ours(commune, officer, resolver)
    rows = (
        CaseAction.objects.filter(case_id=case_ids[0]).count(),
        AuditEvent.objects.filter(object_id=str(case_ids[0])).count(),
    )
    base_timings = baseline(case_ids)
    assert Case.objects.filter(register="oversight.compensation").count() == 2 * CLAIMS
    opening, accepting, assigning = statements(commune, officer, resolver)
    ours_total, base_total = sum(ours_timings), sum(base_timings)
    print(
        f"state compensation: {CLAIMS} claims received, accepted, resolver assigned "
        f"({connection.vendor})"
    )
    print(f"  rows per claim: 1 case, {rows[0]} journal, 1 detail, 3 damage heads, {rows[1]} audit")
    print(
        f"  statements per claim: {opening + accepting + assigning} (receive {opening}, "
        f"accept {accepting}, assign {assigning})"
    )
    print(
        f"  ours (services):   {CLAIMS / ours_total:8.1f} claims/s, "
        f"median {statistics.median(ours_timings) * 1000:6.2f} ms/claim, "
        f"cpu {CPU['ours'] / CLAIMS * 1000:6.2f} ms/claim"
    )
    print(
        f"  baseline (raw SQL): {CLAIMS / base_total:7.1f} claims/s, "
        f"median {statistics.median(base_timings) * 1000:6.2f} ms/claim, "
        f"cpu {CPU['baseline'] / CLAIMS * 1000:6.2f} ms/claim"
    )
    print(f"  ratio ours/baseline throughput: {base_total / ours_total:.3f}")


if __name__ == "__main__":
    main()
