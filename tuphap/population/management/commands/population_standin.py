"""Run the stand-in National Population Database (see docs/population-protocol.md)."""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.population import known, standin


def _rate(value: str) -> float:
    rate = float(value)
    if not 0 <= rate <= 1:
        raise ValueError(value)
    return rate


class Command(BaseCommand):
    help = "Run the stand-in population database server (HTTP/JSON, faults switchable)."
    # The stand-in is another system: it needs none of the project's checks, and starts faster
    # without them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765, help="0 picks a free port.")
        parser.add_argument("--latency-ms", type=int, default=0)
        parser.add_argument("--error-rate", type=_rate, default=0.0)
        parser.add_argument("--drop-rate", type=_rate, default=0.0)
        parser.add_argument("--drop-when", choices=standin.DROP_WHEN, default="random")
        parser.add_argument("--seed", type=int, default=None, help="Seed for the fault dice.")
        parser.add_argument("--data", default=None, help="SQLite file of the stand-in.")

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(options["data"]) if options["data"] else known.standin_data_path()
        if options["latency_ms"] < 0:
            raise CommandError("--latency-ms must not be negative.")
        faults = standin.Faults(
            latency_ms=options["latency_ms"],
            error_rate=options["error_rate"],
            drop_rate=options["drop_rate"],
            drop_when=options["drop_when"],
        )

        def stop(signum: int, frame: FrameType | None) -> None:
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)

        def ready(port: int) -> None:
            self.stdout.write(f"listening on http://{options['host']}:{port} data={data}")
            sys.stdout.flush()

        with contextlib.suppress(KeyboardInterrupt):
            standin.serve(
                host=options["host"],
                port=options["port"],
                data=data,
                faults=faults,
                seed=options["seed"],
                ready=ready,
            )
