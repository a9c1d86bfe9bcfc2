"""The check of bench/bench_durability.py (run by hand, not here), on a few rows: what counts
as found, lost, duplicated, half-written and a gap in a register book."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_durability.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_durability", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def birth(bench: ModuleType, key: str, number: int, **changes: int) -> object:
    values = {"audits": 1, "outboxes": 1, "book_id": 1, "first_number": 1}
    values.update(changes)
    return bench.BirthRow(
        registration_id=100 + number,
        key=key,
        commune_id=7,
        year=2026,
        entry_number=number,
        **values,
    )


def test_every_acknowledged_write_whole_and_once_passes(bench: ModuleType) -> None:
    rows = bench.Rows(
        births=[birth(bench, "b1", 1), birth(bench, "b2", 2), birth(bench, "b3", 3)],
        movements=[bench.MovementRow(9, "m1", case_id=4, audits=1)],
        answers={"b1": 201, "b2": 201, "m1": 201},
    )
    acks = [bench.Ack("birth", "b1", 101), bench.Ack("birth", "b2", 102)]
    acks.append(bench.Ack("movement", "m1", 4))

    verdict = bench.check(acks, rows)

    assert verdict.ok
    assert (verdict.acknowledged, verdict.found, verdict.unacknowledged) == (3, 3, 1)


def test_lost_duplicated_half_written_and_gaps_fail(bench: ModuleType) -> None:
    rows = bench.Rows(
        births=[
            birth(bench, "b1", 1),
            birth(bench, "b1", 2, sent_without_pin=True),  # the same key twice; no PIN
            birth(bench, "b3", 4, audits=0),  # no audit row, and number 3 is missing
        ],
        movements=[bench.MovementRow(9, "m1", case_id=4, audits=0)],
        orphans=["outbox row of registration 55, which does not exist"],
        answers={"b1": 201, "b3": 201},  # m1's answer was not stored
    )
    acks = [
        bench.Ack("birth", "b1", 101),
        bench.Ack("birth", "b2", 102),  # acknowledged, not there
        bench.Ack("birth", "b3", 999),  # there under another id
        bench.Ack("movement", "m1", 4),
    ]

    verdict = bench.check(acks, rows)

    assert not verdict.ok
    assert verdict.found == 2
    assert len(verdict.lost) == 2
    assert verdict.duplicated == ["b1: 2 writes"]
    # no stored answer for b2 and m1; b1's PIN; no audit row for b3 and m1; the orphan
    assert len(verdict.half_written) == 6
    assert verdict.gaps == ["book 1: numbers 1-2,4, from 1", "commune 7 2026: numbers 1-2,4"]


def test_a_second_book_continues_the_numbers(bench: ModuleType) -> None:
    births = [birth(bench, f"k{n}", n) for n in (1, 2)]
    births += [birth(bench, f"k{n}", n, book_id=2, first_number=3) for n in (3, 4)]

    assert bench.book_gaps(births) == []


def test_the_kill_plan_mixes_restarts_into_web_process_kills(bench: ModuleType) -> None:
    plan = bench.kill_plan(20, 90.0, random.Random(1))

    kinds = [kind for _moment, kind in plan]
    assert [kinds.count(kind) for kind in bench.KINDS] == [14, 2, 2, 2]
    moments = [moment for moment, _kind in plan]
    assert moments == sorted(moments)
    assert 1.0 <= moments[0] <= moments[-1] <= 88.0


def test_the_control_run_without_keys_expects_no_stored_answers(bench: ModuleType) -> None:
    rows = bench.Rows(births=[birth(bench, "b1", 1)])
    acks = [bench.Ack("birth", "b1", 101)]

    assert bench.check(acks, rows, keyed=False).ok
    assert bench.check(acks, rows).half_written == ["birth b1: no stored answer for its key"]
