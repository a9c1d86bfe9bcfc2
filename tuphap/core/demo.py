"""Demo data, contributed by each app.

An app that has demo data defines ``demo.py`` with functions decorated by ``@step(order)``;
``manage.py load_demo`` imports every app's ``demo`` module and runs the steps in order. Each
step is idempotent: run twice, it finds its data and does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Output(Protocol):
    def write(self, msg: str = "", /) -> None: ...


StepFunction = Callable[[Output, bool], None]  # (output, show_progress)


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    run: StepFunction


STEPS: list[Step] = []


def step(order: int) -> Callable[[StepFunction], StepFunction]:
    def register(function: StepFunction) -> StepFunction:
        name = f"{function.__module__}.{function.__name__}"
        if all(existing.name != name for existing in STEPS):
            STEPS.append(Step(order, name, function))
        return function

    return register


# Printed at the end of the demo so that people know how to sign in.
DEMO_PASSWORD = "tuphap-demo-2026"  # noqa: S105 - a published demo password, for demo data only
