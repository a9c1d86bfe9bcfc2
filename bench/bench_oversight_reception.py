"""Registering letters through the service, against the same rows inserted in raw SQL in the
same run.

Builds a throw-away SQLite database (a temporary directory; ``BENCH_DATABASE_URL`` for another,
e.g. PostgreSQL) with a province, its Department of Justice and an inspector.

1. **Ours**: ``LETTERS`` letters registered with ``services.letter_register`` — the checks, the
   duplicate search among the agency's letters of the past year (one in ten is a resend by the
   same sender and is linked), the book number, the senders, the action and the audit rows — one
   transaction per letter. The search grows with the book: the last letters are the slowest.
2. **Baseline**: the very rows the service wrote for each letter (letter, senders, actions,
   audit), read back and inserted again with plain ``INSERT`` statements under new keys, one
   transaction per letter with the counter's update: the cost of the writes alone.

Prints letters per second, the median and the 95th percentile per letter, and the ratio. Asserts
nothing about speed. Run: ``.venv/bin/python bench/bench_oversight_reception.py`` (``BENCH_LETTERS``
for the size).
"""

from __future__ import annotations

import datetime
import os
import random
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
    "BENCH_DATABASE_URL", f"sqlite:///{_directory.name}/bench_oversight_reception.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"

import django  # noqa: E402 - after the environment is set

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.accounts.tests import factories as account_factories  # noqa: E402
from tuphap.core.models import AuditEvent  # noqa: E402
from tuphap.oversight.reception import services  # noqa: E402
from tuphap.oversight.reception.models import (  # noqa: E402
    Letter,
    LetterAction,
    LetterCounter,
    LetterSender,
)
from tuphap.places.tests import factories as place_factories  # noqa: E402

LETTERS = int(os.environ.get("BENCH_LETTERS", "500"))
FIRST = datetime.date(2025, 12, 1)
TOPICS = (
    "Khiếu nại quyết định thu hồi đất và phương án bồi thường hỗ trợ tái định cư",
    "Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục cấp giấy chứng nhận",
    "Kiến nghị rút ngắn thời gian cấp phiếu lý lịch tư pháp cho người dân",
    "Phản ánh chậm chi trả chế độ trợ cấp xã hội hằng tháng cho người cao tuổi",
    "Khiếu nại quyết định cưỡng chế kê biên tài sản để thi hành án dân sự",
)


def setup() -> Any:
    call_command("migrate", verbosity=0)
    province = place_factories.province("40", "Tỉnh Nghệ An")
    doj = account_factories.agency("STP-40", "Sở Tư pháp Nghệ An", units=[province])
    return account_factories.user("thanhtra_bench", doj, Role.INSPECTOR)


def ours(inspector: Any) -> tuple[list[float], list[int]]:
    rng = random.Random(1)
    timings, ids = [], []
    sent: list[tuple[services.SenderData, str]] = []
    for index in range(LETTERS):
        day = FIRST + datetime.timedelta(days=index * 300 // LETTERS)
        if sent and index % 10 == 9:
            sender, content = rng.choice(sent)  # the same sender again: a duplicate
        else:
            sender = services.SenderData(
                full_name=f"Người gửi số {index}", pin=f"040{index:09d}", address="Nghệ An"
            )
            content = f"{rng.choice(TOPICS)}, hồ sơ {index} tại khối {rng.randint(1, 50)}"
            sent.append((sender, content))
        data = services.LetterData(
            received_on=day, channel="post", content=content, senders=(sender,)
        )
        started = time.perf_counter()
        letter = services.letter_register(actor=inspector, data=data)
        timings.append(time.perf_counter() - started)
        ids.append(letter.pk)
    return timings, ids


from rawsql import insert as _insert  # noqa: E402 - after django.setup()
from rawsql import rows as _rows  # noqa: E402

COUNTER_UPDATE = (
    f"UPDATE {LetterCounter._meta.db_table} SET last_number = last_number + 1 WHERE id = %s"
)


def baseline(ids: list[int]) -> list[float]:
    """The same rows per letter, read back, inserted again under new keys (no checks)."""
    offset = max(ids) + 1_000_000
    plans = []
    for letter_id in ids:
        letter = _rows(Letter, pk=letter_id)[0]
        letter.update(
            id=letter["id"] + offset, number=letter["number"] + offset, duplicate_of_id=None
        )
        senders = [
            {**s, "letter_id": letter["id"]} for s in _rows(LetterSender, letter_id=letter_id)
        ]
        actions = [
            {**a, "letter_id": letter["id"]} for a in _rows(LetterAction, letter_id=letter_id)
        ]
        audits = [
            {**a, "object_id": str(letter["id"])}
            for a in _rows(AuditEvent, object_type="oversight.letter", object_id=str(letter_id))
        ]
        for row in [*senders, *actions, *audits]:
            row.pop("id")
        plans.append((letter, senders, actions, audits))
    counter = LetterCounter.objects.values_list("pk", flat=True).first()
    timings = []
    for letter, senders, actions, audits in plans:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(COUNTER_UPDATE, [counter])
            _insert(cursor, Letter, letter)
            for model, rows in ((LetterSender, senders), (LetterAction, actions)):
                for row in rows:
                    _insert(cursor, model, row)
            for audit in audits:
                _insert(cursor, AuditEvent, audit)
        timings.append(time.perf_counter() - started)
    return timings


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    inspector = setup()
    ours_timings, ids = ours(inspector)
    duplicates = Letter.objects.filter(duplicate_of__isnull=False).count()
    base_timings = baseline(ids)
    assert Letter.objects.count() == 2 * LETTERS
    ours_total, base_total = sum(ours_timings), sum(base_timings)
    print(
        f"oversight reception: {LETTERS} letters registered, {duplicates} duplicates linked "
        f"({connection.vendor})"
    )
    print(
        f"  ours (services):    {LETTERS / ours_total:8.1f} letters/s, "
        f"median {statistics.median(ours_timings) * 1000:6.2f} ms, "
        f"p95 {_p95(ours_timings) * 1000:6.2f} ms"
    )
    print(
        f"  baseline (raw SQL): {LETTERS / base_total:8.1f} letters/s, "
        f"median {statistics.median(base_timings) * 1000:6.2f} ms, "
        f"p95 {_p95(base_timings) * 1000:6.2f} ms"
    )
    print(f"  ratio ours/baseline throughput: {base_total / ours_total:.3f}")


if __name__ == "__main__":
    main()
