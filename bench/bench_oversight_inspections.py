"""Inspections decided, taken through the on-site work, the team's report and the conclusion,
and given their recommendations through the services, against the same rows inserted in raw SQL
in the same run.

Builds a throw-away SQLite database (a temporary directory; ``BENCH_DATABASE_URL`` for another,
e.g. PostgreSQL) with a province, its Department of Justice and an inspector.

1. **Ours**: ``BENCH_INSPECTIONS`` inspections decided with ``services.inspection_open`` (a team
   of three, one subject), the on-site work started and ended, the team's report and the
   conclusion recorded with ``services.inspection_step``, and two recommendations (money to
   recover, a disciplinary measure) added with ``services.recommendation_add`` — seven service
   calls, seven transactions per inspection, every check made, the clocks computed by the
   calendar engine.
2. **Baseline**: the very rows the services wrote for each inspection (case, journal, detail,
   team, recommendations, audit), read back and inserted again with plain ``INSERT``
   statements under new keys, one transaction per inspection: the cost of the writes alone,
   with no checks.

Prints the statements each kind of service call sends (one more inspection, after the timed
run), inspections per second, the median time per inspection and the ratio. Asserts nothing
about speed. Run: ``.venv/bin/python bench/bench_oversight_inspections.py``.
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
    "BENCH_DATABASE_URL", f"sqlite:///{_directory.name}/bench_inspections.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"

import django  # noqa: E402 - after the environment is set

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.accounts.tests import factories as account_factories  # noqa: E402
from tuphap.casework.models import Case, CaseAction, CaseCounter  # noqa: E402
from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.oversight.inspections import rules, services  # noqa: E402
from tuphap.oversight.inspections.models import Inspection, Recommendation, TeamMember  # noqa: E402
from tuphap.places.tests import factories as place_factories  # noqa: E402

INSPECTIONS = int(os.environ.get("BENCH_INSPECTIONS", "300"))
DECIDED = datetime.date(2026, 2, 10)
D = datetime.date
STEPS = (
    ("start_on_site", D(2026, 2, 24)),
    ("end_on_site", D(2026, 4, 3)),
    ("report", D(2026, 4, 15)),
    ("conclude", D(2026, 5, 8)),
)


def setup() -> Any:
    call_command("migrate", verbosity=0)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    doj = account_factories.agency("STP-40", "Sở Tư pháp Nghệ An", units=[province])
    return account_factories.user("thanhtra_bench", doj, Role.INSPECTOR)


def _data(index: int) -> services.InspectionData:
    return services.InspectionData(
        kind=rules.Kind.UNANNOUNCED,
        form=rules.Form.INSPECTION,
        title="Thanh tra việc chấp hành pháp luật về công chứng",
        decision_number=f"{index}/QĐ-STP",
        decision_date=DECIDED,
        issuer="Giám đốc Sở Tư pháp tỉnh Nghệ An",
        scope="Hoạt động công chứng năm 2025",
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
        subjects=[(f"Văn phòng công chứng số {index}", rules.SubjectKind.NOTARY)],
        team=[
            services.MemberData("Nguyễn Văn Trưởng", rules.MemberRole.HEAD),
            services.MemberData("Trần Văn Phó", rules.MemberRole.DEPUTY),
            services.MemberData("Lê Thị Thành Viên"),
        ],
    )


def _one(inspector: Any, index: int, counts: list[list[int]] | None = None) -> Inspection:
    """Decision → on-site → report → conclusion → recommendations; with ``counts`` the
    statements of each call are appended to it (decision, steps, recommendations)."""

    def call(kind: int, run: Any) -> Any:
        if counts is None:
            return run()
        with CaptureQueriesContext(connection) as captured:
            result = run()
        counts[kind].append(len(captured))
        return result

    inspection = call(0, lambda: services.inspection_open(actor=inspector, data=_data(index)))
    case = inspection.case
    for transition, on in STEPS:
        inspection = call(
            1,
            lambda transition=transition, on=on, case=case: services.inspection_step(
                actor=inspector,
                case=case,
                transition=transition,
                on=on,
                number=f"{index}/KL-STP" if transition == "conclude" else "",
                summary="Thu phí công chứng vượt mức quy định",
            ),
        )
        case = inspection.case
    for kind, text, amount in (
        (rules.RecommendationKind.MONEY, "Thu hồi phí công chứng thu vượt mức", 35_500_000),
        (rules.RecommendationKind.DISCIPLINE, "Kiểm điểm công chứng viên", 0),
    ):
        call(
            2,
            lambda kind=kind, text=text, amount=amount: services.recommendation_add(
                actor=inspector,
                case=case,
                kind=kind,
                text=text,
                amount=amount,
                due_on=D(2026, 8, 8),
            ),
        )
    return inspection


def ours(inspector: Any) -> tuple[list[float], list[int]]:
    timings, case_ids = [], []
    for index in range(INSPECTIONS):
        started = time.perf_counter()
        inspection = _one(inspector, index)
        timings.append(time.perf_counter() - started)
        case_ids.append(inspection.case_id)
    return timings, case_ids


def statements(inspector: Any) -> tuple[int, int, int]:
    """The statements (with BEGIN, SAVEPOINT and COMMIT) of the decision, of the four steps
    and of the two recommendations, for one inspection."""
    connection.queries_log.clear()  # a full log (DEBUG keeps 9,000) would count nothing
    counts: list[list[int]] = [[], [], []]
    _one(inspector, INSPECTIONS, counts)
    return sum(counts[0]), sum(counts[1]), sum(counts[2])


import rawsql  # noqa: E402 - after django.setup()
from rawsql import insert as _insert  # noqa: E402
from rawsql import rows as _rows  # noqa: E402

COUNTER_UPDATE = rawsql.counter_update()


def baseline(case_ids: list[int]) -> list[float]:
    """The same rows per inspection, read back, inserted again under new keys (no checks)."""
    offset = max(case_ids) + 1_000_000
    plans = []
    for case_id in case_ids:
        case = _rows(Case, pk=case_id)[0]
        case.update(id=case["id"] + offset, number=case["number"] + offset)
        actions = [{**a, "case_id": case["id"]} for a in _rows(CaseAction, case_id=case_id)]
        detail = {**_rows(Inspection, case_id=case_id)[0], "case_id": case["id"]}
        team = [
            {**m, "inspection_id": case["id"]} for m in _rows(TeamMember, inspection_id=case_id)
        ]
        advice = [
            {**r, "inspection_id": case["id"]} for r in _rows(Recommendation, inspection_id=case_id)
        ]
        audits = [
            {**a, "object_id": str(case["id"])} for a in _rows(AuditEvent, object_id=str(case_id))
        ]
        for row in [*actions, *team, *advice, *audits]:
            row.pop("id")
        plans.append((case, actions, detail, team, advice, audits))
    counter = CaseCounter.objects.values_list("pk", flat=True).first()
    timings = []
    for case, actions, detail, team, advice, audits in plans:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(COUNTER_UPDATE, [counter])
            _insert(cursor, Case, case)
            for action in actions:
                _insert(cursor, CaseAction, action)
            _insert(cursor, Inspection, detail)
            for member in team:
                _insert(cursor, TeamMember, member)
            for row in advice:
                _insert(cursor, Recommendation, row)
            for audit in audits:
                _insert(cursor, AuditEvent, audit)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    inspector = setup()
    ours_timings, case_ids = ours(inspector)
    first = str(case_ids[0])
    rows = (
        CaseAction.objects.filter(case_id=case_ids[0]).count(),
        AuditEvent.objects.filter(object_id=first).count(),
    )
    base_timings = baseline(case_ids)
    assert Case.objects.filter(register="oversight.inspection").count() == 2 * INSPECTIONS
    assert Recommendation.objects.count() == 4 * INSPECTIONS
    deciding, stepping, recommending = statements(inspector)
    ours_total, base_total = sum(ours_timings), sum(base_timings)
    print(
        f"inspections: {INSPECTIONS} decided, on site, reported, concluded, 2 recommendations "
        f"each ({connection.vendor})"
    )
    print(
        f"  rows per inspection: 1 case, {rows[0]} journal, 1 detail, 3 team members, "
        f"2 recommendations, {rows[1]} audit"
    )
    print(
        f"  statements per inspection: {deciding + stepping + recommending} (decision "
        f"{deciding}, 4 steps {stepping}, 2 recommendations {recommending})"
    )
    print(
        f"  ours (services):    {INSPECTIONS / ours_total:8.1f} inspections/s, "
        f"median {statistics.median(ours_timings) * 1000:6.2f} ms/inspection"
    )
    print(
        f"  baseline (raw SQL): {INSPECTIONS / base_total:8.1f} inspections/s, "
        f"median {statistics.median(base_timings) * 1000:6.2f} ms/inspection"
    )
    print(f"  ratio ours/baseline throughput: {base_total / ours_total:.3f}")


if __name__ == "__main__":
    main()
