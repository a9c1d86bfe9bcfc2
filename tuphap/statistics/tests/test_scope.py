"""The work a register's indicators share lives for one refresh (``statistics.scope``)."""

from __future__ import annotations

import datetime

from tuphap.statistics import scope

D = datetime.date


def test_a_cache_is_shared_within_a_refresh_and_dropped_after_it() -> None:
    # outside a refresh nothing is kept
    scope.cache("register")["pass"] = 1
    assert scope.cache("register") == {}
    with scope.refresh_scope():
        scope.cache("register")["pass"] = 1
        with scope.refresh_scope():  # a refresh inside another shares the outer one's
            assert scope.cache("register") == {"pass": 1}
        assert scope.cache("other") == {}
    assert scope.cache("register") == {}


def test_monthly_figures_load_once_per_window_within_a_refresh() -> None:
    loads: list[D] = []

    def load(until: D) -> list[int]:
        loads.append(until)
        return [1, 2]

    def compute(facts: list[int], first: D, last: D) -> tuple[int, int]:
        return sum(facts), last.day

    with scope.refresh_scope():
        months = scope.monthly("register", D(2026, 1, 1), D(2026, 2, 28), load, compute)
        again = scope.monthly("register", D(2026, 1, 1), D(2026, 2, 28), load, compute)
        scope.monthly("register", D(2025, 12, 1), D(2026, 2, 28), load, compute)
    assert months == again == {D(2026, 1, 1): (3, 31), D(2026, 2, 1): (3, 28)}
    assert loads == [D(2026, 2, 28), D(2026, 2, 28)]  # one per window
